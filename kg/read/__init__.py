"""Readers: one per format, each turning a file into a :class:`kg.document.Document`."""
from __future__ import annotations

import hashlib
from pathlib import Path

from kg.document import Document, ReadError

__all__ = ["read", "ReadError", "SUFFIXES"]

SUFFIXES = (".txt",)


def read(path: str | Path) -> Document:
    """Read one file into a Document, or raise :class:`ReadError` naming the file and the problem."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except OSError as e:
        raise ReadError(str(path), e.strerror or str(e)) from None
    if not data.strip():
        raise ReadError(str(path), "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError(str(path), "cannot decode as UTF-8") from None
    return Document(str(path), text, "txt", "utf-8", hashlib.sha256(data).hexdigest())
