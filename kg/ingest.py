"""Ingest: files and folders in, one store updated document by document.

Extraction runs in a process pool across cores (output is deterministic whatever
the number of processes: results are applied in input order). A document whose
content hash is already in the store is skipped. One bad document never loses the
others' results: its error is reported and the rest are loaded.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.document import ReadError

__all__ = ["IngestReport", "DocumentSummary", "ingest", "expand_paths"]


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
    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since the last ingest
    errors: list[str] = field(default_factory=list)  # one line per bad document
    documents: list[DocumentSummary] = field(default_factory=list)  # one per file, in input order

    @property
    def ok(self) -> bool:
        return not self.errors


def summarize(path: str, frag) -> DocumentSummary:
    """The counts of one document's fragment (:func:`kg.graph.fragment`)."""
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


def _work(path: str) -> tuple[str, object | None, str | None]:
    """Read + extract + fragment one file (in a worker process)."""
    from kg.extract import extract
    from kg.graph import fragment
    from kg.read import read

    try:
        doc = read(path)
        return path, fragment(extract(doc), doc), None
    except ReadError as e:
        return path, None, str(e)
    except Exception as e:  # one document's failure must not lose the others
        return path, None, f"{path}: extraction failed: {type(e).__name__}: {e}"


def _sha256(path: str) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _results(paths: list[str], jobs: int) -> Iterator[tuple[str, object | None, str | None]]:
    if jobs <= 1 or len(paths) < 2:
        yield from map(_work, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_work, paths, chunksize=max(1, len(paths) // (jobs * 8)))


def ingest(
    paths: Iterable[str | Path],
    store: "object",
    *,
    jobs: int | None = None,
    force: bool = False,
    batch: int = 200,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Extract every document under ``paths`` and load it into ``store``.

    ``jobs`` processes extract in parallel (default: all cores). Unchanged documents
    (same content hash as in the store) are skipped unless ``force``.
    """
    from kg.graph import document_key

    report = IngestReport()
    files = expand_paths(paths)
    known = {} if force else store.document_hashes()
    todo = []
    for f in files:
        if not force and known.get(document_key(f)) and known[document_key(f)] == _sha256(f):
            report.skipped.append(f)
            report.documents.append(DocumentSummary(f, "unchanged"))
            if progress:
                progress(f)
        else:
            todo.append(f)
    pending = []
    for path, frag, err in _results(todo, jobs or os.cpu_count() or 1):
        if err:
            report.errors.append(err)
            report.documents.append(DocumentSummary(path, "failed", error=err))
        else:
            pending.append(frag)
            report.ingested.append(path)
            report.documents.append(summarize(path, frag))
        if len(pending) >= batch:
            store.replace_documents(pending)
            pending = []
        if progress:
            progress(path)
    if pending:
        store.replace_documents(pending)
    order = {f: i for i, f in enumerate(files)}
    report.documents.sort(key=lambda d: order.get(d.path, len(order)))
    return report
