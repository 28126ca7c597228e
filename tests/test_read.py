"""Readers on real files of every format, every supported encoding and every kind of bad input."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from docbuilders import HTML_CHROME, build_docx, build_html, build_pdf, build_scanned_pdf, write_text
from kg.read.document import ReadError
from kg.read import SUFFIXES, read

TRADITIONAL = "湖北省縣域經濟發展規劃\n牽頭單位：區發展改革局；責任單位：區財政局、漢川市人民政府。\n"
SIMPLIFIED = "关于推进县域经济高质量发展的实施意见\n牵头单位：区发展改革局；责任单位：区财政局、汉川市人民政府。\n"

TASK_TABLE = [
    ["序号", "任务", "牵头单位", "责任单位", "完成时限"],
    ["1", "推行产业链长制，围绕新材料、大数据、生物医药等产业打造六大主导产业集群", "区发展改革和经济信息化局", "区财政局\n区招商和投资促进中心", "2024年12月底"],
    ["2", "推进链式招商", "区招商和投资促进中心", "各镇街、花湖开发区", "长期坚持"],
]  # fmt: skip
TASK_ROWS = [
    "序号 | 任务 | 牵头单位 | 责任单位 | 完成时限",
    "1 | 推行产业链长制，围绕新材料、大数据、生物医药等产业打造六大主导产业集群 | 区发展改革和经济信息化局 | 区财政局、区招商和投资促进中心 | 2024年12月底",
    "2 | 推进链式招商 | 区招商和投资促进中心 | 各镇街、花湖开发区 | 长期坚持",
]  # fmt: skip
DOCUMENT = [
    "关于推进县域经济高质量发展的实施意见",
    "一、重点任务分工如下：",
    TASK_TABLE,
    "二、各单位要加强组织领导，确保各项任务落到实处，区发展改革和经济信息化局负责统筹协调，定期调度进展情况并向区政府报告。",
]
EXPECTED_LINES = [DOCUMENT[0], DOCUMENT[1], *TASK_ROWS, DOCUMENT[3]]


# --- plain text and encodings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("utf-16", False, "utf-16"),
     ("gbk", False, "gbk"), ("gb18030", False, "gbk"), ("big5", False, "big5")],
)  # fmt: skip
def test_traditional_text_decodes_identically_in_every_encoding(tmp_path, encoding, bom, expected):
    doc = read(write_text(tmp_path, TRADITIONAL, encoding=encoding, bom=bom))
    assert doc.text == TRADITIONAL
    assert doc.encoding == expected
    assert doc.format == "txt"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "gbk", "gb18030"])
def test_simplified_text_decodes_identically(tmp_path, encoding):
    text = SIMPLIFIED if encoding != "utf-16-be" else "\ufeff" + SIMPLIFIED  # a BOM, written big-endian
    assert read(write_text(tmp_path, text, encoding=encoding)).text == SIMPLIFIED


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("区财政局", "gbk"), ("區財政局", "big5"), ("汉川市", "gbk"), ("漢川市", "big5"), ("鄂城区发改局牵头", "gb18030")],
)
def test_short_chinese_texts_are_not_misdetected(tmp_path, text, encoding):
    doc = read(write_text(tmp_path, text, encoding=encoding))
    assert doc.text == text
    assert doc.encoding in (encoding, "gbk")


def test_line_endings_are_normalised_and_sha256_is_of_the_raw_bytes(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SIMPLIFIED.replace("\n", "\r\n").encode("gbk"))
    doc = read(path)
    assert doc.text == SIMPLIFIED
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.path == str(path)


def test_corpus_documents_all_read(shared_dir):
    files = sorted((shared_dir / "corpus").glob("*.txt"))
    assert len(files) >= 10
    for path in files:
        doc = read(path)
        assert doc.encoding == "utf-8" and len(doc.text) > 500, path.name
        assert doc.text == path.read_text(encoding="utf-8")


# --- html -------------------------------------------------------------------------------


def test_html_keeps_content_blocks_and_drops_site_chrome(tmp_path):
    doc = read(build_html(tmp_path, DOCUMENT, title="县域经济实施意见"))
    assert doc.format == "html"
    assert doc.text.split("\n") == ["县域经济实施意见", *EXPECTED_LINES]
    for marker in HTML_CHROME:
        assert marker not in doc.text
    assert doc.metadata["title"] == "县域经济实施意见"
    assert doc.metadata["page_title"] == "县域经济实施意见_某市人民政府网站"


def test_html_in_gbk_is_decoded_by_its_declared_charset(tmp_path):
    doc = read(build_html(tmp_path, TRADITIONAL, chrome=False, encoding="gbk", name="gbk.htm"))
    assert doc.encoding == "gb18030"
    assert doc.text == TRADITIONAL.strip()


def test_html_table_spans_keep_columns_aligned(tmp_path):
    page = tmp_path / "spans.html"
    page.write_text(
        "<table><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>完成时限</th></tr>"
        "<tr><td colspan=4>一、全链条优化审批</td></tr>"
        "<tr><td>1</td><td>编制清单</td><td rowspan=2>市行政审批局<br>市司法局</td><td>9月底</td></tr>"
        "<tr><td>2</td><td>清理变相许可</td><td>11月底</td></tr></table>",
        encoding="utf-8",
    )
    assert read(page).text.split("\n") == [
        "序号 | 任务 | 牵头单位 | 完成时限",
        "一、全链条优化审批 |  |  |",
        "1 | 编制清单 | 市行政审批局、市司法局 | 9月底",
        "2 | 清理变相许可 | 市行政审批局、市司法局 | 11月底",
    ]


def test_html_chrome_containers_hidden_text_and_wrappers(tmp_path):
    page = tmp_path / "gov.html"
    page.write_text(  # declared gb2312 but saved as UTF-8: valid UTF-8 wins
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        '<div id="header-wrap"><div class="article-header"><h1>关于印发方案的通知</h1><span>发布时间：2023-03-28</span></div>'
        '<div class="TRS_Editor"><p>&nbsp;&nbsp;正文第一段。</p><pre>第一行\n第二行</pre>'
        '<div style="display: none">隐藏文字</div></div></div>'
        '<div class="footer-text">版权所有</div><div id="sidebar-links"><a>友情链接</a></div></body></html>',
        encoding="utf-8",
    )
    doc = read(page)
    assert doc.encoding == "utf-8"
    assert doc.text.split("\n") == ["关于印发方案的通知", "发布时间：2023-03-28", "正文第一段。", "第一行", "第二行"]


def test_malformed_html_still_reads(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><div><p>关于推进县域经济高质量发展的实施意见<p>牵头单位：区财政局"
        "<table><tr><td>1<td>推行产业链长制<td>区发改局</table><script>var x = '<p>'",
        encoding="utf-8",
    )
    assert read(page).text.split("\n") == [
        "关于推进县域经济高质量发展的实施意见",
        "牵头单位：区财政局",
        "1 | 推行产业链长制 | 区发改局",
    ]


# --- docx -------------------------------------------------------------------------------


def test_docx_keeps_reading_order_and_task_table(tmp_path):
    doc = read(build_docx(tmp_path, DOCUMENT, title="县域经济实施意见"))
    assert doc.format == "docx"
    assert doc.text.split("\n") == EXPECTED_LINES
    assert doc.metadata["title"] == "县域经济实施意见"


def test_docx_merged_cells(tmp_path):
    import docx

    path = build_docx(tmp_path, [[["序号", "任务", "牵头单位"], ["一、审批", "", ""], ["1", "编制清单", "市行政审批局"], ["2", "清理许可", ""]]])
    document = docx.Document(str(path))
    table = document.tables[0]
    table.cell(1, 0).merge(table.cell(1, 2)).text = "一、审批"  # across the row
    table.cell(2, 2).merge(table.cell(3, 2))  # down two rows
    document.save(str(path))
    assert read(path).text.split("\n") == [
        "序号 | 任务 | 牵头单位",
        "一、审批 |  |",
        "1 | 编制清单 | 市行政审批局",
        "2 | 清理许可 | 市行政审批局",
    ]


def _numbered_docx(path, items):
    """A .docx whose items are numbered by Word's list feature (一、 / (一) / 1.), not in their text."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in items:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return path


def test_docx_list_numbering_is_written_into_the_text(tmp_path):
    path = _numbered_docx(tmp_path / "plan.docx", [
        (None, "某县重点任务分工"), (0, "优化营商环境"), (1, "深化审批改革"),
        (2, "推行承诺制。(县政务服务局牵头)"), (2, "压缩审批时间。(县住建局负责)"), (3, "说明"),
        (1, "加强监管"), (2, "推进信用监管。(县市场监管局负责)"), (0, "保障措施"),
    ])
    assert read(path).text.split("\n") == [
        "某县重点任务分工", "一、优化营商环境", "(一)深化审批改革", "1.推行承诺制。(县政务服务局牵头)",
        "2.压缩审批时间。(县住建局负责)", "说明", "(二)加强监管", "1.推进信用监管。(县市场监管局负责)", "二、保障措施",
    ]


def test_docx_numbering_from_a_list_style(tmp_path):
    import docx

    document = docx.Document()
    for text in ("推进园区建设。(县发改局牵头)", "优化营商环境。(县政务服务局负责)"):
        document.add_paragraph(text, style="List Number")
    document.save(str(tmp_path / "list.docx"))
    assert read(tmp_path / "list.docx").text.split("\n") == ["1.推进园区建设。(县发改局牵头)", "2.优化营商环境。(县政务服务局负责)"]


def test_corrupt_docx_is_a_read_error(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(ReadError, match=r"bad\.docx: not a readable \.docx"):
        read(path)


# --- pdf --------------------------------------------------------------------------------


def test_pdf_with_chinese_text_and_a_ruled_table(tmp_path):
    doc = read(build_pdf(tmp_path, DOCUMENT, title="县域经济实施意见"))
    assert doc.format == "pdf"
    assert doc.text.split("\n") == EXPECTED_LINES  # wrapped paragraph joined, table rows kept
    assert doc.metadata["title"] == "县域经济实施意见"


def test_pdf_in_traditional_script(tmp_path):
    assert read(build_pdf(tmp_path, TRADITIONAL)).text == TRADITIONAL.strip()


def test_pdf_that_opens_without_password_reads(tmp_path):
    # pdfminer gives (cid:N) for this file's text; the reader falls back to PDFium's text layer
    path = build_pdf(tmp_path, SIMPLIFIED, owner_password="owner", name="restricted.pdf")
    assert read(path).text == SIMPLIFIED.strip()


def test_long_document_round_trips_through_pdf(tmp_path, shared_dir):
    [source] = (shared_dir / "corpus").glob("d08_*.txt")
    paragraphs = [line.strip() for line in read(source).text.split("\n") if line.strip()]
    doc = read(build_pdf(tmp_path, paragraphs))
    assert doc.text.split("\n") == paragraphs  # several pages; every wrapped paragraph joined again


def test_encrypted_pdf_is_a_read_error(tmp_path):
    path = build_pdf(tmp_path, SIMPLIFIED, password="secret", name="locked.pdf")
    with pytest.raises(ReadError, match=r"locked\.pdf: encrypted PDF"):
        read(path)


def test_scanned_pdf_is_a_read_error(tmp_path):
    path = build_scanned_pdf(tmp_path)
    with pytest.raises(ReadError, match=r"scan\.pdf: no text layer \(scanned PDF\?\)"):
        read(path)


def test_corrupt_pdf_is_a_read_error(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\nnot a pdf at all\n")
    with pytest.raises(ReadError, match=r"bad\.pdf: not a readable PDF"):
        read(path)


# --- bad input --------------------------------------------------------------------------


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", " \n\u3000\n".encode(), "empty file"),
        ("blank.html", b"<html><body><script>var a;</script></body></html>", "no text content"),
        ("nul.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary file \(contains NUL bytes\)"),
        ("controls.txt", bytes(range(1, 32)) * 20, r"binary file \(control characters\)"),
        ("mixed.txt", bytes(range(0x80, 0x100)) * 4, "cannot decode"),
        ("bad-bom.txt", b"\xef\xbb\xbf\xff\xfe\xfd" + "文本".encode("gbk"), "cannot decode"),
        ("notes.rtf", b"{\\rtf1 text}", r"unsupported file type \.rtf"),
        ("README", b"text", r"unsupported file type \(no suffix\)"),
    ],
)
def test_bad_input_is_a_read_error_naming_the_file(tmp_path, name, data, reason):
    path = _bad(tmp_path, name, data)
    with pytest.raises(ReadError, match=reason) as err:
        read(path)
    assert str(err.value).startswith(f"{path}: ")
    assert err.value.path == str(path)
    assert "\n" not in str(err.value)


def test_file_over_the_size_limit(tmp_path):
    path = write_text(tmp_path, SIMPLIFIED * 100)
    assert read(path, max_bytes=path.stat().st_size).text == SIMPLIFIED * 100
    size = path.stat().st_size
    with pytest.raises(ReadError, match=rf"{path.name}: file too large \({size:,} bytes; the limit is 1,000\)"):
        read(path, max_bytes=1000)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match=r"nope\.txt: no such file"):
        read(tmp_path / "nope.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ReadError, match=r"folder\.txt: is a directory"):
        read(tmp_path / "folder.txt")


def test_suffixes_cover_every_reader(tmp_path):
    assert set(SUFFIXES) == {".txt", ".html", ".htm", ".docx", ".pdf"}
    upper = write_text(tmp_path, SIMPLIFIED, name="UPPER.TXT")
    assert read(upper).text == SIMPLIFIED
