"""The Document that every reader returns, and the error every reader raises."""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Document", "ReadError"]


class ReadError(Exception):
    """A document that cannot be read. ``str()`` is the one-line message users see."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Document:
    """A decoded document.

    ``text`` is the decoded text of the file; every offset that policykg reports
    (entity ``start``/``end``, relation provenance) points into it. Tables from
    .docx/.html/.pdf are rendered into ``text`` as one line per row with cells
    joined by `` | `` so that one structure parser serves every format.
    """

    path: str
    text: str
    format: str = "txt"
    encoding: str | None = None
    sha256: str = ""
    metadata: dict[str, str | None] = field(default_factory=dict)
