"""The embedded store: one folder, its facts as rows in ``DIR/store.sqlite``, NetworkX on demand.

SQLite is the store of record (:mod:`kg.loaders.index`): each call of
:meth:`NetworkXStore.replace_documents` or :meth:`~NetworkXStore.remove_documents`
is one transaction that touches only the rows of its documents, so a store grows
by the document instead of being rewritten whole, and a writer killed at any
moment leaves the store as of its last commit (write-ahead log). The questions
(``leads``, ``stats``, ``departments``, ``tasks``) read only the rows they need; the
NetworkX graph, for Cypher (:mod:`kg.loaders.networkx_cypher`, Neo4j semantics,
read-only here even with ``write=True``), views and exports, is built from the
rows when asked for and kept until the next write. Node-link JSON
(``networkx.node_link_data(graph, edges="edges")``, what ``graph.json`` used to be)
is an export: ``policykg export -o graph.json``; ``policykg repair --from`` reads it back.

A lock file (``DIR/store.lock``) lets one writer at a time in: the ingest takes it
before any work (:meth:`NetworkXStore.lock`), any other writer at its first write,
and it is kept until :meth:`NetworkXStore.close`. A second writer gets
:class:`~kg.loaders.base.StoreError` naming the store and the holder (its pid, host and
start, from ``DIR/store.lock.holder``) after the time it was told to wait, instead
of waiting for ever. Readers never take the lock.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from kg.loaders.base import Store, StoreError
from kg.loaders.index import STORE_FILE, Rows, connect, damaged_message

if TYPE_CHECKING:  # networkx is imported where a graph is built, the lock, the graph model and Cypher where
    import networkx as nx  # a write or a query needs them: a question reads rows only, and starts fast
    from filelock import FileLock

__all__ = ["NetworkXStore", "STORE_FILE", "LOCK_FILE", "LEGACY_FILE", "DEFAULT_LOCK_TIMEOUT", "read_graph", "write_graph"]

LEGACY_FILE = "graph.json"  # the store of record before store.sqlite; now an export format
LOCK_FILE = "store.lock"
DEFAULT_LOCK_TIMEOUT = 10.0
HOLDER_FILE = f"{LOCK_FILE}.holder"


def read_graph(path: Path) -> nx.MultiDiGraph:
    """The graph in a node-link JSON file; an unreadable file is a :class:`StoreError` naming it."""
    import networkx as nx

    try:
        with open(path, "rb") as f:
            data = orjson.loads(f.read())
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except OSError as e:
        raise StoreError(f"{path}: cannot read it ({e.strerror or e})") from e
    except (ValueError, KeyError, TypeError) as e:
        raise StoreError(f"{path}: not a node-link graph, truncated or corrupt ({type(e).__name__}: {e})") from e


def _node_link_chunks(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """``graph`` as node-link JSON (what ``nx.node_link_data(graph, edges="edges")`` gives), in pieces.

    Written piece by piece, a big graph never exists a second time as one dict of
    dicts and one string, which would double the peak memory of an export.
    """
    head = {"directed": True, "multigraph": True, "graph": dict(graph.graph)}
    yield orjson.dumps(head)[:-1] + b',"nodes":['
    first = True
    for n, d in graph.nodes(data=True):
        yield (b"" if first else b",") + orjson.dumps({**d, "id": n})
        first = False
    yield b'],"edges":['
    first = True
    for u, v, k, d in graph.edges(keys=True, data=True):
        yield (b"" if first else b",") + orjson.dumps({**d, "source": u, "target": v, "key": k})
        first = False
    yield b"]}"


def write_graph(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` as node-link JSON, atomically (:func:`kg.atomic.atomic_path`)."""
    from kg.atomic import atomic_path

    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        for chunk in _node_link_chunks(graph):
            f.write(chunk)


class NetworkXStore(Store):
    """The graph as rows in ``DIR/store.sqlite``; see the module docstring for the write and lock rules."""

    backend = "networkx"

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"store {self.path} is not a folder")
        self.file = self.path / STORE_FILE
        self.lock_timeout = lock_timeout
        self._lock: FileLock | None = None
        self._rows: Rows | None = None
        self._writing = False
        self._graph: nx.MultiDiGraph | None = None
        self._generation: int | None = None

    # -- reading ---------------------------------------------------------------

    @contextmanager
    def _sql(self) -> Iterator[Rows]:
        """The rows, with SQLite's errors turned into one line naming the file."""
        try:
            yield self._open()
        except sqlite3.OperationalError as e:  # locked, read-only, an I/O error: the file itself may be whole
            raise StoreError(f"{self.file}: cannot use the store ({e})") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(damaged_message(self.file, e)) from None

    def _open(self) -> Rows:
        """The connection: read-only until this store writes, then the writer's."""
        if self._rows is not None and (self._writing or self._lock is None):
            return self._rows
        if not self.path.is_dir() and self._lock is None:
            raise StoreError(f"no store at {self.path} (nothing ingested there yet)")
        if not self.file.exists() and (self.path / LEGACY_FILE).exists():
            raise StoreError(f"{self.path}: a store of an older version ({LEGACY_FILE}); "
                             f"run policykg repair --store {self.path} to convert it to {STORE_FILE}")
        if self._rows is not None:
            self._rows.close()
        self._writing = self._lock is not None
        self._rows = Rows(connect(self.file, write=self._writing))
        return self._rows

    def nodes(self, label: str, *, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        with self._sql() as rows:
            return rows.nodes(label, keys)

    def names(self, label: str) -> dict[str, str | None]:
        with self._sql() as rows:
            return rows.names(label)

    def relationships(self, rel_type: str, *, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[dict[str, Any]]:
        with self._sql() as rows:
            return rows.relationships(rel_type, src, dst)

    def ends(self, rel_type: str | Iterable[str], *, src: Iterable[str] | None = None, dst: Iterable[str] | None = None,
             props: Iterable[str] = ()) -> list[tuple]:
        with self._sql() as rows:
            return rows.ends(rel_type, src, dst, props)

    def counts(self) -> dict[str, dict[str, int]]:
        import kg.schema as _schema

        sch = _schema.load()
        with self._sql() as rows:
            return rows.counts(sch.labels, sch.relationships)

    def _current(self) -> nx.MultiDiGraph:
        """The whole graph, built from the rows again only when a write was committed since."""
        with self._sql() as rows:
            generation = rows.generation()
            if self._graph is None or generation != self._generation or generation == 0:
                self._graph, self._generation = rows.graph(), generation
        return self._graph

    def graph(self) -> nx.MultiDiGraph:
        """A copy of the whole graph (callers may change it freely)."""
        return self._current().copy()

    def document_hashes(self) -> dict[str, str | None]:
        if not self.path.is_dir():
            return {}
        with self._sql() as rows:
            return rows.document_hashes()

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Read-only Cypher (:mod:`kg.loaders.networkx_cypher`). Write clauses are refused, ``write=True`` or not."""
        from kg.loaders.cypher import write_refusal
        from kg.loaders.memory import query_graph

        refusal = write_refusal(cypher, read_only_store=True)  # before the graph is built for nothing
        if refusal:
            raise StoreError(refusal)
        return query_graph(self._current(), cypher, params)

    # -- writing ---------------------------------------------------------------

    def lock(self, wait: float = 0.0) -> None:
        """Take the writer's lock now (kept until :meth:`close`), waiting up to ``wait`` seconds for another writer."""
        self._acquire(wait)

    def _acquire(self, wait: float | None = None) -> None:
        """Take the writer's lock (kept until :meth:`close`)."""
        if self._lock is not None:
            return
        from filelock import FileLock, Timeout

        wait = self.lock_timeout if wait is None else max(0.0, wait)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.path / LOCK_FILE, timeout=wait)
            lock.acquire()
        except Timeout:
            raise StoreError(f"store {self.path} is locked by another ingest ({self._holder()}; waited {wait:g} s)") from None
        except OSError as e:
            raise StoreError(f"store {self.path} cannot be locked for writing ({e.strerror or e})") from None
        self._lock = lock
        _write_holder(self.path / HOLDER_FILE)

    def _commit(self, change) -> Any:
        """Run ``change(rows)`` in one transaction under the lock: all of it is saved, or (on any error) none."""
        self._acquire()
        with self._sql() as rows:
            rows.db.execute("BEGIN IMMEDIATE")
            try:
                result = change(rows)
                rows.bump()
                rows.db.execute("COMMIT")
            except BaseException:
                rows.db.execute("ROLLBACK")
                raise
        return result

    def replace_documents(self, fragments: Iterable[nx.MultiDiGraph]) -> int:
        """Replace each fragment's document (and a former version read from the same path); one transaction per call."""
        from kg.graph.model import superseded
        from kg.loaders.rows import check_fragment

        def apply(rows: Rows) -> int:
            n = 0
            for frag in fragments:
                try:
                    check_fragment(frag)
                except ValueError as e:
                    raise StoreError(str(e)) from e
                for _, d in frag.nodes(data=True):
                    if d.get("label") == "Document":
                        paths = {k: d.get("path") for k in rows.documents_at(d["path"])} if d.get("path") else {}
                        for dkey in superseded(frag, paths):
                            rows.remove(dkey)
                rows.add(frag)
                n += 1
            return n

        return self._commit(apply)

    def remove_documents(self, keys: Iterable[str]) -> None:
        keys = list(keys)

        def apply(rows: Rows) -> None:
            for key in keys:
                rows.remove(key)

        self._commit(apply)

    def _holder(self) -> str:
        try:
            return (self.path / HOLDER_FILE).read_text("utf-8").strip() or "holder unknown"
        except OSError:
            return "holder unknown"

    def close(self) -> None:
        if self._rows is not None:
            self._rows.close()
            self._rows = None
        self._graph = None
        if self._lock is not None:
            (self.path / HOLDER_FILE).unlink(missing_ok=True)
            self._lock.release()
            self._lock = None


def _write_holder(path: Path) -> None:
    """Say who holds the lock, for the error a second writer gets (best effort: the lock itself is the flock)."""
    import socket
    import time

    since = time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime())
    try:
        path.write_text(f"held by pid {os.getpid()} on {socket.gethostname()} since {since}", "utf-8")
    except OSError:
        pass

