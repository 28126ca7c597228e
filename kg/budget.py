"""A time budget per document: a pathological document becomes a one-line error, not a hang.

Extraction is linear in the size of the text, but a document built to be slow
(or a bug on one odd input) must not keep the other documents of an ingest from
being stored. :func:`time_budget` arms a real-time timer (``SIGALRM``) around the
work on one document; when it fires, the work is abandoned with
:class:`DocumentTimeout`, which is a :class:`~kg.read.document.ReadError`, so it is
reported like any unreadable document.

The timer interrupts Python code (the extraction, python-docx, pdfminer), not a
single long call into C; the readers' input limits bound those. It is only armed
in the main thread (where signals are delivered) and restores any timer the
caller had set.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kg.read.document import ReadError

__all__ = ["DocumentTimeout", "time_budget", "DOCUMENT_SECONDS"]

DOCUMENT_SECONDS = 300.0  # a 20 MB text (the size limit) extracts in about two and a half minutes on one core


class DocumentTimeout(ReadError):
    """The work on one document took longer than its budget."""

    def __init__(self, path: str, seconds: float) -> None:
        super().__init__(path, f"gave up after {seconds:g} s (the time budget per document); the other documents are not affected")


_REFIRE = 0.5  # seconds between the timer's later firings


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` inside the work swallows it."""


@contextmanager
def time_budget(seconds: float | None, path: str) -> Iterator[None]:
    """Run the block within ``seconds`` or raise :class:`DocumentTimeout` for ``path``; ``None`` or 0: no budget."""
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    state = {"expired": False, "over": False}

    def expire(signum, frame):  # noqa: ARG001
        if state["over"]:
            return
        state["expired"] = True
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    # The timer fires again every half second until the block ends: an exception raised while
    # a finalizer runs (a driver's __del__ during garbage collection) is printed and dropped by
    # Python, and the work would run on; the next one stops it.
    signal.setitimer(signal.ITIMER_REAL, seconds, _REFIRE)
    try:
        yield
    except _Expired:
        pass
    finally:
        state["over"] = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if state["expired"]:  # stopped, or finished after its budget with every stop dropped
        raise DocumentTimeout(path, seconds)
