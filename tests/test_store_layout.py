"""The embedded store's layout 3: compact rows, the same graph, and stores of layout 2 still working.

A store of layout 2 is made here the way policykg of layout 2 wrote it (its schema is
copied below as a fixture of the old layout, not imported), then opened by today's
code: a reader is told how to convert it, a writer converts it (in one transaction),
``policykg repair`` converts and compacts it, and every answer stays what it was.
"""
from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import networkx as nx
import orjson
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.model import document_fragment, documents_in
from kg.loaders import StoreError
from kg.loaders.index import Rows, connect
from kg.loaders.networkx_store import NetworkXStore
from tests.test_stores import A, A2, B, expected, snapshot
from tests.faults import damage

runner = CliRunner()

# The schema of layout 2, as loaders/index.py had it (_VERSION = "2").
V2_SCHEMA = """
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


def _dumps(value) -> str:
    return orjson.dumps(value).decode("utf-8")


def write_v2(graph: nx.MultiDiGraph, folder: Path) -> Path:
    """A store of layout 2 in ``folder`` holding ``graph``, row by row as layout 2's writer put them."""
    folder.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(folder / "store.sqlite", isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript(V2_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', '2'), ('generation', '7')")
        db.execute("BEGIN")
        ids = {}
        for n, d in graph.nodes(data=True):
            props = {k: v for k, v in d.items() if k not in ("label", "documents")}
            ids[n] = db.execute("INSERT INTO nodes (label, key, props) VALUES (?, ?, ?)", (d["label"], d["key"], _dumps(props))).lastrowid
            db.executemany("INSERT INTO node_documents VALUES (?, ?)", [(ids[n], doc) for doc in d["documents"]])
        for u, v, d in graph.edges(data=True):
            su, sv = graph.nodes[u], graph.nodes[v]
            db.execute("INSERT INTO edges (type, src_label, src, dst_label, dst, document, props) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (d["type"], su["label"], su["key"], sv["label"], sv["key"], d["document"],
                        _dumps({k: x for k, x in d.items() if k != "type"})))
        db.execute("COMMIT")
    return folder


def exactly(g: nx.MultiDiGraph) -> tuple[list, list]:
    """A graph with every order kept: nodes and edges as written, each one's attributes in their order."""
    return ([(n, list(d.items())) for n, d in g.nodes(data=True)],
            [(u, v, k, list(d.items())) for u, v, k, d in g.edges(keys=True, data=True)])


def version(folder: Path) -> str:
    with closing(sqlite3.connect(folder / "store.sqlite")) as db:
        return db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()[0]


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory, examples_dir) -> Path:
    """A store of layout 3 of the sample documents (keyed by their 64-character sha256); copy it before changing it."""
    folder = tmp_path_factory.mktemp("layout") / "v3"
    res = run("ingest", str(examples_dir), "--store", str(folder), "--backend", "networkx", "-q", "-j", "1")
    assert res.exit_code == 0, res.output
    return folder


def _answers(folder: Path) -> list[str]:
    opts = ["--store", str(folder), "--backend", "networkx", "-f", "json"]
    out = [run(*cmd, *opts).stdout for cmd in (["leads"], ["leads", "-d", "财政"], ["tasks"], ["departments"], ["stats"])]
    assert all(out) and out[0] != "[]\n"
    return out


def test_a_document_key_is_stored_once_and_relationships_hold_numbers(examples_store):
    with closing(sqlite3.connect(examples_store / "store.sqlite")) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM documents")]
        assert len(keys) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", k) for k in keys)
        assert db.execute("SELECT count(*) FROM edges").fetchone()[0] > 100
        assert db.execute("SELECT count(*) FROM edges WHERE props LIKE '%document%'").fetchone()[0] == 0
        hexes = db.execute("SELECT count(*) FROM edges WHERE props GLOB '*[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]"
                           "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*'").fetchone()[0]
        assert hexes == 0
        for table, column in (("edges", "type"), ("edges", "src"), ("edges", "dst"), ("edges", "document"), ("node_documents", "document")):
            assert db.execute(f"SELECT DISTINCT typeof({column}) FROM {table}").fetchall() == [("integer",)], (table, column)


def test_the_rows_give_back_the_graph_that_went_in(examples_store, tmp_path):
    g = NetworkXStore(examples_store).graph()
    with NetworkXStore(tmp_path / "again") as st:  # the graph's documents written again give the same graph
        st.replace_documents([document_fragment(g, k) for k in documents_in(g)])
        assert snapshot(st.graph()) == snapshot(g)
    for _, _, d in g.edges(data=True):
        assert next(iter({k: v for k, v in d.items() if k != "type"})) == "document"  # back in front, where fragments put it
    rels = NetworkXStore(examples_store).relationships("LEADS")
    assert rels and all(r["document"] in documents_in(g) for r in rels)


def test_replace_and_remove_touch_only_their_rows(tmp_path):
    store = tmp_path / "s"
    with NetworkXStore(store) as st:
        st.replace_documents([A, B])
        st.replace_documents([A2])  # a2 replaces a1 (same path)
        assert snapshot(st.graph()) == snapshot(expected(A, B, A2))
        st.remove_documents(["b1"])
        want = expected(A, B, A2)
        from kg.graph.model import remove_document

        remove_document(want, "b1")
        assert snapshot(st.graph()) == snapshot(want)
    with closing(sqlite3.connect(store / "store.sqlite")) as db:
        assert [k for (k,) in db.execute("SELECT key FROM documents")] == ["a2"]  # the removed documents' numbers are gone
        assert db.execute("SELECT count(*) FROM node_documents WHERE document NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM edges WHERE document NOT IN (SELECT id FROM documents)").fetchone()[0] == 0


def test_a_relationship_stated_again_replaces_the_stored_one(tmp_path):
    changed = A.copy()
    for _, _, d in changed.edges(data=True):
        d["evidence"] = "又说了一遍"
    with closing(connect(tmp_path / "store.sqlite", write=True)) as db:
        rows = Rows(db)
        rows.add(A)
        n = db.execute("SELECT count(*) FROM edges").fetchone()[0]
        rows.add(changed)  # same ends, type and document: INSERT OR REPLACE
        assert db.execute("SELECT count(*) FROM edges").fetchone()[0] == n == A.number_of_edges()
        assert {r["evidence"] for r in rows.relationships("LEADS")} == {"又说了一遍"}


def test_a_reader_of_a_layout_2_store_is_told_how_to_convert_it(tmp_path, examples_store):
    old = write_v2(NetworkXStore(examples_store).graph(), tmp_path / "old")
    data = (old / "store.sqlite").read_bytes()
    with pytest.raises(StoreError, match=f"layout 2.*policykg repair --store {re.escape(str(old))}"):
        NetworkXStore(old).nodes("Task")
    res = run("leads", "--store", str(old), "--backend", "networkx")
    lines = res.stderr.strip().splitlines()
    assert res.exit_code == 1 and len(lines) == 1 and "layout 2" in lines[0] and f"policykg repair --store {old}" in lines[0], res.stderr
    assert (old / "store.sqlite").read_bytes() == data and version(old) == "2"  # a reader never writes


def test_a_writer_converts_a_layout_2_store_and_every_answer_stays(tmp_path, examples_store):
    source = NetworkXStore(examples_store).graph()
    old = write_v2(source, tmp_path / "old")
    with NetworkXStore(old) as st:
        st.replace_documents([A])  # the first write converts, then writes
    assert version(old) == "3"
    g = NetworkXStore(old).graph()
    want = source.copy()
    from kg.graph.model import replace_document

    replace_document(want, A)
    assert snapshot(g) == snapshot(want)
    assert exactly(g)[0][:source.number_of_nodes()] == exactly(source)[0]  # the converted nodes keep their order
    assert exactly(g)[1][:source.number_of_edges()] == exactly(source)[1]
    with NetworkXStore(old) as st:
        st.remove_documents(["a1"])
    assert exactly(NetworkXStore(old).graph()) == exactly(source)
    assert _answers(old) == _answers(examples_store)


def test_a_conversion_stopped_half_way_leaves_the_layout_2_store_whole(tmp_path, examples_store, monkeypatch):
    import kg.loaders.index as index

    old = write_v2(NetworkXStore(examples_store).graph(), tmp_path / "old")
    with closing(sqlite3.connect(old / "store.sqlite")) as db:
        before = [db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("nodes", "node_documents", "edges")]
    monkeypatch.setattr(index, "_CONVERT_2", (*index._CONVERT_2, "INSERT INTO no_such_table VALUES (1)"))
    with pytest.raises(StoreError), NetworkXStore(old) as st:
        st.replace_documents([A])
    assert version(old) == "2"
    with closing(sqlite3.connect(old / "store.sqlite")) as db:
        assert [db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("nodes", "node_documents", "edges")] == before
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('documents', 'types', 'edges_3')").fetchone()[0] == 0


def test_repair_converts_a_layout_2_store_and_gives_the_space_back(tmp_path, examples_store):
    old = write_v2(NetworkXStore(examples_store).graph(), tmp_path / "old")
    size = (old / "store.sqlite").stat().st_size
    res = run("repair", "--store", str(old))
    assert res.exit_code == 0 and res.stderr.startswith("converted"), res.stderr
    assert version(old) == "3" and (old / "store.sqlite").stat().st_size < size * 0.6
    assert exactly(NetworkXStore(old).graph()) == exactly(NetworkXStore(examples_store).graph())
    assert _answers(old) == _answers(examples_store)
    assert run("repair", "--store", str(old)).stderr.startswith("checked")  # once


def _copy(folder: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(folder, to)
    return to


@pytest.mark.parametrize("layout", ["3", "2"])
def test_salvage_keeps_every_row_of_the_tables_left_whole(tmp_path, examples_store, layout):
    """Only indexes damaged: every node and relationship comes through, as layout 3, with the same answers."""
    if layout == "3":
        store = _copy(examples_store, tmp_path / "s")
        damage(store, "edges_type_src", "nodes_key", "edges_document")
    else:
        store = write_v2(NetworkXStore(examples_store).graph(), tmp_path / "s")
        damage(store, "edges_type_src", "edges_document")
    assert run("leads", "--store", str(store), "--backend", "networkx").exit_code == 1
    res = run("repair", "--store", str(store))
    assert res.exit_code == 0 and res.stderr.startswith("salvaged"), res.stderr
    assert version(store) == "3"
    assert exactly(NetworkXStore(store).graph()) == exactly(NetworkXStore(examples_store).graph())
    assert _answers(store) == _answers(examples_store)


def test_salvage_drops_what_lost_its_nodes(tmp_path, examples_store):
    store = _copy(examples_store, tmp_path / "s")
    damage(store, "nodes")
    res = run("repair", "--store", str(store))
    assert res.exit_code == 0 and res.stderr.startswith("salvaged"), res.stderr
    with closing(sqlite3.connect(store / "store.sqlite")) as db:
        assert db.execute("SELECT count(*) FROM edges WHERE src NOT IN (SELECT id FROM nodes) OR dst NOT IN (SELECT id FROM nodes)").fetchone()[0] == 0
    NetworkXStore(store).graph()  # readable
    stats = json.loads(run("stats", "--store", str(store), "--backend", "networkx", "-f", "json").stdout)
    assert sum(stats["relationships"].values()) < sum(json.loads(_answers(examples_store)[4])["relationships"].values())


def _indexes(folder: Path) -> set[str]:
    with closing(sqlite3.connect(folder / "store.sqlite")) as db:
        return {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_write_gives_the_store_its_index_of_department_names(tmp_path, examples_store):
    assert "nodes_department_name" in _indexes(examples_store)
    with closing(sqlite3.connect(examples_store / "store.sqlite")) as db:  # the question reads the index, not the rows
        plan = " ".join(r[-1] for r in db.execute("EXPLAIN QUERY PLAN SELECT key, json_extract(props, '$.name') "
                                                  "FROM nodes INDEXED BY nodes_department_name WHERE label = 'Department'"))
    assert "nodes_department_name" in plan
    store = tmp_path / "new"
    with NetworkXStore(store) as st:
        st.replace_documents([A])
    assert "nodes_department_name" in _indexes(store)
    assert NetworkXStore(store).names("Department") == {k: n for k, n in sorted(
        (d["key"], d["name"]) for d in NetworkXStore(store).nodes("Department"))}


def test_a_store_without_the_index_answers_the_same_and_gains_it_on_its_next_write(tmp_path, examples_store, capsys):
    old = _copy(examples_store, tmp_path / "old")
    with closing(sqlite3.connect(old / "store.sqlite")) as db:
        db.execute("DROP INDEX nodes_department_name")
    assert "nodes_department_name" not in _indexes(old)
    assert _answers(old) == _answers(examples_store)  # a reader reads the rows instead
    assert NetworkXStore(old).names("Department") == NetworkXStore(examples_store).names("Department")
    with NetworkXStore(old) as st:
        st.replace_documents([A])
        st.remove_documents(["a1"])
    assert "nodes_department_name" in _indexes(old)
    assert "note:" not in capsys.readouterr().err  # a small store gains it without a word
    assert _answers(old) == _answers(examples_store)


def test_adding_the_index_to_a_big_store_is_announced_once(tmp_path, examples_store, monkeypatch, capsys):
    import kg.loaders.index as index

    old = _copy(examples_store, tmp_path / "old")
    with closing(sqlite3.connect(old / "store.sqlite")) as db:
        db.execute("DROP INDEX nodes_department_name")
    monkeypatch.setattr(index, "_BIG", 10)  # the samples' store, counted as big
    connect(old / "store.sqlite", write=True).close()
    assert capsys.readouterr().err.count("note: adding an index of department names") == 1
    connect(old / "store.sqlite", write=True).close()
    assert capsys.readouterr().err == ""


def test_repair_gives_a_healthy_store_the_indexes_it_lacks(tmp_path, examples_store):
    old = _copy(examples_store, tmp_path / "old")
    with closing(sqlite3.connect(old / "store.sqlite")) as db:
        db.execute("DROP INDEX nodes_department_name")
    res = run("repair", "--store", str(old))
    assert res.exit_code == 0 and res.stderr.startswith("indexed"), res.stderr
    assert _indexes(old) == _indexes(examples_store)
    assert _answers(old) == _answers(examples_store)
    res = run("repair", "--store", str(old))  # nothing left to do
    assert res.exit_code == 0 and res.stderr.startswith("checked"), res.stderr
