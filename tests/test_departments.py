"""Department mentions (kg.nlp.departments) on sentences written the way policy documents write them."""
import pytest

from kg.nlp.departments import DepartmentData, find_departments


def names(text):
    return [text[f.start:f.end] for f in find_departments(text)]


def test_long_names_with_he_come_out_whole():
    text = "牵头单位:区发展改革和经济信息化局;责任单位:区人力资源和社会保障局、区住房和城乡建设局、区文化和旅游局"
    assert names(text) == ["区发展改革和经济信息化局", "区人力资源和社会保障局", "区住房和城乡建设局", "区文化和旅游局"]


def test_a_list_gives_one_mention_per_unit():
    assert names("由区财政局、区教育局和区民政局负责,区卫健局配合。") == ["区财政局", "区教育局", "区民政局", "区卫健局"]


def test_party_and_mass_organisations():
    text = "区委组织部、区委宣传部、区委政法委、团区委、区妇联、区总工会、市科协、市工商联要发挥各自优势。"
    assert names(text) == ["区委组织部", "区委宣传部", "区委政法委", "团区委", "区妇联", "区总工会", "市科协", "市工商联"]


def test_jurisdiction_prefixes_and_party_prefix_belong_to_the_name():
    assert names("中共汉川市委政研室") == ["中共汉川市委政研室"]
    assert names("鄂州市鄂城区人民政府办公室印发。") == ["鄂州市鄂城区人民政府办公室"]
    assert names("湖北省国土资源厅、重庆市国土资源和房屋管理局派员参加。") == ["湖北省国土资源厅", "重庆市国土资源和房屋管理局"]


def test_central_organs_from_the_lexicon():
    text = "国家发展改革委会同人力资源社会保障部、市场监管总局、人民银行、银保监会、税务总局负责。"
    assert names(text) == ["国家发展改革委", "人力资源社会保障部", "市场监管总局", "人民银行", "银保监会", "税务总局"]


def test_units_written_together_and_in_cited_titles():
    assert names("根据《省委省政府关于推进县域经济高质量发展的意见》") == ["省委", "省政府"]
    assert names("《中共湖北省委、湖北省人民政府关于加快全省县域经济发展的决定》") == ["中共湖北省委", "湖北省人民政府"]


def test_a_unit_inside_a_plan_title_is_no_mention():
    assert names("现将《立山区政府2023年重点工作任务分解和责任分工方案》印发给你们") == []
    assert names("区政府2023年工作报告") == []


@pytest.mark.parametrize("text", [
    "深入贯彻市委十三届五次全会精神",
    "学习贯彻区委十五届四次全会和省委经济工作会议精神",
    "会议传达了省委十一届七次、八次全会精神",
    "国务院常务会议审议通过",
])
def test_meetings_are_not_departments(text):
    assert names(text) == []


@pytest.mark.parametrize("text", [
    "支持鄂城钢铁、双杰电气等企业技改升级",
    "加快推进市公共卫生应急救治中心新建和市妇幼保健院建设",
    "形成区域协调发展格局,推动全市经济发展",
    "完善财政部门预算管理,加强政府采购监管",
    "西距重庆市巫山县培石乡政府5公里",
    "建设法治政府和服务型政府",
])
def test_things_that_look_like_units_are_not(text):
    assert names(text) == []


def test_units_as_subject_of_a_duty_sentence_are_mentions():
    assert names("市审改办要坚持每月调度并及时通报进展情况。") == ["市审改办"]
    assert names("经区政府同意,现印发给你们。") == ["区政府"]


def test_collective_addressee_line_and_sponsor_lines_are_skipped():
    text = "各市、州、县人民政府,省政府各部门:\n主办:中共湖北省委\n承办:湖北省人民政府办公厅\n湖北省人民政府\n"
    assert names(text) == ["湖北省人民政府"]


def test_ad_hoc_bodies_with_strong_suffixes():
    assert names("成立全省推进区域发展布局实施领导小组,统筹推进。") == ["全省推进区域发展布局实施领导小组"]
    assert names("由三峡库区地质灾害防治工作指挥部负责。") == ["三峡库区地质灾害防治工作指挥部"]
    assert names("报市政府办公厅(市职转办、市营商办)。") == ["市政府办公厅", "市职转办", "市营商办"]
    assert names("西咸新区管委会") == ["西咸新区管委会"]


def test_a_text_without_units_gives_nothing():
    assert find_departments("") == []
    assert find_departments("加快发展新材料、生物医药产业,到2025年地区生产总值达到1000亿元。") == []


@pytest.mark.parametrize("text", [
    "区" * 100_000,
    "局" * 50_000 + "区财政局",
    "区财政" * 70_000,
    "推进产业发展" * 35_000,
    "区财政局" * 20_000,
    "\x00\x01\x02区财政局\u200b\ufeff\x7fABCабв😀" * 2_000,
])
def test_pathological_text_completes(text):
    out = find_departments(text)
    assert isinstance(out, list)
    assert all(0 <= f.start < f.end <= len(text) for f in out)


def test_data_round_trips_through_a_dict():
    data = DepartmentData.from_dir()
    again = DepartmentData.from_dict(data.to_dict())
    text = "国务院办公厅、区发展改革和经济信息化局"
    assert find_departments(text, again) == find_departments(text, data)
    assert "财政部" in data.national and "区" in data.morphology["levels"]


def test_bad_data_folder_names_the_file(tmp_path):
    (tmp_path / "national.txt").write_text("财政部\n", encoding="utf-8")
    (tmp_path / "morphology.toml").write_text("levels = [", encoding="utf-8")
    with pytest.raises(ValueError, match="morphology.toml"):
        DepartmentData.from_dir(tmp_path)


@pytest.mark.shared
def test_department_f1_on_the_reference_corpus(shared_dir):
    """The component alone (no slot parser) against gold: the figure in bench/measure_departments.py."""
    import json

    from bench.measure_departments import norm
    from kg.text.clean import clean

    tp = npred = ngold = 0
    for gf in sorted((shared_dir / "gold").glob("*.gold.json")):
        gold = json.loads(gf.read_text("utf-8"))
        c = clean((shared_dir / "corpus" / gold["document"]).read_text("utf-8"))
        pred = {norm(c.surface(f.start, f.end)) for f in find_departments(c.text)}
        g = {norm(x) for x in gold["entities"].get("Department", [])}
        tp, npred, ngold = tp + len(pred & g), npred + len(pred), ngold + len(g)
    precision, recall = tp / npred, tp / ngold
    assert precision >= 0.95 and recall >= 0.85


def test_a_county_name_that_is_an_everyday_word_glued_to_the_text_before_it_is_that_word():
    # 会同 is a verb and a county (会同县): after running text it is the verb
    assert names("你局应会同县农业农村局做好管护。会同县农业农村局负责督导。") == ["县农业农村局", "会同县农业农村局"]


def test_a_unit_after_anzhao_and_no_unit_made_of_a_verb_and_a_strong_suffix():
    assert names("按照省发改委的新要求,抽调业务骨干,成立工作专班。") == ["省发改委"]
    assert names("成立县招商引资工作专班。") == ["县招商引资工作专班"]


def test_an_autonomous_regions_units_with_its_level_written_whole_or_after_its_name():
    text = ("为贯彻落实自治区党委、自治区人民政府决策部署，由自治区党委政法委牵头，自治区公安厅、区司法厅配合。"
            "广西壮族自治区发展和改革委员会、恩施土家族苗族自治州财政局联合印发。推进自治区建设,全区经济运行平稳。")
    assert names(text) == ["自治区党委", "自治区人民政府", "自治区党委政法委", "自治区公安厅", "区司法厅",
                           "广西壮族自治区发展和改革委员会", "恩施土家族苗族自治州财政局"]


def test_banks_acting_as_units_by_their_short_names():
    text = "由市人行牵头，县农发行、县农商行负责，县工行、县建行、县农行配合。城市人行道建设。"
    assert names(text) == ["市人行", "县农发行", "县农商行", "县工行", "县建行", "县农行"]


def test_levels_together_and_a_centres_school_are_no_units_in_prose():
    assert names("在市、县两级政府入口网站公布。县中心幼儿园已启动扩建,县政务服务中心负责。") == ["县政务服务中心"]


def test_zone_committees_by_more_kinds_of_zone_and_after_a_connector():
    text = "济源示范区、航空港区管委会要扛牢责任,由县产业园管委会负责,和高新区管委会、深汕特别合作区管委会配合。"
    assert names(text) == ["航空港区管委会", "县产业园管委会", "高新区管委会", "深汕特别合作区管委会"]


def test_a_zone_committees_bureau_is_part_of_its_name():
    # a unit named in a person's title is a mention (开发区管委会 of 开发区管委会局长), the title is not part of it
    assert names("呼图壁县工业园区管委会产业发展局局长说,由开发区管委会局长牵头。") == ["呼图壁县工业园区管委会产业发展局", "开发区管委会"]


def test_websites_designated_platforms_and_a_verb_before_a_group_are_no_units():
    text = "在市政府门户网站公开。强化领导小组统筹协调职能。建设国家技术创新中心,县农业技术推广中心负责。"
    assert names(text) == ["县农业技术推广中心"]


def test_a_zone_committee_after_another_unit_or_named_after_a_city_that_opens_like_a_connector():
    text = "西秀区人民政府和安顺经开区管委会建立储备,合肥经开区管委会负责。"
    assert names(text) == ["西秀区人民政府", "安顺经开区管委会", "合肥经开区管委会"]


def test_the_issuers_of_a_cited_title_joined_by_a_list_mark():
    assert names("根据《中共中央、国务院关于深化科技体制改革加快国家创新体系建设的意见》") == ["中共中央", "国务院"]


def test_a_zone_committee_named_by_its_zone_word_alone_after_a_verb_with_its_bureau():
    text = "会同高新区管委会负责,推进开发区管委会改革,经开区管委会经济发展局配合。"
    assert names(text) == ["高新区管委会", "开发区管委会", "经开区管委会经济发展局"]


def test_the_government_work_report_is_a_document_not_its_government():
    assert names("根据自治区政府工作报告要求,按照区委、区政府工作部署") == ["区委", "区政府"]


def test_a_group_set_up_by_a_notice_is_named_after_its_title_verb():
    assert names("市人民政府办公室关于成立市脱贫攻坚普查领导小组的通知") == ["市人民政府办公室", "市脱贫攻坚普查领导小组"]


def test_a_county_that_relies_on_a_unit_is_no_part_of_the_units_name():
    assert names("巨鹿县依托县大数据发展中心建成监测平台,利用县农业农村局数据开展分析。") == ["县大数据发展中心", "县农业农村局"]


def test_offices_in_general_and_ministries_in_general_are_no_units():
    assert names("报国家发改委基础产业司相关处室审核,按照国家部委相关文件要求完善方案。") == ["国家发改委基础产业司"]
