"""``make test-stress``: the store, CLI and Bolt tests, five times over, under CPU load.

Flaky tests hide on an idle machine: a race that loses one time in ten on two idle
cores loses far more often when every core is busy. This runs the tests that start
processes, servers and locks (:data:`TESTS`) ``--rounds`` times while one busy loop
per core competes with them, and fails unless every round passes. The busy loops
die with this process (:func:`kg.workers.die_with_parent`), however it ends.

A run started in the background by a script (``make test-stress &``) inherits an
ignored SIGINT, and so would every process of its rounds, the ingest that the
Ctrl-C test interrupts among them: the rounds get SIGINT's default back.

Each round has its own pytest temporary folder; a failed round's folder is kept
(its path is printed), with the logs of the Bolt servers it started, and a passed
round's folder is removed.

    python -m tests.stress [--rounds N] [pytest arguments ...]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ["tests/test_stores.py", "tests/test_cli_store.py", "tests/test_ingest_reliability.py", "tests/test_atomic.py"]


def _busy(parent: int) -> None:
    from kg.workers import die_with_parent

    die_with_parent(parent)
    while True:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args, pytest_args = parser.parse_known_args(argv)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # a handled signal is back to its default after exec
        signal.signal(signal.SIGINT, signal.default_int_handler)
    load = [multiprocessing.Process(target=_busy, args=(os.getpid(),), daemon=True) for _ in range(os.cpu_count() or 1)]
    for p in load:
        p.start()
    passed = 0
    folder = Path(tempfile.mkdtemp(prefix="policykg-stress-"))
    try:
        for n in range(1, args.rounds + 1):
            started = time.monotonic()
            basetemp = folder / f"round-{n}"
            code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(basetemp),
                                    *TESTS, *pytest_args], cwd=ROOT)
            passed += code == 0
            print(f"stress round {n}/{args.rounds}: {'passed' if code == 0 else 'FAILED'} in {time.monotonic() - started:.0f} s "
                  f"under {len(load)} busy loops", flush=True)
            if code == 0:
                shutil.rmtree(basetemp, ignore_errors=True)
            else:
                print(f"stress round {n}: its temporary files, the Bolt servers' logs among them, are kept in {basetemp}", flush=True)
    finally:
        for p in load:
            p.kill()
        if not any(folder.iterdir()):
            folder.rmdir()
    print(f"stress: {passed} of {args.rounds} rounds passed")
    return 0 if passed == args.rounds else 1


if __name__ == "__main__":
    sys.exit(main())
