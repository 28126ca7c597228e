"""Exports of the graph for other tools: GraphML, node-link JSON, CSV, and an xlsx ledger.

The xlsx ledger is the task-division table offices already keep (任务分工台账): one row per
(task, document) with its section, lead units, responsible units and deadline.
All functions take the graph model of :mod:`kg.graph` (``store.graph()``), not a store.
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

__all__ = ["ledger_rows", "write_graphml", "write_json", "write_csv", "write_xlsx", "export", "FORMATS"]

FORMATS = ("graphml", "json", "csv", "xlsx")
LEDGER_COLUMNS = ("task", "section", "lead", "responsible", "deadline", "document", "jurisdiction")
_HEADERS_ZH = {"task": "任务", "section": "所属章节", "lead": "牵头单位", "responsible": "责任单位",
               "deadline": "完成时限", "document": "来源文件", "jurisdiction": "发文辖区"}


def ledger_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per task: its title, section, lead and responsible unit names, deadline and document, in document order."""
    docs = {d["key"]: d for _, d in graph.nodes(data=True) if d.get("label") == "Document"}
    rows = []
    for n, d in graph.nodes(data=True):
        if d.get("label") != "Task":
            continue
        units: dict[str, list[str]] = {"LEADS": [], "RESPONSIBLE_FOR": []}
        for u, _, t in graph.in_edges(n, data="type"):
            if t in units:
                units[t].append(graph.nodes[u].get("name", ""))
        doc = docs.get((d.get("documents") or [None])[0], {})
        rows.append({
            "task": d.get("name"), "section": d.get("section"), "lead": sorted(set(units["LEADS"])),
            "responsible": sorted(set(units["RESPONSIBLE_FOR"])), "deadline": d.get("deadline"),
            "document": doc.get("name"), "jurisdiction": doc.get("jurisdiction"), "_order": (doc.get("name") or "", _task_no(d.get("key", ""))),
        })
    rows.sort(key=lambda r: r.pop("_order"))
    return rows


def _task_no(key: str) -> int:
    tail = key.rsplit("#", 1)[-1]
    return int(tail) if tail.isdigit() else 0


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


def write_csv(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """A zip with ``nodes.csv`` and ``edges.csv`` (lists joined with ``|``)."""
    node_cols = sorted({k for _, d in graph.nodes(data=True) for k in d})
    edge_cols = sorted({k for *_, d in graph.edges(data=True) for k in d})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", _csv(["id", *node_cols], ([n, *(_cell(d.get(c)) for c in node_cols)] for n, d in graph.nodes(data=True))))
        z.writestr("edges.csv", _csv(["source", "target", *edge_cols], ([u, v, *(_cell(d.get(c)) for c in edge_cols)] for u, v, d in graph.edges(data=True))))


def _cell(v: Any) -> str:
    if v is None:
        return ""
    return "|".join(map(str, v)) if isinstance(v, list) else str(v)


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_xlsx(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """The task-division ledger as an Excel workbook (one sheet, Chinese headers, units joined with 、)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分工台账"
    ws.append([_HEADERS_ZH[c] for c in LEDGER_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in ledger_rows(graph):
        ws.append(["、".join(r[c]) if isinstance(r[c], list) else r[c] for c in LEDGER_COLUMNS])
    for col, width in zip("ABCDEFG", (40, 30, 30, 50, 16, 30, 20)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    wb.save(str(path))


_WRITERS = {"graphml": write_graphml, "json": write_json, "csv": write_csv, "xlsx": write_xlsx}


def export(graph: nx.MultiDiGraph, path: str | Path, *, format: str) -> Path:
    """Write ``graph`` to ``path`` in ``format`` atomically (a temporary file, then rename)."""
    if format not in _WRITERS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
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
