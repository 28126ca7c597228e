"""Extraction on Dask workers, for a corpus that outgrows one machine.

``policykg ingest --scheduler tcp://HOST:8786`` (an existing Dask cluster) or
``--scheduler local[:N]`` (a :class:`dask.distributed.LocalCluster` of N worker
processes on this machine) sends each document's read + extract + fragment
(:func:`kg.ingest._work`) to the workers; the ingest writes the fragments that come
back through the store's own interface (:meth:`kg.loaders.base.Store.replace_documents`),
batch by batch, exactly as a local ingest does. So everything else is the same:
documents whose content hash is already in the store are not sent (re-ingesting an
unchanged corpus writes nothing), each saved batch stays saved when a later one
fails (a second run goes on where the first stopped), and results are applied in
input order, so the store equals that of a plain ingest whatever worker finishes
first.

At most :data:`WINDOW_PER_THREAD` documents per worker thread are in flight (the
window follows the cluster's size as workers join or leave), so
neither the workers nor this process hold more than a window of fragments. A
document whose task fails on the workers (its worker died, a library error that
escaped the extraction) gets one error line; the others still load. The workers
read the files at the paths given, so on a real cluster the corpus must be on a
file system they share with the machine that runs the ingest.

Dask is an optional dependency (``pip install 'policykg[dask]'``); it is imported
only when a scheduler is asked for, never by the query or view commands.
"""
from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["SchedulerError", "Scheduler", "parse_scheduler", "connect", "results", "on_cluster", "WINDOW_PER_THREAD"]

WINDOW_PER_THREAD = 4
CONNECT_SECONDS = 10.0

Result = tuple[str, Any, "str | None"]  # (path, fragment or None, one-line error or None)


class SchedulerError(Exception):
    """A scheduler address that is malformed or does not answer. ``str()`` is the one line users see."""


@dataclass(frozen=True)
class Scheduler:
    """Where extraction runs: ``address`` of a running scheduler, or ``workers`` of a local cluster."""

    address: str | None = None
    workers: int | None = None

    def __str__(self) -> str:
        return self.address or f"local:{self.workers}"


_LOCAL = re.compile(r"local(?::(\d+))?")
_REMOTE = re.compile(r"(?:(tcp|tls)://)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})")


def parse_scheduler(spec: str) -> Scheduler:
    """``local``, ``local:N``, ``tcp://HOST:PORT``, ``tls://HOST:PORT`` or ``HOST:PORT``; anything else is a :class:`SchedulerError`.

    >>> parse_scheduler("local:2")
    Scheduler(address=None, workers=2)
    >>> parse_scheduler("tcp://10.0.0.5:8786")
    Scheduler(address='tcp://10.0.0.5:8786', workers=None)
    >>> parse_scheduler("dask.example.org")
    Traceback (most recent call last):
    kg.distributed.SchedulerError: bad scheduler 'dask.example.org': give tcp://HOST:PORT, tls://HOST:PORT or local[:N]
    """
    spec = spec.strip()
    if m := _LOCAL.fullmatch(spec):
        n = int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)
        if n < 1:
            raise SchedulerError(f"bad scheduler {spec!r}: a local cluster needs at least 1 worker")
        return Scheduler(workers=n)
    if (m := _REMOTE.fullmatch(spec)) and 0 < int(m.group(3)) < 65536:
        return Scheduler(address=f"{m.group(1) or 'tcp'}://{m.group(2)}:{m.group(3)}")
    raise SchedulerError(f"bad scheduler {spec!r}: give tcp://HOST:PORT, tls://HOST:PORT or local[:N]")


def _import_dask():
    try:
        import distributed
    except ImportError:
        raise SchedulerError("--scheduler needs Dask: pip install 'policykg[dask]'") from None
    return distributed


@contextmanager
def connect(scheduler: Scheduler | str, *, processes: bool = True) -> Iterator[Any]:
    """A :class:`distributed.Client` for ``scheduler``, closed (and a local cluster ended) on exit.

    A local cluster runs ``workers`` single-threaded processes (``processes=False``:
    threads of this process), on loopback, without a dashboard and with the scheduler's
    HTTP server on a free port (not 8787, which another cluster may hold). A remote scheduler that
    does not answer within :data:`CONNECT_SECONDS` is a :class:`SchedulerError`.
    """
    sch = parse_scheduler(scheduler) if isinstance(scheduler, str) else scheduler
    distributed = _import_dask()
    import logging

    if sch.workers is not None:
        with distributed.LocalCluster(n_workers=sch.workers, threads_per_worker=1, processes=processes,
                                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                      silence_logs=logging.ERROR) as cluster:
            with distributed.Client(cluster) as client:
                yield client
        return
    try:
        client = distributed.Client(sch.address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as e:
        raise SchedulerError(f"cannot reach the Dask scheduler at {sch.address}: {type(e).__name__}: {e}") from None
    with client:
        yield client


def _threads(client: Any) -> int:
    """Worker threads of the cluster now (at least 1, so a cluster still starting gets work queued)."""
    return max(1, sum(client.nthreads().values()))


def _outcome(path: str, future: Any) -> Result:
    """A future's result, or the document's one error line when its task failed on the workers."""
    try:
        return future.result()
    except Exception as e:  # a lost worker (KilledWorker), an unpicklable result: this document only
        return path, None, f"{path}: not extracted on the Dask workers: {type(e).__name__}: {e}"


def results(client: Any, paths: Sequence[str], work: Callable[[str], Result]) -> Iterator[Result]:
    """``work(path)`` for each path on the cluster, yielded in input order, with a bounded window in flight.

    Each task is its own (``pure=False``: the same path twice is two tasks). Closing
    the iterator cancels what is still in flight.
    """
    todo = iter(paths)
    flight: deque[tuple[str, Any]] = deque()

    def top_up() -> None:
        """Fill the window; it follows the cluster's size, so workers that join (or leave) count at once."""
        room = WINDOW_PER_THREAD * _threads(client) - len(flight)
        for path in (p for _, p in zip(range(max(1, room)), todo)):
            flight.append((path, client.submit(work, path, pure=False)))

    top_up()
    try:
        while flight:
            path, future = flight.popleft()
            out = _outcome(path, future)
            future.release()
            top_up()
            yield out
    finally:
        client.cancel([f for _, f in flight])


def on_cluster(scheduler: Any, paths: Sequence[str], work: Callable[[str], Result]) -> Iterator[Result]:
    """:func:`results` on ``scheduler``: a connected client, or an address connected to here and closed after."""
    if not isinstance(scheduler, (str, Scheduler)):
        yield from results(scheduler, paths, work)
        return
    with connect(scheduler) as client:
        yield from results(client, paths, work)
