"""The analysts' questions on the ingested reference corpus, asked in Cypher on every store.

The corpus is extracted once per session; each store (the embedded engine and a FalkorDB
Bolt server, as in tests/test_stores.py) is loaded with the same fragments and asked the
same questions: which counties develop which industries (each row with its evidence),
whether each task's first-ranked lead is the lead written first, and whether every
property that ``schema/graph.toml`` declares is carried by some node or relationship.
"""
from __future__ import annotations

import pytest

import kg.schema as _schema
from kg.loaders.networkx_store import NetworkXStore

# What every relationship carries, beyond what its type declares
_PROVENANCE = ("document",)


@pytest.fixture(scope="session")
def corpus(shared_dir):
    """Each reference document's extraction and fragment."""
    from kg.extract.document import extract
    from kg.graph.model import fragment
    from kg.read import read

    out = []
    for p in sorted((shared_dir / "corpus").glob("*.txt")):
        doc = read(str(p))
        x = extract(doc)
        out.append((x, fragment(x, doc)))
    return out


@pytest.fixture(scope="session")
def corpus_fragments(corpus):
    return [frag for _, frag in corpus]


@pytest.fixture(params=["networkx", "falkordb"])
def corpus_store(request, tmp_path, corpus_fragments):
    if request.param == "networkx":
        st = NetworkXStore(tmp_path / "store")
    else:
        from kg.loaders.neo4j_store import Neo4jStore

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


def _first_written_leads(corpus) -> dict[str, str]:
    """Task key -> the name of the lead unit whose mention comes first in the document (from the extraction)."""
    first: dict[str, tuple[int, str]] = {}
    for x, _ in corpus:
        ents = {e.id: e for e in x.entities}
        for r in x.relations:
            if r.type == "LEADS":
                unit, task = ents[r.source], ents[r.target].attrs["key"]
                first[task] = min(first.get(task, (unit.start, unit.name)), (unit.start, unit.name))
    return {task: name for task, (_, name) in first.items()}


def test_the_first_ranked_lead_of_each_task_is_the_lead_written_first(corpus_store, corpus):
    rows = corpus_store.query("MATCH (d:Department)-[r:LEADS]->(t:Task) RETURN t.key AS task, d.name AS unit, r.rank AS rank")
    assert rows and all(isinstance(r["rank"], int) and r["rank"] >= 1 for r in rows)
    first_ranked: dict[str, tuple[int, str]] = {}
    for r in rows:
        first_ranked[r["task"]] = min(first_ranked.get(r["task"], (r["rank"], r["unit"])), (r["rank"], r["unit"]))
    assert {task: unit for task, (_, unit) in first_ranked.items()} == _first_written_leads(corpus)


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
