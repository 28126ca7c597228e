"""Quantified targets: indicator, value, unit, comparator, year and kind of each goal a document sets.

Works paragraph by paragraph, sentence by sentence, clause by clause on the matching
view. A clause is a target when it states a number with a unit after a goal verb
(达到, 突破, 增长, 控制在, 新增, 建成 …) or under an aspiration (力争, 确保, 到2025年).
Values keep the magnitude in the unit, as written: 3.65万亿元 is value 3.65, unit 万亿元.

What a reader of a plan needs told apart, and how:

* *goals and results*: a review of what was achieved (a 发展基础/回顾/成效 section,
  已完成, 由…增至, 比上年增长 outside a goal statement, a year before the document's
  own) is kept as ``kind="result"``, never mixed with the goals (``kind="goal"``);
* *the year*: the last 到2025年 (2025年底前, 十四五末) before the number in its
  sentence, or the one that opens its paragraph (到2020年,…), ``year_from="clause"``;
  今年/全年 is the document's year; else the plan's horizon (:func:`plan_horizon`),
  ``year_from="goals"`` in the plan's goals section (发展目标) and ``"plan"`` elsewhere,
  so that an inherited year is not mistaken for one the text states;
* *enumerations*: 分别达到A、B、C and A、B均达到N give one target per value or item;
* *not targets*: caps and subsidy amounts (最高不超过100万元, 奖励资金10万元), the quotas of a
  support or talent programme (选拔资助不少于100名) unless stated as a goal, numbers that
  only qualify a noun (产值超过1亿元的示范村), and fragments with no indicator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.text.numbers import parse_number

__all__ = ["TargetRecord", "find_targets", "plan_horizon", "paragraphs", "COMPARATORS", "KINDS"]

COMPARATORS = (">=", ">", "<=", "<", "=", "~")
KINDS = ("goal", "result")

_CN = "零〇一二两三四五六七八九十百千"
_NUM = (
    rf"(?:(?P<low>\d+(?:\.\d+)?)\s*(?:[-—–~至到]|——)\s*)?"
    rf"(?P<num>\d+(?:\.\d+)?|[{_CN}]+(?:点[零〇一二三四五六七八九]+)?)"
)
_ANY_NUMERAL = re.compile(rf"[\d{_CN}]")
_UNIT = (
    r"(?P<unit>\s?%|‰|个百分点|(?:万亿|亿|千万|百万|万|千)?(?:美元|元|个工作日|个百分点|个|家|项|亩|户|人次|人|名|公里|千米|米|吨|平方米|平方公里|立方米|"
    r"台|套|辆|所|张|条|座|处|部|件|千瓦时|千瓦|标准箱|床|间|场|倍|天|小时|工作日)(?:/(?:平方公里|平方米|人|户|年|天|小时))?|(?:万亿|亿|万))?"
)
_CUE_BEFORE = (
    r"(?P<cue>达到|达|突破|超过|超|增长|增加到|增至|提高到|提升到|提升至|提高至|控制在|保持在|稳定在|不低于|不少于|不超过|低于|高于|至少|"
    r"新增|新建|新签约|培育|建成|建设|建立|引进|完成|实施|打造|创建|办好|设置|培训|选拔|扶持|改造|压缩至|缩短至|降至|下降|减少)?"
)
_TARGET = re.compile(
    _CUE_BEFORE + r"\s*(?P<mod>约|近)?" + _NUM + _UNIT + r"(?![\d.年月日号时期次届批轮才])(?P<after>以上|以下|以内|左右|上下)?"
)
_ASPIRE = re.compile(r"力争|确保|争取|目标|到\d{4}年|\d{4}年(?:底|末)?前|今年|全年|每年|年均|实现")
# A goal verb anywhere before the number: 新改建“四好农村路”1000公里, 建立…“希望家园”1000个.
_GOAL_VERB = re.compile(
    r"新建|扩建|改建|建成|建设|建立|打造|培育|创建|新增|实施|完成|引进|办好|设置|开工|签约|招引|定准|选择|改造|提升|提高|达到|突破|超过"
)
# Past tense: what a review reports. 比上年/同比 only where the sentence states no goal.
_PAST = re.compile(r"已经?|累计完成|(?:新增|增加|建成|完成|实现|增长|下降|提高|减少|达到|突破)了|由\d|增至\d{4}|排名|第\d|(?<!到)\d{4}年的")
_COMPARED = re.compile(r"同比|较上年|比上年")
# A sentence that states how things stand (目前…, 截至2023年底…): what it counts are results.
_STATUS = re.compile(r"^\s*(?:据了解[,，]\s*)?(?:目前|截至|截止|现有|至今)")
# A count of a plan's own tasks (主责任务(312项), 共细分出171项): no goal.
_TASK_COUNT = re.compile(r"细分|分解|梳理|共计?[^,]{0,6}$|合计|任务\(")
_REVIEW_HEADING = re.compile(r"(?:回顾|成效|成就|成绩|发展基础|现实基础|基础条件|现状|进展情况|工作进展|主要进展)$")
_GOAL_HEADING = re.compile(r"目标|指标")
# A task table's column of what was done (落实情况, 完成情况, 进展情况, 工作进度): its cells report results.
_REVIEW_COLUMN = re.compile(r"(?:落实|完成|进展|推进|办理|执行|工作|实施)(?:情况|进度|进展)|进展情况|完成进度")
# Money that is a cap or a subsidy, not a goal: 最高不超过100万元, 奖励资金10万元, 给予一次性补助.
_CAP = re.compile(r"最高|最多|上限|封顶|每[个家人户项]")
_SUBSIDY = re.compile(r"奖励|补助|补贴|资助|奖补|贴息|给予|资金|[^消]费")  # fees paid (保管费), not spending goals (消费)
# A programme's quota: how many people it selects, trains or funds (选拔资助不少于100名), or how many it funds.
_PEOPLE = re.compile(r"(?:万|千)?(?:名|人|人次)$")
_PROGRAMME = re.compile(r"引进|培养|培训|选拔|资助|遴选|评选|评定|认定|选派|选聘|扶持|支持|招收|招录")
_FUNDING = re.compile(r"扶持|资助|补助|奖励|补贴")
_GOAL_MARK = re.compile(r"力争|确保|争取|实现|目标(?:是|为|:)")
_RATE = re.compile(r"(?:率|比重|占比|比例|份额)$|占.+的$")
_MODIFIER_CUE = ("过", "超过", "超", "达", "达到", "突破")
_YEAR_MARK = re.compile(r"(?P<to>到|至|在)?(?:“?十(?P<plan>[一二三四五六七八九])五”?(?:末|期末)|(?P<y>(?:19|20)\d{2})年)(?P<rest>底|末|起|以来)?")
_LEAD_WORDS = re.compile(
    r"^(?:其中|力争|确保|争取|努力实现|实现|基本实现|全年|今年|每年|年均|到\d{4}年|\d{4}年(?:底|末)?(?:前)?|\d+年内|带动|总体|,|、|和|及)+"
)
_SEP = "、和及与"
_VERBS_ONLY = re.compile(rf"(?:{_GOAL_VERB.pattern}|[{_SEP}])+")
_ENDS_IN_VERB = re.compile(rf"(?:{_GOAL_VERB.pattern})$")


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
    kind: str = "goal"  # goal | result
    # "clause": stated in its sentence or paragraph; "goals": the plan's horizon, the target standing in the plan's
    # goals section; "plan": the plan's horizon, the target standing elsewhere; None: no year
    year_from: str | None = None

    def __post_init__(self) -> None:
        # 7.0 written with a decimal point is the value 7: one number, one type, in every store
        if isinstance(self.value, float) and self.value.is_integer():
            self.value = int(self.value)


def _comparator(cue: str | None, mod: str | None, after: str | None) -> str:
    if after in ("左右", "上下") or mod in ("约", "近"):
        return "~"
    if after in ("以下", "以内") or cue in ("控制在", "不超过", "压缩至", "缩短至", "降至"):
        return "<="
    if cue == "低于":
        return "<"
    if cue in ("突破", "超过", "超", "高于"):
        return ">"
    if after == "以上" or cue in ("达到", "达", "不低于", "不少于", "至少", "增加到", "提高到", "提升到", "提升至", "提高至", "增长", "增至"):
        return ">="
    return "="


def plan_horizon(view: str, *, title: str | None = None) -> int | None:
    """The year a plan's goals are set for, where its title or its goals section says.

    ``十四五`` in the title is 2025; otherwise the first 到YYYY年 under a heading that
    names the goals (发展目标, 主要目标, 目标任务); otherwise a year range or a year in the
    title (2021—2025年 is 2025, an annual plan's 2024年 is 2024).

    >>> plan_horizon("一、主要目标\\n到2025年，产值达到10亿元。", title="某县产业发展规划")
    2025
    >>> plan_horizon("", title="某市“十四五”县域经济发展规划")
    2025
    """
    from kg.text.structure import parse

    m = re.search(r"十([一二三四五六七八九])五", title or "")
    if m:
        return _five_year_end(m.group(1))
    structure = parse(view)
    for ln in structure.lines:
        heads = [structure.lines[p].text for p in ln.parents] + ([ln.text] if ln.numbering else [])
        if any(_GOAL_HEADING.search(h[:20]) for h in heads):
            y = re.search(r"到((?:19|20)\d{2})年", ln.text)
            if y:
                return int(y.group(1))
    years = re.findall(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–至到]+\s*((?:19|20)\d{2})年", title or "")
    if years:
        return int(years[0][1])
    y = re.search(r"((?:19|20)\d{2})年", title or "")
    return int(y.group(1)) if y else None


def _five_year_end(numeral: str) -> int:
    """The last year of the Nth five-year plan: 十三五 (13th) is 2020, 十四五 is 2025.

    >>> _five_year_end("三"), _five_year_end("四")
    (2020, 2025)
    """
    return 1955 + 5 * int(parse_number("十" + numeral))


def paragraphs(view: str) -> list[tuple[int, int]]:
    r"""View spans of paragraphs, lines that a page wrap cut mid-sentence joined again.

    A line break continues the paragraph where the text before it ends without a
    sentence end or colon, and neither side is a numbered heading or a table row
    (PDF and web copies break 一般公\n\n共预算收入 in two).

    >>> view = "到2025年,收入超40亿元,一般公\n\n共预算收入超4亿元。\n一、保障"
    >>> [view[a:b] for a, b in paragraphs(view)]
    ['到2025年,收入超40亿元,一般公\n\n共预算收入超4亿元。', '一、保障']
    """
    from kg.text.structure import numbering

    spans: list[list[int]] = []
    prev_open = False
    pos = 0
    for raw in view.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        text = raw.strip()
        if not text:
            continue
        joins = prev_open and spans and numbering(text) is None and "|" not in text
        if joins:
            spans[-1][1] = end
        else:
            spans.append([start, end])
        prev_open = not re.search(r"[。;!?:)”》]$", text) and "|" not in text and not (numbering(text) and len(text) < 30)
    return [(a, b) for a, b in spans]


def _sentences(view: str, a: int, b: int) -> list[tuple[int, int]]:
    return [(a + m.start(), a + m.end()) for m in re.finditer(r"[^。;!?]+", view[a:b])]


def _clauses(view: str, a: int, b: int) -> list[tuple[int, int]]:
    return [(a + m.start(), a + m.end()) for m in re.finditer(r"[^,:|]+", view[a:b])]  # a table cell is a clause too


def _year_marks(text: str, offset: int) -> list[tuple[int, int, bool]]:
    """(position, year, is_a_deadline) of the years written in ``text``: 到2025年 and 2025年底 are deadlines, 2015年的 is not."""
    out = []
    for m in _YEAR_MARK.finditer(text):
        if m.group("rest") in ("起", "以来"):
            continue
        year = _five_year_end(m.group("plan")) if m.group("plan") else int(m.group("y"))
        deadline = bool(m.group("to") in ("到", "至") or m.group("plan") or m.group("rest") in ("底", "末") or text[m.end():m.end() + 1] == "前")
        out.append((offset + m.start(), year, deadline))
    return out


def _lines_under(structure, heading: re.Pattern) -> set[int]:
    """Indexes of the lines under (or on) a numbered heading whose title ``heading`` finds."""
    out = set()
    for ln in structure.lines:
        own = [ln.index] if ln.numbering else []
        if any(heading.search(structure.heading(p).title.rstrip("。")) for p in ln.parents + own):
            out.add(ln.index)
    return out


def _line_index(view: str):
    from bisect import bisect_right

    starts = [0] + [i + 1 for i, ch in enumerate(view) if ch == "\n"]
    return lambda pos: bisect_right(starts, pos) - 1


def _indicator(head: str) -> str:
    head = _LEAD_WORDS.sub("", head.strip())
    for left, right in ("“”", "()"):  # a bracket or quote the clause cut open
        if head.startswith(left) and right not in head:
            head = head[1:]
    head = re.sub(r"(?:分别|均|都|要|将|力争|确保)?(?:力争|确保)?$", "", head)
    return head.strip(" ,、的\n")


def _object(clause: str, start: int, stop: int) -> tuple[str, int]:
    """The noun a quantity counts when it comes after it (建成30家左右绿色示范工厂), and where it ends."""
    tail = clause[start:stop]
    cut = len(tail)
    for i in range(len(tail) - 1, -1, -1):  # a separator just before the next quantity ends the object
        if tail[i] in _SEP and not tail[i + 1:].strip():
            cut = i
    obj = tail[:cut]
    m = re.match(r"^(?:以上|以下|左右)?的?", obj)
    obj = obj[m.end():] if m else obj
    obj = obj.rstrip(_SEP + " \n")
    return obj.strip(), start + len(tail[:cut].rstrip(_SEP + " \n"))


def _distribute(items: list[str]) -> list[str]:
    """花生种植、收获机械化率 -> 花生种植机械化率, 花生收获机械化率: two-character items share the first's head and the last's tail."""
    first, last = items[0], items[-1]
    if _MEASURE.search(first):  # 事故起数、死亡人数: each item is a whole indicator
        return items
    if len(items) >= 2 and len(first) > 2 and len(last) > 2 and all(len(x) == 2 for x in items[1:-1]) and len(items[1] if len(items) > 2 else last[:2]) == 2:
        prefix, suffix = first[:-2], last[2:]
        return [first + suffix] + [prefix + x + suffix for x in items[1:-1]] + [prefix + last]
    return items


_TIME_UNITS = ("小时", "天", "个工作日", "工作日")


def _quantities(clause: str) -> list[re.Match]:
    """The quantities of a clause that can state a target: a Chinese numeral only after a goal verb (建设一所),
    none that qualifies a noun (过500亿元的县) or names a thing (一小时经济圈)."""
    if not _ANY_NUMERAL.search(clause):  # every quantity has a numeral: the long pattern is not tried on the rest
        return []
    out = []
    for m in _TARGET.finditer(clause):
        digits = m.group("num")[0].isdigit()
        if not (m.group("unit") or digits) or (not digits and not m.group("cue")) or _modifier(clause, m):
            continue
        if m.group("unit") in _TIME_UNITS and not m.group("after") and re.match(r"[\u4e00-\u9fff]", clause[m.end():m.end() + 1]) \
                and clause[m.end():m.end() + 1] not in "以内左之":
            continue
        out.append(m)
    return out


def find_targets(view: str, *, default_year: int | None = None, horizon: int | None = None,
                 assigned: list[tuple[int, int]] = ()) -> list[TargetRecord]:
    """Targets (goals and reviewed results) stated in the view, in document order.

    ``default_year`` is the year that 今年/全年 refer to (the document's date or plan
    year); ``horizon`` the plan's horizon (:func:`plan_horizon`), the year of a goal
    whose paragraph states none. ``assigned``: the spans of task titles the document
    assigns to units; a figure written there is a goal without any word saying so
    (a 量化指标 table's row 铁路投资8000亿元, 财政部负责: the assignment is the cue).
    """
    from kg.text.structure import numbering, parse

    structure = parse(view)
    review = _lines_under(structure, _REVIEW_HEADING)  # 发展基础, 工作回顾, 主要成效
    goal_section = _lines_under(structure, _GOAL_HEADING)  # 发展目标, 主要指标
    line_of = _line_index(view)
    reported = _review_cells(view)
    out: list[TargetRecord] = []
    for pa, pb in paragraphs(view):
        in_review = line_of(pa) in review
        years = _year_marks(view[pa:pb], pa)
        # a year that opens the paragraph (到2020年,…) frames all of it; one written later, only its own sentence
        opening = pa + (re.search(r"[,。;]|$", view[pa:pb]).start())
        for sa, sb in _sentences(view, pa, pb):
            sentence = view[sa:sb]
            aspiring = bool(_ASPIRE.search(sentence))
            stated = False  # a target found earlier in the sentence: the sentence is a goal statement
            for ca, cb in _clauses(view, sa, sb):
                clause = view[ca:cb]
                num = numbering(clause)
                skip = num.end if num else 0
                given = any(a < cb and ca < z for a, z in assigned)
                found = _clause_targets(clause, skip, aspiring=aspiring or stated or given, sentence=sentence)
                for rel_s, rel_e, ind, value, unit, comparator in found:
                    s, e = ca + rel_s, ca + rel_e
                    scope = [y for y in years if y[0] >= sa or y[0] < opening]
                    year, year_from, past_year = _year_of(scope, e, sentence, default_year, horizon)
                    if year_from == "plan" and line_of(s) in goal_section:
                        year_from = "goals"
                    done = (in_review or past_year or _is_past(clause, sentence) or _inside(reported, s)
                            or bool(_STATUS.match(sentence)))
                    kind = "result" if done else "goal"
                    if kind == "result" and year_from == "plan":
                        year, year_from = None, None
                    out.append(TargetRecord(s, e, ind, value, unit, comparator, year, view[s:e].strip(), kind, year_from))
                stated = stated or bool(found)
    return out


def _review_cells(view: str) -> list[tuple[int, int]]:
    r"""View spans of the cells under a task table's column of what was done (落实情况…), in order.

    >>> view = "序号 | 任务 | 落实情况 |\n1 | 新增学位5000个 | 新增学位5500个 |\n二、其他"
    >>> [view[a:b] for a, b in _review_cells(view)]
    [' 新增学位5500个 ']
    """
    out: list[tuple[int, int]] = []
    column, pos = None, 0
    for line in view.split("\n"):
        cells = line.split("|")
        if len(cells) < 3:
            column = None
        elif column is None:
            column = next((k for k, c in enumerate(cells) if _REVIEW_COLUMN.fullmatch(c.strip())), None)
        elif column < len(cells):
            start = pos + sum(len(c) + 1 for c in cells[:column])
            out.append((start, start + len(cells[column])))
        pos += len(line) + 1
    return out


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    from bisect import bisect_right

    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _is_past(clause: str, sentence: str) -> bool:
    if _PAST.search(clause):
        return True
    return bool(_COMPARED.search(clause)) and not _GOAL_MARK.search(sentence)


def _year_of(years: list[tuple[int, int, bool]], pos: int, sentence: str, default_year: int | None, horizon: int | None):
    """(year, where it came from, whether the clause reports a past year): the last year written before ``pos``
    (the target's end) in its paragraph."""
    before = [(y, deadline) for p, y, deadline in years if p < pos]
    if before:
        y, deadline = before[-1]
        past = not deadline and default_year is not None and y < default_year
        return y, "clause", past
    if re.search(r"今年|全年|本年|年度", sentence) and default_year:
        return default_year, "clause", False
    if horizon:
        return horizon, "plan", False
    return None, None, False


def _clause_targets(clause: str, skip: int, *, aspiring: bool, sentence: str) -> list[tuple[int, int, str, float, str, str]]:
    """(start, end, indicator, value, unit, comparator) of each target in one clause, offsets within it."""
    matches = [m for m in _quantities(clause) if m.start() >= skip]
    out: list[tuple[int, int, str, float, str, str]] = []
    respective: list[str] = []  # A、B分别达到M和N: the items still to be named by the values after the first
    carried: str | None = None  # the comparator of the clause's first target, for the values an enumeration lists after it
    prev_end = skip
    goal_verb = _GOAL_VERB.search(clause, skip)
    for k, m in enumerate(matches):
        cue, after, digits = m.group("cue"), m.group("after"), m.group("num")[0].isdigit()
        nxt = matches[k + 1].start() if k + 1 < len(matches) else len(clause)
        goal = cue or after in ("以上", "以下", "以内") or aspiring or carried is not None or (goal_verb is not None and goal_verb.start() < m.start())
        if not goal:
            continue
        value = parse_number(m.group("low") or m.group("num"))
        if value is None:
            continue
        head_end = m.start("cue") if cue else m.start()
        raw_head = clause[prev_end:head_end]
        head = _indicator(raw_head)
        obj, obj_end = _object(clause, m.end(), nxt)
        unit = _unit(m.group("unit"), head, raw_head.rstrip() or clause[skip:head_end], m)
        if unit is None:
            continue
        if carried is not None and not head and not cue:
            indicator = obj or (respective.pop(0) if respective else "")
            if len(indicator) < 2 and out:
                indicator = out[-1][2]
        elif obj and (not head or _VERBS_ONLY.fullmatch(head) or _ENDS_IN_VERB.search(head)
                      or (cue and _GOAL_VERB.fullmatch(cue) and cue not in ("达到", "突破", "超过"))):
            indicator = obj
        else:
            indicator = head
        if len(indicator) < 2 or _VERBS_ONLY.fullmatch(indicator):  # a fragment: 招引 = 100个 counts nothing named
            continue
        if _not_a_goal(unit, clause, sentence):
            continue
        comparator = ">=" if m.group("low") else _comparator(cue, m.group("mod"), after)
        if carried is not None and not cue and not after and not m.group("mod"):
            comparator = carried
        end = obj_end if obj and indicator.endswith(obj) else m.end()
        start = skip if not out else prev_end
        while start < m.start() and clause[start] in _SEP + " \n":
            start += 1
        if carried is None and "分别" in raw_head and _parallel(head):
            respective = _distribute(_items(_indicator(raw_head.replace("分别", ""))))[1:]
        out.extend(_split_items(clause[start:head_end], (start, end, indicator, value, unit, comparator), clause))
        carried = comparator
        prev_end = end
    return out


def _split_items(head: str, target: tuple, clause: str) -> list[tuple]:
    """A、B均达到N is one target per item; A、B分别达到M和N is split by the caller's values (see :func:`_distribute`)."""
    start, end, indicator, value, unit, comparator = target
    subject = _indicator(head)
    if not _parallel(subject) or not re.search(r"(?:均|都)$", head.strip()):
        return [target] if "分别" not in head or not _parallel(indicator) else [_respective(target, clause)]
    # one span each (the second from its own item on), so that each is its own mention
    items = _items(subject)
    starts, at = [], head.find(subject)
    for item in items:
        at = head.find(item, at)
        starts.append(start + at)
        at += len(item)
    return [(start if i == 0 else starts[i], end, name, value, unit, comparator) for i, name in enumerate(_distribute(items))]


_MEASURE = re.compile(r"(?:率|比重|占比|比例|量|额|值|数|面积|规模|收入)$")


def _items(subject: str) -> list[str]:
    """A、B和C: the items of a list of indicators."""
    return [x for x in re.split(r"[、和]", subject) if x]


def _parallel(subject: str) -> bool:
    """A、B…: items that each name an indicator (种植、收获机械化率), not one subject of one-character parts (东、中、西片区)."""
    items = _items(subject)
    return len(items) > 1 and all(len(x) >= 2 for x in items)


def _respective(target: tuple, clause: str) -> tuple:
    """The first value of A、B分别达到M和N names A (the rest are named as the enumeration goes on)."""
    start, end, indicator, value, unit, comparator = target
    if _parallel(indicator):
        indicator = _distribute(_items(indicator))[0]
    return (start, end, indicator, value, unit, comparator)


def _modifier(clause: str, m: re.Match) -> bool:
    """A number that qualifies a noun (过500亿元的县, 产值超过1亿元的示范村镇) states no target of its own."""
    follows = clause[m.end():m.end() + 1] == "的"
    before = clause[max(0, m.start() - 2):m.start()]
    return follows and (m.group("cue") in _MODIFIER_CUE or before.endswith("过"))


def _unit(unit: str | None, head: str, raw: str, m: re.Match) -> str | None:
    """The unit as written; a bare number after a rate is a percentage (城镇化率达到60), 30万 of a population is 万人."""
    if not unit:
        value = parse_number(m.group("num"))
        if (_RATE.search(head) or _RATE.search(raw)) and value is not None and value <= 100 and (m.group("cue") or m.group("after")):
            return "%"
        return None
    unit = unit.strip()  # 38.18 %: a space before the sign
    if unit in ("万", "亿") and re.search(r"人口|人数|人员$", head):
        return unit + "人"
    return unit


def _not_a_goal(unit: str, clause: str, sentence: str) -> bool:
    """Caps and subsidies in money, and the quotas of a support or talent programme unless stated as a goal."""
    if unit.endswith("元") and (_CAP.search(clause) or _SUBSIDY.search(clause)):
        return True
    if unit == "项" and _TASK_COUNT.search(clause[: clause.rfind("项")] if "项" in clause else clause):
        return True
    if _PEOPLE.search(unit) and _PROGRAMME.search(sentence) and not _GOAL_MARK.search(sentence):
        return True
    return bool(_FUNDING.search(clause)) and not _GOAL_MARK.search(sentence)
