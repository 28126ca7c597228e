"""The graph schema rendered as Markdown (``policykg schema``), straight from ``schema/graph.toml``."""
from __future__ import annotations

import kg.schema as _schema

__all__ = ["markdown"]


def markdown() -> str:
    """Markdown tables of node labels (with their caption, what keys them, what finds them and whether
    ``policykg eval`` scores them) and relationship types."""
    s = _schema.load()
    lines = ["## Node labels", "", "| label | 中文 | key (from) | found by | properties | what it is |", "|---|---|---|---|---|---|"]
    for lab in s.labels.values():
        key_from = f"`{lab.key_from}`, else the name" if lab.key_from else ("the name" if lab.entity else "the file path")
        found = "the spaCy pipeline" if lab.mention else ("the extractor" if lab.entity else "the reader")
        lines.append(f"| {lab.name} | {lab.zh} | `{lab.key}` ({key_from}) | {found}{', scored' if lab.scored else ''} | "
                     f"{', '.join(lab.properties)} | {lab.description} |")
    lines += ["", "## Relationship types", "", "| type | from | to | properties | what it means |", "|---|---|---|---|---|"]
    for r in s.relationships.values():
        lines.append(f"| {r.name} | {', '.join(r.sources)} | {', '.join(r.targets)} | {', '.join(r.properties)} | {r.description} |")
    lines += ["", "Every node has `documents` (the documents that state it); every relationship has `document`,"
              " `evidence`, `section`, `start`, `end` (offsets into that document's text)."]
    return "\n".join(lines)
