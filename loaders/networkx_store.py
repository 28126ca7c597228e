"""The embedded store: one NetworkX graph in a folder, as node-link JSON.

``DIR/graph.json`` is ``networkx.node_link_data(graph, edges="edges")`` (an open
format other tools read: d3, ``networkx.node_link_graph``, jq). Writes are atomic:
the new graph goes to a temporary file in the same folder, is flushed to disk and
renamed over the old one, so a process killed mid-write leaves the previous file
whole. A lock file (``DIR/graph.json.lock``) lets one writer at a time in: the
ingest takes it before any work (:meth:`NetworkXStore.lock`), any other writer at
its first write, and it is kept until :meth:`NetworkXStore.close`. A second writer
gets :class:`~loaders.base.StoreError` naming the store and the holder (its pid,
host and start, from ``DIR/graph.json.lock.holder``) after the time it was told
to wait, instead of waiting for ever. Readers never take the lock.

Every write also writes a read index, ``DIR/index.sqlite`` (:mod:`loaders.index`),
so the question commands (``leads``, ``stats``, ``departments``, ``tasks``) and the
ingest's check of which documents are already in read only the rows they need
instead of parsing the whole ``graph.json``. A missing or stale index (one built
from another version of ``graph.json``) is ignored and the JSON is read instead.

Cypher runs through :mod:`loaders.networkx_cypher` (Neo4j semantics), read-only:
write queries are refused here even with ``write=True`` (use the ingest, or Neo4j).
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import orjson
from filelock import FileLock, Timeout

from kg.atomic import atomic_path, temp_pattern
from kg.graph import documents_in, remove_document, replace_document
from loaders.base import Store, StoreError, filter_ends, relationship_row
from loaders.index import INDEX_FILE, Index, open_index, write_index
from loaders.cypher import write_refusal
from loaders.rows import check_fragment

__all__ = ["NetworkXStore", "GRAPH_FILE", "DEFAULT_LOCK_TIMEOUT"]

GRAPH_FILE = "graph.json"
DEFAULT_LOCK_TIMEOUT = 10.0
HOLDER_FILE = f"{GRAPH_FILE}.lock.holder"


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What identifies one version of the file (a rename gives a new inode)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def read_graph(path: Path) -> nx.MultiDiGraph:
    """The graph in a node-link JSON file; an unreadable file is a :class:`StoreError` naming it."""
    try:
        with open(path, "rb") as f:
            data = orjson.loads(f.read())
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise StoreError(damaged(path, e)) from e


def damaged(path: Path, e: Exception) -> str:
    """The one line for a ``graph.json`` that cannot be read, saying how to get a store back."""
    if isinstance(e, OSError):
        return f"{path}: cannot read the store ({e.strerror or e})"
    return (f"{path}: the store is truncated or corrupt ({type(e).__name__}: {e}); "
            f"run policykg repair --store {path.parent} (rebuilds it from index.sqlite), restore it from a backup, "
            f"or move {path.parent} away and ingest the documents again")


def _node_link_chunks(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """``graph`` as node-link JSON (what ``nx.node_link_data(graph, edges="edges")`` gives), in pieces.

    Written piece by piece, a big graph never exists a second time as one dict of
    dicts and one string, which would double the ingest's peak memory.
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
    """Write ``graph`` to ``path`` atomically (:func:`kg.atomic.atomic_path`)."""
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        for chunk in _node_link_chunks(graph):
            f.write(chunk)


class NetworkXStore(Store):
    """The graph in ``DIR/graph.json``; see the module docstring for the write and lock rules."""

    backend = "networkx"

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"store {self.path} is not a folder")
        self.file = self.path / GRAPH_FILE
        self.lock_timeout = lock_timeout
        self._lock: FileLock | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._raw_data: dict[str, Any] | None = None
        self._raw_stamp: tuple[int, int, int] | None = None
        self._index_db: Index | None = None
        self._index_stamp: tuple[int, int, int] | None = None

    # -- reading ---------------------------------------------------------------

    def _current(self) -> nx.MultiDiGraph:
        """The stored graph, read again only when the file changed since the last read."""
        stamp = _stamp(self.file)
        if self._graph is None or stamp != self._stamp:
            if stamp is None:
                if not self.path.is_dir() and self._lock is None:
                    raise StoreError(f"no store at {self.path} (nothing ingested there yet)")
                graph = nx.MultiDiGraph()
            else:
                graph = read_graph(self.file)
            self._graph, self._stamp = graph, stamp
        return self._graph

    def _raw(self) -> dict[str, Any]:
        """The node-link data as stored, parsed but not built into a graph (the fast path for questions)."""
        if self._graph is not None and _stamp(self.file) == self._stamp:
            return nx.node_link_data(self._graph, edges="edges")
        stamp = _stamp(self.file)
        if stamp is None:
            if not self.path.is_dir():
                raise StoreError(f"no store at {self.path} (nothing ingested there yet)")
            return {"nodes": [], "edges": []}
        if self._raw_data is None or self._raw_stamp != stamp:
            try:
                with open(self.file, "rb") as f:
                    self._raw_data = orjson.loads(f.read())
            except (OSError, ValueError) as e:
                raise StoreError(damaged(self.file, e)) from e
            self._raw_stamp = stamp
        return self._raw_data

    def _index(self) -> Index | None:
        """The read index, when it matches the current ``graph.json`` and no newer graph is in memory."""
        stamp = _stamp(self.file)
        if self._graph is not None and stamp == self._stamp:
            return None  # this process holds the graph already: answer from it
        if self._index_db is not None and self._index_stamp == stamp:
            return self._index_db
        if self._index_db is not None:
            self._index_db.close()
        self._index_db, self._index_stamp = open_index(self.path / INDEX_FILE, stamp), stamp
        return self._index_db

    def nodes(self, label: str, *, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        index = self._index()
        if index is not None:
            return index.nodes(label, keys)
        wanted = None if keys is None else set(keys)
        return [{k: v for k, v in n.items() if k not in ("id", "label")} for n in self._raw()["nodes"]
                if n.get("label") == label and (wanted is None or n.get("key") in wanted)]

    def relationships(self, rel_type: str, *, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[dict[str, Any]]:
        index = self._index()
        if index is not None:
            return index.relationships(rel_type, src, dst)
        out = []
        for e in self._raw()["edges"]:
            if e.get("type") != rel_type:
                continue
            src_label, src_key = e["source"].split(":", 1)
            dst_label, dst_key = e["target"].split(":", 1)
            out.append(relationship_row(src_key, src_label, dst_key, dst_label,
                                        {k: v for k, v in e.items() if k not in ("source", "target", "key", "type")}))
        return filter_ends(out, src, dst)

    def ends(self, rel_type: str, *, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[tuple[str, str]]:
        index = self._index()
        if index is not None:
            return index.ends(rel_type, src, dst)
        return super().ends(rel_type, src=src, dst=dst)

    def counts(self) -> dict[str, dict[str, int]]:
        import schema as _schema

        from collections import Counter

        sch = _schema.load()
        index = self._index()
        if index is not None:
            return index.counts(sch.labels, sch.relationships)
        raw = self._raw()
        labels = Counter(n.get("label") for n in raw["nodes"])
        types = Counter(e.get("type") for e in raw["edges"])
        return {"nodes": {lab: labels[lab] for lab in sch.labels}, "relationships": {t: types[t] for t in sch.relationships}}

    def graph(self) -> nx.MultiDiGraph:
        """A copy of the whole graph (callers may change it freely)."""
        return self._current().copy()

    def document_hashes(self) -> dict[str, str | None]:
        if not self.path.is_dir():
            return {}
        index = self._index()
        if index is not None:
            return index.document_hashes()
        return documents_in(self._current())

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Read-only Cypher (:mod:`loaders.networkx_cypher`). Write clauses are refused, ``write=True`` or not."""
        refusal = write_refusal(cypher, read_only_store=True)
        if refusal:
            raise StoreError(refusal)
        from loaders.cypher_parse import NotSupported  # lark only for Cypher, not for every question command
        from loaders.networkx_cypher import CypherError, run_cypher

        try:
            return run_cypher(self._current(), cypher, params)
        except (NotSupported, CypherError) as e:
            raise StoreError(str(e)) from None

    # -- writing ---------------------------------------------------------------

    def lock(self, wait: float = 0.0) -> None:
        """Take the writer's lock now (kept until :meth:`close`), waiting up to ``wait`` seconds for another writer."""
        self._acquire(wait)

    def _acquire(self, wait: float | None = None) -> None:
        """Take the writer's lock (kept until :meth:`close`) and clear temp files a killed writer left."""
        if self._lock is not None:
            return
        wait = self.lock_timeout if wait is None else max(0.0, wait)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.path / f"{GRAPH_FILE}.lock", timeout=wait)
            lock.acquire()
        except Timeout:
            raise StoreError(f"store {self.path} is locked by another ingest ({self._holder()}; waited {wait:g} s)") from None
        except OSError as e:
            raise StoreError(f"store {self.path} cannot be locked for writing ({e.strerror or e})") from None
        self._lock = lock
        _write_holder(self.path / HOLDER_FILE)
        for name in (GRAPH_FILE, INDEX_FILE):
            for stale in glob.glob(temp_pattern(self.path / name)):
                os.unlink(stale)

    def _commit(self, change) -> Any:
        """Apply ``change(graph)`` under the lock and save; on any error nothing is saved and the cache is dropped."""
        self._acquire()
        graph = self._current()
        try:
            result = change(graph)
            write_graph(graph, self.file)
        except BaseException:
            self._graph = self._stamp = None
            raise
        self._stamp = _stamp(self.file)
        write_index(graph, self.path / INDEX_FILE, self._stamp)  # after the graph: a kill in between leaves a stale index, ignored
        return result

    def replace_documents(self, fragments: Iterable[nx.MultiDiGraph]) -> int:
        """Replace each fragment's document; all fragments of one call are saved together (or none)."""

        def apply(graph: nx.MultiDiGraph) -> int:
            n = 0
            for frag in fragments:
                try:
                    check_fragment(frag)
                except ValueError as e:
                    raise StoreError(str(e)) from e
                replace_document(graph, frag)
                n += 1
            return n

        return self._commit(apply)

    def remove_documents(self, keys: Iterable[str]) -> None:
        keys = list(keys)

        def apply(graph: nx.MultiDiGraph) -> None:
            for key in keys:
                remove_document(graph, key)

        self._commit(apply)

    def _holder(self) -> str:
        try:
            return (self.path / HOLDER_FILE).read_text("utf-8").strip() or "holder unknown"
        except OSError:
            return "holder unknown"

    def close(self) -> None:
        if self._index_db is not None:
            self._index_db.close()
            self._index_db = None
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

