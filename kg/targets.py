"""Quantified targets: indicator, value, unit, comparator and year of each goal a document sets.

Works clause by clause on the matching view. A clause is a target when it states a
number with a unit after a goal verb (达到, 突破, 增长, 控制在, 新增 …) or under an
aspiration (力争, 确保, 到2025年); clauses that report the past (同比, 由…增至, 已) are not.
Values keep the magnitude in the unit, as written: 3.65万亿元 is value 3.65, unit 万亿元.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.numbers import parse_number

__all__ = ["TargetRecord", "find_targets", "COMPARATORS"]

COMPARATORS = (">=", ">", "<=", "<", "=", "~")

_NUM = r"(?:(?P<low>\d+(?:\.\d+)?)\s*[-—–~至]\s*)?(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
_UNIT = (
    r"(?P<unit>%|‰|个百分点|(?:万亿|亿|千万|百万|万|千)?(?:美元|元|个工作日|个百分点|个|家|项|亩|户|人次|人|名|公里|千米|米|吨|平方米|平方公里|"
    r"台|套|辆|所|张|条|座|处|部|件|千瓦时|千瓦|标准箱|床|间|场|倍|天|小时|个工作日|工作日)|(?:万亿|亿|万))"
)
_CUE_BEFORE = r"(?P<cue>达到|达|突破|超过|超|增长|增加到|增至|提高到|提升到|提升至|提高至|控制在|保持在|不低于|不少于|不超过|低于|高于|新增|新建|新签约|培育|建成|建设|引进|完成|实施|打造|组织|培训|选拔|扶持|改造|压缩至|缩短至|降至|下降|减少)?"
_TARGET = re.compile(_CUE_BEFORE + r"(?P<mod>约|近)?" + _NUM + _UNIT + r"(?P<after>以上|以下|以内|左右|上下)?")
_ASPIRE = re.compile(r"力争|确保|争取|目标|到\d{4}年|\d{4}年(?:底|末)?前|今年|全年|每年|年均")
_PAST = re.compile(r"同比|较上年|比上年|已经?|由\d|增至\d{4}|累计完成|完成了|实现了|排名|第\d|下降了|增长了")
_YEAR = re.compile(r"(?:到|至|在)?(?P<y>\d{4})年")
_LEAD_WORDS = re.compile(r"^(?:其中|力争|确保|争取|努力实现|实现|全年|今年|每年|年均|到\d{4}年|\d{4}年(?:底|末)?(?:前)?|,|、|和|及)+")


@dataclass
class TargetRecord:
    start: int  # view offsets of the whole target clause
    end: int
    indicator: str
    value: float
    unit: str
    comparator: str
    year: int | None
    text: str


def _comparator(cue: str | None, mod: str | None, after: str | None) -> str:
    if after in ("左右", "上下") or mod in ("约", "近"):
        return "~"
    if after in ("以下", "以内") or cue in ("控制在", "不超过", "压缩至", "缩短至", "降至"):
        return "<="
    if cue == "低于":
        return "<"
    if cue in ("突破", "超过", "超", "高于"):
        return ">"
    if after == "以上" or cue in ("达到", "达", "不低于", "不少于", "增加到", "提高到", "提升到", "提升至", "提高至", "增长", "增至"):
        return ">="
    return "="


def _indicator(clause: str, num_start: int, cue_start: int) -> str:
    head = clause[:cue_start] if cue_start < num_start else clause[:num_start]
    head = _LEAD_WORDS.sub("", head.strip())
    head = re.sub(r"(?:分别|均|要|将|力争|确保|比重|比例)?$", "", head)
    return head.strip(" ,、的")


def _year(sentence: str, default_year: int | None) -> int | None:
    m = re.search(r"到(\d{4})年", sentence)
    if m:
        return int(m.group(1))
    if re.search(r"今年|全年|本年|年度", sentence):
        return default_year
    return None


def find_targets(view: str, *, default_year: int | None = None) -> list[TargetRecord]:
    """Targets stated in the view, in document order.

    ``default_year`` is the year that 今年/全年 refer to (the document's date or plan year).
    """
    from kg.structure import numbering

    out: list[TargetRecord] = []
    for sm in re.finditer(r"[^。;\n]+", view):
        sentence = sm.group(0)
        year = _year(sentence, default_year)
        aspiring = bool(_ASPIRE.search(sentence))
        for cm in re.finditer(r"[^,，:|]+", sentence):  # a table cell is a clause too
            clause = cm.group(0)
            if _PAST.search(clause):
                continue
            num = numbering(clause)
            skip = num.end if num else 0
            prev = skip
            for m in _TARGET.finditer(clause, skip):
                chinese = not m.group("num")[0].isdigit()
                if not (m.group("cue") or aspiring or m.group("after")) or (chinese and not m.group("cue")):
                    continue
                value = parse_number(m.group("low") or m.group("num"))
                if value is None:
                    continue
                ind = _indicator(clause[prev:], m.start("num") - prev, (m.start("cue") if m.group("cue") else m.start()) - prev)
                prev = m.end()
                if len(ind) < 2:
                    continue
                comparator = ">=" if m.group("low") else _comparator(m.group("cue"), m.group("mod"), m.group("after"))
                s = sm.start() + cm.start() + skip
                e = sm.start() + cm.start() + m.end()
                out.append(TargetRecord(s, e, ind, value, m.group("unit"), comparator, year, view[s:e].strip()))
    return out
