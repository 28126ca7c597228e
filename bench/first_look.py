"""Per-document, per-label scores against the reference annotations: the first-look table.

Run it on documents *before* anyone reads them or changes code for them::

    python -m bench.first_look --gold ../shared/gold --docs ../shared/corpus --only d19

That table, not the score on documents the rules were written against, is the
honest estimate of what a user's first document gets. ``bench/first_look.md`` keeps
the tables measured so far. Figures only; nothing is asserted. With ``--cmd`` the
documents are scored through a command (as ``../shared/score.py`` does), else in
process through :func:`kg.extract.evaluate.evaluate`.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
from pathlib import Path

from kg.extract.evaluate import evaluate

LABELS = ("lead", "responsible", "County", "Department", "Industry", "targets")


def _extractor(cmd: str):
    def run(path: str) -> dict:
        out = subprocess.run(shlex.split(cmd.replace("{file}", shlex.quote(path))), capture_output=True, text=True, check=True)
        return json.loads(out.stdout.splitlines()[0])

    return run


def table(gold: Path, docs: Path, *, only: str = "", cmd: str | None = None) -> str:
    """A Markdown table: one row per document (F1 per label, ``tp/pred/gold`` where nothing is predicted or expected), then the totals."""
    report = evaluate(gold, docs, only=only, extractor=_extractor(cmd) if cmd else None)
    head = "| document | " + " | ".join(LABELS) + " |\n|---|" + "---|" * len(LABELS)
    rows = [head]
    for name, scores in sorted(report.per_document.items()):
        rows.append(f"| {name} | " + " | ".join(_cell(scores.get(k)) for k in LABELS) + " |")
    rows.append("| **all** | " + " | ".join(_cell(report.scores[k]) for k in LABELS) + " |")
    rows.append(f"\nunit relations on documents that assign none: {report.relations_without_tasks}")
    if report.errors:
        rows.append("errors: " + "; ".join(report.errors))
    return "\n".join(rows)


def _cell(score) -> str:
    if score is None or (score.gold == 0 and score.pred == 0):
        return "–"
    return f"{score.f1:.2f} ({score.tp}/{score.pred}/{score.gold})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=Path("../shared/gold"))
    ap.add_argument("--docs", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--only", default="", help="score only gold files whose name contains this")
    ap.add_argument("--cmd", help="score through a command, e.g. 'policykg extract {file} --format json'")
    args = ap.parse_args()
    print(table(args.gold, args.docs, only=args.only, cmd=args.cmd))


if __name__ == "__main__":
    main()
