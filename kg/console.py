"""What a person sees during and after an ingest: a progress bar, then what each document gave.

On a terminal, a rich progress bar (documents, megabytes, time left) runs while
documents are extracted, and a table closes the run: per document its title,
tasks, units and targets, and a warning where a document gave no task. Piped or
with ``--quiet`` only the one-line results stay (errors, warnings, the totals), so
logs and scripts are not flooded. ``--format json`` gives the same facts to programs.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console

from kg.errors import one_line
from kg.ingest import IngestReport

__all__ = ["ingest_progress", "print_summary", "summary_json", "store_description", "store_location"]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


@contextmanager
def ingest_progress(files: Sequence[str], *, enabled: bool, console: Console | None = None) -> Iterator[Callable[[str], None]]:
    """A callback for :func:`kg.ingest.ingest`'s ``progress`` that advances a bar over ``files`` (a no-op when not ``enabled``)."""
    if not enabled or not files:
        yield lambda _path: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    sizes = {f: _size(f) for f in files}
    columns = (TextColumn("[bold]提取"), BarColumn(), TextColumn("{task.fields[docs]}/{task.fields[total_docs]} 份"),
               DownloadColumn(), TextColumn("剩余"), TimeRemainingColumn(), TextColumn("{task.fields[current]}"))
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingest", total=sum(sizes.values()) or len(files), docs=0, total_docs=len(files), current="")
        done = 0

        def advance(path: str) -> None:
            nonlocal done
            done += 1
            bar.update(task, advance=sizes.get(path, 0) or (0 if sum(sizes.values()) else 1), docs=done,
                       current=one_line(os.path.basename(path))[:40])

        yield advance


def store_location(store: object) -> tuple[str, str]:
    """``(backend, where)``: ``("networkx", DIR)`` or ``("neo4j", URI)`` (a password in the URI hidden)."""
    from kg.loaders.uri import shown

    if getattr(store, "backend", "") == "neo4j":
        return "neo4j", shown(str(getattr(store, "uri", "")))
    return "networkx", str(getattr(store, "path", ""))


def store_description(store: object) -> str:
    """Which store the documents went to, for people: ``embedded store DIR`` or ``Bolt server URI``."""
    backend, where = store_location(store)
    return f"Bolt server {where}" if backend == "neo4j" else f"embedded store {where}"


def summary_json(report: IngestReport, store: object) -> dict[str, object]:
    """The ingest's result for programs (``policykg ingest --format json``)."""
    backend, where = store_location(store)
    return {
        "backend": backend, "store": where, "ingested": len(report.ingested), "unchanged": len(report.skipped),
        "failed": len(report.errors), "removed": list(report.removed), "documents": [d.to_json() for d in report.documents],
    }


def print_summary(report: IngestReport, store: str, *, table: bool, console: Console | None = None) -> None:
    """The per-document table (when ``table``), then one line per warning and the totals, on standard error."""
    console = console or Console(stderr=True, highlight=False)
    done = [d for d in report.documents if d.status == "ingested"]
    if table and done:
        console.print(_table(done))
    for d in done:
        for w in d.warnings:
            console.print(f"warning: {one_line(d.path)}: {w}", markup=False, soft_wrap=True)
    removed = f", removed {len(report.removed)}" if report.removed else ""
    console.print(f"ingested {len(report.ingested)}, unchanged {len(report.skipped)}, failed {len(report.errors)}{removed} "
                  f"({one_line(store)})", markup=False, soft_wrap=True)


def _table(done):
    from rich.table import Table
    from rich.text import Text

    t = Table(title="已入库文件", header_style="bold", title_justify="left")
    t.add_column("文件", overflow="fold", ratio=2)
    t.add_column("标题", overflow="fold", ratio=3)
    for c in ("任务", "单位", "目标"):
        t.add_column(c, justify="right")
    for d in done:
        tasks = Text(str(d.tasks), style="bold yellow") if not d.tasks else Text(str(d.tasks))
        t.add_row(Text(one_line(os.path.basename(d.path))), Text(one_line(d.title or "")), tasks, str(d.units), str(d.targets))
    return t
