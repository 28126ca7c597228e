"""Lines wrapped at a fixed width, joined back into paragraphs.

Text copied out of a PDF (or a page that pasted one) breaks every line where the page's
column ended, mid-word and mid-sentence::

    (一)深入推进数字经济系统建设。加快以"产业大脑+未
    来工厂"为核心的数字经济系统建设。推进未来工厂建设,
    对当年评为省级未来工厂的,给予100万元奖励。
    (责任单位:市经信局)

Read line by line, the item's title loses its end at the wrap and the unit bracket closes
the last wrapped line instead of the item. A break is a wrap where the text shows a fixed
width: many lines that stop mid-sentence at nearly the same width. Then a line that fills
that width, or stops mid-sentence, runs on into the next one, unless the next line opens an
item (numbering), a slot (a unit bracket or label) or a table row. Text without such a
width (web pages, one paragraph a line, tables one cell a line) is left as it is.
"""
from __future__ import annotations

import re
import unicodedata

from kg.text.structure import numbering

__all__ = ["wrapped_breaks"]

# Where a sentence may end at a line's end; any other last character is a break mid-sentence.
_SENTENCE_END = set("。;；!！?？:：")
# A line that opens something of its own: never the rest of the line above.
_OPENS = re.compile(r"\s*(?:[(（\[【〔][^)）\]】〕]{0,12}(?:单位|部门|牵头|负责|配合)|(?:牵头|责任|配合|协办|主办)(?:单位|部门)|附件|抄送|\|)")
_TABLE_ROW = re.compile(r"\||\t|\S {2,}\S")  # cells apart by |, a tab or a run of spaces
_MIN_WIDTH = 30  # a wrap width below this (15 Han characters) is a narrow table column, not a page
_MIN_EVIDENCE = 4
_WIDE = frozenset(("W", "F", "A"))  # East Asian widths of two columns: wide, full-width, ambiguous (CJK quotes)


def _width(line: str) -> int:
    """Display width: Han and full-width forms take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in line.rstrip())


def wrapped_breaks(lines: list[str], original: list[str] | None = None) -> set[int]:
    """Indexes ``i`` whose line break (after ``lines[i]``) is a wrap inside a paragraph.

    ``lines`` are the view's lines (folded, simplified); ``original`` the same lines as
    written, whose widths show the page's column (folding makes full-width commas narrow).

    >>> text = ["一、总体要求", "加快推动制造业高质量发展,率先走出“腾笼换鸟、凤凰涅", "槃”的智造强市之路,结合全省稳进提质政策体系相关内容,",
    ...         "特制订如下政策,请各地认真贯彻执行,确保各项政策措施", "落地见效。", "(责任单位:市经信局)",
    ...         "二、加快推进数字产业化。做强做大数字核心企业,当年首次", "列入国家电子信息百强企业的,给予一次性奖励。"]
    >>> sorted(wrapped_breaks(text))
    [1, 2, 3, 6]
    """
    return _column_wraps(lines, original) | _broken_titles(lines)


def _broken_titles(lines: list[str]) -> set[int]:
    """Item lines broken after the title's first word, whatever the page's width::

        2.提高
        住房保障水平。继续实施农村危旧房改造……

    The numbered line holds a word or two and no punctuation, and the next line opens
    with the rest of a short title (no comma before its full stop) and runs on into the
    item's text: one line. A heading standing on its own (一、目标 over a paragraph) is
    followed by a sentence of its own, not by a title's end.

    >>> sorted(_broken_titles(["2.提高", "住房保障水平。继续实施改造。", "一、目标", "到2025年,全县粮食产量稳定。"]))
    [0]
    """
    out = set()
    for i in range(len(lines) - 1):
        num = numbering(lines[i])
        if num is None:
            continue
        head, nxt = lines[i][num.end :].strip(), lines[i + 1].strip()
        if not (1 <= len(head) <= 4 and _HAN_ONLY.fullmatch(head)) or numbering(nxt) is not None or _OPENS.match(nxt):
            continue
        rest = _TITLE_REST.match(nxt)
        if rest and len(head) + len(rest.group(1)) <= 16 and len(nxt) > rest.end():
            out.add(i)
    return out


_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
_TITLE_REST = re.compile(r"([\u3400-\u9fff]{2,12})。")


def _column_wraps(lines: list[str], original: list[str] | None) -> set[int]:
    """Breaks inside paragraphs wrapped at a page's column (see :func:`wrapped_breaks`)."""
    original = original if original is not None and len(original) == len(lines) else lines
    # a line that may end a paragraph's wrapped run: not empty, no table row (| cells, tab or
    # space-aligned columns), and the line after it opens nothing of its own
    joinable = [bool(line.strip()) and not _TABLE_ROW.search(line.strip()) for line in lines]
    opens = [not line.strip() or numbering(line) is not None or bool(_OPENS.match(line)) for line in lines]
    candidates = [i for i in range(len(lines) - 1) if joinable[i] and not opens[i + 1]]
    mid = [i for i in candidates if lines[i].rstrip()[-1] not in _SENTENCE_END]
    if len(mid) < _MIN_EVIDENCE:
        return set()
    widths = [_width(original[i]) for i in mid]
    full = sorted(widths)[len(widths) // 2]  # the median
    if full < _MIN_WIDTH:
        return set()
    near = [w for w in widths if abs(w - full) <= 0.12 * full]
    if len(near) < max(_MIN_EVIDENCE, 0.6 * len(widths)):
        return set()  # breaks mid-sentence at all widths: lines as written, not a page's column
    out = set()
    for i in candidates:
        w = _width(original[i])
        if w > full * 1.15:
            continue  # longer than the page's column: a paragraph of its own
        if lines[i].rstrip()[-1] not in _SENTENCE_END and w >= 0.8 * full or w >= 0.9 * full:
            out.add(i)
    return out
