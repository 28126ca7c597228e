"""The extraction process pool, whose workers never outlive the ingest that started them.

A worker that survives its parent (after ``kill -9`` or ``SIGTERM`` of ``policykg
ingest``) holds a spaCy pipeline, a few hundred megabytes, for ever. Each worker
therefore asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on
Linux, through ctypes); elsewhere a daemon thread watches for the parent to go.
Workers ignore Ctrl-C: the terminal sends it to the whole process group, and the
parent, which owns the pool, ends the workers itself, so that an interrupted
ingest prints one line instead of a traceback per worker, and at once instead of
after the documents in progress.

The pool is :class:`concurrent.futures.ProcessPoolExecutor`, which notices a
worker that dies under it (the kernel's out-of-memory killer, a crash in C) and
fails the outstanding work with ``BrokenProcessPool``; :func:`ordered_results`
turns that into :class:`WorkerLost`. (``multiprocessing.Pool`` would wait for the
dead worker's task for ever, and can deadlock in ``terminate()`` when the worker
died holding its task queue's lock.)
"""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

__all__ = ["ordered_results", "WorkerLost", "die_with_parent"]

_PR_SET_PDEATHSIG = 1


class WorkerLost(RuntimeError):
    """A worker process died; ``done`` results had come back before."""

    def __init__(self, done: int) -> None:
        super().__init__("an extraction worker died (killed, out of memory?)")
        self.done = done


def ordered_results(jobs: int, func: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
    """``func`` over ``items`` in ``jobs`` worker processes, in order; the workers end however this ends.

    Raises :class:`WorkerLost` if a worker dies; the results before it have been yielded.
    """
    before = {p.pid for p in multiprocessing.active_children()}
    pool, done, finished = None, 0, False
    try:
        with _sigint_deferred():  # the pool forks its workers here; a Ctrl-C meanwhile is raised after, in this try
            pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(), initializer=_init_worker, initargs=(os.getpid(),))
            futures = deque(pool.submit(func, item) for item in items)
        try:
            while futures:  # each future is dropped once its result is yielded: results are not all kept to the end
                yield _result(futures.popleft())
                done += 1
        except BrokenProcessPool:
            raise WorkerLost(done) from None
        finished = True
    finally:
        if not finished:  # Ctrl-C, an error, a dead worker: the others stop now, not after their document
            for p in multiprocessing.active_children():
                if p.pid not in before:
                    p.kill()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Ctrl-C held back until the block ends, then handled as usual.

    Forking runs hooks in the parent (logging releases its lock after a fork); a
    KeyboardInterrupt raised inside one is printed and dropped, not raised, and leaves
    logging's lock held, so the pool's result thread blocks on it for ever and the
    ingest hangs instead of ending. While the workers are forked, SIGINT's handler only
    notes the signal (masking it would not do: another thread, such as a progress bar's,
    may take a process-wide signal); the usual handler gets it once the forks are done.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        if callable(previous):
            previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt


def _result(future: Future) -> Any:
    """The future's result, waking every quarter second.

    Ctrl-C's signal may be delivered to one of the pool's helper threads; Python
    then handles it only when the main thread runs again, so the main thread must
    not sleep in one long wait.
    """
    while True:
        try:
            return future.result(timeout=0.25)
        except TimeoutError:
            continue


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
