"""The scale benchmark: ``python -m bench [--docs N] [--jobs J] [--large-docs N] [--bolt]`` (``make bench``).

Builds a synthetic corpus (bench/corpus.py), then prints, per stage, wall time,
throughput and peak memory: reading, extraction (one process and all cores), ingest
into the embedded store, re-ingest of the unchanged corpus, ingest over Bolt
(FalkorDB started on loopback, with --bolt), `policykg leads` / `policykg stats`
as cold processes, a cold `policykg extract` of a small file against a bare
`import spacy` (bench/bench_coldstart.py), adding 3 short documents to a store of
1,600 documents against an empty store (bench/bench_incremental.py), cold ``policykg leads``
on a synthetic store of ``--leads-docs`` documents with the disk cache dropped (bench/bench_leads.py); the peer ratio
(extraction against jieba's tagging on the same documents), an ingest on a Dask
LocalCluster, a store of ``--large-docs`` documents (10,000: its ingest and a cold
leads on it), the graph per document and the national corpus's sizing
(bench/bench_scale.py). Figures only;
nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from bench.corpus import generate


def _peak_mb() -> float:
    """This process's peak RSS so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(stage: str, seconds: float, work: str, peak: float) -> str:
    return f"| {stage} | {seconds:.1f} s | {work} | {peak:.0f} MB |"


def _tree_rss_mb(root: int) -> float:
    """Peak resident memory so far (VmHWM) of ``root`` and its descendants, summed, from /proc (Linux), in MB."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        kids = [c for c, pp in parents.items() if pp == pid and c not in tree]
        tree.update(kids)
        todo.extend(kids)
    kb = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    kb += int(line.split()[1])
        except OSError:
            continue
    return kb / 1024


def _measured(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Wall time of a command run as a fresh process, and its peak memory in MB (its output to ``stdout``).

    The peak is the process tree's summed peak RSS (VmHWM), sampled every 50 ms,
    so an ingest's worker processes count with its main process (pages they share
    count twice: the figure errs high). ``ru_maxrss`` of the child would not do: it
    keeps the size of the forked parent from before the child's exec.
    """
    peak = [0.0]
    with tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err, text=True)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status = os.waitpid(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read().strip()[-500:]}")
    return wall, peak[0]


def policykg_command() -> list[str]:
    """How to start ``policykg`` as a fresh process (the virtualenv's script, else the module)."""
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def large_store(policykg: list[str], work: Path, n_docs: int, jobs: int) -> list[str]:
    """Rows for a store of ``n_docs`` documents: the ingest (wall, peak of the process tree, size) and a cold leads on it."""
    corpus, store = work / f"corpus-{n_docs}", work / f"store-{n_docs}"
    shutil.rmtree(store, ignore_errors=True)
    paths = generate(corpus, n_docs=n_docs)
    chars = sum(len(p.read_text("utf-8")) for p in paths)
    wall, peak = _measured([*policykg, "ingest", str(corpus), "--store", str(store), "--backend", "networkx", "--jobs", str(jobs)])
    size = sum(p.stat().st_size for p in store.glob("store.sqlite*")) / 1e6
    rows = [_row(f"ingest, {n_docs:,} documents, {jobs} processes", wall,
                 f"{chars:,} chars, {chars / wall:,.0f} chars/s, {n_docs / wall:.1f} docs/s; store.sqlite {size:,.0f} MB", peak)]
    from bench.corpus import counties

    # One county's unit (the question a user asks), and 财政局 of every county (all the store's tasks, a 70 MB answer).
    from bench.bench_leads import drop_caches

    for department in (f"{counties()[0]}财政局", "财政局"):
        cache = "disk cache dropped" if drop_caches() else "disk cache warm"
        dt, peak = _measured([*policykg, "leads", "--department", department, "--format", "json",
                              "--store", str(store), "--backend", "networkx"])
        rows.append(_row(f"`policykg leads --department {department}` on {n_docs:,} documents, cold process, {cache}", dt, "", peak))
    shutil.rmtree(corpus, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--bolt", action="store_true", help="also load into a FalkorDB Bolt server started on loopback")
    ap.add_argument("--coldstart-runs", type=int, default=7, help="runs of the cold-start comparison (medians)")
    ap.add_argument("--store-docs", type=int, default=1600, help="documents in the store that 3 short ones are added to")
    ap.add_argument("--incremental-runs", type=int, default=5, help="alternating runs of the adding figures (medians)")
    ap.add_argument("--leads-docs", type=int, default=10_000,
                    help="documents in the synthetic store asked cold leads questions (bench/bench_leads.py; 0: skip)")
    ap.add_argument("--leads-runs", type=int, default=5, help="alternating runs of the cold leads figures (medians and minima)")
    ap.add_argument("--large-docs", type=int, default=10_000,
                    help="also ingest a corpus of this many documents and ask a cold leads of it (0: skip; about 15 minutes on 2 cores)")
    ap.add_argument("--keep", help="keep the corpus and stores in this folder")
    args = ap.parse_args(argv)

    work = Path(args.keep or tempfile.mkdtemp(prefix="policykg-bench-"))
    corpus, store = work / "corpus", work / "store"
    shutil.rmtree(store, ignore_errors=True)
    paths = generate(corpus, n_docs=args.docs)
    chars = sum(len(p.read_text("utf-8")) for p in paths)
    print(f"policykg benchmark, {date.today()}, {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"corpus: {len(paths)} documents, {chars:,} characters\n")
    print("| stage | wall | throughput | peak RSS |\n|---|---|---|---|")

    from kg.read import read

    t = time.perf_counter()
    docs = [read(p) for p in paths]
    dt = time.perf_counter() - t
    print(_row("read", dt, f"{chars / dt:,.0f} chars/s", _peak_mb()), flush=True)

    from kg.extract.document import extract

    sample = docs[: max(1, len(docs) // 10)]
    sample_chars = sum(len(d.text) for d in sample)
    extract(sample[0])  # load models before timing
    t = time.perf_counter()
    for d in sample:
        extract(d)
    dt = time.perf_counter() - t
    print(_row(f"extract, 1 process ({len(sample)} docs)", dt, f"{sample_chars / dt:,.0f} chars/s", _peak_mb()), flush=True)
    from bench import bench_scale

    peer = bench_scale.peer(sample)
    print(bench_scale.peer_row(peer, _peak_mb()), flush=True)
    del docs

    policykg = policykg_command()
    ingest = [*policykg, "ingest", str(corpus), "--store", str(store), "--backend", "networkx"]
    first, peak = _measured([*ingest, "--jobs", str(args.jobs)])
    size = sum(p.stat().st_size for p in store.glob("store.sqlite*")) / 1e6
    print(_row(f"ingest, embedded store, {args.jobs} processes", first,
               f"{chars / first:,.0f} chars/s, {len(paths) / first:.1f} docs/s; store.sqlite {size:.0f} MB", peak), flush=True)

    dt, peak = _measured(ingest)
    print(_row("re-ingest, unchanged", dt, f"{100 * dt / first:.1f}% of the first ingest", peak), flush=True)
    for row in bench_scale.dask_ingest(policykg, corpus, work / "store-dask", args.jobs, _measured):
        print(row, flush=True)

    for name, cmd in (("leads --department 财政局", ["leads", "--department", "财政局", "--format", "json"]),
                      ("stats", ["stats", "--format", "json"])):
        dt, peak = _measured([*policykg, *cmd, "--store", str(store), "--backend", "networkx"])
        print(_row(f"`policykg {name}`, cold process", dt, "", peak), flush=True)

    from bench import bench_coldstart

    for row in bench_coldstart.rows(bench_coldstart.measure(runs=args.coldstart_runs), args.coldstart_runs):
        print(row, flush=True)

    from bench import bench_incremental

    for row in bench_incremental.rows(bench_incremental.measure(work / "incremental", args.store_docs, args.incremental_runs)):
        print(row, flush=True)

    if args.leads_docs:
        from bench import bench_leads

        for row in bench_leads.rows(bench_leads.measure(work / "leads", args.leads_docs, args.leads_runs)):
            print(row, flush=True)

    if args.large_docs:
        for row in large_store(policykg, work, args.large_docs, args.jobs):
            print(row, flush=True)

    if args.bolt:
        from bench.bench_load import bolt_ingest

        dt, counts = bolt_ingest(store)
        print(_row("load into Bolt server (FalkorDB)", dt, counts, _peak_mb()), flush=True)
    n_docs, nodes, rels = bench_scale.graph_size(store)
    print(f"| graph per document | | {nodes / n_docs:,.1f} nodes, {rels / n_docs:,.1f} relationships | |")
    for row in bench_scale.sizing_rows(peer.chars / peer.policykg, chars / len(paths), nodes / n_docs, rels / n_docs):
        print(row, flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
