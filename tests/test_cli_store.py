"""The CLI over both stores: the corpus ingested over Bolt and into the embedded store gives the
same answers; re-ingesting changes nothing; an edited document changes only its own facts."""
import json
import os
import shutil

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.bolt import falkordb as falkordb_server

runner = CliRunner()


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    with falkordb_server(tmp_path_factory, "falkordb-cli") as server:  # its own server: FalkorDB keeps one graph per server
        yield server


def _backends(falkordb, tmp_path):
    out = {"networkx": ["--backend", "networkx", "--store", str(tmp_path / "store")],
           "falkordb": ["--backend", "neo4j", "--uri", falkordb.uri]}
    if os.environ.get("NEO4J_URI"):  # the same checks against a real Neo4j where one is configured
        out["neo4j"] = ["--backend", "neo4j", "--uri", os.environ["NEO4J_URI"]]
    return out


def run(*args: str):
    res = runner.invoke(app, list(args))
    return res


def _wipe(opts):
    if "--uri" in opts:
        res = run("query", "MATCH (n) DETACH DELETE n", "--write", *opts)
        assert res.exit_code == 0, res.output


def test_both_backends_answer_alike_and_reingest_changes_nothing(falkordb, tmp_path, shared_dir, examples_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(shared_dir / "corpus", corpus, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(examples_dir / "xishui_2024_tasks.txt", corpus)
    n_docs = len(list(corpus.iterdir()))
    answers = {}
    for name, opts in _backends(falkordb, tmp_path).items():
        _wipe(opts)
        res = run("ingest", str(corpus), *opts)
        assert res.exit_code == 0, res.output
        leads = run("leads", "--format", "json", *opts)
        stats = run("stats", "--format", "json", *opts)
        answers[name] = (json.loads(leads.stdout), json.loads(stats.stdout))
        again = run("ingest", str(corpus), *opts)
        assert f"ingested 0, unchanged {n_docs}," in again.stderr
        forced = run("ingest", str(corpus), "--force", *opts)
        assert forced.exit_code == 0
        assert json.loads(run("stats", "--format", "json", *opts).stdout) == answers[name][1]
        assert json.loads(run("leads", "--format", "json", *opts).stdout) == answers[name][0]
    first = next(iter(answers.values()))
    for name, got in answers.items():
        assert got == first, name
    leads, stats = first
    # the leads table and the store's counts agree: one LEADS relationship per lead unit of a task
    assert stats["relationships"]["LEADS"] == sum(len(r["lead"]) for r in leads) > 0
    # each task once, with all its units and its document's jurisdiction
    ech = [r for r in leads if r["document"] == "002_345fd75f9cf043fb.txt"]
    assert len(ech) == 14 and all(r["jurisdiction"] == "湖北省鄂州市鄂城区" for r in ech)


def test_leads_filters_by_department_in_either_script(tmp_path, shared_dir):
    opts = ["--backend", "networkx", "--store", str(tmp_path / "s")]
    assert run("ingest", str(shared_dir / "corpus" / "002_345fd75f9cf043fb.txt"), *opts).exit_code == 0
    rows = json.loads(run("leads", "--department", "发展改革", "--format", "json", *opts).stdout)
    trad = json.loads(run("leads", "--department", "發展改革", "--format", "json", *opts).stdout)
    assert rows == trad and len(rows) >= 7
    led = [r for r in rows if any("发展改革和经济信息化局" in u for u in r["lead"])]
    assert {r["task"] for r in led} >= {"推行产业链长制", "推动老树发新芽", "加速重点项目建设"}
    assert all(r["responsible"] for r in led)


def test_an_edited_document_changes_only_its_own_facts(falkordb, tmp_path, examples_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("xishui_2024_tasks.txt", "xian_district_2022_ledger.txt"):
        shutil.copy(examples_dir / name, docs)
    for name, opts in _backends(falkordb, tmp_path).items():
        _wipe(opts)
        assert run("ingest", str(docs), *opts).exit_code == 0
        before = json.loads(run("leads", "--format", "json", *opts).stdout)
        path = docs / "xishui_2024_tasks.txt"
        text = path.read_text("utf-8")
        path.write_text(text.replace("（牵头单位：县招商服务中心；责任单位：县直各部门，各镇、街道）", ""), "utf-8")
        res = run("ingest", str(docs), *opts)
        assert "ingested 1, unchanged 1" in res.stderr, res.stderr
        after = json.loads(run("leads", "--format", "json", *opts).stdout)
        gone = [r for r in before if r not in after]
        assert [r["task"] for r in gone] == ["强化招商引资"], name
        assert [r for r in after if r["document"] != "xishui_2024_tasks.txt"] == [r for r in before if r["document"] != "xishui_2024_tasks.txt"]
        depts = {r["department"] for r in json.loads(run("departments", "--format", "json", *opts).stdout)}
        assert "浠水县直各部门" not in depts  # only that task named it
        path.write_text(text, "utf-8")


def test_bad_input_is_reported_and_the_rest_is_ingested(tmp_path, examples_dir):
    opts = ["--backend", "networkx", "--store", str(tmp_path / "s")]
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = run("ingest", str(examples_dir / "xishui_2024_tasks.txt"), str(empty), str(tmp_path / "missing.txt"), *opts)
    assert res.exit_code == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and any("empty.txt" in e for e in errors) and any("missing.txt" in e for e in errors)
    assert json.loads(run("stats", "--format", "json", *opts).stdout)["nodes"]["Document"] == 1


def test_unreachable_neo4j_fails_with_the_uri_and_writes_nothing(tmp_path, examples_dir):
    from tests.bolt import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    res = run("ingest", str(examples_dir), "--backend", "neo4j", "--uri", uri)
    assert res.exit_code == 1
    assert uri in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_query_is_read_only_unless_write(tmp_path, examples_dir):
    opts = ["--backend", "networkx", "--store", str(tmp_path / "s")]
    run("ingest", str(examples_dir), *opts)
    res = run("query", "MATCH (d:Department) DETACH DELETE d", *opts)
    assert res.exit_code == 1 and "write query refused" in res.stderr
    res = run("query", "MATCH (t:Task) RETURN count(t) AS n", "--format", "json", *opts)
    assert json.loads(res.stdout) == [{"n": 16}]


def test_view_and_export_from_the_cli(tmp_path, examples_dir):
    opts = ["--backend", "networkx", "--store", str(tmp_path / "s")]
    run("ingest", str(examples_dir), *opts)
    res = run("view", "--department", "财政局", "-o", str(tmp_path / "v.html"), *opts)
    assert res.exit_code == 0 and (tmp_path / "v.html").stat().st_size > 10_000
    res = run("view", "--department", "没有这个单位", "-o", str(tmp_path / "w.html"), *opts)
    assert res.exit_code == 1 and res.stderr.startswith("error:")
    res = run("export", "--format", "xlsx", "-o", str(tmp_path / "l.xlsx"), *opts)
    assert res.exit_code == 0 and (tmp_path / "l.xlsx").exists()


def test_a_crafted_parameter_cannot_wipe_the_bolt_graph(falkordb, tmp_path, examples_dir):
    """The map-key injection that once emptied a FalkorDB graph through a read-only query."""
    opts = ["--backend", "neo4j", "--uri", falkordb.uri]
    _wipe(opts)
    assert run("ingest", str(examples_dir), *opts).exit_code == 0
    before = json.loads(run("stats", "--format", "json", *opts).stdout)
    assert before["nodes"]["Task"] > 0
    res = run("query", "RETURN $m AS m", "--param", 'm={"a: 1} MATCH (n) DETACH DELETE n RETURN 1 AS m //": 1}', *opts)
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1 and "plain name" in res.stderr
    assert json.loads(run("stats", "--format", "json", *opts).stdout) == before
