"""The graph model that ``schema/graph.toml`` defines, as plain NetworkX.

A store holds one ``nx.MultiDiGraph``:

* node id ``"Label:key"``; attributes ``label``, ``key``, ``name``, ``documents``
  (sorted list of the document keys that state the node) and the label's properties;
* edge key ``"TYPE|document"``; attributes ``type``, ``document`` and provenance
  (``evidence``, ``section``, ``start``, ``end``).

A document is keyed by the sha256 of its bytes (:func:`document_key`), so a copy
under another path is the same document. Its facts are its *fragment* (:func:`fragment`). :func:`replace_document`
swaps one document's facts in a graph for a new fragment: what the document no
longer states disappears, what other documents also state stays. The loaders apply
the same rule on their backends, from the rows that :func:`node_rows` and
:func:`edge_rows` produce.
"""
from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import kg.schema as _schema
from kg.read.document import Document
from kg.graph.records import JURISDICTION, JURISDICTION_COUNTY, Extraction

if TYPE_CHECKING:  # networkx is imported where a graph is made: extraction needs only document_key
    import networkx as nx

__all__ = [
    "node_id",
    "document_key",
    "fragment",
    "replace_document",
    "remove_document",
    "document_fragment",
    "node_rows",
    "edge_rows",
    "documents_in",
    "superseded",
]

_SCALARS = (str, int, float, bool)


def node_id(label: str, key: str) -> str:
    """The NetworkX node id of a node: ``"Label:key"``."""
    return f"{label}:{key}"


def document_key(path: str, sha256: str | None = None) -> str:
    """A document's key: its content hash, so a copy of a file under another path is the same document.

    The path is only a property (where the content was last read from). A document
    known by no hash (an extraction made in memory) is keyed by its resolved path.
    """
    return sha256 or os.path.realpath(path)


def _clean_props(props: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    """Keep schema properties with values a property graph can store (scalars, lists of scalars)."""
    out = {}
    for k in allowed:
        v = props.get(k)
        if v is None:
            continue
        if isinstance(v, _SCALARS) or (isinstance(v, list) and all(isinstance(x, _SCALARS) for x in v)):
            out[k] = v
    return out


def entity_key(label: str, name: str, attrs: dict[str, Any], document: str | None = None) -> str:
    """The node key of an entity: the attribute its label keys by in the schema (``key_from``: a county's
    division code, a task's document-scoped id) where the entity has it, else its name.

    A collective unit (有关部门, 各有关单位, 各县市区人民政府) means different units in
    different documents, so its key includes its ``document``: the 有关部门 of two unrelated
    documents are two nodes, never one that partners with everything.
    """
    lab = _schema.load().labels.get(label)
    key_from = lab.key_from if lab else ""
    if key_from and attrs.get(key_from):
        return str(attrs[key_from])
    if label == "Department" and attrs.get("collective") and document:
        return f"{name}@{hashlib.sha1(document.encode('utf-8')).hexdigest()[:12]}"
    return name


def fragment(extraction: Extraction, document: Document | None = None) -> nx.MultiDiGraph:
    """The graph of one document's facts: its Document node, one node per entity, its relations.

    Mentions of the same node collapse into one node; every entity of a label that
    MENTIONS reaches in the schema gets a MENTIONS edge from the document (tasks and
    targets hang off the document through PART_OF and HAS_TARGET). A label or
    relationship type the schema does not know is a ``ValueError``, not a fact dropped.
    """
    import networkx as nx

    sch = _schema.load()
    meta = dict(extraction.metadata)
    dkey = document_key(extraction.path, document.sha256 if document else meta.get("sha256"))
    g = nx.MultiDiGraph()
    doc_props = {
        "key": dkey,
        "path": os.path.realpath(extraction.path),  # resolved: a later ingest from another folder finds it
        "name": os.path.basename(extraction.path),
        "title": extraction.title,
        "jurisdiction": extraction.jurisdiction,
        "script": extraction.script,
        "sha256": document.sha256 if document else meta.get("sha256"),
        "format": document.format if document else meta.get("format"),
        **{k: meta.get(k) for k in ("issuer", "date", "doc_number")},
    }
    did = node_id("Document", dkey)
    g.add_node(did, label="Document", documents=[dkey], **_clean_props(doc_props, sch.labels["Document"].properties))

    mentioned = set(sch.relationships["MENTIONS"].targets)
    by_id: dict[str, str] = {}
    for e in extraction.entities:
        lab = sch.labels.get(e.label)
        if lab is None:  # code and schema disagree: say so, never drop facts silently
            raise ValueError(f"entity label {e.label!r} is not in schema/graph.toml")
        key = entity_key(e.label, e.name, e.attrs, dkey)
        nid = node_id(e.label, key)
        by_id[e.id] = nid
        scoped = {"document": dkey} if e.label in ("Task", "Target") else {}  # scoped to the document that states it
        props = _clean_props({**e.attrs, **scoped, "name": e.name, "key": key}, lab.properties)
        if nid in g:
            aliases = set(g.nodes[nid].get("aliases", []))
            if e.text != e.name:
                aliases.add(e.text)
            if aliases:
                g.nodes[nid]["aliases"] = sorted(aliases)
            continue
        if e.text != e.name and "aliases" in lab.properties:
            props["aliases"] = [e.text]
        g.add_node(nid, label=e.label, documents=[dkey], **props)
        if e.label in mentioned:
            g.add_edge(did, nid, key=f"MENTIONS|{dkey}", type="MENTIONS", document=dkey)

    own = extraction.metadata.get(JURISDICTION_COUNTY)
    if own and any(JURISDICTION in (r.source, r.target) for r in extraction.relations):
        by_id[JURISDICTION] = _own_county_node(g, own, did, dkey, sch.labels["County"].properties)
    for r in extraction.relations:
        if r.type not in sch.relationships:
            raise ValueError(f"relationship type {r.type!r} is not in schema/graph.toml")
        src = did if r.source == "document" else by_id.get(r.source)
        dst = did if r.target == "document" else by_id.get(r.target)
        if src is None or dst is None:
            continue
        key = f"{r.type}|{dkey}"
        if g.has_edge(src, dst, key):  # the same fact stated again: the first statement (and its rank) stands
            continue
        props = {"type": r.type, "document": dkey, "evidence": r.evidence, "start": r.start, "end": r.end}
        props.update({k: v for k, v in r.attrs.items() if isinstance(v, _SCALARS)})
        g.add_edge(src, dst, key=key, **{k: v for k, v in props.items() if v is not None})
    _attach_to_document(g, did, dkey)
    return g


def _own_county_node(g: nx.MultiDiGraph, own: dict[str, Any], did: str, dkey: str, allowed: Iterable[str]) -> str:
    """The node of the document's own county where relations name it by its jurisdiction only
    (a county plan naming the county in its title alone): the same node as its mentions elsewhere
    (keyed by code), reached from the document like a mention, so the document's facts stay findable."""
    nid = node_id("County", str(own["code"]))
    if nid not in g:
        g.add_node(nid, label="County", documents=[dkey], **_clean_props({**own, "key": str(own["code"])}, allowed))
        g.add_edge(did, nid, key=f"MENTIONS|{dkey}", type="MENTIONS", document=dkey)
    return nid


def _attach_to_document(g: nx.MultiDiGraph, did: str, dkey: str) -> None:
    """Tasks with no parent task are PART_OF the document; targets no task states are the document's (HAS_TARGET)."""
    for n, lab in list(g.nodes(data="label")):
        if lab == "Task" and not any(d == "PART_OF" for _, _, d in g.out_edges(n, data="type")):
            g.add_edge(n, did, key=f"PART_OF|{dkey}", type="PART_OF", document=dkey)
        elif lab == "Target" and not any(d == "HAS_TARGET" for _, _, d in g.in_edges(n, data="type")):
            g.add_edge(did, n, key=f"HAS_TARGET|{dkey}", type="HAS_TARGET", document=dkey)


def _document_edges(graph: nx.MultiDiGraph, dkey: str) -> list[tuple[str, str, str]]:
    """The edges one document states, found from its own nodes rather than by scanning the graph.

    Every fact of a document touches its Document node, one of its tasks or targets
    (document-scoped nodes, a target also where a county it mentions has it), or is a
    LOCATED_IN from a project or enterprise the document mentions, or a DEVELOPS from a county
    it mentions; so only those nodes' edges are looked at.
    """
    did = node_id("Document", dkey)
    if did not in graph:
        return []
    own, todo = {did}, [did]
    while todo:  # the document's tasks (PART_OF chains) and targets
        n = todo.pop()
        for u, _, t in graph.in_edges(n, data="type"):
            if t == "PART_OF" and u not in own:
                own.add(u)
                todo.append(u)
        for _, v, t in graph.out_edges(n, data="type"):
            if t == "HAS_TARGET" and v not in own:
                own.add(v)
    for _, v, t in graph.out_edges(did, data="type"):
        label = graph.nodes[v].get("label") if t == "MENTIONS" else None
        if label in ("Project", "Enterprise", "County"):
            own.add(v)
        if label == "County":  # the targets this document gives a county
            own.update(w for _, w, k in graph.out_edges(v, keys=True) if k == f"HAS_TARGET|{dkey}")
    edges = set()
    for n in own:
        for u, v, k, d in graph.out_edges(n, keys=True, data="document"):
            if d == dkey:
                edges.add((u, v, k))
        for u, v, k, d in graph.in_edges(n, keys=True, data="document"):
            if d == dkey:
                edges.add((u, v, k))
    return sorted(edges)


def remove_document(graph: nx.MultiDiGraph, dkey: str) -> None:
    """Remove one document's facts from ``graph`` in place.

    Edges the document states go; nodes lose it from ``documents`` and go when no
    document states them any more. Cost grows with the document's own facts, not with
    the size of the graph.
    """
    edges = _document_edges(graph, dkey)
    touched = {n for u, v, _ in edges for n in (u, v)} | {node_id("Document", dkey)}
    graph.remove_edges_from(edges)
    doomed = []
    for n in touched:
        if n not in graph:
            continue
        docs = graph.nodes[n].get("documents") or []
        if dkey in docs:
            rest = [d for d in docs if d != dkey]
            if rest:
                graph.nodes[n]["documents"] = rest
            else:
                doomed.append(n)
    graph.remove_nodes_from(doomed)


def document_fragment(graph: nx.MultiDiGraph, dkey: str) -> nx.MultiDiGraph:
    """One document's facts cut back out of a merged graph, as :func:`fragment` made them.

    The inverse of :func:`replace_document` up to what merging keeps: a node shared
    with other documents carries its merged properties and aliases. Replacing every
    document's fragment into an empty graph rebuilds the graph (copying a store to
    another backend, loading benchmarks).
    """
    import networkx as nx

    frag = nx.MultiDiGraph()
    did = node_id("Document", dkey)
    if did not in graph:
        return frag
    edges = _document_edges(graph, dkey)
    for n in {did} | {n for u, v, _ in edges for n in (u, v)}:
        frag.add_node(n, **{**graph.nodes[n], "documents": [dkey]})
    for u, v, k in edges:
        frag.add_edge(u, v, key=k, **graph.edges[u, v, k])
    return frag


def superseded(frag: nx.MultiDiGraph, paths: dict[str, str | None]) -> list[str]:
    """The stored documents a fragment replaces: its own key, and another version read from the same path.

    ``paths`` maps each stored document's key to its path. A file edited in place
    gets a new content hash, hence a new key; its old version is replaced, not kept
    beside it.
    """
    out = []
    for _, d in frag.nodes(data=True):
        if d.get("label") != "Document":
            continue
        out.append(d["key"])
        out += sorted(k for k, p in paths.items() if p is not None and p == d.get("path") and k != d["key"])
    return out


def replace_document(graph: nx.MultiDiGraph, frag: nx.MultiDiGraph) -> None:
    """Replace the facts of the fragment's document in ``graph`` with ``frag`` (in place).

    What a former version read from the same path stated goes too (:func:`superseded`).
    """
    paths = {d["key"]: d.get("path") for _, d in graph.nodes(data=True) if d.get("label") == "Document"}
    for dkey in superseded(frag, paths):
        remove_document(graph, dkey)
    for n, d in frag.nodes(data=True):
        if n in graph:
            cur = graph.nodes[n]
            docs = sorted(set(cur.get("documents", [])) | set(d.get("documents", [])))
            aliases = sorted(set(cur.get("aliases", [])) | set(d.get("aliases", [])))
            cur.update({k: v for k, v in d.items() if k not in ("documents", "aliases")})
            cur["documents"] = docs
            if aliases:
                cur["aliases"] = aliases
        else:
            graph.add_node(n, **d)
    for u, v, k, d in frag.edges(keys=True, data=True):
        graph.add_edge(u, v, key=k, **d)


def documents_in(graph: nx.MultiDiGraph) -> dict[str, str | None]:
    """Document key -> sha256 of every document in the graph."""
    return {d["key"]: d.get("sha256") for _, d in graph.nodes(data=True) if d.get("label") == "Document"}


def node_rows(frag: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Rows per label for a loader: ``{"Department": [{"key": ..., "props": {...}}, ...]}``."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, d in frag.nodes(data=True):
        props = {k: v for k, v in d.items() if k not in ("label", "documents")}
        rows[d["label"]].append({"key": d["key"], "props": props})
    return dict(rows)


def edge_rows(frag: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Rows per (type, source label, target label): ``{"src": key, "dst": key, "props": {...}}``."""
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, d in frag.edges(data=True):
        su, sv = frag.nodes[u], frag.nodes[v]
        props = {k: val for k, val in d.items() if k != "type"}
        rows[(d["type"], su["label"], sv["label"])].append({"src": su["key"], "dst": sv["key"], "props": props})
    return dict(rows)
