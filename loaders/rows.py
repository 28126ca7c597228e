"""A document fragment as the rows a Bolt loader sends: pure functions, no server.

:func:`kg.graph.model.node_rows` and :func:`kg.graph.model.edge_rows` give the rows; this
module checks the fragment against the graph model and shapes each row for the
statements of :mod:`kg.loaders.cypher`: node rows carry their aliases apart (aliases
are merged as a union, everything else replaced), the Document's ``sha256`` is
held back to be written last, and neither the node key nor the document is
repeated inside ``props`` (rows are what fills a 4 KB message).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the question commands never import networkx: only the annotations name it
    import networkx as nx

import kg.schema as _schema
from kg.graph.model import edge_rows, node_rows

__all__ = ["check_fragment", "DocumentRows", "document_rows"]


def check_fragment(frag: nx.MultiDiGraph) -> str:
    """The key of the fragment's one Document; ``ValueError`` naming the problem if it breaks the model."""
    sch = _schema.load()
    docs = [d.get("key") for _, d in frag.nodes(data=True) if d.get("label") == "Document"]
    if len(docs) != 1 or not docs[0]:
        raise ValueError(f"a fragment must hold exactly one Document node with a key, this one has {len(docs)}")
    for n, d in frag.nodes(data=True):
        if d.get("label") not in sch.labels or not d.get("key"):
            raise ValueError(f"fragment node {n!r}: label {d.get('label')!r} is not in the schema or it has no key")
    for u, v, d in frag.edges(data=True):
        if d.get("type") not in sch.relationships:
            raise ValueError(f"fragment edge {u!r} -> {v!r}: type {d.get('type')!r} is not in the schema")
        if d.get("document") != docs[0]:
            raise ValueError(f"fragment edge {u!r} -> {v!r} belongs to document {d.get('document')!r}, not {docs[0]!r}")
    return docs[0]


@dataclass
class DocumentRows:
    """What one document's fragment becomes on a Bolt server."""

    key: str
    sha256: str | None
    # label -> {key, props, aliases}; the key and the document travel once, not in every props map
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # (type, source label, target label) -> {src, dst, props}; the document is the statement's $doc
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def node_keys(self) -> dict[str, set[str]]:
        return {label: {r["key"] for r in rows} for label, rows in self.nodes.items()}

    def edge_keys(self) -> dict[tuple[str, str, str], set[tuple[str, str]]]:
        return {t: {(r["src"], r["dst"]) for r in rows} for t, rows in self.edges.items()}


def document_rows(frag: nx.MultiDiGraph) -> DocumentRows:
    """The rows of one fragment, Document first.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Document:/d.txt", label="Document", key="/d.txt", name="d.txt", sha256="ab", documents=["/d.txt"])
    >>> g.add_node("Department:财政局", label="Department", key="财政局", name="财政局", aliases=["財政局"], documents=["/d.txt"])
    >>> _ = g.add_edge("Document:/d.txt", "Department:财政局", key="MENTIONS|/d.txt", type="MENTIONS", document="/d.txt")
    >>> rows = document_rows(g)
    >>> rows.sha256, rows.nodes["Department"]
    ('ab', [{'key': '财政局', 'props': {'name': '财政局'}, 'aliases': ['財政局']}])
    >>> rows.edges[("MENTIONS", "Document", "Department")]
    [{'src': '/d.txt', 'dst': '财政局', 'props': {}}]
    """
    dkey = check_fragment(frag)
    out = DocumentRows(dkey, None)
    by_label = node_rows(frag)
    for label in sorted(by_label, key=lambda lab: (lab != "Document", lab)):
        rows = []
        for r in by_label[label]:
            props = {k: v for k, v in r["props"].items() if k != "key"}
            aliases = props.pop("aliases", None) or []
            if label == "Document":
                out.sha256 = props.pop("sha256", None)
            rows.append({"key": r["key"], "props": props, "aliases": sorted(aliases)})
        out.nodes[label] = rows
    out.edges = {
        t: [{"src": r["src"], "dst": r["dst"], "props": {k: v for k, v in r["props"].items() if k != "document"}} for r in rows]
        for t, rows in sorted(edge_rows(frag).items())
    }
    return out
