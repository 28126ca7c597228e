"""The one small interface every store implements."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

import networkx as nx

__all__ = ["Store", "StoreError", "open_store"]


class StoreError(Exception):
    """A store that cannot be opened, read or written. ``str()`` is the one-line message users see."""


class Store(ABC):
    """A graph store. Each document's facts are replaced as a whole (see :mod:`kg.graph`)."""

    backend: str = ""

    @abstractmethod
    def replace_documents(self, fragments: Iterable[nx.MultiDiGraph]) -> int:
        """Replace each fragment's document facts; a fragment is applied whole or not at all. Returns how many."""

    @abstractmethod
    def remove_documents(self, keys: Iterable[str]) -> None:
        """Remove the facts of these documents."""

    @abstractmethod
    def document_hashes(self) -> dict[str, str | None]:
        """Document key -> content sha256 of every ingested document (for incremental ingest)."""

    @abstractmethod
    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Run Cypher; rows as dicts. Read-only unless ``write``."""

    @abstractmethod
    def graph(self) -> nx.MultiDiGraph:
        """The whole graph in the :mod:`kg.graph` model (for views and exports)."""

    def close(self) -> None:
        """Release connections and locks."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(backend: str = "auto", **options: Any) -> Store:
    """Open a store. ``backend`` is ``auto`` (Neo4j when configured and reachable, else NetworkX), ``networkx`` or ``neo4j``."""
    raise NotImplementedError
