"""Questions analysts ask the graph, answered the same way on every store.

Each function takes an open store (:func:`loaders.open_store`) and returns plain
rows, so the CLI (``policykg leads``, ``policykg stats``) and a notebook call the
same thing. They ask the store for nodes of a label and relationships of a type
(:meth:`loaders.base.Store.nodes`, :meth:`~loaders.base.Store.relationships`), which every
store answers from its own data (Cypher on Neo4j, the parsed JSON on the embedded store),
and join and filter in Python, so the answers are the same on every backend. Name filters match a
substring in either script: both sides are compared in simplified characters.

This module must stay light (no spaCy, no :mod:`kg.nlp`): query commands start fast.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from kg.script import to_simplified

__all__ = ["leads", "tasks", "departments", "stats"]

def _natural(text: str | None) -> tuple:
    """Sort key that puts ``t2`` before ``t10``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


@lru_cache(maxsize=65536)
def _simplified(text: str) -> str:
    """Names repeat across thousands of tasks: convert each once."""
    return to_simplified(text)


def _matches(needle: str | None, *haystacks: str | None) -> bool:
    if not needle:
        return True
    n = _simplified(needle)
    return any(h and n in _simplified(h) for h in haystacks)


def _documents(store) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in store.nodes("Document")}


_ROLES = ("LEADS", "RESPONSIBLE_FOR")


def _roles(store, *, tasks: set[str] | None = None, names: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """``task``, ``department`` (keys), ``name`` (the department's) and ``role`` of every LEADS / RESPONSIBLE_FOR.

    ``tasks`` keeps the roles in those tasks only (the store reads only their rows).
    """
    if names is None:
        names = {d["key"]: d.get("name") for d in store.nodes("Department")}
    return [
        {"task": task, "department": unit, "name": names.get(unit), "role": t}
        for t in _ROLES
        for unit, task in store.ends(t, dst=tasks)
    ]


def _task_rows(store, documents: dict[str, dict[str, Any]], keys: set[str] | None = None) -> list[dict[str, Any]]:
    rows = []
    for r in store.nodes("Task", keys=keys):
        r = {**r, "task": r.get("name")}
        docs = sorted(r.get("documents") or [])
        doc = documents.get(docs[0], {}) if docs else {}
        rows.append({
            "key": r["key"], "task": r.get("task") or r.get("title"), "title": r.get("title"),
            "section": r.get("section"), "deadline": r.get("deadline"),
            "document": doc.get("name"), "jurisdiction": doc.get("jurisdiction"),
        })
    rows.sort(key=lambda t: (t["document"] or "", _natural(t["key"]), t["task"] or ""))
    return rows


def tasks(store, *, task: str | None = None) -> list[dict[str, Any]]:
    """Every task: ``task``, ``section``, ``deadline``, ``document`` (file name), ``jurisdiction``, ``key``.

    ``task`` keeps those whose name or title contains it (either script). Sorted by
    document, then task order within the document.
    """
    return [{k: v for k, v in t.items() if k != "title"} for t in _task_rows(store, _documents(store)) if _matches(task, t["task"], t["title"])]


def leads(store, *, department: str | None = None, task: str | None = None) -> list[dict[str, Any]]:
    """Who leads what: one dict per task with its ``lead`` and ``responsible`` unit names.

    Keys: ``task``, ``section``, ``lead`` (names), ``responsible`` (names),
    ``document`` (file name), ``jurisdiction`` (the document's), ``deadline``.
    ``department`` keeps tasks where a lead or responsible unit's name contains it;
    ``task`` keeps tasks whose name or title contains it (either script). Sorted by
    document, then task order within the document.
    """
    names = {d["key"]: d.get("name") for d in store.nodes("Department")}
    keys = None
    if department:  # read only the tasks of the departments named, not every task in the store
        units = [k for k, name in names.items() if _matches(department, name or k)]
        keys = {task for t in _ROLES for _, task in store.ends(t, src=units)}
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"LEADS": set(), "RESPONSIBLE_FOR": set()})
    for r in _roles(store, tasks=keys, names=names):
        roles[r["task"]][r["role"]].add(r["name"] or r["department"])
    out = []
    for t in _task_rows(store, _documents(store), keys):
        lead, resp = sorted(roles[t["key"]]["LEADS"]), sorted(roles[t["key"]]["RESPONSIBLE_FOR"])
        if not _matches(task, t["task"], t["title"]) or not _matches(department, *lead, *resp):
            continue
        out.append({
            "task": t["task"], "section": t["section"], "lead": lead, "responsible": resp,
            "document": t["document"], "jurisdiction": t["jurisdiction"], "deadline": t["deadline"],
        })
    return out


def departments(store, *, department: str | None = None) -> list[dict[str, Any]]:
    """Every department: ``department`` (name), ``jurisdiction``, how many tasks it ``leads`` and is ``responsible`` for, ``documents``.

    ``department`` keeps names containing it (either script). Sorted by name.
    """
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"LEADS": 0, "RESPONSIBLE_FOR": 0})
    for r in _roles(store):
        counts[r["department"]][r["role"]] += 1
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
