"""Stores for the policykg graph: Neo4j (Bolt) and an embedded NetworkX store.

Both sit behind :class:`kg.loaders.base.Store`; :func:`open_store` picks one.
Loaders know the graph model (:mod:`kg.graph.model`, :mod:`schema`), never the NLP.
"""
from kg.loaders.base import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
