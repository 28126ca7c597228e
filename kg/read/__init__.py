"""Readers: one per format, each turning a file into a :class:`kg.document.Document`.

:func:`read` is the one entry point: it checks the file (exists, is a file, is not
empty, is under the size limit), picks the reader by suffix and records the
sha256 of the raw bytes. Every problem is a :class:`ReadError` naming the file.
"""
from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path

from kg.document import Document, ReadError

__all__ = ["read", "ReadError", "SUFFIXES", "MAX_BYTES"]

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
    kg.document.ReadError: no/such/file.txt: no such file
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
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


def _load(p: Path, name: str, max_bytes: int) -> bytes:
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise ReadError(name, f"file too large ({size:,} bytes; the limit is {max_bytes:,})")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError(name, "no such file") from None
    except OSError as e:
        raise ReadError(name, e.strerror or str(e)) from None
    if not data:
        raise ReadError(name, "empty file (0 bytes)")
    return data
