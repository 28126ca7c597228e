"""The national-corpus rows of ``make bench``: the peer ratio, an ingest on Dask, the graph per document, the sizing.

* **Peer ratio**: policykg's extraction against jieba's part-of-speech tagging
  (``jieba.posseg``, the usual first tool for Chinese policy text) on the same
  documents in the same run, both on one core, loading excluded. jieba only segments
  and tags; policykg segments, finds units, tasks and targets, so the ratio says
  what the whole extraction costs against a bare tagger.
* **Dask**: ``policykg ingest --scheduler local:N`` of the benchmark corpus into a
  fresh embedded store, a whole process (the cluster's start included), and the
  unchanged corpus sent again (which writes nothing).
* **Sizing**: the national corpus (about 2,800 county-level divisions, a few
  documents a year, a decade: some 10^5 documents, 10^9 to 10^10 characters) in
  core-hours at the measured extraction throughput and in nodes and relationships
  at the measured ones per document (:func:`sizing`).

Run alone: ``python -m bench.bench_scale [--docs N] [--workers N]``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

NATIONAL_DOCUMENTS = 100_000
NATIONAL_CHARACTERS = (1e9, 1e10)


@dataclass
class Peer:
    """Seconds of policykg extraction and of jieba's tagging over the same ``chars`` characters."""

    docs: int
    chars: int
    policykg: float
    jieba: float

    @property
    def ratio(self) -> float:
        """How many times jieba's time policykg's extraction takes (below 1: policykg is faster)."""
        return self.policykg / self.jieba


def _jieba_tagger():
    """jieba's ``posseg.lcut``, its dictionary loaded (not timed) and its start-up lines silenced."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba.posseg.lcut("初始化")
    return jieba.posseg.lcut


def peer(docs: Sequence) -> Peer:
    """Time :func:`kg.extract.document.extract` and ``jieba.posseg.lcut`` on the same documents, alternating per document.

    Alternating keeps a change in the machine's load from favouring one side.
    """
    from kg.extract.document import extract

    tag = _jieba_tagger()
    extract(docs[0])  # load the pipeline before timing
    ours = theirs = 0.0
    for d in docs:
        t = time.perf_counter()
        extract(d)
        ours += time.perf_counter() - t
        t = time.perf_counter()
        tag(d.text)
        theirs += time.perf_counter() - t
    return Peer(len(docs), sum(len(d.text) for d in docs), ours, theirs)


def peer_row(p: Peer, peak_mb: float) -> str:
    return (f"| peer: policykg extract vs jieba posseg, same {p.docs} docs, 1 process | {p.policykg:.1f} s vs {p.jieba:.1f} s | "
            f"{p.chars / p.policykg:,.0f} vs {p.chars / p.jieba:,.0f} chars/s; ratio {p.ratio:.2f}x jieba's time | {peak_mb:.0f} MB |")


def graph_size(store: str | Path) -> tuple[int, int, int]:
    """``(documents, nodes, relationships)`` of an embedded store, from ``policykg stats``' own counts."""
    from kg.loaders.networkx_store import NetworkXStore

    with NetworkXStore(store) as st:
        counts = st.counts()
    return counts["nodes"].get("Document", 0), sum(counts["nodes"].values()), sum(counts["relationships"].values())


def sizing(chars_per_second: float, chars_per_doc: float, nodes_per_doc: float, rels_per_doc: float) -> list[dict[str, float]]:
    """The national corpus at the measured rates: one row per corpus size.

    The first row is 10^5 documents of the benchmark's mean length; the others are
    10^5 documents totalling 10^9 and 10^10 characters, whose nodes and relationships
    scale with their length (tasks and targets grow with the text; units and
    divisions are shared, so those rows err high).

    >>> [round(r["core_hours"], 1) for r in sizing(50_000, 20_000, 160, 640)]
    [11.1, 5.6, 55.6]
    >>> [int(r["nodes"]) for r in sizing(50_000, 20_000, 160, 640)]
    [16000000, 8000000, 80000000]
    """
    rows = []
    for chars in (NATIONAL_DOCUMENTS * chars_per_doc, *NATIONAL_CHARACTERS):
        scale = chars / (NATIONAL_DOCUMENTS * chars_per_doc)
        rows.append({"documents": NATIONAL_DOCUMENTS, "characters": chars, "core_hours": chars / chars_per_second / 3600,
                     "nodes": NATIONAL_DOCUMENTS * nodes_per_doc * scale, "relationships": NATIONAL_DOCUMENTS * rels_per_doc * scale})
    return rows


def _short(x: float) -> str:
    """``2.0e9`` as ``2.0×10^9``: the table's scale at a glance."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa}×10^{int(exponent)}"


def sizing_rows(chars_per_second: float, chars_per_doc: float, nodes_per_doc: float, rels_per_doc: float) -> list[str]:
    out = []
    for r in sizing(chars_per_second, chars_per_doc, nodes_per_doc, rels_per_doc):
        out.append(f"| sizing: {_short(r['documents'])} docs, {_short(r['characters'])} chars | "
                   f"{r['core_hours']:,.1f} core-hours | {_short(r['nodes'])} nodes, {_short(r['relationships'])} relationships | |")
    return out


def dask_ingest(policykg: list[str], corpus: Path, store: Path, workers: int, measured) -> list[str]:
    """Rows for an ingest through a LocalCluster of ``workers`` processes, then the unchanged corpus again."""
    shutil.rmtree(store, ignore_errors=True)
    cmd = [*policykg, "ingest", str(corpus), "--store", str(store), "--backend", "networkx", "--scheduler", f"local:{workers}", "-q"]
    chars = sum(len(p.read_text("utf-8")) for p in corpus.rglob("*.txt"))
    docs = sum(1 for _ in corpus.rglob("*.txt"))
    first, peak = measured(cmd)
    again, peak2 = measured(cmd)
    return [f"| ingest on Dask, LocalCluster of {workers} workers, embedded store | {first:.1f} s | "
            f"{chars / first:,.0f} chars/s, {docs / first:.1f} docs/s (cluster start included) | {peak:.0f} MB |",
            f"| re-ingest on Dask, unchanged | {again:.1f} s | {100 * again / first:.1f}% of the first; nothing sent | {peak2:.0f} MB |"]


def main(argv: list[str] | None = None) -> None:
    from bench.__main__ import _measured, _peak_mb
    from bench.corpus import generate
    from kg.read import read

    ap = argparse.ArgumentParser(prog="python -m bench.bench_scale", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="policykg-scale-"))
    try:
        paths = generate(work / "corpus", n_docs=args.docs)
        docs = [read(p) for p in paths]
        print("| stage | wall | throughput | peak RSS |\n|---|---|---|---|")
        p = peer(docs)
        print(peer_row(p, _peak_mb()), flush=True)
        exe = Path(sys.executable).with_name("policykg")
        for row in dask_ingest([str(exe)], work / "corpus", work / "store", args.workers, _measured):
            print(row, flush=True)
        n_docs, nodes, rels = graph_size(work / "store")
        print(f"| graph per document | | {nodes / n_docs:,.1f} nodes, {rels / n_docs:,.1f} relationships | |")
        for row in sizing_rows(p.chars / p.policykg, p.chars / p.docs, nodes / n_docs, rels / n_docs):
            print(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
