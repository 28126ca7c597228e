"""Site chrome is dropped from the matching view, and document content is not."""
from __future__ import annotations

import json

import pytest

from docbuilders import HTML_CHROME, build_html
from kg.text.chrome import chrome_lines, chrome_spans
from kg.text.clean import PINYIN, clean, fold_char
from kg.read import read
from kg.text.script import to_simplified


def _key(name: str) -> str:
    """A gold name as it reads in the matching view: no pinyin, half-width, simplified."""
    return to_simplified("".join(fold_char(ch) for ch in PINYIN.sub("", name)))


def _dropped(text: str) -> list[str]:
    return [text[s:e] for s, e in chrome_spans(text)]


@pytest.fixture(scope="module")
def corpus(shared_dir):
    docs = {p.name: read(p) for p in sorted((shared_dir / "corpus").glob("*.txt"))}
    gold_files = (shared_dir / "gold").glob("*.gold.json")
    gold = {p.name.removesuffix(".gold.json"): json.loads(p.read_text("utf-8")) for p in gold_files}
    return docs, gold


def test_every_gold_entity_survives_cleaning(corpus):
    docs, gold = corpus
    assert set(gold) <= set(docs)
    for name, g in gold.items():
        view = clean(docs[name].text).text
        names = [n for names in g["entities"].values() for n in names]
        missing = [n for n in names if _key(n) not in view]
        assert not missing, f"{name}: {missing}"


def test_link_spam_tail_is_dropped(corpus):
    docs, _ = corpus
    [text] = [d.text for name, d in docs.items() if name.startswith("004_")]
    tail = [line for line in text.split("\n") if line.count("|") >= 10]
    assert tail, "the 004 page ends with a '|'-separated list of place names"
    places = {item.strip() for line in tail for item in line.split("|") if item.strip()}
    assert len(places) >= 30
    view = clean(text).text
    assert [p for p in places if _key(p) in view] == []
    for marker in ("主办单位", "技术支持", "ICP备", "欢迎您访问", "来访者", "湖南红网新媒体集团"):
        assert marker not in view


def test_sponsor_footer_of_002_is_dropped(corpus):
    docs, _ = corpus
    [text] = [d.text for name, d in docs.items() if name.startswith("002_")]
    footer = [line for line in text.split("\n") if "ICP备案号" in line]
    assert footer and all(line in _dropped(text) for line in footer)
    view = clean(text).text
    for marker in ("ICP", "公网安备", "主办单位", "网站标识", "网站地图", "点击总量", "明塘路70号"):
        assert marker not in view


def test_header_sponsor_and_breadcrumb_lines_are_dropped(corpus):
    docs, _ = corpus
    by_prefix = {name[:3]: d.text for name, d in docs.items()}
    assert "主办:中共湖北省委" in _dropped(by_prefix["000"])
    assert "   中共湖北省委政研室(省委改革办、省委财经办)" in _dropped(by_prefix["000"])  # 承办 goes on
    assert "当前位置:钱途文档网 > 作文范文 >" in _dropped(by_prefix["001"])
    assert "猜你喜欢" in _dropped(by_prefix["001"])
    view = clean(by_prefix["000"]).text
    assert "中共汉川市委政研室" in view  # the unit that wrote the article is content


def test_documents_without_chrome_lose_nothing(corpus):
    docs, _ = corpus
    for name, doc in docs.items():
        if name.startswith("d0"):
            assert chrome_spans(doc.text) == [], name


def test_table_rows_are_not_link_lists():
    text = "\n".join([
        "序号 | 任务 | 牵头单位 | 责任单位 | 完成时限 | 备注 |",
        "一、全链条优化审批 | ||||||",
        "1 | 编制清单 | 市审批局 | 市司法局 | 9月底 | |",
        "汉川市 | 孝南区 | 云梦县 | 应城市 | 安陆市 | 大悟县",
        "12 | 30 | 25 | 18 | 40 | 22",
    ])  # fmt: skip
    assert chrome_spans(text) == []


def test_link_lists_and_traditional_chrome_are_dropped():
    text = "\n".join([
        "網站首頁 | 政務公開 | 新聞中心 | 辦事服務 | 互動交流",
        "當前位置:首頁 > 政務公開",
        "發布單位:湖北省人民政府",
        "文章來源: 紅星網(wǎng)  時間: 2022-07-12",
        "技術(shù)支持:湖南紅網(wǎng)新媒體集團",
        "【打印本頁】【關閉窗口】",
        "上一篇:關於召開全市工作會議的通知",
    ])  # fmt: skip
    assert chrome_lines(text) == [True, True, False, False, True, True, True]


def test_content_lines_that_mention_sponsors_stay():
    text = "\n".join([
        "承办单位要严格落实安全责任,主办单位负责统筹协调。",
        "地址:鄂州市鄂城区凤凰街道明塘路70号",  # an address inside the body is content
        "各镇街要在规定时间内完成任务,确保全面完成全年目标任务,推动县域经济高质量发展取得新成效,不断开创新局面。",
        "地址:鄂州市鄂城区凤凰街道明塘路70号",  # the same line in the footer is chrome
    ])  # fmt: skip
    assert chrome_lines(text) == [False, False, False, True]


def test_saved_page_chrome_is_gone_from_the_view(tmp_path):
    page = build_html(tmp_path, ["关于推进县域经济高质量发展的实施意见", "牵头单位:区财政局"], title="实施意见")
    view = clean(read(page).text).text
    assert "牵头单位:区财政局" in view
    for marker in HTML_CHROME:
        assert marker not in view


def test_a_site_menu_above_the_document_is_dropped_and_a_stacked_table_is_not():
    menu = ["业务专题", "科技发展", "农机研发", "质量鉴定", "技术推广", "农产品加工", "大数据服务", "微信公众号"]
    body = "为贯彻落实国家农机购置补贴政策,结合我县实际,制定本方案,现予印发,请认真贯彻执行,确保各项政策落到实处。"
    table = ["序号", "主要任务", "牵头单位", "完成时限", "1", "推行证照分离改革", "县政务服务局", "长期坚持"]
    text = "\n".join([*menu, "", body, *table])
    assert _dropped(text) == menu
    # a short list inside the document (between lines of running text) stays
    inner = "\n".join([body, *menu, body])
    assert _dropped(inner) == []
