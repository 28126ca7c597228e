"""Tasks and the units assigned to them, in every layout found in real documents.

Input is the matching view and its :class:`~kg.text.structure.Structure`; output is a
list of :class:`TaskRecord` with view offsets. Layouts:

* a unit bracket closing a task: ``1.推行产业链长制。…(牵头单位:X;责任单位:Y、Z)``,
  ``…(A、B负责)``, ``…(X会同有关部门负责)``, ``…(X牵头,Y参与)``; two brackets in one
  paragraph are two tasks;
* unit lines under a numbered item: ``牵头单位:X`` / ``责任单位:Y`` on their own lines;
* table rows (cells joined by `` | ``) with lead / responsible / deadline columns;
* prose: ``X会同Y、Z等有关部门研究提出了办理意见`` under a titled item.

Document-wide conventions (``列第一位者为牵头单位``, ``以下均需X落实，不再列出``) apply
from where the document states them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.text.structure import GROUP_HEADER, HEADER_CELL, Line, Structure, first_sentence, numbering
from kg.extract.units import (
    ETC_RX, GUIDE, LABEL_RX, LEAD, LEAD_MARK, RESPONSIBLE, ROLE_WORDS_RX, UNIT_NOUN_RX, SlotContext, Unit, first_listed_leads, is_unit_name, label_role, read_slots, split_units,
)

__all__ = ["TaskRecord", "find_tasks"]

TITLE_MAX = 40
# "The first-listed unit leads", in its many wordings: 列第一位者为牵头单位, 排在第一位的部门为牵头部门,
# 排在首位的为牵头单位, 排名第一的单位为牵头单位, 第一个单位为牵头单位, 首位单位牵头.
_FIRST_IS_LEAD = re.compile(
    r"(?:(?:列|排|位)(?:在|于|居|名)?(?:第一|首)(?:位|个|名)?|(?:第一|首)(?:个|家|位))"
    r"(?:的|者)?(?:部门|单位)?(?:为|是|作为|系)?(?:牵头|主办|主责)(?:单位|部门)?"
)
# A unit that the document says takes part in every item, so that no slot names it again:
# 以下各项工作均需X落实,不再列出 (the items after the note) / 具体任务均涉及X,不再做分工,下同
# (the item of the note and those after it).
_IMPLICIT = re.compile(
    r"(?P<from>以下|具体)?(?:各项|各条)?(?:政策措施|工作|任务|措施)?均(?:需|由|须|涉及)"
    r"(?P<units>(?:[^,，。;；()]|\([^()]{1,8}\))(?:[^。;；()]|\([^()]{1,8}\)){1,60}?)(?:负责)?(?:落实)?[,，]?\s*(?:以下)?"
    r"(?:不再(?:一一|单独|重复)?(?:列出|做分工|分工)|下同)"
)
_DEADLINE = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月)?(?:底|末|上旬|中旬|下旬)?前|\d{4}年(?:\d{1,2}月)?(?:底|末)?|长期坚持|持续推进|长期"
)
_DEADLINE_IN_TEXT = re.compile(r"\d{4}年(?:\d{1,2}月)?(?:底|末|上旬|中旬|下旬)?前")
# A unit written without its jurisdiction (住建局, 安委办, 街道办事处), as a county's own documents
# name their units in a bare list: a short body and a unit suffix.
_BARE_UNIT = re.compile(r"[\u4e00-\u9fff]{1,10}(?:局|委|办|厅|人民政府|政府|办事处|管委会|大队|支队|分局|公司|海关)")
_EXPLAINING = re.compile(r"\s*(?:含|包括|包含|如|即|指|例如|比如|其中|主要是|不含|除)")
_ENUM_OPENING = re.compile(r"\s*(?:[一二三四五六七八九十]+是|(?:\()?任务[一二三四五六七八九十\d]+(?:\))?[:、.]?|其[一二三四五六七八九十]+[,，、])\s*")
_ARTICLE = re.compile(r"\s*第[一二三四五六七八九十百零〇\d]+条\s*")
_HUITONG_MID = re.compile(r"会同")
_TOPIC = re.compile(r"关于.{2,150}?(?:的)?(?:问题|事项|工作|要求|任务|政策|措施)")  # the topic a division-of-work notice assigns
# What follows the last unit of a clause that is an assignment alone (由X负责 / X牵头,Y等单位配合), nothing after it.
_BARE_DUTY = re.compile(r"(?:由?\0(?:[、,，]|和|及|与)?)+(?:等(?:有关|相关|其他)?(?:部门|单位))?(?:总?牵头|负总责|负责|配合|参与|协助|协同|参加)+(?:落实|实施)?"
                        r"(?:[,，;；](?:\0(?:[、,，]|和|及|与)?)+(?:等(?:有关|相关|其他)?(?:部门|单位))?(?:配合|参与|协助|协同|参加)(?:落实|实施)?)*[。;； ]*")
_ETC_TAIL = re.compile(r"等(?:有关|相关|其他)?(?:部门|单位)$")
_YOU = re.compile(r"(?<![理自经])由")
_CHAIN_SEP = re.compile(r"、|和|及|与|以及")
_AFTER_UNIT = re.compile(r"[、,，。;；]|和|及|与|会同|负责|牵头|(?:为|作为)(?:牵头|配合|参与|协办|责任|主办)|进行|按|根据|制定|批准|联合|报送|应当|组织|等|共同|配合|参与|协助|协同|参加|落实|分别")
# What co-operating units do in the clauses after an assignment: 配合, 参与, or their share of it
# (按职责分工负责, 分别落实) after a lead has been named.
_PARTNER_VERB = re.compile(r"(?:加强|积极|主动|密切|全力)?(?:配合|参与|协助|协同|参加)(?:协调|落实|实施)?|(?:为|作为|是)(?:配合|参与|协办|责任)(?:单位|部门)"
                           r"|(?:按职责(?:分工)?|按照职责(?:分工)?|按各自职责|分别|共同|具体)(?:抓好|做好|狠抓)?(?:负责|落实)")
_ROLE_AFTER = re.compile(r"(?:负责)?牵头(?:负责|组织|落实)?|负责|组织实施|(?:为|作为|是)(?:牵头|主办)(?:单位|部门)")
_PROSE_SUBJECT = re.compile(r"^(?:由)?(?P<units>[^,，。:;；()“”《》]{2,60}?)(?:将|已|要)?[:]?(?:(?P<with>会同)|(?=负总责|负责|研究提出))")
_ACTION = re.compile(
    r"研究|统筹|组织|开展|制定|负责|推进|做好|加强|落实|赴|共同|完成|建立|提出|编制|实施|抓好|督促|指导|出台|对|就|按照|根据|联合|进行|推动"
)


# A heading naming the units of the items under it: 县示范区管委会牵头工作(8项), 县发改局负责的任务.
_GROUP_HEADING = re.compile(
    r"(?P<units>[^,，。;；:：()]{2,60}?)(?P<verb>牵头|主办|负责)(?:的|推进的|落实的)?(?:重点|主要)?(?:工作|任务|事项)(?:任务|事项)?"
    r"\s*(?:\(\s*(?:共)?[\d一二三四五六七八九十]+\s*项\s*\))?\s*[。:]?\s*$"
)
_DASH = re.compile(r"\s*(?:——|—|--)\s*")  # the view has folded －－ to --
_ETC = re.compile(rf"{ETC_RX}|等")
# 负责 closing its clause (X负责,Y配合,抽调…): no object of its own, so the item's title is the task;
# X负责<object> makes the object the task.
_DUTY_CLOSES_CLAUSE = re.compile(r"负总?责\s*[,，;；]")
_LIST_SEP = re.compile(r"[、,，;；。]")
_ETC_COLLECTIVE = re.compile(r"等((?:其他|其它)(?:有关|相关)?(?:部门|单位))")


def _after_etc(view: str, pos: int, end: int) -> int:
    """Past ``等部门`` / ``等有关单位`` closing a unit list (Y、Z等部门配合: the verb comes after it)."""
    m = _ETC.match(view, pos, end)
    return m.end() if m else pos


def _nth_sentence(ln: Line, off: int) -> int:
    """How many sentences of the line's body come before offset ``off``."""
    body = ln.numbering.end if ln.numbering else 0
    return ln.text[body:off].count("。")


def _verb_at(sent: str, start: int) -> int | None:
    m = _ACTION.search(sent, start)
    return m.start() if m and m.start() > start else None


@dataclass
class TaskRecord:
    """A task found in the view. Offsets are view offsets."""

    title: str
    title_start: int
    title_end: int
    line: int
    units: list[Unit] = field(default_factory=list)  # absolute view offsets
    evidence_start: int = 0
    evidence_end: int = 0
    number: str | None = None
    section: list[str] = field(default_factory=list)
    deadline: str | None = None
    parent_line: int | None = None
    container: str = ""  # where the units were written: bracket, unit lines, table, prose


def _brackets(text: str) -> list[tuple[int, int]]:
    """Top-level parenthesised groups ``(start, end)`` in ``text`` (end exclusive, brackets included).

    A bracket still open where the text stops (a truncated page: ``…(牵头单位:X;责任单位:Y``)
    runs to the end, as if closed there.

    >>> _brackets("推进(一)建设(牵头单位:区发改局")
    [(2, 5), (7, 18)]
    """
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    if depth:
        out.append((start, len(text) + 1))  # the missing ")" counted, so content is text[s + 1 : e - 1]
    return out


_COLON_TITLE = re.compile(r"([^,，:;“”《》()]{2,20}?)[:]")


def _title(view: str, start: int, end: int) -> tuple[int, int]:
    """Title span of a task whose text runs ``[start, end)``: its first sentence if short, else its first clause."""
    while start < end and view[start] in " \t。;,，、)★☆▲△●◆":  # ★地区生产总值增长15%: a key task's mark, no title
        start += 1
    num = numbering(view[start:end])  # an item numbered inside a run-on paragraph: ...(牵头单位:X)2.优化营商环境
    if num is not None:
        start += num.end
    start = _innermost_item(view, start, end)
    opening = _ENUM_OPENING.match(view, start, end)  # 一是…, 任务一:…, (任务3)…: numbering in words
    if opening and opening.end() < end:
        start = opening.end()
    seg = view[start:end]
    sent = first_sentence(seg)
    head = _COLON_TITLE.match(sent)
    if head:  # 水利化工程:加快灌区续建…: a name before a colon titles the item
        sent = head.group(1)
    if len(sent) > TITLE_MAX or not sent:
        m = _CLAUSE_CUT.search(seg)
        sent = seg[: m.start()] if m else sent
    sent = _drop_explanation(sent)
    sent = sent.rstrip("。;,，. ")
    return start, start + len(sent)


# Where a long first sentence's first clause ends: a comma outside quotation marks
# (坚持“稳开稳走,提质提效”的总体态势,加强… is cut after 态势, not inside the quote).
_CLAUSE_CUT = re.compile(r"[,，:;；](?=[^“”]*(?:“|$))")


def _innermost_item(view: str, start: int, end: int) -> int:
    """Where the last item numbered after a sentence end in ``[start, end)`` begins its title, else ``start``.

    二、重点任务。(一)推进品种改良。(X牵头): a heading and its first sub-item written on one
    line; the slot closes the sub-item, whose title is 推进品种改良.
    """
    at = start
    for m in re.finditer("。", view[start:end]):
        num = numbering(view[start + m.end() : end])
        if num is not None and start + m.end() + num.end < end:
            at = start + m.end() + num.end
    return at


def _drop_explanation(title: str) -> str:
    """A title without an explanatory bracket at its end (发展特色产业(茶叶、中药材) -> 发展特色产业);
    a short bracket inside it is part of the name and stays (推进各区(县)协同发展).

    >>> _drop_explanation("发展特色产业(茶叶、中药材)"), _drop_explanation("推进各区(县)协同发展")
    ('发展特色产业', '推进各区(县)协同发展')
    """
    for m in re.finditer(r"\(([^()]*)\)", title):
        if m.start() >= 4 and (m.end() >= len(title.rstrip("。;,， ")) or len(m.group(1)) > 4):
            return title[: m.start()]
    return title


class _Finder:
    def __init__(self, view: str, structure: Structure, departments: list[tuple[int, int]]) -> None:
        self.view = view
        self.st = structure
        self.unit_at = {s: e for s, e in departments}  # unit mentions by start
        self.unit_ending = {e: s for s, e in departments}  # and by end
        m = _FIRST_IS_LEAD.search(view)
        self.first_is_lead_from = m.start() if m else None
        notes = [(m.end() if m.group("from") == "以下" else self._line_start(m.start()), split_units(m.group("units"), m.start("units")))
                 for m in _IMPLICIT.finditer(view)]
        self.implicit = [(at, [u for u, *_ in units]) for at, units in notes]
        # where the note writes each unit: its relations' evidence, and its span in the view
        self.implicit_spans = {u: (s, e) for _, units in notes for u, s, e, _ in units}
        self.tasks: list[TaskRecord] = []
        self.by_line: dict[int, list[TaskRecord]] = {}  # the tasks found on each line so far

    def group_headings(self) -> None:
        """A heading that names the units of every item under it: ``一、县示范区管委会牵头工作(8项)``.

        Task lists sorted by lead write the unit once, in the heading; each numbered item
        directly under it is a task of those units (its own slot, where it has one, keeps
        its units and gains the heading's lead only where it names none).
        """
        groups: dict[int, list[Unit]] = {}
        for ln in self.st.lines:
            units = self._heading_units(ln) if ln.numbering is not None else None
            if units:
                groups[ln.index] = units
        named = set(groups)  # headings that say so in words (X牵头的工作), not by a bracket
        # the heading is no task of its own (its "X牵头" was read as prose)
        self.tasks = [t for t in self.tasks if t.line not in groups]
        for i in groups:
            self.by_line.pop(i, None)
        # 一、强化科技创新(区科技局牵头): a heading titled and closed by its bracket is a task, and
        # its units are those of the items under it that name none
        for i, own in list(self.by_line.items()):
            ln = self.st.lines[i]
            if (len(own) == 1 and own[0].container == "bracket" and ln.numbering is not None
                    and ln.numbering.kind in ("cn", "chapter", "section") and self._titled_by_bracket(ln, own[0])):
                groups[i] = [Unit(u.name, u.role, u.start, u.end, f"heading bracket: {u.rule}") for u in own[0].units if u.role != GUIDE]
        if not groups:
            return
        numbered_under = {ln.parents[-1] for ln in self.st.lines if ln.numbering is not None and ln.parents}
        for ln in self.st.lines:
            if not ln.parents or ln.parents[-1] not in groups:
                continue
            if ln.numbering is None and (ln.parents[-1] not in named or ln.parents[-1] in numbered_under
                                         or not self._plain_item_line(ln)):
                continue  # under a heading without numbered items, its paragraphs are its items
            units = groups[ln.parents[-1]]
            own = self.by_line.get(ln.index)
            if own:
                for t in own:
                    if not any(u.role == LEAD for u in t.units):
                        t.units = [*units, *t.units]
                continue
            self._add(ln, ln.body_start, ln.end, list(units), (ln.start, ln.end), ln.start, skip_heading=False,
                      container="heading")

    def implicit_items(self) -> None:
        """Items after a note that names a unit for every item (以下各项工作均需X落实,不再列出) that name
        no unit of their own are tasks of that unit too: the note is why they name none."""
        for at, _names in self.implicit:
            note_line = next((ln for ln in self.st.lines if ln.start <= at <= ln.end), None)
            if note_line is None:
                continue
            item = note_line if note_line.numbering is not None else (
                self.st.lines[note_line.parents[-1]] if note_line.parents else None)
            if item is None or item.numbering is None:
                continue
            busy = {t.line for t in self.tasks} | {p for t in self.tasks for p in self.st.lines[t.line].parents}
            for ln in self.st.lines[item.index + 1 :]:
                if ln.numbering is None or ln.numbering.kind != item.numbering.kind or ln.index in busy:
                    continue
                if ln.parents != item.parents:
                    break  # the next section: the note was about its own list
                self._add(ln, ln.body_start, ln.end, [], (ln.start, ln.end), ln.start, skip_heading=False,
                          container="convention")

    def _plain_item_line(self, ln: Line) -> bool:
        """A paragraph that can be an item of its own: text, not a slot line (协同单位:X) or a blank."""
        text = ln.text.strip()
        return len(text) >= 4 and not _slot_text(text) and not LABEL_RX.match(text)

    def heading_titles(self) -> None:
        """A task that is the whole body of a titled heading takes the heading's title.

        ``一、推进重大项目建设`` / one paragraph of measures closed by its unit bracket, and
        nothing else under the heading: the paragraph is the item's text, so the task is the
        item (推进重大项目建设), not the paragraph's first clause. Where a heading holds several
        paragraphs or tasks, each keeps its own title, and so does an assignment written in prose.
        """
        for i, own in list(self.by_line.items()):
            ln = self.st.lines[i]
            if ln.numbering is not None or len(own) != 1 or own[0].container != "bracket" or not ln.parents:
                continue  # a prose clause keeps its own words as its title (X牵头制定评价办法)
            head = self.st.lines[ln.parents[-1]]
            body = [b for b in self.st.lines[head.index + 1 :] if head.index in b.parents or b.index == i]
            body = [b for b in body if b.text.strip()]
            if not body or body[-1].index != i or head.index in self.by_line:
                continue  # the bracket's paragraph must end the item
            if any(b.index in self.by_line for b in body[:-1]):
                continue  # another task under the item: each keeps its own title
            title_span = self._head_title(head)
            if title_span is None:
                continue
            task = own[0]
            if self.view[task.evidence_end : ln.end].strip(" 。"):
                continue  # the bracket does not close the paragraph
            ts, te = title_span
            task.title, task.title_start, task.title_end = self.view[ts:te], ts, te
            task.number = head.numbering.text

    def _head_title(self, head: Line) -> tuple[int, int] | None:
        """The span of an item's title: its whole line where that is a short title (推进重大项目建设),
        or its first sentence where the line opens with one (道路畅通工程。加快建设…), else None."""
        text = self.view[head.body_start : head.end]
        ts = head.body_start + len(text) - len(text.lstrip())
        whole = text.strip().rstrip("。:")
        if whole and len(whole) <= TITLE_MAX and not _CLAUSE_CUT.search(whole) and "。" not in whole:
            return ts, ts + len(whole)
        first = self.view[ts : head.end].split("。", 1)[0]
        if "。" in text and 2 <= len(first) <= TITLE_MAX // 2 and not _CLAUSE_CUT.search(first):
            return ts, ts + len(first)
        return None

    def _titled_by_bracket(self, ln: Line, task: TaskRecord) -> bool:
        """Is the line nothing but a short title and the unit bracket that closes it?"""
        return (task.title_start == ln.body_start and len(task.title) <= TITLE_MAX
                and not self.view[task.title_end : task.evidence_start].strip(" 。")
                and not self.view[task.evidence_end : ln.end].strip(" 。"))

    def _heading_units(self, ln: Line) -> list[Unit]:
        m = _GROUP_HEADING.match(self.view, ln.body_start, ln.end)
        if not m or not _all_units(m.group("units")):
            return []
        role = LEAD if m.group("verb") in ("牵头", "主办") else RESPONSIBLE
        units = split_units(m.group("units"), m.start("units"))
        return [Unit(n, role, s, e, f"heading X{m.group('verb')}工作") for n, s, e, _ in units]

    def _keep(self, task: TaskRecord) -> None:
        self.tasks.append(task)
        self.by_line.setdefault(task.line, []).append(task)

    def ctx(self, pos: int) -> SlotContext:
        # "下同": the convention applies to the bracket that states it and those after it.
        fil = self.first_is_lead_from is not None and pos >= self._line_start(self.first_is_lead_from)
        implicit = tuple(u for at, units in self.implicit if pos >= at for u in units)
        return SlotContext(first_is_lead=fil, implicit=implicit)

    def _line_start(self, pos: int) -> int:
        return self.view.rfind("\n", 0, pos) + 1

    # -- helpers -------------------------------------------------------------------------------
    def _is_heading_line(self, ln: Line) -> bool:
        """A numbered line whose un-numbered followers carry their own unit brackets: its first sentence is a section title."""
        if ln.numbering is None:
            return False
        for nxt in self.st.lines[ln.index + 1 :]:
            if nxt.numbering is not None:
                return False
            if any(self._slot_units(nxt.text[s + 1 : e - 1], nxt.start) for s, e in _brackets(nxt.text)):
                return True
        return False

    def _slot_units(self, content: str, pos: int) -> list[Unit]:
        # a note naming the units of the items after it (以下均需X、Y落实,不再列出) is read as the note, never as the slot's units
        content = _IMPLICIT.sub(lambda m: " " * len(m.group(0)), content)  # its units come by the convention
        units = read_slots(content, self.ctx(pos))
        return units if units and all(u.role in (LEAD, RESPONSIBLE, GUIDE) for u in units) else []

    def _add(self, ln: Line, seg_start: int, seg_end: int, units: list[Unit], ev: tuple[int, int], pos: int, *,
             skip_heading: bool, container: str) -> None:
        start = seg_start
        if skip_heading:
            m = re.search(r"[。;]", self.view[start:seg_end])
            if m:
                start += m.end()
        ts, te = _title(self.view, start, seg_end)
        if te - ts < 2:
            return  # no title, or a page cut one character into it (四、加): nothing to name the task by
        implicit = self.ctx(pos).implicit
        named = {u.name for u in units if u.role != GUIDE}
        extra = [Unit(u, RESPONSIBLE, *self.implicit_spans.get(u, (-1, -1)), "convention 以下均需X落实") for u in implicit if u not in named]
        dl = _DEADLINE_IN_TEXT.search(self.view, ts, seg_end)
        self._keep(
            TaskRecord(
                title=self.view[ts:te],
                title_start=ts,
                title_end=te,
                line=ln.index,
                units=units + extra,
                evidence_start=ev[0],
                evidence_end=ev[1],
                number=ln.numbering.text if ln.numbering else None,
                section=self.st.section_path(ln.index),
                deadline=dl.group(0) if dl else None,
                parent_line=ln.parents[-1] if ln.parents else None,
                container=container,
            )
        )

    # -- layouts -------------------------------------------------------------------------------
    def brackets(self, ln: Line) -> bool:
        found = False
        seg = ln.body_start
        heading = self._is_heading_line(ln)
        for s, e in _brackets(ln.text):
            a, b = ln.start + s, ln.start + e
            if _LABEL_BRACKET.fullmatch(self.view, a, min(b, ln.end)):
                continue  # 【牵头单位】X: a label in brackets, read as an inline label
            if _LEAD_NOTE.fullmatch(self.view, a, min(b, ln.end)) and LABEL_RX.search(self.view, seg, a):
                continue  # 责任单位:X、Y(X为牵头单位): a note on the labelled list before it, read with that list
            content = self.view[a + 1 : b - 1]
            if b > ln.end and ln.end == len(self.view.rstrip()):
                content = _completed(content)  # the page stops inside the bracket, maybe inside its role word
            units = self._slot_units(content, a) or self._bare_units(ln, a, b)
            if not units:
                continue
            for u in units:
                object.__setattr__(u, "start", u.start + a + 1)
                object.__setattr__(u, "end", u.end + a + 1)
            first_in_line = seg == ln.body_start
            owner = self._owner_line(ln) if first_in_line and not self.view[seg:a].strip() else None
            if owner is not None:  # the bracket stands on its own line under the item it closes
                self._add(owner, owner.body_start, owner.end, units, (owner.start, min(b, ln.end)), a,
                          skip_heading=False, container="bracket")
            else:
                self._add(ln, seg, a, units, (seg, min(b, ln.end)), a, skip_heading=heading and first_in_line, container="bracket")
            seg = b
            found = True
        return found

    def _bare_units(self, ln: Line, a: int, b: int) -> list[Unit]:
        """A bracket of nothing but unit names closing an item, with no role word: (市发改委、市财政局,各县市区人民政府).

        Every item must be a name the recogniser found (or a collective), and the bracket
        must end the line, so an explanatory bracket (含县财政局) is not read as a slot.
        """
        if self.view[min(b, ln.end) : ln.end].strip(" 。;；") or (ln.numbering is None and not ln.parents):
            return []  # not at the end of an item's line
        content = self.view[a + 1 : min(b - 1, ln.end)]
        if _EXPLAINING.match(content):
            return []  # (含县财政局), (包括发改局、财政局): what the item covers, not who does it
        dash = _DASH.match(content)  # (——市大数据局)
        skip = dash.end() if dash else 0
        units = self._unit_list(content[skip:], a + 1 + skip, "bare unit list closing an item", unprefixed=True)
        return [Unit(u.name, u.role, u.start + skip, u.end + skip, u.rule) for u in units]

    def _unit_list(self, content: str, at: int, rule: str, *, unprefixed: bool = False) -> list[Unit]:
        """``content`` (at view offset ``at``) read as nothing but a list of units, or [] where it is not.

        The names must cover the text, and each must be one the recogniser found, a collective
        or (``unprefixed``) a unit written without its jurisdiction (住建局). Units are responsible
        unless marked (牵头) or first-listed where the document says so. Offsets are relative to
        ``content``, as the slot readers give them.
        """
        items = split_units(content)
        covered = sum(e - s for _, s, e, _ in items)
        if not items or covered < 0.9 * len(LEAD_MARK.sub("", re.sub(r"[、,，;；\s]", "", content))):
            return []
        # after the first unit, a name without its jurisdiction inherits the first's (★区发改委、统计局)
        if not all(self.unit_at.get(at + s) == at + e or n.startswith(("各", "有关", "相关"))
                   or ((unprefixed or k > 0 or marked) and _BARE_UNIT.fullmatch(n))
                   for k, (n, s, e, marked) in enumerate(items)):
            return []
        units = [Unit(n, LEAD if marked else RESPONSIBLE, s, e, rule) for n, s, e, marked in items]
        return first_listed_leads(units) if self.ctx(at).first_is_lead else units

    def _owner_line(self, ln: Line) -> Line | None:
        """The item line a slot written on its own line belongs to: the nearest non-empty line above
        that is not itself a slot or a task already, or the item whose sub-items it closes."""
        for prev in reversed(self.st.lines[: ln.index]):
            if not prev.text.strip():
                continue
            if _slot_text(prev.text.strip()) or prev.index in self.by_line:
                return None
            return self._closed_item(prev, ln) or prev
        return None

    def _closed_item(self, last: Line, slot: Line) -> Line | None:
        """The item a slot line closes when it follows that item's sub-items ``(1)…(2)…``.

        ``1.完善预案体系`` / ``(1)…`` / ``(2)…`` / ``(责任单位:X)``: the slot ends the list of
        sub-items, so it belongs to the item that opens the list, not to its last sub-item;
        only while no sub-item took units of its own.
        """
        if last.numbering is None or not last.parents:
            return None
        parent = self.st.lines[last.parents[-1]]
        between = self.st.lines[parent.index + 1 : slot.index]
        subs = [b for b in between if b.numbering is not None]
        if len(subs) < 2 or parent.index in self.by_line or any(b.index in self.by_line for b in between):
            return None
        if any(parent.index not in b.parents for b in subs):
            return None
        return parent

    def inline_labels(self, ln: Line) -> bool:
        """Labelled slots written in the item's own text, without brackets:
        ``1.推进园区建设。加快建设。责任单位:县发改局(牵头)、县财政局`` or ``…【牵头单位】X【责任单位】Y``."""
        body = self.view[ln.body_start : ln.end]
        norm = _label_brackets_as_keys(body)
        m = next((m for m in LABEL_RX.finditer(norm) if m.start() > 0 and norm[m.start() - 1] in "。;；,， \t:" and label_role(m.group(1))), None)
        if m is None:
            return False
        off = ln.body_start + m.start()
        content, leads = _lead_note(norm[m.start() :])
        units = [Unit(u.name, LEAD if u.name in leads else u.role, u.start + off, u.end + off,
                      u.rule + (" (a note names the lead)" if u.name in leads else ""))
                 for u in read_slots(content, self.ctx(off))]
        if not units:
            return False
        self._add(ln, ln.body_start, off, units, (ln.start, ln.end), off, skip_heading=False, container="inline labels")
        return True

    def unit_lines(self, lines: list[Line], k: int) -> int:
        """Unit lines (牵头单位:X, 【责任单位】Y) following a task line; returns how many lines were consumed.

        Where the line above the unit lines is an unnumbered continuation (具体措施:…) of a
        numbered item, the item's line gives the title.
        """
        ln = lines[k]
        j, units = k + 1, []
        while j < len(lines):
            t = _label_brackets_as_keys(lines[j].text.strip())
            if not t:
                j += 1
                continue
            if not _slot_text(t):
                break
            off = lines[j].start + (len(lines[j].text) - len(lines[j].text.lstrip()))
            for u in read_slots(t, self.ctx(off)):
                units.append(Unit(u.name, u.role, u.start + off, u.end + off, u.rule))
            j += 1
        if not units and ln.numbering is not None:
            j, units = self._bare_unit_line(lines, k)
        if not units:
            return 0
        title_line = ln
        if ln.numbering is None and k > 0:
            above = next((p for p in reversed(lines[:k]) if p.text.strip()), None)
            if above is not None and above.numbering is not None and above.index not in self.by_line:
                title_line = above
        self._add(title_line, title_line.body_start, title_line.end, units, (title_line.start, lines[j - 1].end), ln.start,
                  skip_heading=False, container="unit lines")
        return j - k - 1

    def _bare_unit_line(self, lines: list[Line], k: int) -> tuple[int, list[Unit]]:
        """A line of nothing but unit names under a numbered item, with no label: ``县住建局(牵头)、县民政局``.

        It must name two units or mark a lead, every item a name the recogniser found (or a
        collective), so that a signature under the last item is not read as its units.
        """
        j = k + 1
        # blank lines, and a leader's name from a flattened table's 牵头领导 column (钱 宇)
        while j < len(lines) and (not lines[j].text.strip() or _PERSON_CELL.fullmatch(lines[j].text.strip())):
            j += 1
        if j >= len(lines) or lines[j].numbering is not None:
            return k + 1, []
        if any(not LEAD_MARK.fullmatch(lines[j].text, a, b) for a, b in _brackets(lines[j].text)):
            return k + 1, []  # a bracket of its own: read as a bracket
        ln = lines[j]
        content = ln.text.rstrip(" 。;；")
        if ":" in content:
            return k + 1, []  # an addressee or a 抄送: line names units, but assigns nothing
        lead = len(content) - len(content.lstrip())
        verbs = self._verb_unit_line(content[lead:], ln.start + lead)
        if verbs:
            return j + 1, verbs
        units = self._unit_list(content[lead:], ln.start + lead, "bare unit line under an item")
        if len(units) < 2 and not LEAD_MARK.search(content):
            return k + 1, []  # one unit alone may be a signature
        return j + 1, [Unit(u.name, u.role, u.start + ln.start + lead, u.end + ln.start + lead, u.rule) for u in units]

    def tail_units(self, ln: Line) -> bool:
        """The last sentence of a numbered item's line naming nothing but its units:
        ``5.加强信用体系建设。——市发改委、市金融办`` or ``…。市委宣传部、市发改委``.

        A dash before the units marks them as the item's; without one the sentence must name
        two units or mark a lead, every item a name the recogniser found, as on a unit line.
        """
        if ln.numbering is None or ln.numbering.kind == "article" or ln.index in self.by_line:
            return False
        body = self.view[ln.body_start : ln.end].rstrip(" 。;；")
        cut = body.rfind("。")
        if cut < 0:
            return False
        tail = body[cut + 1 :]
        dash = _DASH.match(tail)
        lead = dash.end() if dash else len(tail) - len(tail.lstrip())
        at = ln.body_start + cut + 1 + lead
        content = tail[lead:]
        if not content or ":" in content or _brackets(content) and not LEAD_MARK.search(content):
            return False
        units = self._verb_unit_line(content, at) or [
            Unit(u.name, u.role, u.start + at, u.end + at, "units closing an item's line")
            for u in self._unit_list(content, at, "units closing an item's line")]
        if not units or (not dash and len(units) < 2 and all(u.role == RESPONSIBLE for u in units)):
            return False
        title_end = ln.body_start + cut + 1 if first_sentence(body) == body[:cut] else ln.end
        self._add(ln, ln.body_start, title_end, units, (at, ln.start + len(ln.text.rstrip())), at,
                  skip_heading=False, container="units closing an item")
        return True

    def _verb_unit_line(self, content: str, at: int) -> list[Unit]:
        """A line of units and their role verbs alone: ``X牵头,Y、Z配合`` under an item.

        Nothing but recognised units, separators and role words may stand on it, so a
        sentence that goes on (X牵头制定方案) is left to the prose reader.
        """
        units = [Unit(u.name, u.role, u.start + at, u.end + at, f"unit line: {u.rule}") for u in read_slots(content, self.ctx(at))]
        if not units or any(self.unit_at.get(u.start) != u.end and not u.name.startswith(("各", "有关", "相关", "市直", "县直", "区直"))
                            for u in units):
            return []
        rest = content
        for u in sorted(units, key=lambda u: -u.start):
            rest = rest[: u.start - at] + rest[u.end - at :]
        rest = re.sub(rf"[、,，;；\s]|{ROLE_WORDS_RX}|按职责分工|分别|共同|等|负责|落实", "", rest)
        return units if len(rest) <= 1 else []

    def prose(self, ln: Line) -> bool:
        """Prose assignments at sentence starts.

        ``X会同Y…`` (X leads, Y is responsible; the task is what follows, or the item's
        title where what follows is the reply formula 研究提出了办理意见), ``X负责…``
        (X is responsible for what follows) and ``X研究提出了办理意见`` under a titled item.
        """
        found = False
        body = ln.numbering.end if ln.numbering else 0
        for m in re.finditer(r"[^。]+", ln.text[body:]):
            for k, (s, e) in enumerate(self._assignment_clauses(ln, body + m.start(), body + m.end())):
                sent = ln.text[s:e]
                article = _ARTICLE.match(sent)  # 第六条 inside a run-on regulation
                lead = article.end() if article else len(sent) - len(sent.lstrip())
                if self._prose_sentence(ln, s + lead, sent[lead:], first=m.start() == 0 and k == 0):
                    found = True
                elif self._prose_mentions(ln, s + lead, sent[lead:]):
                    found = True
        return found

    def _assignment_clauses(self, ln: Line, s: int, e: int) -> list[tuple[int, int]]:
        """A sentence cut where a clause opens with units and their own role verb:
        ``县公安局负责治安,县交通运输局负责交通保障`` is two assignments, two tasks."""
        cuts = [s]
        for m in re.finditer(r"[,，;；]", ln.text[s:e]):
            at = ln.start + s + m.end()
            chain = self._unit_chain(at, ln.start + e)
            if chain and re.match(r"负责|牵头", self.view[chain[-1][1] : ln.start + e]):
                cuts.append(s + m.end())
        bounds = [*cuts, e]
        return [(a, b) for a, b in zip(bounds, bounds[1:]) if ln.text[a:b].strip(" ,，;；")]

    def _unit_chain(self, pos: int, end: int, *, slot: bool = False) -> list[tuple[int, int]]:
        """Unit mentions from ``pos`` on, joined by separators (、, 和, 及, 与) and ending before ``end``.

        After a separator, a name the recogniser missed (a bank branch without a place
        prefix: 农发行安顺分行) still counts where its morphology says unit; in a ``slot``
        (a clause its role verb closes) the first name too (各乡镇人民政府配合: a collective
        the recogniser leaves to slots).
        """
        chain: list[tuple[int, int]] = []
        while True:
            e = self.unit_at.get(pos)
            if e is None and (chain or slot):
                e = self._unit_by_morphology(pos, end)
            if e is None or e > end:
                break
            chain.append((pos, e))
            sep = _CHAIN_SEP.match(self.view, e, end)
            if not sep:
                break
            pos = sep.end()
        return chain

    def _unit_by_morphology(self, pos: int, end: int) -> int | None:
        """The end of the longest unit name at ``pos`` that a separator or an assignment word follows."""
        best = None
        stop = _LIST_SEP.search(self.view, pos, end)  # a name never runs over a list's separator
        for e in range(pos + 2, min(pos + 24, stop.start() if stop else end) + 1):
            if (is_unit_name(self.view[pos:e]) and (e == end or _AFTER_UNIT.match(self.view, e))
                    and not _ETC_TAIL.search(self.view, pos, e)):  # 环保厅等单位配合: the unit is 环保厅
                best = e
        return best

    def _unit_chain_before(self, pos: int, start: int) -> list[tuple[int, int]]:
        """Unit mentions ending at ``pos`` (and the list they close), not before ``start``."""
        chain: list[tuple[int, int]] = []
        while pos in self.unit_ending and self.unit_ending[pos] >= start:
            chain.insert(0, (self.unit_ending[pos], pos))
            p = chain[0][0]
            if p > start and self.view[p - 1] in "、" and p - 1 in self.unit_ending:
                pos = p - 1
            else:
                break
        return chain

    def _prose_mentions(self, ln: Line, off: int, sent: str) -> bool:
        """Assignments anywhere in a sentence, read over the unit mentions.

        ``(由|经)X会同Y…`` (X leads, Y is responsible) and ``由X负责/牵头…``: a
        regulation's articles assign work mid-sentence (入库成本由市财政局会同市发展改革委…进行核定).
        The task is the clause that holds the assignment, to the end of its sentence.
        """
        a = ln.start + off
        z = a + len(sent)
        found = False
        for m in _HUITONG_MID.finditer(self.view, a, z):
            leads = self._unit_chain_before(m.start(), a)
            if not leads:
                continue
            resp = self._unit_chain(m.end(), z)
            if not resp:
                continue
            units = ([Unit(self.view[s:e], LEAD, s, e, "prose X会同Y") for s, e in leads]
                     + [Unit(self.view[s:e], RESPONSIBLE, s, e, "prose X会同Y") for s, e in resp]
                     + self._partners(resp[-1][1], z))
            found |= self._add_clause(ln, a, z, leads[0][0], units)
        starts = [a] + [m.end() for m in _YOU.finditer(self.view, a, z)]
        for k, at in enumerate(starts):
            chain = self._unit_chain(at, z)
            verb = _ROLE_AFTER.match(self.view, chain[-1][1], z) if chain else None
            if not verb:
                continue
            role = LEAD if re.search(r"牵头|主办", verb.group(0)) else RESPONSIBLE
            units = [Unit(self.view[s:e], role, s, e, f"prose {'由' if k else ''}X{verb.group(0)}") for s, e in chain]
            units += self._partners(verb.end(), z)
            found |= self._add_clause(ln, a, z, at - (1 if k else 0), units)
        return found

    def _partners(self, pos: int, z: int) -> list[Unit]:
        """Co-operating units in the clauses after an assignment: ``…,县教育局配合`` / ``;县财政局参与``."""
        out: list[Unit] = []
        for m in re.finditer(r"[,，;；]", self.view[pos:z]):
            at = pos + m.end()
            if self.view.startswith("会同", at):  # 由X牵头,会同Y、Z负责…
                out += [Unit(self.view[s:e], RESPONSIBLE, s, e, "prose 会同Y") for s, e in self._unit_chain(at + 2, z)]
                continue
            chain, verb = self._partner_clause(at, z)
            if verb:
                out += [Unit(self.view[s:e], RESPONSIBLE, s, e, f"prose Y{verb.group(0)}") for s, e in chain]
        return out

    def _partner_clause(self, at: int, z: int) -> tuple[list[tuple[int, int]], re.Match[str] | None]:
        """The units opening a clause at ``at`` and the partner verb after them (Y、Z等部门配合), if any."""
        chain = self._unit_chain(at, z, slot=True)
        if not chain:
            return chain, None
        collective = _ETC_COLLECTIVE.match(self.view, chain[-1][1], z)  # Y、Z等其他相关单位: the collective is a unit too
        if collective:
            chain = [*chain, collective.span(1)]
        verb = _PARTNER_VERB.match(self.view, collective.end() if collective else _after_etc(self.view, chain[-1][1], z), z)
        return chain, verb

    def _past_partners(self, pos: int, z: int) -> int:
        """Where the text from ``pos`` goes on past the co-operating clauses it opens with
        (``,Y、Z配合;W参与,开展…`` -> 开展…); ``z`` where it is nothing but those."""
        for m in re.finditer(r"[^,，;；。]+", self.view[pos:z]):
            _, verb = self._partner_clause(pos + m.start(), pos + m.end())
            if verb is None or self.view[verb.end():pos + m.end()].strip():
                return pos + m.start()
        return z

    def _item_title(self, ln: Line, a: int) -> tuple[int, int] | None:
        """The title span of a numbered item whose assignment sentence (at ``a``) comes after the title."""
        if ln.numbering is None or ln.numbering.kind == "article" or a <= ln.body_start:
            return None  # a regulation's article has no title: its clause is the task
        title = first_sentence(self.view[ln.body_start : ln.end])
        if not title or len(title) > TITLE_MAX or ln.body_start + len(title) > a:
            return None
        return ln.body_start, ln.body_start + len(title)

    def _assignment_alone(self, start: int, end: int, units: list[Unit]) -> bool:
        """Is ``[start, end)`` nothing but the units and their role words (由X负责 / X牵头,Y、Z等单位配合)?"""
        chars = list(self.view[start:end])
        for u in units:
            for i in range(max(u.start, start), min(u.end, end)):
                chars[i - start] = "\0"
        return _BARE_DUTY.fullmatch(re.sub("\0+", "\0", "".join(chars))) is not None

    def _add_clause(self, ln: Line, a: int, z: int, at: int, units: list[Unit]) -> bool:
        """A task whose title is the clause around ``at`` (from the last comma before it to the sentence end)."""
        if any(t.evidence_start <= at < t.evidence_end for t in self.by_line.get(ln.index, ())):
            return False
        cut = max(self.view.rfind(c, a, at) for c in ",，;；:")
        start = cut + 1 if cut >= 0 else a
        end = z
        while end > start and self.view[end - 1] in "。;； ":
            end -= 1
        if end - start < 4:
            return False
        head = self._heading_above(ln) if not re.search(r"[。;；]", self.view[ln.start:a]) else None
        if head is not None:
            # 1、污水管网项目 / 由X副市长负责,市建委牵头,相关部门配合,…: the paragraph under a titled line reports on it
            self._add(head, head.body_start, head.end, units, (start, end), at, skip_heading=False, container="prose")
            return True
        bare = self._assignment_alone(start, end, units)
        if bare and at == a and a > ln.body_start and ln.numbering is not None and ln.numbering.kind != "article":
            # 1.水利化工程:突出抓好…。省水利厅牵头,省发改委等单位配合。: a sentence of units alone closes its item
            ts, te = _title(self.view, ln.body_start, a)
            if te - ts >= 2:
                self._add(ln, ts, te, units, (a, end), at, skip_heading=False, container="prose")
                return True
        if cut > a and start >= at - 1 and bare:
            # (三)加强农田水利建设,由水利部负责。: the clause is the assignment alone, the work stands before it
            self._add(ln, a, cut, units, (a, end), at, skip_heading=False, container="prose")
            return True
        if cut >= 0 and start >= at - 1 and _TOPIC.fullmatch(self.view, a, cut):
            # (一)关于"严守耕地红线"的问题,由X会同Y负责落实: the topic the clause answers names the task
            self._add(ln, a, cut, units, (a, end), at, skip_heading=False, container="prose")
            return True
        item = self._item_title(ln, a)
        if item is not None:  # (三)加强人才培养。…由县人社局负责…: the item's title names the task
            ts, te = item
            self._add(ln, ts, te, units, (start, end), at, skip_heading=False, container="prose")
            return True
        dl = _DEADLINE_IN_TEXT.search(self.view, start, end)
        self._keep(TaskRecord(
            title=self.view[start:end], title_start=start, title_end=end, line=ln.index, units=units,
            evidence_start=start, evidence_end=end, number=ln.numbering.text if ln.numbering else None,
            section=self.st.section_path(ln.index), deadline=dl.group(0) if dl else None,
            parent_line=ln.parents[-1] if ln.parents else None, container="prose",
        ))
        return True

    def _prose_sentence(self, ln: Line, off: int, sent: str, *, first: bool) -> bool:
        m = _PROSE_SUBJECT.match(sent)
        if not m or not _all_units(m.group("units")):
            return False
        a = ln.start + off
        subject = split_units(m.group("units"), a)
        if self.unit_at and not _named_unit(subject[0], self.unit_at):
            return False  # the subject runs over words the recogniser sees as no unit (入库成本由市财政局)
        rest_at = m.end()
        units: list[Unit]
        if m.group("with") is not None:
            w = _verb_at(sent, rest_at)
            if w is None or not _all_units(sent[rest_at:w]):
                return False
            units = [Unit(n, LEAD, s, e, "prose X会同Y") for n, s, e, _ in subject]
            units += [Unit(n, RESPONSIBLE, s, e, "prose X会同Y") for n, s, e, _ in split_units(sent[rest_at:w], a + rest_at)]
            rest_at = w
        else:
            units = [Unit(n, RESPONSIBLE, s, e, "prose X负责 at the sentence start") for n, s, e, _ in subject]
        rest = sent[rest_at:]
        ev = (a, a + len(sent))
        if rest.startswith(("负责", "负总责")):
            rest_at += 3 if rest.startswith("负总责") else 2
        elif not rest.startswith(("研究提出", "统筹", "组织", "牵头")) and m.group("with") is None:
            return False
        partners = self._partners(a + rest_at, a + len(sent))
        units += partners
        if partners:  # 县市场监管局负责,县公安局配合,开展专项整治: the work is what follows the partners
            rest_at = self._past_partners(a + rest_at, a + len(sent)) - a
        # Under a titled item, the item's title names the task: the sentence right after the
        # title, or the first sentence of the paragraph that follows it, reports on that item.
        title_line = ln if ln.numbering is not None and _nth_sentence(ln, off) <= 1 else self._title_line(ln) if first else None
        # 4.推行好差评制度。X负责。 (or X负责,Y配合。): the item's own title names the task
        nothing_after = not sent[rest_at:].strip(" 。;；,，")
        if title_line is None and nothing_after and ln.numbering is not None and ln.numbering.kind != "article":
            title_line = ln  # 一、改造老旧小区。完成12个。X负责。: a sentence of units alone closes its item, wherever it stands
        if title_line is not None and (nothing_after or re.match(r"研究提出(?:了)?(?:办理)?意见", rest)
                                       or (m.group("with") and not rest.startswith("负责"))
                                       or (title_line is ln and _DUTY_CLOSES_CLAUSE.match(rest))):
            end = title_line.end
            if title_line is ln and ln.body_start < a and "。" not in self.view[ln.body_start:a]:
                end = a  # 二、新建城市公园2个,X负责,Y配合。: the title stops where its assignment starts
            self._add(title_line, title_line.body_start, end, units, ev, a, skip_heading=False, container="prose")
            return True
        if re.match(r"研究提出", rest):
            return False
        end = ev[1]
        if partners and partners[0].start > a + rest_at:  # X负责<work>,Y配合: the work stops before the partners
            cut = max(self.view.rfind(c, a + rest_at, partners[0].start) for c in ",，;；")
            end = cut if cut > a + rest_at else end
        self._add(ln, a + rest_at, end, units, ev, a, skip_heading=False, container="prose")
        return True

    def _heading_above(self, ln: Line) -> Line | None:
        """The numbered title line right above an un-numbered paragraph (a title alone: short, no sentence end), with no task of its own."""
        if ln.numbering is not None:
            return None
        prev = self._title_line(ln)
        if prev is None or prev.index in self.by_line or prev.numbering.kind == "article":
            return None
        body = self.view[prev.body_start:prev.end].strip()
        return prev if 2 <= len(body) <= TITLE_MAX and not re.search(r"[。;；!?]", body) else None

    def _title_line(self, ln: Line) -> Line | None:
        for prev in reversed(self.st.lines[: ln.index]):
            if prev.text.strip():
                return prev if prev.numbering is not None else None
        return None

    def table(self, lines: list[Line], k: int) -> int:
        """A block of ``|`` table rows starting at a header row; returns how many lines were consumed."""
        header = _cells(lines[k].text)
        cols = _columns([c for c, _, _ in header])
        if cols is None:
            return 0
        j = k + 1
        while j < len(lines) and (lines[j].text.count("|") >= 2 or _section_row(lines[j])):
            ln = lines[j]
            self._row(ln, [(c, ln.start + s, ln.start + e) for c, s, e in _cells(ln.text)], cols)
            j += 1
        return j - k - 1

    def stacked_table(self, lines: list[Line], k: int) -> int:
        """A table flattened to one cell per line (empty cells dropped): a header run, then rows
        that each open with their serial number. Returns how many lines were consumed."""
        header, j = _stacked_header(lines, k)
        cols = _columns(header) if len(header) >= 3 else None
        if cols is None or cols.serial is None:
            return 0
        # Where the header's cells stand between blank lines, every cell does: a blank line then
        # separates cells, not rows, and a row runs to the next serial number (at most a few cells more
        # than the header has, so the text after the table is not read as cells).
        spaced = any(not ln.text.strip() for ln in lines[k:j])

        def between_rows(i: int) -> bool:  # blank lines, section rows, a group's merged cell (分类: 发展目标)
            return (not lines[i].text.strip() or _section_line(lines[i]) or (bool(cols.groups) and _group_cell(lines, i))
                    or _before_serial(lines, i))

        end = j
        while end < len(lines) and between_rows(end):
            end += 1
        while end < len(lines) and _serial(lines[end]):
            row_start, end = end, end + 1
            rows = [lines[row_start]]
            while end < len(lines) and not _serial(lines[end]) and not _section_line(lines[end]):
                if cols.groups and len(rows) >= cols.width - len(cols.groups) and _group_cell(lines, end):
                    break  # the row is whole: the next group's cell follows
                if lines[end].numbering is not None and any(_all_units(r.text.strip(), declared=True) for r in rows[1:]):
                    break  # 2.… after the row's units: the next item of a merged cell's list, read as an item
                if lines[end].text.strip():
                    rows.append(lines[end])
                elif not spaced:
                    break
                if spaced and len(rows) > cols.width + 2:
                    break
                end += 1
            cells = _join_aliases(self.view, [(ln.text.strip(), ln.start + len(ln.text) - len(ln.text.lstrip()),
                                               ln.start + len(ln.text.rstrip())) for ln in rows])
            self._row(lines[row_start], cells, cols, tail=rows[-1])
            while end < len(lines) and between_rows(end):
                end += 1  # anything else ends the table
        return end - k - 1

    def glued_table(self, lines: list[Line], k: int) -> int:
        """A table whose cells were glued together, no separator left (类别序号重点督办内容牵头单位全年完成情况):
        a header line of header words only, then one row per line, each its group's text, its serial
        number, its task up to the first 。, the units of its one unit column right after that, then
        the report. Returns how many lines were consumed."""
        header = _glued_header(re.sub(r"\s+", "", lines[k].text))
        cols = _columns(header) if header else None
        if cols is None or cols.serial is None or len(cols.units) != 1 or cols.units[0][1] not in (LEAD, RESPONSIBLE):
            return 0
        (col, role), serial, j = cols.units[0], 1, k + 1
        while j < len(lines):
            ln = lines[j]
            if not ln.text.strip():
                j += 1
                continue
            m = re.match(rf"\s*\D{{0,30}}?(?<!\d){serial}(?![\d.%])", ln.text)
            if m is None:
                break
            a = ln.start + m.end()
            stop = self.view.find("。", a, ln.end)
            units = self._glued_units(stop + 1, ln.end, role, cols.headers[col]) if stop > a else []
            if units:
                ts, te = _title(self.view, a, stop)
                if te > ts:
                    self._keep(TaskRecord(self.view[ts:te], ts, te, ln.index, units, ln.start, ln.end, str(serial),
                                          self.st.section_path(ln.index), None, None, "table"))
            serial, j = serial + 1, j + 1
        return j - k - 1 if serial > 1 else 0

    def _glued_units(self, pos: int, end: int, role: str, header: str) -> list[Unit]:
        """The units the recogniser found one after another from ``pos`` (区发展改革委、区财政局), nothing between them but separators."""
        units: list[Unit] = []
        while pos < end and pos in self.unit_at:
            e = self.unit_at[pos]
            units.append(Unit(self.view[pos:e], role, pos, e, f"glued table column {header}"))
            pos = e + 1 if e < end and self.view[e] in "、,，" else end
        return units

    def _row(self, ln: Line, cells: list[tuple[str, int, int]], cols: "_Columns", *, tail: Line | None = None) -> None:
        """One table row: its cells as ``(text, view start, view end)``.

        Where the row has every column, cells are read by position; where cells were
        dropped or merged, by content: unit cells fill the unit columns in order, the
        task is the text cell before them, a deadline cell is recognised by its form.
        """
        if len(cells) < 2:
            return
        # every column present, read by position, unless the unit columns then hold no units
        # (a merged cell left out and a person's name in: the cells are read by content instead)
        first_unit = cols.units[0][0]
        positional = (len(cells) == cols.width
                      and all(_all_units(cells[i][0], declared=True) or read_slots(cells[i][0]) for i, _ in cols.units if cells[i][0])
                      and not (first_unit > 0 and _all_units(cells[first_unit - 1][0]))
                      and not (cols.task is not None and _PERSON_CELL.fullmatch(cells[cols.task][0])))
        if positional:
            unit_cells = [(cells[i], role, cols.headers[i]) for i, role in cols.units if i < len(cells)]
            task_i, dl_i = cols.task, cols.deadline
        else:
            found = [i for i, (c, _, _) in enumerate(cells) if i > 0 and c and _all_units(c, declared=True)]
            if not found:
                return
            # more unit cells than unit columns (a cell's units wrapped onto lines of their own):
            # the last columns take the last cells, the first column the cells before them
            extra = max(0, len(found) - len(cols.units))
            first_col, first_role = cols.units[0]
            unit_cells = [(cells[i], first_role, cols.headers[first_col]) for i in found[:extra]]
            unit_cells += [(cells[i], role, cols.headers[c]) for i, (c, role) in zip(found[extra:], cols.units)]
            task_i = next((i for i in range(found[0] - 1, -1, -1) if not _DEADLINE_CELL.fullmatch(cells[i][0])
                           and not cells[i][0].isdigit() and not _PERSON_CELL.fullmatch(cells[i][0])), None)
            if found == [i for i, _ in cols.units] and task_i in cols.reports:  # every cell in its column up to the units
                task_i = next((i for i in range(task_i - 1, 0, -1) if i not in cols.reports), None)
            dl_i = next((i for i in range(found[-1] + 1, len(cells)) if _DEADLINE_CELL.fullmatch(cells[i][0])), None)
        units: list[Unit] = []
        for (text, s, _), role, header in unit_cells:
            if role == GUIDE:
                continue
            slots = read_slots(text, self.ctx(s))  # a cell with its own labels or role words: 牵头:X;配合:Y
            if slots and (LABEL_RX.search(text) or len({u.role for u in slots}) > 1):  # else the column's role rules
                units += [Unit(u.name, u.role, u.start + s, u.end + s, f"table column {header}: {u.rule}")
                          for u in slots if u.role in (LEAD, RESPONSIBLE)]
                continue
            for n, us, ue, marked in split_units(text, s, declared=True):
                if ue >= len(self.view.rstrip()) and (not is_unit_name(n) or len(n.lstrip("省市州盟县区旗")) < 2):
                    continue  # 市科: the page stops inside the unit's name
                units.append(Unit(n, LEAD if marked else role, us, ue, f"table column {header}" + (" (牵头) mark" if marked else "")))
        if self.ctx(ln.start).first_is_lead:
            units = first_listed_leads(units)
        if not units or task_i is None or task_i < 0 or task_i >= len(cells):
            return
        ttext, ts, te = cells[task_i]
        num = numbering(ttext)
        ts2, te2 = _title(self.view, ts + (num.end if num else 0), te)
        if te2 <= ts2:
            return
        deadline = cells[dl_i][0].strip() if dl_i is not None and dl_i < len(cells) and cells[dl_i][0].strip() else None
        last = tail or ln
        self._keep(
            TaskRecord(self.view[ts2:te2], ts2, te2, ln.index, units, ln.start, last.end,
                       num.text if num else None, self.st.section_path(ln.index), deadline, None, "table")
        )


# A slot label written in brackets as a key: 【牵头单位】, [责任单位], (配合单位).
# Not where it closes a unit's name before a separator: 县教育局(牵头单位),县人社局 marks the lead.
_LABEL_BRACKET = re.compile(rf"\(\s*(?:{ROLE_WORDS_RX}){UNIT_NOUN_RX}\s*\)(?!\s*(?:[、,，;；。]|$))")


# The role words a truncated page may stop inside: …等牵 is …等牵头.
_ROLE_STUBS = (("牵", "头"), ("负", "责"), ("配", "合"), ("参", "与"), ("协", "同"), ("按职责分", "工负责"), ("按职责", "分工负责"))


def _completed(content: str) -> str:
    """A slot cut off by the end of the text, its last role word written whole (…等牵 -> …等牵头)."""
    for stub, rest in _ROLE_STUBS:
        if content.endswith(stub):
            return content + rest
    return content


# A bracket after a labelled unit list naming which of its units leads: (县水利局为牵头单位).
_LEAD_NOTE = re.compile(r"\((?P<units>[^()]{2,40}?)(?:为|是|作为)?牵头(?:单位|部门)?\)")


def _lead_note(content: str) -> tuple[str, set[str]]:
    """``content`` without a closing lead note (blanked, so offsets hold) and the names the note makes lead."""
    m = None
    for m in _LEAD_NOTE.finditer(content):
        pass
    if m is None or content[m.end():].strip(" 。;；"):
        return content, set()
    names = {n for n, *_ in split_units(m.group("units"))}
    if not names or not all(n in content[: m.start()] for n in names):
        return content, set()
    return content[: m.start()] + " " * (m.end() - m.start()) + content[m.end() :], names


def _label_brackets_as_keys(text: str) -> str:
    """``(牵头单位)X`` as ``牵头单位:X``, the same length, so offsets still hold."""
    return _LABEL_BRACKET.sub(lambda m: " " + m.group(0)[1:-1] + ":", text)


def _slot_text(text: str) -> bool:
    """Does a line open with a slot label (牵头单位:X, 【责任单位】Y)?"""
    m = LABEL_RX.match(_label_brackets_as_keys(text).lstrip())
    return m is not None and label_role(m.group(1)) is not None


def _join_aliases(view: str, cells: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A bracket alone on its line after a unit's cell is that unit's alias: 区发改局 / (区金融办)
    is one cell (its text the view's, line breaks and all, so offsets hold)."""
    out: list[tuple[str, int, int]] = []
    for text, s, e in cells:
        if out and re.fullmatch(r"\([^()]{2,16}\)", text) and is_unit_name(out[-1][0]):
            out[-1] = (view[out[-1][1]:e], out[-1][1], e)
        else:
            out.append((text, s, e))
    return out


def _stacked_header(lines: list[Line], k: int) -> tuple[list[str], int]:
    """The header cells of a one-cell-per-line table from line ``k``, and the line after them.

    A header cell broken over two lines (责任 / 领导, 攻坚目标 / 任务, 第二季度 / 完成情况: a
    narrow column's text wrapped) is joined where the pieces are no header word on their own
    but are one together. Blank lines between cells are skipped.
    """
    cells: list[str] = []
    j = k
    while j < len(lines):
        text = re.sub(r"\s+", "", lines[j].text)  # 目  标  任  务: a header spaced out to its column's width
        if not text:
            j += 1
            continue
        nxt = next((n for n in range(j + 1, min(j + 3, len(lines))) if lines[n].text.strip()), None)
        following = re.sub(r"\s+", "", lines[nxt].text) if nxt is not None else ""
        joined = text + following
        if nxt is not None and HEADER_CELL.fullmatch(joined) and (
                not HEADER_CELL.fullmatch(text) or not HEADER_CELL.fullmatch(following)):
            cells.append(joined)
            j = nxt + 1
            continue
        if not HEADER_CELL.fullmatch(text):
            break
        cells.append(text)
        j += 1
    while j > k and not lines[j - 1].text.strip():
        j -= 1
    return cells, j


_GLUED_HINT = re.compile(r"(?:牵头|责任|配合|主办|协办)(?:单位|部门)")


def _glued_header(text: str) -> list[str] | None:
    """``text`` as header words written without separators, longest word first; None unless it is
    nothing but three or more of them, one a unit column's (a table whose cells were glued together)."""
    if len(text) > 60 or not _GLUED_HINT.search(text) or "|" in text:
        return None

    def cells_from(pos: int) -> list[str] | None:
        if pos == len(text):
            return []
        for end in range(min(len(text), pos + 14), pos + 1, -1):
            if HEADER_CELL.fullmatch(text, pos, end):
                rest = cells_from(end)
                if rest is not None:
                    return [text[pos:end], *rest]
        return None

    cells = cells_from(0)
    return cells if cells and len(cells) >= 3 else None


def _group_cell(lines: list[Line], i: int) -> bool:
    """A group column's merged cell on its own line: a short text, no serial, right before a row's serial."""
    text = lines[i].text.strip()
    if not text or _serial(lines[i]) or len(text) > 20 or _all_units(text):
        return False
    nxt = next((n for n in range(i + 1, min(i + 4, len(lines))) if lines[n].text.strip()), None)
    return nxt is not None and _serial(lines[nxt])


def _before_serial(lines: list[Line], i: int, most: int = 3) -> bool:
    """A section's heading inside a one-cell-per-line table (强化科技创新。 / (一) / 加强平台建设。): a few
    short lines, none of them units, right before a row's serial number."""
    n = 0
    for j in range(i, min(len(lines), i + 40)):  # blank lines between the cells do not count
        text = lines[j].text.strip()
        if not text:
            continue
        if _serial(lines[j]):
            return n > 0
        if len(text) > 40 or n >= most or _all_units(text) or _PERSON_CELL.fullmatch(text):
            return False
        n += 1
    return False


def _serial(ln: Line) -> bool:
    """A row's serial number standing alone on its line (a table flattened to one cell per line)."""
    return ln.text.strip().isdigit()


def _section_line(ln: Line) -> bool:
    """A section heading (一、…, (一)…, 第X章) between the rows of a table."""
    return ln.numbering is not None and ln.numbering.kind in ("cn", "paren_cn", "chapter", "section")


def _section_row(ln: Line) -> bool:
    """A section heading inside a table (一、优化营商环境 |): the table goes on after it."""
    return "|" in ln.text and _section_line(ln)


def _cells(text: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    parts = text.split("|")
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    for p in parts:
        lead = len(p) - len(p.lstrip())
        out.append((p.strip(), pos + lead, pos + lead + len(p.strip())))
        pos += len(p) + 1
    while out and not out[-1][0]:
        out.pop()
    return out


@dataclass
class _Columns:
    """What each column of a task table holds, from its header."""

    width: int
    headers: list[str]
    units: list[tuple[int, str]]  # unit columns and their roles, left to right
    task: int | None = None
    deadline: int | None = None
    serial: int | None = None
    reports: tuple[int, ...] = ()  # columns that report on the task (进展情况, 完成情况): never its title
    groups: tuple[int, ...] = ()  # columns that group the rows (分类, 类别): a merged cell, written once per group


# A person's name alone in a cell (a 责任领导 / 牵头领导 column): 2 or 3 characters, maybe letter-spaced (顾  斌).
_PERSON_CELL = re.compile(r"[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,2}")
_DEADLINE_CELL = re.compile(rf"(?:{_DEADLINE.pattern})(?:完成|前完成|见效|落实到位)?|\d{{4}}年(?:\d{{1,2}}月)?(?:底|末)?(?:前)?(?:完成)?"
                            r"|\d{1,2}月(?:底|末|上旬|中旬|下旬)(?:前)?(?:完成)?")


_GROUP_HEADER = re.compile(GROUP_HEADER)


# A column naming each row's task or project: its cell is the task's title.
_NAME_HEADER = re.compile(r"(?:项目|任务|事项|工作|实事|民生实事|改革)?名称")


def _columns(header: list[str]) -> _Columns | None:
    """Column roles from the header cells, whatever their order; None for a table that assigns no units.

    Unit columns take their role from their role word (牵头 → lead; 责任, 配合 → responsible;
    指导 → guidance, which assigns nothing); 责任领导 and 完成时限 are other keys.
    """
    cols = _Columns(width=len(header), headers=[re.sub(r"\s+", "", h) for h in header], units=[])
    fallback = None
    for i, h in enumerate(header):
        h = re.sub(r"\s+", "", h)
        role = label_role(h)
        if role is not None and re.search(r"单位|部门|处室|科室|机构|^(?:牵头|配合|责任|协办|主办)$", h):
            cols.units.append((i, role))
        elif re.search(r"时限|时间|期限|节点", h) and cols.deadline is None:
            cols.deadline = i
        elif re.search(r"序号|编号", h) and cols.serial is None:
            cols.serial = i
        elif re.search(r"任务|事项|举措|措施|内容|工作", h) and cols.task is None:
            cols.task = i
        elif re.search(r"(?:进展|完成|推进|落实)(?:情况|进度)$", h):
            cols.reports += (i,)
        elif _GROUP_HEADER.fullmatch(h):
            cols.groups += (i,)
        elif re.search(r"目标|项目", h) and fallback is None:
            fallback = i  # a 项目 or 目标 column groups the tasks (merged cells): the task column wins
    if cols.task is None:
        cols.task = fallback
    named = next((i for i, h in enumerate(cols.headers) if _NAME_HEADER.fullmatch(h)), None)
    if named is not None and (cols.task is None or named < cols.task):
        cols.task = named  # 项目名称 | 目标任务 | 牵头单位: the name titles the task, the target is its content
    if not any(role in (LEAD, RESPONSIBLE) for _, role in cols.units):
        return None
    first_unit = cols.units[0][0]
    if cols.task is None or cols.task > first_unit:
        cols.task = first_unit - 1
    return cols


def _named_unit(unit: tuple[str, int, int, bool], unit_at: dict[int, int]) -> bool:
    """Is a split unit one the name recogniser found too (or a collective, which it leaves to slots)?"""
    name, start, end, _ = unit
    return unit_at.get(start) is not None or name.startswith(("各", "有关", "相关"))


def _all_units(cell: str, *, declared: bool = False) -> bool:
    """Is ``cell`` (nearly) nothing but a list of units? ``declared``: in a unit column, a short
    name no unit suffix ends counts after a first item that is a unit name (区发改局、未来科技城)."""
    units = split_units(cell, declared=declared)
    if declared and units and not is_unit_name(units[0][0]):
        return False
    covered = sum(e - s for _, s, e, _ in units)
    rest = LEAD_MARK.sub("", re.sub(rf"[、,，;；\s]|{ETC_RX}$", "", cell))
    return bool(units) and covered >= 0.8 * len(rest)


def find_tasks(view: str, structure: Structure, departments: list[tuple[int, int]] | None = None) -> list[TaskRecord]:
    """All tasks the document assigns to units, in document order.

    ``departments`` are the unit names the name recogniser found (view spans); prose
    assignments (X会同Y…, 由X负责…) are read over them. Found here when not given.
    """
    if departments is None:
        from kg.nlp.departments import find_departments

        departments = [(d.start, d.end) for d in find_departments(view)]
    f = _Finder(view, structure, departments)
    lines = structure.lines
    k = 0
    while k < len(lines):
        ln = lines[k]
        text = ln.text.strip()
        if not text:
            k += 1
            continue
        if text.count("|") >= 2:
            used = f.table(lines, k)
            if used:
                k += used + 1
                continue
        elif HEADER_CELL.fullmatch(text):
            used = f.stacked_table(lines, k)
            if used:
                k += used + 1
                continue
        elif _GLUED_HINT.search(text) and (used := f.glued_table(lines, k)):
            k += used + 1
            continue
        if f.brackets(ln):
            k += 1
            continue
        if not _slot_text(text) and f.inline_labels(ln):
            k += 1
            continue
        used = f.unit_lines(lines, k) if not _slot_text(text) else 0
        if used:
            k += used + 1
            continue
        if not f.tail_units(ln):
            f.prose(ln)
        k += 1
    f.implicit_items()
    f.heading_titles()
    f.group_headings()
    f.tasks.sort(key=lambda t: (t.evidence_start, t.title_start))
    return f.tasks
