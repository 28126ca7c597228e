"""Property-based tests (Hypothesis): the machine looks for the next bad input.

* Readers: arbitrary bytes, and mutations of real files of every format (built by
  :mod:`docbuilders`), give a Document or a :class:`ReadError`, never another
  exception.
* Extraction: on texts made of real documents' lines, cut, shuffled and spliced
  with arbitrary characters, every mention's offsets lie inside the text and its
  text is what stands there; extraction is deterministic and the same whatever the
  file's name or folder.

Example counts are kept small so the suite stays quick; Hypothesis keeps no
database here (set ``HYPOTHESIS_PROFILE=thorough`` for a longer hunt). Bugs found
this way are kept as ordinary regression tests below.
"""
from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docbuilders import build_docx, build_html, build_pdf, write_text
from kg.read.document import Document, ReadError
from kg.extract.document import extract
from kg.read import read

ROOT = Path(__file__).resolve().parents[1]
LINES = [line for p in sorted((ROOT / "examples").glob("*.txt")) for line in p.read_text("utf-8").splitlines() if line.strip()]
CONTENT = [
    "关于推进县域经济高质量发展的实施意见",
    "一、推进链式招商。（牵头单位：区商务局；责任单位：区财政局、汉川市人民政府）",
    [["序号", "任务", "牵头单位", "责任单位"], ["1", "推行产业链长制", "区发展改革局", "区财政局\n区商务局"]],
    "到2025年，全区规模以上工业增加值增长8%以上。",
]

settings.register_profile("suite", max_examples=40, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", max_examples=2000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
FEW = settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 2))


@cache
def real_files() -> dict[str, bytes]:
    """One small real file per format, as bytes (built once)."""
    with tempfile.TemporaryDirectory() as name:
        return _build(Path(name))


def _build(d: Path) -> dict[str, bytes]:
    paths = [write_text(d, "\n".join(c for c in CONTENT if isinstance(c, str)), name="doc.txt"),
             write_text(d, "\n".join(c for c in CONTENT if isinstance(c, str)), encoding="gbk", name="gbk.txt"),
             build_html(d, CONTENT, title="实施意见"), build_docx(d, CONTENT, title="实施意见"), build_pdf(d, CONTENT, title="实施意见")]
    return {p.suffix if p.name != "gbk.txt" else ".gbk.txt": p.read_bytes() for p in paths}


def _read_bytes_as(data: bytes, suffix: str):
    """Read ``data`` as a file named ``*suffix``: a Document, or a ReadError naming that file in one line."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"input{suffix}"
        path.write_bytes(data)
        try:
            doc = read(path)
        except ReadError as e:
            assert str(e).startswith(f"{path}: ") and "\n" not in str(e)
            return e
        assert isinstance(doc.text, str) and doc.text.strip()
        return doc


@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".docx", ".pdf"]))
@settings(PROFILE)
def test_arbitrary_bytes_are_a_document_or_a_read_error(data, suffix):
    _read_bytes_as(data, suffix)


_MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.integers(0, 0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), st.integers(0, 10**9), st.integers(1, 512)),
)


def _mutate(data: bytes, mutations) -> bytes:
    buf = bytearray(data)
    for op, where, arg in mutations:
        if not buf:
            break
        i = where % len(buf)
        if op == "flip":
            buf[i] ^= arg
        elif op == "cut":
            del buf[i:]
        elif op == "insert":
            buf[i:i] = arg
        else:
            del buf[i:i + arg]
    return bytes(buf)


@given(fmt=st.sampled_from([".txt", ".gbk.txt", ".html", ".docx", ".pdf"]), mutations=st.lists(_MUTATION, min_size=1, max_size=4))
@settings(PROFILE)
def test_mutated_real_files_are_a_document_or_a_read_error(fmt, mutations):
    suffix = ".txt" if fmt == ".gbk.txt" else fmt
    _read_bytes_as(_mutate(real_files()[fmt], mutations), suffix)


_TEXTS = st.lists(
    st.one_of(st.sampled_from(LINES), st.sampled_from(LINES).map(lambda s: s[: len(s) // 2]),
              st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)),
    min_size=1, max_size=12,
).map("\n".join)


def _facts(result) -> tuple:
    ents = [(e.id, e.label, e.text, e.name, e.start, e.end, {k: v for k, v in e.attrs.items() if k != "key"}) for e in result.entities]
    rels = [(r.type, r.source, r.target, r.evidence, r.start, r.end, r.attrs) for r in result.relations]
    return ents, rels, result.title, result.jurisdiction, result.script


@given(text=_TEXTS)
@settings(FEW)
def test_mentions_lie_inside_the_text_and_read_as_it_does(text):
    result = extract(Document("doc.txt", text))
    for e in result.entities:
        assert 0 <= e.start < e.end <= len(text), e
        assert e.text == _without_dropped(text, e), e
    for r in result.relations:
        assert 0 <= r.start <= r.end <= len(text), r


def _without_dropped(text: str, e) -> str:
    """The text at a mention's offsets less what the matching view drops (inserted pinyin readings, chrome)."""
    from kg.text.clean import clean

    c = clean(text)
    return "".join(text[o] for o in c.index if e.start <= o < e.end)


@given(text=_TEXTS, folder=st.sampled_from(["a", "政策/文件", "x y"]), name=st.sampled_from(["doc.txt", "实施意见.txt", "B.TXT"]))
@settings(FEW)
def test_extraction_is_deterministic_and_ignores_the_files_name(text, folder, name):
    first = extract(Document("doc.txt", text))
    assert _facts(extract(Document("doc.txt", text))) == _facts(first)
    assert _facts(extract(Document(f"/{folder}/{name}", text))) == _facts(first)


# --- bugs Hypothesis found, kept as regression tests ------------------------------------


def test_a_docx_with_a_corrupt_deflate_stream_is_a_read_error():
    """One flipped bit inside a compressed part made zlib raise its own error, not a ReadError."""
    result = _read_bytes_as(_mutate(real_files()[".docx"], [("flip", 49, 2)]), ".docx")
    assert isinstance(result, ReadError) and "not a readable .docx file (error: Error -3 while decompressing" in str(result)


def test_a_pdf_whose_page_does_not_load_is_a_read_error():
    """PDFium opened the file but failed on a page (PdfiumError: Failed to load page), outside the reader's guard."""
    result = _read_bytes_as(_mutate(real_files()[".pdf"], [("delete", 4, 1), ("delete", 384, 256)]), ".pdf")
    assert isinstance(result, ReadError) and "not a readable PDF (Failed to load page.)" in str(result)


def test_a_pdf_with_a_damaged_page_tree_is_a_read_error():
    """pdfminer tripped over one flipped byte with a TypeError that pdfplumber does not wrap."""
    result = _read_bytes_as(_mutate(real_files()[".pdf"], [("flip", 16149, 1)]), ".pdf")
    assert isinstance(result, ReadError) and "not a readable PDF (TypeError: " in str(result)


def test_a_pdf_with_a_damaged_media_box_is_a_read_error():
    """pdfplumber's own MalformedPDFException (a name where the MediaBox needs a number) escaped the reader."""
    result = _read_bytes_as(_mutate(real_files()[".pdf"], [("flip", 1180, 1)]), ".pdf")
    assert isinstance(result, ReadError) and "not a readable PDF (MalformedPDFException: Bounding box" in str(result)
