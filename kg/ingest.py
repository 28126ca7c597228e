"""Ingest: files and folders in, one store updated document by document.

Extraction runs in a process pool across cores, or on the workers of a Dask
cluster (:mod:`kg.distributed`); output is deterministic whatever the number of
processes or workers: results are applied in input order. A document whose
content hash is already in the store is skipped (also under another path: a
document is its content), and a second copy within one ingest is not saved; with
``prune``, documents read from under the given paths whose content is gone from
them are taken out afterwards (:func:`kg.documents.gone`). One bad document never loses the
others' results: its error is reported and the rest are loaded, and a document
that takes longer than its time budget (:mod:`kg.budget`) is such an error.

The store's writer lock is taken before any work, so a second ingest learns at
once that it cannot write instead of after extracting everything. The pool's
workers die with the ingest (:mod:`kg.workers`); Ctrl-C ends the workers and
raises :class:`IngestInterrupted`, whose report says what was saved.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kg.budget import DOCUMENT_SECONDS, time_budget
from kg.read.document import ReadError

if TYPE_CHECKING:
    from kg.graph.aliases import Aliases

__all__ = ["IngestReport", "DocumentSummary", "IngestInterrupted", "ingest", "expand_paths"]


@dataclass
class DocumentSummary:
    """What one document gave: people check these counts to trust (or doubt) an ingest."""

    path: str
    status: str  # "ingested", "unchanged" or "failed"
    title: str | None = None
    tasks: int = 0
    units: int = 0  # departments that lead or share a task
    targets: int = 0
    error: str | None = None

    @property
    def warnings(self) -> list[str]:
        """A document read without error that gave no task is worth a look (wrong file, unknown layout)."""
        return ["no tasks found"] if self.status == "ingested" and not self.tasks else []

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "status": self.status, "title": self.title, "tasks": self.tasks,
                "units": self.units, "targets": self.targets, "warnings": self.warnings, "error": self.error}


@dataclass
class IngestReport:
    ingested: list[str] = field(default_factory=list)  # saved in the store
    skipped: list[str] = field(default_factory=list)  # unchanged since the last ingest, or a copy of a stored document
    removed: list[str] = field(default_factory=list)  # keys of the documents ``prune`` took out
    errors: list[str] = field(default_factory=list)  # one line per bad document
    unsaved: int = 0  # extracted or not yet started when the ingest was interrupted
    documents: list[DocumentSummary] = field(default_factory=list)  # one per file, in input order

    @property
    def ok(self) -> bool:
        return not self.errors


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest: the workers are ended; ``report`` holds what was saved before."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__(f"interrupted: {len(report.ingested)} documents saved, {report.unsaved} not")
        self.report = report


def summarize(path: str, frag) -> DocumentSummary:
    """The counts of one document's fragment (:func:`kg.graph.model.fragment`)."""
    labels = [d.get("label") for _, d in frag.nodes(data=True)]
    units = {u for u, _, t in frag.edges(data="type") if t in ("LEADS", "RESPONSIBLE_FOR")}
    title = next((d.get("title") for _, d in frag.nodes(data=True) if d.get("label") == "Document"), None)
    return DocumentSummary(path, "ingested", title, tasks=labels.count("Task"), units=len(units), targets=labels.count("Target"))


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files as given, folders expanded to the readable files below them (sorted)."""
    from kg.read import SUFFIXES

    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append(str(p))
    return out


def _work(path: str, seconds: float | None = DOCUMENT_SECONDS, aliases=None) -> tuple[str, object | None, str | None]:
    """Read + extract + fragment one file (in a worker process), within ``seconds``, with the user's ``aliases``."""
    from kg.graph.aliases import apply_aliases
    from kg.extract.document import extract, warm_up
    from kg.graph.model import fragment
    from kg.read import read

    try:
        warm_up()  # outside the budget: loading the pipeline is not this document's time
        with time_budget(seconds, path):
            doc = read(path)
            return path, fragment(apply_aliases(extract(doc), aliases), doc), None
    except ReadError as e:
        return path, None, str(e)
    except Exception as e:  # one document's failure must not lose the others
        return path, None, f"{path}: extraction failed: {type(e).__name__}: {e}"


def _sha256(path: str) -> str | None:
    """The content hash of a regular file (None for anything else: a FIFO is never opened)."""
    from kg.read import content_hash, read_bytes

    try:
        return content_hash(read_bytes(path))
    except ReadError:
        return None


def _results(paths: list[str], jobs: int, seconds: float | None, aliases=None,
             scheduler: object | None = None) -> Iterator[tuple[str, object | None, str | None]]:
    work = partial(_work, seconds=seconds, aliases=aliases)
    if scheduler is not None and paths:  # nothing to send: no cluster is started or asked
        from kg.distributed import on_cluster

        yield from on_cluster(scheduler, paths, work)
        return
    if jobs <= 1 or len(paths) < 2:
        yield from map(work, paths)
        return
    from kg.workers import WorkerLost, ordered_results

    results = ordered_results(min(jobs, len(paths)), work, paths)
    try:
        yield from results
    except WorkerLost as e:  # the documents not back yet are errors; the ones before are kept
        for path in paths[e.done:]:
            yield path, None, f"{path}: not extracted: {e}"
    finally:
        results.close()


def ingest(
    paths: Iterable[str | Path],
    store: "object",
    *,
    jobs: int | None = None,
    force: bool = False,
    batch: int = 200,
    progress: Callable[[str], None] | None = None,
    wait: float = 0.0,
    time_limit: float | None = DOCUMENT_SECONDS,
    aliases: "Aliases | None" = None,
    scheduler: object | None = None,
    prune: bool = False,
    files: list[str] | None = None,
) -> IngestReport:
    """Extract every document under ``paths`` and load it into ``store``.

    The store's writer lock is taken first: if another ingest holds it, this one
    waits ``wait`` seconds, then fails with :class:`~kg.loaders.base.StoreError`
    naming the store and the holder, before any work. ``jobs`` processes extract
    in parallel (default: all cores); each document gets ``time_limit`` seconds
    (``None``: no limit). Unchanged documents (same content hash as in the store)
    are skipped unless ``force`` (so a changed aliases file needs ``force`` to reach
    them). ``aliases`` (:func:`kg.graph.aliases.load_aliases`) merges and splits unit names
    in every document extracted.
    With ``prune``, documents read from under ``paths`` whose content is no longer there
    are removed. ``files`` is :func:`expand_paths` of ``paths`` where the caller walked
    the folders already (to size a progress bar); ``paths`` still name the roots ``prune``
    looks under. Ctrl-C raises :class:`IngestInterrupted`.

    ``scheduler`` sends the extraction to Dask workers instead of local processes:
    an address (``"tcp://HOST:8786"``, ``"local:4"``; connected only when there is a
    document to send) or a connected :class:`distributed.Client`. ``jobs`` is then
    unused and ``time_limit`` not enforced (a worker thread has no timer); batches,
    skipping and input order are the same (:mod:`kg.distributed`).
    """
    report = IngestReport()
    paths = list(paths)
    try:
        store.lock(wait)
        present = _run(expand_paths(paths) if files is None else files, store, report, jobs=jobs, force=force, batch=batch, progress=progress,
                       time_limit=time_limit, aliases=aliases, scheduler=scheduler)
        if prune:
            from kg.documents import gone

            report.removed = gone(store, paths, present)
            store.remove_documents(report.removed)
    except KeyboardInterrupt:
        raise IngestInterrupted(report) from None
    return report


def _run(files: list[str], store, report: IngestReport, *, jobs, force, batch, progress, time_limit, aliases=None,
         scheduler=None) -> set[str]:
    """Ingest ``files``; returns the content hashes found there."""
    known = {} if force else store.document_hashes()
    todo, present = [], set()
    for f in files:
        sha = _sha256(f)
        present.add(sha)
        if sha is not None and known.get(sha) == sha:  # stored already (maybe from another path)
            report.skipped.append(f)
            report.documents.append(DocumentSummary(f, "unchanged"))
            if progress:
                progress(f)
        else:
            todo.append(f)
    report.unsaved = len(todo)
    pending: list[tuple[str, object]] = []
    seen: set[str] = set()
    with closing(_results(todo, jobs or os.cpu_count() or 1, time_limit, aliases, scheduler)) as results:  # the pool ends here, come what may
        for path, frag, err in results:
            _take(store, report, pending, path, frag, err, batch, seen)
            if progress:
                progress(path)
    if pending:
        _save(store, pending, report)
    order = {f: i for i, f in enumerate(files)}
    report.documents.sort(key=lambda d: order.get(d.path, len(order)))
    return present - {None}


def _take(store, report: IngestReport, pending: list, path: str, frag: object | None, err: str | None, batch: int,
          seen: set[str]) -> None:
    """Record one document's result; save the batch when it is full. A second copy in one ingest is not saved again."""
    if err:
        report.errors.append(err)
        report.documents.append(DocumentSummary(path, "failed", error=err))
        report.unsaved -= 1
    elif _key(frag) in seen:
        report.skipped.append(path)
        report.documents.append(DocumentSummary(path, "unchanged"))
        report.unsaved -= 1
    else:
        seen.add(_key(frag))
        pending.append((path, frag))
    if len(pending) >= batch:
        _save(store, pending, report)


def _key(frag) -> str | None:
    return next((d.get("key") for _, d in frag.nodes(data=True) if d.get("label") == "Document"), None)


def _save(store, pending: list[tuple[str, object]], report: IngestReport) -> None:
    store.replace_documents([frag for _, frag in pending])
    report.ingested.extend(path for path, _ in pending)
    report.documents.extend(summarize(path, frag) for path, frag in pending)
    report.unsaved -= len(pending)
    pending.clear()
