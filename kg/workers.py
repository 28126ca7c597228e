"""The extraction process pool, whose workers never outlive the ingest that started them.

A worker that survives its parent (after ``kill -9`` or ``SIGTERM`` of ``policykg
ingest``) holds a spaCy pipeline, a few hundred megabytes, for ever. Each worker
therefore asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on
Linux, through ctypes); elsewhere a daemon thread watches for the parent to go.
Workers ignore Ctrl-C: the terminal sends it to the whole process group, and the
parent, which owns the pool, ends the workers itself (:meth:`Pool.terminate`), so
that an interrupted ingest prints one line instead of a traceback per worker.

A pool whose worker is killed (the kernel's out-of-memory killer, a crash in C)
would wait for that worker's task for ever; :func:`ordered_results` notices the
death and raises :class:`WorkerLost` instead.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

__all__ = ["pool", "ordered_results", "WorkerLost", "die_with_parent"]

_PR_SET_PDEATHSIG = 1


def pool(jobs: int) -> multiprocessing.pool.Pool:
    """A pool of ``jobs`` worker processes that ignore Ctrl-C and die with this process."""
    return multiprocessing.get_context().Pool(jobs, initializer=_init_worker, initargs=(os.getpid(),))


class WorkerLost(RuntimeError):
    """A worker process died; ``done`` results had come back before."""

    def __init__(self, done: int) -> None:
        super().__init__("an extraction worker died (killed, out of memory?)")
        self.done = done


def ordered_results(jobs: int, func: Callable[[Any], Any], items: Sequence[Any], *, chunksize: int = 1) -> Iterator[Any]:
    """``func`` over ``items`` in a pool of ``jobs`` processes, in order; the pool is ended however this ends."""
    workers = pool(jobs)
    try:
        pids = _worker_pids()
        it = workers.imap(func, items, chunksize=chunksize)
        for done in range(len(items)):
            yield _next(it, pids, done)
        workers.close()
    finally:
        workers.terminate()  # at once on Ctrl-C or an error; after close() it only reaps
        workers.join()


def _worker_pids() -> set[int]:
    return {p.pid for p in multiprocessing.active_children() if "PoolWorker" in p.name}


def _next(it, pids: set[int], done: int) -> Any:
    while True:
        try:
            return it.next(timeout=1.0)
        except multiprocessing.TimeoutError:
            if not pids <= _worker_pids():  # a worker of this pool is gone, and with it a task
                raise WorkerLost(done) from None


def _init_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` (its parent) does, however the parent ends."""
    if sys.platform.startswith("linux") and _pdeathsig(signal.SIGKILL):
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), name="policykg-parent-watch", daemon=True).start()


def _pdeathsig(sig: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
