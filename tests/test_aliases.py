"""A user's aliases file (kg.graph.aliases): read as TOML or CSV, applied at ingest, refused in one line when wrong."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.graph.aliases import AliasesError, apply_aliases, load_aliases
from kg.cli import app
from kg.read.document import Document
from kg.extract.document import extract

runner = CliRunner()
NATIONAL = ("国务院办公厅关于促进产业发展的意见\n国办发〔2023〕9号\n"
            "（一）稳定投资。扩大有效投资。（发展改革委牵头，国家统计局、人民银行参与）\n"
            "（二）优化布局。完善产业政策。（国家发展改革委、财政部负责）\n")


def _names(extraction) -> dict[str, str]:
    return {e.text: e.name for e in extraction.entities if e.label == "Department"}


def test_toml_and_csv_say_the_same(tmp_path):
    toml = tmp_path / "a.toml"
    toml.write_text('split = ["发展改革委"]\n\n[merge]\n"人民银行" = "中国人民银行"\n', "utf-8")
    csv = tmp_path / "a.csv"
    csv.write_text("name,into\n人民银行,中国人民银行\n發展改革委\n", "utf-8")  # either script
    assert load_aliases(toml) == load_aliases(csv)
    assert load_aliases(csv).merge == {"人民银行": "中国人民银行"}


def test_merge_and_split_change_the_node_names_and_keep_the_written_form(tmp_path):
    x = extract(Document("n.txt", NATIONAL))
    assert _names(x)["发展改革委"] == "国家发展改革委"  # joined by the rule
    p = tmp_path / "aliases.toml"
    p.write_text('split = ["发展改革委"]\n[merge]\n"人民银行" = "中国人民银行"\n', "utf-8")
    aliases = load_aliases(p)
    got = _names(apply_aliases(x, aliases))
    assert got["发展改革委"] == "发展改革委" and got["国家发展改革委"] == "国家发展改革委"
    assert got["人民银行"] == "中国人民银行" and got["财政部"] == "财政部"


@pytest.mark.parametrize("name, text, problem", [
    ("a.toml", "[merge\n", "not valid TOML"),
    ("a.toml", '[merge]\n"A" = 1\n', "[merge] must map names to names"),
    ("a.toml", 'merge = {}\nsplits = ["A"]\n', "unknown key 'splits'"),
    ("a.csv", "A,B\nB,C\n", "merge into the last name"),
    ("a.csv", "A,B\nA\n", "both merged and split"),
    ("a.csv", "A,B,C\n", "at most two columns"),
])
def test_a_bad_file_is_one_line_naming_it(tmp_path, name, text, problem):
    p = tmp_path / name
    p.write_text(text, "utf-8")
    with pytest.raises(AliasesError) as e:
        load_aliases(p)
    assert str(e.value).startswith(str(p)) and problem in str(e.value) and "\n" not in str(e.value)


def test_ingest_applies_the_file_and_a_bad_one_ingests_nothing(tmp_path):
    doc = tmp_path / "docs" / "n.txt"
    doc.parent.mkdir()
    doc.write_text(NATIONAL, "utf-8")
    store = tmp_path / "s"
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("人民银行,中国人民银行\n", "utf-8")
    base = ["--store", str(store), "--backend", "networkx"]
    res = runner.invoke(app, ["ingest", str(doc), *base, "-j", "1", "-q", "--aliases", str(aliases)])
    assert res.exit_code == 0, res.output
    units = json.loads(runner.invoke(app, ["departments", *base, "-f", "json"]).stdout)
    names = {u["department"]: u for u in units}
    assert "中国人民银行" in names and "人民银行" not in names
    assert names["国家发展改革委"]["leads"] == 1 and names["国家发展改革委"]["responsible"] == 1
    assert names["中国人民银行"]["jurisdiction"] == "全国"

    bad = tmp_path / "bad.toml"
    bad.write_text("[merge\n", "utf-8")
    res = runner.invoke(app, ["ingest", str(doc), "--store", str(tmp_path / "t"), "--backend", "networkx", "--aliases", str(bad)])
    assert res.exit_code == 1
    assert res.stderr.strip().count("\n") == 0 and res.stderr.startswith(f"error: {bad}: not valid TOML")
    assert not (tmp_path / "t").exists()
