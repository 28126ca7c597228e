"""Cleaning that keeps the way back to the original text.

:func:`clean` turns a document's decoded text into a *matching view*: site chrome
dropped, inserted pinyin readings dropped (網(wǎng) -> 網), full-width forms folded
to half-width, traditional characters converted to simplified. Every character
of the view remembers the offset of the original character it came from, so a
match found in the view maps back to exact offsets (and the exact surface text)
in the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress

from kg.text.chars import PINYIN, fold, fold_char, gb_punctuation, letter_spaces, pinyin_spans
from kg.text.chrome import chrome_flags, chrome_spans
from kg.text.inline import item_starts
from kg.text.script import to_simplified
from kg.text.structure import HEADER_CELL
from kg.text.unwrap import wrapped_breaks

__all__ = ["Cleaned", "clean", "pinyin_spans", "chrome_spans", "fold_char", "PINYIN", "mark_cells"]


@dataclass
class Cleaned:
    """The matching view of a document's text.

    ``text`` is the view; ``index[i]`` is the offset in ``original`` of ``text[i]``
    (``index`` has one extra entry, the end of the original, so that an exclusive
    end offset maps too).
    """

    original: str
    text: str
    index: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the view span ``[start, end)``."""
        if end <= start:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1

    def surface(self, start: int, end: int) -> str:
        """The view span as it reads in the original: its own script and width, no pinyin, no chrome."""
        if end <= start:
            return ""
        a, b = self.index[start], self.index[end - 1] + 1
        if b - a == end - start:  # nothing dropped inside: the original's own slice
            return self.original[a:b]
        return "".join(self.original[self.index[i]] for i in range(start, end))

    def view_offset(self, original_offset: int) -> int:
        """The view offset of the first view character at or after an original offset."""
        from bisect import bisect_left

        return bisect_left(self.index, original_offset, 0, len(self.text))


_INVERT = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def clean(text: str, *, drop_chrome: bool = True) -> Cleaned:
    """Build the matching view of ``text``.

    >>> c = clean("產(chǎn)業（一）")
    >>> c.text, c.surface(0, 2)
    ('产业(一)', '產業')
    """
    drop = bytearray(len(text))
    for s, e in pinyin_spans(text):
        drop[s:e] = b"\x01" * (e - s)
    for i in letter_spaces(text):
        drop[i] = 1
    keep = drop.translate(_INVERT)
    index = list(compress(range(len(text)), keep))
    # One conversion serves the chrome filter's key lines and the view: whole lines are dropped
    # after it, and no phrase of the converter crosses a line break, so each line converts alike.
    view = to_simplified(fold(gb_punctuation("".join(compress(text, keep)))))
    if drop_chrome:
        view, index = _without_chrome(text, view, index)
    view, index = _unwrapped(text, view, index)
    view, index = _items_apart(view, index)
    index.append(len(text))
    return Cleaned(text, mark_cells(view), index)


def _without_chrome(text: str, view: str, index: list[int]) -> tuple[str, list[int]]:
    """``view`` (one line for each line of ``text``) and its ``index`` without the site chrome's lines (their breaks stay)."""
    raws, lines = text.split("\n"), view.split("\n")
    flags = chrome_flags(raws, [line.strip() for line in lines])
    if not any(flags):
        return view, index
    keep = bytearray(b"\x01") * len(view)
    offset = 0
    for raw, line, chrome in zip(raws, lines, flags):
        if chrome and raw.strip():
            keep[offset:offset + len(line)] = b"\x00" * len(line)
        offset += len(line) + 1
    return "".join(compress(view, keep)), list(compress(index, keep))


def _unwrapped(text: str, view: str, index: list[int]) -> tuple[str, list[int]]:
    """``view`` without the line breaks that only wrap a paragraph at the page's width (:mod:`kg.text.unwrap`)."""
    lines = view.split("\n")
    joins = wrapped_breaks(lines, text.split("\n"))
    if not joins:
        return view, index
    keep = bytearray(b"\x01") * len(view)
    offset = 0
    for i, line in enumerate(lines):
        offset += len(line)
        if i in joins:
            keep[offset] = 0  # the break after line i
        offset += 1
    return "".join(compress(view, keep)), list(compress(index, keep))


def _items_apart(view: str, index: list[int]) -> tuple[str, list[int]]:
    """``view`` with a line break before each numbered item that a flattened page ran into the
    line before (:mod:`kg.text.inline`): a space before the item becomes the break, else one
    is inserted (mapped to the item's first character, so offsets still point into the text)."""
    chars, where = list(view), list(index)
    offset, inserts = 0, []
    for line in view.split("\n"):
        for st in item_starts(line):
            at = offset + st
            if line[st - 1] in " \u3000\t":
                chars[at - 1] = "\n"  # the space before the item: one character for one
            else:
                inserts.append(at)
        offset += len(line) + 1
    for at in reversed(inserts):
        chars.insert(at, "\n")
        where.insert(at, where[at])
    return "".join(chars), where


# A table pasted as text keeps its cells apart with tabs, or (from a PDF's text layer or a
# fixed-width export) with runs of spaces. The view writes such a cell boundary as ``|``,
# the one cell separator the structure parser reads (:mod:`kg.read.table`), one character
# for one character so that offsets hold.
_TAB_CELLS = re.compile(r"(?<=\S)(\t+)(?=\S)")
_SPACE_RUN = re.compile(r"(?<=\S)( {2,})(?=\S)")
# Header words of a task table (序号, 主要任务, 牵头单位, 完成时限…): a line of such cells
# apart by space runs opens a space-aligned table.
_UNIT_HEADER = re.compile(r"(?:牵头|主办|主责|责任|配合|协办|参与)(?:负责)?(?:单位|部门)")


def mark_cells(view: str) -> str:
    r"""``view`` with the cell boundaries of tab- and space-aligned tables written as ``|``.

    A line with two or more inner tabs is a table row. Space runs count only inside a
    block opened by a header line whose every cell is a header word, one of them a unit
    column, and closed by a blank line: elsewhere a run of spaces is layout.

    >>> mark_cells("1\t推进改造\t区住建局")
    '1|推进改造|区住建局'
    >>> mark_cells("序号  任务  牵头单位\n1  推进改造  区住建局\n\n完成  改造")
    '序号| 任务| 牵头单位\n1| 推进改造| 区住建局\n\n完成  改造'
    """
    single = "序号 " in view or "编号 " in view
    if "\t" not in view and "  " not in view and not single and "|\n" not in view and "\n|" not in view:
        return view
    lines = _bars_closing_cells(view.split("\n"))
    in_table = False
    width = 0  # of a single-space table's header, while in one
    for k, line in enumerate(lines):
        if width:
            row = _single_space_row(line, width)
            if row is not None:
                lines[k] = row
                continue
            width = 0
        if single and (header := _single_space_header(line)) is not None:
            lines[k], width = header
            continue
        if len(_TAB_CELLS.findall(line)) >= 2:
            lines[k] = _TAB_CELLS.sub(lambda m: "|" * len(m.group(1)), line)
            continue
        if not line.strip():
            in_table = False
            continue
        if not in_table:
            in_table = _space_header(line)
        if in_table and _SPACE_RUN.search(line):
            lines[k] = _SPACE_RUN.sub(lambda m: "|" + m.group(1)[1:], line)
    return "\n".join(lines)


def _bars_closing_cells(lines: list[str]) -> list[str]:
    """A table saved one cell per line, each cell closed by ``|`` (``序号 |`` / ``重点工作 |`` / ``1 |``…),
    without those bars: one cell a line is how the task reader reads such a table, and the bar
    at a line's end would make each line a row of its own.

    >>> _bars_closing_cells(["序号 |", "重点工作 |", "责任单位 |", "1 |", "推进改造 |", "区住建局 |"])
    ['序号  ', '重点工作  ', '责任单位  ', '1  ', '推进改造  ', '区住建局  ']
    """
    out = list(lines)
    # cells apart by lines of nothing but bars (序号 / | / 项目 / | …, and ||| where a row's cells were empty)
    bars = [k for k, line in enumerate(lines) if line.strip() and not line.strip().strip("|")]
    if len(bars) >= 4 and any(HEADER_CELL.fullmatch(lines[k - 1].strip()) for k in bars[:3] if k):
        for k in bars:
            out[k] = " " * len(lines[k])
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and lines[j].rstrip().endswith("|") and lines[j].count("|") == 1:
            j += 1
        first = lines[k].rstrip()[:-1].strip() if j > k else ""
        if j - k >= 4 and HEADER_CELL.fullmatch(first):
            for i in range(k, j):
                bar = lines[i].rindex("|")
                out[i] = lines[i][:bar] + " " + lines[i][bar + 1 :]
        k = max(j, k + 1)
    return out


def _single_space_header(line: str) -> tuple[str, int] | None:
    """A header of cells apart by single spaces (序号 工 作 任 务 牵头负责部门: a letter-spaced
    header word is one cell), marked, and its width; None for any other line."""
    if not line.lstrip().startswith(("序号 ", "编号 ")) or "  " in line.strip():
        return None
    cells: list[list[int]] = []  # [start, end, last word's length]; runs of single characters (工 作 任 务) are one cell
    for m in re.finditer(r"\S+", line):
        if cells and len(m.group(0)) == 1 and cells[-1][2] == 1:
            cells[-1][1] = m.end()
        else:
            cells.append([m.start(), m.end(), len(m.group(0))])
    names = [line[s:e].replace(" ", "") for s, e, _ in cells]
    if len(cells) < 3 or not all(HEADER_CELL.fullmatch(n) for n in names) or not any(_UNIT_HEADER.search(n) for n in names):
        return None
    out = list(line)
    for (_, e, _), (s, _, _) in zip(cells, cells[1:]):
        out[e] = "|"  # the one space between two cells
    return "".join(out), len(cells)


def _single_space_row(line: str, width: int) -> str | None:
    """A row of a single-space table: serial number, task, then one word per further column
    (``1 居民消费价格涨幅3%左右 发展改革委``); spaces inside the task stay. None where the line is no row."""
    words = list(re.finditer(r"\S+", line))
    if len(words) < width or not words[0].group(0).isdigit():
        return None
    cuts = [words[0].end(), *(w.start() - 1 for w in words[len(words) - (width - 2):])]
    out = list(line)
    for c in cuts:
        if line[c] == " ":
            out[c] = "|"
    return "".join(out)


def _space_header(line: str) -> bool:
    cells = [c for c in re.split(r" {2,}", line.strip()) if c]
    return (
        len(cells) >= 3
        and all(HEADER_CELL.fullmatch(to_simplified(c)) for c in cells)
        and any(_UNIT_HEADER.search(c) for c in cells)
    )
