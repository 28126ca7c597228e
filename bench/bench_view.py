"""Views: how long :func:`kg.questions.view.render` takes per layout on a synthetic graph of several places.

Each place is one document with tasks led by a bureau and shared with units of its
own, so ``clusters`` gets one patch per place and ``hierarchy`` tall unit columns
to wrap. Prints the median wall time of a render per layout and size. Figures only;
nothing is asserted.

    .venv/bin/python -m bench.bench_view [--runs N] [--places P] [--tasks T] [--units U]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.graph.model import fragment, replace_document
from kg.graph.records import Entity, Extraction, Relation
from kg.questions.view import LAYOUTS, render


def _place(i: int, tasks: int, units: int) -> Extraction:
    """One place's task list: ``tasks`` tasks, a lead bureau, ``units`` co-units on each."""
    where = f"某省某市第{i}县"
    ents = [Entity("lead", "Department", f"第{i}县发展和改革局", f"第{i}县发展和改革局", 0, 1, {})]
    rels = []
    for t in range(tasks):
        ents.append(Entity(f"t{t}", "Task", f"任务{i}-{t}", f"任务{i}-{t}", 0, 1, {"key": f"p{i}#{t}"}))
        rels += [Relation("LEADS", "lead", f"t{t}", evidence="牵头"), Relation("PART_OF", f"t{t}", "document", evidence="")]
        for u in range(units):
            ents.append(Entity(f"u{t}_{u}", "Department", f"第{i}县单位{t}-{u}", f"第{i}县单位{t}-{u}", 0, 1, {}))
            rels.append(Relation("RESPONSIBLE_FOR", f"u{t}_{u}", f"t{t}", evidence="责任"))
    return Extraction(path=f"place{i}.txt", title=f"第{i}县任务分工", jurisdiction=where, script="simplified",
                      entities=ents, relations=rels)


def graph(places: int, tasks: int, units: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(places):
        replace_document(g, fragment(_place(i, tasks, units)))
    return g


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--places", type=int, default=4)
    ap.add_argument("--tasks", type=int, default=12)
    ap.add_argument("--units", type=int, default=7)
    args = ap.parse_args(argv)
    g = graph(args.places, args.tasks, args.units)
    print(f"| layout | nodes drawn | median render ({args.runs} runs) |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for layout in LAYOUTS:
            times, drawn = [], 0
            for _ in range(args.runs):
                t = time.perf_counter()
                drawn = render(g, Path(tmp) / "v.html", layout=layout).nodes
                times.append(time.perf_counter() - t)
            print(f"| {layout} | {drawn} | {statistics.median(times):.2f} s |")


if __name__ == "__main__":
    main()
