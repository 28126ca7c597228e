"""Rows out: rich tables for people, JSON and CSV for programs. Used by the CLI and notebooks."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

__all__ = ["render_rows", "FORMATS"]

FORMATS = ("table", "json", "csv")
_RATIOS = {"task": 3, "lead": 2, "responsible": 3, "department": 3, "document": 2, "section": 2}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    return str(v)


def _json(rows: list[dict[str, Any]]) -> str:
    """Rows as an indented JSON array (orjson: a listing of 10,000 tasks in milliseconds, not half a second)."""
    import orjson

    return orjson.dumps(rows, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode("utf-8")


def render_rows(rows: Sequence[dict[str, Any]], fmt: str, *, columns: Sequence[str] | None = None, title: str | None = None) -> str | None:
    """JSON (one array) or CSV text for ``rows``; for ``table`` prints a rich table and returns None."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return _json(list(rows))
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=True, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold", ratio=_RATIOS.get(c, 1))
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    console = Console()
    if not console.is_terminal:  # piped or captured: do not squeeze Chinese text into 80 columns
        console = Console(width=160)
    console.print(table)
    return None


LEAD_STYLE, RESPONSIBLE_STYLE = "bold green", "cyan"


def render_leads(rows: Sequence[dict[str, Any]], *, total: int | None = None, offset: int = 0, console: Any = None,
                 pager: bool = False) -> None:
    """Who leads what for a person: one table per document (its title, file, jurisdiction once, above it).

    Unit names drop the jurisdiction they share with the document (:func:`kg.questions.query.short_name`),
    lead units are bold green and responsible units cyan, so a 100-column terminal shows a
    task in a few lines. With ``pager`` a listing longer than the screen goes through ``less -R``.
    ``total`` (all matching tasks) and ``offset`` give the "rows x–y of n" footer.
    """
    import os

    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    from kg.errors import one_line
    from kg.questions.query import short_name

    console = console or Console()
    parts: list[Any] = []
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r.get("document"), r.get("document_title"), r.get("jurisdiction")), []).append(r)
    n = offset
    for (doc, title, juris), items in groups.items():
        head = Text()
        head.append(one_line(title or doc or "?"), style="bold")
        head.append("  " + " · ".join(one_line(x) for x in ((doc if title else None), juris) if x), style="dim")
        table = Table(show_lines=True, header_style="bold", expand=True, title=head, title_justify="left")
        table.add_column("#", justify="right", width=4, no_wrap=True)
        table.add_column("任务", ratio=4, overflow="fold")
        table.add_column("章节", ratio=2, overflow="fold")
        table.add_column("牵头单位", ratio=3, overflow="fold", style=LEAD_STYLE)
        table.add_column("责任单位", ratio=4, overflow="fold", style=RESPONSIBLE_STYLE)
        table.add_column("时限", ratio=1, overflow="fold")
        for r in items:
            n += 1
            units = lambda names: Text("、".join(one_line(short_name(u, juris)) for u in names))  # noqa: E731
            section = (r.get("section") or "").split(" > ")[-1]
            table.add_row(str(n), Text(one_line(r.get("task") or "")), Text(one_line(section)), units(r.get("lead") or []),
                          units(r.get("responsible") or []), Text(one_line(r.get("deadline") or "")))
        parts.append(table)
    if total is not None and (offset or len(rows) < total):
        parts.append(Text(f"第 {offset + 1}–{offset + len(rows)} 条，共 {total} 条（--offset {offset + len(rows)} 看后面的）", style="dim"))
    if not console.is_terminal:
        console.width = max(console.width, 120)  # piped or captured: do not squeeze Chinese text into 80 columns
    if not pager:
        console.print(Group(*parts))
        return
    os.environ.setdefault("LESS", "-FRX")  # less: colours kept, no pager at all when it fits on one screen
    with console.pager(styles=True):
        console.print(Group(*parts))
