"""Exports: GraphML, node-link JSON, CSV zip, and the xlsx task-division ledger."""
import csv
import io
import json
import zipfile

import networkx as nx
import openpyxl
import pytest

from kg.export import export, ledger_rows


@pytest.fixture(scope="module")
def graph(examples_graph):
    return examples_graph.copy()


def test_ledger_has_one_row_per_task_with_all_units(graph, tmp_path):
    path = export(graph, tmp_path / "ledger.xlsx", format="xlsx")
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["任务", "所属章节", "牵头单位", "责任单位"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    tasks = [n for n, d in graph.nodes(data=True) if d["label"] == "Task"]
    assert len(rows) == len(tasks)
    for r in rows:
        assert r[0] and r[2] and r[5]  # a title, at least one lead, the document
    xishui = [r for r in rows if r[0] == "发展医药健康产业"]
    assert len(xishui) == 1
    assert sorted(n[-5:] for n in xishui[0][2].split("、")) == ["卫生健康局", "和信息化局"]
    assert len(xishui[0][3].split("、")) == 4


def test_graphml_json_and_csv_read_back(graph, tmp_path):
    g2 = nx.read_graphml(export(graph, tmp_path / "g.graphml", format="graphml"))
    assert g2.number_of_nodes() == graph.number_of_nodes()
    assert g2.number_of_edges() == graph.number_of_edges()
    data = json.loads(export(graph, tmp_path / "g.json", format="json").read_text("utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    with zipfile.ZipFile(export(graph, tmp_path / "g.zip", format="csv")) as z:
        nodes = list(csv.reader(io.StringIO(z.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.reader(io.StringIO(z.read("edges.csv").decode("utf-8"))))
    assert len(nodes) == graph.number_of_nodes() + 1
    assert len(edges) == graph.number_of_edges() + 1


def test_ledger_rows_match_the_graph_relations(graph):
    rows = ledger_rows(graph)
    leads = sum(len(r["lead"]) for r in rows)
    assert leads == sum(1 for *_, t in graph.edges(data="type") if t == "LEADS")


def test_unknown_format_is_refused(graph, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export(graph, tmp_path / "x", format="pdf")
