"""The embedded store of record: nodes, who states them, and relationships as rows in ``DIR/store.sqlite``.

One row per node (label, key, properties as JSON), one row per (document, node)
saying that the document states the node, one row per relationship (type, both
ends by label and key, the document that states it, properties as JSON). So

* a document goes in, or out, as one small transaction that touches only its own
  rows (:meth:`Rows.replace`, :meth:`Rows.remove`): adding a document to a store of
  thousands costs what adding it to an empty one does;
* the questions (``leads``, ``stats``, ``departments``, ``tasks``) read only the rows
  they need, through the indexes on label, key, both ends and document (a join on
  the ends of relationships reads only index pages, never their evidence);
* a node's ``documents`` list is never stored as one growing value: it is the
  node's rows in ``node_documents``, read back sorted.

SQLite keeps it crash-safe: write-ahead log, and a writer killed mid-transaction
leaves the store as it was after the last commit. The NetworkX graph (for Cypher,
views, exports) is built from these rows on demand (:meth:`Rows.graph`).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from kg.graph.model import node_id
from kg.loaders.base import relationship_row

__all__ = ["STORE_FILE", "Rows", "connect", "damaged_message"]

STORE_FILE = "store.sqlite"
_VERSION = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, label TEXT NOT NULL, key TEXT NOT NULL, props TEXT NOT NULL,
                                  UNIQUE (label, key));
CREATE TABLE IF NOT EXISTS node_documents (node INTEGER NOT NULL, document TEXT NOT NULL, PRIMARY KEY (node, document)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_documents_document ON node_documents (document);
CREATE TABLE IF NOT EXISTS edges (id INTEGER PRIMARY KEY, type TEXT NOT NULL, src_label TEXT NOT NULL, src TEXT NOT NULL,
                                  dst_label TEXT NOT NULL, dst TEXT NOT NULL, document TEXT NOT NULL, props TEXT NOT NULL,
                                  UNIQUE (src, dst, type, src_label, dst_label, document));
CREATE INDEX IF NOT EXISTS edges_type_src ON edges (type, src, dst, src_label, dst_label);
CREATE INDEX IF NOT EXISTS edges_type_dst ON edges (type, dst, src, src_label, dst_label);
CREATE INDEX IF NOT EXISTS edges_document ON edges (document);
CREATE INDEX IF NOT EXISTS nodes_document_path ON nodes (json_extract(props, '$.path')) WHERE label = 'Document';
"""


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def damaged_message(path: Path, e: Exception) -> str:
    """The one line for a ``store.sqlite`` SQLite cannot read, saying how to get the store back."""
    return (f"{path}: the store is damaged ({e}); run policykg repair --store {path.parent} "
            f"(keeps every row still readable), or policykg repair --from an export (policykg export -o FILE.json)")


def connect(path: Path, *, write: bool) -> sqlite3.Connection:
    """A connection to the store file: created with its tables for a writer, read-only for a reader.

    A reader of a store with no file yet gets an empty in-memory store, so questions
    on an empty store answer with nothing instead of creating files.
    """
    if write:
        db = sqlite3.connect(path, isolation_level=None, timeout=60.0)
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash never corrupts; a commit is whole or absent
        db.execute("PRAGMA cache_size = -65536")  # 64 MB of pages: a batch updates four indexes of the edges without rereading them
        db.executescript(_SCHEMA)
        db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (_VERSION,))
        db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        return db
    if not path.exists():
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_SCHEMA)
        return db
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=60.0)
    db.execute("PRAGMA temp_store = MEMORY")  # the key lists of questions (temporary tables) never touch the disk
    return db


class Rows:
    """The store's rows behind one connection: questions, one-document writes, and the whole graph."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- questions ---------------------------------------------------------------

    def generation(self) -> int:
        """A number that changes with every committed write (the graph cache is keyed by it)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def _wanted(self, keys: Iterable[str]) -> None:
        """Put ``keys`` into the temporary table ``wanted`` (any number of keys, one transaction)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
        own = not self.db.in_transaction
        if own:
            self.db.execute("BEGIN")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
        if own:
            self.db.execute("COMMIT")

    _DOCS = ("(SELECT json_group_array(document) FROM "
             "(SELECT document FROM node_documents WHERE node = n.id ORDER BY document))")

    def nodes(self, label: str, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        if keys is None:
            rows = self.db.execute(f"SELECT n.props, {self._DOCS} FROM nodes n WHERE n.label = ?", (label,))
        else:  # CROSS JOIN keeps SQLite's order: from the keys asked for to their rows, never a scan of the label
            self._wanted(keys)
            rows = self.db.execute(f"SELECT n.props, {self._DOCS} FROM wanted w CROSS JOIN nodes n "
                                   "ON n.label = ? AND n.key = w.key", (label,))
        return [{**orjson.loads(p), "documents": orjson.loads(d)} for p, d in rows]

    _COLUMNS = "SELECT src, src_label, dst, dst_label, props FROM edges"
    _ENDS = "SELECT src, src_label, dst, dst_label, NULL FROM edges"  # no properties: a join needs only the ends

    def _edges(self, rel_type: str, src: Iterable[str] | None, dst: Iterable[str] | None, columns: str = _COLUMNS) -> list[tuple]:
        """Relationship rows of one type, read from the given ends' index entries when ends are given."""
        if src is None and dst is None:
            return self.db.execute(f"{columns} WHERE type = ?", (rel_type,)).fetchall()
        end = "src" if src is not None else "dst"
        self._wanted(src if src is not None else dst)
        rows = self.db.execute(f"{columns} INDEXED BY edges_type_{end} WHERE type = ? AND {end} IN (SELECT key FROM wanted)",
                               (rel_type,)).fetchall()
        if src is None or dst is None:
            return rows
        dst = set(dst)
        return [r for r in rows if r[2] in dst]

    def relationships(self, rel_type: str, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[dict[str, Any]]:
        return [relationship_row(s, sl, d, dl, orjson.loads(p)) for s, sl, d, dl, p in self._edges(rel_type, src, dst)]

    def ends(self, rel_type: str, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[tuple[str, str]]:
        return [(s, d) for s, _, d, _, _ in self._edges(rel_type, src, dst, self._ENDS)]

    def counts(self, labels: Iterable[str], types: Iterable[str]) -> dict[str, dict[str, int]]:
        nodes = dict(self.db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
        rels = dict(self.db.execute("SELECT type, count(*) FROM edges GROUP BY type"))
        return {"nodes": {lab: nodes.get(lab, 0) for lab in labels}, "relationships": {t: rels.get(t, 0) for t in types}}

    def document_hashes(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT key, json_extract(props, '$.sha256') FROM nodes WHERE label = 'Document'"))

    def graph(self):
        """The whole graph in the :mod:`kg.graph.model` model, nodes and edges in the order they were written."""
        import networkx as nx

        g = nx.MultiDiGraph()
        docs: dict[int, list[str]] = {}
        for node, document in self.db.execute("SELECT node, document FROM node_documents ORDER BY node, document"):
            docs.setdefault(node, []).append(document)
        for i, label, key, props in self.db.execute("SELECT id, label, key, props FROM nodes ORDER BY id"):
            g.add_node(node_id(label, key), label=label, documents=docs.get(i, []), **orjson.loads(props))
        for t, sl, s, dl, d, document, props in self.db.execute(
                "SELECT type, src_label, src, dst_label, dst, document, props FROM edges ORDER BY id"):
            g.add_edge(node_id(sl, s), node_id(dl, d), key=f"{t}|{document}", type=t, **orjson.loads(props))
        return g

    # -- writing (inside a transaction the caller holds) --------------------------

    def documents_at(self, path: str) -> list[str]:
        """Keys of the documents last read from ``path``."""
        return [k for (k,) in self.db.execute(
            "SELECT key FROM nodes WHERE label = 'Document' AND json_extract(props, '$.path') = ?", (path,))]

    def remove(self, dkey: str) -> None:
        """Take out one document: its relationships, its claims on nodes, and the nodes no other document states."""
        self.db.execute("DELETE FROM edges WHERE document = ?", (dkey,))
        touched = [n for (n,) in self.db.execute("SELECT node FROM node_documents WHERE document = ?", (dkey,))]
        self.db.execute("DELETE FROM node_documents WHERE document = ?", (dkey,))
        self.db.executemany("DELETE FROM nodes WHERE id = ? AND NOT EXISTS (SELECT 1 FROM node_documents WHERE node = ?)",
                            ((n, n) for n in touched))

    def add(self, frag) -> None:
        """Merge one fragment in, as :func:`kg.graph.model.replace_document` does after removing the old version.

        A node already there keeps its other properties, takes the fragment's values and
        the union of the aliases; the fragment's documents are added to its statements.
        """
        data = list(frag.nodes(data=True))
        stored = self._node_rows([(d["label"], d["key"]) for _, d in data])
        fresh, updates, claims = [], [], []
        for _, d in data:
            new = {k: v for k, v in d.items() if k not in ("label", "documents")}
            row = stored.get((d["label"], d["key"]))
            if row is None:
                fresh.append((d["label"], d["key"], _dumps(new)))
                continue
            old = orjson.loads(row[1])
            merged = {**old, **{k: v for k, v in new.items() if k != "aliases"}}
            aliases = sorted(set(old.get("aliases", [])) | set(new.get("aliases", [])))
            if aliases:
                merged["aliases"] = aliases
            if merged != old:
                updates.append((_dumps(merged), row[0]))
        self.db.executemany("INSERT INTO nodes (label, key, props) VALUES (?, ?, ?)", fresh)
        self.db.executemany("UPDATE nodes SET props = ? WHERE id = ?", updates)
        if fresh:
            stored |= self._node_rows([(label, key) for label, key, _ in fresh])
        for _, d in data:
            node = stored[(d["label"], d["key"])][0]
            claims += [(node, doc) for doc in d.get("documents", [])]
        self.db.executemany("INSERT OR IGNORE INTO node_documents VALUES (?, ?)", claims)
        ends = {n: (d["label"], d["key"]) for n, d in data}
        self.db.executemany(
            "INSERT OR REPLACE INTO edges (type, src_label, src, dst_label, dst, document, props) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((d["type"], *ends[u], *ends[v], d["document"], _dumps({k: x for k, x in d.items() if k != "type"}))
             for u, v, d in frag.edges(data=True)),
        )

    _CHUNK = 500  # keys per statement, well under SQLite's limit on parameters

    def _node_rows(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
        """``(label, key) -> (id, props)`` of the stored nodes among ``keys``: one statement per label and chunk, not one per node."""
        by_label: dict[str, list[str]] = {}
        for label, key in keys:
            by_label.setdefault(label, []).append(key)
        out: dict[tuple[str, str], tuple[int, str]] = {}
        for label, ks in by_label.items():
            for i in range(0, len(ks), self._CHUNK):
                chunk = ks[i:i + self._CHUNK]
                marks = ",".join("?" * len(chunk))
                for node, key, props in self.db.execute(
                        f"SELECT id, key, props FROM nodes WHERE label = ? AND key IN ({marks})", (label, *chunk)):
                    out[(label, key)] = (node, props)
        return out

    def bump(self) -> None:
        """Count one more committed write (inside the write's transaction)."""
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'generation'")

    def close(self) -> None:
        self.db.close()


def table_rows(db: sqlite3.Connection, table: str) -> Iterator[tuple]:
    """Every row of ``table`` that can still be read, in rowid order (a damaged page ends the scan, not the caller)."""
    try:
        yield from db.execute(f"SELECT * FROM {table}")
    except sqlite3.DatabaseError:
        return
