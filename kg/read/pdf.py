"""PDF: the text layer, with paragraphs unwrapped and ruled tables as rows.

pdfplumber gives text lines with their positions. A line that runs to the right
margin and is followed by a line that is not indented is a wrapped paragraph and
is joined to it, so that names and sentences are not cut in two by a line break.
Ruled tables (pdfplumber's line-based detection) are rendered one row per line,
cells joined by `` | `` (:mod:`kg.read.table`); inside a cell a line that reaches
the cell's right edge is wrapped text, a line that stops short is a deliberate
break (one unit per line); in a narrow cell listing units, a full line that ends
like a unit name (局, 委, 办, 中心 ...) is taken as a break too. Pages whose fonts
lack a Unicode map come out of pdfminer as ``(cid:123)``; for those the PDFium
text layer (pypdfium2, which pdfplumber itself depends on) is used instead.

A PDF that needs a password, and a PDF without a text layer (a scan), are read
errors: policykg does not do OCR.
"""
from __future__ import annotations

import io
import re
import statistics
import struct
from dataclasses import dataclass

from kg.read.document import Document, ReadError
from kg.read.table import join_cell_lines, render_row
from kg.read.txt import normalize_newlines

__all__ = ["read_pdf"]

# What pdfminer raises from inside its parser on a damaged file, besides its own errors
# (found by the property tests: a flipped byte in a page tree gives a TypeError, in a
# MediaBox pdfplumber's MalformedPDFException).
_PDFMINER_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ValueError, AssertionError, RecursionError,
                    OverflowError, ZeroDivisionError, EOFError, UnicodeDecodeError, struct.error)
_CID = re.compile(r"\(cid:\d+\)")
_PARAGRAPH_END = re.compile(r"[。：:；;！!？?”」』）)]$")
_WRAP_SLACK = 1.5  # a line ending within this many character widths of the margin is "full"
_CELL_SLACK, _CELL_PADDING = 2.0, 4.0  # in a cell: character widths, plus points of padding
_INDENT = 0.8  # a line starting this many character widths right of the margin is indented
# In a narrow cell a unit name can fill the line exactly, so "full" does not prove a wrap there:
# in a cell without sentence punctuation (a list of units) a full line ending like a unit name
# (区财政局, 市委办, 招商中心) ends an item.
_UNIT_ENDS = set("局委办厅部院室所队会司处科站心府镇街社团行组")
# How unit names open: a level (区财政局, 市委), a collective (各镇街), a national prefix (国家…, 中共…).
_UNIT_STARTS = set("省市州县区旗镇乡街村各国中团全有相")
_SENTENCE_PUNCT = re.compile(r"[。，,；;！？]")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float


def read_pdf(data: bytes, *, path: str) -> Document:
    """A PDF's text layer as a Document, with its Title metadata."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = _text(pdf)
            meta = _metadata(pdf.metadata)
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFPasswordIncorrect):
            raise ReadError(path, "encrypted PDF (needs a password)") from None
        raise ReadError(path, f"not a readable PDF ({cause.__class__.__name__}: {cause})") from None
    except (MalformedPDFException, PSException, *_PDFMINER_ERRORS) as e:  # pdfminer lets a broken file surface as whatever its parser tripped on
        raise ReadError(path, f"not a readable PDF ({e.__class__.__name__}: {' '.join(str(e).split())})") from None
    if sum(map(len, _CID.findall(text))) > 0.3 * len(text):  # glyphs without a Unicode map
        text = _pdfium_text(data, path)
    if not text.strip():
        raise ReadError(path, "no text layer (scanned PDF?)")
    return Document(path, text, "pdf", None, metadata=meta)


def _text(pdf) -> str:
    pages = [_page_items(page) for page in pdf.pages]
    layout = _Layout.of([line for items in pages for _, kind, line in items if kind == "line"])
    out: list[str] = []
    pending: _Line | None = None  # the last body line, whose paragraph may go on
    for items in pages:
        for _, kind, item in items:
            if kind == "table":
                out.extend(item)
                pending = None
                continue
            if pending is not None and layout.wraps(pending, item):
                out[-1] = _join(out[-1], item.text)
            else:
                out.append(item.text)
            pending = item
    return "\n".join(line for line in out if line.strip())


@dataclass
class _Layout:
    """The text block of the document: left margin, right margin and line pitch, robust to outliers."""

    left: float
    right: float
    pitch: float

    @classmethod
    def of(cls, lines: list[_Line]) -> _Layout:
        if not lines:
            return cls(0.0, 0.0, 0.0)
        size = statistics.median(ln.size for ln in lines)
        top = max(ln.x1 for ln in lines)
        # Full lines end within a character or two of each other; punctuation may hang past the margin.
        right = statistics.median(ln.x1 for ln in lines if ln.x1 >= top - 4 * size)
        gaps = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 4 * size]
        return cls(min(ln.x0 for ln in lines), right, statistics.median(gaps) if gaps else 0.0)

    def wraps(self, line: _Line, nxt: _Line) -> bool:
        """Whether ``nxt`` continues ``line``: ``line`` is full, ``nxt`` not indented and not set apart."""
        full = line.x1 >= self.right - _WRAP_SLACK * line.size
        indented = nxt.x0 > self.left + _INDENT * nxt.size
        apart = self.pitch > 0 and nxt.top - line.top > 1.2 * self.pitch  # negative on the next page
        return (full or self._pushed_token(line, nxt)) and not indented and not apart

    def _pushed_token(self, line: _Line, nxt: _Line) -> bool:
        """A long unbreakable number or word moved to the next line, leaving this one short of the margin."""
        width = self.right - self.left
        return (
            line.x1 - self.left >= 0.6 * width
            and not _PARAGRAPH_END.search(line.text)
            and bool(re.match(r"[(（]?[A-Za-z0-9]{2}|[A-Za-z0-9][.:∶%]", nxt.text))
        )


def _page_items(page) -> list[tuple[float, str, object]]:
    """Body lines and rendered tables of one page, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    source = page.filter(outside) if boxes else page
    items: list[tuple[float, str, object]] = [(ln.top, "line", ln) for ln in _lines(source)]
    items += [(t.bbox[1], "table", _table_rows(page, t)) for t in tables]
    return sorted(items, key=lambda it: it[0])


def _lines(page) -> list[_Line]:
    out = []
    for ln in page.extract_text_lines(return_chars=True):
        size = max((c.get("size", 0) for c in ln["chars"]), default=10.0) or 10.0
        out.append(_Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["top"], size))
    return [ln for ln in out if ln.text]


def _join(a: str, b: str) -> str:
    return f"{a} {b}" if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else a + b


def _table_rows(page, table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [_cell_text(page, bbox) if bbox else "" for bbox in row.cells]
        if any(cells):
            rows.append(render_row(cells))
    return rows


def _cell_text(page, bbox: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = bbox

    def inside(obj: dict) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return x0 <= cx <= x1 and top <= cy <= bottom

    lines = _lines(page.filter(inside))
    is_list = not _SENTENCE_PUNCT.search("".join(ln.text for ln in lines))
    pieces: list[str] = []
    for prev, line in zip([None, *lines], lines):
        full = prev is not None and prev.x1 >= x1 - _CELL_SLACK * prev.size - _CELL_PADDING
        # A full line is wrapped text, unless it ends like a unit name and the next starts like one (one unit a line).
        if full and not (is_list and prev.text[-1] in _UNIT_ENDS and line.text[:1] in _UNIT_STARTS):
            pieces[-1] = _join(pieces[-1], line.text)
        else:
            pieces.append(line.text)
    return join_cell_lines(pieces)


def _pdfium_text(data: bytes, path: str) -> str:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        try:
            pages = [document[i].get_textpage().get_text_bounded() for i in range(len(document))]
        finally:
            document.close()
    except pypdfium2.PdfiumError as e:  # at opening, or a page that does not load
        raise ReadError(path, f"not a readable PDF ({e})") from None
    return normalize_newlines("\n".join(pages))


def _metadata(info: dict) -> dict[str, str | None]:
    def value(key: str) -> str | None:
        v = info.get(key)
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        v = str(v).strip() if v is not None else ""
        return v if v and v.lower() not in ("untitled", "anonymous", "unspecified") else None

    out: dict[str, str | None] = {"title": value("Title")}
    if author := value("Author"):
        out["author"] = author
    if m := re.match(r"D:(\d{4})(\d{2})(\d{2})", value("CreationDate") or ""):
        out["date"] = "-".join(m.groups())
    return out
