"""The embedded store of record: nodes, who states them, and relationships as rows in ``DIR/store.sqlite``.

Layout 3 (``meta.version``). One row per node (label, key, properties as JSON), one
row per document (its key, numbered), one per relationship type (its name,
numbered), one row per (node, document) saying that the document states the node,
one row per relationship (type, both ends and the document, all by number, and
its properties as JSON). A document's 64-character key is stored once, in
``documents``; the relationship's ``document`` property is not repeated inside its
JSON but put back when it is read, so every reader sees the rows and the graph a
store of layout 2 gave. So

* a document goes in, or out, as one small transaction that touches only its own
  rows (:meth:`Rows.remove`, then :meth:`Rows.add`): adding a document to a store of
  thousands costs what adding it to an empty one does;
* the questions (``leads``, ``stats``, ``departments``, ``tasks``) read only the rows
  they need, through the indexes on label, key, both ends and document (a join on
  the ends of relationships reads only index pages and each far end's key once; a
  property asked for, such as a unit's rank, is read inside SQLite, and the
  relationships' evidence never leaves the file); the departments' keys and names are read
  from an index of their own (``nodes_department_name``), never from the nodes' rows, which
  lie scattered over a big file (a writer adds the index to a store written before it);
* a node's ``documents`` list is never stored as one growing value: it is the
  node's rows in ``node_documents``, read back sorted by key;
* the indexes hold integers, not keys: a relationship costs about a third of what
  it did in layout 2.

A store of layout 2 (document keys and node keys in every relationship row) is
converted in place the first time a writer opens it (:func:`connect`), in one
transaction: all of it or, if the writer is stopped, none. A reader of such a
store is told in one line to run ``policykg repair --store DIR``, which converts
it and gives the freed space back to the file system (:mod:`kg.loaders.repair`).

SQLite keeps it crash-safe: write-ahead log, and a writer killed mid-transaction
leaves the store as it was after the last commit. The NetworkX graph (for Cypher,
views, exports) is built from these rows on demand (:meth:`Rows.graph`).
"""
from __future__ import annotations

import re
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from kg.loaders.base import StoreError, relationship_row

__all__ = ["STORE_FILE", "Rows", "connect", "damaged_message", "layout", "missing_indexes", "table_rows", "TABLES"]

STORE_FILE = "store.sqlite"
_VERSION = "3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, label TEXT NOT NULL, key TEXT NOT NULL, props TEXT NOT NULL,
                                  UNIQUE (label, key));
CREATE INDEX IF NOT EXISTS nodes_key ON nodes (key, label);
CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS types (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS node_documents (node INTEGER NOT NULL, document INTEGER NOT NULL, PRIMARY KEY (node, document)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_documents_document ON node_documents (document);
CREATE TABLE IF NOT EXISTS edges (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL,
                                  document INTEGER NOT NULL, props TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS edges_type_src ON edges (type, src, dst, document);
CREATE INDEX IF NOT EXISTS edges_type_dst ON edges (type, dst, src);
CREATE INDEX IF NOT EXISTS edges_document ON edges (document);
CREATE INDEX IF NOT EXISTS nodes_document_path ON nodes (json_extract(props, '$.path')) WHERE label = 'Document';
CREATE INDEX IF NOT EXISTS nodes_department_name ON nodes (key, json_extract(props, '$.name')) WHERE label = 'Department';
"""

# The departments' keys and names, read from the pages of ``nodes_department_name`` alone (never the nodes' rows,
# which lie scattered over the file, one where a document first named the unit). Stores written before the
# index have none until their next write (``CREATE INDEX IF NOT EXISTS``); their readers read the rows.
_DEPARTMENT_NAMES = ("SELECT key, json_extract(props, '$.name') FROM nodes INDEXED BY nodes_department_name "
                     "WHERE label = 'Department'")
_INDEXES = re.findall(r"CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (\w+)", _SCHEMA)
_BIG = 100_000  # nodes from which adding the index to a store is announced (it reads every node's row once)

# Every table of the layout with its number of columns (what a salvage copies, and checks rows against).
TABLES = (("nodes", 4), ("documents", 2), ("types", 2), ("node_documents", 2), ("edges", 6))

# Layout 2 -> 3, inside one transaction (the tables of layout 3 are created after it by _SCHEMA).
# Ids of nodes and relationships are kept, so the graph keeps its order. A relationship's
# "document" leaves its JSON only where it is the first key (every fragment writes it
# first), so reading it back in front restores the properties exactly.
_CONVERT_2 = (
    "CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
    "INSERT INTO documents (key) SELECT document FROM node_documents UNION SELECT document FROM edges",
    "CREATE TABLE types (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "INSERT INTO types (name) SELECT DISTINCT type FROM edges ORDER BY type",
    "CREATE TABLE node_documents_3 (node INTEGER NOT NULL, document INTEGER NOT NULL, PRIMARY KEY (node, document)) WITHOUT ROWID",
    "INSERT INTO node_documents_3 SELECT nd.node, d.id FROM node_documents nd JOIN documents d ON d.key = nd.document",
    "DROP TABLE node_documents",
    "ALTER TABLE node_documents_3 RENAME TO node_documents",
    "CREATE TABLE edges_3 (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL, "
    "document INTEGER NOT NULL, props TEXT NOT NULL)",
    "INSERT INTO edges_3 SELECT e.id, t.id, s.id, d.id, doc.id, "
    "CASE WHEN substr(e.props, 1, 12) = '{\"document\":' AND json_extract(e.props, '$.document') = e.document "
    "THEN json_remove(e.props, '$.document') ELSE e.props END "
    "FROM edges e JOIN types t ON t.name = e.type JOIN nodes s ON s.label = e.src_label AND s.key = e.src "
    "JOIN nodes d ON d.label = e.dst_label AND d.key = e.dst JOIN documents doc ON doc.key = e.document ORDER BY e.id",
    "DROP TABLE edges",
    "ALTER TABLE edges_3 RENAME TO edges",
)


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _statements(script: str) -> list[str]:
    """The statements of a script, to run one by one inside a transaction (``executescript`` would commit first)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def damaged_message(path: Path, e: Exception) -> str:
    """The one line for a ``store.sqlite`` SQLite cannot read, saying how to get the store back."""
    return (f"{path}: the store is damaged ({e}); run policykg repair --store {path.parent} "
            f"(keeps every row still readable), or policykg repair --from an export (policykg export -o FILE.json)")


def layout(db: sqlite3.Connection) -> str | None:
    """The layout version of the store behind ``db`` (``meta.version``); ``None`` for a file with no store in it yet."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
        return None
    row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
    return row[0] if row else None


def _newer(path: Path, version: str) -> str:
    return f"{path}: a store of layout {version}, newer than this policykg reads ({_VERSION}); upgrade policykg"


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def connect(path: Path, *, write: bool, quiet: bool = False) -> sqlite3.Connection:
    """A connection to the store file: created with its tables for a writer, read-only for a reader.

    A writer converts a store of layout 2 first (:func:`convert`). A reader of one
    gets a :class:`~kg.loaders.base.StoreError` saying how to convert it: a reader
    never writes. A reader of a store with no file yet gets an empty in-memory
    store, so questions on an empty store answer with nothing instead of creating files.
    A conversion is announced on standard error (it takes a while on a big store) unless ``quiet``.
    """
    if write:
        db = sqlite3.connect(path, isolation_level=None, timeout=60.0)
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash never corrupts; a commit is whole or absent
        db.execute("PRAGMA cache_size = -65536")  # 64 MB of pages: a batch updates the indexes of the edges without rereading them
        _check_layout(db, path, write=True, quiet=quiet)
        if not quiet and _lacks_department_names(db):
            print(f"note: adding an index of department names to {path} (once; on a big store this takes a while)",
                  file=sys.stderr)
        db.executescript(_SCHEMA)
        db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (_VERSION,))
        db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        return db
    if not path.exists():
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_SCHEMA)
        return db
    db = sqlite3.connect(_uri(path, "ro"), uri=True, isolation_level=None, timeout=60.0)
    db.execute("PRAGMA temp_store = MEMORY")  # the key lists of questions (temporary tables) never touch the disk
    _check_layout(db, path, write=False)
    return db


def _has_index(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone() is not None


def missing_indexes(db: sqlite3.Connection) -> list[str]:
    """The indexes of this layout that the store behind ``db`` lacks (a store written before they were added)."""
    have = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    return [n for n in _INDEXES if n not in have]


def _lacks_department_names(db: sqlite3.Connection) -> bool:
    """Whether this store holds many nodes and no ``nodes_department_name`` yet (a writer is about to build it)."""
    if layout(db) is None or _has_index(db, "nodes_department_name"):
        return False
    (top,) = db.execute("SELECT max(id) FROM nodes").fetchone()
    return (top or 0) >= _BIG


def _check_layout(db: sqlite3.Connection, path: Path, *, write: bool, quiet: bool = True) -> None:
    """Convert a store of layout 2 (a writer), or refuse it with the way to convert it (a reader); refuse a newer one."""
    try:
        version = layout(db)
        if version in (None, _VERSION):
            return
        if version != "2":
            raise StoreError(_newer(path, version))
        if not write:
            raise StoreError(f"{path}: a store of layout 2 (an older policykg); run policykg repair --store {path.parent} "
                             f"to convert it to layout {_VERSION} (once; an ingest into it converts it too)")
        if not quiet:
            print(f"note: converting {path} to store layout {_VERSION} (once)", file=sys.stderr)
        convert(db)
    except BaseException:
        db.close()
        raise


def convert(db: sqlite3.Connection) -> None:
    """Convert the store of layout 2 behind ``db`` to layout 3 in place: one transaction, whole or not at all.

    The pages layout 2 used are left free inside the file (later writes reuse them);
    ``VACUUM`` gives them back to the file system (``policykg repair`` does).
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        if layout(db) == "2":  # another writer may have converted it while this one waited
            for statement in (*_CONVERT_2, *_statements(_SCHEMA)):
                db.execute(statement)
            db.execute("UPDATE meta SET value = ? WHERE name = 'version'", (_VERSION,))
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'generation'")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class Rows:
    """The store's rows behind one connection: questions, one-document writes, and the whole graph."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._wanted_keys: frozenset[str] | None = None  # what the temporary table ``wanted`` holds, where known
        self._department_names: bool | None = None  # whether the store has ``nodes_department_name``, once asked

    # -- questions ---------------------------------------------------------------

    def generation(self) -> int:
        """A number that changes with every committed write (the graph cache is keyed by it)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def _wanted(self, keys: Iterable[str]) -> None:
        """Put ``keys`` into the temporary table ``wanted`` (any number of keys, one transaction).

        The keys of the last call are kept as they are when the same keys are asked for
        again (a question reads the relationships and then the nodes of one set of tasks):
        outside a caller's transaction only, where no rollback can take them back.
        """
        keys = frozenset(keys)
        own = not self.db.in_transaction
        if own and keys == self._wanted_keys:
            return
        self._wanted_keys = None
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
        if own:
            self.db.execute("BEGIN")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT INTO wanted VALUES (?)", ((k,) for k in keys))
        if own:
            self.db.execute("COMMIT")
            self._wanted_keys = keys

    _DOCS = ("(SELECT json_group_array(key) FROM (SELECT d.key FROM node_documents nd JOIN documents d ON d.id = nd.document "
             "WHERE nd.node = n.id ORDER BY d.key))")

    def nodes(self, label: str, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        if keys is None:
            rows = self.db.execute(f"SELECT n.props, {self._DOCS} FROM nodes n WHERE n.label = ?", (label,))
        else:  # CROSS JOIN keeps SQLite's order: from the keys asked for to their rows, never a scan of the label
            self._wanted(keys)
            rows = self.db.execute(f"SELECT n.props, {self._DOCS} FROM wanted w CROSS JOIN nodes n "
                                   "ON n.label = ? AND n.key = w.key", (label,))
        return [{**orjson.loads(p), "documents": orjson.loads(d)} for p, d in rows]

    def names(self, label: str) -> dict[str, str | None]:
        """``key -> name`` of the nodes of one label, in key order: no ``documents`` list read.

        The departments' come from the index of their names where the store has it (only its pages are read).
        """
        if label == "Department" and self._department_index():
            return dict(self.db.execute(_DEPARTMENT_NAMES))
        return dict(self.db.execute("SELECT key, json_extract(props, '$.name') FROM nodes WHERE label = ?", (label,)))

    def _department_index(self) -> bool:
        if self._department_names is None:
            self._department_names = _has_index(self.db, "nodes_department_name")
        return self._department_names

    def _types(self, names: Iterable[str]) -> dict[int, str]:
        """``id -> name`` of the relationship types among ``names`` that the store has."""
        names = list(dict.fromkeys(names))
        marks = ",".join("?" * len(names))
        return dict(self.db.execute(f"SELECT id, name FROM types WHERE name IN ({marks})", names)) if names else {}

    _FULL = ("s.key, s.label, d.key, d.label, e.props, doc.key", " CROSS JOIN documents doc ON doc.id = e.document")

    def _edges(self, types: Iterable[int], src: Iterable[str] | None, dst: Iterable[str] | None,
               columns: tuple[str, str] = _FULL) -> list[tuple]:
        """Relationship rows of these types (by number), ``columns`` of each (``s``: the source node, ``d``: the target,
        ``e``: the relationship, the last column's joins added), read from the given ends' index entries; the target's
        key is the third column."""
        ids = ",".join(str(int(t)) for t in types)
        if not ids:
            return []
        cols, joins = columns
        if src is None and dst is None:
            return self.db.execute(f"SELECT {cols} FROM edges e INDEXED BY edges_type_src CROSS JOIN nodes s ON s.id = e.src "
                                   f"CROSS JOIN nodes d ON d.id = e.dst{joins} WHERE e.type IN ({ids})").fetchall()
        near, far, end, other = ("s", "d", "src", "dst") if src is not None else ("d", "s", "dst", "src")
        self._wanted(src if src is not None else dst)
        rows = self.db.execute(
            f"SELECT {cols} FROM wanted w CROSS JOIN nodes {near} INDEXED BY nodes_key ON {near}.key = w.key "
            f"CROSS JOIN edges e INDEXED BY edges_type_{end} ON e.type IN ({ids}) AND e.{end} = {near}.id "
            f"CROSS JOIN nodes {far} ON {far}.id = e.{other}{joins}").fetchall()
        if src is None or dst is None:
            return rows
        dst = set(dst)
        return [r for r in rows if r[2] in dst]

    def relationships(self, rel_type: str, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[dict[str, Any]]:
        return [relationship_row(s, sl, d, dl, _edge_props(p, doc)) for s, sl, d, dl, p, doc in self._edges(self._types([rel_type]), src, dst)]

    def ends(self, rel_type: str | Iterable[str], src: Iterable[str] | None = None, dst: Iterable[str] | None = None,
             props: Iterable[str] = ()) -> list[tuple]:
        """``(source key, target key, *values of props)`` of the relationships of one type or several.

        Of ``props``, ``type`` is the relationship's type and ``document`` its document's key; any other
        is read from the stored properties inside SQLite (``->``), so the rest of them (the evidence)
        never leaves the file. ``None`` for a property a relationship lacks. The far end of each
        relationship is read as its number, and each number's key once, however many relationships share it.
        """
        types = self._types([rel_type] if isinstance(rel_type, str) else rel_type)
        props = tuple(props)
        ids = ",".join(map(str, types))
        if not ids:
            return []
        values, joins = [], ""
        for p in props:
            if p == "type":
                values.append("e.type")
                continue
            value = _json_value(p)
            if p == "document":  # the column, unless the properties carry one of their own
                value = f"coalesce({value}, json_quote(doc.key))"
                joins = " CROSS JOIN documents doc ON doc.id = e.document"
            values.append(value)
        cols = "".join(f", {v}" for v in values)
        if src is None and dst is None:
            rows = self.db.execute(f"SELECT e.src, e.dst{cols} FROM edges e INDEXED BY edges_type_src{joins} "
                                   f"WHERE e.type IN ({ids})").fetchall()
            keys = self._keys({r[0] for r in rows} | {r[1] for r in rows})
            rows = [(keys[r[0]], keys[r[1]], *r[2:]) for r in rows if r[0] in keys and r[1] in keys]  # as a join would
        else:
            end, other = ("src", "dst") if src is not None else ("dst", "src")
            near = self._ids(src if src is not None else dst)
            rows = []
            for t in types:  # one type at a time, the near ends in the order of their numbers: the pages come in file order
                rows += self.db.execute(f"SELECT e.{end}, e.{other}{cols} FROM wanted_ids w CROSS JOIN edges e "
                                        f"INDEXED BY edges_type_{end} ON e.type = ? AND e.{end} = w.id{joins}", (t,)).fetchall()
            far = self._keys({r[1] for r in rows})
            if src is not None:
                rows = [(near[r[0]], far[r[1]], *r[2:]) for r in rows if r[1] in far]  # an end with no node row: left out, as a join would
                if dst is not None:
                    dst = set(dst)
                    rows = [r for r in rows if r[1] in dst]
            else:
                rows = [(far[r[1]], near[r[0]], *r[2:]) for r in rows if r[1] in far]
        if not props:
            return rows
        decode = [(i + 2, types if p == "type" else None) for i, p in enumerate(props)]
        out = []
        for r in rows:
            r = list(r)
            for i, names in decode:
                v = r[i]
                r[i] = names[v] if names is not None else None if v is None else orjson.loads(v)
            out.append(tuple(r))
        return out

    def _ids(self, keys: Iterable[str]) -> dict[int, str]:
        """``id -> key`` of the nodes of these keys (any label), their numbers put into the temporary table ``wanted_ids``."""
        self._wanted(keys)
        found = dict(self.db.execute("SELECT n.id, n.key FROM wanted w CROSS JOIN nodes n INDEXED BY nodes_key ON n.key = w.key"))
        self._wanted_ids(found)
        return found

    def _wanted_ids(self, ids: Iterable[int]) -> None:
        """Put these node numbers into the temporary table ``wanted_ids`` (read back in their order)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_ids (id INTEGER PRIMARY KEY)")
        own = not self.db.in_transaction
        if own:
            self.db.execute("BEGIN")
        self.db.execute("DELETE FROM wanted_ids")
        self.db.executemany("INSERT INTO wanted_ids VALUES (?)", ((i,) for i in ids))
        if own:
            self.db.execute("COMMIT")

    def _keys(self, ids: set[int]) -> dict[int, str]:
        """``id -> key`` of these nodes, each read once however many relationships end at it."""
        self._wanted_ids(ids)
        return dict(self.db.execute("SELECT n.id, n.key FROM wanted_ids w CROSS JOIN nodes n ON n.id = w.id"))

    def counts(self, labels: Iterable[str], types: Iterable[str]) -> dict[str, dict[str, int]]:
        nodes = dict(self.db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
        names = dict(self.db.execute("SELECT id, name FROM types"))
        rels = {names.get(t): n for t, n in self.db.execute("SELECT type, count(*) FROM edges GROUP BY type")}
        return {"nodes": {lab: nodes.get(lab, 0) for lab in labels}, "relationships": {t: rels.get(t, 0) for t in types}}

    def document_hashes(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT key, json_extract(props, '$.sha256') FROM nodes WHERE label = 'Document'"))

    def graph(self):
        """The whole graph in the :mod:`kg.graph.model` model, nodes and edges in the order they were written."""
        import networkx as nx

        from kg.graph.model import node_id

        g = nx.MultiDiGraph()
        keys = dict(self.db.execute("SELECT id, key FROM documents"))
        types = dict(self.db.execute("SELECT id, name FROM types"))
        docs: dict[int, list[str]] = {}
        for node, document in self.db.execute("SELECT node, document FROM node_documents"):
            docs.setdefault(node, []).append(keys[document])
        ids: dict[int, str] = {}
        for i, label, key, props in self.db.execute("SELECT id, label, key, props FROM nodes ORDER BY id"):
            ids[i] = node_id(label, key)
            g.add_node(ids[i], label=label, documents=sorted(docs.get(i, [])), **orjson.loads(props))
        for t, s, d, document, props in self.db.execute("SELECT type, src, dst, document, props FROM edges ORDER BY id"):
            name, dkey = types[t], keys[document]
            g.add_edge(ids[s], ids[d], key=f"{name}|{dkey}", type=name, **_edge_props(props, dkey))
        return g

    # -- writing (inside a transaction the caller holds) --------------------------

    def documents_at(self, path: str) -> list[str]:
        """Keys of the documents last read from ``path``."""
        return [k for (k,) in self.db.execute(
            "SELECT key FROM nodes WHERE label = 'Document' AND json_extract(props, '$.path') = ?", (path,))]

    def remove(self, dkey: str) -> None:
        """Take out one document: its relationships, its claims on nodes, the nodes no other document states, its number."""
        row = self.db.execute("SELECT id FROM documents WHERE key = ?", (dkey,)).fetchone()
        if row is None:
            return
        (doc,) = row
        self.db.execute("DELETE FROM edges WHERE document = ?", (doc,))
        touched = [n for (n,) in self.db.execute("SELECT node FROM node_documents WHERE document = ?", (doc,))]
        self.db.execute("DELETE FROM node_documents WHERE document = ?", (doc,))
        self.db.executemany("DELETE FROM nodes WHERE id = ? AND NOT EXISTS (SELECT 1 FROM node_documents WHERE node = ?)",
                            ((n, n) for n in touched))
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc,))

    def add(self, frag) -> None:
        """Merge one fragment in, as :func:`kg.graph.model.replace_document` does after removing the old version.

        A node already there keeps its other properties, takes the fragment's values and
        the union of the aliases; the fragment's documents are added to its statements.
        A relationship with the same ends, type and document as a stored one replaces it.
        """
        data = list(frag.nodes(data=True))
        stored = self._merge_nodes(data)
        edges = list(frag.edges(data=True))
        docs = self._numbers("documents", "key", [doc for _, d in data for doc in d.get("documents", [])] +
                             [d["document"] for _, _, d in edges])
        claims = [(stored[(d["label"], d["key"])][0], docs[doc]) for _, d in data for doc in d.get("documents", [])]
        self.db.executemany("INSERT OR IGNORE INTO node_documents VALUES (?, ?)", claims)
        types = self._numbers("types", "name", [d["type"] for _, _, d in edges])
        ends = {n: stored[(d["label"], d["key"])][0] for n, d in data}
        self.db.executemany(
            "INSERT OR REPLACE INTO edges (type, src, dst, document, props) VALUES (?, ?, ?, ?, ?)",
            ((types[d["type"]], ends[u], ends[v], docs[d["document"]], _dumps(_stored_props(d))) for u, v, d in edges),
        )

    def _merge_nodes(self, data: list[tuple[Any, dict[str, Any]]]) -> dict[tuple[str, str], tuple[int, str]]:
        """Write the fragment's nodes (new ones inserted, stored ones merged); ``(label, key) -> (id, props)`` of all of them."""
        stored = self._node_rows([(d["label"], d["key"]) for _, d in data])
        fresh, updates = [], []
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
        return stored

    _CHUNK = 500  # keys per statement, well under SQLite's limit on parameters

    def _numbers(self, table: str, column: str, values: list[str]) -> dict[str, int]:
        """``value -> id`` in ``documents`` or ``types``, numbering the values not there yet."""
        values = list(dict.fromkeys(values))
        self.db.executemany(f"INSERT OR IGNORE INTO {table} ({column}) VALUES (?)", ((v,) for v in values))
        out: dict[str, int] = {}
        for i in range(0, len(values), self._CHUNK):
            chunk = values[i:i + self._CHUNK]
            marks = ",".join("?" * len(chunk))
            out.update((v, n) for n, v in self.db.execute(f"SELECT id, {column} FROM {table} WHERE {column} IN ({marks})", chunk))
        return out

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


_PROPERTY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _json_value(prop: str) -> str:
    """SQL for the value of a top-level property of a relationship as JSON text (NULL where it has none); names are identifiers.

    ``->`` gives JSON text (``true`` stays true, an object stays an object), which orjson reads
    back exactly as the whole properties would have been read; SQLite before 3.38 has no ``->``.

    >>> _json_value("rank")
    "e.props -> '$.rank'"
    """
    if not _PROPERTY.fullmatch(prop):
        raise ValueError(f"not a property name: {prop!r}")
    return f"e.props -> '$.{prop}'"


def _stored_props(d: dict[str, Any]) -> dict[str, Any]:
    """A relationship's properties as stored: without ``type`` (a column) and ``document`` (a column, put back in front on reading)."""
    props = {k: x for k, x in d.items() if k != "type"}
    if next(iter(props), None) == "document":
        del props["document"]
    return props


def _edge_props(props: str, document: str) -> dict[str, Any]:
    """A relationship's properties as read: ``document`` first, as the fragment wrote it."""
    out = orjson.loads(props)
    return out if "document" in out else {"document": document, **out}


def table_rows(db: sqlite3.Connection, table: str) -> Iterator[tuple]:
    """Every row of ``table`` that can still be read, in rowid order (a damaged page ends the scan, not the caller)."""
    try:
        yield from db.execute(f"SELECT * FROM {table}")
    except sqlite3.DatabaseError:
        return
