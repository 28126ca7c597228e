"""Exports: GraphML, node-link JSON, CSV zip, and the xlsx task-division ledger."""
import csv
import io
import json
import zipfile

import networkx as nx
import openpyxl
import pytest

from kg.questions.export import export, ledger_rows
from kg.text.script import to_simplified


@pytest.fixture(scope="module")
def graph(examples_graph):
    return examples_graph.copy()


def test_ledger_has_one_row_per_task_with_all_units(graph, tmp_path):
    path = export(graph, tmp_path / "ledger.xlsx", format="xlsx")
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header == ["序号", "任务", "任务内容", "所属章节", "牵头单位", "责任单位", "完成时限", "来源文件", "文号", "发文辖区", "进展情况", "备注"]
    col = {h: i for i, h in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    tasks = [n for n, d in graph.nodes(data=True) if d["label"] == "Task"]
    assert len(rows) == len(tasks)
    assert [r[col["序号"]] for r in rows] == list(range(1, len(rows) + 1))
    for r in rows:
        assert r[col["任务"]] and r[col["牵头单位"]] and r[col["来源文件"]]  # a title, at least one lead, the document
        assert to_simplified(r[col["任务内容"]]).startswith(r[col["任务"]][:4])  # the task's own text, in the document's script
        assert r[col["进展情况"]] is None and r[col["备注"]] is None  # for the office to fill in
    xishui = [r for r in rows if r[col["任务"]] == "发展医药健康产业"]
    assert len(xishui) == 1
    # in the order the document lists them: （牵头单位：县卫生健康局、县经济和信息化局；…）
    assert [n[-5:] for n in xishui[0][col["牵头单位"]].split("、")] == ["卫生健康局", "和信息化局"]
    resp = xishui[0][col["责任单位"]].split("、")
    assert len(resp) == 4 and resp[:2] == ["浠水县市场监督管理局", "浠水县科技局"]  # 责任单位：县市场监督管理局、县科技局，各镇、街道
    assert xishui[0][col["文号"]] == "浠政办发〔2024〕6号"
    assert xishui[0][col["来源文件"]].startswith("浠水县人民政府办公室关于印发")
    assert "任务内容" in header and "支持中医药" in xishui[0][col["任务内容"]]


def test_ledger_is_set_up_for_office_use_and_printing(graph, tmp_path):
    wb = openpyxl.load_workbook(export(graph, tmp_path / "ledger.xlsx"))
    ws = wb.active
    assert ws.title == "任务分工台账"
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:L{ws.max_row}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert all(c.alignment.wrap_text for c in ws[2])


def test_format_follows_the_extension(graph, tmp_path):
    for name, check in (("g.graphml", lambda p: nx.read_graphml(p)), ("g.json", lambda p: json.loads(p.read_text("utf-8"))),
                        ("g.zip", zipfile.ZipFile), ("g.xlsx", openpyxl.load_workbook)):
        check(export(graph, tmp_path / name))
    assert json.loads(export(graph, tmp_path / "g.data", format="json").read_text("utf-8"))["nodes"]
    with pytest.raises(ValueError, match="name it .zip"):
        export(graph, tmp_path / "g.csv")
    assert not (tmp_path / "g.csv").exists()


def test_csv_is_what_neo4j_admin_imports_and_excel_reads(graph, tmp_path):
    with zipfile.ZipFile(export(graph, tmp_path / "g.zip")) as z:
        raw_nodes, raw_edges = z.read("nodes.csv"), z.read("edges.csv")
    assert raw_nodes.startswith(b"\xef\xbb\xbf") and raw_edges.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    nodes = list(csv.reader(io.StringIO(raw_nodes.decode("utf-8-sig"))))
    edges = list(csv.reader(io.StringIO(raw_edges.decode("utf-8-sig"))))
    assert nodes[0][:2] == ["id:ID", ":LABEL"] and edges[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "documents:string[]" in nodes[0] and "year:int" in nodes[0]
    ids = {r[0] for r in nodes[1:]}
    assert len(ids) == graph.number_of_nodes()
    assert all(r[0] in ids and r[1] in ids for r in edges[1:])  # every relationship's ends are nodes
    labels = {r[1] for r in nodes[1:]}
    assert labels == {d["label"] for _, d in graph.nodes(data=True)}
    year = nodes[0].index("year:int")
    assert all(r[year] == "" or r[year].isdigit() for r in nodes[1:])


def test_exports_get_the_users_file_mode(graph, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        path = export(graph, tmp_path / "g.json")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_graphml_json_and_csv_read_back(graph, tmp_path):
    g2 = nx.read_graphml(export(graph, tmp_path / "g.graphml", format="graphml"))
    assert g2.number_of_nodes() == graph.number_of_nodes()
    assert g2.number_of_edges() == graph.number_of_edges()
    data = json.loads(export(graph, tmp_path / "g.json", format="json").read_text("utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    with zipfile.ZipFile(export(graph, tmp_path / "g.zip", format="csv")) as z:
        nodes = list(csv.reader(io.StringIO(z.read("nodes.csv").decode("utf-8-sig"))))
        edges = list(csv.reader(io.StringIO(z.read("edges.csv").decode("utf-8-sig"))))
    assert len(nodes) == graph.number_of_nodes() + 1
    assert len(edges) == graph.number_of_edges() + 1


def test_ledger_rows_match_the_graph_relations(graph):
    rows = ledger_rows(graph)
    leads = sum(len(r["lead"]) for r in rows)
    assert leads == sum(1 for *_, t in graph.edges(data="type") if t == "LEADS")


def test_unknown_format_is_refused(graph, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export(graph, tmp_path / "x", format="pdf")
