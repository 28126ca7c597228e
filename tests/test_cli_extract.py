"""`policykg extract`: the contract on stdout, one clear error line per bad document on stderr."""
import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_extract_prints_one_contract_object_per_document(examples_dir):
    files = sorted(str(p) for p in examples_dir.glob("*.txt"))
    res = runner.invoke(app, ["extract", *files, "--format", "json"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert len(lines) == len(files)
    for path, line in zip(files, lines):
        obj = json.loads(line)
        assert obj["document"]["path"] == path
        assert obj["document"]["script"] in ("simplified", "traditional")
        labels = {e["label"] for e in obj["entities"]}
        assert {"Task", "Department"} <= labels
        types = {r["type"] for r in obj["relations"]}
        assert {"LEADS", "RESPONSIBLE_FOR"} <= types
        text = Path(path).read_text("utf-8")
        ents = {e["id"]: e for e in obj["entities"]}
        for r in obj["relations"]:
            assert r["evidence"]
            if r["type"] in ("LEADS", "RESPONSIBLE_FOR"):
                # the clause that names the unit, not the whole task, and where it says it is
                unit = ents[r["source"]]
                assert unit["start"] >= r["start"] and unit["end"] <= r["end"], (r, unit)
                assert text[r["start"] : r["end"]].strip() == r["evidence"]
                assert "。" not in r["evidence"].rstrip("。"), r["evidence"]


def test_traditional_sample_keeps_its_script_in_text(examples_dir):
    res = runner.invoke(app, ["extract", str(examples_dir / "yingcheng_2023_plan_traditional.txt")])
    obj = json.loads(res.stdout)
    assert obj["document"]["script"] == "traditional"
    depts = [e for e in obj["entities"] if e["label"] == "Department"]
    assert any(e["text"] == "市經濟和信息化局" for e in depts)


def test_bad_documents_get_one_line_each_and_the_rest_still_print(tmp_path, examples_dir):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    missing = tmp_path / "missing.txt"
    good = str(examples_dir / "xishui_2024_tasks.txt")
    res = runner.invoke(app, ["extract", str(empty), good, str(missing)])
    assert res.exit_code == 2
    assert len(res.stdout.strip().splitlines()) == 1
    errors = [l for l in res.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 2
    assert str(empty) in errors[0] and "empty" in errors[0]
    assert str(missing) in errors[1]


def test_every_command_has_help_with_an_example():
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0, name
        assert "Example:" in res.stdout, f"{name} --help lacks an example"


def test_explain_says_which_container_and_rule_gave_each_unit(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "一、重点任务\n"
        "(一)推进园区建设。加快标准厂房建设。(牵头单位:县发改局;责任单位:县财政局)\n"
        "(二)优化营商环境。深化改革。(县政务服务局、县司法局负责,排在第一位的为牵头单位)\n"
        "序号 | 主要任务 | 牵头单位 | 配合单位 |\n"
        "1 | 保障项目用地 | 县自然资源局 | 各乡镇 |\n"
        "第五条 补贴资金由县财政局会同县农业农村局按季度拨付。\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["extract", str(doc), "--explain", "--format", "json"])
    assert res.exit_code == 0, res.output
    (out,) = [json.loads(line) for line in res.stdout.splitlines()]
    got = {(t["task"], t["container"]): [(u["unit"], u["role"], u["rule"]) for u in t["units"]] for t in out["tasks"]}
    assert got[("推进园区建设", "bracket")] == [("县发改局", "lead", "label 牵头单位"), ("县财政局", "responsible", "label 责任单位")]
    (lead, resp) = got[("优化营商环境", "bracket")]
    assert lead[:2] == ("县政务服务局", "lead") and "first listed" in lead[2] and resp[:2] == ("县司法局", "responsible")
    assert got[("保障项目用地", "table")] == [("县自然资源局", "lead", "table column 牵头单位"), ("各乡镇", "responsible", "table column 配合单位")]
    (prose,) = [units for (task, c), units in got.items() if c == "prose"]
    assert prose == [("县财政局", "lead", "prose X会同Y"), ("县农业农村局", "responsible", "prose X会同Y")]
    assert all(t["line"] >= 2 for t in out["tasks"])
    listing = runner.invoke(app, ["extract", str(doc), "--explain", "--format", "table"])
    assert listing.exit_code == 0 and "县发改局  <- label 牵头单位" in listing.stdout
