"""Questions analysts ask the graph, answered the same way on every store.

Each function takes an open store (:func:`kg.loaders.open_store`) and returns plain
rows, so the CLI (``policykg leads``, ``policykg stats``) and a notebook call the
same thing. They ask the store for nodes of a label and the ends of relationships of some types
(:meth:`kg.loaders.base.Store.nodes`, :meth:`~kg.loaders.base.Store.ends`, with only the
properties they show: a unit's rank, never the evidence), which every
store answers from its own data (Cypher on Neo4j, the SQLite rows of the embedded store),
and join and filter in Python, so the answers are the same on every backend. Name filters match a
substring in either script: both sides are compared in simplified characters.

This module must stay light (no spaCy, no :mod:`kg.nlp`): query commands start fast.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from kg.text.script import to_simplified

__all__ = ["leads", "tasks", "departments", "stats", "short_name"]

_DIGITS = re.compile(r"(\d+)")


def _natural(text: str | None) -> tuple:
    """Sort key that puts ``t2`` before ``t10``: the runs of digits as numbers, the text between them as text.

    >>> _natural("plan.txt#t10") > _natural("plan.txt#t2")
    True
    """
    parts: list = _DIGITS.split(text or "")
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


@lru_cache(maxsize=65536)
def _simplified(text: str) -> str:
    """Names repeat across thousands of tasks: convert each once."""
    return to_simplified(text)


def _matches(needle: str | None, *haystacks: str | None) -> bool:
    if not needle:
        return True
    n = _simplified(needle)
    return any(h and n in _simplified(h) for h in haystacks)


def _documents(store, keys: set[str]) -> dict[str, dict[str, Any]]:
    """The Document nodes of these keys only: a question about three tasks reads three documents, not the store's thousands."""
    return {r["key"]: r for r in store.nodes("Document", keys=keys)}


_ROLES = ("LEADS", "RESPONSIBLE_FOR")
_NO_RANK = 1 << 30  # relationships stored before ranks were kept sort after the ranked ones


def _roles(store, *, tasks: set[str] | None = None, types: tuple[str, ...] = _ROLES) -> list[tuple[str, str, str, int]]:
    """``(department key, task key, type, rank)`` of every relationship of ``types`` (LEADS / RESPONSIBLE_FOR).

    ``tasks`` keeps the roles in those tasks only (the store reads only their rows).
    ``rank`` is the unit's position in the task's list as the document writes it.
    Only the ends, the type and the rank of each relationship are read, never its evidence.
    """
    return [(unit, task, role, _NO_RANK if rank is None else rank)
            for unit, task, role, rank in store.ends(types, dst=tasks, props=("type", "rank"))]


def _in_order(ranked: list[tuple[int, str]]) -> list[str]:
    """Unit names in the document's order (by rank), each once; relationships without a rank by name.

    >>> _in_order([(2, "区财政局"), (1, "区商务局"), (3, "区财政局")])
    ['区商务局', '区财政局']
    """
    if len(ranked) < 2:
        return [name for _, name in ranked]
    return list(dict.fromkeys(name for _, name in sorted(ranked)))


def _task_rows(store, keys: set[str] | None = None) -> list[dict[str, Any]]:
    """The tasks (only ``keys`` if given) with their first document's name, title, 文号, jurisdiction and path."""
    found = store.nodes("Task", keys=keys)
    first = [min(r.get("documents") or [], default=None) for r in found]
    documents = _documents(store, {d for d in first if d is not None})
    rows = []
    for r, d in zip(found, first):
        doc = documents.get(d, {}) if d is not None else {}
        rows.append({
            "key": r["key"], "task": r.get("name") or r.get("title"), "title": r.get("title"), "body": r.get("body"),
            "section": r.get("section"), "deadline": r.get("deadline"),
            "document": doc.get("name"), "document_title": doc.get("title"), "doc_number": doc.get("doc_number"),
            "jurisdiction": doc.get("jurisdiction"), "_path": doc.get("path"),
        })
    rows.sort(key=lambda t: (t["document"] or "", _natural(t["key"]), t["task"] or ""))
    return rows


def _in_document(needle: str | None, row: dict[str, Any]) -> bool:
    """A document is named by its file name, path, title or 文号 (substring, either script)."""
    return _matches(needle, row["document"], row["_path"], row["document_title"], row["doc_number"])


def _page(rows: list[dict[str, Any]], limit: int | None, offset: int) -> list[dict[str, Any]]:
    return rows[offset:] if limit is None else rows[offset:offset + limit]


def tasks(store, *, task: str | None = None, document: str | None = None, jurisdiction: str | None = None,
          limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Every task: ``task``, ``section``, ``deadline``, ``document`` (file name), ``document_title``, ``jurisdiction``, ``key``.

    ``task`` keeps those whose name, title or text contains it (either script);
    ``document`` those of documents whose file name, path, title or 文号 contains it;
    ``jurisdiction`` those of documents whose jurisdiction contains it. Sorted by
    document, then task order within the document; ``offset`` and ``limit`` page the result.
    """
    rows = [t for t in _task_rows(store)
            if _matches(task, t["task"], t["title"], t["body"]) and _in_document(document, t) and _matches(jurisdiction, t["jurisdiction"])]
    return [{k: v for k, v in t.items() if k not in ("title", "body", "_path", "doc_number")} for t in _page(rows, limit, offset)]


def leads(store, *, department: str | None = None, task: str | None = None, document: str | None = None,
          jurisdiction: str | None = None, limit: int | None = None, offset: int = 0,
          detail: bool = False) -> list[dict[str, Any]]:
    """Who leads what: one dict per task with its ``lead`` and ``responsible`` unit names.

    Keys: ``task``, ``section``, ``lead`` (names), ``responsible`` (names), ``guide`` (names of 指导 units),
    each in the order the document lists them (the first-listed unit is the principal one),
    ``document`` (file name), ``document_title``, ``jurisdiction`` (the document's), ``deadline``;
    with ``detail`` also the task's ``body`` (its text) and the document's ``doc_number`` (文号),
    as the ledger export shows them.
    ``department`` keeps tasks where a lead or responsible unit's name contains it;
    ``task`` keeps tasks whose name, title or text contains it (either script: 营商 finds
    a task titled 优化审批服务 whose text is about 营商环境); ``document`` and
    ``jurisdiction`` as in :func:`tasks`. Sorted by document, then task order within
    the document; ``offset`` and ``limit`` page the result.
    """
    names = store.names("Department")  # names only: a department's documents list is thousands long in a big store
    keys = None
    if department:  # read only the tasks of the departments named, not every task in the store
        units = [k for k, name in names.items() if _matches(department, name or k)]
        keys = {task for _, task in store.ends(_ROLES, src=units)}
    roles: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)  # (task, type) -> (rank, unit name)
    for unit, key, role, rank in _roles(store, tasks=keys, types=(*_ROLES, "GUIDES")):
        roles[(key, role)].append((rank, names.get(unit) or unit))
    empty: list[tuple[int, str]] = []
    out = []
    for t in _task_rows(store, keys):
        key = t["key"]
        lead, resp, guide = (_in_order(roles.get((key, k), empty)) for k in ("LEADS", "RESPONSIBLE_FOR", "GUIDES"))
        if task and not _matches(task, t["task"], t["title"], t["body"]):
            continue
        if department and not _matches(department, *lead, *resp):
            continue
        if (document and not _in_document(document, t)) or (jurisdiction and not _matches(jurisdiction, t["jurisdiction"])):
            continue
        out.append({
            "task": t["task"], "section": t["section"], "lead": lead, "responsible": resp, "guide": guide,
            "document": t["document"], "document_title": t["document_title"], "jurisdiction": t["jurisdiction"],
            "deadline": t["deadline"], **({"body": t["body"], "doc_number": t["doc_number"]} if detail else {}),
        })
    return _page(out, limit, offset)


_LEVEL = re.compile(r".+?(?:特别行政区|自治区|自治州|自治县|地区|新区|林区|省|市|州|盟|县|区|旗)")


def short_name(name: str, jurisdiction: str | None) -> str:
    """``name`` without the jurisdiction it shares with its document, for tables that show the jurisdiction once.

    The distinguishing part stays: in a 鄂城区 plan, 鄂州市鄂城区财政局 is 财政局,
    but 鄂州市财政局 (the prefecture's) keeps 鄂州市.

    >>> short_name("鄂州市鄂城区财政局", "湖北省鄂州市鄂城区")
    '财政局'
    >>> short_name("鄂州市财政局", "湖北省鄂州市鄂城区")
    '鄂州市财政局'
    >>> short_name("国家发展改革委", None)
    '国家发展改革委'

    A name whose next character binds to the place (雁塔区级各部门, 浠水县委办公室, 县直单位)
    keeps it: 级各部门 or 委办公室 would name nothing.
    """
    if not jurisdiction or not name:
        return name
    levels = _LEVEL.findall(jurisdiction)
    for i in range(len(levels)):
        prefix = "".join(levels[i:])
        if prefix and name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name if name[len(prefix)] in _BOUND_TO_PLACE else name[len(prefix):]
    return name


_BOUND_TO_PLACE = frozenset("级直属委")  # 区级, 县直, 市属, 县委: the place is part of the word


def departments(store, *, department: str | None = None) -> list[dict[str, Any]]:
    """Every department: ``department`` (name), ``jurisdiction``, how many tasks it ``leads`` and is ``responsible`` for, ``documents``.

    ``department`` keeps names containing it (either script). Sorted by name.
    """
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"LEADS": 0, "RESPONSIBLE_FOR": 0})
    for unit, _task, role, _rank in _roles(store):
        counts[unit][role] += 1
    out = []
    for d in store.nodes("Department"):
        if not _matches(department, d["name"]):
            continue
        c = counts[d["key"]]
        out.append({
            "department": d["name"], "jurisdiction": d.get("jurisdiction"), "leads": c["LEADS"],
            "responsible": c["RESPONSIBLE_FOR"], "documents": len(d.get("documents") or []),
        })
    out.sort(key=lambda d: (d["department"] or "", d["jurisdiction"] or ""))
    return out


def stats(store) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}`` for every label and type of the schema (zeros included)."""
    return store.counts()
