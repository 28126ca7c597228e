"""The one small interface every store implements, and :func:`open_store`, which picks one.

Two stores implement it: :class:`kg.loaders.networkx_store.NetworkXStore` (embedded,
a folder with ``store.sqlite``; its own read-only Cypher engine) and
:class:`kg.loaders.neo4j_store.Neo4jStore` (a Bolt server: Neo4j, or FalkorDB's Bolt
server in the tests). Both apply :func:`kg.graph.model.replace_document`'s rule.
"""
from __future__ import annotations

import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the question commands never import networkx: only the annotations name it
    import networkx as nx

from kg.loaders.settings import DEFAULT_STORE, setting

__all__ = ["Store", "StoreError", "open_store", "relationship_row", "filter_ends"]


class StoreError(Exception):
    """A store that cannot be opened, read or written. ``str()`` is the one-line message users see."""


def relationship_row(src: str, src_label: str, dst: str, dst_label: str, props: dict[str, Any]) -> dict[str, Any]:
    """A relationship as :meth:`Store.relationships` gives it: its ends' keys and labels, then its properties."""
    return {"src": src, "src_label": src_label, "dst": dst, "dst_label": dst_label, **props}


def filter_ends(rows: list[dict[str, Any]], src: Iterable[str] | None, dst: Iterable[str] | None) -> list[dict[str, Any]]:
    """Relationship rows whose ``src`` (``dst``) key is among ``src`` (``dst``), where given."""
    if src is not None:
        src = set(src)
        rows = [r for r in rows if r["src"] in src]
    if dst is not None:
        dst = set(dst)
        rows = [r for r in rows if r["dst"] in dst]
    return rows


class Store(ABC):
    """A graph store. Each document's facts are replaced as a whole (see :mod:`kg.graph.model`)."""

    backend: str = ""

    @abstractmethod
    def replace_documents(self, fragments: Iterable[nx.MultiDiGraph]) -> int:
        """Replace each fragment's document facts; a fragment is applied whole or not at all. Returns how many."""

    @abstractmethod
    def remove_documents(self, keys: Iterable[str]) -> None:
        """Remove the facts of these documents."""

    @abstractmethod
    def document_hashes(self) -> dict[str, str | None]:
        """Document key -> content sha256 of every ingested document (for incremental ingest)."""

    @abstractmethod
    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Run Cypher; rows as dicts. Read-only unless ``write``."""

    @abstractmethod
    def graph(self) -> nx.MultiDiGraph:
        """The whole graph in the :mod:`kg.graph.model` model (for views and exports)."""

    def nodes(self, label: str, *, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Property maps of the nodes of one label (``key``, ``name``, ``documents``, ...), only ``keys`` if given.

        The questions in :mod:`kg.questions.query` are asked through this and :meth:`relationships`,
        so every store answers them the same way; stores override both with a fast path.
        """
        wanted = None if keys is None else set(keys)
        return [{k: v for k, v in d.items() if k != "label"} for _, d in self.graph().nodes(data=True)
                if d.get("label") == label and (wanted is None or d.get("key") in wanted)]

    def names(self, label: str) -> dict[str, str | None]:
        """``key -> name`` of every node of one label (``None`` for a node without a name).

        Questions that only match names (which departments does 财政局 mean) ask for
        this instead of :meth:`nodes`: a store answers it without reading each node's
        ``documents``, which for a department of a big store lists thousands.
        """
        return {d["key"]: d.get("name") for d in self.nodes(label)}

    def relationships(self, rel_type: str, *, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Relationships of one type: ``src``/``dst`` keys, ``src_label``/``dst_label`` and its properties.

        ``src`` and ``dst`` keep those whose source (target) key is among them.
        """
        g = self.graph()
        rows = [
            relationship_row(g.nodes[u]["key"], g.nodes[u]["label"], g.nodes[v]["key"], g.nodes[v]["label"],
                             {k: x for k, x in d.items() if k != "type"})
            for u, v, d in g.edges(data=True) if d.get("type") == rel_type
        ]
        return filter_ends(rows, src, dst)

    def ends(self, rel_type: str | Iterable[str], *, src: Iterable[str] | None = None, dst: Iterable[str] | None = None,
             props: Iterable[str] = ()) -> list[tuple]:
        """``(source key, target key, *values)`` of the relationships of one type (or of several), filtered as
        :meth:`relationships` is, with the values of ``props`` (``type`` is the relationship's type; ``None``
        for a property it lacks).

        The questions that only join (who leads which task, in which rank) ask for this; a store can
        answer it without reading the relationships' other properties (their evidence).
        """
        types = [rel_type] if isinstance(rel_type, str) else list(rel_type)
        src = None if src is None else set(src)
        dst = None if dst is None else set(dst)
        props = tuple(props)
        return [(r["src"], r["dst"], *(t if p == "type" else r.get(p) for p in props))
                for t in dict.fromkeys(types) for r in self.relationships(t, src=src, dst=dst)]

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` for every label and type of the schema."""
        import kg.schema as _schema

        sch = _schema.load()
        return {
            "nodes": {label: len(self.nodes(label)) for label in sch.labels},
            "relationships": {t: len(self.relationships(t)) for t in sch.relationships},
        }

    def lock(self, wait: float = 0.0) -> None:
        """Take the writer's lock now, before any work, waiting up to ``wait`` seconds for another writer.

        A store that cannot be locked raises :class:`StoreError` naming it and the
        holder. Stores whose server serialises writers need no lock (the default).
        """

    def close(self) -> None:
        """Release connections and locks."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()




def _auth(user: str | None, password: str | None) -> tuple[str, str] | None:
    """``(user, password)``, or no auth at all when neither is given (FalkorDB, a Neo4j without auth)."""
    if user is None and password is None:
        return None
    return (user or "neo4j", password or "")


def open_store(
    backend: str = "auto",
    *,
    path: str | os.PathLike[str] | None = None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    batch_bytes: int | None = None,
    lock_timeout: float | None = None,
) -> Store:
    """Open a store.

    ``backend``:

    * ``"neo4j"``: the Bolt server at ``uri`` (else ``NEO4J_URI``), with ``user``
      (``NEO4J_USER`` or ``NEO4J_USERNAME``), ``password`` (``NEO4J_PASSWORD``) and
      ``database`` (``NEO4J_DATABASE``). A server that cannot be reached is a
      :class:`StoreError` naming the URI, and nothing is written.
    * ``"networkx"``: the embedded store in the folder ``path`` (else
      ``POLICYKG_STORE``, else ``./policykg-data``); a second writer waits
      ``lock_timeout`` seconds for the first, then gets a :class:`StoreError`.
    * ``"auto"``: Neo4j when a URI is configured and the server answers; else the
      embedded store, with a one-line note on standard error when a URI was
      configured but not reachable.
    """
    if backend not in ("auto", "networkx", "neo4j"):
        raise StoreError(f"unknown backend {backend!r}; choose auto, networkx or neo4j")
    uri = setting("uri", uri or None) or None
    folder = os.fspath(path or setting("store") or DEFAULT_STORE)
    if backend == "neo4j" or (backend == "auto" and uri):
        if not uri:
            raise StoreError("no Neo4j URI: pass --uri or set NEO4J_URI")
        from kg.loaders.neo4j_store import Neo4jStore
        from kg.loaders.uri import check_uri, shown

        check_uri(uri)  # before connecting: a bad URI is an error, never a fall-back to the embedded store

        user = setting("user", user or None) or None
        password = setting("password", password)
        database = setting("database", database or None) or None
        try:
            return Neo4jStore(uri, auth=_auth(user, password), database=database, batch_bytes=batch_bytes,
                              timeout=15.0 if backend == "neo4j" else 5.0)
        except StoreError as e:
            if backend == "neo4j" or not str(e).startswith("cannot reach"):
                raise StoreError(str(e).replace(uri, shown(uri))) from e  # no password in a message
            print(f"note: no Neo4j at {shown(uri)}; using the embedded store in {folder}", file=sys.stderr)
    from kg.loaders.networkx_store import DEFAULT_LOCK_TIMEOUT, NetworkXStore

    return NetworkXStore(folder, lock_timeout=DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout)
