"""Tasks and their units in each layout (kg.extract.tasks via kg.extract.document), on texts written for these tests."""
from kg.text.clean import clean
from kg.text.structure import parse
from kg.extract.tasks import find_tasks


def tasks(text):
    c = clean(text)
    return [(t.title, [(u.name, u.role) for u in t.units]) for t in find_tasks(c.text, parse(c.text))]


def test_bracket_after_numbered_item():
    text = "一、重点任务\n1.推进园区建设。加快标准厂房建设。(牵头单位:县发改局;责任单位:县财政局、各乡镇)\n2.优化营商环境。持续深化改革。(牵头单位:县行政审批局)\n"
    assert tasks(text) == [
        ("推进园区建设", [("县发改局", "lead"), ("县财政局", "responsible"), ("各乡镇", "responsible")]),
        ("优化营商环境", [("县行政审批局", "lead")]),
    ]


def test_two_brackets_in_one_paragraph_are_two_tasks():
    text = "(一)强化统筹。\n建立工作台账,定期调度。(县发改局牵头,县统计局参与)开展督查考核,压实责任。(县委督查室负责)\n"
    got = tasks(text)
    assert [t for t, _ in got] == ["建立工作台账,定期调度", "开展督查考核,压实责任"]
    assert got[1][1] == [("县委督查室", "responsible")]


def test_unit_lines_under_an_item():
    text = "1.规模以上工业增加值增长8%左右。\n牵头单位:区工信局\n\n责任单位:区统计局,各街道\n2.社会消费品零售总额增长6%。\n牵头单位:区商务局\n"
    assert tasks(text) == [
        ("规模以上工业增加值增长8%左右", [("区工信局", "lead"), ("区统计局", "responsible"), ("各街道", "responsible")]),
        ("社会消费品零售总额增长6%", [("区商务局", "lead")]),
    ]


def test_table_rows_with_deadline():
    text = "序号 | 任务 | 牵头单位 | 责任单位 | 完成时限 |\n1 | 编制权责清单 | 市司法局 | 各区县政府 | 2023年6月底前 |\n"
    c = clean(text)
    (t,) = find_tasks(c.text, parse(c.text))
    assert t.title == "编制权责清单"
    assert [(u.name, u.role) for u in t.units] == [("市司法局", "lead"), ("各区县政府", "responsible")]
    assert t.deadline == "2023年6月底前"


def test_first_listed_leads_from_where_the_document_says_so():
    text = ("(一)稳定就业岗位。(甲部、乙部负责。列第一位者为牵头单位,下同)\n"
            "(二)支持创业。(乙部、丙部负责)\n")
    assert tasks(text) == [
        ("稳定就业岗位", [("甲部", "lead"), ("乙部", "responsible")]),
        ("支持创业", [("乙部", "lead"), ("丙部", "responsible")]),
    ]


def test_units_the_document_applies_to_all_following_items():
    text = ("(一)加强统筹。\n完善管理机制。(环境厅指导,试点县政府负责落实。以下均需试点县政府落实,不再列出)\n"
            "推进源头减量。(工信厅、商务厅指导)\n")
    got = tasks(text)
    assert got[1] == ("推进源头减量", [("工信厅", "guide"), ("商务厅", "guide"), ("试点县政府", "responsible")])


def test_prose_huitong_under_a_titled_item():
    text = "一、关于高铁站建设问题。你市请求,国家支持高铁站建设。\n交通部会同财政部、国家铁路局等有关部门研究提出了办理意见:将予以支持。\n"
    assert tasks(text) == [("关于高铁站建设问题", [("交通部", "lead"), ("财政部", "responsible"), ("国家铁路局", "responsible"), ("有关部门", "responsible")])]


def test_duty_sentences_and_plain_prose_are_not_tasks():
    text = "三、保障措施\n各有关部门要加强指导,强化政策支持。县直各部门要按照职责分工抓好落实。\n"
    assert tasks(text) == []


def test_explanatory_brackets_are_not_unit_slots():
    text = "1.推进垃圾分类。企业实施“装、树、联”(安装监测设备、树立显示屏、与主管部门联网)。\n"
    assert tasks(text) == []


def test_traditional_script_reads_the_same():
    simp = "1.培育新能源产业。推动项目落地。(牵头单位:市发展和改革局;责任单位:市财政局)\n"
    trad = "1.培育新能源產業。推動項目落地。（牽頭單位：市發展和改革局；責任單位：市財政局）\n"
    assert tasks(simp) == tasks(trad)
