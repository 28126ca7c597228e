"""A user's aliases file: which unit names are one node and which must stay apart.

Extraction joins names by rule (区发改局 and 区发展和改革局 of one document, 发展改革委 of a
national document and 国家发展改革委); it cannot know every unit. An aliases file, read at
ingest (``policykg ingest --aliases FILE``), corrects it for good: every document ingested
with the file gets the same correction.

TOML::

    [merge]                      # A is B: mentions of A become the node B (A kept in its aliases)
    "区发改局" = "鄂州市鄂城区发展和改革局"

    split = ["发展改革委"]        # a written name stays its own node, never joined to another

(``split`` may stand before ``[merge]`` only, as TOML wants.) CSV: one row per name, ``A,B``
merges A into B, ``A`` alone (or ``A,``) splits A; a first row ``name,into`` is a header.

Names are compared in simplified characters, against both the written form of a mention
and the canonical name the graph would give it.
"""
from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.graph.records import Extraction
from kg.text.script import to_simplified

__all__ = ["Aliases", "AliasesError", "load_aliases", "apply_aliases"]

_LABELS = ("Department", "Industry", "Project", "Enterprise")  # entities named by their name (not by a code or position)


class AliasesError(ValueError):
    """An aliases file that cannot be read; ``str()`` is the one line a user sees."""


@dataclass(frozen=True)
class Aliases:
    """``merge``: name -> the name of the node it joins; ``split``: names that stay as written."""

    merge: dict[str, str] = field(default_factory=dict)
    split: frozenset[str] = frozenset()


def load_aliases(path: str | Path) -> Aliases:
    """Read a TOML (``.toml``) or CSV (any other suffix) aliases file.

    Raises :class:`AliasesError` naming the file and the problem.
    """
    p = Path(path)
    try:
        raw = p.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise AliasesError(f"{path}: cannot read the aliases file: {getattr(e, 'strerror', None) or e}") from None
    pairs, split = _toml(raw, path) if p.suffix.lower() == ".toml" else _csv(raw, path)
    merge = {to_simplified(a.strip()): to_simplified(b.strip()) for a, b in pairs}
    for a, b in merge.items():
        if not a or not b:
            raise AliasesError(f"{path}: an empty name in merge")
        if b in merge and merge[b] != b:
            raise AliasesError(f"{path}: {a} is merged into {b}, which is itself merged into {merge[b]}; merge into the last name")
    names = frozenset(to_simplified(s.strip()) for s in split if s.strip())
    both = sorted(names & set(merge))
    if both:
        raise AliasesError(f"{path}: {both[0]} is both merged and split")
    return Aliases(merge, names)


def _toml(raw: str, path: str | Path) -> tuple[list[tuple[str, str]], list[str]]:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise AliasesError(f"{path}: not valid TOML: {e}") from None
    merge, split = data.get("merge", {}), data.get("split", [])
    if not isinstance(merge, dict) or not all(isinstance(v, str) for v in merge.values()):
        raise AliasesError(f"{path}: [merge] must map names to names (\"A\" = \"B\")")
    if not isinstance(split, list) or not all(isinstance(v, str) for v in split):
        raise AliasesError(f"{path}: split must be a list of names (split = [\"A\"])")
    unknown = sorted(set(data) - {"merge", "split"})
    if unknown:
        raise AliasesError(f"{path}: unknown key {unknown[0]!r} (an aliases file has [merge] and split)")
    return list(merge.items()), split


def _csv(raw: str, path: str | Path) -> tuple[list[tuple[str, str]], list[str]]:
    pairs, split = [], []
    for n, row in enumerate(csv.reader(io.StringIO(raw)), 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if n == 1 and [c.lower() for c in cells[:2]] == ["name", "into"]:
            continue
        if len(cells) > 2 and any(cells[2:]):
            raise AliasesError(f"{path}: line {n}: at most two columns (name, into)")
        if len(cells) > 1 and cells[1]:
            pairs.append((cells[0], cells[1]))
        else:
            split.append(cells[0])
    return pairs, split


def apply_aliases(extraction: Extraction, aliases: Aliases | None) -> Extraction:
    """The extraction with the user's corrections applied to its entities' names.

    A split name keeps its written form (in simplified characters) as its node's name; a
    merged one takes the name it is merged into. The written form stays the entity's
    ``text``, so the node keeps it in ``aliases``.
    """
    if aliases is None or not (aliases.merge or aliases.split):
        return extraction
    ents = []
    for e in extraction.entities:
        if e.label in _LABELS:
            written = to_simplified(e.text)
            if written in aliases.split:
                e = replace(e, name=written)
            elif e.name in aliases.merge or written in aliases.merge:
                e = replace(e, name=aliases.merge.get(e.name) or aliases.merge[written])
        ents.append(e)
    return replace(extraction, entities=ents)
