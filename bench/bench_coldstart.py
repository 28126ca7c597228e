"""Cold start: a whole ``policykg extract`` process of a small file against a bare ``import spacy``.

Runs, alternately so that both see the same load on the machine, ``python -c "import
spacy"`` and ``policykg extract FILE`` with the compiled-object cache (kg.compiled)
warm and with it empty, and prints the median wall time of each and the ratio of
extract (cache warm) to the spaCy import. Figures only; nothing is asserted.

    .venv/bin/python -m bench.bench_coldstart [--runs N] [FILE]
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

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "xishui_2024_tasks.txt"


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one fresh process running ``cmd`` (which must succeed)."""
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def measure(doc: Path = SAMPLE, runs: int = 7) -> dict[str, float]:
    """Median seconds of the spaCy import and of extract with the cache warm and empty, and the ratio."""
    with tempfile.TemporaryDirectory(prefix="policykg-cache-") as tmp:
        warm_env = {**os.environ, "POLICYKG_CACHE": str(Path(tmp) / "warm")}
        extract = [*_policykg(), "extract", str(doc), "--format", "json"]
        _wall(extract, warm_env)  # fills the warm cache
        times: dict[str, list[float]] = {"spacy": [], "warm": [], "empty": []}
        for n in range(runs):
            empty_env = {**os.environ, "POLICYKG_CACHE": str(Path(tmp) / f"empty{n}")}
            times["spacy"].append(_wall([sys.executable, "-c", "import spacy"], os.environ.copy()))
            times["warm"].append(_wall(extract, warm_env))
            times["empty"].append(_wall(extract, empty_env))
    out = {k: statistics.median(v) for k, v in times.items()}
    out["ratio"] = out["warm"] / out["spacy"]
    return out


def rows(m: dict[str, float], runs: int) -> list[str]:
    """Table rows (stage | wall | throughput | peak RSS) for ``python -m bench``."""
    return [
        f"| `python -c \"import spacy\"`, median of {runs} | {m['spacy']:.2f} s |  |  |",
        f"| `policykg extract` of a 3 KB file, cold process, cache warm | {m['warm']:.2f} s | "
        f"{m['ratio']:.2f}x the spaCy import |  |",
        f"| `policykg extract`, cold process, cache empty | {m['empty']:.2f} s | "
        f"{m['empty'] / m['spacy']:.2f}x the spaCy import |  |",
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_coldstart", description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=SAMPLE)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    m = measure(args.file, args.runs)
    print(f"cold start, {args.file.name} ({args.file.stat().st_size:,} bytes), medians of {args.runs} runs")
    print(f"python -c 'import spacy'          {m['spacy']:.2f} s")
    print(f"policykg extract, cache warm      {m['warm']:.2f} s")
    print(f"policykg extract, cache empty     {m['empty']:.2f} s")
    print(f"ratio extract (warm) / import     {m['ratio']:.2f}")


if __name__ == "__main__":
    main()
