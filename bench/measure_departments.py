"""Department precision/recall of the department component against the reference gold.

Scores like the reference scorer (shared/score.py): per document, the set of distinct
normalised names found against the gold set. Only the ``policykg_departments``
component is measured (no slots, no statistical NER), on the matching view.

usage: python -m bench.measure_departments [--shared DIR] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

from kg.text.clean import clean
from kg.nlp.departments import find_departments
from kg.text.script import to_simplified

__all__ = ["main", "norm"]

ROOT = Path(__file__).resolve().parents[1]
_PUNCT = re.compile(r"[\s\u3000,，、;；:：.。()（）\[\]【】“”\"'《》<>〈〉·\-—]+")
_PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*[)）]")


def norm(s: str) -> str:
    """The reference scorer's normalisation."""
    return _PUNCT.sub("", to_simplified(_PINYIN.sub("", s or "")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("POLICYKG_SHARED", str(ROOT.parent / "shared")))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    tp = npred = ngold = 0
    rows = []
    for gf in sorted((shared / "gold").glob("*.gold.json")):
        gold = json.loads(gf.read_text("utf-8"))
        c = clean((shared / "corpus" / gold["document"]).read_text("utf-8"))
        pred = {norm(c.surface(f.start, f.end)) for f in find_departments(c.text)}
        g = {norm(x) for x in gold.get("entities", {}).get("Department", [])}
        tp += len(g & pred)
        npred += len(pred)
        ngold += len(g)
        rows.append((gold["document"], len(g & pred), len(pred), len(g), sorted(g - pred), sorted(pred - g)))
    for doc, t, p, g, missed, extra in sorted(rows, key=lambda r: (r[1] - r[2] - r[3])):
        print(f"{doc:45s} tp={t:3d} pred={p:3d} gold={g:3d}")
        if args.verbose:
            print(f"    missed={missed}\n    extra={extra}")
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"Department P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp} pred={npred} gold={ngold})")


if __name__ == "__main__":
    main()
