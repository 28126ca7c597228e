"""Word documents: paragraphs and tables in the order they stand in the body.

python-docx's ``iter_inner_content()`` walks the body XML, so a task table stays
between the paragraphs around it. Each table row is one line, cells joined by
`` | `` (:mod:`kg.read.table`); a cell's paragraphs are joined by
:func:`kg.read.table.join_cell_lines` (``、`` between short lines such as one
unit per line). A cell merged across columns is written once, followed by empty
cells so that columns stay aligned; a cell merged down several rows is repeated
in each row, so that every task row carries its own lead unit. Page headers,
footers and footnotes are not part of the text.

A .docx is a zip of XML parts, so it is checked before python-docx unpacks it
(:func:`check_package`): the parts may unpack to at most :data:`MAX_UNPACKED`
bytes in all, and no part larger than a megabyte may be compressed more than
:data:`MAX_RATIO` times (a zip bomb: 1 MB that unpacks to gigabytes of
paragraphs). No part may declare a DTD: Word never writes one, and it is the way
in for entity expansion ("billion laughs"); python-docx's parser does not expand
entities either, and any XML error it raises is a :class:`ReadError`.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from kg.read.document import Document, ReadError
from kg.read.docx_numbering import ListNumbering
from kg.read.table import join_cell_lines, render_row

__all__ = ["read_docx", "check_package", "MAX_UNPACKED", "MAX_RATIO"]

MAX_UNPACKED = 64_000_000  # bytes of all parts together, unpacked
MAX_RATIO = 100  # uncompressed / compressed, for parts over _RATIO_FLOOR bytes
_RATIO_FLOOR = 1_000_000
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def read_docx(data: bytes, *, path: str) -> Document:
    """A .docx file as a Document, with its core-properties title."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    check_package(data, path=path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, etree.XMLSyntaxError) as e:
        raise ReadError(path, f"not a readable .docx file ({e.__class__.__name__}: {_one_line(e)})") from None
    lines = _block_lines(document, ListNumbering.of(document))
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError(path, "no text in the document")
    return Document(path, text, "docx", None, metadata=_metadata(document))


def check_package(data: bytes, *, path: str) -> None:
    """Refuse a zip whose parts unpack too far or declare a DTD, before anything is unpacked in full."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED:
                raise ReadError(path, f"a .docx that unpacks to {total:,} bytes (the limit is {MAX_UNPACKED:,}); refused as a zip bomb")
            for info in infos:
                _check_part(z, info, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError) as e:
        raise ReadError(path, f"not a readable .docx file ({e.__class__.__name__}: {_one_line(e)})") from None


def _check_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> None:
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        ratio = info.file_size / max(1, info.compress_size)
        raise ReadError(path, f"part {info.filename} is compressed {ratio:,.0f} times (the limit is {MAX_RATIO}); refused as a zip bomb")
    if info.filename.endswith((".xml", ".rels")):
        with z.open(info) as f:
            head = f.read(65536)  # a DTD stands in the prolog, before the root element
        if any(m in head for m in _DTD_MARKERS):
            raise ReadError(path, f"part {info.filename} declares a DTD (entity declarations are not allowed in a .docx)")


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())


def _block_lines(container, numbering: ListNumbering) -> list[str]:
    """Lines of a document or table cell: one per paragraph (with the number Word draws before a
    list item), one per table row."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block, numbering))
        else:
            parts = [part.strip() for part in block.text.split("\n") if part.strip()]
            label = numbering.label(block) if parts else ""
            if label:
                parts[0] = label + parts[0]
            lines.extend(parts)
    return lines


def _table_lines(table, numbering: ListNumbering) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = [""] * row.grid_cols_before
        previous = None
        for cell in row.cells:
            same = previous is not None and cell._tc is previous._tc  # one cell spanning columns
            cells.append("" if same else join_cell_lines(_block_lines(cell, numbering)))
            previous = cell
        cells.extend([""] * row.grid_cols_after)
        if any(cells):
            lines.append(render_row(cells))
    return lines


def _metadata(document) -> dict[str, str | None]:
    props = document.core_properties
    out: dict[str, str | None] = {"title": (props.title or "").strip() or None}
    if (props.author or "").strip():
        out["author"] = props.author.strip()
    if props.created is not None:
        out["date"] = props.created.date().isoformat()
    return out
