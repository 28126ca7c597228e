"""The documents a store holds, known by content: list them, name them, take them out.

A document's key is the sha256 of its bytes (:func:`kg.graph.model.document_key`); where it
was read from is its ``path`` property. So a user names a document by a prefix of
its hash (as git names commits) or by its path, and taking it out removes only the
facts no other document states (:meth:`kg.loaders.base.Store.remove_documents`).

Like :mod:`kg.questions.query`, this module stays light (no spaCy): it works on any store.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import Any

__all__ = ["documents", "resolve", "remove", "gone", "DocumentNotFound"]


class DocumentNotFound(ValueError):
    """A name that matches no document, or more than one; ``str()`` is the one line users see."""


def documents(store) -> list[dict[str, Any]]:
    """Every document in ``store``: ``key`` (content hash), ``title``, ``issuer``, ``date``, ``tasks``, ``path``; by path."""
    tasks = Counter(d for t in store.nodes("Task") for d in t.get("documents") or [])
    rows = [{"key": d["key"], "title": d.get("title"), "issuer": d.get("issuer"), "date": d.get("date"),
             "tasks": tasks[d["key"]], "path": d.get("path")} for d in store.nodes("Document")]
    rows.sort(key=lambda r: (r["path"] or "", r["key"]))
    return rows


def resolve(store, names: Iterable[str]) -> list[str]:
    """The keys of the documents ``names`` name: a hash prefix (at least 4 characters) or a path (as given or resolved).

    A name that matches none, or a prefix that matches several, is :class:`DocumentNotFound`.
    """
    docs = store.nodes("Document")
    out: list[str] = []
    for name in names:
        real = os.path.realpath(name)
        hits = [d["key"] for d in docs if d.get("path") in (name, real)]
        if not hits and len(name) >= 4:
            hits = [d["key"] for d in docs if d["key"].startswith(name.lower())]
        if not hits:
            raise DocumentNotFound(f"{name}: no document in the store has this path or hash prefix (see policykg documents)")
        if len(hits) > 1:
            raise DocumentNotFound(f"{name}: {len(hits)} documents match; give more of the hash")
        out += [h for h in hits if h not in out]
    return out


def remove(store, names: Iterable[str]) -> list[dict[str, Any]]:
    """Take the named documents out of ``store`` (see :func:`resolve`); returns their rows as :func:`documents` gives them.

    Every name is resolved before anything is removed: one bad name removes nothing.
    """
    keys = resolve(store, names)
    rows = [r for r in documents(store) if r["key"] in keys]
    store.remove_documents(keys)
    return rows


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def gone(store, paths: Iterable[str | os.PathLike[str]], present: set[str]) -> list[str]:
    """Keys of documents read from under ``paths`` whose content is no longer there.

    ``present`` holds the content hashes of the files found under ``paths`` now: a
    document whose file was deleted, or edited into another version, is gone; one
    whose content is still there under another name is not.
    """
    roots = [os.path.realpath(p) for p in paths]
    return [d["key"] for d in store.nodes("Document")
            if d.get("path") and _inside(d["path"], roots) and d["key"] not in present]
