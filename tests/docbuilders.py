"""Build real test files (.txt in any encoding, .html, .docx, .pdf) from a given text.

Other tests reuse these to feed the readers genuine files instead of mocks.

``content`` is either a string (one paragraph per line) or a sequence of blocks,
where a block is a paragraph (``str``) or a table (a sequence of rows, each a
sequence of cell strings; a ``"\\n"`` inside a cell writes the cell as several
lines: paragraphs in .docx, ``<br>`` in .html, line breaks in .pdf).
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "Block",
    "HTML_CHROME",
    "blocks",
    "write_text",
    "build_html",
    "build_docx",
    "build_pdf",
    "build_scanned_pdf",
]

Block = str | Sequence[Sequence[str]]

# Text that build_html(chrome=True) puts into the page's navigation, header, footer,
# sidebar and scripts: none of it may survive reading.
HTML_CHROME = (
    "网站首页", "政务公开", "办事服务", "互动交流", "当前位置", "主办单位", "ICP备", "技术支持",
    "相关阅读", "var tracker", "color: red", "搜索本站",
)  # fmt: skip


def blocks(content: str | Sequence[Block]) -> list[Block]:
    """The blocks of ``content``: a string becomes one paragraph per non-empty line."""
    if isinstance(content, str):
        return [line for line in content.splitlines() if line.strip()]
    return list(content)


def write_text(
    directory: Path, text: str, *, encoding: str = "utf-8", bom: bool = False, name: str | None = None
) -> Path:
    """``text`` encoded in ``encoding`` (``bom=True`` adds a UTF-8 BOM; Python's utf-16 always writes one)."""
    codec = "utf-8-sig" if bom and encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    path = Path(directory) / (name or f"doc-{codec}.txt")
    path.write_bytes(text.encode(codec))
    return path


def build_html(
    directory: Path,
    content: str | Sequence[Block],
    *,
    title: str | None = None,
    chrome: bool = True,
    encoding: str = "utf-8",
    name: str = "page.html",
) -> Path:
    """A web page whose ``<div id="content">`` holds ``content``; with ``chrome`` the usual site furniture around it."""
    body = "\n".join(_html_block(b) for b in blocks(content))
    head = f'<meta charset="{encoding}"><title>{html.escape(title or "")}_某市人民政府网站</title>'
    head += "<style>p { color: red; }</style><script>var tracker = 1;</script>"
    if title:
        body = f"<h1>{html.escape(title)}</h1>\n{body}"
    if chrome:
        main = f'<div class="main"><div id="content">{body}</div>{_HTML_ASIDE}</div>'
        body = _HTML_HEADER + main + _HTML_FOOTER
    else:
        body = f'<div id="content">{body}</div>'
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    path = Path(directory) / name
    path.write_bytes(page.encode(encoding))
    return path


_HTML_HEADER = """
<header><div class="logo">某市人民政府</div><form><input name="q" placeholder="搜索本站"></form></header>
<nav><ul><li><a href="/">网站首页</a></li><li><a href="/gk">政务公开</a></li>
<li><a href="/bs">办事服务</a></li><li><a href="/hd">互动交流</a></li></ul></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/gk">政务公开</a></div>
"""
_HTML_ASIDE = """<aside><h3>相关阅读</h3><ul><li><a href="/a">某区召开工作会议</a></li></ul></aside>"""
_HTML_FOOTER = """
<footer><p>主办单位：某市人民政府办公室　技术支持：某某网络公司</p><p>ICP备12345678号</p></footer>
<script>document.write("var tracker");</script>
"""


def _html_block(block: Block) -> str:
    if isinstance(block, str):
        return f"<p>{html.escape(block)}</p>"
    rows = "".join(
        "<tr>" + "".join(f"<td>{'<br>'.join(html.escape(x) for x in c.split(chr(10)))}</td>" for c in row) + "</tr>"
        for row in block
    )
    return f'<table border="1"><tbody>{rows}</tbody></table>'


def build_docx(
    directory: Path, content: str | Sequence[Block], *, title: str | None = None, name: str = "doc.docx"
) -> Path:
    """A Word document with ``content`` in its body and ``title`` in its core properties."""
    import docx

    document = docx.Document()
    for block in blocks(content):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
        for row, cells in zip(table.rows, block):
            for cell, text in zip(row.cells, cells):
                first, *rest = text.split("\n")
                cell.text = first
                for line in rest:
                    cell.add_paragraph(line)
    document.core_properties.title = title or ""
    path = Path(directory) / name
    document.save(str(path))
    return path


def build_pdf(
    directory: Path,
    content: str | Sequence[Block],
    *,
    title: str | None = None,
    password: str | None = None,
    owner_password: str | None = None,
    name: str = "doc.pdf",
) -> Path:
    """A PDF with a Chinese text layer (reportlab's built-in CID font STSong-Light); ruled tables.

    With ``password`` the PDF is encrypted and cannot be opened without it; with only
    ``owner_password`` it is encrypted but opens without a password (permissions only).
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_cid_font()
    # Paragraphs indented by two characters, as Chinese documents are set.
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK", firstLineIndent=22)
    cell_style = ParagraphStyle("cell", style, firstLineIndent=0)
    flow: list = []
    for block in blocks(content):
        if isinstance(block, str):
            flow += [Paragraph(html.escape(block), style), Spacer(1, 4)]
            continue
        data = [[Paragraph(_pdf_lines(cell), cell_style) for cell in row] for row in block]
        table = Table(data, colWidths=_column_widths(block, A4[0] - 144), repeatRows=0)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        flow += [table, Spacer(1, 6)]
    path = Path(directory) / name
    encrypt = _encryption(password or "", owner_password or f"{password}-owner") if password or owner_password else None
    SimpleDocTemplate(str(path), pagesize=A4, title=title or "", encrypt=encrypt).build(flow)
    return path


def _column_widths(rows: Sequence[Sequence[str]], total: float) -> list[float]:
    """Widths in proportion to each column's longest line (at least 3 characters), filling ``total``."""
    columns = range(max(map(len, rows)))
    longest = [max(3, *(len(line) for row in rows if i < len(row) for line in row[i].split("\n"))) for i in columns]
    return [total * n / sum(longest) for n in longest]


def _pdf_lines(cell: str) -> str:
    return "<br/>".join(html.escape(line) for line in cell.split("\n"))


def build_scanned_pdf(directory: Path, *, name: str = "scan.pdf") -> Path:
    """A PDF like a scan: a page with only graphics (a filled rectangle), no text layer."""
    from reportlab.pdfgen import canvas

    path = Path(directory) / name
    c = canvas.Canvas(str(path))
    c.setFillGray(0.4)
    c.rect(72, 200, 450, 560, fill=1)
    c.save()
    return path


def _register_cid_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def _encryption(password: str, owner_password: str):
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption(password, ownerPassword=owner_password)
