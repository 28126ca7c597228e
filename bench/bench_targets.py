"""Targets counted and scored per year against the reference annotations.

    python -m bench.bench_targets --gold ../shared/gold --docs ../shared/corpus [--only d1]

A target matches a gold one as ``policykg eval`` matches them (value, unit, text;
goals only); per year, a match counts only where the years agree too. Two readings
of the predicted year: *as stored* (the clause's year, else the plan's horizon), and
*clause or goals section* (the clause's year, or the horizon for a target in the plan's goals
section; a horizon inherited elsewhere read as no year, the way the annotations mostly
write a target whose text names none). Figures only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from kg.extract.evaluate import _same_value, titles_match


def _pairs(pred: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching in document order, as :func:`kg.extract.evaluate._match_targets` does."""
    used: set[int] = set()
    out = []
    for p in pred:
        hit = next((i for i, g in enumerate(gold) if i not in used and _same_value(p, g) and titles_match(p.get("text") or "", g.get("text") or "")), None)
        if hit is not None:
            used.add(hit)
            out.append((p, gold[hit]))
    return out


def _clause_year(p: dict):
    return p.get("year") if p.get("year_from") in ("clause", "goals") else None


def measure(gold_dir: Path, docs_dir: Path, *, only: str = "") -> dict[str, dict]:
    """Per reading and year: tp, pred, gold."""
    from kg.extract.document import extract_path

    tallies = {"as stored": {"tp": Counter(), "pred": Counter(), "gold": Counter()},
               "clause or goals section": {"tp": Counter(), "pred": Counter(), "gold": Counter()}}
    for gf in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gf.read_text("utf-8"))
        if only not in gf.name or not gold.get("targets"):
            continue
        result = extract_path(str(docs_dir / gold["document"])).to_json()
        pred = [e for e in result["entities"] if e["label"] == "Target" and e.get("kind", "goal") == "goal"]
        pairs = _pairs(pred, gold["targets"])
        for reading, year_of in (("as stored", lambda p: p.get("year")), ("clause or goals section", _clause_year)):
            t = tallies[reading]
            t["pred"].update(year_of(p) for p in pred)
            t["gold"].update(g.get("year") for g in gold["targets"])
            t["tp"].update(year_of(p) for p, g in pairs if year_of(p) == g.get("year"))
    return tallies


def _f(tp: int, pred: int, gold: int) -> str:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.3f} | {r:.3f} | {f:.3f}"


def table(tallies: dict[str, dict]) -> str:
    lines = []
    for reading, t in tallies.items():
        lines += [f"\n{reading}:", "| year | predicted | gold | matched | P | R | F1 |", "|---|---|---|---|---|---|---|"]
        years = sorted(set(t["pred"]) | set(t["gold"]), key=lambda y: (y is None, y or 0))
        for y in years:
            lines.append(f"| {y or 'none'} | {t['pred'][y]} | {t['gold'][y]} | {t['tp'][y]} | {_f(t['tp'][y], t['pred'][y], t['gold'][y])} |")
        tp, pred, gold = (sum(t[k].values()) for k in ("tp", "pred", "gold"))
        lines.append(f"| all (year must agree) | {pred} | {gold} | {tp} | {_f(tp, pred, gold)} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("--only", default="", help="only gold files whose name contains this")
    args = ap.parse_args()
    print(table(measure(args.gold, args.docs, only=args.only)))


if __name__ == "__main__":
    main()
