"""The embedded store grows by the document: adding a few documents to a big store against an empty one.

Builds a store of ``--store-docs`` documents (synthetic fragments, :func:`bench.bench_load.synthetic_fragments`,
written the way an ingest writes them: batches of 200), then times whole processes,
alternately:

* ``policykg ingest`` of 3 short documents into a copy of the big store, and into an
  empty store (the copies are made before each run, outside the timing); the
  figure is the ratio of the medians (goal: at most 1.5x);
* ``policykg leads --department 财政局`` and ``policykg stats`` on the big store (cold processes).

It prints figures and asserts nothing.

    python -m bench.bench_incremental --store-docs 1600 --runs 5
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench.scratch import print_table

__all__ = ["build_store", "short_documents", "measure", "rows", "main"]


def _store_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("store.sqlite*")) / 1e6


def build_store(folder: Path, n: int) -> tuple[float, float]:
    """A store of ``n`` synthetic documents in ``folder``; seconds to write it and its size in MB."""
    from bench.bench_load import synthetic_fragments
    from kg.loaders.networkx_store import NetworkXStore

    frags = synthetic_fragments(n)
    with NetworkXStore(folder) as st:
        t = time.perf_counter()
        for i in range(0, n, 200):
            st.replace_documents(frags[i:i + 200])
        took = time.perf_counter() - t
    return took, _store_mb(folder)


def short_documents(folder: Path) -> list[Path]:
    """Three short task lists (a dozen tasks each) of the benchmark's corpus generator."""
    from bench.corpus import generate

    return generate(folder, n_docs=3, seed=11, tasks_per_doc=(10, 14))


def measure(work: Path, store_docs: int, runs: int) -> dict[str, object]:
    """The figures (see the module docstring), as medians over ``runs`` alternating runs."""
    from bench.__main__ import _measured, policykg_command

    cmd = policykg_command()
    big = work / "big"
    if not (big / "store.sqlite").exists():
        built, size = build_store(big, store_docs)
    else:
        built, size = float("nan"), _store_mb(big)
    docs = short_documents(work / "short")
    times: dict[str, list[float]] = {"empty": [], "big": []}
    for _ in range(runs):
        for kind in ("empty", "big"):
            target = work / f"target-{kind}"
            shutil.rmtree(target, ignore_errors=True)
            if kind == "big":
                shutil.copytree(big, target)
            wall, _ = _measured([*cmd, "ingest", str(work / "short"), "--store", str(target), "--backend", "networkx", "-q", "-j", "1"])
            times[kind].append(wall)
    leads, stats = [], []
    peak_leads = 0.0
    for _ in range(runs):
        wall, peak = _measured([*cmd, "leads", "--department", "财政局", "--format", "json", "--store", str(big), "--backend", "networkx"])
        leads.append(wall)
        peak_leads = max(peak_leads, peak)
        stats.append(_measured([*cmd, "stats", "--format", "json", "--store", str(big), "--backend", "networkx"])[0])
    empty, full = statistics.median(times["empty"]), statistics.median(times["big"])
    return {"store_docs": store_docs, "built": built, "size": size, "docs": len(docs), "empty": empty, "big": full,
            "ratio": full / empty, "leads": statistics.median(leads), "leads_peak": peak_leads, "stats": statistics.median(stats),
            "runs": runs}


def rows(m: dict[str, object]) -> list[str]:
    """Table rows in ``python -m bench``'s format."""
    n = m["store_docs"]
    return [
        f"| embedded store of {n:,} synthetic documents, written in batches of 200 | {m['built']:.1f} s | store.sqlite {m['size']:.0f} MB |  |",
        f"| ingest {m['docs']} short documents into an empty store (median of {m['runs']}) | {m['empty']:.2f} s |  |  |",
        f"| ingest the same {m['docs']} into the store of {n:,} (median of {m['runs']}) | {m['big']:.2f} s | {m['ratio']:.2f}x the empty store's |  |",
        f"| `policykg leads --department 财政局` on the store of {n:,}, cold process (median) | {m['leads']:.2f} s |  | {m['leads_peak']:.0f} MB |",
        f"| `policykg stats` on the store of {n:,}, cold process (median) | {m['stats']:.2f} s |  |  |",
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_incremental", description=__doc__.splitlines()[0])
    ap.add_argument("--store-docs", type=int, default=1600, help="documents in the big store (default 1600)")
    ap.add_argument("--runs", type=int, default=5, help="alternating runs per figure (medians; default 5)")
    ap.add_argument("--keep", help="keep the stores in this folder (a big store already there is reused)")
    args = ap.parse_args(argv)
    print_table(lambda work: rows(measure(work, args.store_docs, args.runs)), keep=args.keep, prefix="policykg-incremental-")


if __name__ == "__main__":
    sys.exit(main())
