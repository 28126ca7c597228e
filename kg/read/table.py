"""Tables as text: one line per row, cells joined by `` | ``.

Every reader renders tables the same way so that one structure parser serves
.txt, .html, .docx and .pdf (the flattened layout of tables copied from web pages).

A cell can hold several lines (paragraphs, ``<br>``, explicit breaks). They are
joined into one line, because a row must stay one line:

* after a line that already ends in punctuation (``。；，、：`` ...) nothing is added;
* between two short lines without sentence punctuation, ``、`` is added: such
  cells are nearly always lists written one item per line (``区财政局`` /
  ``区发改局`` in a 责任单位 column), and ``、`` is the list separator the
  structure parser splits unit lists on, so two units on two lines stay two units;
* between longer lines (task descriptions), ``；`` is added, which also keeps
  clauses apart without pretending they are list items.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["CELL_SEP", "join_cell_lines", "render_row"]

CELL_SEP = " | "
_ENDS_WITH_PUNCT = re.compile(r"[。；;，,、：:！!？?）)」』》】\]]$")
_SENTENCE_PUNCT = re.compile(r"[。；;，,！!？?]")
_SHORT = 25
_SPACE = re.compile(r"\s+")


def join_cell_lines(lines: Iterable[str]) -> str:
    """One line of text for a table cell written as several lines.

    >>> join_cell_lines(["区财政局", "区发改局"])
    '区财政局、区发改局'
    >>> join_cell_lines(["完成清单编制。", "报省审改办备案"])
    '完成清单编制。报省审改办备案'
    """
    parts = [_SPACE.sub(" ", line).strip() for line in lines]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for prev, cur in zip(parts, parts[1:]):
        out += _separator(prev, cur) + cur
    return out


def _separator(prev: str, cur: str) -> str:
    if _ENDS_WITH_PUNCT.search(prev):
        return ""
    if len(prev) <= _SHORT and len(cur) <= _SHORT and not _SENTENCE_PUNCT.search(prev + cur):
        return "、"
    return "；"


def render_row(cells: Sequence[str]) -> str:
    """One table row as a line; empty cells are kept so that columns stay aligned.

    >>> render_row(["1", "推行产业链长制", "区发改局", ""])
    '1 | 推行产业链长制 | 区发改局 |'
    """
    return CELL_SEP.join(c.replace("|", "｜") for c in cells).rstrip()
