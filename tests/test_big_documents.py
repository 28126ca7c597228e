"""Big and odd real documents read and extract like ordinary ones.

A text over spaCy's ``max_length`` (1,000,000 characters) extracts as its parts
would; a page nested hundreds or a hundred thousand elements deep keeps its text;
UTF-16 without a byte-order mark is text, not "binary".
"""
from __future__ import annotations

from pathlib import Path

import pytest

from docbuilders import write_text
from kg.text.clean import clean
from kg.read.document import Document
from kg.extract.document import _nlp_mentions, extract
from kg.read import read

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "examples" / "xishui_2024_tasks.txt").read_text("utf-8")
TEXT = "关于推进县域经济高质量发展的实施意见\n牵头单位：区发展改革局；责任单位：区财政局、汉川市人民政府。\n2025年底前完成。\n"
TRADITIONAL = "湖北省縣域經濟發展規劃\n牽頭單位：區發展改革局；責任單位：區財政局、漢川市人民政府。\n"


def _facts(result, shift: int = 0, below: int | None = None) -> list[tuple]:
    return [(e.label, e.text, e.name, e.start - shift) for e in result.entities
            if e.label not in ("Task", "Target") and e.start >= shift and (below is None or e.start < below)]


def test_a_text_over_spacys_max_length_extracts_as_its_parts_do():
    filler = (" " * 99 + "\n") * 12_000  # cheap to segment: keeps the test quick
    text = SAMPLE + "\n" + filler + SAMPLE
    assert len(text) > 1_000_000
    big, small = extract(Document("big.txt", text)), extract(Document("small.txt", SAMPLE))
    second = len(SAMPLE) + 1 + len(filler)
    assert _facts(small) and _facts(big, below=len(SAMPLE)) == _facts(small)
    assert _facts(big, shift=second) == _facts(small)
    assert all(text[e.start:e.end] == e.text for e in big.entities)
    assert len(big.relations) == 2 * len(small.relations)


@pytest.mark.shared
def test_sections_give_the_mentions_of_the_whole_text(shared_dir):
    """Tokenized in sections or in one piece, every real document gives the same mentions (offsets into the whole)."""
    files = sorted((ROOT / "examples").glob("*.txt")) + sorted((shared_dir / "corpus").glob("*.txt"))
    for f in files:
        view = clean(f.read_text("utf-8")).text
        whole = [(m.start, m.end, m.label, m.attrs) for m in _nlp_mentions(view)]
        for size in (50,):  # the harshest: many cuts, each at a line break
            assert [(m.start, m.end, m.label, m.attrs) for m in _nlp_mentions(view, section=size)] == whole, (f.name, size)


@pytest.mark.parametrize("depth", [300, 2_100, 100_000])
def test_deeply_nested_html_keeps_its_text(tmp_path, depth):
    page = (f"<html><head><title>深层页面</title></head><body>{'<div>' * depth}<p>推进链式招商。（牵头单位：区商务局）</p>"
            f"<script>var tracker = 1;</script><p>第二段。</p>{'</div>' * depth}<p>结尾段落</p></body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, "utf-8")
    assert read(path).text.splitlines() == ["推进链式招商。（牵头单位：区商务局）", "第二段。", "结尾段落"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [TEXT, TRADITIONAL, "区财政局汉川市人民政府", "Policy 2025: 区财政局\n"],
                         ids=["simplified", "traditional", "han-only", "mixed"])
def test_utf16_without_a_bom_is_text(tmp_path, encoding, text):
    doc = read(write_text(tmp_path, text, encoding=encoding))
    assert (doc.text, doc.encoding) == (text, encoding)


def test_binary_with_nul_bytes_is_still_binary(tmp_path):
    from kg.read.document import ReadError

    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(ReadError, match="binary file"):
        read(path)
