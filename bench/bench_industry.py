"""Industry precision/recall on the reference corpus, the way shared/score.py counts.

Per document: the set of distinct normalised surface names (traditional documents give
traditional text through ``Cleaned.surface``), against the gold ``Industry`` list.
Runs the pattern component, the statistical NER, and both together.

usage: python bench/bench_industry.py [--shared DIR] [--verbose] [--only TEXT]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.text.clean import clean  # noqa: E402
from kg.text.script import to_simplified  # noqa: E402

__all__ = ["norm", "predict", "main"]

_PUNCT = re.compile(r"[\s\u3000,，、;；:：.。()（）\[\]【】“”\"'《》<>〈〉·\-—]+")
_PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*[)）]")


def norm(s: str) -> str:
    """The scorer's normalisation: simplified, no pinyin, no punctuation or spaces."""
    return _PUNCT.sub("", to_simplified(_PINYIN.sub("", s or "")))


def predict(text: str, mode: str) -> set[str]:
    """Normalised Industry names that ``mode`` finds in a document.

    ``patterns``: the pattern component; ``ner``: the statistical NER; ``both``: patterns plus the
    NER's spans that overlap none of them; ``both-filtered``: the same, keeping only NER spans that
    :func:`kg.nlp.industries.looks_like_industry` supports.
    """
    c = clean(text)
    spans = []
    if mode in ("patterns", "both", "both-filtered"):
        from kg.nlp.industries import find_industries

        spans += [(f.start, f.end) for f in find_industries(c.text)]
    if mode in ("ner", "both", "both-filtered"):
        from kg.nlp.industries import looks_like_industry
        from training.ner import load_ner, ner_spans  # needs `make ner-model`

        taken = list(spans)
        for s, e, label in ner_spans(load_ner(), c.text):
            if label != "Industry" or any(s < b and a < e for a, b in taken):
                continue
            if mode != "both-filtered" or looks_like_industry(c.text[s:e]):
                spans.append((s, e))
    return {n for s, e in spans if (n := norm(c.surface(s, e)))}


def _prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else float(ngold == 0)
    r = tp / ngold if ngold else float(npred == 0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> dict[str, list[int]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--modes", default="patterns,ner,both,both-filtered")
    ap.add_argument("--only", default="")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    totals = {}
    for mode in args.modes.split(","):
        tot, t0 = [0, 0, 0], time.perf_counter()
        print(f"== {mode}")
        for gf in sorted((shared / "gold").glob("*.gold.json")):
            if args.only not in gf.name:
                continue
            gold = json.loads(gf.read_text(encoding="utf-8"))
            g = {norm(x) for x in gold.get("entities", {}).get("Industry", [])}
            p = predict((shared / "corpus" / gold["document"]).read_text(encoding="utf-8"), mode)
            tp = len(g & p)
            tot = [tot[0] + tp, tot[1] + len(p), tot[2] + len(g)]
            pr, rc, f1 = _prf(tp, len(p), len(g))
            print(f"  {gold['document'][:32]:32s} P={pr:.3f} R={rc:.3f} F1={f1:.3f} (tp={tp} pred={len(p)} gold={len(g)})")
            if args.verbose:
                print(f"      missed={sorted(g - p)}\n      extra={sorted(p - g)}")
        pr, rc, f1 = _prf(*tot)
        print(f"  {'ALL':32s} P={pr:.3f} R={rc:.3f} F1={f1:.3f} (tp={tot[0]} pred={tot[1]} gold={tot[2]}) "
              f"[{time.perf_counter() - t0:.1f}s]")
        totals[mode] = tot
    return totals


if __name__ == "__main__":
    main()
