"""The optional statistical NER (training/ner.py): data compilation, training on a tiny set, the component."""
from __future__ import annotations

import json

import pytest
import spacy

from kg.nlp.mentions import mentions
from training.ner import compile_markup, load_ner, ner_spans, parse_markup, read_jsonl, train_ner

TINY = [
    "重点发展{I:纺织服装}和{I:食品加工}。", "支持{E:宏达集团}建设{P:青山食品产业园}。", "大力发展{I:生物医药}。",
    "推进{I:新材料}产业发展。", "{E:瑞丰药业有限公司}年产值增长。", "加强组织领导,完善工作机制。",
    "培育{I:茶叶}、{I:蔬菜}等特色产业。", "实施“{P:千村整治工程}”。", "落实主体责任。", "打造{I:电子信息产业集群}。",
]


def write_tiny(folder) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [parse_markup(line) for line in TINY]
    for name, part in (("train.jsonl", rows * 3), ("dev.jsonl", rows[:4])):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")


def test_parse_markup_gives_character_spans():
    ex = parse_markup("支持{E:宏达集团}发展{I:新材料}产业")
    assert ex == {"text": "支持宏达集团发展新材料产业", "spans": [[2, 6, "Enterprise"], [8, 11, "Industry"]]}
    with pytest.raises(ValueError, match="unbalanced"):
        parse_markup("发展{I:新材料产业")


def test_compile_markup_adds_traditional_variants(tmp_path):
    (tmp_path / "a.txt").write_text("# comment\n促进{I:纺织服装}发展。\n加强组织领导。\n", encoding="utf-8")
    counts = compile_markup(tmp_path, dev_share=0.0)
    rows = read_jsonl(tmp_path / "train.jsonl")
    assert counts == {"train": 4, "dev": 0}
    texts = {r["text"] for r in rows}
    assert {"促进纺织服装发展。", "促進紡織服裝發展。"} <= texts
    trad = next(r for r in rows if r["text"].startswith("促進"))
    assert trad["text"][2:6] == "紡織服裝" and trad["spans"] == [[2, 6, "Industry"]]


def test_bad_jsonl_line_is_a_one_line_error(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "发展新材料", "spans": [[2, 9, "Industry"]]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"train\.jsonl: line 1: bad span"):
        read_jsonl(path)


def test_training_on_a_tiny_set_gives_a_loadable_reproducible_model(tmp_path):
    write_tiny(tmp_path / "data")
    scores = train_ner(tmp_path / "data", tmp_path / "m1", seed=3, n_iter=4)
    train_ner(tmp_path / "data", tmp_path / "m2", seed=3, n_iter=4)
    assert set(scores) >= {"p", "r", "f", "per_label"}
    nlp = spacy.load(tmp_path / "m1")
    assert set(nlp.get_pipe("ner").labels) == {"Industry", "Project", "Enterprise"}
    assert [t.text for t in nlp("纺织服装")] == list("纺织服装")  # one token per character
    # Same data and seed: the same weights.
    assert (tmp_path / "m1" / "ner" / "model").read_bytes() == (tmp_path / "m2" / "ner" / "model").read_bytes()
    text = "重点发展纺织服装和食品加工。"
    assert ner_spans(load_ner(tmp_path / "m1"), text) == ner_spans(load_ner(tmp_path / "m2"), text)


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no trained NER model"):
        load_ner(tmp_path)


def test_ner_component_writes_character_mentions(tmp_path):
    write_tiny(tmp_path / "data")
    train_ner(tmp_path / "data", tmp_path / "model", seed=0, n_iter=30)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("policykg_ner", config={"check_industries": False}).initialize(model_dir=str(tmp_path / "model"))
    text = "重点发展纺织服装和食品加工。"
    doc = nlp(text)
    got = {(text[m.start:m.end], m.label, m.source) for m in mentions(doc)}
    assert got and got == {(text[s:e], label, "ner") for s, e, label in ner_spans(load_ner(tmp_path / "model"), text)}
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    assert {(text[m.start:m.end], m.label) for m in mentions(again(text))} == {(n, lab) for n, lab, _ in got}


def test_the_cli_trains_through_the_library_function(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tiny.txt").write_text("\n".join(TINY) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "m"), "--n-iter", "2"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m" / "config.cfg").is_file()
