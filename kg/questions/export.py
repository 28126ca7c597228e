"""Exports of the graph for other tools: GraphML, node-link JSON, CSV, and an xlsx ledger.

The xlsx ledger is the task-division table offices already keep (任务分工台账): one row per
task with its text, section, lead and responsible units, deadline and document. The CSV
export is what ``neo4j-admin database import`` reads. The format follows the file's
extension unless given. All functions take the graph model of :mod:`kg.graph.model`
(``store.graph()``), not a store.
"""
from __future__ import annotations

import csv
import errno
import json
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import atomic_path

__all__ = ["ledger_rows", "write_graphml", "write_json", "write_csv", "write_xlsx", "export", "format_for", "FORMATS"]

FORMATS = ("graphml", "json", "csv", "xlsx")
SUFFIXES = {".graphml": "graphml", ".json": "json", ".zip": "csv", ".xlsx": "xlsx"}
LEDGER_COLUMNS = ("no", "task", "body", "section", "lead", "responsible", "deadline", "document", "doc_number",
                  "jurisdiction", "progress", "remarks")
_HEADERS_ZH = {"no": "序号", "task": "任务", "body": "任务内容", "section": "所属章节", "lead": "牵头单位",
               "responsible": "责任单位", "deadline": "完成时限", "document": "来源文件", "doc_number": "文号",
               "jurisdiction": "发文辖区", "progress": "进展情况", "remarks": "备注"}
_WIDTHS = {"no": 6, "task": 28, "body": 60, "section": 24, "lead": 24, "responsible": 36, "deadline": 14,
           "document": 36, "doc_number": 18, "jurisdiction": 18, "progress": 24, "remarks": 16}


def format_for(path: str | Path, format: str | None = None) -> str:
    """The export format: ``format`` when given, else the one ``path``'s extension names.

    >>> format_for("ledger.xlsx"), format_for("g.graphml"), format_for("g.zip"), format_for("x.xlsx", "json")
    ('xlsx', 'graphml', 'csv', 'json')
    """
    if format:
        if format not in FORMATS:
            raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    hint = " (the CSV export is a zip of nodes.csv and edges.csv: name it .zip)" if suffix == ".csv" else ""
    raise ValueError(f"{path}: cannot tell the format from the extension{hint}; use "
                     f"{', '.join(SUFFIXES)} or pass --format")


def ledger_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per task, in document order: ``no`` (1, 2, ...), title, text, section, lead and
    responsible unit names in the order the document lists them, deadline, the document's
    title and 文号, and empty ``progress``/``remarks`` for the office to fill in.

    The rows are :func:`kg.questions.query.leads` asked of the graph, so the ledger and
    ``policykg leads`` can never disagree about who leads what.
    """
    from kg.loaders.memory import GraphStore
    from kg.questions.query import leads

    return [
        {"no": i, "task": r["task"], "body": r["body"], "section": r["section"], "lead": r["lead"],
         "responsible": r["responsible"], "deadline": r["deadline"], "document": r["document_title"] or r["document"],
         "doc_number": r["doc_number"], "jurisdiction": r["jurisdiction"], "progress": None, "remarks": None}
        for i, r in enumerate(leads(GraphStore(graph), detail=True), 1)
    ]


def _plain(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with list properties joined (GraphML has no list type)."""
    g = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        g.add_node(n, **{k: ("|".join(map(str, v)) if isinstance(v, list) else v) for k, v in d.items() if v is not None})
    for u, v, k, d in graph.edges(keys=True, data=True):
        g.add_edge(u, v, key=k, **{a: b for a, b in d.items() if b is not None})
    return g


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> None:
    nx.write_graphml(_plain(graph), str(path))


def write_json(graph: nx.MultiDiGraph, path: str | Path) -> None:
    Path(path).write_text(json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1), "utf-8")


def _kind(values: list[Any]) -> str:
    """The neo4j-admin type of a column: ``int``, ``float``, ``boolean``, ``string[]`` or ``string``."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, list) for v in present):
        return "string[]"
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float"
    return "string"


def _header(cols: list[str], rows: list[dict[str, Any]]) -> list[str]:
    kinds = {c: _kind([r.get(c) for r in rows]) for c in cols}
    return [c if kinds[c] == "string" else f"{c}:{kinds[c]}" for c in cols]


def write_csv(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """A zip of ``nodes.csv`` and ``edges.csv`` that ``neo4j-admin database import`` loads as they are.

    Headers are neo4j-admin's: ``id:ID`` (the node id, unique across labels), ``:LABEL``,
    ``:START_ID``, ``:END_ID``, ``:TYPE``, typed property columns (``year:int``,
    ``documents:string[]`` with ``;`` between items, its default array delimiter). UTF-8
    with a byte-order mark, so Excel on a Chinese Windows opens them without mojibake::

        neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv neo4j
    """
    nodes = [{**d, "id": n} for n, d in graph.nodes(data=True)]
    edges = [{**d, "source": u, "target": v} for u, v, d in graph.edges(data=True)]
    node_cols = sorted({k for d in nodes for k in d} - {"id", "label"})
    edge_cols = sorted({k for d in edges for k in d} - {"source", "target", "type"})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", _csv(["id:ID", ":LABEL", *_header(node_cols, nodes)],
                                     ([d["id"], d.get("label", ""), *(_cell(d.get(c)) for c in node_cols)] for d in nodes)))
        z.writestr("edges.csv", _csv([":START_ID", ":END_ID", ":TYPE", *_header(edge_cols, edges)],
                                     ([d["source"], d["target"], d.get("type", ""), *(_cell(d.get(c)) for c in edge_cols)] for d in edges)))


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return ";".join(str(x).replace(";", "；") for x in v) if isinstance(v, list) else str(v)


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def write_xlsx(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """The task-division ledger (任务分工台账) as an office keeps it.

    One sheet: 序号, the task and its text, section, lead and responsible units (、 between
    them, in the document's order), deadline, the document's title and 文号, and empty
    进展情况/备注 columns to fill in. Bold header, frozen and repeated on every printed
    page, an autofilter, text wrapped, landscape A4 fitted to the page width.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分工台账"
    ws.append([_HEADERS_ZH[c] for c in LEDGER_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in ledger_rows(graph):
        ws.append(["、".join(r[c]) if isinstance(r[c], list) else r[c] for c in LEDGER_COLUMNS])
    for i, c in enumerate(LEDGER_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS[c]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(len(LEDGER_COLUMNS))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(str(path))


_WRITERS = {"graphml": write_graphml, "json": write_json, "csv": write_csv, "xlsx": write_xlsx}


def export(graph: nx.MultiDiGraph, path: str | Path, *, format: str | None = None) -> Path:
    """Write ``graph`` to ``path`` atomically (a temporary file, then rename) in ``format``, else the one its extension names."""
    format = format_for(path, format)
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"cannot write: there is no folder {path.parent}", str(path))
    with atomic_path(path) as tmp:
        _WRITERS[format](graph, tmp)
        os.chmod(tmp, _default_mode())  # a temporary file is private (0600); an export is a file like any other
    return path


def _default_mode() -> int:
    """The mode a new file gets under the user's umask (0644 under the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
