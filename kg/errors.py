"""What a user sees when something they did goes wrong: one line, naming the file or URI.

The CLI has one exception boundary (:class:`kg.cli.Boundary`); it asks
:func:`user_message` whether an exception is a user's problem (a store that cannot be
read or written, a file the system refuses, a damaged SQLite index, a Bolt server
that fails) and prints that one line instead of a traceback. Anything else is a bug
and keeps its traceback.

Names come from documents and file systems, so they can hold a newline or a terminal
escape: :func:`one_line` escapes every control character, so a file named
``"a\\nerror: forged"`` cannot start a second, fake ``error:`` line.
"""
from __future__ import annotations

import os
import sqlite3

__all__ = ["one_line", "user_message"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Characters that end a line or steer a terminal besides the C0/C1 controls.
_BREAKS = {"\u0085", "\u2028", "\u2029", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: object) -> str:
    """``text`` with every control or line-breaking character written as an escape (``\\n``, ``\\x1b``, ``\\u2028``).

    >>> one_line("a.txt\\nerror: forged")
    'a.txt\\\\nerror: forged'
    >>> one_line("区财政局")
    '区财政局'
    """
    s = str(text)
    return "".join(_escape(c) if (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in _BREAKS) else c for c in s)


def _os_message(e: OSError) -> str:
    reason = e.strerror or type(e).__name__
    names = [os.fsdecode(n) for n in (e.filename, e.filename2) if n is not None]
    return f"{' -> '.join(names)}: {reason}" if names else reason


def user_message(e: BaseException, where: str | None = None) -> str | None:
    """The one-line message for an exception a user caused or can fix, or ``None`` for a bug.

    ``where`` is the store the command opened (its folder or URI), named in the
    message when the exception does not name it already. Covers
    :class:`kg.loaders.StoreError` (its text names the store or URI),
    :class:`kg.read.document.ReadError`, :class:`kg.distributed.SchedulerError` (a bad
    or unreachable Dask scheduler), ``OSError`` (with the file it names: a missing
    folder, no permission, a full disk), ``sqlite3`` errors (a damaged read index),
    the lock's timeout and the Neo4j driver's errors.
    """
    msg = _message(e, where)
    if msg is None:
        return None
    if where and where not in msg:
        msg = f"{msg} (store: {where})"
    return one_line(msg)


def _message(e: BaseException, where: str | None) -> str | None:
    from filelock import Timeout

    from kg.distributed import SchedulerError
    from kg.read.document import ReadError
    from kg.loaders.base import StoreError

    if isinstance(e, (StoreError, ReadError, SchedulerError)):
        return str(e)
    if isinstance(e, Timeout):
        return f"{e.lock_file}: the store is locked by another process"
    if isinstance(e, OSError):
        return _os_message(e)
    if isinstance(e, sqlite3.Error):
        from pathlib import Path

        from kg.loaders.index import STORE_FILE, damaged_message

        return damaged_message(Path(where or ".") / STORE_FILE, e)
    return _driver_message(e)


def _driver_message(e: BaseException) -> str | None:
    try:
        from neo4j.exceptions import DriverError, Neo4jError
    except ImportError:  # pragma: no cover - neo4j is a dependency
        return None
    if isinstance(e, Neo4jError):
        return f"the Bolt server refused the statement: {e.code or type(e).__name__}: {e.message or e}"
    if isinstance(e, DriverError):
        return f"the Bolt connection failed: {type(e).__name__}: {e}"
    return None
