"""Word's automatic list numbering, written out as the reader sees it.

A task list typed in Word often numbers its items with the list feature: the text
of an item holds no "1." or "(一)"; Word draws them from ``numbering.xml``. The
structure parser (:mod:`kg.text.structure`) finds items and levels by their numbering,
so the reader writes the numbers into the text, as Word displays them: a counter
per list and level (a deeper level restarts when an outer one advances), each
level's format (decimal, 一二三, ①…) and its text pattern (``%1.``, ``(%1)``,
``%1、``, ``第%1条``). A paragraph takes its numbering from its own properties or
from its style (heading styles of official templates are often numbered).
Bullets are not numbers and are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ListNumbering"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class ListNumbering:
    """Labels for the numbered paragraphs of one document, in reading order."""

    levels: dict[str, dict[int, _Level]]  # numId -> ilvl -> level
    starts: dict[tuple[str, int], int]  # (numId, ilvl) -> start override
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> "ListNumbering":
        """The numbering definitions of a python-docx Document (none where it has no numbering part)."""
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls({}, {})
        abstract = {a.get(_W + "abstractNumId"): _levels(a) for a in root.iter(_W + "abstractNum")}
        levels: dict[str, dict[int, _Level]] = {}
        starts: dict[tuple[str, int], int] = {}
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId")
            ref = num.find(_W + "abstractNumId")
            levels[num_id] = abstract.get(ref.get(_W + "val") if ref is not None else None, {})
            for override in num.iter(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if start is not None:
                    starts[(num_id, int(override.get(_W + "ilvl", "0")))] = int(start.get(_W + "val", "1"))
        return cls(levels, starts)

    def label(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` ("" for none or a bullet); advances the counters."""
        num_id, ilvl = _num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(num_id, [None] * 9)
        current = counts[ilvl]
        counts[ilvl] = self.starts.get((num_id, ilvl), level.start) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        return re.sub(r"%([1-9])", lambda m: self._number(levels, counts, int(m.group(1)) - 1), level.text)

    def _number(self, levels: dict[int, _Level], counts: list[int | None], i: int) -> str:
        level = levels.get(i)
        n = counts[i] if counts[i] is not None else (level.start if level else 1)
        return format_number(n, level.fmt if level else "decimal")


def _levels(abstract) -> dict[int, _Level]:
    out = {}
    for lvl in abstract.iter(_W + "lvl"):
        fmt = lvl.find(_W + "numFmt")
        text = lvl.find(_W + "lvlText")
        start = lvl.find(_W + "start")
        out[int(lvl.get(_W + "ilvl", "0"))] = _Level(
            fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
            text.get(_W + "val", "") if text is not None else "",
            int(start.get(_W + "val", "1")) if start is not None else 1,
        )
    return out


def _num_pr(paragraph) -> tuple[str | None, int]:
    """The list and level of a paragraph: its own numPr, else its style's (through basedOn)."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        s_pr = style.element.pPr
        num_pr = s_pr.numPr if s_pr is not None else None
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = num_pr.numId.val if num_pr.numId is not None else None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return (str(num_id) if num_id is not None else None), min(int(ilvl), 8)


def format_number(n: int, fmt: str) -> str:
    """``n`` in one of Word's number formats.

    >>> format_number(12, "chineseCounting"), format_number(3, "decimalEnclosedCircle"), format_number(2, "lowerLetter")
    ('十二', '③', 'b')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "ideographTraditional", "taiwaneseCounting"):
        return _chinese(n, _CN_DIGITS)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL).replace("十", "拾")
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n)).replace("零", "〇")
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    return str(n)


def _chinese(n: int, digits: str) -> str:
    """Chinese counting numerals up to 9,999 (十一, 二十, 一百零五)."""
    if n < 10:
        return digits[n]
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if value == 10 and q == 1 and not out else digits[q]) + unit
        elif out and n:
            out += digits[0] if not out.endswith(digits[0]) else ""
    return out + (digits[n] if n else "")


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                       (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        q, n = divmod(n, value)
        out += sym * q
    return out
