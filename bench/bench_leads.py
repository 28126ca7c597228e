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

    python -m bench.bench_leads --store-docs 10000 --runs 5
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


def measure(work: Path, store_docs: int, runs: int) -> dict[str, object]:
    """Medians and minima over ``runs`` alternating cold runs (see the module docstring)."""
    from bench.__main__ import policykg_command
    from bench.bench_incremental import build_store

    store = work / f"store-{store_docs}"
    built = float("nan")
    if not (store / "store.sqlite").exists():
        built, _ = build_store(store, store_docs)
    county = "义乌市财政局"  # one of bench.bench_load's 8 counties
    cmd = policykg_command()
    questions = {
        "version": [*cmd, "--version"],
        "county": [*cmd, "leads", "--department", county, "-f", "json", "--store", str(store), "--backend", "networkx"],
        "all": [*cmd, "leads", "--department", "财政局", "-f", "json", "--store", str(store), "--backend", "networkx"],
    }
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


def rows(m: dict[str, object]) -> list[str]:
    """Table rows in ``python -m bench``'s format (stage | wall | figure | peak RSS)."""
    n, cache = m["store_docs"], "disk cache dropped" if m["cold"] else "disk cache warm"
    out = [f"| synthetic store of {n:,} documents for the cold questions | {m['built']:.1f} s | store.sqlite {m['size']:,.0f} MB |  |"]
    for key, what in (("version", "`policykg --version`"),
                      ("county", f"`policykg leads --department {m['county']} -f json` on the {n:,}"),
                      ("all", f"`policykg leads --department 财政局 -f json` on the {n:,} (every county's)")):
        answer = f"; a {m[f'{key}_bytes'] / 1e6:,.1f} MB answer" if key != "version" else ""
        out.append(f"| {what}, cold process, {cache} (median of {m['runs']}) | {m[f'{key}_median']:.2f} s | "
                   f"min {m[f'{key}_min']:.2f} s{answer} | {m[f'{key}_peak']:.0f} MB |")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_leads", description=__doc__.splitlines()[0])
    ap.add_argument("--store-docs", type=int, default=10_000, help="documents in the store (default 10000)")
    ap.add_argument("--runs", type=int, default=5, help="alternating runs per figure (default 5)")
    ap.add_argument("--keep", help="keep the store in this folder (a store already there is reused)")
    args = ap.parse_args(argv)
    print_table(lambda work: rows(measure(work, args.store_docs, args.runs)), keep=args.keep, prefix="policykg-leads-")


if __name__ == "__main__":
    sys.exit(main())
