"""A read-only store over a graph already in memory: an export read back, a fragment, a store's copy.

The questions of :mod:`kg.questions.query` are asked of a :class:`~kg.loaders.base.Store`;
wrapping a graph in :class:`GraphStore` lets the exports (the xlsx ledger) and a
notebook ask them of a graph with the same code, so "who leads what" has one
implementation whatever holds the graph.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.loaders.base import Store, StoreError
from kg.loaders.cypher import write_refusal

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GraphStore", "query_graph"]


def query_graph(graph: nx.MultiDiGraph, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Read-only Cypher over ``graph`` (:mod:`kg.loaders.networkx_cypher`); a write clause or an unsupported one is a :class:`StoreError`."""
    refusal = write_refusal(cypher, read_only_store=True)
    if refusal:
        raise StoreError(refusal)
    from kg.loaders.cypher_parse import NotSupported  # lark only for Cypher, not for every question command
    from kg.loaders.networkx_cypher import CypherError, run_cypher

    try:
        return run_cypher(graph, cypher, params)
    except (NotSupported, CypherError) as e:
        raise StoreError(str(e)) from None


class GraphStore(Store):
    """``graph`` (in the :mod:`kg.graph.model` model) as a store that answers questions and Cypher, and refuses writes."""

    backend = "memory"

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self._graph = graph

    def graph(self) -> nx.MultiDiGraph:
        return self._graph

    def document_hashes(self) -> dict[str, str | None]:
        return {d["key"]: d.get("sha256") for _, d in self._graph.nodes(data=True) if d.get("label") == "Document"}

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Read-only Cypher over the graph, ``write=True`` or not."""
        return query_graph(self._graph, cypher, params)

    def replace_documents(self, fragments: Iterable[nx.MultiDiGraph]) -> int:
        raise StoreError("a graph in memory is read-only here; ingest into a store instead")

    def remove_documents(self, keys: Iterable[str]) -> None:
        raise StoreError("a graph in memory is read-only here; remove documents from a store instead")
