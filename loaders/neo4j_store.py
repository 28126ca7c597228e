"""The Bolt store: Neo4j (or FalkorDB's Bolt server) through the official ``neo4j`` driver.

Writing one document (:meth:`Neo4jStore.replace_documents`) goes in this order:

1. the schema, once per store: a uniqueness constraint on every label's ``key``
   (Neo4j) or, where the server has no constraints (FalkorDB), an index; and an
   index on every relationship type's ``document``;
2. the Document node, then every other node (``MERGE`` on the key; the node's
   ``documents`` gains the document), then the relationships (``MERGE`` on both
   ends, type and ``document``), each as ``UNWIND $rows`` batches that stay under
   ``batch_bytes`` bytes per message;
3. when the document was in the store before: its relationships and nodes that
   the new fragment no longer states are removed (a node other documents state
   only loses the document from its ``documents``);
4. last, the Document's ``sha256``.

On Neo4j all of it is one transaction per document: a failure leaves the
previous version whole. FalkorDB's Bolt server accepts ``BEGIN``/``COMMIT`` but
commits every statement at once (a rolled-back write stays), so there the order
above is the safety net: a failure half-way leaves the old facts plus some new
ones, never fewer, and the Document without ``sha256``, which
:meth:`~Neo4jStore.document_hashes` reports as ``None`` so the next ingest
redoes that document.

Every statement runs in a managed transaction (never an auto-commit
``session.run``): FalkorDB's Bolt server routes auto-commit statements that name a
database to another graph than transactions, and in effect serves one graph per
server whatever ``database`` says.

A store closes its FalkorDB connections without the GOODBYE message the driver
would send (:func:`_close_without_goodbye`). FalkorDB 4.16's Bolt server frees a
client that says GOODBYE but leaves its socket registered for reading: the next
connection given the same descriptor is never read (its handshake hangs), and
where a forked child holds the socket (RediSearch's index GC forks, so does a
BGSAVE) the closed socket stays in the server's epoll set, so the client's EOF
runs the freed client's handler, a double free that kills the server, or a new
client's handler, whose connection is dropped ("defunct connection"). A socket
closed without GOODBYE takes the server's other path, which unregisters it first.

FalkorDB's Bolt server writes the parameters out as Cypher literals in front of
the query text, without escaping, into a buffer of about 4 KB: a longer statement
crashes the whole server, a string with ``'`` or ``\\`` breaks or changes, and a
parameter name or map key is pasted bare, so it could carry query text of its own.
Hence the default ``batch_bytes`` of 3500, measured by
:func:`kg.loaders.batches.encoded_size` (which bounds the literal form too), and
strings escaped and names checked before they go to FalkorDB
(:func:`kg.loaders.batches.escape_literals`). FalkorDB also ignores the READ access
mode, so a read-only query is guarded by :func:`kg.loaders.cypher.is_write_query` on
its text and by those checks on its parameters, never by the server.
A row larger than the budget on its own is sent as a small core plus its long
values in pieces appended one by one (never truncated). Raise ``batch_bytes`` on a
real Neo4j for fewer, larger messages.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
import threading
from contextlib import contextmanager
from typing import Any

import networkx as nx

import kg.schema as _schema
from kg.graph.model import node_id, superseded
from kg.loaders import cypher as q
from kg.loaders.base import Store, StoreError, filter_ends, relationship_row
from kg.loaders.batches import OVERHEAD, ParameterError, batches, encoded_size, escape_literals, split_row
from kg.loaders.rows import DocumentRows, document_rows

__all__ = ["Neo4jStore", "DEFAULT_BATCH_BYTES", "DEFAULT_READ_TIMEOUT", "MIN_BATCH_BYTES"]

DEFAULT_BATCH_BYTES = 3500
# Seconds a read on FalkorDB may wait for its answer (Neo4j bounds its own transactions).
DEFAULT_READ_TIMEOUT = 300.0
MIN_BATCH_BYTES = 1024
# Room for the longest statement that carries appended pieces (kg.loaders.cypher.append_*).
_APPEND_TEXT = 400

Run = Callable[..., list[dict[str, Any]]]


class Neo4jStore(Store):
    """A graph on a Bolt server. See the module docstring for how documents are written.

    ``auth`` is ``(user, password)`` or ``None``; ``database`` the Neo4j database
    (on FalkorDB: the graph name); ``batch_bytes`` the largest message to send;
    ``max_rows`` caps rows per statement (``1`` = one statement per row, for
    benchmarks); ``transactions`` forces (``True``) or forbids (``False``) one
    transaction per document instead of detecting whether the server is Neo4j;
    ``read_timeout`` bounds the wait for a read's answer on FalkorDB (see :meth:`_read`).
    """

    backend = "neo4j"

    def __init__(
        self,
        uri: str,
        *,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        batch_bytes: int | None = None,
        max_rows: int | None = None,
        transactions: bool | None = None,
        timeout: float = 15.0,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
    ) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        self.uri = uri
        self.database = database
        self.batch_bytes = DEFAULT_BATCH_BYTES if batch_bytes is None else batch_bytes
        if self.batch_bytes < MIN_BATCH_BYTES:
            raise StoreError(f"batch_bytes {self.batch_bytes} is too small (at least {MIN_BATCH_BYTES})")
        self.max_rows = max_rows
        self.read_timeout = read_timeout
        self._schema_done = False
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout, connection_acquisition_timeout=timeout)
        except (ValueError, DriverError) as e:
            raise StoreError(f"{uri}: not a usable Bolt URI ({e})") from e
        try:
            self._driver.verify_connectivity()
        except AuthError as e:
            self._driver.close()
            raise StoreError(f"{uri}: authentication failed ({e.message})") from e
        except (DriverError, Neo4jError, OSError) as e:
            self._driver.close()
            raise StoreError(f"cannot reach a Bolt server at {uri}: {_one_line(e)}") from e
        self.neo4j = self._is_neo4j()
        self.transactional = self.neo4j if transactions is None else transactions

    # -- plumbing ----------------------------------------------------------------

    def _session(self, *, read: bool = False):
        import neo4j

        return self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS)

    def _is_neo4j(self) -> bool:
        """Neo4j answers ``dbms.components()``; FalkorDB's Bolt server (which also says "Neo4j/5.13.0") does not."""
        from neo4j.exceptions import Neo4jError

        try:
            with self._session(read=True) as s:
                rows = s.execute_read(lambda tx: tx.run("CALL dbms.components() YIELD name RETURN name").data())
        except Neo4jError:
            return False
        return any("neo4j" in str(r.get("name", "")).lower() for r in rows)

    def _write(self, work: Callable[[Run], Any]) -> Any:
        """Run ``work(run)`` in one transaction (Neo4j) or one transaction per statement (FalkorDB).

        Every statement goes through a managed transaction, never an auto-commit
        ``session.run``: FalkorDB's Bolt server sends auto-commit statements that name
        a database to a different graph than transactions.
        """
        with self._errors(), self._session() as s:
            if self.transactional:
                return s.execute_write(lambda tx: work(lambda text, **params: tx.run(text, self._params(params)).data()))
            return work(lambda text, **params: s.execute_write(lambda tx: tx.run(text, self._params(params)).data()))

    def _params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Parameters as the server needs them: as they are for Neo4j; for FalkorDB, strings escaped and
        names checked, since that server pastes parameters into the query text (:func:`escape_literals`)."""
        return params if self.neo4j else escape_literals(params)

    @contextmanager
    def _errors(self):
        """Driver and server errors as one-line :class:`StoreError` naming the server."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except Neo4jError as e:
            raise StoreError(f"{self.uri}: {' '.join(str(e.message or e.code).split())}") from e
        except DriverError as e:
            raise StoreError(f"{self.uri}: {_one_line(e)}") from e
        except ParameterError as e:
            raise StoreError(f"{self.uri}: {e}") from e

    def _budget(self, text: str, params: dict[str, Any]) -> int:
        return self.batch_bytes - len(text.encode("utf-8")) - encoded_size(params) - OVERHEAD

    def _send(self, run: Run, text: str, rows: list[dict[str, Any]], **params: Any) -> list[tuple[dict, list]]:
        """Send ``rows`` through ``text`` in byte-sized batches; return the long values that still need appending."""
        budget = self._budget(text, params)
        pieces_budget = self.batch_bytes - _APPEND_TEXT - encoded_size(params) - OVERHEAD
        cores, appends = [], []
        for row in rows:
            try:
                core, parts = split_row(row, min(budget, pieces_budget))
            except ValueError as e:
                raise StoreError(f"{self.uri}: {e} (raise batch_bytes)") from e
            cores.append(core)
            if parts:
                appends.append((row, parts))
        for batch in batches(cores, budget):
            step = self.max_rows or len(batch)
            for i in range(0, len(batch), step):
                run(text, rows=batch[i : i + step], **params)
        return appends

    # -- schema ------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        """Constraints (Neo4j) or indexes (FalkorDB) on every label's key, indexes on relationships' document."""
        if self._schema_done:
            return
        from neo4j.exceptions import Neo4jError

        sch = _schema.load()
        with self._session() as s:

            def run(text: str) -> list[dict[str, Any]]:
                return s.execute_write(lambda tx: tx.run(text).data())

            if self.neo4j:
                try:
                    for label in sch.labels:
                        run(q.unique_key(label))
                    for rel in sch.relationships:
                        run(q.edge_document_index(rel, named=True))
                except Neo4jError as e:
                    raise StoreError(f"{self.uri}: cannot create the schema's constraints: {e.message}") from e
            else:
                have = set()
                try:
                    have = {(r["label"], tuple(r["properties"])) for r in run("CALL db.indexes()")}
                except Neo4jError:
                    pass
                wanted = [(label, ("key",), q.key_index(label)) for label in sch.labels]
                wanted += [(rel, ("document",), q.edge_document_index(rel, named=False)) for rel in sch.relationships]
                for name, props, text in wanted:
                    if (name, props) not in have:
                        try:
                            run(text)
                        except Neo4jError:
                            pass  # an index that exists already (or that the server cannot build) only costs speed
        self._schema_done = True

    # -- writing -----------------------------------------------------------------

    def replace_documents(self, fragments: Iterable[nx.MultiDiGraph]) -> int:
        """Replace each fragment's document, and a former version read from the same path (one transaction per document where the server has them)."""
        self._ensure_schema()
        paths = self._document_paths()
        n = 0
        for frag in fragments:
            try:
                rows = document_rows(frag)
            except ValueError as e:
                raise StoreError(str(e)) from e
            existed = rows.key in paths
            former = [k for k in superseded(frag, paths) if k != rows.key]
            self._write(lambda run: self._replace(run, rows, existed, former))
            for k in former:
                paths.pop(k, None)
            paths[rows.key] = next((d.get("path") for _, d in frag.nodes(data=True) if d.get("label") == "Document"), None)
            n += 1
        return n

    def _document_paths(self) -> dict[str, str | None]:
        return {r["key"]: r["path"] for r in self._read("MATCH (d:Document) RETURN d.key AS key, d.path AS path")}

    def _replace(self, run: Run, rows: DocumentRows, existed: bool, former: list[str] = ()) -> None:
        doc = rows.key
        for old in former:
            self._prune(run, old, {}, {})
        for label, node_rows in rows.nodes.items():
            for row, parts in self._send(run, q.upsert_nodes(label), node_rows, doc=doc):
                for prop, pieces in parts:
                    for i, piece in enumerate(pieces):
                        run(q.append_node_property(label, prop, first=i == 0, union=prop == "aliases"), rows=[{"key": row["key"], "part": piece}])
        for (rel, src, dst), edge_rows in rows.edges.items():
            for row, parts in self._send(run, q.upsert_edges(rel, src, dst), edge_rows, doc=doc):
                for prop, pieces in parts:
                    for i, piece in enumerate(pieces):
                        run(q.append_edge_property(rel, src, dst, prop, first=i == 0), rows=[{"src": row["src"], "dst": row["dst"], "part": piece}], doc=doc)
        if existed:
            self._prune(run, doc, rows.node_keys(), rows.edge_keys())
        if rows.sha256:
            run(q.set_document_hash(), doc=doc, sha256=rows.sha256)

    def _prune(self, run: Run, doc: str, keep_nodes: dict[str, set[str]], keep_edges: dict[tuple[str, str, str], set[tuple[str, str]]]) -> None:
        """Remove what ``doc`` stated before and no longer states (``keep_*`` empty: remove the document)."""
        sch = _schema.load()
        for rel in sch.relationships:
            stale: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
            for r in run(q.document_edges(rel), doc=doc):
                t = (rel, r["src_label"], r["dst_label"])
                if (r["src"], r["dst"]) not in keep_edges.get(t, ()):
                    stale[t].append({"src": r["src"], "dst": r["dst"]})
            for (_, src, dst), rows in stale.items():
                self._send(run, q.delete_edges(rel, src, dst), rows, doc=doc)
        for label in sch.labels:
            gone = [{"key": r["key"]} for r in run(q.document_nodes(label), doc=doc) if r["key"] not in keep_nodes.get(label, ())]
            if gone:
                self._send(run, q.drop_document_from_nodes(label), gone, doc=doc)
                self._send(run, q.delete_orphans(label), gone)

    def remove_documents(self, keys: Iterable[str]) -> None:
        """Remove each document's facts (one transaction per document where the server has them)."""
        for key in keys:
            self._write(lambda run: self._prune(run, key, {}, {}))

    # -- reading -----------------------------------------------------------------

    def document_hashes(self) -> dict[str, str | None]:
        return {r["key"]: r["sha256"] for r in self._read("MATCH (d:Document) RETURN d.key AS key, d.sha256 AS sha256")}

    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._errors():
            sent = self._params(params or {})  # refused here, before a session opens
            if not self.neo4j:
                return self._bounded_read(cypher, sent)
            with self._session(read=True) as s:
                return s.execute_read(lambda tx: tx.run(cypher, sent).data())

    def _bounded_read(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """A read on FalkorDB that gives up after ``read_timeout`` seconds instead of waiting forever.

        FalkorDB 4.16's Bolt server never sends a record over about 64 KB (a long
        ``collect(...)``): the query runs and the client waits on a reply that does not
        come. The driver has no read timeout of its own (it takes one only from the
        server's hints, which FalkorDB does not send), so the read runs in a daemon
        thread, in one explicit transaction (no retry that would ask again), and on the
        deadline the store drops its connections (:func:`_close_without_goodbye`),
        which ends the blocked read; the next read connects afresh.
        """
        answer: dict[str, Any] = {}

        def work() -> None:
            try:
                with self._session(read=True) as s, s.begin_transaction() as tx:
                    answer["rows"] = tx.run(cypher, params).data()
            except BaseException as e:  # handed to the caller's thread
                answer["error"] = e

        reader = threading.Thread(target=work, name="policykg-bolt-read", daemon=True)
        reader.start()
        reader.join(self.read_timeout)
        if reader.is_alive():
            _close_without_goodbye(self._driver)
            raise StoreError(
                f"{self.uri}: no answer within {self.read_timeout:g} s; FalkorDB's Bolt server does not send "
                "a record over about 64 KB, so return shorter values (size(collect(...)) rather than collect(...))"
            )
        if "error" in answer:
            raise answer["error"]
        return answer["rows"]

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Cypher on the server. Without ``write`` it runs in a read transaction and write clauses are refused first."""
        if not write:
            refusal = q.write_refusal(cypher)
            if refusal:
                raise StoreError(refusal)
            return self._read(cypher, params)
        return self._write(lambda run: run(cypher, **(params or {})))

    def counts(self) -> dict[str, dict[str, int]]:
        sch = _schema.load()
        nodes = {lab: int(self._read(f"MATCH (n:{q.check_label(lab)}) RETURN count(n) AS n")[0]["n"]) for lab in sch.labels}
        rels = {t: int(self._read(f"MATCH ()-[r:{q.check_type(t)}]->() RETURN count(r) AS n")[0]["n"]) for t in sch.relationships}
        return {"nodes": nodes, "relationships": rels}

    def nodes(self, label: str, *, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        wanted = None if keys is None else set(keys)
        return [_sorted_lists(r["props"]) for r in self._read(q.read_nodes(label)) if wanted is None or r["props"]["key"] in wanted]

    def names(self, label: str) -> dict[str, str | None]:
        return {r["key"]: r["name"] for r in self._read(q.read_names(label))}

    def relationships(self, rel_type: str, *, src: Iterable[str] | None = None, dst: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Filtering by ``src``/``dst`` happens here, not in Cypher: a long key list would not fit FalkorDB's 4 KB."""
        rows = [relationship_row(r["src"], r["src_label"], r["dst"], r["dst_label"], r["props"]) for r in self._read(q.read_edges(rel_type))]
        return filter_ends(rows, src, dst)

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph in the :mod:`kg.graph.model` model, streamed label by label and type by type."""
        sch = _schema.load()

        def read_all(tx) -> nx.MultiDiGraph:
            g = nx.MultiDiGraph()
            for label in sch.labels:
                for rec in tx.run(q.read_nodes(label)):
                    props = dict(rec["props"])
                    for name in ("documents", "aliases"):
                        if name in props:
                            props[name] = sorted(props[name])
                    g.add_node(node_id(label, props["key"]), label=label, **props)
            for rel in sch.relationships:
                for rec in tx.run(q.read_edges(rel)):
                    props = dict(rec["props"])
                    g.add_edge(node_id(rec["src_label"], rec["src"]), node_id(rec["dst_label"], rec["dst"]),
                               key=f"{rel}|{props.get('document')}", type=rel, **props)
            return g

        with self._errors(), self._session(read=True) as s:
            return s.execute_read(read_all)

    def close(self) -> None:
        """Close the driver; on FalkorDB its connections first, without GOODBYE (see :func:`_close_without_goodbye`)."""
        driver, self._driver = getattr(self, "_driver", None), None
        if driver is None:
            return
        if not getattr(self, "neo4j", True):
            _close_without_goodbye(driver)
        driver.close()


def _sorted_lists(props: dict[str, Any]) -> dict[str, Any]:
    """Node properties as the graph model keeps them (``documents`` and ``aliases`` sorted)."""
    props = dict(props)
    for name in ("documents", "aliases"):
        if name in props:
            props[name] = sorted(props[name])
    return props


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _close_without_goodbye(driver) -> None:
    """Close the driver's pooled connections as a dropped client would: the socket only, no GOODBYE.

    For FalkorDB 4.16's Bolt server (see the module docstring): on a GOODBYE it frees
    the client and leaves the socket in its event loop, which hangs the next connection
    on that descriptor, or, while a forked child holds the socket, runs the freed
    client's handler when the socket closes (a double free: the server dies). On a
    plain close it takes the socket out of its event loop before freeing anything.
    The driver has no public way to skip GOODBYE, so this reaches into its pool
    (``neo4j`` is pinned; ``tests/test_stores.py`` checks what the server sees).
    ``driver.close()`` then finds the connections closed and sends nothing.
    """
    pool = driver._pool
    with pool.lock:
        connections = [c for cs in pool.connections.values() for c in cs]
    for connection in connections:
        connection.kill()
