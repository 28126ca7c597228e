"""Targets: each rule of kg.extract.targets on sentences written for it, their owners in the graph, and the README's question on both stores."""
from __future__ import annotations

import pytest

from kg.text.clean import clean
from kg.read.document import Document
from kg.extract.evaluate import score_document
from kg.extract.document import extract
from kg.graph.model import fragment
from kg.extract.targets import find_targets, paragraphs, plan_horizon


def targets(text: str, **kw):
    return find_targets(clean(text).text, **kw)


def goals(text: str, **kw):
    return [(t.indicator, t.value, t.unit, t.comparator) for t in targets(text, **kw) if t.kind == "goal"]


# --- what a target is -------------------------------------------------------------

def test_a_goal_verb_or_an_aspiration_makes_a_number_a_target():
    assert goals("到2030年，全县粮食产量稳定在50万吨左右，森林覆盖率不低于45%。") == [
        ("全县粮食产量", 50, "万吨", "~"), ("森林覆盖率", 45, "%", ">=")]
    assert goals("该县位于江北，面积1200平方公里，海拔300米左右，距省城80公里。") == []


def test_a_count_before_its_noun_names_the_noun():
    found = goals("新建、扩建12座乡镇污水处理厂、30处农村供水站，建成20家左右绿色工厂。")
    assert found == [("乡镇污水处理厂", 12, "座", "="), ("农村供水站", 30, "处", "="), ("绿色工厂", 20, "家", "~")]


def test_a_verb_its_object_and_then_the_count():
    assert goals("升级改造县乡公路260公里，建立社区“幸福食堂”300个。") == [
        ("升级改造县乡公路", 260, "公里", "="), ("建立社区“幸福食堂”", 300, "个", "=")]


def test_a_range_is_its_lower_bound_at_least():
    assert goals("各乡镇培育3-5家农业龙头企业。") == [("农业龙头企业", 3, "家", ">=")]


# --- enumerations -------------------------------------------------------------------

def test_respective_values_give_one_target_each():
    found = targets("到2027年，东、中、西三片区工业产值分别突破80亿元、60亿元、45亿元。")
    assert [(t.value, t.comparator, t.year) for t in found] == [(80, ">", 2027), (60, ">", 2027), (45, ">", 2027)]


def test_items_listed_before_respective_values_are_named_in_turn():
    found = goals("小麦播种、收获机械化率分别达到90%和95%。")
    assert found == [("小麦播种机械化率", 90, "%", ">="), ("小麦收获机械化率", 95, "%", ">=")]


def test_items_that_all_reach_one_value_give_one_target_each_with_its_own_span():
    found = targets("力争水稻育秧、插秧机械化率均达到60%。")
    assert [t.indicator for t in found] == ["水稻育秧机械化率", "水稻插秧机械化率"]
    assert len({(t.start, t.end) for t in found}) == 2 and all(t.value == 60 for t in found)


def test_counts_joined_by_and_are_each_a_target():
    assert [(i, v) for i, v, *_ in goals("开工建设8项骨干水利工程和120个小型水利项目。")] == [("骨干水利工程", 8), ("小型水利项目", 120)]


# --- what is not a target -----------------------------------------------------------

def test_caps_and_subsidies_in_money_are_not_targets():
    text = "对新认定的省级专精特新企业给予奖励资金20万元，每家企业最高不超过50万元。力争新增专精特新企业15家。"
    assert goals(text) == [("新增专精特新企业", 15, "家", "=")]


def test_fees_paid_are_not_targets():
    assert goals("县级储备粮保管费每年每吨80元，力争储备规模达到5万吨。") == [("储备规模", 5, "万吨", ">=")]


def test_the_quota_of_a_talent_programme_is_not_a_target_unless_stated_as_a_goal():
    assert goals("实施青年人才计划，每年选拔资助不少于80名青年科技人员。") == []
    assert goals("实现“引进和培养高层次人才达到500名左右”。") == [("引进和培养高层次人才", 500, "名", "~")]


def test_a_number_that_qualifies_a_noun_is_not_a_target_of_its_own():
    found = goals("创建15个产值超过5亿元的农业强镇。")
    assert found == [("产值超过5亿元的农业强镇", 15, "个", "=")]


def test_a_fragment_with_no_indicator_is_left_out():
    assert goals("围绕主导产业精准招商，力争招引120个。") == []


def test_a_number_in_a_name_is_not_a_target():
    assert goals("打造半小时交通圈、一小时经济圈。") == []


# --- units the text leaves implicit -------------------------------------------------

def test_a_space_before_the_percent_sign_is_still_a_percentage():
    assert goals("力争事故起数和死亡人数分别下降8.5 %、9%。") == [("事故起数", 8.5, "%", "="), ("死亡人数", 9, "%", "=")]


def test_a_bare_number_after_a_rate_is_a_percentage_and_a_population_in_wan_is_people():
    assert goals("到2025年，常住人口城镇化率力争达到62，县城人口超25万。") == [
        ("常住人口城镇化率", 62, "%", ">="), ("县城人口", 25, "万人", ">")]


# --- years ---------------------------------------------------------------------------

def test_the_year_is_its_sentences_or_the_one_that_opens_its_paragraph():
    found = targets("到2022年，建成示范园区3个。到2026年，示范园区达到8个。全县新增就业5000人。\n")
    assert [(t.value, t.year, t.year_from) for t in found] == [(3, 2022, "clause"), (8, 2026, "clause"), (5000, 2022, "clause")]


def test_this_year_is_the_documents_year_and_otherwise_the_plans_horizon_marked_where_it_stands():
    text = "一、主要目标\n今年完成造林1.5万亩。\n森林覆盖率达到48%。\n二、重点任务\n新建村级卫生室40个。\n"
    found = targets(text, default_year=2024, horizon=2025)
    assert [(t.value, t.year, t.year_from) for t in found] == [(1.5, 2024, "clause"), (48, 2025, "goals"), (40, 2025, "plan")]


def test_the_end_of_a_five_year_plan_is_its_last_year():
    found = targets("到“十五五”末，县域数字经济核心产业增加值达到30亿元。")
    assert [(t.value, t.year) for t in found] == [(30, 2030)]


def test_the_horizon_of_a_plan():
    assert plan_horizon("", title="某县“十四五”农业农村现代化规划") == 2025
    assert plan_horizon(clean("一、发展目标\n到2028年，产值达到10亿元。\n").text, title="某县产业发展行动方案") == 2028
    assert plan_horizon("", title="某区2026年重点工作安排") == 2026
    assert plan_horizon("", title="某县2021—2025年交通发展规划") == 2025
    assert plan_horizon("没有年份。", title="某县关于加强管理的通知") is None


def test_a_line_cut_mid_sentence_is_one_paragraph_with_its_year():
    text = "到2025年,城乡居民收入年均增长7%,一般公\n\n共预算收入超12亿元。\n一、保障措施\n"
    view = clean(text).text
    assert [view[a:b] for a, b in paragraphs(view)][0].endswith("超12亿元。")
    found = targets(text)
    assert [(t.value, t.year) for t in found][-1] == (12, 2025) and "一般公" in found[-1].text


# --- goals and results ----------------------------------------------------------------

def test_a_review_section_gives_results_not_goals():
    text = ("一、发展基础\n全县地区生产总值达到180亿元，建成省级园区2个。\n"
            "二、发展目标\n到2025年，全县地区生产总值达到260亿元。\n")
    found = targets(text, default_year=2021)
    assert [(t.value, t.kind) for t in found] == [(180, "result"), (2, "result"), (260, "goal")]


def test_past_tense_and_past_years_give_results():
    text = "全年已完成投资35亿元。2020年粮食产量达到41万吨。力争2022年粮食产量达到42万吨。\n"
    found = targets(text, default_year=2022)
    assert [(t.value, t.kind) for t in found] == [(35, "result"), (41, "result"), (42, "goal")]


def test_a_verb_with_le_reports_what_was_done():
    assert [t.kind for t in targets("在原规划的基础上新增了36个。力争新增36个村级服务站。")] == ["result", "goal"]


def test_a_year_followed_by_a_comma_in_an_older_year_is_a_result():
    found = targets("2021年,全县粮食产量达到41万吨;2022年,力争粮食产量达到42万吨。", default_year=2022)
    assert [(t.value, t.kind) for t in found] == [(41, "result"), (42, "goal")]


def test_compared_with_last_year_is_a_result_unless_the_sentence_sets_a_goal():
    assert [t.kind for t in targets("规模以上工业增加值比上年增长8.5%。")] == ["result"]
    assert [t.kind for t in targets("力争规模以上工业增加值比上年增长9%。")] == ["goal"]


# --- in the extraction and the graph --------------------------------------------------------

PLAN = """某县2025年产业发展重点任务

一、主要目标
到2025年，全县地区生产总值达到300亿元。

二、重点任务
1.壮大新材料产业。推进新材料产业园扩区，力争新材料产业产值突破120亿元。（牵头单位：县经济和信息化局；责任单位：县财政局）
2.发展现代农业。建设高标准农田3万亩。（牵头单位：县农业农村局）

三、发展基础
上年全县已建成省级园区2个。
"""


@pytest.fixture(scope="module")
def plan_result():
    doc = Document("/policykg-test/targets.txt", PLAN)
    return doc, extract(doc)


def test_each_target_hangs_off_the_task_that_states_it_else_the_document(plan_result):
    doc, ex = plan_result
    g = fragment(ex, doc)
    owner = {}
    for u, v, t in g.edges(data="type"):
        if t == "HAS_TARGET":
            owner[g.nodes[v]["indicator"]] = (g.nodes[u]["label"], g.nodes[u].get("name"))
    assert owner["新材料产业产值"] == ("Task", "壮大新材料产业")
    assert owner["建设高标准农田"] == ("Task", "发展现代农业")
    assert owner["全县地区生产总值"][0] == "Document"
    kinds = {d["value"]: (d["kind"], d.get("year"), d["document"]) for _, d in g.nodes(data=True) if d["label"] == "Target"}
    assert kinds[3] == ("goal", 2025, doc.path) and kinds[2] == ("result", None, doc.path)


def test_a_target_whose_clause_names_a_county_hangs_off_the_county():
    doc = Document("/policykg-test/county.txt", "一、发展目标\n到2025年，汉川市地区生产总值达到1000亿元以上。\n")
    ex = extract(doc)
    ents = {e.id: e for e in ex.entities}
    owners = [ents[r.source].label for r in ex.relations if r.type == "HAS_TARGET"]
    assert owners == ["County"]


def test_the_goals_of_a_countys_own_plan_hang_off_the_county():
    doc = Document("/policykg-test/own.txt", "汉川市2025年经济工作要点\n\n为推动汉川市高质量发展，制定本要点。\n"
                                              "一、主要目标\n全市地区生产总值达到1000亿元，规上工业总产值达到2000亿元以上。\n")
    ex = extract(doc)
    ents = {e.id: e for e in ex.entities}
    owners = [(ents[r.source].label, ents[r.source].attrs.get("code")) for r in ex.relations if r.type == "HAS_TARGET"]
    assert owners == [("County", "420984")] * 2


def test_the_contract_keeps_the_target_fields_and_adds_kind_and_year_from(plan_result):
    _, ex = plan_result
    for e in ex.to_json()["entities"]:
        if e["label"] == "Target":
            assert {"id", "text", "name", "start", "end", "indicator", "value", "unit", "comparator", "kind"} <= set(e)
            assert e["kind"] in ("goal", "result") and ("year" in e) == ("year_from" in e)
            assert PLAN[e["start"]:e["end"]] == e["text"]


def test_results_are_not_scored_against_gold_goals(plan_result):
    _, ex = plan_result
    result = ex.to_json()
    gold = {"document": "targets.txt", "targets": [{"value": 2, "unit": "个", "text": "上年全县已建成省级园区2个"}]}
    scores, _ = score_document(result, gold)
    assert scores["targets"].tp == 0  # the result matches the text, but a gold target is a goal


# --- the README's question on both stores ---------------------------------------------------

def readme_2025_question() -> tuple[str, dict]:
    from tests.test_cypher_differential import readme_queries

    found = [(c, p) for c, p in readme_queries() if "-[:HAS_TARGET]->(g:Target)" in c and p.get("y") == 2025]
    assert found, "README has no query for what carries a 2025 target"
    return found[0]


def _fragments(folder):
    out = []
    for p in sorted(folder.glob("*.txt")):
        doc = Document(str(p), p.read_text("utf-8"))
        out.append(fragment(extract(doc), doc))
    return out


@pytest.fixture(scope="module")
def both_sets(examples_dir, shared_dir):
    return {"examples": _fragments(examples_dir), "corpus": _fragments(shared_dir / "corpus")}


@pytest.mark.parametrize("backend", ["networkx", "falkordb"])
def test_the_readme_question_what_carries_a_2025_target_has_rows(backend, both_sets, tmp_path, request):
    """On the samples a task carries one; on the reference corpus the 2025 goals stand in goal sections no unit is
    assigned to, so they are the document's (or a county's): the rows say which."""
    from kg.loaders.networkx_store import NetworkXStore

    cypher, params = readme_2025_question()
    owners = {}
    for name, frags in both_sets.items():
        if backend == "networkx":
            store = NetworkXStore(tmp_path / name)
        else:
            from kg.loaders.neo4j_store import Neo4jStore

            store = Neo4jStore(request.getfixturevalue("bolt_server").uri)
            store.query("MATCH (n) DETACH DELETE n", write=True)
        with store:
            store.replace_documents(frags)
            rows = store.query(cypher, params)
            goals_2025 = store.query("MATCH (g:Target) WHERE g.year = 2025 AND g.kind = 'goal' RETURN count(g) AS n")[0]["n"]
            if backend != "networkx":
                store.query("MATCH (n) DETACH DELETE n", write=True)
        assert rows, f"{backend}, {name}: nothing carries a 2025 target"
        assert len(rows) == goals_2025  # every 2025 goal has exactly one owner
        owners[name] = {r["owner"] for r in rows}
    assert "Task" in owners["examples"]
    assert owners["corpus"] <= {"Task", "County", "Document"} and "Document" in owners["corpus"]


def test_a_task_tables_column_of_what_was_done_reports_results_not_goals():
    text = ("序号 | 工作任务 | 责任单位 | 落实情况 |\n"
            "1 | 新增义务教育学位5000个,就诊率达到91%以上。 | 县教体局 | 新增义务教育学位5500个,就诊率达到89%。 |\n")
    got = {(t.text, t.kind) for t in find_targets(clean(text).text)}
    assert got == {("新增义务教育学位5000个", "goal"), ("就诊率达到91%以上", "goal"),
                   ("新增义务教育学位5500个", "result"), ("就诊率达到89%", "result")}


def test_compound_units_a_status_sentence_and_a_count_of_tasks():
    text = ("到2025年,城区道路路网密度达到5.1公里/平方公里,森林蓄积量达到3.2亿立方米。\n"
            "目前,全县园区入驻经营主体达121家,其中省级龙头企业5家。\n"
            "第一部分 区政府主责任务(312项)。全年工作共细分出171项。\n")
    got = [(t.text, t.unit, t.kind) for t in find_targets(clean(text).text)]
    assert got == [("城区道路路网密度达到5.1公里/平方公里", "公里/平方公里", "goal"), ("森林蓄积量达到3.2亿立方米", "亿立方米", "goal"),
                   ("全县园区入驻经营主体达121家", "家", "result"), ("其中省级龙头企业5家", "家", "result")]


def test_a_figure_in_a_task_the_document_assigns_is_a_goal_without_a_goal_word():
    # a table of quantified tasks: each row's task is a figure, the unit column is the assignment
    text = ("2016年量化指标任务分工\n序号 工作任务 牵头负责部门\n"
            "1 公路投资1.65万亿元 交通运输部\n2 安排地方专项债券4000亿元 财政部\n")
    doc = extract(Document(path="quota.txt", text=text, format="txt", sha256="q"))
    got = sorted((e.attrs["indicator"], e.attrs["value"], e.attrs["unit"]) for e in doc.entities if e.label == "Target")
    assert got == [("公路投资", 1.65, "万亿元"), ("安排地方专项债券", 4000, "亿元")]
    # the same figures in a plain sentence are no goals: nothing says they are wanted
    assert goals("公路投资1.65万亿元,地方专项债券4000亿元。") == []


def test_talent_is_no_count_of_people():
    assert goals("力争实施121人才梯队项目") == []
