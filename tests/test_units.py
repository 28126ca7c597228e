"""Unit lists and role slots (kg.extract.units) on the forms real documents use."""
import pytest

from kg.extract.units import SlotContext, is_unit_name, read_slots, split_units


def roles(text, **ctx):
    return [(u.name, u.role) for u in read_slots(text, SlotContext(**ctx))]


def test_labelled_slots_keep_long_names_with_he_whole():
    assert roles("牵头单位:区发展改革和经济信息化局;责任单位:区人力资源和社会保障局、区财政局,各镇街、花湖开发区") == [
        ("区发展改革和经济信息化局", "lead"),
        ("区人力资源和社会保障局", "responsible"),
        ("区财政局", "responsible"),
        ("各镇街", "responsible"),
        ("花湖开发区", "responsible"),
    ]


def test_cooperating_units_are_responsible():
    assert roles("牵头单位:市金融办,配合单位:市发展改革委、各区、县级市") == [
        ("市金融办", "lead"), ("市发展改革委", "responsible"), ("各区、县级市", "responsible"),
    ]


@pytest.mark.parametrize("text,expected", [
    ("各开发区、镇(街道)", ["各开发区、镇(街道)"]),
    ("各县、区人民政府(管委会)", ["各县、区人民政府(管委会)"]),
    ("各有关区、县级市", ["各有关区、县级市"]),
    ("各街道、区直各部门", ["各街道", "区直各部门"]),
])
def test_collectives_written_as_one_item_stay_one_unit(text, expected):
    assert [u[0] for u in split_units(text)] == expected


def test_lead_marked_inside_a_list_is_lead_only():
    assert roles("责任单位:区住房和城乡建设局(牵头)、区城市管理执法局") == [
        ("区住房和城乡建设局", "lead"), ("区城市管理执法局", "responsible"),
    ]


def test_first_listed_leads_only_where_the_document_says_so():
    text = "人力资源社会保障部、财政部,各省级人民政府按职责分工负责"
    assert roles(text) == [("人力资源社会保障部", "responsible"), ("财政部", "responsible"), ("各省级人民政府", "responsible")]
    assert roles(text, first_is_lead=True) == [("人力资源社会保障部", "lead"), ("财政部", "responsible"), ("各省级人民政府", "responsible")]


def test_huitong_splits_lead_and_responsible():
    assert roles("国家发展改革委、财政部会同有关部门负责") == [
        ("国家发展改革委", "lead"), ("财政部", "lead"), ("有关部门", "responsible"),
    ]


def test_guiding_units_neither_lead_nor_are_responsible():
    assert roles("商务部指导,供销合作总社参与") == [("商务部", "guide"), ("供销合作总社", "responsible")]


def test_stray_punctuation_line_breaks_and_trailing_words_give_clean_names():
    assert [u[0] for u in split_units(" 区财政局、、区 教育局 等,")] == ["区财政局", "区教育局"]
    assert [u[0] for u in split_units("人力资源社会保障部等有关部门和单位")] == ["人力资源社会保障部", "有关部门和单位"]
    assert [u[0] for u in split_units("交通部、水利部、林业局等部门")] == ["交通部", "水利部", "林业局"]


def test_units_run_together_in_a_table_cell_are_split():
    assert [u[0] for u in split_units("市行政审批局市司法局")] == ["市行政审批局", "市司法局"]


def test_offsets_point_at_the_names():
    text = "牵头单位:区发改局;责任单位:区财政局"
    for u in read_slots(text):
        assert text[u.start:u.end] == u.name


def test_not_units():
    assert not is_unit_name("加强组织领导")
    assert not is_unit_name("下同")
    assert is_unit_name("试点城市政府")
