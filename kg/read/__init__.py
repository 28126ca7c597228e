"""Readers: one per format, each turning a file into a :class:`kg.read.document.Document`.

:func:`read` is the one entry point: it checks the file (exists, is a regular
file, is not empty, is under the size limit), picks the reader by suffix and
records the sha256 of the raw bytes. Every problem is a :class:`ReadError` naming
the file.

Input is bounded before any reader sees it: only regular files are read (a FIFO
named ``.txt`` would block for ever, a link to ``/dev/zero`` would never end), the
file is opened without blocking and checked on the open descriptor (so it cannot
be swapped between the check and the read), and at most ``max_bytes + 1`` bytes
are read, whatever size the file claims.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from kg.read.document import Document, ReadError

__all__ = ["read", "read_bytes", "content_hash", "ReadError", "SUFFIXES", "MAX_BYTES"]

MAX_BYTES = 20_000_000


# Suffix -> (module, function). Only the reader a file needs is imported: the html reader
# loads lxml, the pdf reader pdfplumber, and a cold `policykg extract` of a .txt needs neither.
_READERS = {
    ".txt": ("kg.read.txt", "read_txt"),
    ".html": ("kg.read.html", "read_html"),
    ".htm": ("kg.read.html", "read_html"),
    ".docx": ("kg.read.docx", "read_docx"),
    ".pdf": ("kg.read.pdf", "read_pdf"),
}


def _reader(suffix: str) -> Callable[..., Document] | None:
    """The reader function for a file suffix (imported on first use), or None."""
    where = _READERS.get(suffix)
    if where is None:
        return None
    return getattr(importlib.import_module(where[0]), where[1])


SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


def read(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one file into a Document, or raise :class:`ReadError` naming the file and the problem.

    >>> read("no/such/file.txt")
    Traceback (most recent call last):
    kg.read.document.ReadError: no/such/file.txt: no such file
    """
    name, p = str(path), Path(path)
    if not p.exists():
        raise ReadError(name, "no such file")
    if p.is_dir():
        raise ReadError(name, "is a directory, not a file")
    suffix = p.suffix.lower()
    reader = _reader(suffix)
    if reader is None:
        shown = suffix or "(no suffix)"
        raise ReadError(name, f"unsupported file type {shown}; supported: {', '.join(SUFFIXES)}")
    data = _load(p, name, max_bytes)
    doc = reader(data, path=name)
    doc.sha256 = content_hash(data)
    return doc


def content_hash(data: bytes) -> str:
    """A document's identity: the sha256 of its bytes (hex). A copy under another name is the same document."""
    return hashlib.sha256(data).hexdigest()


def _load(p: Path, name: str, max_bytes: int) -> bytes:
    data = read_bytes(p, max_bytes=max_bytes, name=name)
    if not data:
        raise ReadError(name, "empty file (0 bytes)")
    return data


def read_bytes(path: str | Path, *, max_bytes: int = MAX_BYTES, name: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or :class:`ReadError` naming it.

    FIFOs, devices and sockets (also behind a symlink) are refused without waiting
    for them; no more than ``max_bytes + 1`` bytes are ever read.
    """
    name = str(path) if name is None else name
    try:
        _check_regular(os.stat(path).st_mode, name)  # before opening: a socket cannot even be opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError(name, "no such file") from None
    except OSError as e:
        raise ReadError(name, e.strerror or str(e)) from None
    try:
        st = os.fstat(fd)
        _check_regular(st.st_mode, name)  # again on what was opened: the name may point elsewhere now
        if st.st_size > max_bytes:
            raise ReadError(name, _too_large(st.st_size, max_bytes))
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise ReadError(name, e.strerror or str(e)) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # the file grew after fstat
        raise ReadError(name, _too_large(len(data), max_bytes, more=True))
    return data


def _check_regular(mode: int, name: str) -> None:
    if not stat.S_ISREG(mode):
        raise ReadError(name, f"not a regular file ({_kind(mode)}); only regular files are read")


def _too_large(size: int, limit: int, *, more: bool = False) -> str:
    return f"file too large ({'over ' if more else ''}{size:,} bytes; the limit is {limit:,})"


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return kind
    return "not a plain file"
