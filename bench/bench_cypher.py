"""Speed of Cypher on the embedded store: analysts' queries on a graph of N synthetic documents.

Builds the graph of ``--docs`` synthetic fragments (:func:`bench.bench_load.synthetic_fragments`:
shared counties, departments and industries, each document with its own 20-40 tasks)
in memory, then runs each query ``--repeat`` times through
:func:`kg.loaders.networkx_cypher.run_cypher` and prints the best wall time and the
number of rows. With ``--grand-cypher`` it also times grand-cypher (when installed)
on the same queries, for comparison. It prints figures and asserts nothing.

    python -m bench.bench_cypher --docs 1000
"""
from __future__ import annotations

import argparse
import platform
import time

import networkx as nx

from bench.bench_load import synthetic_fragments
from kg.graph.model import replace_document
from kg.loaders.networkx_cypher import run_cypher

__all__ = ["QUERIES", "main"]

QUERIES = [
    ("count of one label", "MATCH (t:Task) RETURN count(t) AS n"),
    ("leads per unit, top 10", "MATCH (d:Department)-[:LEADS]->(t:Task) RETURN d.name AS unit, count(t) AS tasks ORDER BY tasks DESC LIMIT 10"),
    ("one unit's tasks", "MATCH (d:Department {name: '鄂城区财政局'})-[:LEADS]->(t:Task) RETURN t.name AS task"),
    ("filter on a property", "MATCH (t:Task) WHERE t.name CONTAINS '光电子' AND t.deadline STARTS WITH '2025' RETURN count(*) AS n"),
    ("lead and partner pairs (2 hops)", "MATCH (a:Department)-[:LEADS]->(t:Task)<-[:RESPONSIBLE_FOR]-(b:Department) WHERE a.name < b.name RETURN count(*) AS n"),
    ("partners of one unit (var. length)", "MATCH (d:Department {name: '鄂城区财政局'})-[:LEADS|RESPONSIBLE_FOR*2..2]-(e:Department) WHERE d <> e RETURN DISTINCT e.name AS partner"),
    ("targets by year", "MATCH (x)-[:HAS_TARGET]->(g:Target) RETURN g.year AS year, count(g) AS n, sum(g.value) AS total ORDER BY year"),
]


def _graph(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for frag in synthetic_fragments(n):
        replace_document(g, frag)
    return g


def _best(fn, repeat: int) -> tuple[float, int | str]:
    """The best of ``repeat`` runs, and the number of rows (or the error's name)."""
    best, rows = float("inf"), 0
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
        rows = out if isinstance(out, str) else len(out)
    return best, rows


def _grand_cypher(graph: nx.MultiDiGraph):
    """A grand-cypher runner over the same graph, or None where it is not installed."""
    try:
        from grandcypher import GrandCypher
    except ImportError:
        return None
    g = nx.MultiDiGraph()
    g.add_nodes_from((n, {**d, "__labels__": {d.get("label")}}) for n, d in graph.nodes(data=True))
    g.add_edges_from((u, v, k, {**d, "__labels__": {d.get("type")}}) for u, v, k, d in graph.edges(keys=True, data=True))

    def run(cypher: str) -> list | str:
        text = cypher.replace("'", '"').replace("count(", "COUNT(").replace("sum(", "SUM(")
        try:
            cols = GrandCypher(g).run(text)
        except Exception as e:  # noqa: BLE001 - figures only
            return f"error ({type(e).__name__})"
        return list(zip(*cols.values()))

    return run


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--grand-cypher", action="store_true", help="also time grand-cypher where it is installed")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    g = _graph(args.docs)
    print(f"{args.docs} documents: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} relationships "
          f"(built in {time.perf_counter() - t:.1f} s; Python {platform.python_version()}, {platform.machine()})")
    gc = _grand_cypher(g) if args.grand_cypher else None
    print("| query | embedded | rows |" + (" grand-cypher | its rows |" if gc else ""))
    print("|---|---|---|" + ("---|---|" if gc else ""))
    for name, cypher in QUERIES:
        secs, rows = _best(lambda: run_cypher(g, cypher), args.repeat)
        line = f"| {name} | {secs:.2f} s | {rows} |"
        if gc:
            gsecs, grows = _best(lambda: gc(cypher), 1)
            line += f" {gsecs:.2f} s | {grows} |"
        print(line)


if __name__ == "__main__":
    main()
