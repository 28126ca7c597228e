"""The ``policykg`` command line: a thin layer over the library.

Each command is a few lines around one library function (:mod:`kg.extract`,
:mod:`kg.ingest`, :mod:`kg.query`, :mod:`kg.view`, :mod:`kg.evaluate`, :mod:`kg.export`),
so a notebook can do the same by calling those functions. Exit codes: 0 success,
1 user error (bad arguments, unreadable store), 2 partial failure (some documents failed).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.output import render_rows

app = typer.Typer(
    name="policykg",
    help="Turn Chinese policy documents into a knowledge graph and ask it who leads what.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

EXIT_USER, EXIT_PARTIAL = 1, 2

# Options shared by every command that opens a store.
Store = Annotated[Optional[Path], typer.Option("--store", envvar="POLICYKG_STORE", help="Embedded store folder [default: ./policykg-data].")]
Backend = Annotated[str, typer.Option("--backend", help="auto (Neo4j when configured and reachable, else embedded), networkx or neo4j.")]
Uri = Annotated[Optional[str], typer.Option("--uri", envvar="NEO4J_URI", help="Neo4j Bolt URI.", show_envvar=True)]
User = Annotated[Optional[str], typer.Option("--user", help="Neo4j user [env NEO4J_USER or NEO4J_USERNAME].")]
Password = Annotated[Optional[str], typer.Option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password.")]
Database = Annotated[Optional[str], typer.Option("--database", envvar="NEO4J_DATABASE", help="Neo4j database.")]
BatchBytes = Annotated[Optional[int], typer.Option("--batch-bytes", help="Largest Bolt message batch in bytes (raise it for a real Neo4j).")]
Format = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]


def _fail(msg: str, code: int = EXIT_USER) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)


def _open(store: Path | None, backend: str, uri: str | None, user: str | None, password: str | None, database: str | None, batch_bytes: int | None = None):
    from loaders import StoreError, open_store

    try:
        return open_store(
            backend, path=store, uri=uri, user=user or os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME"),
            password=password, database=database, batch_bytes=batch_bytes,
        )
    except StoreError as e:
        _fail(str(e))


def _check_format(fmt: str, allowed: tuple[str, ...] = ("table", "json", "csv")) -> None:
    if fmt not in allowed:
        _fail(f"unknown format {fmt!r}; choose one of {', '.join(allowed)}")


def _emit(rows: list[dict], fmt: str, columns: list[str], title: str | None = None) -> None:
    out = render_rows(rows, fmt, columns=columns, title=title)
    if out is not None:
        typer.echo(out)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Documents (.txt, .html, .docx, .pdf).")],
    format: Annotated[str, typer.Option("--format", "-f", help="json (JSON Lines, one object per document) or table.")] = "json",
) -> None:
    """Extract entities, tasks and relations from documents and print them (no store involved).

    Example: policykg extract examples/ezhou_echeng_2024.txt --format json
    """
    from kg.document import ReadError
    from kg.extract import extract_path

    _check_format(format, ("json", "table"))
    failed = 0
    for f in files:
        try:
            result = extract_path(str(f))
        except ReadError as e:
            typer.echo(f"error: {e}", err=True)
            failed += 1
            continue
        if format == "json":
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            rows = [{"id": e.id, "label": e.label, "text": e.text, "name": e.name, "start": e.start} for e in result.entities]
            _emit(rows, "table", ["id", "label", "text", "name", "start"], title=str(f))
    if failed:
        raise typer.Exit(EXIT_PARTIAL if failed < len(files) else EXIT_USER)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None, batch_bytes: BatchBytes = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Extraction processes [default: all cores].")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract documents even if unchanged.")] = False,
) -> None:
    """Extract documents and load them into the graph store (re-ingesting a document replaces its facts).

    Example: policykg ingest examples/ --store policykg-data
    """
    from rich.progress import Progress

    from kg.ingest import expand_paths, ingest as run

    missing = [str(p) for p in paths if not p.exists()]
    for m in missing:
        typer.echo(f"error: {m}: no such file or folder", err=True)
    present = [p for p in paths if p.exists()]
    with _open(store, backend, uri, user, password, database, batch_bytes) as st:
        total = len(expand_paths(present))
        with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("ingesting", total=total)
            report = run(present, st, jobs=jobs, force=force, progress=lambda _p: bar.advance(task))
    for err in report.errors:
        typer.echo(f"error: {err}", err=True)
    typer.echo(f"ingested {len(report.ingested)}, unchanged {len(report.skipped)}, failed {len(report.errors) + len(missing)}", err=True)
    if report.errors or missing:
        raise typer.Exit(EXIT_PARTIAL if report.ingested or report.skipped else EXIT_USER)


@app.command()
def leads(
    department: Annotated[Optional[str], typer.Option("--department", "-d", help="Only tasks this unit leads or shares (substring, either script).")] = None,
    task: Annotated[Optional[str], typer.Option("--task", "-t", help="Only tasks whose title contains this (either script).")] = None,
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Which departments lead which tasks: per task its lead and responsible units and source document.

    Example: policykg leads --department 发展改革 --format table
    """
    from kg.query import leads as query_leads

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        rows = query_leads(st, department=department, task=task)
    # The terminal table keeps what fits on a screen; json and csv carry every field.
    columns = ["task", "lead", "responsible", "jurisdiction", "document"]
    if format != "table":
        columns += ["section", "deadline"]
    _emit(rows, format, columns, title="Who leads what")


@app.command()
def stats(
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Counts of nodes by label and relationships by type.

    Example: policykg stats --format json
    """
    from kg.query import stats as query_stats

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        s = query_stats(st)
    if format == "json":
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2, sort_keys=True))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in sorted(s["nodes"].items())]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in sorted(s["relationships"].items())]
    _emit(rows, format, ["kind", "name", "count"], title="Graph statistics")


@app.command()
def departments(
    department: Annotated[Optional[str], typer.Option("--department", "-d", help="Only names containing this (either script).")] = None,
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Every department with how many tasks it leads and shares, and in how many documents it appears.

    Example: policykg departments --department 财政 --format csv
    """
    from kg.query import departments as query_departments

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        rows = query_departments(st, department=department)
    _emit(rows, format, ["department", "leads", "responsible", "documents", "jurisdiction"], title="Departments")


@app.command()
def tasks(
    task: Annotated[Optional[str], typer.Option("--task", "-t", help="Only titles containing this (either script).")] = None,
    format: Format = "table",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Every task with its section, deadline and source document.

    Example: policykg tasks --task 招商 --format json
    """
    from kg.query import tasks as query_tasks

    _check_format(format)
    with _open(store, backend, uri, user, password, database) as st:
        rows = query_tasks(st, task=task)
    _emit(rows, format, ["task", "section", "deadline", "document", "jurisdiction"], title="Tasks")


@app.command()
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
    from loaders import StoreError

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


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    format: Annotated[str, typer.Option("--format", "-f", help="graphml, json (node-link), csv (zip of nodes.csv and edges.csv) or xlsx (task-division ledger).")] = "xlsx",
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Export the graph for other tools, or the task-division ledger (task, section, lead, responsible, deadline, document) as xlsx.

    Example: policykg export --format xlsx -o ledger.xlsx
    """
    from kg.export import FORMATS, export as run

    _check_format(format, FORMATS)
    with _open(store, backend, uri, user, password, database) as st:
        path = run(st.graph(), out, format=format)
    typer.echo(f"wrote {path}", err=True)


@app.command()
def view(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("policykg-view.html"),
    department: Annotated[Optional[str], typer.Option("--department", "-d", help="Focus on departments whose name contains this: their tasks and co-units.")] = None,
    county: Annotated[Optional[str], typer.Option("--county", "-c", help="Focus on a county (name or code): its industries, projects and targets.")] = None,
    document: Annotated[Optional[str], typer.Option("--document", help="Only the facts of documents whose name, path or title contains this.")] = None,
    label: Annotated[Optional[list[str]], typer.Option("--label", "-l", help="Keep only nodes with this label (repeatable).")] = None,
    depth: Annotated[int, typer.Option("--depth", help="Neighbourhood radius around the focus.")] = 1,
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="Reduce larger graphs to this many nodes (with a notice).")] = 400,
    store: Store = None, backend: Backend = "auto", uri: Uri = None, user: User = None, password: Password = None, database: Database = None,
) -> None:
    """Write a self-contained HTML view of the graph (works offline), focused by the filters.

    Example: policykg view --department 财政局 -o caizheng.html
    """
    from kg.view import render

    with _open(store, backend, uri, user, password, database) as st:
        graph = st.graph()
    try:
        result = render(graph, out, department=department, county=county, document=document, label=label, depth=depth, max_nodes=max_nodes)
    except ValueError as e:
        _fail(str(e))
    if result.notice:
        typer.echo(f"note: {result.notice}", err=True)
    typer.echo(f"wrote {result.path} ({result.nodes} nodes, {result.edges} edges)", err=True)


@app.command(name="eval")
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
    from kg.evaluate import evaluate as run

    _check_format(format)
    if not gold.is_dir() or not docs.is_dir():
        _fail(f"{gold if not gold.is_dir() else docs}: not a folder")
    report = run(gold, docs, only=only)
    if verbose:
        for line in report.details:
            typer.echo("  " + line, err=True)
    _emit(report.rows(), format, ["label", "p", "r", "f1", "tp", "pred", "gold"], title="Extraction against gold")
    typer.echo(f"unit relations on documents without tasks = {report.relations_without_tasks}", err=True)
    for e in report.errors:
        typer.echo(f"error: {e}", err=True)
    if report.errors:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def train(
    data: Annotated[Optional[Path], typer.Option("--data", help="Folder of annotated sentences (*.txt markup) [default: the project's training/].")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Where the model goes [default: the one the pipeline loads, kg/data/ner].")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same weights).")] = 0,
    n_iter: Annotated[int, typer.Option("--n-iter", help="Training passes.")] = 15,
) -> None:
    """Train the statistical NER (Industry, Project, Enterprise) on the project's own annotated sentences.

    Example: policykg train --out /tmp/ner --n-iter 5
    """
    from kg.nlp.train import main as train_main

    argv = ["--seed", str(seed), "--n-iter", str(n_iter)]
    if data is not None:
        argv += ["--data", str(data)]
    if out is not None:
        argv += ["--out", str(out)]
    train_main(argv)


@app.command()
def schema() -> None:
    """Print the graph schema (labels, keys, properties, relationship types) as Markdown.

    Example: policykg schema > SCHEMA.md
    """
    from kg.schema_doc import markdown

    typer.echo(markdown())


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
