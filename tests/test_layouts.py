"""One test document per class of layout, written for these tests (never taken from the reference corpus).

Each class is a way documents assign units that a rule of the unit grammar
(kg.extract.units, kg.extract.tasks) reads; the test holds the rule to the class, not to any one
real document.
"""
import pytest

from tests.test_tasks import tasks

LEAD, RESP = "lead", "responsible"


@pytest.mark.parametrize("note", [
    "列第一位者为牵头单位,下同",
    "排在第一位的部门为牵头部门,下同",
    "排在首位的为牵头单位,下同",
    "排名第一的单位为牵头单位,下同",
    "第一个单位为牵头单位,下同",
])
def test_first_listed_lead_in_any_wording(note):
    text = (f"(一)扩大开放。推动开放平台建设。(商务部、海关总署负责,{note})\n"
            "(二)优化监管。创新监管方式。(海关总署负责)\n"
            "(三)完善政策。研究税收政策。(财政部、税务总局、海关总署负责)\n")
    assert tasks(text) == [
        ("扩大开放", [("商务部", LEAD), ("海关总署", RESP)]),
        ("优化监管", [("海关总署", LEAD)]),
        ("完善政策", [("财政部", LEAD), ("税务总局", RESP), ("海关总署", RESP)]),
    ]


def test_without_the_convention_a_list_is_responsible_only():
    text = "(一)扩大开放。推动开放平台建设。(商务部、海关总署负责)\n"
    assert tasks(text) == [("扩大开放", [("商务部", RESP), ("海关总署", RESP)])]


def test_key_value_brackets_skip_keys_that_name_no_units():
    text = ("(一)放宽准入。允许外资设立机构。(负责部门:商务部、市场监管总局;适用范围:所有试验区)\n"
            "(二)简化审批。推行告知承诺。(责任领导:张明;牵头单位:市政务服务局;完成时限:2025年底前)\n"
            "(三)便利通关。优化查验流程。(负责部门:海关总署,适用范围:福建试验区)\n")
    assert tasks(text) == [
        ("放宽准入", [("商务部", RESP), ("市场监管总局", RESP)]),
        ("简化审批", [("市政务服务局", LEAD)]),
        ("便利通关", [("海关总署", RESP)]),
    ]


def test_role_words_inside_a_labelled_list():
    text = "1.整治人居环境。开展清洁行动。(责任单位:县住建局牵头,县城管局参加,各乡镇落实)\n"
    assert tasks(text) == [("整治人居环境", [("县住建局", LEAD), ("县城管局", RESP), ("各乡镇", RESP)])]


def test_two_units_that_lead_together():
    text = "(三)推进机械化。加快装备研发。(农业农村部、工业和信息化部牵头负责)\n"
    assert tasks(text) == [("推进机械化", [("农业农村部", LEAD), ("工业和信息化部", LEAD)])]


def test_a_collective_glued_on_with_deng_he():
    text = ("(一)拓宽销售渠道。组织产销对接。(商务部、农业农村部等和各有关省级人民政府负责)\n"
            "(二)强化保障。完善配套政策。(财政部等省有关部门和各市州政府负责)\n")
    assert tasks(text) == [
        ("拓宽销售渠道", [("商务部", RESP), ("农业农村部", RESP), ("各有关省级人民政府", RESP)]),
        ("强化保障", [("财政部", RESP), ("省有关部门", RESP), ("各市州政府", RESP)]),
    ]


def test_conjunctions_split_units_but_not_names():
    text = ("1.保障资金。落实补贴资金。(市财政局和市农业农村局负责)\n"
            "2.发展文旅。打造精品线路。(文化和旅游部负责)\n"
            "3.压实责任。开展专项检查。(各有关部门和直属单位负责)\n")
    assert tasks(text) == [
        ("保障资金", [("市财政局", RESP), ("市农业农村局", RESP)]),
        ("发展文旅", [("文化和旅游部", RESP)]),
        ("压实责任", [("各有关部门和直属单位", RESP)]),
    ]


def test_a_regulation_on_one_line_assigns_work_mid_sentence():
    """Articles run together on one line (line breaks lost in a crawl); assignments sit mid-sentence."""
    text = ("第一条 为加强补贴资金管理,制定本办法。第二条 县农业农村局(县乡村振兴局)负责全县农机购置补贴的组织实施。"
            "第三条 补贴资金由县财政局会同县农业农村局、农商行城关支行按季度拨付。"
            "第四条 必要时经县农业农村局会同县财政局和县审计局审核后,可以调整补贴标准。"
            "第五条 承储企业应当建立补贴台账,县市场监管局应当加强监督。\n")
    assert tasks(text) == [
        ("县农业农村局(县乡村振兴局)负责全县农机购置补贴的组织实施", [("县农业农村局(县乡村振兴局)", RESP)]),
        ("补贴资金由县财政局会同县农业农村局、农商行城关支行按季度拨付",
         [("县财政局", LEAD), ("县农业农村局", RESP), ("农商行城关支行", RESP)]),
        ("必要时经县农业农村局会同县财政局和县审计局审核后,可以调整补贴标准",
         [("县农业农村局", LEAD), ("县财政局", RESP), ("县审计局", RESP)]),
    ]


def test_a_convention_note_is_never_a_unit():
    text = ("(一)强化管理。建立分类制度。(生态环境部指导,试点城市政府负责落实。以下均需试点城市政府落实,不再列出)\n"
            "(二)完善标准。制定技术规范。(住房城乡建设部指导)\n")
    got = tasks(text)
    assert [t for t, _ in got] == ["强化管理", "完善标准"]
    assert all("以下" not in name for _, units in got for name, _ in units)
    assert ("试点城市政府", RESP) in got[1][1]


@pytest.mark.parametrize("text, expected", [
    # a head followed by more words still makes the list industries
    ("推动钢铁、建材和化工等行业的节能降碳工作。", ["钢铁", "建材", "化工"]),
    ("加快节能环保、新能源、新材料与高端制造等产业技术创新。", ["节能环保", "新能源", "新材料", "高端制造"]),
    # the head attached to the last item only
    ("做强装备制造、食品加工、纺织服装全产业链。", ["装备制造", "食品加工", "纺织服装"]),
    ("培育壮大光伏、储能、氢能产业。", ["光伏", "储能", "氢能产业"]),
    # a one-character product with 产业 attached
    ("全县茶产业综合产值达到50亿元,做强竹产业。", ["茶产业", "竹产业"]),
    # a demonstrative before 产业 names no industry
    ("这一产业前景广阔,上述产业均需扶持。", []),
    # a river basin or belt named before the first item is the place, not the industry
    ("发展洛河流域蔬菜、食用菌、时令瓜果集中供应区。", ["蔬菜", "食用菌"]),
    # a list introduced by 即 (the "3+2" named): 即 is no part of the first item
    ("聚焦“3+2”,即临港装备、绿色能源、功能材料三大新兴产业。", ["临港装备", "绿色能源", "功能材料", "新兴产业"]),
])
def test_industry_lists_and_heads(text, expected):
    from kg.text.clean import clean
    from kg.nlp.industries import find_industries

    c = clean(text)
    assert [c.text[f.start : f.end] for f in find_industries(c.text)] == expected


def test_table_header_in_any_order_with_leader_and_deadline_columns():
    text = ("序号 | 责任领导 | 主要任务 | 完成时限 | 配合单位 | 牵头单位 |\n"
            "一、优化营商环境 |\n"
            "1 | 王副县长 | 推行证照分离改革 | 2025年6月底前 | 县市场监管局、县司法局 | 县政务服务局 |\n"
            "2 | 李副县长 | 压减审批时限 | 长期坚持 | 各乡镇 | 县发改局 |\n")
    assert tasks(text) == [
        ("推行证照分离改革", [("县市场监管局", RESP), ("县司法局", RESP), ("县政务服务局", LEAD)]),
        ("压减审批时限", [("各乡镇", RESP), ("县发改局", LEAD)]),
    ]


def test_a_responsible_only_table_assigns_no_lead():
    text = "序号 | 工作任务 | 责任单位 |\n1 | 开展安全生产大检查 | 县应急管理局、各乡镇 |\n"
    assert tasks(text) == [("开展安全生产大检查", [("县应急管理局", RESP), ("各乡镇", RESP)])]


def test_a_guidance_only_table_assigns_nothing():
    text = "序号 | 改革举措 | 主要内容 | 指导部门 | 推广范围 |\n1 | 专利快速审查 | 建立快速通道 | 知识产权局 | 全国 |\n"
    assert tasks(text) == []


def test_a_table_flattened_to_one_cell_per_line_with_empty_cells_dropped():
    text = ("序号\n主要任务\n牵头单位\n配合单位\n完成时限\n"
            "1\n推行证照分离改革\n县政务服务局\n县市场监管局、县司法局\n2025年6月底前\n"
            "二、强化要素保障\n"
            "2\n保障重点项目用地\n县自然资源局\n2025年底前\n"
            "3\n落实减税降费政策\n县税务局\n县财政局\n长期坚持\n")
    assert tasks(text) == [
        ("推行证照分离改革", [("县政务服务局", LEAD), ("县市场监管局", RESP), ("县司法局", RESP)]),
        ("保障重点项目用地", [("县自然资源局", LEAD)]),
        ("落实减税降费政策", [("县税务局", LEAD), ("县财政局", RESP)]),
    ]


@pytest.mark.parametrize("text, expected", [
    ("支持平潭口岸建设进境种苗监管场所。", ["平潭"]),
    ("结合汉川实际,制定本方案。", ["汉川"]),
    ("在大冶境内建设物流园。", ["大冶"]),
    ("唱响汉川莲藕品牌。", []),  # a place name inside a product's name
    # counties of one-character names after a verb or preposition that takes a place
    ("鼓励寿县与霍邱县协同发展,在歙县开展试点。", ["寿县", "霍邱县", "歙县"]),
    ("提高县域经济水平,召开县委常委会。", []),  # 高县 and 开县 inside words
    # a county that became a district under the same name (大足县 -> 大足区) is one place
    ("以黔江、南川、大足、铜梁等区县城为重点。", ["黔江", "南川", "大足", "铜梁"]),
])
def test_a_county_in_its_short_form_used_as_a_place(text, expected):
    from kg.nlp.gazetteer import find_divisions

    assert [m.text for m in find_divisions(text) if m.level == "county"] == expected


@pytest.mark.parametrize("text", ["以校地产业研究院为平台。", "回购地方政府产业投资基金所持股权。", "深度融入国际产业链。"])
def test_institutions_and_funds_named_after_industry_are_no_industry(text):
    from kg.text.clean import clean
    from kg.nlp.industries import find_industries

    c = clean(text)
    assert [c.text[f.start : f.end] for f in find_industries(c.text)] == []


@pytest.mark.parametrize("text, expected", [
    ("推动汀祖镇大健康产业园建设。", ["大健康"]),
    ("加快中新开维食品产业园建设。", ["食品"]),
    ("建设汽车产业基地。", ["汽车产业"]),
    ("推进泽林南互通产业园、花湖临空产业园建设。", []),  # parks named after places
    ("建设精细化工产业集聚区。", []),  # a zone, not a park named after its industry
])
def test_the_industry_a_park_is_named_after(text, expected):
    from kg.read.document import Document
    from kg.extract.document import extract

    got = [e.text for e in extract(Document("plan.txt", text)).entities if e.label == "Industry"]
    assert got == expected


def test_items_numbered_inside_one_paragraph():
    text = ("1.推进园区建设。加快标准厂房建设。(牵头单位:县发改局)2.优化营商环境。深化改革。(牵头单位:县政务服务局)"
            "(3)强化要素保障。保障用地。(县自然资源局负责)\n")
    assert [t for t, _ in tasks(text)] == ["推进园区建设", "优化营商环境", "强化要素保障"]


def test_a_bracket_inside_a_title_does_not_cut_it():
    text = ("(一)推进各区(县)协同发展。建立联席会议制度。(牵头单位:市发改委)\n"
            "(二)发展特色产业(茶叶、中药材)。建设种植基地。(牵头单位:市农业农村局)\n")
    assert [t for t, _ in tasks(text)] == ["推进各区(县)协同发展", "发展特色产业"]


@pytest.mark.parametrize("text, expected", [
    # sub-units that no list names, written straight after their unit
    ("由国家发展改革委就业司牵头。", ["国家发展改革委就业司"]),
    ("市生态环境局浠水分局负责。", ["市生态环境局浠水分局"]),
    ("县公安局城关派出所配合。", ["县公安局城关派出所"]),
    ("省农业农村厅种植业管理处负责。", ["省农业农村厅种植业管理处"]),
    # ... but not running text after a unit, nor a person
    ("县公安局加强巡逻站岗。", ["县公安局"]),
    ("区发改局局长主持会议。", ["区发改局"]),
    # issuers of a cited document: separated by a space, or without 关于
    ("根据《湖北省人民政府办公厅 关于印发实施方案的通知》。", ["湖北省人民政府办公厅"]),
    ("按照《县委办公室县政府办公室印发工作方案的通知》。", ["县委办公室", "县政府办公室"]),
    # a unit inside a plan's title is no mention
    ("印发《县财政局2024年工作要点》。", []),
    # a county of a one-character name keeps its name; 和 before 县 stays a connector
    ("歙县人民政府办公室\n2023年9月1日", ["歙县人民政府办公室"]),
    ("(沁县文旅局牵头,祁县人民政府配合)", ["沁县文旅局", "祁县人民政府"]),
    ("支持各市和县人民政府。", ["县人民政府"]),
    # a county unit whose name starts like a word of county-level text (县城, 县市, 机关)
    ("(县城投公司、县城管执法局、县市场监管局、县机关事务服务中心负责)", ["县城投公司", "县城管执法局", "县市场监管局", "县机关事务服务中心"]),
    ("加强县城管理,推进县市协同。", []),
    # a unit named after 由 in a sentence about money is the unit alone
    ("中央财政补贴资金由县财政局统一拨付。", ["县财政局"]),
    # a unit named in full, then without its level: the short form is the same kind of mention
    ("县财政局和县农业局一起来管。财政局负责预算,农业局负责评审,财政局长签字。", ["县财政局", "县农业局", "财政局", "农业局"]),
    # ... but a bare 财政局 with no full name in the text stays unread
    ("财政局负责预算。", []),
    # units after the verbs that take them as their object (落实省委…, 贯彻中宣部…)
    ("认真落实省委省政府部署,贯彻中宣部要求。", ["省委", "省政府", "中宣部"]),
])
def test_departments_by_morphology(text, expected):
    from kg.text.clean import clean
    from kg.nlp.departments import find_departments

    c = clean(text)
    assert [c.text[f.start : f.end] for f in find_departments(c.text)] == expected


def test_the_first_listed_convention_applies_to_every_kind_of_slot():
    text = ("说明:各项任务责任单位中排在首位的为牵头单位。\n"
            "1.推进园区建设。加快标准厂房建设。(责任单位:县发改局、县财政局)\n"
            "2.优化营商环境。深化改革。\n责任单位:县政务服务局、县司法局\n"
            "序号 | 主要任务 | 责任单位 |\n3 | 保障项目用地 | 县自然资源局、各乡镇 |\n"
            "4.强化督查。开展专项督查。(牵头单位:县委督查室;责任单位:县政府督查室)\n")
    assert tasks(text) == [
        ("推进园区建设", [("县发改局", LEAD), ("县财政局", RESP)]),
        ("优化营商环境", [("县政务服务局", LEAD), ("县司法局", RESP)]),
        ("保障项目用地", [("县自然资源局", LEAD), ("各乡镇", RESP)]),
        ("强化督查", [("县委督查室", LEAD), ("县政府督查室", RESP)]),
    ]


def test_labelled_slots_inside_the_item_text_without_brackets():
    text = ("(一)推进园区建设。加快标准厂房建设。责任单位:县发改局(牵头),县财政局、县自然资源局。\n"
            "(二)优化营商环境。深化改革。牵头单位:县政务服务局;配合单位:县司法局\n")
    assert tasks(text) == [
        ("推进园区建设", [("县发改局", LEAD), ("县财政局", RESP), ("县自然资源局", RESP)]),
        ("优化营商环境", [("县政务服务局", LEAD), ("县司法局", RESP)]),
    ]


def test_labels_written_in_brackets_as_keys():
    text = ("1.推进园区建设。加快建设。\n【牵头单位】县发改局\n【责任单位】县财政局、县自然资源局\n"
            "2.优化营商环境。深化改革。【牵头单位】县政务服务局【责任单位】县司法局\n")
    assert tasks(text) == [
        ("推进园区建设", [("县发改局", LEAD), ("县财政局", RESP), ("县自然资源局", RESP)]),
        ("优化营商环境", [("县政务服务局", LEAD), ("县司法局", RESP)]),
    ]


def test_a_unit_bracket_on_its_own_line_closes_the_item_above():
    text = ("1.推进园区建设。加快标准厂房建设。\n(牵头单位:县发改局;责任单位:县财政局)\n"
            "2.优化营商环境。\n(县政务服务局负责)\n")
    assert tasks(text) == [
        ("推进园区建设", [("县发改局", LEAD), ("县财政局", RESP)]),
        ("优化营商环境", [("县政务服务局", RESP)]),
    ]


def test_unit_lines_after_a_measures_line_belong_to_the_numbered_item():
    text = "1. 推进园区建设\n具体措施:加快标准厂房建设。\n牵头单位:县发改局\n配合单位:县财政局\n"
    assert tasks(text) == [("推进园区建设", [("县发改局", LEAD), ("县财政局", RESP)])]


def test_prose_under_a_titled_item_with_partners_and_collectives():
    text = ("(三)加强人才培养。为补齐短板,由县人社局负责制定培训计划,县教育局配合。\n"
            "(四)保障用地。加快报批。(责任单位:县自然资源局、县住建局等县直相关部门)\n"
            "(五)强化资金保障。统筹整合资金。(市发改委、市财政局,各县市区人民政府)\n"
            "(六)完善政策。出台配套文件(含县财政局)。\n")
    assert tasks(text) == [
        ("加强人才培养", [("县人社局", RESP), ("县教育局", RESP)]),
        ("保障用地", [("县自然资源局", RESP), ("县住建局", RESP), ("县直相关部门", RESP)]),
        ("强化资金保障", [("市发改委", RESP), ("市财政局", RESP), ("各县市区人民政府", RESP)]),
    ]


def test_numbered_items_whose_sentence_names_a_lead_then_its_partners():
    """The common county task list: ``N.title。X负责/牵头/会同Y负责,Z配合。`` — every clause's units count."""
    text = ("1.推进学校标准化建设。由县教育局会同县财政局负责,各乡镇人民政府配合。\n"
            "2.提升基层医疗服务能力。县卫生健康局负责,县医疗保障局、县人力资源和社会保障局配合。\n"
            "3.实施高标准农田建设。县农业农村局牵头,县发展和改革局、县水利局按职责分工负责。\n"
            "4.整治农村人居环境。县住房和城乡建设局负责,县生态环境局参与;县城市管理局协助。\n")
    assert tasks(text) == [
        ("推进学校标准化建设", [("县教育局", LEAD), ("县财政局", RESP), ("各乡镇人民政府", RESP)]),
        ("提升基层医疗服务能力", [("县卫生健康局", RESP), ("县医疗保障局", RESP), ("县人力资源和社会保障局", RESP)]),
        ("实施高标准农田建设", [("县农业农村局", LEAD), ("县发展和改革局", RESP), ("县水利局", RESP)]),
        ("整治农村人居环境", [("县住房和城乡建设局", RESP), ("县生态环境局", RESP), ("县城市管理局", RESP)]),
    ]


def test_an_assignment_anywhere_in_an_item_closes_that_item():
    """A list of works: the units sentence may come last, or inside the item's one sentence."""
    text = ("一、实施城镇老旧小区改造。完成改造老旧小区12个,惠及居民3200户。区住房和城乡建设局负责。\n"
            "二、新建城市公园2个,区城市管理局负责,各街道办事处配合。\n"
            "三、推进农村供水保障工程。区水利局牵头,区财政局、区卫生健康局等部门配合。\n")
    assert tasks(text) == [
        ("实施城镇老旧小区改造", [("区住房和城乡建设局", RESP)]),
        ("新建城市公园2个", [("区城市管理局", RESP), ("各街道办事处", RESP)]),
        ("推进农村供水保障工程", [("区水利局", LEAD), ("区财政局", RESP), ("区卫生健康局", RESP)]),
    ]


def test_a_heading_and_its_first_sub_item_on_one_line():
    text = ("二、重点任务。(一)推进品种改良。(县农业农村局牵头,县财政局配合)\n"
            "(二)拓展电商销售。(县商务局负责)\n")
    assert tasks(text) == [
        ("推进品种改良", [("县农业农村局", LEAD), ("县财政局", RESP)]),
        ("拓展电商销售", [("县商务局", RESP)]),
    ]


def test_a_division_of_work_label_lets_the_role_words_inside_decide():
    text = ("1.地区生产总值增长6%以上。\n分管领导:张某\n部门分工:省发展改革委牵头,各地、各部门配合。\n"
            "2.进出口实现正增长。\n责任分工:省商务厅、海关总署广东分署\n")
    assert tasks(text) == [
        ("地区生产总值增长6%以上", [("省发展改革委", LEAD), ("各地", RESP), ("各部门", RESP)]),
        ("进出口实现正增长", [("省商务厅", RESP), ("海关总署广东分署", RESP)]),
    ]


def test_parks_named_in_a_unit_slot_are_units():
    text = "7.完善园区规划。(牵头单位:县园区发展服务中心;责任单位:新材料产业园、食品产业园、商贸物流园等)\n"
    assert tasks(text) == [("完善园区规划", [("县园区发展服务中心", LEAD), ("新材料产业园", RESP),
                                               ("食品产业园", RESP), ("商贸物流园", RESP)])]


def test_a_heading_that_names_the_lead_of_the_items_under_it():
    text = ("一、县示范区管委会牵头工作(3项)\n1.建设工厂化循环水养殖基地。\n2.建设3个标准化厂房。(县工信局配合)\n"
            "二、县农业农村局牵头工作\n3.新建高标准农田2万亩。\n4.发展设施农业。(牵头单位:县林业局)\n")
    assert tasks(text) == [
        ("建设工厂化循环水养殖基地", [("县示范区管委会", LEAD)]),
        ("建设3个标准化厂房", [("县示范区管委会", LEAD), ("县工信局", RESP)]),
        ("新建高标准农田2万亩", [("县农业农村局", LEAD)]),
        ("发展设施农业", [("县林业局", LEAD)]),
    ]


def test_a_heading_that_names_no_unit_gives_its_items_none():
    assert tasks("一、重点工作任务\n1.建设标准化厂房。\n2.发展设施农业。\n") == []


def test_a_one_cell_per_line_table_with_blank_lines_between_cells():
    """Each cell a paragraph of its own (a web table saved as text); the header names a progress column."""
    text = ("序号\n\n内容与要求\n\n进展情况\n\n责任单位\n\n"
            "1\n\n坚持“稳中求进,提质增效”的总体要求,确保地区生产总值增长7%左右。\n\n一季度增长6.5%。\n\n市发改委\n\n"
            "2\n\n推进重大项目攻坚。\n\n已开工12个。\n\n市发改委、市自然资源局\n\n"
            "附件:进展统计表\n")
    assert tasks(text) == [
        ("坚持“稳中求进,提质增效”的总体要求,确保地区生产总值增长7%左右", [("市发改委", RESP)]),
        ("推进重大项目攻坚", [("市发改委", RESP), ("市自然资源局", RESP)]),
    ]


def test_a_one_cell_per_line_table_grouped_by_a_category_column_written_once():
    """A 分类 column whose merged cell stands once before its group's first row; the responsible
    column comes before the lead column."""
    text = ("重点工作责任分解表\n\n分类\n\n序号\n\n工作事项\n\n责任单位\n\n牵头单位\n\n"
            "经济指标\n\n1\n\n工业增加值增长8%。\n\n县经信局、县统计局\n\n县经信局\n\n"
            "2\n\n固定资产投资增长10%。\n\n县发改局\n\n县发改局\n\n"
            "民生实事\n\n3\n\n新建幼儿园3所。\n\n县教育局、各乡镇\n\n县教育局\n\n"
            "4\n\n改造农村公路80公里。\n\n县交通运输局\n\n县交通运输局\n")
    assert tasks(text) == [
        ("工业增加值增长8%", [("县经信局", RESP), ("县统计局", RESP), ("县经信局", LEAD)]),
        ("固定资产投资增长10%", [("县发改局", RESP), ("县发改局", LEAD)]),
        ("新建幼儿园3所", [("县教育局", RESP), ("各乡镇", RESP), ("县教育局", LEAD)]),
        ("改造农村公路80公里", [("县交通运输局", RESP), ("县交通运输局", LEAD)]),
    ]


def test_a_one_cell_per_line_table_with_merged_cells_people_and_wrapped_header_words():
    text = ("序号\n\n项目\n\n重点工作\n\n牵头\n\n领导\n\n牵头单位\n\n主要参与单位\n\n"
            "一、在发展引擎上抓落实\n\n"
            "1\n\n厚植创新动力\n\n建设科创走廊核心区。\n\n王建国\n\n李明\n\n区科技局\n\n区发改局、未来科技城\n\n"
            "2\n\n深挖名校资源。\n\n李明\n\n区科技局\n\n各平台、镇街\n\n"
            "3\n\n实施雄鹰计划。\n\n赵  斌\n\n区发改局\n\n(区金融办)\n\n区经信局\n\n区财政局、各平台、镇街\n")
    assert tasks(text) == [
        ("建设科创走廊核心区", [("区科技局", LEAD), ("区发改局", RESP), ("未来科技城", RESP)]),
        ("深挖名校资源", [("区科技局", LEAD), ("各平台、镇街", RESP)]),
        ("实施雄鹰计划", [("区发改局(区金融办)", LEAD), ("区经信局", LEAD), ("区财政局", RESP), ("各平台、镇街", RESP)]),
    ]


def test_a_table_whose_cells_are_apart_by_single_spaces():
    """A table pasted from a web page: one space between cells, a letter-spaced header word."""
    text = ("序号 工 作 任 务 牵头负责部门\n1 居民消费价格涨幅3%左右 发展改革委\n"
            "2 安排财政赤字2.18万亿元,赤字率 提高到3% 财政部\n\n本表 由办公厅 汇总\n")
    assert tasks(text) == [
        ("居民消费价格涨幅3%左右", [("发展改革委", LEAD)]),
        ("安排财政赤字2.18万亿元,赤字率 提高到3%", [("财政部", LEAD)]),
    ]


def test_a_sentence_that_goes_on_after_the_partners_keeps_its_own_title():
    # without an item title, the work named after the partners is the task
    text = "县市场监管局负责,县公安局配合,开展食品安全专项整治。\n"
    found = tasks(text)
    assert [u for _, us in found for u in us] == [("县市场监管局", RESP), ("县公安局", RESP)]
    assert [title for title, _ in found] == ["开展食品安全专项整治"]
    # under an item's title, 负责 closing its clause has no object of its own: the item is the task
    found = tasks("(二)加强监管。县市场监管局负责,县公安局配合,开展食品安全专项整治。\n")
    assert found == [("加强监管", [("县市场监管局", RESP), ("县公安局", RESP)])]
    # 负责 with its object: the object is the task
    found = tasks("(二)加强监管。县市场监管局负责食品安全专项整治,县公安局配合。\n")
    assert [title for title, _ in found] == ["食品安全专项整治"]


def test_a_unit_read_whole_by_the_slot_is_one_mention():
    from kg.read.document import Document
    from kg.extract.document import extract

    text = "1.加强国防动员。完善征兵工作。(中央军委政治工作部、教育部负责)\n"
    depts = [e.text for e in extract(Document("plan.txt", text)).entities if e.label == "Department"]
    assert depts == ["中央军委政治工作部", "教育部"]


def test_the_text_after_a_one_cell_per_line_table_is_read_too():
    text = ("序号\n主要任务\n牵头单位\n完成时限\n"
            "1\n推行证照分离改革\n县政务服务局\n2025年6月底前\n"
            "三、保障措施\n"
            "加强组织领导,压实工作责任。\n"
            "(一)强化督查。开展专项督查。(牵头单位:县委督查室)\n")
    assert tasks(text) == [("推行证照分离改革", [("县政务服务局", LEAD)]), ("强化督查", [("县委督查室", LEAD)])]


def test_a_table_pasted_with_tabs_between_cells():
    text = ("序号\t工作任务\t具体措施\t牵头单位\t配合单位\t完成时限\n"
            "1\t推进老旧小区改造\t完成改造小区30个\t区住建局\t区财政局、各街道\t2023年12月\n"
            "2\t提升教育质量\t\t区教育局\t区发改局\t2023年9月\n")
    assert tasks(text) == [
        ("推进老旧小区改造", [("区住建局", LEAD), ("区财政局", RESP), ("各街道", RESP)]),
        ("提升教育质量", [("区教育局", LEAD), ("区发改局", RESP)]),
    ]


def test_a_table_aligned_with_spaces_under_a_header_of_column_names():
    text = ("序号  重点任务            牵头单位      配合单位\n"
            "1     推进老旧小区改造    区住建局      区财政局、各街道\n"
            "2     加快城市更新        区城市更新局  区规划分局\n"
            "\n"
            "以上任务  按季度报送进展。(区督查室负责)\n")
    got = tasks(text)
    assert got[:2] == [
        ("推进老旧小区改造", [("区住建局", LEAD), ("区财政局", RESP), ("各街道", RESP)]),
        ("加快城市更新", [("区城市更新局", LEAD), ("区规划分局", RESP)]),
    ]
    assert "|" not in got[2][0]  # after the blank line, a run of spaces is layout again


def test_plain_pinyin_readings_are_dropped_where_a_text_carries_several():
    from kg.text.clean import clean

    text = "1.開展農資(zi)質量抽檢。(農業(ye)農村(cun)部牽頭,公(gong)安部配合)\n"
    assert tasks(text) == [("开展农资质量抽检", [("农业农村部", LEAD), ("公安部", RESP)])]  # the view is simplified
    assert clean("土地面积(ha)统计").text == "土地面积(ha)统计"  # one plain syllable alone is not a reading


def test_a_unit_bracket_after_sub_items_closes_the_item_that_opens_them():
    text = ("1.完善应急预案体系\n(1)加强应急预案管理。\n(2)推进预案精编化。\n(3)加强应急演练。\n"
            "(责任单位:市应急管理局、各开发区管委会)\n"
            "2.健全运行机制\n(1)推进办事机构建设。(市委编办负责)\n(2)加强专项预案编制。\n(牵头单位:市应急管理局)\n")
    assert tasks(text) == [
        ("完善应急预案体系", [("市应急管理局", RESP), ("各开发区管委会", RESP)]),
        ("推进办事机构建设", [("市委编办", RESP)]),
        ("加强专项预案编制", [("市应急管理局", LEAD)]),
    ]


def test_a_traditional_document_gets_its_jurisdiction_from_its_issuer():
    from kg.read.document import Document
    from kg.extract.document import extract

    text = "黟縣人民政府辦公室關于印發黟縣鄉村旅遊發展方案的通知\n各鄉鎮人民政府,縣直各有關單位:\n現將方案印發給你們。\n"
    assert extract(Document("plan.txt", text)).jurisdiction == "安徽省黄山市黟县"


def test_units_apart_by_spaces_or_slashes():
    text = ("1.推进高标准农田建设。新建农田。(责任单位:县农业农村局 县财政局 县自然资源局)\n"
            "2.发展乡村旅游。(县文旅局/县农业农村局)\n")
    assert tasks(text) == [
        ("推进高标准农田建设", [("县农业农村局", RESP), ("县财政局", RESP), ("县自然资源局", RESP)]),
        ("发展乡村旅游", [("县文旅局", RESP), ("县农业农村局", RESP)]),
    ]


def test_roles_written_as_wei_qiantou_danwei_and_labels_with_wei():
    text = ("1.推进农业产业化。县农业农村局为牵头单位,县商务局、县市场监管局为配合单位。\n"
            "2.深化农村改革。牵头单位为县农业农村局,责任单位为县自然资源局。\n"
            "3.加强人才队伍建设(县委组织部负责牵头,县人社局配合)\n")
    assert tasks(text) == [
        ("推进农业产业化", [("县农业农村局", LEAD), ("县商务局", RESP), ("县市场监管局", RESP)]),
        ("深化农村改革", [("县农业农村局", LEAD), ("县自然资源局", RESP)]),
        ("加强人才队伍建设", [("县委组织部", LEAD), ("县人社局", RESP)]),
    ]


def test_a_lead_with_partners_after_huitong_in_the_next_clause():
    text = "4.加强农村基础设施建设。由县交通运输局牵头,会同县水利局、县住建局负责组织实施。\n"
    assert tasks(text) == [
        ("加强农村基础设施建设", [("县交通运输局", LEAD), ("县水利局", RESP), ("县住建局", RESP)]),
    ]


def test_a_bare_unit_line_under_a_numbered_item():
    text = ("3.改善农村人居环境。\n县住建局(牵头)、县生态环境分局、各乡镇人民政府\n"
            "4.做好宣传工作。\n\n县人民政府办公室\n2024年3月1日\n"
            "5.其他事项。\n抄送:县委办公室、县人大常委会办公室、县政协办公室\n")
    assert tasks(text) == [
        ("改善农村人居环境", [("县住建局", LEAD), ("县生态环境分局", RESP), ("各乡镇人民政府", RESP)]),
    ]


def test_a_title_typed_with_an_ascii_full_stop():
    text = "10.加大招商引资力度. (责任单位: 县商务局(牵头), 县投资促进中心)\n"
    assert tasks(text) == [("加大招商引资力度", [("县商务局", LEAD), ("县投资促进中心", RESP)])]


def test_a_bare_list_of_units_written_without_their_jurisdiction():
    text = ("3.完善配套设施。(住建局、自然资源和规划局,各镇人民政府、街道办事处)\n"
            "4.抓好安全生产。(应急局、安委办)\n"
            "5.落实惠企政策。(含财政局、税务局)\n")
    assert tasks(text) == [
        ("完善配套设施", [("住建局", RESP), ("自然资源和规划局", RESP), ("各镇人民政府", RESP), ("街道办事处", RESP)]),
        ("抓好安全生产", [("应急局", RESP), ("安委办", RESP)]),
    ]


def test_duties_written_unit_colon_fuze_and_two_assignments_in_one_sentence():
    text = ("四、职责分工\n(一)县发改局:负责统筹协调,制定年度工作计划。\n"
            "县公安局负责维护社会治安,县交通运输局负责交通保障。\n")
    assert tasks(text) == [
        ("统筹协调,制定年度工作计划", [("县发改局", RESP)]),
        ("维护社会治安", [("县公安局", RESP)]),
        ("交通保障", [("县交通运输局", RESP)]),
    ]


def test_other_words_for_the_duty_after_a_unit_list():
    text = ("1.建设数字乡村。(县农业农村局、县数据局承担)\n2.抓好春耕。(县农业农村局主抓)\n"
            "3.推进项目。(县发改局统筹,县财政局配合)\n4.完善制度。(县财政局除外)\n"
            "5.办好文化节会。(县文旅局具体承办)\n6.加强宣传。(县委宣传部主抓,县融媒体中心具体实施)\n"
            "7.抓好安全生产。(县应急局督促指导,各乡镇按职责抓好落实)\n")
    assert tasks(text) == [
        ("建设数字乡村", [("县农业农村局", RESP), ("县数据局", RESP)]),
        ("抓好春耕", [("县农业农村局", RESP)]),
        ("推进项目", [("县发改局", RESP), ("县财政局", RESP)]),
        # the duty word is never part of the unit's name
        ("办好文化节会", [("县文旅局", RESP)]),
        ("加强宣传", [("县委宣传部", RESP), ("县融媒体中心", RESP)]),
        # a unit that guides (督促指导) neither leads nor is responsible
        ("抓好安全生产", [("各乡镇", RESP)]),
    ]


def test_items_numbered_in_words_and_a_table_cell_with_its_own_labels():
    text = ("(三)加强基础设施建设。一是推进道路改造(县交通运输局牵头);二是加快管网建设(县住建局负责)。\n"
            "任务一:完善公共服务体系。(牵头单位:县民政局)\n"
            "序号|重点任务|责任单位|完成时限\n"
            "1|推进数字政府建设|牵头:县数据局;配合:县财政局、县委网信办|2024年底\n"
            "2|完善政务服务|县政务服务局(牵头)、各乡镇|长期\n")
    assert tasks(text) == [
        ("推进道路改造", [("县交通运输局", LEAD)]),
        ("加快管网建设", [("县住建局", RESP)]),
        ("完善公共服务体系", [("县民政局", LEAD)]),
        ("推进数字政府建设", [("县数据局", LEAD), ("县财政局", RESP), ("县委网信办", RESP)]),
        ("完善政务服务", [("县政务服务局", LEAD), ("各乡镇", RESP)]),
    ]


def test_a_verb_unit_line_a_bare_fuze_sentence_and_half_bracket_numbering():
    text = ("3.推进政务服务“一网通办”。\n市政务服务数据管理局牵头,市直各有关部门配合。\n"
            "4.推行“好差评”制度。市政务服务数据管理局负责。\n"
            "5)推行容缺受理。(市行政审批局)\n"
            "6.完善评价机制。\n市政务服务数据管理局牵头制定评价办法。\n")
    got = tasks(text)
    assert got[:3] == [
        ("推进政务服务“一网通办”", [("市政务服务数据管理局", LEAD), ("市直各有关部门", RESP)]),
        ("推行“好差评”制度", [("市政务服务数据管理局", RESP)]),
        ("推行容缺受理", [("市行政审批局", RESP)]),
    ]
    # a line that goes on past its units and verb is prose, read as prose (its clause is the task)
    assert got[3] == ("市政务服务数据管理局牵头制定评价办法", [("市政务服务数据管理局", LEAD)])


def test_units_closing_an_items_line_after_its_title():
    text = ("一、加强信用建设\n"
            "1.加强信用体系建设。——市发改委、人民银行市中心支行\n"
            "2.加强诚信宣传。完善宣传机制。市委宣传部、市发改委\n"
            "3.推进政务公开。——市政府办公室牵头,市政务服务中心配合\n"
            "4.推进数据共享(——市大数据局)\n"
            "5.推进数据开放。市大数据局\n"
            "6.完善信用平台。市发改委加强平台建设\n")
    assert tasks(text) == [
        ("加强信用体系建设", [("市发改委", RESP), ("人民银行市中心支行", RESP)]),
        ("加强诚信宣传", [("市委宣传部", RESP), ("市发改委", RESP)]),
        ("推进政务公开", [("市政府办公室", LEAD), ("市政务服务中心", RESP)]),
        ("推进数据共享", [("市大数据局", RESP)]),
        # one unit without a dash may be anything (a signature, a subject): no task from it,
        # nor from a sentence that goes on past its unit
    ]


@pytest.mark.parametrize("text, expected", [
    # a bank's branch names its place with a level: one unit, not the bank and a 市中心
    ("人民银行市中心支行要加强指导。", ["人民银行市中心支行"]),
    ("由人民银行县支行负责。", ["人民银行县支行"]),
])
def test_a_banks_branch_is_one_unit(text, expected):
    from kg.text.clean import clean
    from kg.nlp.departments import find_departments

    c = clean(text)
    assert [c.text[f.start : f.end] for f in find_departments(c.text)] == expected


def _wrap(paragraph: str, width: int) -> list[str]:
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)]


def test_a_task_list_wrapped_at_the_page_width_reads_as_its_paragraphs():
    """Text from a PDF's text layer breaks every line at the column's width, mid-sentence: the
    same task list one paragraph a line and wrapped at 26 characters gives the same tasks and titles."""
    paragraphs = [
        "關於加快推進工業經濟高質量發展的若干政策",
        "一、深入實施數字經濟工程",
        "(一)深入推進數字經濟系統建設。加快以“產業大腦+未來工廠”為核心的數字經濟系統建設,推進產業大腦建設,"
        "對當年評為省級未來工廠、省級智能工廠的,分別給予100萬元、30萬元獎勵。",
        "(責任單位:市經信局)",
        "(二)加快推進數字產業化。做強做大數字核心企業,當年首次列入國家電子信息百強企業的,給予一次性獎勵20萬元,"
        "鼓勵軟件企業壯大,對年銷售收入首次突破1000萬元的軟件企業給予獎勵。(責任單位:市經信局、市財政局)",
        "(三)培育壯大市場主體。支持企業上規升級,對首次納入規上工業統計的企業給予一次性獎勵5萬元,"
        "鼓勵企業股改上市。(責任單位:市經信局牽頭,市金融辦配合)",
    ]
    as_paragraphs = "\n".join(paragraphs) + "\n"
    wrapped = "\n".join(line for p in paragraphs for line in (_wrap(p, 26) if len(p) > 26 else [p])) + "\n"
    expected = [
        ("深入推进数字经济系统建设", [("市经信局", RESP)]),
        ("加快推进数字产业化", [("市经信局", RESP), ("市财政局", RESP)]),
        ("培育壮大市场主体", [("市经信局", LEAD), ("市金融办", RESP)]),
    ]
    assert tasks(as_paragraphs) == expected
    assert tasks(wrapped) == expected


def test_a_header_note_in_brackets_does_not_decide_the_columns_role():
    # 责任单位 (加黑为牵头单位): the bold is lost in text, so no lead can be told
    text = ("序号 | 重点任务 | 完成情况 | 责任单位 (加黑为牵头单位) |\n"
            "1 | 推进园区建设,完善基础设施。 | 已完成规划。 | 区发展改革局、区工业和信息化局 |\n")
    assert tasks(text) == [("推进园区建设,完善基础设施", [("区发展改革局", RESP), ("区工业和信息化局", RESP)])]


def test_prose_assignments_to_units_written_without_their_level():
    text = ("谁来管这些钱?\n县财政局和县农业局一起来管。财政局负责预算和监督,农业局负责组织项目申报和评审。\n")
    assert tasks(text) == [("预算和监督", [("财政局", RESP)]), ("组织项目申报和评审", [("农业局", RESP)])]


def test_a_note_that_names_a_unit_for_every_item_in_other_wordings():
    """具体任务均涉及X,不再做分工,下同: X is responsible on the note's own item and on every later
    one, those that name no unit included; the note itself is no unit."""
    text = ("一、深化改革\n"
            "(一)加强市场体系建设。推进高标准市场建设。〔责任单位:省发展改革委、省市场监管局按职责分工负责。"
            "具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕\n"
            "(二)优化市场准入环境。推进“证照分离”改革。〔责任单位:省市场监管局〕\n"
            "(三)加强反垄断执法。落实公平竞争审查制度。\n")
    city = ("相关市(州)人民政府", RESP)
    assert tasks(text) == [
        ("加强市场体系建设", [("省发展改革委", RESP), ("省市场监管局", RESP), city]),
        ("优化市场准入环境", [("省市场监管局", RESP), city]),
        ("加强反垄断执法", [city]),
    ]


def test_a_note_for_the_following_items_leaves_the_items_before_it_alone():
    text = ("(一)推进源头减量。(生态环境部牵头。以下各项工作均需试点城市政府落实,不再列出)\n"
            "(二)推进资源利用。(住房城乡建设部指导)\n"
            "(三)推进无害化处置。\n")
    assert tasks(text) == [
        ("推进源头减量", [("生态环境部", LEAD)]),
        ("推进资源利用", [("住房城乡建设部", "guide"), ("试点城市政府", RESP)]),
        ("推进无害化处置", [("试点城市政府", RESP)]),
    ]


def test_a_heading_closed_by_its_unit_bracket_lends_its_units_to_the_items_under_it():
    text = ("一、强化科技创新(区科技局牵头)\n"
            "以科技创新体系建设为牵引,加快培育新质生产力。\n"
            "(一)加强科创平台建设。加快建设研究院。\n"
            "(二)支持企业研发。对研发投入给予奖励。(区财政局负责)\n"
            "二、优化营商环境\n"
            "(一)深化审批改革。推进一网通办。\n")
    assert tasks(text) == [
        ("强化科技创新", [("区科技局", LEAD)]),
        ("加强科创平台建设", [("区科技局", LEAD)]),
        # an item with a slot of its own keeps it, and gains the heading's lead where it names none
        ("支持企业研发", [("区科技局", LEAD), ("区财政局", RESP)]),
    ]


def test_a_fixed_width_table_is_not_taken_for_wrapped_lines():
    """Rows of a space-aligned table are all about as wide and end without a full stop, as
    wrapped lines do: they are rows, never joined into one paragraph."""
    rows = ["序号  工作任务                                  牵头单位      完成时限"]
    rows += [f"{i}     推进第{i}批老旧小区改造和配套管网同步更新建设     县住建局      2024年底" for i in range(1, 8)]
    got = tasks("\n".join(rows) + "\n")
    assert [t for t, _ in got] == [f"推进第{i}批老旧小区改造和配套管网同步更新建设" for i in range(1, 8)]
    assert all(units == [("县住建局", LEAD)] for _, units in got)


def test_a_heading_whose_whole_body_is_one_paragraph_titles_its_task():
    # the paragraph is the heading's text: the task is the heading, not the paragraph's first clause
    text = ("一、加快园区建设\n"
            "围绕主导产业完善园区配套,推进标准厂房建设,确保年内新增入园企业10家。(市发展改革委、市财政局牵头;市自然资源局,各县区人民政府配合)\n"
            "二、强化要素保障\n"
            "统筹用地指标。(市自然资源局负责)\n"
            "优化融资服务。(市金融办负责)\n")
    assert tasks(text) == [
        ("加快园区建设", [("市发展改革委", LEAD), ("市财政局", LEAD), ("市自然资源局", RESP), ("各县区人民政府", RESP)]),
        ("统筹用地指标", [("市自然资源局", RESP)]),
        ("优化融资服务", [("市金融办", RESP)]),
    ]


def test_a_level_collective_after_deng_is_a_unit_of_its_own():
    text = "1.开展专项行动。(州发改委、州交通运输局等州级有关部门,各县市人民政府负责)\n"
    assert tasks(text) == [("开展专项行动", [("州发改委", RESP), ("州交通运输局", RESP), ("州级有关部门", RESP),
                                          ("各县市人民政府", RESP)])]


def test_a_targets_table_whose_header_names_the_year():
    """A breakdown of a year's targets, one cell per line: the target column's header carries the year."""
    text = ("附件1\n\n2023年主要预期目标分解表\n\n序号\n\n2023年预期目标\n\n责任单位\n\n"
            "1\n\n地区生产总值增长6%左右\n\n县发展改革委\n\n"
            "2\n\n城镇调查失业率控制在5.5%以内\n\n县人力社保局\n\n")
    assert tasks(text) == [
        ("地区生产总值增长6%左右", [("县发展改革委", RESP)]),
        ("城镇调查失业率控制在5.5%以内", [("县人力社保局", RESP)]),
    ]


def test_a_table_saved_one_cell_per_line_each_closed_by_a_bar():
    """Cells one a line, each ending in `` |``; a leader's name is no unit; units without a prefix in the unit column."""
    text = ("序号 |\n主要任务 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
            "1 |\n推进园区扩容,新增工业用地300亩。 |\n王明 |\n规划建设局、经济发展局 |\n6月底前 |\n"
            "2 |\n优化企业服务,落实“一企一策”。 |\n李强 |\n企业服务中心 |\n全年 |\n")
    assert tasks(text) == [
        ("推进园区扩容,新增工业用地300亩", [("规划建设局", RESP), ("经济发展局", RESP)]),
        ("优化企业服务,落实“一企一策”", [("企业服务中心", RESP)]),
    ]


def test_a_one_cell_per_line_table_of_an_office_with_sections_and_merged_cells():
    """A county bureau's own list: the unit column's header wraps its note onto a line of its own
    (责任股室 / (单位)), an indicator column's merged cell stands once, units are its sections (…股)
    and public bodies (…馆), each on a line of its own, and a leader's name and a month deadline sit between."""
    text = ("序号\n指标\n工作任务\n完成时限\n责任领导\n责任股室\n(单位)\n备注\n"
            "1\n群众文化\n全年开展送戏下乡演出不少于80场。\n11月底\n王 强\n群文股\n文化馆\n图书馆\n"
            "2\n新建农家书屋20个。\n"
            "3\n文物保护\n完成县博物馆陈列改造。\n文物股\n县博物馆\n")
    assert tasks(text) == [
        ("全年开展送戏下乡演出不少于80场", [("群文股", RESP), ("文化馆", RESP), ("图书馆", RESP)]),
        ("完成县博物馆陈列改造", [("文物股", RESP), ("县博物馆", RESP)]),
    ]


def test_units_after_the_lead_without_a_role_word_and_a_bracket_cut_off_before_its_verb():
    text = ("1.整治扬尘污染。加强工地监管。(市住建局牵头督导,市城管局、市交通运输局)\n"
            "2.整治散乱污企业。开展排查。(市生态环境局牵头,市公安局、市自然资源局、")
    assert tasks(text) == [
        ("整治扬尘污染", [("市住建局", LEAD), ("市城管局", RESP), ("市交通运输局", RESP)]),
        ("整治散乱污企业", [("市生态环境局", LEAD), ("市公安局", RESP), ("市自然资源局", RESP)]),
    ]


def test_an_unknown_word_where_the_duty_verb_stands_still_gives_the_units():
    # a reposting site swapped words for synonyms (负责 -> 卖力); the words before the duty still say the role
    text = ("1.梳理推介项目。常态化推介。(省发展改革委牵头卖力)\n"
            "2.推行市场化运作。激励民间资本参与。(省交通运输厅、省水利厅等省有关部门按职责分工卖力)\n"
            "3.完善政策。(省政府批复)\n")
    assert tasks(text) == [
        ("梳理推介项目", [("省发展改革委", LEAD)]),
        ("推行市场化运作", [("省交通运输厅", RESP), ("省水利厅", RESP), ("省有关部门", RESP)]),
    ]


def test_a_speech_point_assigning_work_in_prose():
    """一要/二要 points of a meeting report; the lead named is a person (no unit); 负责 closing its clause
    leaves the point's title as the task; partners 加强配合 with a collective after 等."""
    text = ("一要提高政治站位。各部门要深刻领会重大意义。\n"
            "二要压实工作责任。由分管县领导牵头,县住建局负责,规划局、城管局等其他相关单位加强配合协调,抽调骨干力量,成立工作专班。\n")
    assert tasks(text) == [
        ("压实工作责任", [("县住建局", RESP), ("规划局", RESP), ("城管局", RESP), ("其他相关单位", RESP)]),
    ]


def test_a_note_for_later_items_that_lists_several_units_apart_by_commas():
    text = ("1.加强规划引导。支持各县发展重点产业链。〔责任单位:各市、县(区)人民政府,省工信厅、省发改委。"
            "以下均需各市、县(区)人民政府,综合实验区管委会落实,不再列出〕\n"
            "2.巩固提升支柱产业。打造纺织服装产业链。〔责任单位:省工信厅〕\n"
            "3.培育新兴产业链。合力打造集成电路产业链;以\n")
    assert tasks(text) == [
        ("加强规划引导", [("各市、县(区)人民政府", RESP), ("省工信厅", RESP), ("省发改委", RESP)]),
        ("巩固提升支柱产业", [("省工信厅", RESP), ("各市、县(区)人民政府", RESP), ("综合实验区管委会", RESP)]),
        ("培育新兴产业链", [("各市、县(区)人民政府", RESP), ("综合实验区管委会", RESP)]),
    ]


def test_a_lead_marked_inside_a_list_in_other_wordings():
    text = ("1.推进教育均衡发展。责任单位:县教育局(牵头单位),县人社局。\n"
            "2.推进医共体建设。县卫健局(主责)、县医保局\n"
            "3.推进文旅融合。【牵头单位】县文旅局【责任单位】县交通运输局\n")
    assert tasks(text) == [
        ("推进教育均衡发展", [("县教育局", LEAD), ("县人社局", RESP)]),
        ("推进医共体建设", [("县卫健局", LEAD), ("县医保局", RESP)]),
        ("推进文旅融合", [("县文旅局", LEAD), ("县交通运输局", RESP)]),
    ]


def test_prose_naming_the_lead_and_the_partner_units_as_such():
    text = "2.实施农业产业化提升行动。县农业农村局为牵头单位,县财政局、县供销社为配合单位。\n"
    assert tasks(text) == [("实施农业产业化提升行动", [("县农业农村局", LEAD), ("县财政局", RESP), ("县供销社", RESP)])]


def test_labels_with_a_qualifier_a_lead_note_after_the_list_and_a_lead_marked_by_a_star():
    text = ("1.推进城乡供水一体化。责任单位:县住建局、县水利局(县水利局为牵头单位)\n"
            "2.推进职业教育。主要责任单位:县教育局;其他责任单位:县人社局、县财政局\n"
            "3.推进园区扩容。责任单位:县发改局★、县财政局\n"
            "4.推进健康县城建设。县卫健局负总责,县医保局、县市场监管局按职责抓好落实。\n")
    assert tasks(text) == [
        ("推进城乡供水一体化", [("县住建局", RESP), ("县水利局", LEAD)]),
        ("推进职业教育", [("县教育局", RESP), ("县人社局", RESP), ("县财政局", RESP)]),
        ("推进园区扩容", [("县发改局", LEAD), ("县财政局", RESP)]),
        ("推进健康县城建设", [("县卫健局", RESP), ("县医保局", RESP), ("县市场监管局", RESP)]),
    ]


def test_a_table_whose_cells_are_apart_by_lines_of_bars_with_the_lead_starred_first():
    """A web table saved as text: one cell a line, a line of bars between cells (||| where a row's
    cells were empty), numbered targets in the task column, a leader's name, then the units with
    a star before the lead; units after the first inherit its jurisdiction (★区发改委、统计局)."""
    text = ("序号\n|\n项目\n|\n重点工作目标任务\n|\n牵头领导\n|\n责任单位\n|\n"
            "1\n|\n主要预期目标\n|\n1.地区生产总值增长6%左右。\n|\n李 明\n|\n★区发改委、统计局\n|\n"
            "2.一般公共预算收入增长5%。\n|\n★区财政局、税务局\n|||\n"
            "3.主要污染物排放总量完成上级下达任务。\n|\n王 强\n张 伟\n|\n★生态环境局\n||\n")
    assert tasks(text) == [
        ("地区生产总值增长6%左右", [("区发改委", LEAD), ("统计局", RESP)]),
        ("一般公共预算收入增长5%", [("区财政局", LEAD), ("税务局", RESP)]),
        ("主要污染物排放总量完成上级下达任务", [("生态环境局", LEAD)]),
    ]


def test_key_value_lines_with_two_role_words_in_each_label_and_a_leader_line():
    text = ("1. 地区生产总值增长7%以上。\n\n牵头负责领导:王明。\n\n牵头责任单位:市发展改革委。\n\n"
            "协同责任单位:市经信局、市商务局等,各县、市、区政府。\n\n"
            "2. 财政收入增长6%左右。\n\n牵头负责领导:王明。\n\n牵头责任单位:市财政局。\n\n协同责任单位:市税务局。\n")
    assert tasks(text) == [
        ("地区生产总值增长7%以上", [("市发展改革委", LEAD), ("市经信局", RESP), ("市商务局", RESP), ("各县、市、区政府", RESP)]),
        ("财政收入增长6%左右", [("市财政局", LEAD), ("市税务局", RESP)]),
    ]


def test_a_one_cell_per_paragraph_table_whose_task_header_has_two_qualifiers():
    text = ("序号\n\n主要工作举措\n\n牵头单位\n\n配合单位\n\n责任领导\n\n一、做大做强主导产业\n\n"
            "1\n\n聚焦农产品精深加工产业,实现三产融合发展。\n\n区农业农村局\n\n区发展改革局、区工业和信息化局\n\n"
            "2\n\n推动再生资源项目签约落地。\n\n近海经济区管委会\n\n自然资源分局、区发展改革局\n\n王明\n\n")
    assert tasks(text) == [
        ("聚焦农产品精深加工产业,实现三产融合发展", [("区农业农村局", LEAD), ("区发展改革局", RESP), ("区工业和信息化局", RESP)]),
        ("推动再生资源项目签约落地", [("近海经济区管委会", LEAD), ("自然资源分局", RESP), ("区发展改革局", RESP)]),
    ]


def test_a_page_that_stops_inside_the_role_word_of_its_last_bracket():
    text = ("一、扩大有效投资。〔省发展改革委、省财政厅等牵头,省直有关单位按职责分工负责〕\n"
            "二、完善惠企政策。〔省发展改革委、省营商局等牵")
    assert tasks(text) == [
        ("扩大有效投资", [("省发展改革委", LEAD), ("省财政厅", LEAD), ("省直有关单位", RESP)]),
        ("完善惠企政策", [("省发展改革委", LEAD), ("省营商局", LEAD)]),
    ]


def test_a_page_flattened_to_one_line_keeps_its_items_apart_by_their_numbering():
    # a saved web page: the items, their unit labels and the next section's heading all on one line
    text = ("某某市人民政府办公室关于印发支援灾区重建工作方案的通知\n"
            "[接上页] (一)资金保障组。负责重建资金的筹集、拨付和监督管理。 牵头单位:市财政局 配合单位:市审计局、市民政局 "
            "(二)物资调运组。负责重建物资的采购和调运,确保物资按时运达。 牵头单位:市商务局 配合单位:市交通运输局、市公安局 "
            "(三)宣传报道组。负责宣传报道工作。 牵头单位:市委宣传部 四、工作要求 "
            "(一)提高认识。各部门要高度重视,把工作落到实处。(二)加强协作。各单位要密切配合,按分工抓好落实,确保2025年底前完成。\n")
    assert tasks(text) == [
        ("资金保障组", [("市财政局", LEAD), ("市审计局", RESP), ("市民政局", RESP)]),
        ("物资调运组", [("市商务局", LEAD), ("市交通运输局", RESP), ("市公安局", RESP)]),
        ("宣传报道组", [("市委宣传部", LEAD)]),
    ]


def test_a_number_or_an_enumeration_in_running_text_is_no_item_of_a_flattened_line():
    text = ("一、发展目标。到2025年,全市地区生产总值增长6.5%左右,其中第二产业增长7%,投资增长8%以上;"
            "第三产业比重提高到(二)级标准以上,城镇新增就业2.5万人,城镇调查失业率控制在5.5%以内,居民收入增长与经济增长同步,"
            "粮食产量稳定在100万吨以上。承储企业不得有下列行为:(一)擅自动用储备粮;(二)虚报、瞒报储备粮数量;"
            "(三)在储备粮中掺杂掺假、以次充好。(牵头单位:市发展改革委;责任单位:市统计局、市人社局)\n")
    assert tasks(text) == [("发展目标", [("市发展改革委", LEAD), ("市统计局", RESP), ("市人社局", RESP)])]


def test_a_space_aligned_table_whose_name_column_titles_its_rows_and_whose_targets_are_no_units():
    text = ("  序号  项目名称              目标任务                      牵头单位      责任单位            完成时限\n"
            "  1     城镇老旧小区改造      完成改造小区120个             市住建局      各区人民政府        2024年12月\n"
            "  2     新建公办幼儿园        新建幼儿园10所                市教育局      市发改委、市财政局  2024年9月\n")
    assert tasks(text) == [
        ("城镇老旧小区改造", [("市住建局", LEAD), ("各区人民政府", RESP)]),
        ("新建公办幼儿园", [("市教育局", LEAD), ("市发改委", RESP), ("市财政局", RESP)]),
    ]


def test_the_competent_department_leads():
    text = "(七)保护市场主体权益。依法平等保护各类市场主体。(主管部门:县司法局;参与部门:县法院、县检察院)\n"
    assert tasks(text) == [("保护市场主体权益", [("县司法局", LEAD), ("县法院", RESP), ("县检察院", RESP)])]


def test_items_numbered_with_bracketed_digit_characters():
    text = ("二、约束性指标\n⑴九年义务教育巩固率达到97%。\n责任单位:省教育厅。\n"
            "⑵耕地保有量保持在6120万亩。\n牵头单位:省国土资源厅。\n责任单位:省农委。\n")
    assert tasks(text) == [
        ("九年义务教育巩固率达到97%", [("省教育厅", RESP)]),
        ("耕地保有量保持在6120万亩", [("省国土资源厅", LEAD), ("省农委", RESP)]),
    ]


def test_a_convention_note_in_brackets_after_the_last_unit_keeps_the_units_before_it():
    text = ("1.坚持政府过紧日子。\n责任单位:省政府办公厅、省财政厅牵头,省商务厅、省文化和旅游厅(除标注为“牵头”单位外,列第一位的为牵头单位,下同)\n"
            "2.用好专项债券。\n责任单位:省财政厅、省发展改革委\n")
    assert tasks(text) == [
        ("坚持政府过紧日子", [("省政府办公厅", LEAD), ("省财政厅", LEAD), ("省商务厅", RESP), ("省文化和旅游厅", RESP)]),
        ("用好专项债券", [("省财政厅", LEAD), ("省发展改革委", RESP)]),
    ]


def test_a_table_rows_cell_keeps_its_numbered_points():
    text = ("| 序号 | 工作任务 | 具体措施 | 牵头单位 | 配合单位 |\n"
            "| 1 | 推进改革 | (一)深化放管服改革,推行告知承诺制,压缩审批时限至5个工作日。 (二)优化营商环境,"
            "开展专项整治行动,规范涉企收费和检查行为,持续改善企业的办事体验,进一步激发市场主体活力和社会创造力。 | 县发改局 | 县财政局 |\n")
    assert tasks(text) == [("推进改革", [("县发改局", LEAD), ("县财政局", RESP)])]
    from kg.text.inline import item_starts

    assert item_starts(text.splitlines()[1]) == []  # the row is not cut at its cell's (二)


def test_a_one_cell_per_line_table_with_a_person_column_a_spaced_out_header_and_a_marked_task():
    text = ("序号\n\n目  标  任  务\n\n牵头单位\n\n责任单位\n\n责任人\n\n"
            "1\n\n★地区生产总值增长15%。\n\n区发改局\n\n区统计局\n\n张三\n\n"
            "2\n\n规上工业增加值增长10%。\n\n区经信局\n\n区统计局\n\n李四\n")
    assert tasks(text) == [
        ("地区生产总值增长15%", [("区发改局", LEAD), ("区统计局", RESP)]),
        ("规上工业增加值增长10%", [("区经信局", LEAD), ("区统计局", RESP)]),
    ]


def test_a_bracket_that_ends_an_item_after_its_paragraphs_closes_the_item():
    # the item's title opens its line, measures follow in several paragraphs (some bulleted),
    # and the one unit bracket closes the last of them: the task is the item
    text = ("一、基础设施互联互通\n"
            "(一)道路畅通工程。加快建设快速通道,推进道路交通运输体系建设。\n"
            "全面规划快速通道路网,\n"
            "●建成沙湖旅游公路等项目;\n"
            "●加快建设东线公路等项目;\n"
            "进一步规范道路限高等交通设施,保障道路安全畅通。(市交通运输局牵头,市发展改革委、市自然资源局配合)\n"
            "(二)城际公交工程。加快城际公交一体化进程。\n"
            "制定城际公交开通实施方案。(市交通运输局负责)\n"
            "研究建立城际公交补贴机制。(市财政局负责)\n")
    assert tasks(text) == [
        ("道路畅通工程", [("市交通运输局", LEAD), ("市发展改革委", RESP), ("市自然资源局", RESP)]),
        # two brackets under one item: each paragraph is its own task
        ("制定城际公交开通实施方案", [("市交通运输局", RESP)]),
        ("研究建立城际公交补贴机制", [("市财政局", RESP)]),
    ]


def test_a_lead_heading_over_paragraphs_makes_each_paragraph_its_item():
    # sorted by lead, the work under each heading written as plain paragraphs, not numbered
    text = ("(一)市监察局牵头的工作\n加强行政监察工作,落实党风廉政建设责任制。\n"
            "(二)市审计局牵头的工作\n全面加强审计工作。\n协同单位:市直各部门和各县人民政府。\n"
            "(三)市编办牵头的工作\n1.深化行政管理体制改革。\n2.推进乡镇机构改革。\n协同单位:市财政局。\n")
    got = tasks(text)
    assert got[:2] == [
        ("加强行政监察工作,落实党风廉政建设责任制", [("市监察局", LEAD)]),
        ("全面加强审计工作", [("市审计局", LEAD), ("市直各部门", RESP), ("各县人民政府", RESP)]),
    ]
    # where the heading has numbered items, those are its items and the slot line is no item of its own
    assert [t for t, _ in got[2:]] == ["深化行政管理体制改革", "推进乡镇机构改革"]


def test_a_page_cut_one_character_into_an_item_gives_no_task():
    text = ("一、科学定位。明确发展方向。(省发改委负责。以下均需各市人民政府落实,不再列出)\n"
            "二、规划引领。编制专项规划。(省工信厅负责)\n三、加")
    assert [t for t, _ in tasks(text)] == ["科学定位", "规划引领"]


def test_places_before_the_government_that_names_them_all_are_one_unit():
    text = "(一)道路畅通工程。建设快速通道。(自治区交通运输厅牵头,银川市、石嘴山市、吴忠市人民政府,宁东管委会配合)\n"
    assert tasks(text) == [("道路畅通工程", [("自治区交通运输厅", LEAD), ("银川市、石嘴山市、吴忠市人民政府", RESP),
                                          ("宁东管委会", RESP)])]


def test_a_collective_whose_youguan_covers_both_nouns_stays_one_unit():
    text = "1.落实减税政策。(责任单位:省税务局、省有关部门和单位)\n2.强化督查。(责任单位:省直有关部门和各市人民政府)\n"
    assert tasks(text) == [
        ("落实减税政策", [("省税务局", RESP), ("省有关部门和单位", RESP)]),
        ("强化督查", [("省直有关部门", RESP), ("各市人民政府", RESP)]),
    ]


def test_an_item_title_broken_after_its_first_word_is_read_whole():
    text = ("1.加大扶贫力度。全年完成脱贫4万人以上。(责任单位:有关设区市)\n"
            "2.提高\n住房保障水平。继续实施农村危旧房改造。(责任单位:有关设区市)\n"
            "一、目标\n到2025年,全县粮食产量稳定在50万吨。\n")
    assert [t for t, _ in tasks(text)] == ["加大扶贫力度", "提高住房保障水平"]


def test_a_one_cell_per_line_table_with_a_wrapped_leader_header_and_several_leaders():
    # the leader column's header wraps (县政府 / 分管领导), its cell lists three people, one per line
    text = ("序号\n目标名称\n工作标准\n县政府\n分管领导\n牵头单位\n配合单位\n"
            "1\n城乡建设\n(1)完成老旧小区改造20个,统筹推进管网更新。\n李明华\n张强\n王芳\n住建局\n"
            "城关镇、东关街道,发改局、财政局,城投集团\n"
            "2\n乡村振兴\n(2)新建高标准农田5万亩。\n赵刚\n农业农村局\n水利局、自然资源局\n")
    assert tasks(text) == [
        ("完成老旧小区改造20个,统筹推进管网更新", [("住建局", LEAD), ("城关镇", RESP), ("东关街道", RESP), ("发改局", RESP),
                               ("财政局", RESP), ("城投集团", RESP)]),
        ("新建高标准农田5万亩", [("农业农村局", LEAD), ("水利局", RESP), ("自然资源局", RESP)]),
    ]


def test_a_table_whose_cells_were_glued_together_on_each_line():
    # a progress table saved with every separator lost: group, serial, task。, lead unit, report
    text = ("县政府2023年重点工作完成情况\n类别序号重点工作内容牵头单位全年完成情况\n"
            "主要预期目标1全县生产总值增长6%左右。县发展改革局全年生产总值增长5.8%,基本完成。\n"
            "主要预期目标2城镇新增就业3000人。县人社局、县财政局新增就业3120人,完成全年目标。\n"
            "主要预期目标3建成乡村公路80公里。全年建成乡村公路82公里。\n"
            "民生实事4新建幼儿园2所。县教育局已建成并投入使用。\n")
    assert tasks(text) == [
        ("全县生产总值增长6%左右", [("县发展改革局", LEAD)]),
        ("城镇新增就业3000人", [("县人社局", LEAD), ("县财政局", LEAD)]),
        ("新建幼儿园2所", [("县教育局", LEAD)]),
    ]


def test_the_topic_a_division_of_work_notice_assigns_names_the_task():
    text = ("一、工作分工\n(一)关于“稳定粮食播种面积,提高单产”的问题,由农业农村部会同发展改革委、财政部等部门研究提出落实意见。\n"
            "(二)关于完善农村金融服务的问题,由人民银行会同银保监会负责落实。\n"
            "(三)加强农田水利建设,由水利部负责。\n")
    assert tasks(text) == [
        ("关于“稳定粮食播种面积,提高单产”的问题", [("农业农村部", LEAD), ("发展改革委", RESP), ("财政部", RESP)]),
        ("关于完善农村金融服务的问题", [("人民银行", LEAD), ("银保监会", RESP)]),
        ("加强农田水利建设", [("水利部", RESP)]),
    ]


def test_a_division_of_work_line_under_a_heading_and_a_closing_lead_sentence():
    text = ("一、粮食产能工程\n工作要求:坚持统筹推进,提高单产。\n任务分工:王明副县长负责,县农业农村局总牵头;县财政局配合。\n"
            "1.水利化工程:加快灌区续建配套,新增节水灌溉面积5万亩。县水利局牵头,县发改局、自然资源局、环保局等单位配合。\n"
            "2.农机化工程:新增大中型农机500台。\n")
    assert tasks(text) == [
        ("粮食产能工程", [("县农业农村局", LEAD), ("县财政局", RESP)]),
        ("水利化工程", [("县水利局", LEAD), ("县发改局", RESP), ("自然资源局", RESP), ("环保局", RESP)]),
    ]


def test_section_headings_inside_a_one_cell_per_line_table_and_a_unit_cut_by_the_page():
    # cells between blank lines; a section's title and its (一) heading stand between the rows
    text = ("序号\n\n重点工作\n\n市政府\n\n分管领导\n\n牵头单位\n\n配合单位\n\n备注\n\n"
            "强化科技创新能力。\n\n\n(一)\n\n加强创新平台建设。\n\n\n1\n\n建设科技创新走廊。\n\n王东\n\n市科技局\n\n市财政局、高新区管委会\n\n\n"
            "(二)\n\n加快人才集聚。\n\n2\n\n实施人才引进计划。\n\n李华\n\n市人社局\n\n市教育局\n\n\n"
            "3\n\n建设技术创新中心。\n\n王东\n\n市科")
    assert tasks(text) == [
        ("建设科技创新走廊", [("市科技局", LEAD), ("市财政局", RESP), ("高新区管委会", RESP)]),
        ("实施人才引进计划", [("市人社局", LEAD), ("市教育局", RESP)]),
    ]


def test_kinds_of_government_sharing_one_suffix_and_any_wording_of_by_duty():
    text = ("(一)加强政务公开。完善公开制度。(省直有关部门,各州、市人民政府按照职责分工负责)\n"
            "(二)优化营商环境。深化改革。(省发展改革委、各县人民政府根据职责分工负责)\n")
    assert tasks(text) == [
        ("加强政务公开", [("省直有关部门", RESP), ("各州、市人民政府", RESP)]),
        ("优化营商环境", [("省发展改革委", RESP), ("各县人民政府", RESP)]),
    ]


def test_a_paragraph_opening_with_its_assignment_under_a_title_line():
    text = ("1、城市轨道交通项目\n由王明副市长负责,市住建局牵头,市发改委配合,进一步完善项目建设方案,尽快进入报批程序。\n"
            "2、新材料基地建设事宜\n由李华副市长负责,市工信局牵头,相关部门配合,开展前期准备工作。\n"
            "3、加强统筹。做好协调。\n全年召开会议4次,由市政府办公室负责。\n")
    assert tasks(text)[:2] == [
        ("城市轨道交通项目", [("市住建局", LEAD), ("市发改委", RESP)]),
        ("新材料基地建设事宜", [("市工信局", LEAD), ("相关部门", RESP)]),
    ]


def test_a_letter_spaced_pdf_text_with_gb_signs_read_as_yi_syllables():
    # a PDF text layer: every character set apart by a space, ， and 。 come out as ꎬ and ꎮ
    text = ("一 、 加 强 金 融 服 务 ꎮ 建 立 财 政 资 金 存 放 与 金 融 机 构 支 持 地 方 经 济 挂 钩 机 制 ꎬ "
            "实 施 办 法 由 省 财 政 厅 会 同 省 金 融 办 制 定 ꎮ\n")
    assert tasks(text) == [("加强金融服务", [("省财政厅", LEAD), ("省金融办", RESP)])]


def test_a_convention_note_after_the_units_applies_to_this_item_and_the_next():
    text = ("(一)优化政策制定。健全评估机制。(省发展改革委、省司法厅等有关部门按职责分工负责,各项政策措施均需各市政府、"
            "省高新区管委会落实,以下不再列出)\n(二)提高立法质效。完善法规体系。(省司法厅负责)\n")
    assert tasks(text) == [
        ("优化政策制定", [("省发展改革委", RESP), ("省司法厅", RESP), ("有关部门", RESP), ("各市政府", RESP), ("省高新区管委会", RESP)]),
        ("提高立法质效", [("省司法厅", RESP), ("各市政府", RESP), ("省高新区管委会", RESP)]),
    ]
