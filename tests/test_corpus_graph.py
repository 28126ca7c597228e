"""The analysts' questions on the ingested reference corpus, asked in Cypher on every store.

The corpus is extracted once per session; each store (the embedded engine and a FalkorDB
Bolt server, as in tests/test_stores.py) is loaded with the same fragments and asked the
same questions: which counties develop which industries (each row with its evidence),
whether each task's first-ranked lead is the lead written first, and whether every
property that ``schema/graph.toml`` declares is carried by some node or relationship.
"""
from __future__ import annotations

import pytest

import schema as _schema
from loaders.networkx_store import NetworkXStore
from tests.bolt import bolt_server  # noqa: F401  (fixture)

# What every relationship carries, beyond what its type declares
_PROVENANCE = ("document",)


@pytest.fixture(scope="session")
def corpus_fragments(shared_dir):
    from kg.extract import extract
    from kg.graph import fragment
    from kg.read import read

    frags = []
    for p in sorted((shared_dir / "corpus").glob("*.txt")):
        doc = read(str(p))
        frags.append(fragment(extract(doc), doc))
    return frags


@pytest.fixture(params=["networkx", "falkordb"])
def corpus_store(request, tmp_path, corpus_fragments):
    if request.param == "networkx":
        st = NetworkXStore(tmp_path / "store")
    else:
        from loaders.neo4j_store import Neo4jStore

        st = Neo4jStore(request.getfixturevalue("bolt_server").uri)
        st.query("MATCH (n) DETACH DELETE n", write=True)
    st.replace_documents(corpus_fragments)
    yield st
    if request.param != "networkx":
        st.query("MATCH (n) DETACH DELETE n", write=True)
    st.close()


def test_counties_with_their_industries_each_with_evidence(corpus_store):
    rows = corpus_store.query(
        "MATCH (c:County)-[r:DEVELOPS]->(i:Industry) "
        "RETURN c.name AS county, i.name AS industry, r.evidence AS evidence, r.document AS document, r.start AS start, r.end AS end"
    )
    assert rows
    assert all(r["evidence"] and r["document"] and r["start"] < r["end"] for r in rows)
    assert len({r["county"] for r in rows}) > 1


def test_the_first_ranked_lead_of_each_task_is_the_lead_written_first(corpus_store):
    rows = corpus_store.query("MATCH (d:Department)-[r:LEADS]->(t:Task) RETURN t.key AS task, r.rank AS rank, r.start AS start")
    assert rows
    by_task: dict[str, list[tuple[int, int]]] = {}
    for r in rows:
        by_task.setdefault(r["task"], []).append((r["rank"], r["start"]))
    for task, leads in by_task.items():
        assert all(isinstance(rank, int) and rank >= 1 for rank, _ in leads), task
        first_ranked = min(leads)[1]
        assert first_ranked == min(start for _, start in leads), task


def test_no_declared_property_is_left_unfilled(corpus_store):
    sch = _schema.load()
    unfilled = []
    for label, lab in sch.labels.items():
        for prop in lab.properties:
            n = corpus_store.query(f"MATCH (n:{label}) WHERE n.{prop} IS NOT NULL RETURN count(n) AS n")[0]["n"]
            if not n:
                unfilled.append(f"{label}.{prop}")
    for rtype, rel in sch.relationships.items():
        for prop in (*_PROVENANCE, *rel.properties):
            n = corpus_store.query(f"MATCH ()-[r:{rtype}]->() WHERE r.{prop} IS NOT NULL RETURN count(r) AS n")[0]["n"]
            if not n:
                unfilled.append(f"{rtype}.{prop}")
    assert unfilled == []
