"""The embedded store's read index: its nodes and relationships in a SQLite file beside ``graph.json``.

``graph.json`` stays the store of record (node-link JSON, which other tools read),
but answering ``policykg leads`` from it means parsing all of it: seconds and
gigabytes once a thousand documents are in. So every write also writes
``index.sqlite``: one row per node (label, key, properties as JSON) and per
relationship (type, both ends, properties as JSON), indexed by label, key and
both ends, so a question reads only the rows it needs.

The index records which version of ``graph.json`` it was built from (inode,
modification time, size). It is written after ``graph.json`` (temporary file,
then rename), so a writer killed between the two leaves an index that no longer
matches: :func:`open_index` then returns ``None`` and readers parse ``graph.json``
as before. The index can never answer for a graph it was not built from.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from kg.atomic import atomic_path
from loaders.base import relationship_row

__all__ = ["INDEX_FILE", "write_index", "open_index", "Index"]

INDEX_FILE = "index.sqlite"
_VERSION = "1"


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE nodes (label TEXT NOT NULL, key TEXT NOT NULL, props TEXT NOT NULL, PRIMARY KEY (label, key));
CREATE TABLE edges (type TEXT NOT NULL, src_label TEXT, src TEXT, dst_label TEXT, dst TEXT, props TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX edges_src ON edges (type, src);
CREATE INDEX edges_dst ON edges (type, dst);
"""


def _stamp_text(stamp: tuple[int, int, int]) -> str:
    return ":".join(str(x) for x in stamp)


def write_index(graph: nx.MultiDiGraph, path: Path, stamp: tuple[int, int, int]) -> None:
    """Write the index of ``graph`` (saved as the ``graph.json`` version ``stamp``) to ``path`` atomically."""
    with atomic_path(path) as tmp, closing(sqlite3.connect(tmp)) as db:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO nodes VALUES (?, ?, ?)", _node_rows(graph))
        db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", _edge_rows(graph))
        db.executescript(_INDEXES)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("version", _VERSION), ("graph", _stamp_text(stamp))])
        db.commit()


def _node_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str]]:
    for _, d in graph.nodes(data=True):
        yield d["label"], d["key"], _dumps({k: v for k, v in d.items() if k != "label"})


def _edge_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, str, str, str]]:
    nodes = graph.nodes
    for u, v, d in graph.edges(data=True):
        su, sv = nodes[u], nodes[v]
        yield d["type"], su["label"], su["key"], sv["label"], sv["key"], _dumps({k: x for k, x in d.items() if k != "type"})


def open_index(path: Path, stamp: tuple[int, int, int] | None) -> "Index | None":
    """The index at ``path`` if it was built from the ``graph.json`` version ``stamp``, else ``None``."""
    if stamp is None or not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = dict(db.execute("SELECT name, value FROM meta"))
    except sqlite3.Error:
        return None
    if meta.get("version") != _VERSION or meta.get("graph") != _stamp_text(stamp):
        db.close()
        return None
    return Index(db)


class Index:
    """Read access to one index file (see the module docstring)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _keyed(self, sql: str, args: tuple, keys: Iterable[str] | None, column: str) -> list[tuple]:
        """Rows of ``sql``, limited to ``column`` in ``keys`` when given (through a temporary table: any number of keys)."""
        if keys is None:
            return self.db.execute(sql, args).fetchall()
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
        return self.db.execute(f"{sql} AND {column} IN (SELECT key FROM wanted)", args).fetchall()

    def nodes(self, label: str, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        rows = self._keyed("SELECT props FROM nodes WHERE label = ?", (label,), keys, "key")
        return [{k: v for k, v in orjson.loads(p).items() if k != "id"} for (p,) in rows]

    def relationships(self, rel_type: str, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[dict[str, Any]]:
        sql = "SELECT src, src_label, dst, dst_label, props FROM edges WHERE type = ?"
        if src is not None and dst is not None:
            dst = set(dst)
            rows = (r for r in self._keyed(sql, (rel_type,), src, "src") if r[2] in dst)
        elif dst is not None:
            rows = self._keyed(sql, (rel_type,), dst, "dst")
        else:
            rows = self._keyed(sql, (rel_type,), src, "src")
        return [relationship_row(s, sl, d, dl, orjson.loads(p)) for s, sl, d, dl, p in rows]

    def ends(self, rel_type: str, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[tuple[str, str]]:
        sql = "SELECT src, dst FROM edges WHERE type = ?"
        if src is not None and dst is not None:
            dst = set(dst)
            return [(s, d) for s, d in self._keyed(sql, (rel_type,), src, "src") if d in dst]
        if dst is not None:
            return self._keyed(sql, (rel_type,), dst, "dst")
        return self._keyed(sql, (rel_type,), src, "src")

    def counts(self, labels: Iterable[str], types: Iterable[str]) -> dict[str, dict[str, int]]:
        nodes = dict(self.db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
        rels = dict(self.db.execute("SELECT type, count(*) FROM edges GROUP BY type"))
        return {"nodes": {lab: nodes.get(lab, 0) for lab in labels}, "relationships": {t: rels.get(t, 0) for t in types}}

    def document_hashes(self) -> dict[str, str | None]:
        return {k: orjson.loads(p).get("sha256") for k, p in self.db.execute("SELECT key, props FROM nodes WHERE label = 'Document'")}

    def close(self) -> None:
        self.db.close()
