"""What extraction produces: entities (mentions), relations and the per-document result.

These types serialise to the extraction contract (``policykg extract --format json``),
which scoring and other tools depend on: fields may be added, none renamed or dropped.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Entity", "Relation", "Extraction"]


def _flat(obj: Any) -> dict[str, Any]:
    """A record's fields with its ``attrs`` spread among them: the contract's flat objects."""
    d = {k: v for k, v in asdict(obj).items() if k != "attrs"}
    d.update(obj.attrs)
    return d


# The id a relation gives the document's own county where the text never mentions it as a place
# (a county plan naming its county only in its title or issuer): no entity of the contract, since
# it is no mention; the document's metadata describes it under JURISDICTION_COUNTY and the graph
# model makes it the county's node (:func:`kg.graph.model.fragment`).
JURISDICTION = "jurisdiction"
JURISDICTION_COUNTY = "own_county"


@dataclass
class Entity:
    """One mention of an entity in a document.

    ``text`` is the mention as it reads in the document (its own script, without
    inserted pinyin); ``name`` is the canonical (simplified, jurisdiction-scoped)
    name of the graph node; ``start``/``end`` index the document's decoded text.
    ``attrs`` carries label-specific properties (division code, collective flag,
    target value, task section, ...), flattened into the contract object.
    """

    id: str
    label: str
    text: str
    name: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return _flat(self)


@dataclass
class Relation:
    """A typed relation between two entities of the same document, with provenance."""

    type: str
    source: str
    target: str
    evidence: str = ""
    start: int | None = None
    end: int | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return _flat(self)


@dataclass
class Extraction:
    """Everything extracted from one document."""

    path: str
    title: str | None
    jurisdiction: str | None
    script: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The contract object for this document (CONTRACT.md)."""
        doc = {"path": self.path, "title": self.title, "jurisdiction": self.jurisdiction, "script": self.script}
        doc.update({k: v for k, v in self.metadata.items() if k not in doc})
        return {
            "document": doc,
            "entities": [e.to_json() for e in self.entities],
            "relations": [r.to_json() for r in self.relations],
        }
