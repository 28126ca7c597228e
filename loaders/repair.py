"""Getting an embedded store back: salvage a damaged ``store.sqlite``, or rebuild it from node-link JSON.

Five cases, one command (``policykg repair``):

* ``store.sqlite`` is damaged (a disk fault, a truncated copy): every row SQLite
  can still read is copied into a new file, the damaged one is kept beside as
  ``store.sqlite.damaged``, and the report says how many nodes and relationships
  came through; documents whose rows were lost are ingested again by the next
  ``policykg ingest`` (they are no longer listed, so nothing is skipped);
* the folder holds a store of an older version (``graph.json``, no ``store.sqlite``):
  its graph is converted into ``store.sqlite``;
* ``store.sqlite`` is of layout 2 (before documents and nodes were numbered): it is
  converted to layout 3 in place, in one transaction (:func:`kg.loaders.index.convert`),
  then vacuumed, so the file shrinks to the new layout's size;
* ``store.sqlite`` is healthy but lacks an index of its layout (written before the index
  was added): the index is built, which a reader never does;
* ``--from FILE.json``: the store is rebuilt from a node-link export
  (``policykg export -o FILE.json``), the way back from a backup.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from filelock import FileLock, Timeout

from kg.graph.model import documents_in, document_fragment
from kg.loaders.base import StoreError
from kg.loaders.index import STORE_FILE, TABLES, Rows, connect, layout, missing_indexes, table_rows
from kg.loaders.networkx_store import LEGACY_FILE, LOCK_FILE, read_graph

__all__ = ["RepairReport", "repair", "load_graph"]


@dataclass(frozen=True)
class RepairReport:
    """What :func:`repair` did (``"salvaged"``, ``"converted"``, ``"rebuilt"``, ``"indexed"`` or ``"checked"``) and how big the store is."""

    action: str
    nodes: int
    relationships: int
    kept: Path | None = None  # where the damaged store.sqlite went


def load_graph(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` (the :mod:`kg.graph.model` model) as a new store file at ``path``, one document at a time."""
    with closing(connect(path, write=True)) as db:
        rows = Rows(db)
        db.execute("BEGIN IMMEDIATE")
        for dkey in documents_in(graph):
            rows.add(document_fragment(graph, dkey))
        for _, d in graph.nodes(data=True):  # a node's merged properties, and every document that states it
            rows.add(_one_node(d))
        rows.bump()
        db.execute("COMMIT")


def _one_node(d: dict) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(0, **d)
    return g


def _size(path: Path) -> tuple[int, int]:
    with closing(connect(path, write=False)) as db:
        return db.execute("SELECT count(*) FROM nodes").fetchone()[0], db.execute("SELECT count(*) FROM edges").fetchone()[0]


def _healthy(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


# The tables of layout 2, for salvaging a damaged store of that layout (then converted as a healthy one is).
_LAYOUT_2 = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE nodes (id INTEGER PRIMARY KEY, label TEXT NOT NULL, key TEXT NOT NULL, props TEXT NOT NULL, UNIQUE (label, key));
CREATE TABLE node_documents (node INTEGER NOT NULL, document TEXT NOT NULL, PRIMARY KEY (node, document)) WITHOUT ROWID;
CREATE TABLE edges (id INTEGER PRIMARY KEY, type TEXT NOT NULL, src_label TEXT NOT NULL, src TEXT NOT NULL,
                    dst_label TEXT NOT NULL, dst TEXT NOT NULL, document TEXT NOT NULL, props TEXT NOT NULL,
                    UNIQUE (src, dst, type, src_label, dst_label, document));
INSERT INTO meta VALUES ('version', '2'), ('generation', '0');
"""


def _damaged_layout(old: sqlite3.Connection) -> str:
    """The layout of a damaged store: its ``meta.version``, else told by the width of ``edges`` (8 columns in layout 2)."""
    try:
        version = layout(old)
        if version:
            return version
        return "2" if len(old.execute("PRAGMA table_info(edges)").fetchall()) == 8 else "3"
    except sqlite3.DatabaseError:
        return "3"


def _salvage(damaged: Path, into: Path) -> None:
    """Copy every readable row of ``damaged`` into a new store at ``into`` (of layout 3 whatever the damaged one's)."""
    try:
        with closing(sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)) as old:
            version = _damaged_layout(old)
    except sqlite3.DatabaseError:
        version = "3"
    if version == "2":
        _salvage_2(damaged, into)
        connect(into, write=True, quiet=True).close()  # a writer's connection converts it
        return
    with closing(connect(into, write=True)) as new:
        new.execute("BEGIN IMMEDIATE")
        try:
            with closing(sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)) as old:
                for table, width in TABLES:
                    marks = ", ".join("?" * width)
                    new.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({marks})",
                                    (r for r in table_rows(old, table) if len(r) == width))
        except sqlite3.DatabaseError:
            pass  # not even the schema could be read: an empty store, the documents are ingested again
        # a relationship or a statement whose node, document or type was lost cannot stand
        new.execute("DELETE FROM node_documents WHERE node NOT IN (SELECT id FROM nodes) OR document NOT IN (SELECT id FROM documents)")
        new.execute("DELETE FROM nodes WHERE id NOT IN (SELECT node FROM node_documents)")
        new.execute("DELETE FROM edges WHERE src NOT IN (SELECT id FROM nodes) OR dst NOT IN (SELECT id FROM nodes) "
                    "OR document NOT IN (SELECT id FROM documents) OR type NOT IN (SELECT id FROM types)")
        new.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'generation'")
        new.execute("COMMIT")


def _salvage_2(damaged: Path, into: Path) -> None:
    """Copy every readable row of a damaged store of layout 2 into a new file of layout 2 at ``into``."""
    with closing(sqlite3.connect(into, isolation_level=None)) as new:
        new.executescript(_LAYOUT_2)
        new.execute("BEGIN IMMEDIATE")
        try:
            with closing(sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)) as old:
                for table, width in (("nodes", 4), ("node_documents", 2), ("edges", 8)):
                    marks = ", ".join("?" * width)
                    new.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({marks})",
                                    (r for r in table_rows(old, table) if len(r) == width))
        except sqlite3.DatabaseError:
            pass
        new.execute("DELETE FROM node_documents WHERE node NOT IN (SELECT id FROM nodes)")
        new.execute("DELETE FROM nodes WHERE id NOT IN (SELECT node FROM node_documents)")
        for end in ("src", "dst"):
            new.execute(f"DELETE FROM edges WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.label = edges.{end}_label AND n.key = edges.{end})")
        new.execute("COMMIT")


def _layout_of(path: Path) -> str | None:
    """The layout version of a healthy store file."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return layout(db)


def _indexed(store: Path) -> bool:
    """Build the indexes a healthy store lacks (a writer's connection creates them); whether there were any."""
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        if not missing_indexes(db):
            return False
    with closing(connect(store, write=True, quiet=True)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return True


def _convert(store: Path) -> None:
    """Convert a healthy store of layout 2 in place (a writer's connection does it), then give the freed pages back."""
    with closing(connect(store, write=True, quiet=True)) as db:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def repair(folder: str | os.PathLike[str], *, source: str | os.PathLike[str] | None = None,
           lock_timeout: float = 10.0) -> RepairReport:
    """Salvage, convert or rebuild the store in ``folder`` (see the module docstring); takes the writer's lock."""
    folder = Path(folder)
    store, legacy = folder / STORE_FILE, folder / LEGACY_FILE
    if source is None and not store.exists() and not legacy.exists():
        raise StoreError(f"no store at {folder} (no {STORE_FILE} there; rebuild one with --from FILE.json)")
    try:
        with FileLock(folder / LOCK_FILE, timeout=lock_timeout):
            return _repair(folder, store, legacy, source)
    except Timeout:
        raise StoreError(f"store {folder} is locked by another ingest (waited {lock_timeout:g} s)") from None


def _fresh(store: Path) -> Path:
    """A path beside ``store`` for its replacement, cleared of a former attempt."""
    tmp = store.with_name(f".{store.name}.repair")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    return tmp


def _swap_in(tmp: Path, store: Path, keep: Path | None) -> None:
    """Put the new file in place of ``store`` (kept as ``keep`` when given), with the old one's log files gone."""
    if store.exists():
        if keep is not None:
            os.replace(store, keep)
        else:
            store.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, store)


def _repair(folder: Path, store: Path, legacy: Path, source) -> RepairReport:
    if source is None and store.exists() and _healthy(store):
        if _layout_of(store) != "2":
            return RepairReport("indexed" if _indexed(store) else "checked", *_size(store))
        _convert(store)
        return RepairReport("converted", *_size(store))
    tmp = _fresh(store)
    if source is not None or not store.exists():
        load_graph(read_graph(Path(source) if source is not None else legacy), tmp)
        kept = store.with_name(STORE_FILE + ".replaced") if store.exists() else None
        _swap_in(tmp, store, kept)
        return RepairReport("rebuilt" if source is not None else "converted", *_size(store), kept)
    _salvage(store, tmp)
    kept = store.with_name(STORE_FILE + ".damaged")
    _swap_in(tmp, store, kept)
    return RepairReport("salvaged", *_size(store), kept)
