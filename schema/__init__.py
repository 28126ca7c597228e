"""The graph schema as data.

``schema/graph.toml`` is the single source of truth for node labels, their key
property, relationship types and their endpoints. Code reads it through
:func:`load`; docs are generated from it (``policykg schema``).
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


@dataclass(frozen=True)
class Relationship:
    name: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    version: int
    labels: dict[str, Label] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)

    @property
    def entity_labels(self) -> tuple[str, ...]:
        """Labels that extraction emits as entities (everything but Document)."""
        return tuple(n for n, lab in self.labels.items() if lab.entity)


@cache
def load() -> Schema:
    """Read ``graph.toml`` shipped with the package."""
    raw = tomllib.loads(resources.files(__name__).joinpath("graph.toml").read_text("utf-8"))
    labels = {
        name: Label(name, d["description"], d["key"], tuple(d["properties"]), d["color"], d["shape"], d.get("entity", False))
        for name, d in raw["labels"].items()
    }
    rels = {
        name: Relationship(name, d["description"], tuple(d["from"]), tuple(d["to"]))
        for name, d in raw["relationships"].items()
    }
    return Schema(raw["version"], labels, rels)
