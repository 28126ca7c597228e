"""HTML views of the graph: one self-contained page per view, drawn by vis-network through pyvis.

A view is a focused part of the graph (a department with its tasks and co-units, a
county with its industries, projects and targets, one document's facts), cut down
to ``max_nodes`` so that the browser stays responsive. The page works offline:
vis-network is inlined from the pyvis package and nothing is fetched.

Every name comes from a document and may be hostile. Names reach the page only as
JSON inside the script (with ``<``, ``>``, ``&`` and ``'`` escaped, so nothing can
close the script tag) or as autoescaped HTML text; tooltips are built as DOM text
nodes, never parsed as HTML (vis-network would parse an HTML string).
"""
from __future__ import annotations

import html
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from pyvis.network import Network

import kg.schema as _schema
from kg.text.script import to_simplified

__all__ = ["ViewResult", "Selection", "FONT_STACK", "LAYOUTS", "select", "reduce", "render"]

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif'
)

_UNIT_TASK = ("LEADS", "RESPONSIBLE_FOR")
_COUNTY_THINGS = _schema.load().county_view_labels
_FOLDED = "FOLDED"  # type of the edge from a kept node to a "+N Label" node
_FOLD_PREFIX = "folded:"
_LOCAL = "LOCAL"  # view-only: from a county to the industries, projects and targets of its documents
# relation type -> (colour, width, dashes), from the schema; types it does not style get grey
_EDGE_STYLE = {
    **{name: (r.color, r.width, list(r.dashes) if r.dashes else False) for name, r in _schema.load().relationships.items()},
    _FOLDED: ("#adb5bd", 1.0, [4, 3]),
    _LOCAL: ("#2a9d8f", 1.0, [1, 4]),
}
# What a reader of the page sees: the schema's labels and types in Chinese.
LABELS_ZH = {name: lab.zh for name, lab in _schema.load().labels.items() if lab.zh}
TYPES_ZH = {**{name: r.zh for name, r in _schema.load().relationships.items() if r.zh}, _FOLDED: "未画出的", _LOCAL: "本地"}
_PROPS_ZH = {"title": "标题", "body": "内容", "section": "章节", "deadline": "时限", "number": "编号", "jurisdiction": "辖区",
             "code": "区划代码", "aliases": "别名", "indicator": "指标", "value": "数值", "unit": "单位", "comparator": "比较",
             "year": "年份", "text": "原文", "issuer": "发文机关", "date": "日期", "doc_number": "文号", "format": "格式",
             "script": "字形", "province": "省", "prefecture": "地市", "level": "级别", "collective": "泛指单位"}
# drawn only when the reader ticks it (MENTIONS: a document mentions everything)
_HIDDEN_BY_DEFAULT = tuple(name for name, r in _schema.load().relationships.items() if r.hidden)
_LINE_CHARS = 9  # a caption is wrapped into lines this long ...
_CAPTION_LINES = 3  # ... at most this many
_BODY_CHARS = 200
_RING_MAX = 1500  # hidden neighbours shipped for click-to-expand
_TIP_DOCUMENTS = 5
_TIP_EVIDENCE = 3
_EVIDENCE_CHARS = 160
_HIDDEN_PROPS = {"key", "name", "path", "sha256", "document"}
_TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "vis"
LAYOUTS = ("auto", "force", "hierarchy", "clusters")
_LEVEL_GAP = 420  # hierarchy: pixels between the columns document → tasks → sub-tasks → units
_COLUMN_ROWS = 9  # ... a column taller than this many rows wraps into sub-columns
_TASK_ROWS = 11  # ... a column of tasks and their section headings, this many
_ROW_GAP = 100
_SUB_COLUMN_GAP = 210
_CLUSTER_SPREAD = 45  # clusters: a spring layout of n nodes is scaled to a radius of this times sqrt(n), then spread
_NOWHERE = "其他"  # the cluster of nodes whose documents name no jurisdiction
_VIS = "templates/lib/vis-9.1.2"


@dataclass(frozen=True)
class ViewResult:
    """What :func:`render` wrote: the page, how many nodes and edges it draws, and why it was cut."""

    path: Path
    nodes: int
    edges: int
    notice: str | None = None


@dataclass(frozen=True)
class Selection:
    """The part of the graph a view shows, the nodes it is about, and a heading saying which."""

    graph: nx.MultiDiGraph
    focus: frozenset[str]
    heading: str
    context: nx.MultiDiGraph | None = None  # what it was cut from: where click-to-expand finds neighbours
    labels: frozenset[str] = frozenset()


def _norm(text: Any) -> str:
    """Matching form: simplified script, case-folded, so a query matches in either script."""
    return to_simplified(str(text)).casefold()


def _texts(attrs: dict[str, Any], fields: Iterable[str]) -> list[str]:
    out = []
    for f in fields:
        v = attrs.get(f)
        if isinstance(v, list):
            out.extend(str(x) for x in v)
        elif v is not None:
            out.append(str(v))
    return out


def _find(graph: nx.MultiDiGraph, label: str, query: str, fields: Iterable[str], *, code: bool = False) -> set[str]:
    """Nodes of ``label`` where one of ``fields`` contains ``query`` (or whose code is it, for regions)."""
    q = _norm(query.strip())
    if not q:
        raise ValueError(f"empty {label.lower()} filter")
    fields = tuple(fields)
    found = set()
    for n, d in graph.nodes(data=True):
        if d.get("label") != label:
            continue
        if any(q in _norm(t) for t in _texts(d, fields)) or (code and query.strip() in _texts(d, ("code", "key"))):
            found.add(n)
    if not found:
        raise ValueError(f"no {label} in the graph matches {query!r}")
    return found


def _neighbours(graph: nx.MultiDiGraph, node: str, types: Iterable[str], *, incoming: bool = False) -> set[str]:
    types = set(types)
    edges = graph.in_edges(node, data="type") if incoming else graph.out_edges(node, data="type")
    return {(u if incoming else v) for u, v, t in edges if t in types}


def _department_core(graph: nx.MultiDiGraph, departments: set[str]) -> set[str]:
    """The departments, the tasks they lead or share, and the other units on those tasks."""
    tasks = set().union(*(_neighbours(graph, d, _UNIT_TASK) for d in departments))
    units = set().union(*(_neighbours(graph, t, _UNIT_TASK, incoming=True) for t in tasks))
    return departments | tasks | units


def _of_label(graph: nx.MultiDiGraph, nodes: Iterable[str], labels: Iterable[str]) -> set[str]:
    labels = set(labels)
    return {n for n in nodes if graph.nodes[n].get("label") in labels}


def _documents_about(graph: nx.MultiDiGraph, county: str) -> set[str]:
    """Documents that mention the county and are about it: its jurisdiction names it, or,
    where the document has no jurisdiction, it mentions no other county."""
    name = _norm(graph.nodes[county].get("name", ""))
    about = set()
    for d in _of_label(graph, _neighbours(graph, county, ["MENTIONS"], incoming=True), ["Document"]):
        jurisdiction = graph.nodes[d].get("jurisdiction")
        if jurisdiction:
            if name and name in _norm(jurisdiction):
                about.add(d)
        elif _of_label(graph, _neighbours(graph, d, ["MENTIONS"]), ["County"]) == {county}:
            about.add(d)
    return about


def _task_reach(graph: nx.MultiDiGraph, task: str) -> set[str]:
    """What a task connects a county to: its industries, projects and targets."""
    return _of_label(graph, _neighbours(graph, task, ["TARGETS"]), _COUNTY_THINGS) | _neighbours(
        graph, task, ["HAS_TARGET"]
    )


def _part_of_chain(graph: nx.MultiDiGraph, task: str) -> set[str]:
    """The task, its parent tasks and its document, so a task drawn is attached to where it comes from."""
    chain, todo = set(), [task]
    while todo:
        n = todo.pop()
        if n not in chain:
            chain.add(n)
            todo.extend(_neighbours(graph, n, ["PART_OF"]))
    return chain


def _county_core(graph: nx.MultiDiGraph, counties: set[str]) -> set[str]:
    """Counties with their targets, projects, industries, and the tasks and documents that connect them."""
    core = set(counties)
    for c in counties:
        core |= _neighbours(graph, c, ["HAS_TARGET"]) | _neighbours(graph, c, ["LOCATED_IN"], incoming=True)
        for task in _neighbours(graph, c, ["TARGETS"], incoming=True):
            core |= {task} | _task_reach(graph, task)
        for doc in _documents_about(graph, c):
            dkey = graph.nodes[doc].get("key")
            core |= {doc} | _of_label(graph, _neighbours(graph, doc, ["MENTIONS"]), _COUNTY_THINGS)
            core |= _neighbours(graph, doc, ["HAS_TARGET"])
            for task, d in graph.nodes(data=True):
                if d.get("label") == "Task" and dkey in d.get("documents", ()) and (reach := _task_reach(graph, task)):
                    core |= reach | _part_of_chain(graph, task)
    return core


def _document_facts(graph: nx.MultiDiGraph, documents: set[str]) -> nx.MultiDiGraph:
    """The graph of what the documents state: their nodes and the edges they state."""
    dkeys = {graph.nodes[d].get("key") for d in documents}
    edges = [(u, v, k) for u, v, k, doc in graph.edges(keys=True, data="document") if doc in dkeys]
    nodes = set(documents) | {n for n, docs in graph.nodes(data="documents") if dkeys & set(docs or ())}
    nodes |= {u for u, _, _ in edges} | {v for _, v, _ in edges}
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, graph.nodes[n]) for n in sorted(nodes))
    out.add_edges_from((u, v, k, graph.edges[u, v, k]) for u, v, k in sorted(edges))
    return out


def _expand(graph: nx.MultiDiGraph, core: set[str], hops: int) -> set[str]:
    """``core`` and what lies within ``hops`` fact relations of it (MENTIONS is not walked:
    a document mentions too much to be a neighbourhood)."""
    nodes, frontier = set(core), set(core)
    for _ in range(hops):
        step = set()
        for n in frontier:
            step |= {v for _, v, t in graph.out_edges(n, data="type") if t != "MENTIONS"}
            step |= {u for u, _, t in graph.in_edges(n, data="type") if t != "MENTIONS"}
        frontier = step - nodes
        nodes |= frontier
    return nodes


def _spokes(sub: nx.MultiDiGraph, counties: set[str]) -> None:
    """In a county's view, an edge from the county to each industry, project and target of its documents.

    The graph links those to tasks and documents, not to the county, which would
    otherwise float unconnected in the middle of its own view.
    """
    for c in sorted(counties):
        linked = set(sub.successors(c)) | set(sub.predecessors(c))
        for n, d in sorted(sub.nodes(data=True)):
            if d.get("label") in (*_COUNTY_THINGS, "Target") and n not in linked:
                sub.add_edge(c, n, key=_LOCAL, type=_LOCAL, evidence=None)


def _check_labels(labels: list[str] | None) -> set[str]:
    if not labels:
        return set()
    known = {name.casefold(): name for name in _schema.load().labels}
    unknown = [lab for lab in labels if lab.casefold() not in known]
    if unknown:
        raise ValueError(f"unknown label {unknown[0]!r} (labels: {', '.join(sorted(known.values()))})")
    return {known[lab.casefold()] for lab in labels}


def select(
    graph: nx.MultiDiGraph,
    *,
    department: str | None = None,
    county: str | None = None,
    document: str | None = None,
    label: list[str] | None = None,
    depth: int = 1,
) -> Selection:
    """The part of ``graph`` a view shows.

    ``document`` first narrows the graph to the facts of the documents whose file name,
    path or title contains it. ``department`` (a name substring, either script) focuses
    on the matching departments, their tasks and the co-units on them; ``county`` (a name
    substring or division code) on the county, its targets, projects, industries and the
    tasks and documents that connect them. Both given: the union of the two views.
    ``depth`` > 1 adds what lies that many fact relations further out. ``label`` keeps
    only nodes of these labels. Raises ``ValueError`` when a filter matches nothing.
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    labels = _check_labels(label)
    work, parts = graph, []
    if document is not None:
        work = _document_facts(graph, _find(graph, "Document", document, ("name", "title", "path", "key")))
        parts.append(f"文件 ~ {document}")
    focus, core, counties = set(), set(), set()
    if department is not None:
        found = _find(work, "Department", department, ("name", "aliases", "key"))
        focus, core = focus | found, core | _department_core(work, found)
        parts.append(f"单位 ~ {department}")
    if county is not None:
        found = _find(work, "County", county, ("name", "aliases"), code=True)
        focus, core = focus | found, core | _county_core(work, found)
        counties = found
        parts.append(f"县（市、区） ~ {county}")
    nodes = _expand(work, core, depth - 1) if focus else set(work)
    if depth > 1 and focus:
        parts.append(f"{depth} 层")
    if labels:
        nodes = {n for n in nodes if work.nodes[n].get("label") in labels}
        parts.append("只看 " + "、".join(LABELS_ZH.get(lab, lab) for lab in sorted(labels)))
    sub = nx.MultiDiGraph(work.subgraph(nodes))
    _spokes(sub, counties & nodes)
    heading = "policykg 图谱" + ("：" + "；".join(parts) if parts else "")
    return Selection(sub, frozenset(focus & nodes), heading, work, frozenset(labels))


def _degrees(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Number of distinct neighbours of each node (parallel edges from several documents count once)."""
    return {n: len(set(graph.predecessors(n)) | set(graph.successors(n))) for n in graph}


def reduce(
    graph: nx.MultiDiGraph, *, focus: Iterable[str] = (), max_nodes: int = 400
) -> tuple[nx.MultiDiGraph, str | None]:
    """Cut ``graph`` to at most ``max_nodes`` nodes, with a notice saying so (``None`` when uncut).

    Kept are the focus nodes, then the best-connected ones (ties by id, so the cut is
    stable). The rest are folded into one ``+N Label`` node per label, attached to the
    kept node with most links into them: the reader sees what is missing and where.
    """
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, got {max_nodes}")
    total = graph.number_of_nodes()
    if total <= max_nodes:
        return graph, None
    focus, degree = set(focus), _degrees(graph)
    order = sorted(graph, key=lambda n: (n not in focus, -degree[n], n))
    n_labels = len({graph.nodes[n].get("label") for n in graph})
    room = max_nodes - n_labels
    kept = order[: room if room >= 1 else max_nodes]
    kept_set = set(kept)
    dropped = order[len(kept):]
    out = nx.MultiDiGraph(graph.subgraph(kept))
    if room >= 1:
        _fold(graph, out, kept_set, dropped)
    notice = (
        f"此视图有 {total} 个节点，超过 --max-nodes {max_nodes}：画出的是联系最多的 {len(kept)} 个"
        f"{'（关注的节点优先）' if focus else ''}，其余 {len(dropped)} 个按类别折叠为“+N”节点，点击节点可展开它的邻居。"
        "可用 --department、--county、--document 或 --label 缩小范围，或调大 --max-nodes。"
    )
    return out, notice


def _fold(graph: nx.MultiDiGraph, out: nx.MultiDiGraph, kept: set[str], dropped: list[str]) -> None:
    """Add one ``+N Label`` node per label of the dropped nodes to ``out``."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for n in dropped:
        by_label[graph.nodes[n].get("label", "?")].append(n)
    for label, members in sorted(by_label.items()):
        fid = f"{_FOLD_PREFIX}{label}"
        out.add_node(fid, label=label, key=fid, name=f"+{len(members)} {LABELS_ZH.get(label, label)}", folded=len(members), documents=[])
        links: Counter[str] = Counter()
        for m in members:
            links.update(set(graph.predecessors(m)) | set(graph.successors(m)))
        anchors = sorted(((-c, n) for n, c in links.items() if n in kept))
        if anchors:
            out.add_edge(anchors[0][1], fid, key=_FOLDED, type=_FOLDED, count=-anchors[0][0])


_TITLE_CORE = re.compile(r"关于(?:印发)?(.+?)(?:的通知|的批复|的意见|的函)?$")


def _short_title(title: str) -> str:
    """What tells one document's title from another's: 浠水县…关于印发浠水县2024年…分工方案的通知 → 浠水县2024年…分工方案."""
    m = _TITLE_CORE.search(title)
    core = m.group(1) if m else title
    return core.strip("《》“”\"") or title


def _wrap(text: str) -> str:
    """``text`` in lines of :data:`_LINE_CHARS`, at most :data:`_CAPTION_LINES` of them (the tooltip has it whole)."""
    room = _LINE_CHARS * _CAPTION_LINES
    if len(text) > room:
        text = text[: room - 1] + "…"
    return "\n".join(text[i:i + _LINE_CHARS] for i in range(0, len(text), _LINE_CHARS))


def _caption(attrs: dict[str, Any], jurisdiction: str | None = None) -> str:
    """The text under a node, keeping the part of the name that tells it apart.

    In a view whose documents all have one ``jurisdiction``, a unit loses it
    (鄂州市鄂城区财政局 → 财政局, as the document says it); where documents of several
    places meet, the place is what tells 浠水县财政局 from 应城市财政局 and stays. A
    document's title loses the issuer and 关于印发…的通知;
    what is left is wrapped over up to three lines rather than cut.
    """
    from kg.questions.query import short_name

    label = attrs.get("label")
    if attrs.get("folded"):
        return str(attrs.get("name"))
    if label == "Document":
        text = _short_title(str(attrs.get("title") or attrs.get("name") or ""))
    elif label == "Department":
        text = short_name(str(attrs.get("name") or attrs.get("key") or ""), jurisdiction)
    else:
        text = str(attrs.get("name") or attrs.get("key") or "")
    return _wrap(text)


def _file_names(dkeys: Iterable[str]) -> str:
    names = sorted({os.path.basename(str(k)) for k in dkeys})
    more = f"（另有 {len(names) - _TIP_DOCUMENTS} 份）" if len(names) > _TIP_DOCUMENTS else ""
    return "、".join(names[:_TIP_DOCUMENTS]) + more


_VALUES_ZH = {  # coded property values as a reader of the page reads them
    "level": {"province": "省级", "prefecture": "地级", "county": "县级", "township": "乡镇级"},
    "script": {"simplified": "简体", "traditional": "繁体", "mixed": "简繁混用"},
}


def _value(prop: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and value in _VALUES_ZH.get(prop, {}):
        return _VALUES_ZH[prop][value]
    text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if prop != "body" or len(text) <= _BODY_CHARS else text[: _BODY_CHARS - 1] + "…"


def _node_tip(attrs: dict[str, Any]) -> str:
    """Plain-text tooltip of a node: label, full name, properties, documents (file names)."""
    label = attrs.get("label", "?")
    zh = LABELS_ZH.get(label, label)
    if attrs.get("folded"):
        return f"未画出的{zh} {attrs['folded']} 个（--max-nodes）"
    lines = [f"{zh}：{attrs.get('name') or attrs.get('key', '')}"]
    lab = _schema.load().labels.get(label)
    for prop in lab.properties if lab else ():
        value = attrs.get(prop)
        if prop in _HIDDEN_PROPS or value in (None, "", []):
            continue
        lines.append(f"{_PROPS_ZH.get(prop, prop)}：{_value(prop, value)}")
    if attrs.get("documents"):
        lines.append(f"来源文件：{_file_names(attrs['documents'])}")
    return "\n".join(lines)


def _edge_tip(graph: nx.MultiDiGraph, u: str, v: str, rtype: str, facts: list[dict[str, Any]]) -> str:
    """Plain-text tooltip of an edge: relation type, ends, and per document its evidence sentence."""
    name = {n: graph.nodes[n].get("name") or graph.nodes[n].get("key", n) for n in (u, v)}
    if rtype == _FOLDED:
        return f"{name[u]} 与 {facts[0].get('count', 0)} 个未画出的节点相连"
    if rtype == _LOCAL:
        return f"{name[v]} 出现在关于{name[u]}的文件中"
    lines = [f"{TYPES_ZH.get(rtype, rtype)}（{rtype}）：{name[u]} → {name[v]}"]
    for fact in facts[:_TIP_EVIDENCE]:
        where = os.path.basename(str(fact.get("document", "")))
        if fact.get("section"):
            where += f" §{fact['section']}"
        if isinstance(fact.get("rank"), int):
            where += f"（列第{fact['rank']}位）"
        evidence = str(fact.get("evidence") or "")
        if len(evidence) > _EVIDENCE_CHARS:
            evidence = evidence[: _EVIDENCE_CHARS - 1] + "…"
        lines.append(f"文件：{where}" + (f"\n依据：{evidence}" if evidence else ""))
    if len(facts) > _TIP_EVIDENCE:
        lines.append(f"（另有 {len(facts) - _TIP_EVIDENCE} 份文件）")
    return "\n".join(lines)


def _node_style(attrs: dict[str, Any], degree: int, is_focus: bool) -> dict[str, Any]:
    lab = _schema.load().labels.get(attrs.get("label", ""))
    color, shape = (lab.color, lab.shape) if lab else ("#adb5bd", "dot")
    font = {"face": FONT_STACK, "size": 26 if is_focus else 20, "color": "#212529", "strokeWidth": 4,
            "strokeColor": "#ffffff"}
    if attrs.get("folded"):
        return {"shape": "box", "color": {"background": "#f1f3f5", "border": color}, "borderWidth": 2,
                "shapeProperties": {"borderDashes": [4, 3]}, "font": font | {"strokeWidth": 0}}
    if shape in ("box", "ellipse", "circle", "database", "text"):
        font = font | {"color": "#ffffff", "strokeWidth": 0}
    size = min(40.0, 10 + 4 * math.log2(1 + degree)) + (8 if is_focus else 0)
    return {"shape": shape, "color": color, "size": round(size, 1), "font": font, "borderWidth": 3 if is_focus else 1,
            "borderWidthSelected": 4}


def _search_text(attrs: dict[str, Any]) -> str:
    """What the page's search box matches: names, aliases and title, simplified and case-folded."""
    return _norm(" ".join(_texts(attrs, ("name", "aliases", "title", "key"))))


def _one_jurisdiction(graph: nx.MultiDiGraph, context: nx.MultiDiGraph) -> str | None:
    """The jurisdiction of every document that names the view's units, if there is only one."""
    docs = {k for _, d in graph.nodes(data=True) if d.get("label") == "Department" for k in d.get("documents") or ()}
    by_key = {d.get("key"): d for _, d in context.nodes(data=True) if d.get("label") == "Document"}
    places = {by_key.get(k, {}).get("jurisdiction") for k in docs}
    return places.pop() if len(places) == 1 else None


def _task_units(graph: nx.MultiDiGraph, n: str) -> list[str]:
    """A task's units per role in the order the document lists them (by ``rank``), for its tooltip:
    the reader sees the principal unit first, also where the view does not draw every unit."""
    lines = []
    for rtype in ("LEADS", "RESPONSIBLE_FOR", "GUIDES"):
        ranked = sorted((d.get("rank", 1 << 30), graph.nodes[u].get("name") or "")
                        for u, _, d in graph.in_edges(n, data=True) if d.get("type") == rtype)
        names = list(dict.fromkeys(name for _, name in ranked))
        if names:
            lines.append(f"{TYPES_ZH[rtype]}单位：{'、'.join(names)}")
    return lines


def _add_node(net: Network, n: str, attrs: dict[str, Any], degree: int, focus: frozenset[str], *, hidden: bool = False,
              jurisdiction: str | None = None, units: list[str] = (), place: dict[str, Any] | None = None) -> None:
    caption = _caption(attrs, jurisdiction) or " "
    extra = ({"hidden": True, "physics": False, "ring": True} if hidden else {}) | (place or {})
    # Long captions get more mass, hence more room: labels overlap less.
    net.add_node(n, label=caption, title="\n".join([_node_tip(attrs), *units]), mass=round(1 + len(caption) / 12, 2),
                 kind=attrs.get("label", ""), search=_search_text(attrs), **_node_style(attrs, degree, n in focus), **extra)


def _add_edges(net: Network, graph: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str, dict[str, Any]]], *, hidden: bool = False) -> None:
    merged: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, k, d in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        merged[(u, v, d.get("type", k))].append(d)
    for (u, v, rtype), facts in sorted(merged.items()):
        color, width, dashes = _EDGE_STYLE.get(rtype, ("#adb5bd", 1.0, False))
        extra: dict[str, Any] = {}
        if hidden:  # shown when a click expands one of its ends
            extra = {"hidden": True, "physics": False, "ring": True}
        elif rtype in _HIDDEN_BY_DEFAULT:  # shown when its legend box is ticked; never pulls on the layout
            extra = {"hidden": True, "physics": False}
        net.add_edge(u, v, title=_edge_tip(graph, u, v, rtype, facts), color=color, width=width, dashes=dashes,
                     type=rtype, **extra)


def _ring(sel: Selection, drawn: nx.MultiDiGraph) -> tuple[list[str], list[tuple[str, str, str, dict[str, Any]]]]:
    """Nodes not drawn but one fact relation away from a drawn node, with their edges: what a click expands.

    They go into the page hidden (at most :data:`_RING_MAX`), so the reader can open a
    neighbour without writing another view.
    """
    context = sel.context if sel.context is not None else sel.graph
    shown = set(drawn)
    ring: set[str] = set()
    for n in sorted(shown):
        if n not in context:
            continue
        for _, v, t in context.out_edges(n, data="type"):
            if t not in _HIDDEN_BY_DEFAULT and v not in shown:
                ring.add(v)
        for u, _, t in context.in_edges(n, data="type"):
            if t not in _HIDDEN_BY_DEFAULT and u not in shown:
                ring.add(u)
    if sel.labels:
        ring = {n for n in ring if context.nodes[n].get("label") in sel.labels}
    keep = set(sorted(ring)[:_RING_MAX])
    edges = [(u, v, k, d) for u, v, k, d in context.edges(keys=True, data=True)
             if d.get("type") not in _HIDDEN_BY_DEFAULT and (u in keep or v in keep) and {u, v} <= keep | shown]
    return sorted(keep), edges


@dataclass(frozen=True)
class _Layout:
    """How the page places nodes: by vis-network's forces, or at positions computed here (hierarchy, clusters)."""

    kind: str
    positions: dict[str, tuple[float, float]] | None = None
    clusters: tuple[dict[str, Any], ...] = ()  # name, centre, radius and size of each jurisdiction's patch
    headings: tuple[dict[str, Any], ...] = ()  # section headings of a hierarchy's task columns


def _jurisdictions(graph: nx.MultiDiGraph, context: nx.MultiDiGraph) -> dict[str, str]:
    """The jurisdiction each node belongs to: a document's own, anything else's the one most of its documents have."""
    by_key = {d.get("key"): d.get("jurisdiction") or _NOWHERE for _, d in context.nodes(data=True) if d.get("label") == "Document"}
    out = {}
    for n, d in graph.nodes(data=True):
        if d.get("label") == "Document":
            out[n] = d.get("jurisdiction") or _NOWHERE
            continue
        votes = Counter(by_key.get(k, _NOWHERE) for k in d.get("documents") or ())
        out[n] = min(votes, key=lambda j: (-votes[j], j)) if votes else _NOWHERE
    return out


def _pick_layout(kind: str, graph: nx.MultiDiGraph, context: nx.MultiDiGraph, focus: frozenset[str], document: str | None) -> str:
    """What ``auto`` means: one document's facts in levels, a whole graph of several places in clusters, else forces."""
    if kind not in LAYOUTS:
        raise ValueError(f"unknown layout {kind!r} (layouts: {', '.join(LAYOUTS)})")
    if kind != "auto":
        return kind
    if document is not None and not focus:
        return "hierarchy"
    if not focus and len(set(_jurisdictions(graph, context).values())) > 1:
        return "clusters"
    return "force"


def _levels(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Columns of the hierarchy: documents 0, a task one more than what it is PART_OF, the rest one past the last task."""
    level: dict[str, int] = {}

    def of(n: str, seen: frozenset[str] = frozenset()) -> int:
        if n not in level:
            up = [v for _, v, t in graph.out_edges(n, data="type") if t == "PART_OF" and v not in seen]
            level[n] = 1 + max((of(v, seen | {n}) for v in up), default=0)
        return level[n]

    for n, d in graph.nodes(data=True):
        if d.get("label") == "Document":
            level[n] = 0
    for n, d in sorted(graph.nodes(data=True)):
        if d.get("label") == "Task":
            of(n)
    rest = 1 + max(level.values(), default=0)
    return {n: level.get(n, rest) for n in graph}


def _natural(text: str) -> tuple:
    """Sort key that puts 文件#2 before 文件#10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _hierarchy_positions(graph: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], tuple[dict[str, Any], ...]]:
    """Columns left to right: documents, tasks (sub-tasks further right), then units, targets and what tasks name.

    Tasks keep their document order under a heading per section (document → section
    → task); each later node sits level with the mean of its neighbours in earlier
    columns (few crossings). A column taller than :data:`_COLUMN_ROWS` wraps into
    side-by-side sub-columns (tasks down each sub-column, so a section stays together;
    the rest row by row, so each stays near its neighbours) and stays legible.
    Returns the positions and the section headings (text and place).
    """
    level = _levels(graph)
    columns: dict[int, list[str]] = defaultdict(list)
    for n in graph:
        columns[level[n]].append(n)
    where: dict[str, tuple[float, float]] = {}
    headings: list[dict[str, Any]] = []
    x = 0.0
    for lv in sorted(columns):
        members = columns[lv]

        def rank(n: str) -> tuple:
            ys = [where[m][1] for m in set(graph.predecessors(n)) | set(graph.successors(n)) if m in where]
            return (sum(ys) / len(ys) if ys else 0.0, _natural(str(graph.nodes[n].get("key") or n)))

        if all(graph.nodes[n].get("label") == "Task" for n in members):
            across = _task_column(graph, members, x, where, headings)
        else:
            members.sort(key=rank)
            across = max(1, math.ceil(len(members) / _COLUMN_ROWS))
            rows = math.ceil(len(members) / across)
            for i, n in enumerate(members):
                row, sub = divmod(i, across)
                where[n] = (round(x + sub * _SUB_COLUMN_GAP, 1), round((row - (rows - 1) / 2) * _ROW_GAP, 1))
        x += (across - 1) * _SUB_COLUMN_GAP + _LEVEL_GAP
    return where, tuple(headings)


def _task_column(graph: nx.MultiDiGraph, tasks: list[str], x: float, where: dict[str, tuple[float, float]],
                 headings: list[dict[str, Any]]) -> int:
    """Place a column of tasks in document order, a heading row where the section changes; how many sub-columns."""
    tasks = sorted(tasks, key=lambda n: _natural(str(graph.nodes[n].get("key") or n)))
    rows: list[tuple[str, str]] = []  # ("heading", text), ("gap", "") or ("task", node)
    last = None
    for n in tasks:
        attrs = graph.nodes[n]
        here = (tuple(attrs.get("documents") or ()), str(attrs.get("section") or "").split(" > ")[-1].strip())
        if here[1] and here != last:
            rows.append(("heading", here[1]))
        elif last is not None and here[0] != last[0]:  # another document's tasks, without a section: not under the last heading
            rows.append(("gap", ""))
        last = here
        rows.append(("task", n))
    across = max(1, math.ceil(len(rows) / _TASK_ROWS))
    height = math.ceil(len(rows) / across)
    placed: list[tuple[str, str] | None] = []
    for item in rows:  # a heading never ends a sub-column: it goes on top of the next, with its tasks
        if item[0] == "heading" and len(placed) % height == height - 1:
            placed.append(None)
        placed.append(item)
    height = max(height, math.ceil(len(placed) / across))
    for i, item in enumerate(placed):
        if item is None or item[0] == "gap":
            continue
        sub, row = divmod(i, height)
        px, py = round(x + sub * _SUB_COLUMN_GAP * 1.3, 1), round((row - (height - 1) / 2) * _ROW_GAP, 1)
        if item[0] == "heading":
            headings.append({"text": item[1], "x": px, "y": py + 8})
        else:
            where[item[1]] = (px, py)
    return max(1, math.ceil(across * 1.3))


def _spread(points: "np.ndarray", *, gap: float = 95.0, aspect: float = 1.8, rounds: int = 40) -> "np.ndarray":
    """Push apart points closer than a caption's room: ``gap`` vertically, ``aspect`` times that sideways
    (captions are wider than tall). A spring layout alone piles a hub's units on top of each other."""
    import numpy as np

    q = points / np.array([aspect, 1.0])
    for _ in range(rounds):
        delta = q[:, None, :] - q[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, 1e9)
        short = dist < gap
        if not short.any():
            break
        dist = np.where(dist == 0, 1e-3, dist)
        push = np.where(short, (gap - dist) / 2 / dist, 0.0)[..., None] * delta
        q = q + push.sum(axis=1)
    return q * np.array([aspect, 1.0])


def _cluster(graph: nx.MultiDiGraph, members: list[str]) -> dict[str, tuple[float, float]]:
    """Positions of one jurisdiction's nodes around (0, 0): a seeded spring layout, spread so captions do not overlap."""
    import numpy as np

    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    sub = nx.Graph(graph.subgraph(members))
    spring = nx.spring_layout(sub, seed=7, k=2.0 / math.sqrt(len(members)), iterations=60)
    points = _spread(np.array([spring[n] for n in members]) * _CLUSTER_SPREAD * math.sqrt(len(members)))
    points -= points.mean(axis=0)
    return {n: (float(x), float(y)) for n, (x, y) in zip(members, points)}


def _cluster_positions(graph: nx.MultiDiGraph, context: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], tuple[dict[str, Any], ...]]:
    """One patch of the page per jurisdiction, biggest first, side by side in rows.

    Each place keeps its own patch, so a reader sees 浠水县's units and tasks together
    instead of one tangle of every document; the few edges between places (a county
    named by another's plan) run between patches.
    """
    where = _jurisdictions(graph, context)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in sorted(graph):
        groups[where[n]].append(n)
    order = sorted(groups, key=lambda j: (j == _NOWHERE, -len(groups[j]), j))
    laid = {j: _cluster(graph, groups[j]) for j in order}
    radius = {j: 60 + max(math.hypot(x, y) for x, y in laid[j].values()) for j in order}
    per_row = max(1, math.ceil(math.sqrt(len(order))))
    positions: dict[str, tuple[float, float]] = {}
    clusters = []
    x = y = row_height = 0.0
    for i, j in enumerate(order):
        if i and i % per_row == 0:
            x, y, row_height = 0.0, y + row_height + 120, 0.0
        r = radius[j]
        cx, cy = x + r, y + r
        positions |= {n: (round(cx + px, 1), round(cy + py, 1)) for n, (px, py) in laid[j].items()}
        clusters.append({"name": j, "x": round(cx, 1), "y": round(cy, 1), "r": round(r, 1), "count": len(groups[j])})
        x += 2 * r + 120
        row_height = max(row_height, 2 * r)
    return positions, tuple(clusters)


def _layout(kind: str, graph: nx.MultiDiGraph, context: nx.MultiDiGraph) -> _Layout:
    if kind == "hierarchy":
        positions, headings = _hierarchy_positions(graph)
        return _Layout(kind, positions=positions, headings=headings)
    if kind == "clusters":
        positions, clusters = _cluster_positions(graph, context)
        return _Layout(kind, positions=positions, clusters=clusters)
    return _Layout(kind)


def _place(layout: _Layout, n: str) -> dict[str, Any]:
    """A node's fixed position (hierarchy, clusters); nothing where vis-network's forces place it."""
    if layout.positions is not None and n in layout.positions:
        x, y = layout.positions[n]
        return {"x": x, "y": y}
    return {}


def _network(graph: nx.MultiDiGraph, focus: frozenset[str], sel: Selection | None = None,
             layout: _Layout = _Layout("force")) -> Network:
    """The pyvis network of the view: nodes and merged edges (one per pair and relation type), in stable order,
    plus (hidden) the neighbours a click expands."""
    net = Network(directed=True, cdn_resources="in_line")
    degree = _degrees(graph)
    context = sel.context if sel is not None and sel.context is not None else graph
    place = _one_jurisdiction(graph, context)
    ring, ring_edges = _ring(sel, graph) if sel is not None else ([], [])
    for n in sorted(graph):
        units = _task_units(context, n) if graph.nodes[n].get("label") == "Task" and n in context else []
        _add_node(net, n, graph.nodes[n], degree[n], focus, jurisdiction=place, units=units, place=_place(layout, n))
    _add_edges(net, graph, graph.edges(keys=True, data=True))
    for n in ring:
        _add_node(net, n, context.nodes[n], 0, focus, hidden=True, jurisdiction=place, place=_place(layout, n))
    _add_edges(net, context, ring_edges, hidden=True)
    return net


def _options(n_nodes: int, n_edges: int, kind: str = "force") -> dict[str, Any]:
    """vis-network options: a fixed seed (same graph, same picture), arrows, hover tooltips, and the layout:
    a force layout switched off once stable, columns left to right (hierarchy), or no physics at all
    where the positions come with the nodes (clusters)."""
    options = _force_options(n_nodes, n_edges)
    if kind in ("hierarchy", "clusters"):
        options["physics"] = {"enabled": False}
        options["layout"] = {"randomSeed": 7, "improvedLayout": False}
    if kind == "hierarchy":
        options["edges"]["smooth"] = {"enabled": n_edges <= 800, "type": "cubicBezier", "forceDirection": "horizontal",
                                      "roundness": 0.5}
    return options


def _force_options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    return {
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "centralGravity": 0.015, "springLength": 110,
                                 "springConstant": 0.05, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 300 if n_nodes <= 200 else 200, "updateInterval": 50,
                              "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_edges > 600, "multiselect": True},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": {"enabled": n_edges <= 800, "type": "continuous"}, "color": {"inherit": False}},
        "nodes": {"font": {"face": FONT_STACK, "size": 20}},
    }


def _icon(shape: str, color: str) -> str:
    """A 14px SVG of a node shape or (``"line"``) a relation, for the legend. ``color`` comes from the schema."""
    c = html.escape(color, quote=True)
    body = {
        "dot": f'<circle cx="7" cy="7" r="6" fill="{c}"/>',
        "triangle": f'<polygon points="7,1 13,13 1,13" fill="{c}"/>',
        "diamond": f'<polygon points="7,0 14,7 7,14 0,7" fill="{c}"/>',
        "star": f'<polygon points="7,0 9,5 14,5 10,8.5 11.5,14 7,10.5 2.5,14 4,8.5 0,5 5,5" fill="{c}"/>',
        "line": f'<line x1="0" y1="7" x2="14" y2="7" stroke="{c}" stroke-width="3"/>',
        "dashed": f'<line x1="0" y1="7" x2="14" y2="7" stroke="{c}" stroke-width="2" stroke-dasharray="4,3"/>',
        "folded": f'<rect x="1" y="3" width="12" height="8" fill="#f1f3f5" stroke="{c}" stroke-dasharray="3,2"/>',
    }.get(shape, f'<rect x="1" y="1" width="12" height="12" fill="{c}"/>')
    return f'<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">{body}</svg>'


def _legends(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Legend rows for the labels and relation types drawn, in schema order, with counts and Chinese names.

    Each row is also a filter: ``key`` is the label or type its checkbox shows or hides,
    ``on`` whether it starts ticked (MENTIONS starts hidden).
    """
    sch = _schema.load()
    labels = Counter(d.get("label") for _, d in graph.nodes(data=True) if not d.get("folded"))
    folded = sum(d.get("folded", 0) for _, d in graph.nodes(data=True))
    types = Counter(t for _, _, t in graph.edges(data="type"))
    nodes = [{"key": name, "name": LABELS_ZH.get(name, name), "count": labels[name], "icon": _icon(lab.shape, lab.color), "on": True}
             for name, lab in sch.labels.items() if labels[name]]
    if folded:
        nodes.append({"key": "", "name": "未画出", "count": folded, "icon": _icon("folded", "#868e96"), "on": True})
    order = [*sch.relationships, *sorted(set(types) - set(sch.relationships))]
    edges = []
    for t in order:
        if not types[t]:
            continue
        color, _, dashes = _EDGE_STYLE.get(t, ("#adb5bd", 1, False))
        edges.append({"key": t, "name": f"{TYPES_ZH.get(t, t)}", "count": types[t],
                      "icon": _icon("dashed" if dashes else "line", color), "on": t not in _HIDDEN_BY_DEFAULT})
    return nodes, edges


@cache
def _asset(name: str) -> str:
    """A vis-network file shipped inside pyvis, checked to be safe to inline in a <script>/<style> element."""
    text = resources.files("pyvis").joinpath(name).read_text("utf-8")
    if any(tag in text.lower() for tag in ("</script", "</style", "<!--")):
        raise RuntimeError(f"{name} in pyvis cannot be inlined: it contains a closing tag or a comment opener")
    return text


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env.get_template("view.html")


def _charmap(net: Network) -> dict[str, str]:
    """Traditional → simplified for the characters of the page's names, so the search box takes either script."""
    from kg.text.script import to_traditional

    chars = sorted({ch for n in net.nodes for ch in n.get("search", "")})
    trad = to_traditional("".join(chars))
    return {t: c for c, t in zip(chars, trad) if t != c}


def _page(net: Network, graph: nx.MultiDiGraph, heading: str, notice: str | None, focus: frozenset[str] = frozenset(),
          layout: _Layout = _Layout("force")) -> str:
    node_legend, edge_legend = _legends(graph)
    shown_nodes = [n for n in net.nodes if not n.get("hidden")]
    return _template().render(
        heading=heading,
        notice=notice,
        nodes=net.nodes,
        edges=net.edges,
        node_count=len(shown_nodes),
        edge_count=sum(1 for e in net.edges if not e.get("ring")),
        centre=sorted(focus)[0] if len(focus) == 1 else None,
        charmap=_charmap(net),
        options=_options(len(net.nodes), len(net.edges), layout.kind),
        layout=layout.kind,
        clusters=list(layout.clusters),
        headings=list(layout.headings),
        node_legend=node_legend,
        edge_legend=edge_legend,
        font_stack=FONT_STACK,
        vis_js=_asset(f"{_VIS}/vis-network.min.js"),
        vis_css=_asset(f"{_VIS}/vis-network.css"),
        utils_js=_asset("templates/lib/bindings/utils.js"),
    )


def render(
    graph: nx.MultiDiGraph,
    out: str | Path,
    *,
    department: str | None = None,
    county: str | None = None,
    document: str | None = None,
    label: list[str] | None = None,
    depth: int = 1,
    max_nodes: int = 400,
    layout: str = "auto",
) -> ViewResult:
    """Write an HTML view of ``graph`` to ``out``: a single file that opens offline in any browser.

    The filters are those of :func:`select`; a view larger than ``max_nodes`` is cut by
    :func:`reduce`, and the page shows the notice. Node colour and shape come from the
    schema; hovering shows a node's label, name and documents, or an edge's relation,
    document and evidence sentence. The same graph and filters give the same file.

    ``layout`` (one of :data:`LAYOUTS`): ``force`` lets related nodes pull together;
    ``hierarchy`` draws columns document → tasks → sub-tasks → units and targets;
    ``clusters`` gives each jurisdiction its own patch of the page. ``auto`` takes
    hierarchy for a ``document`` view, clusters for an unfocused view of several
    places (``make demo``'s), force otherwise.
    """
    sel = select(graph, department=department, county=county, document=document, label=label, depth=depth)
    drawn, notice = reduce(sel.graph, focus=sel.focus, max_nodes=max_nodes)
    if drawn.number_of_nodes() == 0:
        notice = "没有可画的内容：图中没有" + ("这些类别的节点。" if label else "节点。")
    context = sel.context if sel.context is not None else sel.graph
    plan = _layout(_pick_layout(layout, drawn, context, sel.focus, document), drawn, context)
    net = _network(drawn, sel.focus, sel, plan)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_page(net, drawn, sel.heading, notice, sel.focus, plan), encoding="utf-8")
    return ViewResult(path, drawn.number_of_nodes(), sum(1 for e in net.edges if not e.get("ring")), notice)
