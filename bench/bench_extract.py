"""Extraction speed on real documents: end to end per core, peak memory, and where the time goes.

Reads every document of a folder (default: the reference corpus beside the project,
else the project's own examples), extracts each ``--repeat`` times in one process,
and prints characters per second end to end (reading included, by the wall clock and
per CPU second) and the process's peak RSS; then the share of each stage: reading, cleaning, the spaCy tokenizer
and each pipeline component, document structure and tasks, and the rest of
:func:`kg.extract.document.extract` (targets, resolution, assembly). Figures only.

    python -m bench.bench_extract [--docs DIR] [--repeat 3]
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _default_docs() -> Path:
    shared = ROOT.parent / "shared" / "corpus"
    return shared if shared.is_dir() else ROOT / "examples"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_extract", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=Path, default=None, help="folder of documents (default: the reference corpus, else examples/)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    folder = args.docs or _default_docs()
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".htm", ".docx", ".pdf"))

    from kg.text.clean import clean
    from kg.extract.document import extract
    from kg.nlp.pipeline import load_nlp
    from kg.read import read
    from kg.text.structure import parse
    from kg.extract.tasks import find_tasks

    t = time.perf_counter()
    nlp = load_nlp()
    load = time.perf_counter() - t
    extract(read(paths[0]))  # warm every lazy table before timing

    stages: dict[str, float] = defaultdict(float)
    chars = 0
    t0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for p in paths:
            t = time.perf_counter()
            doc = read(p)
            stages["read"] += time.perf_counter() - t
            t = time.perf_counter()
            extract(doc)
            stages["extract (all)"] += time.perf_counter() - t
            chars += len(doc.text)
    total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # the parts of extract, timed on their own over the same documents
    for _ in range(args.repeat):
        for p in paths:
            doc = read(p)
            t = time.perf_counter()
            view = clean(doc.text).text
            stages["clean"] += time.perf_counter() - t
            t = time.perf_counter()
            sdoc = nlp.make_doc(view)
            stages["nlp: tokenizer"] += time.perf_counter() - t
            for name, proc in nlp.pipeline:
                t = time.perf_counter()
                sdoc = proc(sdoc)
                stages[f"nlp: {name}"] += time.perf_counter() - t
            t = time.perf_counter()
            find_tasks(view, parse(view))
            stages["structure and tasks"] += time.perf_counter() - t

    print(f"{len(paths)} documents from {folder.name}/, {chars // args.repeat:,} characters, x{args.repeat}")
    print(f"pipeline load {load:.2f} s; end to end {chars / total:,.0f} chars/s in one process (one core); peak RSS {peak:.0f} MB")
    # CPU time, not wall time, compares two builds on a machine that other work shares
    print(f"CPU {cpu:.2f} s: {chars / cpu:,.0f} chars per CPU second")
    parts = {k: v for k, v in stages.items() if k not in ("extract (all)",)}
    rest = stages["extract (all)"] - sum(v for k, v in parts.items() if k != "read")
    parts["the rest of extract (targets, resolution, assembly)"] = max(rest, 0.0)
    print("\n| stage | seconds | share |\n|---|---|---|")
    for name, sec in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {sec:.2f} | {100 * sec / total:.0f}% |")


if __name__ == "__main__":
    sys.exit(main())
