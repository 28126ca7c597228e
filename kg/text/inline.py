"""Items run together on one line: where a flattened page's numbered items start.

A web page saved as text, or copied from a PDF without its breaks, can hold a whole
task list on one line: ``(一)资金协调组。负责… 牵头单位:A 配合单位:B (二)生产协调组。…``.
The structure parser reads items by lines, so such a line would be one item whose
title is the first one and whose units are everyone's. An item opening mid-line is
told by its numbering sequence, not by its look alone: a marker counts where it
stands after a space or a sentence's end and continues the sequence of its style
on the same line ((一) … (二) … (三), 1. … 2.), or starts one that goes on; a lone
(二) in running text, or a 3.5 in a figure, is no item.
"""
from __future__ import annotations

import re

from kg.text.numbers import parse_number

__all__ = ["item_starts"]

_CN = "一二三四五六七八九十"
# One style per kind of marker; the numeral is group 1.
_STYLES = {
    "paren_cn": re.compile(rf"\(([{_CN}]{{1,3}})\)"),
    "cn": re.compile(rf"([{_CN}]{{1,3}})、(?=[\u4e00-\u9fff])"),
    "arabic": re.compile(r"(\d{1,2})[.、](?=[\u4e00-\u9fff])"),
    "paren_arabic": re.compile(r"\((\d{1,2})\)(?=[\u4e00-\u9fff])"),
}
# What may stand right before an item that opens mid-line: a space or a clause's end.
_BEFORE = frozenset(" \u3000\t。!?)")  # not ; or , : (一)…;(二)… enumerates inside a sentence
_MIN_LINE = 120  # a line shorter than this is an item or a sentence, not a flattened list


def item_starts(line: str) -> list[int]:
    """Offsets in ``line`` where a numbered item opens after other text, in order.

    >>> line = ("[接上页] (一)资金协调组。负责建设资金的组织协调和管理。牵头单位:自治区财政厅 配合单位:自治区审计厅 "
    ...         "(二)生产协调组。负责联系生产企业,签订生产合同,确保产品质量。牵头单位:自治区建设厅 六、工作要求 "
    ...         "(一)提高认识。各部门要高度重视,把工作落到实处。(二)加强协作。各部门要密切配合,按照分工抓好落实。")
    >>> [line[i:i + 4] for i in item_starts(line)]
    ['(一)资', '(二)生', '六、工作', '(一)提', '(二)加']
    """
    if len(line) < _MIN_LINE or line.count("|") >= 2:
        return []  # a short line, or a table's row (its cells' items stay in their cell)
    marks = {style: [(m.start(), parse_number(m.group(1))) for m in rx.finditer(line)
                     if m.start() == 0 or line[m.start() - 1] in _BEFORE]
             for style, rx in _STYLES.items()}
    starts: set[int] = set()
    for found in marks.values():
        starts.update(_in_sequence(found))
    # a heading of a higher level between two runs (… 六、工作要求 (一)提高认识): it opens the next run
    firsts = [s for s in starts if line.startswith(("(一)", "(1)", "1.", "1、"), s)]
    for pos, _ in marks["cn"]:
        if pos not in starts and any(0 < f - pos <= _HEADING_MAX for f in firsts):
            starts.add(pos)
    return sorted(s for s in starts if s > 0)


_HEADING_MAX = 16


def _in_sequence(marks: list[tuple[int, int | None]]) -> list[int]:
    """The markers that belong to a run of consecutive numbers (n, n+1, …) of at least two."""
    out: list[int] = []
    run: list[int] = []
    last = None
    for pos, n in marks:
        if n is None:
            continue
        if run and last is not None and n == last + 1:
            run.append(pos)
        else:
            if len(run) >= 2:
                out += run
            run = [pos]
        last = n
    if len(run) >= 2:
        out += run
    return out
