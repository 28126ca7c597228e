"""County ↔ Industry (DEVELOPS), units in written order (rank, GUIDES) and unit identity.

One small document per class of wording, written for these tests (never taken from the
reference corpus): each test holds a rule to its class.
"""
from __future__ import annotations

import pytest

from kg.read.document import Document
from kg.extract.document import extract
from kg.graph.model import fragment

PROVINCE = "湖北省人民政府关于印发湖北省县域经济发展规划的通知\n"
COUNTY = "浠水县人民政府关于印发浠水县产业发展方案的通知\n"
NATIONAL = "国务院办公厅关于促进产业发展的意见\n国办发〔2023〕9号\n"


def _run(text: str, path: str = "t.txt"):
    x = extract(Document(path, text))
    return x, {e.id: e for e in x.entities}


def develops(text: str) -> list[tuple[str, str]]:
    """The DEVELOPS edges of the document's graph, as (county code, industry)."""
    g = fragment(extract(Document("t.txt", text)))
    return sorted((g.nodes[u]["code"], g.nodes[v]["name"]) for u, v, t in g.edges(data="type") if t == "DEVELOPS")


def test_a_county_with_a_development_word_before_its_industries():
    got = develops(PROVINCE + "一、区域布局。潜江市重点发展小龙虾、虾稻产业；仙桃市重点发展非织造布产业。\n")
    assert got == [("429004", "非织造布产业"), ("429005", "小龙虾"), ("429005", "虾稻产业")]


def test_counties_written_together_share_their_industries():
    got = develops(PROVINCE + "以监利市、洪湖市为重点发展稻虾产业。\n")
    assert got == [("421083", "稻虾产业"), ("421088", "稻虾产业")]


def test_a_provincial_list_of_counties_with_their_leading_industries():
    text = (PROVINCE + "各县市主导产业如下：\n1.潜江市：小龙虾产业、虾稻产业。\n"
            "2.仙桃市（非织造布产业、食品加工产业）。\n3.汉川市 纺织服装产业\n")
    assert develops(text) == [("420984", "纺织服装产业"), ("429004", "非织造布产业"), ("429004", "食品加工产业"),
                              ("429005", "小龙虾产业"), ("429005", "虾稻产业")]


def test_a_county_without_a_development_word_is_not_tied():
    assert develops(PROVINCE + "潜江市人民政府负责，汉川市财政局配合推进新材料产业。\n") == []


def test_a_place_prefixed_industry_belongs_to_the_county_the_document_mentions():
    got = develops(PROVINCE + "潜江市加快发展。打响潜江小龙虾产业品牌。\n")
    assert got == [("429005", "小龙虾产业")]


def test_in_a_county_plan_its_industries_are_its_own_unless_a_clause_names_another():
    text = COUNTY + "一、壮大新材料产业。\n二、学习潜江市做法，推动医药健康产业发展。\n"
    assert develops(text) == [("421125", "新材料产业")]
    assert develops(text + "浠水县加快发展。\n") == [("421125", "新材料产业")]  # mentioned in the text too: one node


def test_a_county_named_only_in_its_plans_title_is_no_mention_but_owns_the_plans_industries():
    x = extract(Document("t.txt", COUNTY + "一、壮大新材料产业。\n"))
    assert [e.text for e in x.entities if e.label == "County"] == []
    assert x.to_json()["document"]["own_county"]["code"] == "421125"
    g = fragment(x)
    (county,) = [n for n, lab in g.nodes(data="label") if lab == "County"]
    assert g.nodes[county]["name"] == "浠水县" and g.nodes[county]["prefecture"] == "黄冈市"
    assert [t for _, _, t in g.in_edges(county, data="type")] == ["MENTIONS"]


def test_each_develops_edge_carries_its_clause_and_offsets():
    text = PROVINCE + "潜江市重点发展小龙虾产业。\n"
    x, ents = _run(text)
    (r,) = [r for r in x.relations if r.type == "DEVELOPS"]
    assert r.evidence == "潜江市重点发展小龙虾产业。"
    assert text[r.start:r.end] == r.evidence


def relations(text: str, path: str = "t.txt") -> list[tuple[str, str, str, int]]:
    x, ents = _run(text, path)
    return [(r.type, ents[r.source].text, ents[r.target].text, r.attrs.get("rank"))
            for r in x.relations if r.type in ("LEADS", "RESPONSIBLE_FOR", "GUIDES")]


def test_rank_is_the_written_position_and_guides_is_its_own_relation():
    text = COUNTY + "1.推进园区建设。加快标准厂房建设。（牵头单位：县经信局、县发改局；责任单位：县财政局；指导单位：黄冈市经信局）\n"
    assert relations(text) == [
        ("LEADS", "县经信局", "推进园区建设", 1), ("LEADS", "县发改局", "推进园区建设", 2),
        ("RESPONSIBLE_FOR", "县财政局", "推进园区建设", 3), ("GUIDES", "黄冈市经信局", "推进园区建设", 4),
    ]


def test_a_supervising_label_gives_guides():
    text = COUNTY + "1.整治人居环境。开展清洁行动。（牵头单位：县住建局；督导单位：县委督查室）\n"
    assert relations(text) == [("LEADS", "县住建局", "整治人居环境", 1), ("GUIDES", "县委督查室", "整治人居环境", 2)]


def test_a_guiding_verb_gives_guides():
    text = NATIONAL + "（一）完善政策。研究配套措施。（商务部负责，国家发展改革委指导）\n"
    got = relations(text)
    assert ("GUIDES", "国家发展改革委", "完善政策", 2) in got and ("RESPONSIBLE_FOR", "商务部", "完善政策", 1) in got


def test_the_unit_of_a_standing_note_comes_after_the_named_units():
    text = (COUNTY + "以下各项工作均需各乡镇落实，不再列出。\n"
            "1.整治人居环境。开展清洁行动。（牵头单位：县住建局；责任单位：县城管局）\n")
    assert relations(text) == [
        ("LEADS", "县住建局", "整治人居环境", 1), ("RESPONSIBLE_FOR", "县城管局", "整治人居环境", 2),
        ("RESPONSIBLE_FOR", "各乡镇", "整治人居环境", 3),
    ]


def _departments(text: str, path: str = "t.txt") -> dict[str, dict]:
    x = extract(Document(path, text))
    return {e.text: {"name": e.name, **e.attrs} for e in x.entities if e.label == "Department"}


def test_a_national_document_joins_short_names_to_the_full_name():
    text = NATIONAL + "（一）稳定投资。扩大有效投资。（国家发展改革委牵头，统计局参与）\n（二）优化布局。（发展改革委、财政部负责）\n"
    units = _departments(text)
    assert units["发展改革委"]["name"] == units["国家发展改革委"]["name"] == "国家发展改革委"
    assert units["统计局"]["name"] == "国家统计局"
    assert units["财政部"]["name"] == "财政部"


def test_a_local_document_keeps_its_own_short_names():
    units = _departments(COUNTY + "1.稳定投资。（牵头单位：县发展改革局；责任单位：县统计局）\n")
    assert units["县统计局"]["name"] == "浠水县统计局"


def test_every_unit_carries_its_jurisdiction():
    text = COUNTY + "1.稳定投资。（牵头单位：县发展改革局；责任单位：黄冈市统计局、财政部、各乡镇）\n"
    units = _departments(text)
    assert units["县发展改革局"]["jurisdiction"] == "湖北省黄冈市浠水县"
    assert units["黄冈市统计局"]["jurisdiction"] == "湖北省黄冈市"
    assert units["财政部"]["jurisdiction"] == "全国"


@pytest.mark.parametrize("collective", ["有关部门", "各有关单位"])
def test_a_collective_is_its_documents_own_node(collective):
    text = NATIONAL + f"（一）稳定投资。扩大有效投资。（财政部会同{collective}负责）\n"
    keys = []
    for path in ("one.txt", "two.txt"):
        frag = fragment(extract(Document(path, text)))
        keys.append({d["key"] for _, d in frag.nodes(data=True) if d.get("label") == "Department"})
    shared = keys[0] & keys[1]
    assert "财政部" in shared and not any(k.startswith(collective) for k in shared)
    assert all(any(k.startswith(collective) for k in ks) for ks in keys)


def located_in(text: str) -> list[tuple[str, str, str]]:
    """The LOCATED_IN edges of the document's graph, as (place, county code, evidence)."""
    g = fragment(extract(Document("t.txt", text)))
    return [(g.nodes[u]["name"], g.nodes[v]["code"], d["evidence"]) for u, v, d in g.edges(data=True) if d["type"] == "LOCATED_IN"]


def test_a_park_of_a_county_plan_lies_in_the_county():
    assert located_in(COUNTY + "一、加快散花新材料产业园建设。\n") == [("散花新材料产业园", "421125", "一、加快散花新材料产业园建设。")]


def test_a_park_named_after_a_county_lies_in_it():
    text = "广州市人民政府关于科技创新的意见\n番禺区加快发展。以番禺节能科技园为载体，发展节能环保产业。\n"
    assert [(p, c) for p, c, _ in located_in(text)] == [("番禺节能科技园", "440113")]


def test_a_park_of_a_provincial_plan_lies_where_its_name_says_else_nowhere():
    text = PROVINCE + "仙桃市加快发展。加快花湖临空产业园建设，推进仙桃市食品产业园。\n"
    x, _ = _run(text)
    assert {e.name for e in x.entities if e.label == "Project"} == {"花湖临空产业园", "仙桃市食品产业园"}
    assert [(p, c) for p, c, _ in located_in(text)] == [("仙桃市食品产业园", "429004")]
