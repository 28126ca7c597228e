"""Document -> entities, tasks and relations: the extraction contract.

:func:`extract` runs the whole pass over one :class:`~kg.read.document.Document`:
clean (matching view), structure, tasks and their units, the spaCy pipeline's
mentions, jurisdiction and canonical names. :func:`extract_path` reads a file
first. Nothing here touches a store.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from functools import cache
from typing import Any

import kg.schema as _schema
from kg.text.clean import Cleaned, clean
from kg.read.document import Document
from kg.graph.records import JURISDICTION, JURISDICTION_COUNTY, Entity, Extraction, Relation
from kg.text.script import detect_script, to_simplified
from kg.text.structure import parse
from kg.extract.tasks import TaskRecord, find_tasks
from kg.extract.units import GUIDE, LEAD

__all__ = ["extract", "extract_path", "explain", "explain_path", "warm_up"]

ROLE_TYPES = {LEAD: "LEADS", "responsible": "RESPONSIBLE_FOR", GUIDE: "GUIDES"}


@dataclass
class _Builder:
    """Collects entities (one per mention) and relations for one document."""

    cleaned: Cleaned
    jurisdiction: Any = None
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    by_span: dict[tuple[int, int, str], Entity] = field(default_factory=dict)

    def mention(self, label: str, start: int, end: int, *, name: str | None = None, **attrs: Any) -> Entity:
        """The entity of a view span, created on first use (one entity per occurrence)."""
        key = (start, end, label)
        if key in self.by_span:
            return self.by_span[key]
        text = self.cleaned.surface(start, end)
        ostart, oend = self.cleaned.span(start, end)
        view_name = self.cleaned.text[start:end]
        ent = Entity("", label, text, name or self.canonical(label, view_name), ostart, oend, {k: v for k, v in attrs.items() if v is not None})
        self.entities.append(ent)
        self.by_span[key] = ent
        return ent

    def canonical(self, label: str, view_name: str) -> str:
        if label == "Department":
            return _canonical_department(view_name, self.jurisdiction)
        return view_name

    def relate(self, type_: str, source: Entity, target: Entity, ev: tuple[int, int], **attrs: Any) -> None:
        ostart, oend = self.cleaned.span(*ev)
        self.relations.append(
            Relation(type_, source.id or _pending(source), target.id or _pending(target), self.cleaned.surface(*ev).strip(), ostart, oend,
                     {k: v for k, v in attrs.items() if v is not None})
        )


def _pending(e: Entity) -> str:
    return f"@{id(e)}"


def _canonical_department(name: str, jurisdiction: Any) -> str:
    from kg.extract.resolve import canonical_department

    return canonical_department(name, jurisdiction)


def _jurisdiction(view: str, meta: dict[str, Any]) -> Any:
    from kg.extract.resolve import infer_jurisdiction

    # title and issuer are surface text: read them in the view's script, as the view is read
    title, issuer = (to_simplified(v) if v else v for v in (meta.get("title"), meta.get("issuer")))
    return infer_jurisdiction(view, title=title, issuer=issuer)


def _metadata(doc: Document, cleaned: Cleaned) -> dict[str, Any]:
    from kg.extract.metadata import metadata

    meta: dict[str, Any] = dict(doc.metadata)
    found = metadata(doc.text, cleaned=cleaned)
    # what the text itself states wins over format metadata (an html <title> carries the site name)
    return {**meta, **{k: v for k, v in found.items() if v}}


SECTION_CHARS = 200_000  # spaCy refuses a text over its max_length (1,000,000), which long real documents exceed


def _nlp_mentions(view: str, *, section: int = SECTION_CHARS) -> list[Any]:
    """Mentions from the spaCy pipeline (counties, regions, departments, industries, projects, enterprises).

    spaCy's ``max_length`` bounds what its tokenizer takes in one piece, so a text
    longer than ``section`` characters is tokenized in sections cut at line breaks
    (:func:`sections`), the sections are joined back into one ``Doc`` whose text is
    the whole view, and the components run on that: offsets stay offsets into the
    view, and the components, which also use what the whole document says (the
    divisions it names settle an ambiguous short name), see the same text as they
    would for a short document.

    The document is processed in a spaCy memory zone: the strings and lexemes its
    tokens add to the shared vocabulary are freed when it is done (only the mentions,
    plain offsets, leave the zone), so a worker that extracts ten thousand documents
    does not keep every line it has seen.
    """
    from kg.nlp.mentions import mentions
    from kg.nlp.pipeline import load_nlp

    nlp = load_nlp()
    size = min(section, nlp.max_length)
    with nlp.memory_zone():
        if len(view) <= size:
            return list(mentions(nlp(view)))
        from spacy.tokens import Doc

        doc = Doc.from_docs([nlp.make_doc(part) for _, part in sections(view, size)], ensure_whitespace=False)
        for _, component in nlp.pipeline:
            doc = component(doc)
        return list(mentions(doc))


def sections(text: str, size: int) -> list[tuple[int, str]]:
    r"""``text`` cut into ``(offset, piece)`` of at most ``size`` characters, after a line break where there is one.

    >>> sections("ab\ncd\nef", 6)
    [(0, 'ab\ncd\n'), (6, 'ef')]
    """
    out, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size) + 1
        if cut <= start:  # one line longer than a section: cut after a sentence end, else anywhere
            cut = max(text.rfind(c, start, start + size) for c in "。；！？") + 1
        if cut <= start:
            cut = start + size
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


@cache
def warm_up() -> None:
    """Load what extraction loads on first use (the spaCy pipeline, gazetteers, script tables) once per process.

    An ingest calls this before it starts a document's time budget, so that the
    first document is not charged for the loading.
    """
    extract(Document("warm-up.txt", "一、推进招商引资。（牵头单位：湖北省汉川市商务局；责任单位：市财政局）\n"))


_TASK_TEXT_MAX = 2000


def _task_text(cleaned: Cleaned, t: TaskRecord) -> str:
    """The task as the document states it, title to the end of its paragraph (or of its unit note, if that is later).

    Kept on the Task node so the ledger can show it and ``leads --task`` can search it:
    a task titled 优化审批 whose body is about 营商环境 is found by 营商.
    """
    text = cleaned.text
    end = max(t.title_end, t.evidence_end if t.evidence_start >= t.title_start else 0)
    nl = text.find("\n", end)
    end = len(text) if nl < 0 else nl
    if t.evidence_start > t.title_start and t.evidence_end > end:
        end = t.evidence_end
    end = min(end, t.title_start + _TASK_TEXT_MAX)
    return " ".join(cleaned.surface(t.title_start, end).split())


def _add_tasks(b: _Builder, tasks: list[TaskRecord], doc_key: str) -> None:
    task_by_line: dict[int, Entity] = {}
    for n, t in enumerate(tasks, 1):
        parent = task_by_line.get(t.parent_line) if t.parent_line is not None else None
        task = b.mention(
            "Task", t.title_start, t.title_end, name=t.title,
            key=f"{_short(doc_key)}#{n}", section=" > ".join(t.section) or None, deadline=t.deadline, number=t.number,
            body=_task_text(b.cleaned, t), title=t.title,
        )
        task_by_line.setdefault(t.line, task)
        if parent is not None and parent is not task:
            b.relate("PART_OF", task, parent, (t.title_start, t.title_end))
        for rank, (u, span) in enumerate(_written_units(t), 1):
            dept = b.mention("Department", *span, collective=_is_collective(u.name) or None)
            inside = t.evidence_start <= span[0] < t.evidence_end
            bounds = (t.evidence_start, t.evidence_end) if inside else (0, len(b.cleaned.text))
            b.relate(ROLE_TYPES[u.role], dept, task, clause(b.cleaned.text, span, bounds),
                     section=" > ".join(t.section) or None, rank=rank)


def _written_units(t: TaskRecord) -> list[tuple[Any, tuple[int, int]]]:
    """A task's units with their spans, in the order the document writes them.

    The order is the document's: in these documents the first-listed unit is the principal
    one (and sometimes the rule, 排在首位的为牵头单位), so it becomes the relation's ``rank``
    (1 = first written). Units of a "以下均需X落实" note come after the task's own.
    """
    out = []
    for u in t.units:
        if u.start >= 0:
            out.append((u.rule.startswith("convention"), u.start, u, (u.start, u.end)))
    out.sort(key=lambda x: (x[0], x[1]))
    return [(u, span) for _, _, u, span in out]


_CLAUSE_END = "。！？!?\n"


def clause(view: str, span: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int]:
    r"""The sentence (or table row, or unit line) around ``span``, kept within ``bounds``.

    A unit relation's evidence is the clause that names the unit, as the contract
    asks, not the whole task: "(牵头单位:X;责任单位:Y)" after a task, the line
    "责任单位：Y、Z", the sentence "由X负责". (The whole task would be stored once
    per unit and make the graph several times larger.)

    >>> clause("推进招商。（牵头单位：区商务局）\n下一项", (11, 15), (0, 16))
    (5, 16)
    """
    lo, hi = bounds
    start = span[0]
    while start > lo and view[start - 1] not in _CLAUSE_END:
        start -= 1
    end = span[1]
    while end < hi and view[end] not in _CLAUSE_END:
        end += 1
    if end < hi and view[end] != "\n":
        end += 1  # the sentence's own full stop
    return start, end


def _default_year(meta: dict[str, Any], view: str) -> int | None:
    """The year that 今年/全年 refer to: the document's date, else a year in its title."""
    import re

    for text in (meta.get("date"), meta.get("title"), view[:200]):
        m = re.search(r"(19|20)\d{2}", text or "")
        if m:
            return int(m.group(0))
    return None


def _horizon(view: str, meta: dict[str, Any]) -> int | None:
    """The plan's horizon, the year of a goal whose paragraph names none (see :func:`kg.extract.targets.plan_horizon`)."""
    from kg.extract.targets import plan_horizon

    return plan_horizon(view, title=meta.get("title"))


def _one_span_per_unit(b: _Builder, tasks: list[TaskRecord]) -> None:
    """A unit the slot reads whole (中央军委政治工作部) and the recogniser only in part (中央军委) is one
    unit: the part goes. The slot's span is the longer, read with the list's separators."""
    slots = sorted({(u.start, u.end) for t in tasks for u in t.units if u.start >= 0})
    if not slots:
        return
    starts = [s for s, _ in slots]
    reach = list(accumulate((e for _, e in slots), max))  # the furthest end of the slots up to each one

    def within_a_slot(start: int, end: int) -> bool:
        before = bisect_left(starts, start)  # slots that start before this name
        if before and reach[before - 1] >= end:
            return True
        same = bisect_right(starts, start)  # or start with it and run further
        return same > before and reach[same - 1] > end

    inside = {key for key in b.by_span if key[2] == "Department" and within_a_slot(key[0], key[1])}
    if not inside:
        return
    drop = {id(b.by_span[k]) for k in inside}
    b.entities = [e for e in b.entities if id(e) not in drop]
    for k in inside:
        del b.by_span[k]


def _add_targets(b: _Builder, tasks: list[TaskRecord], doc_key: str, default_year: int | None, horizon: int | None) -> None:
    """Target entities, each linked by HAS_TARGET from what states it: the task whose text holds it, else a
    county the clause names, else the county whose own plan it is, else (in :mod:`kg.graph.model`) the document."""
    from kg.extract.targets import find_targets

    task_ents = [(_task_extent(b.cleaned.text, t), b.by_span.get((t.title_start, t.title_end, "Task"))) for t in tasks]
    counties = sorted((s, e, ent) for (s, e, lab), ent in b.by_span.items() if lab == "County")
    code = getattr(b.jurisdiction, "code", None) if getattr(b.jurisdiction, "county", None) else None
    own_county = next((e for _, _, e in counties if code and e.attrs.get("code") == code), None)  # a county's own plan
    if own_county is None and code:
        own_county = _jurisdiction_county(b.jurisdiction)
    assigned = [(t.title_start, t.title_end) for t in tasks if t.units]
    for n, tg in enumerate(find_targets(b.cleaned.text, default_year=default_year, horizon=horizon, assigned=assigned), 1):
        value = f"{tg.value:g}" if isinstance(tg.value, float) else str(tg.value)
        name = f"{tg.indicator} {tg.comparator} {value}{tg.unit}" + (f" ({tg.year})" if tg.year else "")
        target = b.mention(
            "Target", tg.start, tg.end, name=name, key=f"{_short(doc_key)}#g{n}", indicator=tg.indicator,
            value=tg.value, unit=tg.unit, comparator=tg.comparator, year=tg.year, year_from=tg.year_from, kind=tg.kind,
            text=b.cleaned.surface(tg.start, tg.end),
        )
        holding = [(a, -z, e) for (a, z), e in task_ents if e is not None and a <= tg.start < z]
        owner = max(holding, key=lambda h: h[:2])[2] if holding else None  # the innermost task that holds it
        if owner is None:
            owner = next((e for s, end, e in counties if tg.start <= s < tg.end), own_county)
        if owner is not None:
            b.relate("HAS_TARGET", owner, target, (tg.start, tg.end))


def _task_extent(view: str, t: TaskRecord) -> tuple[int, int]:
    """Where a task's own text lies: its title to the end of its paragraph, or of its unit note if that is later.
    A target written there (建设高标准农田3万亩 in the body of 提升现代农业) is the task's."""
    nl = view.find("\n", t.title_end)
    end = len(view) if nl < 0 else nl
    if t.evidence_start >= t.title_start:
        end = max(end, t.evidence_end)
    return min(t.title_start, t.evidence_start), end


_PARK = re.compile(r"(?:园|园区|基地|开发区|新区|功能区|港)$")


def _add_links(b: _Builder, tasks: list[TaskRecord]) -> None:
    """TARGETS: a task points to the industries, projects and counties its text names.
    LOCATED_IN: a project or enterprise points to the county the text places it in: named in it or
    just before it, the county its name opens with (番禺节能科技园, where the document mentions 番禺区),
    or, for a park of a county's own plan, that county. The evidence is the clause."""
    rels = _schema.load().relationships
    targeted, located = set(rels["TARGETS"].targets), set(rels["LOCATED_IN"].sources)
    place = rels["LOCATED_IN"].targets[0]
    spans = sorted(((s, e, lab), ent) for (s, e, lab), ent in b.by_span.items())
    starts = [s for (s, _, _), _ in spans]
    for t in tasks:
        task = b.by_span.get((t.title_start, t.title_end, "Task"))
        if task is None:
            continue
        seen: set[str] = set()
        for k in range(bisect_left(starts, t.evidence_start), bisect_right(starts, t.evidence_end)):  # the spans inside only
            (s, e, lab), ent = spans[k]
            if lab in targeted and e <= t.evidence_end and ent.name not in seen:
                seen.add(ent.name)
                b.relate("TARGETS", task, ent, (s, e))
    counties = [((s, e), ent) for (s, e, lab), ent in spans if lab == place]
    coded = [(sp, c) for sp, c in counties if c.attrs.get("code")]
    own = _own_county(b, [c for _, c in coded])
    for (s, e, lab), ent in spans:
        if lab not in located:
            continue
        # the nearest county ending at most a few characters before (or inside) the name
        near = [c for (cs, ce), c in counties if cs <= s + len(ent.name) and s - 4 <= ce <= e]
        if not near:
            near = _place_prefix(b.cleaned.text, s, s, e, coded)  # 番禺节能科技园: the name opens with the county's
        if not near and own is not None and _PARK.search(ent.name):
            near = [own]  # a park of a county's own plan lies in the county
        if near:
            b.relate("LOCATED_IN", ent, near[-1], _clause_bounds(b.cleaned.text, s, e))


def _resolve_departments(b: _Builder) -> None:
    """Each unit's collective flag and jurisdiction; in a national document, short names joined to the full one.

    The full name that the same document writes wins (国资委 beside 国务院国资委), so a
    national document's 发展改革委 and 国家发展改革委 are one node; the written form stays
    the entity's ``text`` (and so the node's ``aliases``).
    """
    from kg.extract.resolve import department_jurisdiction, national_full_name

    depts = [e for e in b.entities if e.label == "Department"]
    j = b.jurisdiction
    scope = j.issuer if j is not None and j.issuer is not None else j
    if scope is not None and scope.national:
        names = {e.name for e in depts}
        for e in depts:
            e.name = national_full_name(e.name, names)
    for e in depts:
        if _is_collective(e.name):
            e.attrs["collective"] = True
        where = department_jurisdiction(e.name, j)
        if where:
            e.attrs.setdefault("jurisdiction", where)


# Words that tie the industries after a county to it: 重点发展, 打造, 主导产业, 特色产业 …
_DEVELOP_CUE = re.compile(r"发展|打造|培育|壮大|做强|做大|做优|建设|布局|聚焦|主导产业|特色产业|支柱产业|优势产业|重点产业|首位产业|产业集群|产业链|基地")
# What may stand between a county and its industries in a list of counties: 潜江市：小龙虾, 潜江市（小龙虾）
_LIST_GAP = re.compile(r"\s*[:：(（]?\s*")
# Counties written together share what follows them (潜江、监利重点发展小龙虾), as items of one list do
_COUNTY_JOIN = re.compile(r"\s*(?:、|和|及|与|,|，)\s*")
_DEVELOP_CLAUSE_END = "。；;！？!?\n"


def _add_develops(b: _Builder) -> None:
    """DEVELOPS: a county to each industry a text ties to it, with the clause as evidence.

    Classes of wording, each read clause by clause (a clause ends at 。；! ? or a line end):

    * a county named before industries with a development word between (X县重点发展A、B;
      打造X县A产业集群), counties written together sharing them (潜江、监利重点发展小龙虾);
    * a county with its industries after a colon or in brackets, as provincial plans list
      them (潜江市：小龙虾、虾稻), or right before one (潜江小龙虾, the place-prefixed name);
    * in a county's own plan (the document's jurisdiction is the county), every industry
      of a clause that names no other county is the county's.
    """
    span = {id(ent): (s, e) for (s, e, _), ent in b.by_span.items()}
    counties = sorted((span[id(e)], e) for e in b.entities if e.label == "County" and e.attrs.get("code") and id(e) in span)
    industries = sorted((span[id(e)], e) for e in b.entities if e.label == "Industry" and id(e) in span)
    own = _own_county(b, [c for _, c in counties])
    if not (counties or own) or not industries:
        return
    view = b.cleaned.text
    starts = [cs for (cs, _), _ in counties]
    seen: set[tuple[str, str, int]] = set()  # one relation per county, industry and clause
    prev_end, prev_tied = -1, []
    for (vs, ve), ind in industries:
        lo, hi = _clause_bounds(view, vs, ve)
        in_clause = counties[bisect_left(starts, lo):bisect_left(starts, hi)]
        before = [(sp, c) for sp, c in in_clause if sp[1] <= vs]
        tied = _tied_counties(view, before, vs) or _place_prefix(view, lo, vs, ve, counties)
        if not tied and prev_tied and lo <= prev_end <= vs and _COUNTY_JOIN.fullmatch(view[prev_end:vs]):
            tied = prev_tied  # the next item of the same list of industries (潜江市：小龙虾产业、虾稻产业)
        prev_end, prev_tied = ve, tied
        if not tied and own is not None and all(c.attrs["code"] == own.attrs["code"] for _, c in in_clause):
            tied = [own]
        for c in tied:
            if (c.attrs["code"], ind.name, lo) not in seen:
                seen.add((c.attrs["code"], ind.name, lo))
                b.relate("DEVELOPS", c, ind, (lo, hi))


def _clause_bounds(view: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``view[start:end]``: from after the last clause end before it to its own (included)."""
    lo = max(view.rfind(ch, 0, start) for ch in _DEVELOP_CLAUSE_END) + 1
    ends = [i for i in (view.find(ch, end) for ch in _DEVELOP_CLAUSE_END) if i >= 0]
    if not ends:
        return lo, len(view)
    hi = min(ends)
    return lo, hi + (view[hi] != "\n")


def _tied_counties(view: str, before: list[tuple[tuple[int, int], Entity]], start: int) -> list[Entity]:
    """The counties of a clause that an industry starting at ``start`` belongs to: the nearest one
    before it, where a development word, a colon or bracket or nothing stands between, and those
    written together with it."""
    if not before:
        return []
    (ls, le), last = before[-1]
    gap = view[le:start]
    if not (_DEVELOP_CUE.search(gap) or _LIST_GAP.fullmatch(gap)):
        return []
    tied, at = [last], ls
    for (cs, ce), c in reversed(before[:-1]):
        if not _COUNTY_JOIN.fullmatch(view[ce:at]):
            break
        tied.append(c)
        at = cs
    return tied[::-1]


_PLACE_CHARS = 12


def _place_prefix(view: str, lo: int, start: int, end: int, counties: list[tuple[tuple[int, int], Entity]]) -> list[Entity]:
    """The county whose name prefixes an industry (潜江小龙虾, 随县香菇), as a name inside the name rather
    than a mention: tied to the county where the document mentions it too (the node is the same)."""
    from kg.nlp.gazetteer import divisions_in_name

    by_code = {c.attrs["code"]: c for _, c in counties}
    lo = max(lo, start - _PLACE_CHARS)  # a county name is short: only the characters just before are read
    for m in divisions_in_name(view[lo:end]):  # the same few characters recur: remembered
        d = m.division
        if d is not None and d.level == "county" and d.code in by_code and (lo + m.end == start or lo + m.start == start < lo + m.end < end):
            return [by_code[d.code]]
    return []


def _own_county(b: _Builder, counties: list[Entity]) -> Entity | None:
    """The document's own county, where the document is a county's (its jurisdiction): its mention
    in the text, else the county the jurisdiction names (:data:`kg.graph.records.JURISDICTION`)."""
    j = b.jurisdiction
    if j is None or getattr(j, "level", None) != "county" or getattr(j, "issuer", None) is not None:
        return None
    return next((c for c in counties if c.attrs.get("code") == j.code), None) or _jurisdiction_county(j)


def _jurisdiction_county(j: Any) -> Entity | None:
    """The document's own county as a relation end without a mention (see :data:`kg.graph.records.JURISDICTION`)."""
    if not getattr(j, "county", None) or not getattr(j, "code", None):
        return None
    return Entity(JURISDICTION, "County", j.county, j.county, -1, -1, {"code": j.code})


def _is_collective(name: str) -> bool:
    from kg.extract.resolve import is_collective

    return is_collective(name)


def _mentions_and_tasks(cleaned: Cleaned) -> tuple[list[Any], list[TaskRecord]]:
    """The pipeline's mentions and the tasks read over them (prose is read over the unit names found)."""
    found = _nlp_mentions(cleaned.text)
    tasks = find_tasks(cleaned.text, parse(cleaned.text), [(m.start, m.end) for m in found if m.label == "Department"])
    return found, tasks


def extract(document: Document) -> Extraction:
    """Extract entities, tasks and relations from one document (the contract of ``policykg extract``)."""
    from kg.graph.model import document_key

    cleaned = clean(document.text)
    meta = _metadata(document, cleaned)
    b = _Builder(cleaned, _jurisdiction(cleaned.text, meta))
    found, tasks = _mentions_and_tasks(cleaned)
    for m in found:
        b.mention(m.label, m.start, m.end, **m.attrs)
    dkey = document_key(document.path, document.sha256)
    _add_tasks(b, tasks, dkey)
    _one_span_per_unit(b, tasks)
    _resolve_departments(b)
    _add_targets(b, tasks, dkey, _default_year(meta, cleaned.text), _horizon(cleaned.text, meta))
    _add_links(b, tasks)
    _add_develops(b)
    _number(b)
    j = b.jurisdiction
    return Extraction(
        path=document.path,
        title=meta.get("title"),
        jurisdiction=getattr(j, "path", None) if j is not None else None,
        script=detect_script(document.text),
        entities=b.entities,
        relations=b.relations,
        metadata={k: meta.get(k) for k in ("issuer", "date", "doc_number")} | {"format": document.format, "sha256": document.sha256}
        | _county_metadata(b),
    )


def _county_metadata(b: _Builder) -> dict[str, Any]:
    """The own county a relation names by :data:`kg.graph.records.JURISDICTION`: its code and name, for the graph model."""
    if not any(JURISDICTION in (r.source, r.target) for r in b.relations):
        return {}
    j = b.jurisdiction
    return {JURISDICTION_COUNTY: {"code": j.code, "name": j.county, "province": j.province, "prefecture": j.prefecture}}


def explain(document: Document) -> list[dict[str, Any]]:
    """Each task with where its units were written and the rule that read each unit.

    A user whose document came out with missing or odd assignments asks first which
    layout the tool saw and which rule fired; this answers without reading the code.
    Surfaces are in the document's own script.
    """
    cleaned = clean(document.text)
    _, tasks = _mentions_and_tasks(cleaned)
    line_of = _line_numbers(document.text)
    out = []
    for t in tasks:
        start, _ = cleaned.span(t.title_start, t.title_end)
        out.append({
            "task": cleaned.surface(t.title_start, t.title_end),
            "number": t.number,
            "line": line_of(start),
            "container": t.container,
            "evidence": cleaned.surface(t.evidence_start, t.evidence_end).strip(),
            "units": [{"unit": cleaned.surface(u.start, u.end) if u.start >= 0 else u.name, "role": u.role, "rule": u.rule}
                      for u in t.units],
        })
    return out


def explain_path(path: str, **read_options: Any) -> list[dict[str, Any]]:
    """Read a file and :func:`explain` it. Raises :class:`kg.read.document.ReadError` for unreadable input."""
    from kg.read import read

    return explain(read(path, **read_options))


def _line_numbers(text: str):
    """A function from an offset of ``text`` to its 1-based line number."""
    from bisect import bisect_right

    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return lambda offset: bisect_right(starts, offset)


def _number(b: _Builder) -> None:
    """Give entities ids in document order (e1, e2, … for entities; t1, … for tasks) and resolve relation ends."""
    b.entities.sort(key=lambda e: (e.start, e.end, e.label))
    counters = {"Task": 0, "Target": 0, "": 0}
    prefix = {"Task": "t", "Target": "g"}
    ids = {}
    for e in b.entities:
        k = e.label if e.label in prefix else ""
        counters[k] += 1
        e.id = f"{prefix.get(e.label, 'e')}{counters[k]}"
        ids[_pending(e)] = e.id
    for r in b.relations:
        r.source = ids.get(r.source, r.source)
        r.target = ids.get(r.target, r.target)


def extract_path(path: str, **read_options: Any) -> Extraction:
    """Read a file and extract it. Raises :class:`kg.read.document.ReadError` for unreadable input."""
    from kg.read import read

    return extract(read(path, **read_options))


def _short(doc_key: str) -> str:
    """A short stable id for a document key (task and target keys embed it)."""
    import hashlib

    return hashlib.sha1(doc_key.encode("utf-8")).hexdigest()[:12]
