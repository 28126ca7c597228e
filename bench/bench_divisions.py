"""Speed of the division matcher: the reference corpus, and one long line without punctuation.

Prints characters per second; the long-line rows show whether time grows linearly with
length (a quadratic matcher's rate would halve each time the length doubles).

    .venv/bin/python bench/bench_divisions.py [SHARED_DIR]
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from kg.text.clean import clean
from kg.nlp.gazetteer import find_divisions, gazetteer

ROOT = Path(__file__).resolve().parents[1]


def _rate(text: str, repeat: int = 3) -> tuple[float, int]:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        n = len(find_divisions(text, all_occurrences=True))
        best = min(best, time.perf_counter() - t)
    return len(text) / best, n


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    t = time.perf_counter()
    gazetteer()
    print(f"gazetteer build: {time.perf_counter() - t:.2f} s")
    views = [clean(p.read_text(encoding="utf-8")).text for p in sorted((shared / "corpus").glob("*.txt"))]
    if views:
        corpus = "\n".join(views)
        rate, n = _rate(corpus)
        print(f"corpus: {len(corpus):,} chars, {n} occurrences, {rate:,.0f} chars/s")
    han = re.sub(r"[^\u4e00-\u9fff]", "", "".join(views)) or "汉川市大冶鄂城区发展新材料产业" * 100
    for size in (25_000, 50_000, 100_000, 200_000):
        line = (han * (size // len(han) + 1))[:size]
        rate, n = _rate(line)
        print(f"one line without punctuation, {size:>7,} chars: {n:>5} occurrences, {rate:,.0f} chars/s")


if __name__ == "__main__":
    main()
