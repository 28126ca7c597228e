"""Cold questions on a big embedded store: ``policykg leads --department`` as a whole new process.

Builds a store of ``--store-docs`` synthetic documents (:func:`bench.bench_incremental.build_store`:
8 counties, 16 units, so one county's 财政局 holds about an eighth of the store's tasks
and 财政局 alone matches every county's), then times, alternately, whole processes of

* ``policykg --version`` (what starting any ``policykg`` process costs),
* ``policykg leads --department <one county>财政局 -f json`` and ``--department 财政局 -f json``,

each with the disk cache dropped before it (``/proc/sys/vm/drop_caches``, where this
process may write it: root on Linux; elsewhere the runs are warm and the rows say so).
It prints the median and the minimum of each, the answer's size and the peak memory.
Figures only; nothing is asserted.

``--store DIR`` asks the same of a store already there (say an ingest of the benchmark
corpus, ``python -m bench --large-docs``) instead of building one, ``--department NAME``
names the unit of the one-unit question (one of the store's), and ``--no-all`` leaves out
the question for 财政局 of every county (on a store of the benchmark corpus, every task).

    python -m bench.bench_leads --store-docs 10000 --runs 5
    python -m bench.bench_leads --store STORE --department 丁青县财政局 --no-all --runs 7
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scratch import print_table

__all__ = ["measure", "rows", "main"]

_DROP = Path("/proc/sys/vm/drop_caches")


def drop_caches() -> bool:
    """Drop the page cache (written back first); False where this process may not."""
    try:
        os.sync()
        _DROP.write_text("3\n")
        return True
    except OSError:
        return False


def _run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and bytes written to standard output of one fresh process."""
    from bench.__main__ import _measured

    with tempfile.TemporaryFile() as out:
        wall, peak = _measured(cmd, stdout=out)
        size = out.seek(0, os.SEEK_END)
    return wall, peak, size


def measure(work: Path, store_docs: int, runs: int, *, store: Path | None = None, department: str | None = None,
            every: bool = True) -> dict[str, object]:
    """Medians and minima over ``runs`` alternating cold runs (see the module docstring).

    ``store``: ask an existing store (nothing is built; ``store_docs`` then counts its documents);
    ``department``: the unit of the one-unit question; ``every``: ask for every county's 财政局 too.
    """
    from bench.__main__ import policykg_command

    built = float("nan")
    if store is None:
        from bench.bench_incremental import build_store

        store = work / f"store-{store_docs}"
        if not (store / "store.sqlite").exists():
            built, _ = build_store(store, store_docs)
    else:
        store_docs = _documents(store)
    county = department or "义乌市财政局"  # one of bench.bench_load's 8 counties
    cmd = policykg_command()
    questions = {
        "version": [*cmd, "--version"],
        "county": [*cmd, "leads", "--department", county, "-f", "json", "--store", str(store), "--backend", "networkx"],
    }
    if every:
        questions["all"] = [*cmd, "leads", "--department", "财政局", "-f", "json", "--store", str(store), "--backend", "networkx"]
    times: dict[str, list[float]] = {k: [] for k in questions}
    peaks: dict[str, float] = {k: 0.0 for k in questions}
    sizes: dict[str, int] = {}
    cold = True
    for _ in range(runs):
        for name, q in questions.items():
            cold = drop_caches() and cold
            wall, peak, size = _run(q)
            times[name].append(wall)
            peaks[name] = max(peaks[name], peak)
            sizes[name] = size
    size_mb = sum(p.stat().st_size for p in store.glob("store.sqlite*")) / 1e6
    return {"store_docs": store_docs, "built": built, "size": size_mb, "county": county, "cold": cold, "runs": runs,
            **{f"{k}_median": statistics.median(v) for k, v in times.items()},
            **{f"{k}_min": min(v) for k, v in times.items()},
            **{f"{k}_peak": v for k, v in peaks.items()}, **{f"{k}_bytes": v for k, v in sizes.items()}}


def _documents(store: Path) -> int:
    """The number of documents in the store at ``store`` (read-only)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(f"file:{store / 'store.sqlite'}?mode=ro", uri=True)) as db:
        return db.execute("SELECT count(*) FROM documents").fetchone()[0]


def rows(m: dict[str, object]) -> list[str]:
    """Table rows in ``python -m bench``'s format (stage | wall | figure | peak RSS)."""
    n, cache = m["store_docs"], "disk cache dropped" if m["cold"] else "disk cache warm"
    built = m["built"] == m["built"]  # nan: a store given, not built
    what, wall = ("synthetic store", f"{m['built']:.1f} s") if built else ("store", "")
    out = [f"| {what} of {n:,} documents for the cold questions | {wall} | store.sqlite {m['size']:,.0f} MB |  |"]
    for key, what in (("version", "`policykg --version`"),
                      ("county", f"`policykg leads --department {m['county']} -f json` on the {n:,}"),
                      ("all", f"`policykg leads --department 财政局 -f json` on the {n:,} (every county's)")):
        if f"{key}_median" not in m:
            continue
        size = m[f"{key}_bytes"]
        answer = "" if key == "version" else f"; a {size / 1e6:,.1f} MB answer" if size >= 1e6 else f"; a {size / 1e3:,.0f} KB answer"
        out.append(f"| {what}, cold process, {cache} (median of {m['runs']}) | {m[f'{key}_median']:.2f} s | "
                   f"min {m[f'{key}_min']:.2f} s{answer} | {m[f'{key}_peak']:.0f} MB |")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_leads", description=__doc__.splitlines()[0])
    ap.add_argument("--store-docs", type=int, default=10_000, help="documents in the store (default 10000)")
    ap.add_argument("--runs", type=int, default=5, help="alternating runs per figure (default 5)")
    ap.add_argument("--keep", help="keep the store in this folder (a store already there is reused)")
    ap.add_argument("--store", type=Path, help="ask this existing store instead of building one")
    ap.add_argument("--department", help="the unit of the one-unit question (default 义乌市财政局, one of the synthetic store's)")
    ap.add_argument("--no-all", dest="every", action="store_false", help="leave out the question for every county's 财政局")
    args = ap.parse_args(argv)
    if args.store is not None and not (args.store / "store.sqlite").is_file():
        ap.error(f"no store at {args.store}")
    print_table(lambda work: rows(measure(work, args.store_docs, args.runs, store=args.store, department=args.department,
                                          every=args.every)), keep=args.keep, prefix="policykg-leads-")


if __name__ == "__main__":
    sys.exit(main())
