"""The Mention that pipeline components add to ``doc._.mentions``.

Components find entities by character patterns (division gazetteer, department
morphology, industry patterns) as well as by the statistical NER, and Chinese
segmentation does not always put a token boundary where a name starts or ends.
So components record mentions as character offsets into ``doc.text`` (the
matching view of the document, see :mod:`kg.text.clean`) rather than as token spans.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

__all__ = ["Mention", "add_mention", "mentions"]


@dataclass
class Mention:
    start: int
    end: int
    label: str
    source: str = ""  # which component found it
    attrs: dict[str, Any] = field(default_factory=dict)


if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)


def mentions(doc: Doc) -> list[Mention]:
    """The mention list of ``doc`` (created on first use)."""
    if doc._.mentions is None:
        doc._.mentions = []
    return doc._.mentions


def add_mention(doc: Doc, start: int, end: int, label: str, *, source: str = "", **attrs: Any) -> Mention:
    m = Mention(start, end, label, source, dict(attrs))
    mentions(doc).append(m)
    return m
