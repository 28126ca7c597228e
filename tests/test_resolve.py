"""Jurisdictions read from documents, canonical unit names, collectives and abbreviations."""
import doctest
import json

import pytest

import kg.extract.resolve
from kg.text.clean import clean
from kg.extract.resolve import (
    NATIONAL,
    Jurisdiction,
    canonical_department,
    infer_jurisdiction,
    is_collective,
    is_national_unit,
)

ECHENG = Jurisdiction("湖北省", "鄂州市", "鄂城区", "420704")
LISHAN = Jurisdiction("辽宁省", "鞍山市", "立山区", "210304")
HANCHUAN = Jurisdiction("湖北省", "孝感市", "汉川市", "420984")
GUANGZHOU = Jurisdiction("广东省", "广州市", None, "440100")
HUBEI = Jurisdiction("湖北省", None, None, "420000")


def test_docstring_examples_run():
    result = doctest.testmod(kg.extract.resolve)
    assert result.attempted > 0 and result.failed == 0


# --- Jurisdiction ---------------------------------------------------------------------------------


def test_paths_and_levels():
    assert (ECHENG.path, ECHENG.level, ECHENG.unit_prefix) == ("湖北省鄂州市鄂城区", "county", "鄂州市鄂城区")
    assert (HUBEI.path, HUBEI.level) == ("湖北省", "province")
    assert (NATIONAL.path, NATIONAL.level, NATIONAL.unit_prefix) == ("全国", "national", "")
    assert Jurisdiction().path == ""


def test_level_words_name_the_division_at_that_level():
    assert (ECHENG.at("区"), ECHENG.at("市"), ECHENG.at("省"), ECHENG.at("县")) == ("鄂州市鄂城区", "鄂州市", "湖北省", None)
    assert (HANCHUAN.at("市"), HANCHUAN.at("省")) == ("汉川市", "湖北省")
    assert NATIONAL.at("省") is None


# --- infer_jurisdiction -----------------------------------------------------------------------------


def test_issuer_in_the_header_and_document_number():
    text = (
        "鞍山市立山区人民政府文件\n鞍立政发〔2023〕2号\n"
        "立山区人民政府关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知\n"
        "立山经济开发区,各街道办事处,各区直部门,各有关单位:\n"
    )
    j = infer_jurisdiction(text)
    assert (j.path, j.code, j.national) == ("辽宁省鞍山市立山区", "210304", False)


def test_province_document_number():
    text = "湖北省人民政府关于印发湖北省县域经济发展“十四五”规划的通知\n鄂政发〔2021〕40号\n各市、州、县人民政府,省政府各部门:\n"
    assert infer_jurisdiction(text).path == "湖北省"


def test_national_documents():
    text = "国务院关于做好当前和今后一个时期\n促进就业工作的若干意见\n国发〔2018〕39号\n各省、自治区、直辖市人民政府,国务院各部委、各直属机构:\n"
    assert infer_jurisdiction(text) == NATIONAL


def test_a_national_reply_about_a_county_is_that_county_s():
    text = "国务院办公厅关于湖北省巴东县\n地质灾害险情有关问题的复函\n国办函〔2004〕80号\n湖北省人民政府:\n"
    j = infer_jurisdiction(text)
    assert j.path == "湖北省恩施土家族苗族自治州巴东县"
    assert j.issuer == NATIONAL
    # units the national body names without a division stay national
    assert canonical_department("三峡库区地质灾害防治工作指挥部", j) == "三峡库区地质灾害防治工作指挥部"
    assert canonical_department("巴东县人民政府", j) == "巴东县人民政府"


def test_a_title_line_that_opens_with_the_division():
    text = (
        "西安市雁塔区2022年优化营商环境重点任务分工表\n"
        "序号 | 重点任务 | 具体措施 | 牵头单位 | 责任单位 | 完成时限 |\n"
        "1 | 推进企业开办便利化 | (1)全面推行企业开办“一网通办”。 | 区市场监管局 | 区行政审批服务局、区税务局 | 2022年6月底前 |\n"
    )
    assert infer_jurisdiction(text).path == "陕西省西安市雁塔区"


def test_given_issuer_and_title():
    j = infer_jurisdiction("省委经济工作会议强调……", issuer="中共汉川市委政研室")
    assert j.path == "湖北省孝感市汉川市"
    assert infer_jurisdiction("……", title="国务院办公厅关于四川省在温家宝总理考察工作时所提问题和建议办理情况的函", issuer="国务院办公厅").path == "四川省"


def test_the_division_the_text_keeps_returning_to():
    text = (
        "(牵头单位:区发展改革和经济信息化局;责任单位:区财政局、各镇街)\n"
        "(牵头单位:区教育局;责任单位:区民政局)\n"
        "鄂城区各级领导干部要发扬自我革命精神。打造“理在鄂城”品牌。让鄂城更有品质。明天的鄂城,奋斗创造奇迹。\n"
    )
    assert infer_jurisdiction(text).path == "湖北省鄂州市鄂城区"


def test_two_passing_mentions_do_not_tell_the_jurisdiction():
    text = "为加快推进我市县域经济高质量发展,结合实际,制定本意见。支持兰考县、杞县创建国家级冷链物流基地。创建省级示范县。"
    assert infer_jurisdiction(text) is None


@pytest.mark.shared
def test_jurisdiction_of_every_gold_document(shared_dir):
    results = []
    for gold_path in sorted((shared_dir / "gold").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        view = clean((shared_dir / "corpus" / gold["document"]).read_text("utf-8")).text
        j = infer_jurisdiction(view)
        results.append((gold["document"], gold["jurisdiction"], j.path if j else None))
    wrong = [r for r in results if r[1] != r[2]]
    assert len(wrong) <= len(results) // 10, wrong


# --- canonical names -------------------------------------------------------------------------------


def test_level_words_take_the_document_s_division():
    assert canonical_department("区财政局", ECHENG) == "鄂州市鄂城区财政局"
    assert canonical_department("区政府", ECHENG) == "鄂州市鄂城区人民政府"
    assert canonical_department("区政府办公室", ECHENG) == "鄂州市鄂城区人民政府办公室"
    assert canonical_department("区委政法委", ECHENG) == "鄂州市鄂城区委政法委"
    assert canonical_department("市发展改革委", GUANGZHOU) == "广州市发展改革委"
    assert canonical_department("省直有关部门", HUBEI) == "湖北省直有关部门"
    assert canonical_department("全省推进区域发展布局实施领导小组", HUBEI) == "湖北省推进区域发展布局实施领导小组"
    assert canonical_department("省委", HANCHUAN) == "湖北省委"
    assert canonical_department("市委", HANCHUAN) == "汉川市委"


def test_the_same_words_in_two_districts_are_two_units():
    assert canonical_department("区财政局", ECHENG) != canonical_department("区财政局", LISHAN)
    assert canonical_department("区财政局", LISHAN) == "鞍山市立山区财政局"


def test_names_with_their_own_division_are_written_in_full():
    assert canonical_department("立山区人民政府", LISHAN) == "鞍山市立山区人民政府"
    assert canonical_department("立山区人民政府", Jurisdiction("辽宁省", "鞍山市", None, "210300")) == "鞍山市立山区人民政府"
    assert canonical_department("鞍山市立山区人民政府", LISHAN) == "鞍山市立山区人民政府"
    assert canonical_department("湖北省人民政府", ECHENG) == "湖北省人民政府"
    assert canonical_department("中共汉川市委政研室", HANCHUAN) == "汉川市委政研室"
    assert canonical_department("中共湖北省委", HUBEI) == canonical_department("省委", HUBEI) == "湖北省委"
    assert canonical_department("立山经济开发区", LISHAN) == "鞍山市立山经济开发区"


def test_other_local_names_get_the_jurisdiction_in_front():
    assert canonical_department("团区委", ECHENG) == "鄂州市鄂城区团区委"
    assert canonical_department("各镇街", ECHENG) == "鄂州市鄂城区各镇街"
    assert canonical_department("税务局", LISHAN) == "鞍山市立山区税务局"


def test_national_units_are_unchanged():
    for name in ("国务院", "财政部", "国家发展改革委", "市场监管总局", "党中央", "人民银行"):
        assert is_national_unit(name), name
        assert canonical_department(name, ECHENG) == name
    assert canonical_department("有关部门", NATIONAL) == "有关部门"
    assert canonical_department("区财政局", None) == "区财政局"
    assert not is_national_unit("区委组织部") and not is_national_unit("组织部")


def test_collectives():
    for name in ("各镇街", "区直各部门", "各有关单位", "有关部门", "各区县政府", "市级相关单位", "全区经济运行各专班", "省直有关部门", "有关方面"):
        assert is_collective(name), name
    for name in ("区财政局", "花湖开发区", "国务院", "区委组织部"):
        assert not is_collective(name), name


def test_a_unit_named_after_the_documents_own_city_by_its_short_name_is_not_prefixed_again():
    chuzhou = Jurisdiction("安徽省", "滁州市", None, "341100")
    assert canonical_department("滁州海关", chuzhou) == "滁州海关"
    assert canonical_department("滁州经开区管委会", chuzhou) == "滁州经开区管委会"
    assert canonical_department("市财政局", chuzhou) == "滁州市财政局"


def test_an_autonomous_regions_own_units_by_either_level_word():
    ningxia = Jurisdiction("宁夏回族自治区", None, None, "640000")
    got = [canonical_department(n, ningxia) for n in ("自治区党委农办", "区人社厅", "区党委组织部", "自治区人民政府")]
    assert got == ["宁夏回族自治区党委农办", "宁夏回族自治区人社厅", "宁夏回族自治区党委组织部", "宁夏回族自治区人民政府"]
    yinchuan_district = Jurisdiction("宁夏回族自治区", "银川市", "兴庆区", "640104")
    assert canonical_department("区财政局", yinchuan_district) == "银川市兴庆区财政局"  # in a district, 区 is the district


def test_a_page_reporting_who_published_the_document_gives_its_jurisdiction():
    text = ("地区生产总值增长5%左右\n近日,渝中区人民政府办公室发布《2023年区政府工作报告重点工作目标任务分解》方案,"
            "明确牵头单位与责任单位。\n牵头单位:区发改委\n")
    j = infer_jurisdiction(clean(text).text)
    assert j is not None and j.path == "重庆市渝中区"
    assert canonical_department("区发改委", j) == "重庆市渝中区发改委"
