"""Document structure: lines, numbered headings at every level, and section paths.

Works on the matching view (:mod:`kg.text.clean`: simplified, half-width), so one set of
patterns serves both scripts and both widths. Numbering styles, outermost first in
the usual order of Chinese official documents::

    第一章  第一节  一、  (一)  1.  (1)  ①

Levels are assigned as they appear (a style first seen inside another becomes its
child), which copes with documents that skip or reorder levels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Line", "Heading", "Numbering", "numbering", "parse", "Structure", "CN_NUM", "HEADER_CELL"]

# A header cell of a task table, in any order: 序号, 主要任务, 牵头单位, 配合单位, 责任领导, 完成时限…
# A column that groups a table's rows (分类: 发展目标 / 改革攻坚), its merged cell written once per group.
GROUP_HEADER = r"分类|类别|类型|板块|领域"
# The one vocabulary: the cleaner finds space-aligned tables by it, the task reader their columns.
HEADER_CELL = re.compile(
    r"(?:序号|编号|指标(?:名称)?|(?:\d{4}年度?)?(?:主要|重点|工作|具体|攻坚|年度|预期|发展|考核|督办|督查){0,2}(?:目标)?(?:任务|事项|举措|措施|内容|目标)"
    r"(?:内容|名称|清单|及措施|(?:与|和|及)?(?:要求|措施|安排|标准))?|改革举措|主要内容|(?:工作|质量|考核|完成)(?:要求|标准)|(?:主要|重点|具体)工作|项目(?:名称)?"
    r"|(?:主要)?(?:牵头|主办|主责|责任|配合|协办|参与|协助|落实|负责|指导)(?:负责)?(?:单位|部门|处室|科室|股室|机构)?|(?:[省市州盟县区旗]?(?:政府|委))?(?:责任|分管|牵头|联系)领导|(?:责任|联系|经办)人"
    r"|(?:完成|办结)?(?:时限|时间|期限)|进度安排|时间节点|备注|推广范围|适用范围|" + GROUP_HEADER
    + r"|(?:[一二三四]季度|第[一二三四]季度|上半年|全年)?(?:进展|完成|推进|落实)(?:情况|进度))"
    # a note in brackets after the word: 责任单位(加黑为牵头单位), 责任股室(单位)
    r"(?:\([^()]{1,12}\))?"
)

CN_NUM = "一二三四五六七八九十百零〇两"
_GARBLED = r"(?:[?\ufffd□■]|锟斤拷|烫烫烫)+"
_NUMBERING = [
    ("chapter", re.compile(rf"^第[{CN_NUM}\d]+章\s*")),
    ("section", re.compile(rf"^第[{CN_NUM}\d]+节\s*")),
    ("article", re.compile(rf"^第[{CN_NUM}\d]+条\s*")),
    ("cn", re.compile(rf"^[{CN_NUM}]+\s*[、.]\s*")),
    ("paren_cn", re.compile(rf"^\(\s*[{CN_NUM}]+\s*\)\s*[、.]?\s*")),
    ("arabic", re.compile(r"^\d{1,3}\s*[.、](?!\d)\s*")),
    ("paren_arabic", re.compile(r"^\(\s*\d{1,3}\s*\)\s*[、.]?\s*")),
    ("arabic_half", re.compile(r"^\d{1,3}\)\s*")),  # 6)推行容缺受理: a closing bracket alone
    # ① … ⑳, ㉑ … ㉟, and the bracketed and dotted digits of the same block (⑴ … ⒇, ⒈ … ⒛)
    ("circled", re.compile(r"^[\u2460-\u249b\u3251-\u325f]\s*")),
    # a speech's or a work plan's points: 一是…, 二要强化时间概念。…
    ("ordinal", re.compile(rf"^[{CN_NUM}]{{1,3}}(?:是|要)(?=[\u4e00-\u9fff“])")),
    # An opening whose numeral was lost in a bad conversion (?、 / (??) / 锟斤拷、): still an item.
    ("garbled", re.compile(rf"^{_GARBLED}\s*[、.]\s*")),
    ("paren_garbled", re.compile(rf"^\(\s*{_GARBLED}\s*\)\s*[、.]?\s*")),
]


# The characters a numbering can open with (第, a Chinese numeral, a bracket, a garbled mark); digits (what \d matches)
# and circled numbers are tested apart.
_OPENERS = frozenset("第(?\ufffd□■锟烫" + CN_NUM)


@dataclass(frozen=True)
class Numbering:
    kind: str
    text: str  # the numbering as written, e.g. "(一)"
    end: int  # offset (within the line) where the numbered text starts


def numbering(line: str) -> Numbering | None:
    """The numbering that opens ``line``, if any.

    >>> numbering("(一)构建新产业。").kind
    'paren_cn'
    >>> numbering("12.推进共建共治共享。").text
    '12.'
    >>> numbering("2022年底前完成") is None
    True
    >>> numbering("(?)强化保障。").kind
    'paren_garbled'

    """
    s = line.lstrip()
    if not s or s[0] not in _OPENERS and not (s[0].isdecimal() or "\u2460" <= s[0] <= "\u249b" or "\u3251" <= s[0] <= "\u325f"):
        return None  # most lines open with no numbering character at all: no pattern is tried
    lead = len(line) - len(s)
    for kind, rx in _NUMBERING:
        m = rx.match(s)
        if m:
            return Numbering(kind, m.group(0).strip(), lead + m.end())
    return None


@dataclass
class Line:
    """One line (paragraph) of the view: ``text`` is ``view[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    numbering: Numbering | None = None
    level: int | None = None  # depth of its numbering among the document's styles
    parents: list[int] = field(default_factory=list)  # indexes of enclosing numbered lines, outermost first

    @property
    def body_start(self) -> int:
        """View offset where the line's text starts after its numbering."""
        return self.start + (self.numbering.end if self.numbering else len(self.text) - len(self.text.lstrip()))


@dataclass
class Heading:
    line: int
    kind: str
    number: str
    title: str


@dataclass
class Structure:
    lines: list[Line]

    def heading(self, i: int) -> Heading:
        ln = self.lines[i]
        assert ln.numbering is not None
        return Heading(i, ln.numbering.kind, ln.numbering.text, first_sentence(ln.text[ln.numbering.end :]))

    def section_path(self, i: int) -> list[str]:
        """Headings enclosing line ``i`` (its own numbering excluded), as written: ``["三、重点任务", "(一)构建新产业"]``."""
        return [self.lines[p].numbering.text + self.heading(p).title for p in self.lines[i].parents]  # type: ignore[union-attr]


_SENT_END = re.compile(r"[。;!?]|$")


def first_sentence(text: str) -> str:
    """Text up to the first sentence end (。；！？), stripped."""
    m = _SENT_END.search(text)
    return text[: m.start()].strip() if m else text.strip()


_ARABIC_BEFORE_DIGIT = re.compile(r"^(\s*)(\d{1,3})\s*[.、](?=\d)")


def _continue_arabic(lines: list[Line]) -> None:
    """``11.121人才梯队项目`` is item 11 when item 10 came before it (a decimal never opens a paragraph in sequence)."""
    last = None
    for ln in lines:
        if ln.numbering is not None:
            if ln.numbering.kind == "arabic":
                last = int(re.match(r"\d+", ln.numbering.text).group(0))
            continue
        m = _ARABIC_BEFORE_DIGIT.match(ln.text)
        if m and last is not None and int(m.group(2)) == last + 1:
            ln.numbering = Numbering("arabic", m.group(0).strip(), m.end())
            last += 1


def parse(view: str) -> Structure:
    """Split the view into lines and give each numbered line its level and parents."""
    lines: list[Line] = []
    pos = 0
    for i, raw in enumerate(view.split("\n")):
        lines.append(Line(i, pos, pos + len(raw), raw, numbering(raw)))
        pos += len(raw) + 1
    _continue_arabic(lines)
    styles: list[str] = []  # numbering kinds in nesting order as first seen
    stack: list[int] = []  # open numbered lines
    for ln in lines:
        if ln.numbering is None:
            ln.parents = list(stack)
            continue
        kind = ln.numbering.kind
        if kind in styles:
            level = styles.index(kind)
        else:
            # a new style nests inside the innermost open one
            level = (lines[stack[-1]].level + 1) if stack else 0  # type: ignore[operator]
            styles.insert(min(level, len(styles)), kind)
            level = styles.index(kind)
        while stack and lines[stack[-1]].level is not None and lines[stack[-1]].level >= level:  # type: ignore[operator]
            stack.pop()
        ln.level = level
        ln.parents = list(stack)
        stack.append(ln.index)
    return Structure(lines)
