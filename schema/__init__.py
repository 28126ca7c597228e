"""The graph schema as data.

``schema/graph.toml`` is the single source of truth for node labels, their key
property, relationship types and their endpoints, and for how code treats them:
which labels the spaCy pipeline finds (and their merge priority), which the gold
scores, what keys a node, captions and colours. Code reads it through :func:`load`;
docs are generated from it (``policykg schema``).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

__all__ = ["Label", "Relationship", "Schema", "load"]


@dataclass(frozen=True)
class Label:
    name: str
    description: str
    key: str
    properties: tuple[str, ...]
    color: str
    shape: str
    entity: bool = False
    zh: str = ""
    key_from: str = ""
    mention: bool = False
    scored: bool = False
    county_view: bool = False
    component: str = ""  # the spaCy factory that finds it as a mention ("" for none)


@dataclass(frozen=True)
class Relationship:
    name: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    zh: str = ""
    color: str = "#adb5bd"
    width: float = 1.0
    dashes: bool | tuple[int, ...] = False
    hidden: bool = False
    properties: tuple[str, ...] = ()  # beyond the provenance every relationship has (document, evidence, section, start, end)


@dataclass(frozen=True)
class Schema:
    version: int
    labels: dict[str, Label] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)

    @property
    def entity_labels(self) -> tuple[str, ...]:
        """Labels that extraction emits as entities (everything but Document)."""
        return tuple(n for n, lab in self.labels.items() if lab.entity)

    @property
    def mention_labels(self) -> tuple[str, ...]:
        """Labels the spaCy pipeline finds, in merge priority (the order of ``graph.toml``)."""
        return tuple(n for n, lab in self.labels.items() if lab.mention)

    @property
    def components(self) -> tuple[str, ...]:
        """The spaCy components that find mentions, once each, in the order of their labels."""
        return tuple(dict.fromkeys(lab.component for lab in self.labels.values() if lab.component))

    @property
    def scored_labels(self) -> tuple[str, ...]:
        """Labels the gold files annotate (what ``policykg eval`` scores)."""
        return tuple(n for n, lab in self.labels.items() if lab.scored)

    @property
    def county_view_labels(self) -> tuple[str, ...]:
        """Labels drawn around a county in its view (what the county develops and holds)."""
        return tuple(n for n, lab in self.labels.items() if lab.county_view)


def _relationship(name: str, d: dict) -> Relationship:
    dashes = d.get("dashes", False)
    return Relationship(name, d["description"], tuple(d["from"]), tuple(d["to"]), d.get("zh", ""),
                        d.get("color", "#adb5bd"), float(d.get("width", 1.0)), tuple(dashes) if dashes else False,
                        d.get("hidden", False), tuple(d.get("properties", ())))


@cache
def load() -> Schema:
    """Read ``graph.toml`` shipped with the package."""
    raw = tomllib.loads(resources.files(__name__).joinpath("graph.toml").read_text("utf-8"))
    labels = {
        name: Label(name, d["description"], d["key"], tuple(d["properties"]), d["color"], d["shape"], d.get("entity", False),
                    d.get("zh", ""), d.get("key_from", ""), bool(d.get("component")), d.get("scored", False),
                    d.get("county_view", False), d.get("component", ""))
        for name, d in raw["labels"].items()
    }
    rels = {name: _relationship(name, d) for name, d in raw["relationships"].items()}
    return Schema(raw["version"], labels, rels)
