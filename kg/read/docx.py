"""Word documents: paragraphs and tables in the order they stand in the body.

python-docx's ``iter_inner_content()`` walks the body XML, so a task table stays
between the paragraphs around it. Each table row is one line, cells joined by
`` | `` (:mod:`kg.read.table`); a cell's paragraphs are joined by
:func:`kg.read.table.join_cell_lines` (``、`` between short lines such as one
unit per line). A cell merged across columns is written once, followed by empty
cells so that columns stay aligned; a cell merged down several rows is repeated
in each row, so that every task row carries its own lead unit. Page headers,
footers and footnotes are not part of the text.
"""
from __future__ import annotations

import io
import zipfile

from kg.document import Document, ReadError
from kg.read.table import join_cell_lines, render_row

__all__ = ["read_docx"]


def read_docx(data: bytes, *, path: str) -> Document:
    """A .docx file as a Document, with its core-properties title."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReadError(path, f"not a readable .docx file ({e.__class__.__name__}: {e})") from None
    lines = _block_lines(document)
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError(path, "no text in the document")
    return Document(path, text, "docx", None, metadata=_metadata(document))


def _block_lines(container) -> list[str]:
    """Lines of a document or table cell: one per paragraph, one per table row."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.extend(part.strip() for part in block.text.split("\n") if part.strip())
    return lines


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = [""] * row.grid_cols_before
        previous = None
        for cell in row.cells:
            same = previous is not None and cell._tc is previous._tc  # one cell spanning columns
            cells.append("" if same else join_cell_lines(_block_lines(cell)))
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
