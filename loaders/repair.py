"""Getting a damaged embedded store back from the other of its two files.

The embedded store keeps the same graph twice: ``graph.json`` (the store of record)
and ``index.sqlite`` (the read index, written after it on every write). When one of
them is damaged (a disk fault, a truncated copy, an editor), the other still holds
the graph of the last complete write, so :func:`repair` rebuilds the damaged one
from it. The damaged ``graph.json`` is kept beside, as ``graph.json.damaged``.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import orjson
from filelock import FileLock, Timeout

from kg.graph import node_id
from loaders.base import StoreError
from loaders.index import INDEX_FILE, write_index
from loaders.networkx_store import GRAPH_FILE, _stamp, read_graph, write_graph

__all__ = ["RepairReport", "repair", "graph_from_index"]


@dataclass(frozen=True)
class RepairReport:
    """What :func:`repair` rebuilt (``"graph.json"`` or ``"index.sqlite"``) and how big the graph is."""

    rebuilt: str
    nodes: int
    relationships: int
    kept: Path | None = None  # where the damaged graph.json went


def graph_from_index(path: Path) -> nx.MultiDiGraph:
    """The graph an index file holds; :class:`StoreError` when it is damaged too."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            g = nx.MultiDiGraph()
            for label, key, props in db.execute("SELECT label, key, props FROM nodes"):
                g.add_node(node_id(label, key), **{k: v for k, v in orjson.loads(props).items() if k != "id"}, label=label)
            for rtype, src_label, src, dst_label, dst, props in db.execute("SELECT * FROM edges"):
                d = orjson.loads(props)
                g.add_edge(node_id(src_label, src), node_id(dst_label, dst), key=f"{rtype}|{d.get('document')}", type=rtype, **d)
    except (sqlite3.Error, ValueError) as e:
        raise StoreError(f"{path}: the read index is damaged too ({e}); ingest the documents again into a new store") from e
    return g


def repair(folder: str | os.PathLike[str], *, lock_timeout: float = 10.0) -> RepairReport:
    """Rebuild whichever of ``graph.json`` and ``index.sqlite`` in ``folder`` is damaged from the other.

    With a readable ``graph.json`` the index is rebuilt from it; otherwise ``graph.json``
    is rebuilt from the index (the graph of the last complete write) and the damaged file
    is kept as ``graph.json.damaged``. Takes the writer's lock, so no ingest runs meanwhile.
    """
    folder = Path(folder)
    graph_file, index_file = folder / GRAPH_FILE, folder / INDEX_FILE
    if not graph_file.exists() and not index_file.exists():
        raise StoreError(f"no store at {folder} (neither {GRAPH_FILE} nor {INDEX_FILE} is there)")
    try:
        with FileLock(folder / f"{GRAPH_FILE}.lock", timeout=lock_timeout):
            return _repair(graph_file, index_file)
    except Timeout:
        raise StoreError(f"store {folder} is locked by another ingest (waited {lock_timeout:g} s)") from None


def _repair(graph_file: Path, index_file: Path) -> RepairReport:
    try:
        graph = read_graph(graph_file)
    except StoreError:
        graph = None
    if graph is not None:
        write_index(graph, index_file, _stamp(graph_file))
        return RepairReport(INDEX_FILE, graph.number_of_nodes(), graph.number_of_edges())
    if not index_file.exists():
        raise StoreError(f"{graph_file}: damaged, and there is no {INDEX_FILE} to rebuild it from; "
                         "ingest the documents again into a new store")
    graph = graph_from_index(index_file)
    kept = graph_file.with_name(GRAPH_FILE + ".damaged")
    if graph_file.exists():
        os.replace(graph_file, kept)
    write_graph(graph, graph_file)
    write_index(graph, index_file, _stamp(graph_file))
    return RepairReport(GRAPH_FILE, graph.number_of_nodes(), graph.number_of_edges(), kept if kept.exists() else None)
