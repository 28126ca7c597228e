"""The ``policykg`` command line: a thin layer over the library.

Each command is a few lines around one library function (:mod:`kg.extract.document`,
:mod:`kg.ingest`, :mod:`kg.questions.query`, :mod:`kg.questions.view`, :mod:`kg.extract.evaluate`, :mod:`kg.questions.export`),
so a notebook can do the same by calling those functions. Exit codes: 0 success,
1 user error (bad arguments, unreadable store), 2 partial failure (some documents failed).
"""
from __future__ import annotations

import json
import os
import re
import sys
import typing
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from kg.errors import one_line, user_message
from kg.loaders.settings import DEFAULT_STORE, ENVIRONMENT, setting
from kg.output import render_rows

EXIT_USER, EXIT_PARTIAL = 1, 2
_TARGET = "policykg.target"  # ctx.meta key: the store folder or URI the command opened


def _where(ctx: Any) -> str | None:
    return ctx.meta.get(_TARGET) if ctx is not None else None


_METAVARS = {"str": "TEXT", "int": "N", "int range": "N", "float range": "NUMBER", "float": "NUMBER", "path": "PATH", "list[str]": "TEXT", "list[path]": "PATH"}


_INTEGER = re.compile(r"-?[0-9]+")


def _plain(annotation: Any, info: Any, value: Any) -> tuple[bool, Any]:
    """``(True, value)`` where an option's value needs no conversion, as typer would give it; ``(False, None)`` otherwise.

    A text for ``str``, a bool for ``bool``, an ``int`` (or digits) within its range for ``int``, a float within its range
    for ``float``, a text for a ``Path`` with no checks asked for (exists, writable, ...): typer would
    build a pydantic validator for each of them, and importing pydantic and building those is about
    a third of a question command's start. Anything else goes to typer's own validation.
    """
    if getattr(info, "parser", None) is not None:
        return False, None
    if annotation is str:
        return (True, value) if isinstance(value, str) else (False, None)
    if annotation is bool:
        return (True, value) if isinstance(value, bool) else (False, None)
    if annotation is int or annotation is float:
        if getattr(info, "clamp", False):
            return False, None
        if annotation is int and isinstance(value, str) and _INTEGER.fullmatch(value):
            value = int(value)
        if type(value) is not annotation:
            return False, None
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        ok = (low is None or value >= low) and (high is None or value <= high)
        return (True, value) if ok else (False, None)
    if typing.get_origin(annotation) is list and typing.get_args(annotation)[0] in (str, Path) and isinstance(value, (list, tuple)):
        items = [_plain(typing.get_args(annotation)[0], info, v) for v in value]
        return (True, [v for _, v in items]) if all(done for done, _ in items) else (False, None)
    if annotation is Path and isinstance(value, str) and value and "\x00" not in value:
        checks = (info.exists, not info.file_okay, not info.dir_okay, info.writable, info.resolve_path, info.allow_dash,
                  info.path_type is not None)
        if any(checks) or (info.readable and os.path.exists(value) and not os.access(value, os.R_OK)):
            return False, None
        return True, Path(value)
    return False, None


def _without_validators(params: list[Any]) -> None:
    """Let typer's parameters hand values that need no conversion straight through (:func:`_plain`).

    A question command then starts without importing pydantic; a value that needs converting
    or checking (or a typer whose internals differ) takes typer's own way, errors and all.
    """
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # pragma: no cover - another typer: its own way throughout
        return

    class Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            done, out = _plain(self.annotation, self.parameter_info, value)
            if done:
                return out
            full = build_runtime_param(param.type_descriptor)
            param._runtime_param = full
            return full._coerce_value(value, param=param, ctx=ctx)

    for p in params:
        desc = getattr(p, "type_descriptor", None)
        if desc is None or getattr(p, "_runtime_param", "unset") is not None or desc.file_annotation is not None:
            continue
        if desc.annotation in (str, bool, int, float, Path) or desc.annotation in (list[str], list[Path]):
            p._runtime_param = Plain(parameter_info=desc.parameter_info, annotation=desc.annotation)


class _Boundary:
    """The CLI's one exception boundary: a user's mistake becomes one ``error:`` line and exit 1.

    Bad options and values (click's usage errors), store, OS, SQLite, lock and Bolt
    driver errors are caught here, wherever they happen (opening the store or half-way
    through an ingest), and printed escaped (:func:`kg.errors.one_line`). Anything
    else is a bug and keeps its traceback.
    """

    def make_context(self, info_name, args, parent=None, **extra):  # noqa: ANN001 - click's signature
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except typer.Exit:
            raise
        except Exception as e:
            _stop(e, None)

    def parse_args(self, ctx, args):  # noqa: ANN001 - click's signature
        try:
            _without_validators(self.get_params(ctx))
        except Exception:  # noqa: BLE001 - typer's internals moved: its own validation throughout
            pass
        return super().parse_args(ctx, args)

    def invoke(self, ctx):  # noqa: ANN001 - click's signature
        try:
            return super().invoke(ctx)
        except typer.Exit:
            raise
        except Exception as e:
            _stop(e, ctx)

    def get_params(self, ctx):  # noqa: ANN001 - click's signature
        """Help without type noise: nothing beside a flag (``--force``), ``TEXT``/``INTEGER``/``PATH`` beside a value."""
        params = super().get_params(ctx)
        for p in params:
            if p.param_type_name == "argument":
                p.display_type_rich = lambda ctx: None  # its name and help say what it is
            elif p.metavar is None:
                p.metavar = "" if p.is_flag else _METAVARS.get(p.display_type(ctx).strip("<>").lower(), "VALUE")
        return params


def _stop(e: Exception, ctx: Any) -> None:
    from typer._click.exceptions import ClickException

    if isinstance(e, ClickException):
        hint = f" (see {e.ctx.command_path} --help)" if getattr(e, "ctx", None) is not None else ""
        _fail(e.format_message() + hint)
    msg = user_message(e, _where(ctx))
    if msg is None:
        raise e
    _fail(msg)


class Group(_Boundary, TyperGroup):
    """The ``policykg`` command group, inside the error boundary."""


class Command(_Boundary, TyperCommand):
    """A ``policykg`` command, inside the error boundary."""


app = typer.Typer(
    name="policykg",
    cls=Group,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,  # a bug's traceback must not print passwords
)


def command(*args: Any, **kwargs: Any):
    """``app.command`` with the error boundary and flag-aware help."""
    return app.command(*args, cls=Command, **kwargs)


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"policykg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Turn Chinese policy documents into a knowledge graph and ask it who leads what.

    Example: policykg ingest examples/ && policykg leads --department 发展改革
    """


# Options shared by every command that opens a store.
Store = Annotated[Optional[Path], typer.Option("--store", envvar=ENVIRONMENT["store"], metavar="DIR", show_default="./policykg-data", help="Embedded store folder.")]
Backend = Annotated[str, typer.Option("--backend", metavar="NAME", help="auto (Neo4j when configured and reachable, else embedded), networkx or neo4j.")]
Uri = Annotated[Optional[str], typer.Option("--uri", envvar=ENVIRONMENT["uri"], metavar="URI", help="Neo4j Bolt URI, e.g. bolt://localhost:7687.")]
User = Annotated[Optional[str], typer.Option("--user", envvar=ENVIRONMENT["user"], metavar="NAME", help="Neo4j user.")]
Password = Annotated[Optional[str], typer.Option("--password", envvar=ENVIRONMENT["password"], metavar="TEXT", help="Neo4j password.")]
Database = Annotated[Optional[str], typer.Option("--database", envvar=ENVIRONMENT["database"], metavar="NAME", help="Neo4j database.")]
BatchBytes = Annotated[Optional[int], typer.Option("--batch-bytes", metavar="N", show_default="3500", help="Largest Bolt message batch in bytes (raise it for a real Neo4j).")]
Format = Annotated[str, typer.Option("--format", "-f", metavar="FMT", help="table, json or csv.")]


def _fail(msg: str, code: int = EXIT_USER) -> None:
    """One ``error:`` line on standard error (``msg`` escaped: it may carry file names), then exit."""
    typer.echo(f"error: {one_line(msg)}", err=True)
    raise typer.Exit(code)


def _error(msg: str) -> None:
    """One ``error:`` line for one bad document; the command goes on."""
    typer.echo(f"error: {one_line(msg)}", err=True)


def _open(store: Path | None, backend: str, uri: str | None, user: str | None, password: str | None, database: str | None, batch_bytes: int | None = None):
    """The store the options name; what it is (folder or URI) is kept for the error boundary's messages."""
    from kg.loaders import open_store
    from kg.loaders.uri import shown

    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    uri = setting("uri", uri or None) or None
    if ctx is not None:
        ctx.meta[_TARGET] = shown(uri) if uri and backend != "networkx" else str(store or setting("store") or DEFAULT_STORE)
    return open_store(backend, path=store, uri=uri, user=user, password=password, database=database, batch_bytes=batch_bytes)


def _check_format(fmt: str, allowed: tuple[str, ...] = ("table", "json", "csv")) -> None:
    if fmt not in allowed:
        _fail(f"unknown format {fmt!r}; choose one of {', '.join(allowed)}")


def _emit(rows: list[dict], fmt: str, columns: list[str], title: str | None = None) -> None:
    out = render_rows(rows, fmt, columns=columns, title=title)
    if out is not None:
        typer.echo(out)


@command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Documents (.txt, .html, .docx, .pdf) or folders of them.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json (JSON Lines, one object per document) or table.")] = "json",
    explain: Annotated[bool, typer.Option("--explain", help="For each task, show where its units were written and which rule read each unit.")] = False,
) -> None:
    """Extract entities, tasks and relations from documents and print them (no store involved).

    Example: policykg extract examples/xishui_2024_tasks.txt --explain --format table
    """
    from kg.read.document import ReadError
    from kg.extract.document import explain_path, extract_path
    from kg.ingest import expand_paths

    _check_format(format, ("json", "table"))
    failed = len(_without_documents(files))
    files = expand_paths(files)  # a folder: the documents below it
    if not files:
        raise typer.Exit(EXIT_USER)
    for f in files:
        try:
            result = explain_path(str(f)) if explain else extract_path(str(f))
        except ReadError as e:
            _error(str(e))
            failed += 1
            continue
        if explain:
            _print_explanation(str(f), result, format)
        elif format == "json":
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            rows = [{"id": e.id, "label": e.label, "text": e.text, "name": e.name, "start": e.start} for e in result.entities]
            _emit(rows, "table", ["id", "label", "text", "name", "start"], title=str(f))
    if failed:
        raise typer.Exit(EXIT_PARTIAL if failed < len(files) else EXIT_USER)


def _check_page(out: Path) -> None:
    """Refuse, before the store is read, an ``-o`` that cannot become an HTML file: a folder, or a path under a file."""
    if out.is_dir():
        _fail(f"{out}: is a folder; name the .html file to write (e.g. {out / 'view.html'})")
    parent = next((p for p in out.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        _fail(f"{out}: cannot write: {parent} is a file, not a folder")


def _without_documents(paths: list[Path]) -> list[Path]:
    """The folders among ``paths`` with no document below them, each told in one line: a typo in a folder
    name should not look like a successful run that found nothing."""
    from kg.ingest import expand_paths
    from kg.read import SUFFIXES

    empty = [p for p in paths if p.is_dir() and not expand_paths([p])]
    for p in empty:
        _error(f"{p}: no documents in this folder (looked for {', '.join(SUFFIXES)})")
    return empty


def _print_explanation(path: str, tasks: list[dict], format: str) -> None:
    """Tasks with their container and each unit's role and rule: JSON Lines, or an indented listing."""
    if format == "json":
        sys.stdout.write(json.dumps({"document": path, "tasks": tasks}, ensure_ascii=False) + "\n")
        return
    typer.echo(f"{path}: {len(tasks)} tasks")
    for n, t in enumerate(tasks, 1):
        typer.echo(f"  {n}. {t['task']}  [{t['container']}, line {t['line']}]")
        for u in t["units"]:
            typer.echo(f"       {u['role']:<12} {u['unit']}  <- {u['rule']}")


@command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None, batch_bytes: BatchBytes = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", metavar="N", show_default="all cores", help="Extraction processes.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract documents even if unchanged.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Remove the documents read from under these paths whose content is no longer there (deleted or replaced files).")] = False,
    wait: Annotated[float, typer.Option("--wait", metavar="SECONDS", help="Seconds to wait for another ingest's lock on the store (0: fail at once).")] = 0.0,
    time_limit: Annotated[float, typer.Option("--time-limit", metavar="SECONDS", help="Seconds each document may take before it is given up (0: no limit; not enforced on Dask workers).")] = 300.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors, warnings and the totals: no progress bar, no table.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", metavar="FMT", help="text (progress and a table on a terminal) or json (the result per document, on stdout).")] = "text",
    aliases: Annotated[Optional[Path], typer.Option("--aliases", metavar="FILE", help="Unit names to merge or keep apart: TOML (\\[merge] \"A\" = \"B\"; split = \\[\"C\"]) or CSV (A,B merges A into B; C alone splits C). Add --force to apply a changed file to documents already ingested.")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", metavar="ADDRESS", help="Extract on Dask workers: tcp://HOST:8786 (a running scheduler; workers must see the files) or local[:N] (N worker processes here). Needs Dask: the dask extra of policykg.")] = None,
) -> None:
    """Extract documents and load them into the graph store (re-ingesting a document replaces its facts).

    A document is its content: a copy under another path is not ingested again, and
    an edited file replaces its former version. On a terminal a progress bar runs and
    a table says what each document gave (tasks, units, targets; a warning where no
    task was found). With --scheduler the extraction runs on Dask workers and the
    results are written here, batch by batch, in input order; unchanged documents are
    not sent, and a run stopped half-way goes on where it stopped when started again.

    Example: policykg ingest examples/ --store policykg-data --prune --aliases aliases.toml
    (on Dask and Neo4j: policykg ingest corpus/ --backend neo4j --uri bolt://db:7687 --scheduler tcp://dask:8786)
    """
    from kg.console import ingest_progress, print_summary, store_description, summary_json
    from kg.ingest import IngestInterrupted, expand_paths, ingest as run

    _check_format(format, ("text", "json"))
    names = _aliases(aliases)
    empty = _without_documents([p for p in paths if p.is_dir()])
    paths = [p for p in paths if p not in empty]
    if not any(p.exists() for p in paths):  # nothing to read: the store is not touched
        for p in paths:
            _error(f"{p}: no such file or folder")
        raise typer.Exit(EXIT_USER)
    if scheduler is not None:
        from kg.distributed import parse_scheduler

        if jobs is not None:
            _fail("--jobs is for local processes; with --scheduler the cluster's workers extract (give one of them)")
        parse_scheduler(scheduler)  # a malformed address fails before the store is opened
    missing = [str(p) for p in paths if not p.exists()]
    for m in missing:
        _error(f"{m}: no such file or folder")
    files = expand_paths(p for p in paths if p.exists())  # the folders walked once, for the bar and the ingest
    with _open(store, backend, uri, user, password, database, batch_bytes) as st:
        with ingest_progress(files, enabled=not quiet and format == "text" and sys.stderr.isatty()) as advance:
            try:
                # the folders as given: --prune looks under them for documents whose file is gone
                report = run([p for p in paths if p.exists()], st, jobs=jobs, force=force, progress=advance, wait=wait,
                             time_limit=time_limit or None, aliases=names, scheduler=scheduler, prune=prune, files=files)
            except IngestInterrupted as e:
                _fail(f"interrupted: {len(e.report.ingested)} documents saved, {e.report.unsaved} not saved "
                      "(the store holds every batch saved before; run the ingest again to go on)", 130)
        where, result = store_description(st), summary_json(report, st)
    for err in report.errors:
        _error(err)
    if format == "json":
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_summary(report, where, table=not quiet and sys.stderr.isatty())
    if report.errors or missing or empty:
        raise typer.Exit(EXIT_PARTIAL if report.ingested or report.skipped else EXIT_USER)


def _aliases(path: Path | None):
    """The user's aliases file, read before any work (a bad file is one line, and nothing is ingested)."""
    if path is None:
        return None
    from kg.graph.aliases import AliasesError, load_aliases

    try:
        return load_aliases(path)
    except AliasesError as e:
        _fail(str(e))


@command()
def leads(
    department: Annotated[Optional[str], typer.Option("--department", "-d", help="Only tasks this unit leads or shares (substring, either script).")] = None,
    task: Annotated[Optional[str], typer.Option("--task", "-t", help="Only tasks whose title or text contains this (either script).")] = None,
    document: Annotated[Optional[str], typer.Option("--document", help="Only tasks of documents whose file name, title or 文号 contains this.")] = None,
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", help="Only tasks of documents whose jurisdiction contains this (e.g. 鄂城区).")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, show_default="all", help="Show at most this many tasks.")] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many tasks first.")] = 0,
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Which departments lead which tasks: per task its lead and responsible units, section, deadline and document.

    The table groups tasks by document and drops the jurisdiction from unit names;
    json and csv carry the full names.

    Example: policykg leads --department 发展和改革 --jurisdiction 浠水 --limit 20
    """
    from kg.output import render_leads
    from kg.questions.query import leads as query_leads

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        rows = query_leads(st, department=department, task=task, document=document, jurisdiction=jurisdiction)
    page = rows[offset:] if limit is None else rows[offset:offset + limit]
    if not page:
        typer.echo("no tasks match" + (f" (there are {len(rows)}; lower --offset)" if rows else ""), err=True)
    if format == "table":
        if page:
            render_leads(page, total=len(rows), offset=offset, pager=sys.stdout.isatty())
        return
    _emit(page, format, ["task", "lead", "responsible", "jurisdiction", "document", "document_title", "section", "deadline", "guide"])


@command()
def stats(
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Counts of nodes by label and relationships by type.

    Example: policykg stats --format json
    """
    from kg.questions.query import stats as query_stats

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        s = query_stats(st)
    if format == "json":
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2, sort_keys=True))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in sorted(s["nodes"].items())]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in sorted(s["relationships"].items())]
    _emit(rows, format, ["kind", "name", "count"], title="Graph statistics")


@command()
def departments(
    department: Annotated[Optional[str], typer.Option("--department", "-d", help="Only names containing this (either script).")] = None,
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Every department with how many tasks it leads and shares, and in how many documents it appears.

    Example: policykg departments --department 财政 --format csv
    """
    from kg.questions.query import departments as query_departments

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        rows = query_departments(st, department=department)
    _emit(rows, format, ["department", "leads", "responsible", "documents", "jurisdiction"], title="Departments")


@command()
def tasks(
    task: Annotated[Optional[str], typer.Option("--task", "-t", help="Only tasks whose title or text contains this (either script).")] = None,
    document: Annotated[Optional[str], typer.Option("--document", help="Only tasks of documents whose file name, title or 文号 contains this.")] = None,
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", help="Only tasks of documents whose jurisdiction contains this.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, show_default="all", help="Show at most this many tasks.")] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many tasks first.")] = 0,
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Every task with its section, deadline and source document.

    Example: policykg tasks --task 招商 --format json
    """
    from kg.questions.query import tasks as query_tasks

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        rows = query_tasks(st, task=task, document=document, jurisdiction=jurisdiction, limit=limit, offset=offset)
    if not rows:
        typer.echo("no tasks match", err=True)
    _emit(rows, format, ["task", "section", "deadline", "document", "jurisdiction"], title="Tasks")


@command()
def documents(
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """The documents the store holds: content hash, title, issuer, date, tasks and the path last read from.

    Example: policykg documents --format csv
    """
    from kg.documents import documents as list_documents

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        rows = list_documents(st)
    if not rows:
        typer.echo("no documents in the store", err=True)
    if format == "table":
        rows = [{**r, "key": r["key"][:12]} for r in rows]  # a prefix names it for policykg remove
    _emit(rows, format, ["key", "title", "issuer", "date", "tasks", "path"], title="Documents")


@command()
def remove(
    names: Annotated[list[str], typer.Argument(metavar="DOC...", help="Documents by content-hash prefix (see policykg documents) or path.")],
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
    wait: Annotated[float, typer.Option("--wait", metavar="SECONDS", help="Seconds to wait for another ingest's lock on the store (0: fail at once).")] = 0.0,
) -> None:
    """Take documents out of the store, with the facts no other document states.

    Every name is checked first: a name that matches no document, or a prefix that
    matches several, removes nothing.

    Example: policykg remove 3fa9c2 examples/xishui_2024_tasks.txt
    """
    from kg.documents import DocumentNotFound, remove as run

    with _open(store, backend, uri, user, password, database) as st:
        st.lock(wait)
        try:
            rows = run(st, names)
        except DocumentNotFound as e:
            _fail(str(e))
    for r in rows:
        typer.echo(f"removed {r['key'][:12]} {one_line(r['path'] or '')} ({one_line(r['title'] or '')})", err=True)


@command()
def query(
    cypher: Annotated[str, typer.Argument(help="The Cypher query.")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="A parameter as name=value (repeatable); JSON values are parsed.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow clauses that change the graph (Neo4j only).")] = False,
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Run Cypher on the graph (Neo4j, or the embedded store's read-only subset); read-only unless --write.

    Example: policykg query "MATCH (d:Department)-[:LEADS]->(t:Task) RETURN d.name AS unit, count(t) AS tasks ORDER BY tasks DESC LIMIT 10"
    """
    from kg.loaders import StoreError

    _check_format(format)
    params = {}
    for p in param or []:
        name, sep, value = p.partition("=")
        if not sep or not name:
            _fail(f"--param {p!r}: expected name=value")
        try:
            params[name] = json.loads(value)
        except ValueError:
            params[name] = value
    with _open(store, backend, uri, user, password, database) as st:
        try:
            rows = st.query(cypher, params, write=write)
        except StoreError as e:
            _fail(str(e))
    _emit(rows, format, list(rows[0].keys()) if rows else [])


@command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write; its extension (.xlsx, .graphml, .json, .zip) gives the format.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FMT", show_default="from the extension", help="xlsx (task-division ledger), graphml, json (node-link) or csv (a zip of nodes.csv and edges.csv for neo4j-admin import).")] = None,
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Export the task-division ledger (xlsx, as offices keep it) or the graph for other tools.

    Example: policykg export -o ledger.xlsx
    """
    from kg.questions.export import export as run, format_for

    try:
        format = format_for(out, format)
    except ValueError as e:
        _fail(str(e))
    with _open(store, backend, uri, user, password, database) as st:
        path = run(st.graph(), out, format=format)
    typer.echo(f"wrote {one_line(path)} ({format})", err=True)


@command()
def view(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("policykg-view.html"),
    department: Annotated[Optional[str], typer.Option("--department", "-d", help="Focus on departments whose name contains this: their tasks and co-units.")] = None,
    county: Annotated[Optional[str], typer.Option("--county", "-c", help="Focus on a county (name or code): its industries, projects and targets.")] = None,
    document: Annotated[Optional[str], typer.Option("--document", help="Only the facts of documents whose name, path or title contains this.")] = None,
    label: Annotated[Optional[list[str]], typer.Option("--label", "-l", help="Keep only nodes with this label (repeatable).")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, metavar="N", help="Neighbourhood radius around the focus.")] = 1,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, metavar="N", help="Reduce larger graphs to this many nodes (with a notice).")] = 400,
    layout: Annotated[str, typer.Option("--layout", metavar="NAME", help="auto, force, hierarchy (document → tasks → units, left to right) or clusters (one patch per jurisdiction); auto: hierarchy for --document, clusters for a whole graph of several places, else force.")] = "auto",
    open_page: Annotated[bool, typer.Option("--open", help="Open the page in the web browser when written.")] = False,
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Write a self-contained HTML view of the graph (works offline), focused by the filters.

    The page has a search box (either script), legend boxes that show or hide labels and
    relations, and click-to-expand for neighbours not drawn.

    Example: policykg view --department 财政局 -o caizheng.html --open
    """
    from kg.questions.view import LAYOUTS, render

    if layout not in LAYOUTS:
        _fail(f"unknown --layout {layout!r} (choose {', '.join(LAYOUTS)})")
    _check_page(out)
    with _open(store, backend, uri, user, password, database) as st:
        graph = st.graph()
    try:
        result = render(graph, out, department=department, county=county, document=document, label=label, depth=depth,
                        max_nodes=max_nodes, layout=layout)
    except ValueError as e:
        _fail(str(e))
    except OSError as e:  # a full disk, no permission: the page is what could not be written, not the store
        _fail(f"{out}: cannot write the page: {e.strerror or e}")
    if result.notice:
        typer.echo(f"note: {one_line(result.notice)}", err=True)
    typer.echo(f"wrote {one_line(result.path)} ({result.nodes} nodes, {result.edges} edges)", err=True)
    if open_page:
        import webbrowser

        if not webbrowser.open(result.path.resolve().as_uri()):  # a server without a desktop: say so, do not pass in silence
            typer.echo(f"note: no web browser could be started; open {one_line(result.path.resolve())} in one", err=True)


@command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of *.gold.json files.")],
    docs: Annotated[Path, typer.Option("--docs", help="Folder of the documents they annotate.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List misses and extras per document.")] = False,
    format: Format = "table",
    only: Annotated[str, typer.Option("--only", help="Only gold files whose name contains this.")] = "",
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per label and for lead/responsible triples.

    Example: policykg eval --gold ../shared/gold --docs ../shared/corpus --verbose
    """
    from kg.extract.evaluate import evaluate as run

    _check_format(format)
    if not gold.is_dir() or not docs.is_dir():
        _fail(f"{gold if not gold.is_dir() else docs}: not a folder")
    if not any(only in g.name for g in gold.glob("*.gold.json")):
        _fail(f"{gold}: no *.gold.json files" + (f" with {only!r} in their name" if only else ""))
    report = run(gold, docs, only=only)
    if verbose:
        for line in report.details:
            typer.echo("  " + line, err=True)
    _emit(report.rows(), format, ["label", "p", "r", "f1", "tp", "pred", "gold"], title="Extraction against gold")
    typer.echo(f"unit relations on documents without tasks = {report.relations_without_tasks}", err=True)
    for e in report.errors:
        _error(e)
    if report.errors:
        raise typer.Exit(EXIT_PARTIAL)


@command()
def train(
    data: Annotated[Optional[Path], typer.Option("--data", metavar="DIR", show_default="the project's training/", help="Folder of annotated sentences (*.txt markup).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", metavar="DIR", show_default="models/ner in the checkout", help="Where the model goes.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same weights).")] = 0,
    n_iter: Annotated[int, typer.Option("--n-iter", help="Training passes.")] = 15,
) -> None:
    """Train the optional statistical NER (Industry, Project, Enterprise) on the project's own annotated sentences.

    A build step, run from a checkout of the project (the training tools and data are not
    installed with policykg); the default pipeline does not run the NER.

    Example: policykg train --out models/ner --n-iter 5
    """
    try:
        from training import ner
    except ModuleNotFoundError as e:
        if e.name != "training":
            raise
        _fail("policykg train runs from a checkout of the project: the training/ tools are not installed with policykg")
    kwargs = {"data": data} if data is not None else {}
    if out is not None:
        kwargs["out"] = out
    scores = ner.build(**kwargs, seed=seed, n_iter=n_iter, log=lambda line: typer.echo(line, err=True))
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))


@command()
def repair(
    store: Annotated[Optional[Path], typer.Option("--store", envvar=ENVIRONMENT["store"], metavar="DIR", show_default="./policykg-data", help="Embedded store folder.")] = None,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="FILE.json", help="Rebuild the store from this node-link export (policykg export -o FILE.json).")] = None,
) -> None:
    """Get an embedded store back: salvage a damaged store.sqlite, convert an older store (graph.json, or store.sqlite of layout 2), or rebuild from an export.

    A healthy store is only checked, and given any index its layout has gained since
    it was written; one of layout 2 is converted to layout 3 in
    place and compacted. A damaged one keeps every row still readable
    (the damaged file is kept as store.sqlite.damaged); the next ingest puts back
    the documents that were lost.

    Example: policykg repair --store policykg-data --from backup.json
    """
    from kg.loaders.repair import repair as run

    folder = store or Path(setting("store") or DEFAULT_STORE)
    report = run(folder, source=source)
    kept = f"; the former file is kept as {one_line(report.kept)}" if report.kept else ""
    typer.echo(f"{report.action} {one_line(folder / 'store.sqlite')}: {report.nodes} nodes, {report.relationships} relationships{kept}", err=True)


@command()
def schema() -> None:
    """Print the graph schema (labels, keys, properties, relationship types) as Markdown.

    Example: policykg schema > SCHEMA.md
    """
    from kg.graph.schema_doc import markdown

    typer.echo(markdown())


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
