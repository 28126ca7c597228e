"""Units come out in the order the document lists them, on every store and in every output.

The document is written so that the written order is not the order of character codes
(发 < 住 and 财 > 商 as code points), so a sort by name cannot pass these tests.
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.questions import query
from kg.cli import app
from kg.read.document import Document
from kg.questions.export import ledger_rows
from kg.extract.document import extract
from kg.graph.model import fragment
from kg.loaders.networkx_store import NetworkXStore

runner = CliRunner()

TEXT = ("浠水县人民政府关于印发浠水县产业发展方案的通知\n"
        "1.推进园区建设。加快标准厂房建设。（牵头单位：县住建局、县发改局；责任单位：县财政局、县商务局；指导单位：黄冈市经信局）\n"
        "2.优化营商环境。深化改革。（县发改局、县住建局负责，县财政局、县商务局配合）\n")
WRITTEN = {
    "推进园区建设": (["浠水县住建局", "浠水县发改局"], ["浠水县财政局", "浠水县商务局"], ["黄冈市经信局"]),
    "优化营商环境": ([], ["浠水县发改局", "浠水县住建局", "浠水县财政局", "浠水县商务局"], []),
}


@pytest.fixture(params=["networkx", "falkordb"])
def store(request, tmp_path):
    doc = Document(str(tmp_path / "plan.txt"), TEXT)
    frag = fragment(extract(doc), doc)
    if request.param == "networkx":
        st = NetworkXStore(tmp_path / "store")
    else:
        from kg.loaders.neo4j_store import Neo4jStore

        st = Neo4jStore(request.getfixturevalue("bolt_server").uri)
        st.query("MATCH (n) DETACH DELETE n", write=True)
    st.replace_documents([frag])
    yield st
    if request.param != "networkx":
        st.query("MATCH (n) DETACH DELETE n", write=True)
    st.close()


def test_leads_lists_units_as_written(store):
    got = {r["task"]: (r["lead"], r["responsible"], r["guide"]) for r in query.leads(store)}
    assert got == WRITTEN


def test_the_ledger_lists_units_as_written(store):
    got = {r["task"]: (r["lead"], r["responsible"]) for r in ledger_rows(store.graph())}
    assert got == {task: (lead, resp) for task, (lead, resp, _) in WRITTEN.items()}


def test_cypher_orders_by_rank(store):
    rows = store.query("MATCH (d:Department)-[r:LEADS|RESPONSIBLE_FOR|GUIDES]->(t:Task) WHERE t.title = $t "
                       "RETURN d.name AS unit ORDER BY r.rank", {"t": "推进园区建设"})
    lead, resp, guide = WRITTEN["推进园区建设"]
    assert [r["unit"] for r in rows] == [*lead, *resp, *guide]


def test_json_and_csv_of_the_cli_keep_the_order(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(TEXT, "utf-8")
    base = ["--store", str(tmp_path / "s"), "--backend", "networkx"]
    assert runner.invoke(app, ["ingest", str(doc), *base, "-j", "1", "-q"]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["leads", *base, "-f", "json"]).stdout)
    assert {r["task"]: (r["lead"], r["responsible"], r["guide"]) for r in rows} == WRITTEN
    csv = runner.invoke(app, ["leads", *base, "-f", "csv"]).stdout.splitlines()
    assert csv[0].split(",")[:3] == ["task", "lead", "responsible"]
    assert any(line.startswith("推进园区建设,浠水县住建局、浠水县发改局,浠水县财政局、浠水县商务局,") for line in csv)



def test_a_task_in_a_view_lists_its_units_as_written(tmp_path):
    import re

    from kg.questions.view import render

    doc = Document(str(tmp_path / "plan.txt"), TEXT)
    out = tmp_path / "v.html"
    render(fragment(extract(doc), doc), out, document="plan")
    nodes = json.loads(re.search(r"var nodeData = (\[.*?\]);\n", out.read_text("utf-8")).group(1))
    tips = {n["title"].splitlines()[0]: n["title"] for n in nodes if n.get("kind") == "Task"}
    tip = tips["任务：优化营商环境"]
    assert "责任单位：浠水县发改局、浠水县住建局、浠水县财政局、浠水县商务局" in tip
    assert "牵头单位：浠水县住建局、浠水县发改局" in tips["任务：推进园区建设"]
    assert "指导单位：黄冈市经信局" in tips["任务：推进园区建设"]
