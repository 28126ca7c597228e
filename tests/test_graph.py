"""The graph model: fragments, replacing and removing one document's facts."""
import networkx as nx
import pytest

from kg.read.document import Document
from kg.extract.document import extract
from kg.graph.model import document_fragment, document_key, documents_in, fragment, remove_document, replace_document


def _full_scan_remove(graph: nx.MultiDiGraph, dkey: str) -> None:
    """The rule stated plainly, by scanning everything."""
    graph.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data="document") if d == dkey])
    for n, docs in list(graph.nodes(data="documents")):
        if dkey in (docs or []):
            rest = [d for d in docs if d != dkey]
            if rest:
                graph.nodes[n]["documents"] = rest
            else:
                graph.remove_node(n)


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and sorted(a.edges(keys=True, data=True), key=str) == sorted(b.edges(keys=True, data=True), key=str)


@pytest.fixture(scope="module")
def graph(examples_graph, examples_dir):
    g = examples_graph.copy()
    # a second document naming some of the same units
    copy = Document("/policykg-test/copy.txt", (examples_dir / "xishui_2024_tasks.txt").read_text("utf-8")[:900])
    replace_document(g, fragment(extract(copy), copy))
    return g


def test_removing_a_document_equals_the_full_scan_rule(graph):
    for dkey in [d["key"] for _, d in graph.nodes(data=True) if d["label"] == "Document"]:
        fast, slow = graph.copy(), graph.copy()
        remove_document(fast, dkey)
        _full_scan_remove(slow, dkey)
        assert _same(fast, slow), dkey
        assert not any(d == dkey for *_, d in fast.edges(data="document"))


def test_units_another_document_states_stay(graph, examples_dir):
    g = graph.copy()
    remove_document(g, document_key(str(examples_dir / "xishui_2024_tasks.txt")))
    shared = [d for _, d in g.nodes(data=True) if d["label"] == "Department" and d["name"].endswith("县经济和信息化局")]
    assert shared and shared[0]["documents"] == ["/policykg-test/copy.txt"]


def test_replacing_with_the_same_fragment_changes_nothing(graph, examples_dir):
    g = graph.copy()
    p = examples_dir / "yingcheng_2023_plan_traditional.txt"
    doc = Document(str(p), p.read_text("utf-8"))
    replace_document(g, fragment(extract(doc), doc))
    assert _same(g, graph)


def test_every_document_cut_back_out_rebuilds_the_graph(graph):
    rebuilt = nx.MultiDiGraph()
    for dkey in sorted(documents_in(graph)):
        frag = document_fragment(graph, dkey)
        assert {d for *_, d in frag.edges(data="document")} == {dkey}
        replace_document(rebuilt, frag)
    assert _same(rebuilt, graph)
    assert document_fragment(graph, "/no/such/document.txt").number_of_nodes() == 0


def test_parallel_ingest_gives_the_same_store_whatever_the_number_of_processes(tmp_path, examples_dir):
    from kg.ingest import ingest
    from kg.loaders.networkx_store import NetworkXStore, write_graph

    files = []
    for i in range(3):  # a few copies, so two processes really share the work
        for p in sorted(examples_dir.glob("*.txt")):
            files.append(tmp_path / "docs" / f"{i}_{p.name}")
            files[-1].parent.mkdir(exist_ok=True)
            files[-1].write_bytes(p.read_bytes() + b"\n" * i)  # another document each (a copy would be skipped)
    stored = []
    for jobs in (1, 2):
        with NetworkXStore(tmp_path / f"store{jobs}") as st:
            report = ingest([tmp_path / "docs"], st, jobs=jobs, batch=4)
            write_graph(st.graph(), tmp_path / f"graph{jobs}.json")
        assert len(report.ingested) == len(files) and not report.errors
        stored.append((tmp_path / f"graph{jobs}.json").read_bytes())
    assert stored[0] == stored[1]
