"""Title, issuer, date and document number read from the document's own layout."""
from __future__ import annotations

import pytest

from kg.extract.metadata import is_issuer_name, metadata, parse_date
from kg.read import read

# What the corpus documents state about themselves (read by eye from each file).
CORPUS = {
    "000": ("打造“三区一城” 提升发展能级", "中共汉川市委政研室", "2021-02-25", None),
    "001": ("关于推进县域经济高质量发展的实施意见", None, "2022-04-26", None),
    "003": ("湖北省人民政府關於印發湖北省縣域經濟發展“十四五”規劃的通知", "湖北省人民政府", "2021-12-31", "鄂政發〔2021〕40號"),
    "004": ("不斷強化“四個聚焦” 加快推進“三強一化”", None, "2022-07-12", None),
    "d02": ("国务院关于做好当前和今后一个时期促进就业工作的若干意见", "国务院", "2018-11-16", "国发〔2018〕39号"),
    "d03": ("国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函", "国务院办公厅", "2004-11-04", "国办函〔2004〕80号"),
    "d04": ("国务院办公厅关于对真抓实干成效明显地方进一步加大激励支持力度的通知", "国务院办公厅", "2018-12-06", "国办发〔2018〕117号"),
    "d06": ("西安市贯彻落实陕西省《2022年深化“放管服”改革优化营商环境工作要点》分工方案", "西安市人民政府办公厅", "2022-07-27", None),
    "d07": ("国务院办公厅关于四川省在温家宝总理考察工作时所提问题和建议办理情况的函", "国务院办公厅", "2004-10-15", "国办函〔2004〕71号"),
}  # fmt: skip


def test_corpus_metadata(shared_dir):
    for prefix, (title, issuer, date, number) in CORPUS.items():
        [path] = (shared_dir / "corpus").glob(f"{prefix}_*.txt")
        m = metadata(read(path).text)
        assert (m["title"], m["issuer"], m["date"], m["doc_number"]) == (title, issuer, date, number), path.name


def test_nothing_stated_gives_none():
    m = metadata("一、总体要求\n二、主要目标\n(一)构建新产业。深度对接大武汉,壮大实体经济,构建现代化产业体系,推动产业集中高质量发展,助力形成新质生产力。")
    assert m == {"title": None, "issuer": None, "date": None, "doc_number": None}


def test_site_chrome_is_never_the_title():
    text = "當前位置:首頁 > 政務公開\n歡迎您訪問紅星網\n關於推進縣域經濟高質量發展的實施意見\n發布時間:2022-07-12\n正文第一段,內容較長,用於說明本意見的目的和依據,並提出具體的工作要求和保障措施。"
    m = metadata(text)
    assert m["title"] == "關於推進縣域經濟高質量發展的實施意見"
    assert m["date"] == "2022-07-12"


def test_values_read_as_in_the_original_without_pinyin():
    text = "湖北省人民政府關於印發縣域經(jīng)濟發展規劃的通知\n鄂政發〔2021〕40號\n現將規劃印發給你們。\n湖北省人民政府\n二〇二一年十二月三十一日"
    assert metadata(text) == {
        "title": "湖北省人民政府關於印發縣域經濟發展規劃的通知",
        "issuer": "湖北省人民政府",
        "date": "2021-12-31",
        "doc_number": "鄂政發〔2021〕40號",
    }


def test_labelled_fields():
    text = (
        "某县推进乡村振兴工作方案\n发文字号:某政办发〔2023〕5号\n成文日期:2023年5月6日\n发布单位:某县人民政府办公室\n"
        "为推进乡村振兴,制定本方案,全县各乡镇、县直各部门要认真贯彻落实,确保各项工作取得实效。"
    )
    assert metadata(text) == {
        "title": "某县推进乡村振兴工作方案",
        "issuer": "某县人民政府办公室",
        "date": "2023-05-06",
        "doc_number": "某政办发〔2023〕5号",
    }


def test_cited_document_numbers_are_not_the_documents_own():
    text = "关于恳请解决巴东县地质险情有关问题的复函\n你省《关于恳请解决有关问题的请示》（鄂政文〔2004〕15号）收悉。"
    assert metadata(text)["doc_number"] is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2018年12月6日", "2018-12-06"), ("二〇〇四年十月十五日", "2004-10-15"), ("二〇二一年十二月三十一日", "2021-12-31"),
     ("时间: 2022-07-12 21:12", "2022-07-12"), ("2022/7/1", "2022-07-01"), ("2021年2月30日", None), ("今年", None)],
)  # fmt: skip
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_unit_names():
    assert all(map(is_issuer_name, ["国务院办公厅", "西安市人民政府办公厅", "中共汉川市委政研室", "区发展改革和经济信息化局"]))
    assert not any(map(is_issuer_name, ["红星网", "关于印发方案的通知", "竞进提质 升级增效", "县域经济高质量发展"]))
