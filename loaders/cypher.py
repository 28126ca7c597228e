"""Cypher text for the loaders, and the read-only check every store applies.

Labels, relationship types and property names go into the query text, so they
come from ``schema/graph.toml`` and are checked against it here (they are never
user data); values always travel as parameters. Every write statement is one
``UNWIND $rows AS row`` so a batch of rows is one Bolt message.
"""
from __future__ import annotations

import re

import kg.schema as _schema

__all__ = [
    "check_label",
    "check_type",
    "check_property",
    "upsert_nodes",
    "upsert_edges",
    "append_node_property",
    "append_edge_property",
    "set_document_hash",
    "document_edges",
    "document_nodes",
    "delete_edges",
    "drop_document_from_nodes",
    "delete_orphans",
    "unique_key",
    "key_index",
    "edge_document_index",
    "read_nodes",
    "read_names",
    "read_edges",
    "is_write_query",
    "write_refusal",
    "strip_literals",
]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_label(label: str) -> str:
    """``label`` if the schema defines it, else ``ValueError`` (it is about to become query text)."""
    if label not in _schema.load().labels:
        raise ValueError(f"unknown node label {label!r} (not in schema/graph.toml)")
    return label


def check_type(rel_type: str) -> str:
    """``rel_type`` if the schema defines it, else ``ValueError``."""
    if rel_type not in _schema.load().relationships:
        raise ValueError(f"unknown relationship type {rel_type!r} (not in schema/graph.toml)")
    return rel_type


def check_property(name: str) -> str:
    """``name`` if it is a plain identifier (property names become query text)."""
    if not _IDENT.match(name):
        raise ValueError(f"property name {name!r} is not a plain identifier")
    return name


def upsert_nodes(label: str) -> str:
    """MERGE one label's rows ``{key, props, aliases}`` and add ``$doc`` to each node's ``documents``.

    A node no other document states takes ``props`` whole (what the document no longer
    says about it disappears, as in :func:`kg.graph.model.replace_document`); a node other
    documents also state is updated with ``props`` and its aliases are the union.
    """
    lab = check_label(label)
    return (
        f"UNWIND $rows AS row MERGE (n:{lab} {{key: row.key}}) "
        "WITH n, row, [x IN coalesce(n.documents, []) WHERE x <> $doc] AS o "
        "FOREACH (_ IN CASE WHEN size(o) = 0 THEN [1] ELSE [] END | SET n = row.props, n.key = row.key) "
        "SET n += row.props, n.documents = o + $doc, n.aliases = CASE "
        "WHEN size(o) > 0 AND n.aliases IS NOT NULL THEN n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases] "
        "WHEN size(row.aliases) > 0 THEN row.aliases END"
    )


def upsert_edges(rel_type: str, source: str, target: str) -> str:
    """MERGE rows ``{src, dst, props}`` as ``(source)-[rel_type {document: $doc}]->(target)``; props replace whole."""
    t, s, d = check_type(rel_type), check_label(source), check_label(target)
    return (
        f"UNWIND $rows AS row MATCH (a:{s} {{key: row.src}}) MATCH (b:{d} {{key: row.dst}}) "
        f"MERGE (a)-[r:{t} {{document: $doc}}]->(b) SET r = row.props, r.document = $doc"
    )


def append_node_property(label: str, prop: str, *, first: bool, union: bool = False) -> str:
    """Set (``first``) or extend one property of rows ``{key, part}``: how a value too long for one message arrives."""
    lab, p = check_label(label), check_property(prop)
    if union:
        value = f"coalesce(n.{p}, []) + [a IN row.part WHERE NOT a IN coalesce(n.{p}, [])]"
    else:
        value = "row.part" if first else f"n.{p} + row.part"
    return f"UNWIND $rows AS row\nMATCH (n:{lab} {{key: row.key}})\nSET n.{p} = {value}"


def append_edge_property(rel_type: str, source: str, target: str, prop: str, *, first: bool) -> str:
    """Set (``first``) or extend one property of one relationship of ``$doc``, rows ``{src, dst, part}``."""
    t, s, d, p = check_type(rel_type), check_label(source), check_label(target), check_property(prop)
    value = "row.part" if first else f"r.{p} + row.part"
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{s} {{key: row.src}})-[r:{t} {{document: $doc}}]->(b:{d} {{key: row.dst}})\n"
        f"SET r.{p} = {value}"
    )


def set_document_hash() -> str:
    """Write a Document's ``sha256`` last: until then the store reports the document as not (fully) ingested."""
    return "MATCH (d:Document {key: $doc}) SET d.sha256 = $sha256"


def document_edges(rel_type: str) -> str:
    """Every ``rel_type`` relationship that ``$doc`` states, as (label, key) of both ends."""
    t = check_type(rel_type)
    return (
        f"MATCH (a)-[r:{t}]->(b) WHERE r.document = $doc\n"
        "RETURN labels(a)[0] AS src_label, a.key AS src, labels(b)[0] AS dst_label, b.key AS dst"
    )


def document_nodes(label: str) -> str:
    """Keys of the ``label`` nodes whose ``documents`` name ``$doc``."""
    return f"MATCH (n:{check_label(label)}) WHERE $doc IN n.documents RETURN n.key AS key"


def delete_edges(rel_type: str, source: str, target: str) -> str:
    """Delete the ``$doc`` relationships between rows ``{src, dst}``."""
    t, s, d = check_type(rel_type), check_label(source), check_label(target)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{s} {{key: row.src}})-[r:{t} {{document: $doc}}]->(b:{d} {{key: row.dst}})\n"
        "DELETE r"
    )


def drop_document_from_nodes(label: str) -> str:
    """Take ``$doc`` out of the ``documents`` of rows ``{key}`` (FalkorDB ignores a SET followed by DELETE, hence two statements)."""
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (n:{check_label(label)} {{key: row.key}})\n"
        "SET n.documents = [x IN n.documents WHERE x <> $doc]"
    )


def delete_orphans(label: str) -> str:
    """Delete rows ``{key}`` that no document states any more, with their relationships."""
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (n:{check_label(label)} {{key: row.key}})\n"
        "WHERE size(n.documents) = 0\n"
        "DETACH DELETE n"
    )


def unique_key(label: str) -> str:
    """Neo4j: one node per key (also an index for MERGE)."""
    lab = check_label(label)
    return f"CREATE CONSTRAINT policykg_{lab.lower()}_key IF NOT EXISTS FOR (n:{lab}) REQUIRE n.key IS UNIQUE"


def key_index(label: str) -> str:
    """Servers without constraints (FalkorDB): an index on the key, so MERGE does not scan."""
    return f"CREATE INDEX FOR (n:{check_label(label)}) ON (n.key)"


def edge_document_index(rel_type: str, *, named: bool) -> str:
    """An index on relationships' ``document``, so re-ingest finds a document's facts without a scan.

    ``named`` gives the Neo4j form (a name and ``IF NOT EXISTS``); FalkorDB takes only the bare form.
    """
    t = check_type(rel_type)
    if named:
        return f"CREATE INDEX policykg_{t.lower()}_document IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.document)"
    return f"CREATE INDEX FOR ()-[r:{t}]-() ON (r.document)"


def read_nodes(label: str) -> str:
    """All nodes of one label, as property maps."""
    return f"MATCH (n:{check_label(label)}) RETURN properties(n) AS props"


def read_names(label: str) -> str:
    """The key and name of every node of one label (no other property, no ``documents`` list)."""
    return f"MATCH (n:{check_label(label)}) RETURN n.key AS key, n.name AS name"


def read_edges(rel_type: str) -> str:
    """All relationships of one type, with the label and key of both ends."""
    return (
        f"MATCH (a)-[r:{check_type(rel_type)}]->(b)\n"
        "RETURN labels(a)[0] AS src_label, a.key AS src, labels(b)[0] AS dst_label, b.key AS dst, properties(r) AS props"
    )


# Clauses that change a graph. A procedure CALL counts unless it is a known read-only
# catalogue procedure (procedures can write); ``CALL {`` subqueries are judged by their clauses.
_WRITE = re.compile(
    r"(?<![\w.$`])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV"
    r"|CALL(?=\s+(?!\{|db\.labels\b|db\.relationshipTypes\b|db\.propertyKeys\b|db\.indexes\b|db\.schema\.|dbms\.components\b)))"
    r"(?![\w`])",
    re.IGNORECASE,
)
_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)


def strip_literals(cypher: str) -> str:
    """``cypher`` with string literals, quoted names and comments blanked (so keywords inside them do not count)."""
    return _LITERAL.sub(lambda m: " " * len(m.group()), cypher)


def is_write_query(cypher: str) -> str | None:
    """The first write clause in ``cypher`` (outside strings and comments), or ``None`` for a read-only query.

    >>> is_write_query("MATCH (n:Task) WHERE n.name CONTAINS 'SET' RETURN n.name")
    >>> is_write_query("MATCH (n) DETACH DELETE n")
    'DETACH'
    """
    m = _WRITE.search(strip_literals(cypher))
    return m.group(1).upper() if m else None


def write_refusal(cypher: str, *, read_only_store: bool = False) -> str | None:
    """The one-line refusal of a write query run without ``--write`` (``None`` for a read-only query).

    It names the clause, where it is, and the command line's flag, since that is where
    most queries come from (``write=True`` is the same from Python).

    >>> write_refusal("MATCH (n)\\nDETACH DELETE n")
    'write query refused: DETACH (line 2, column 1) changes the graph; run it with --write (write=True from Python)'
    """
    m = _WRITE.search(strip_literals(cypher))
    if not m:
        return None
    line = cypher.count("\n", 0, m.start()) + 1
    col = m.start() - (cypher.rfind("\n", 0, m.start()) + 1) + 1
    what = f"{m.group(1).upper()} (line {line}, column {col}) changes the graph"
    if read_only_store:
        return f"write query refused: {what}, and the embedded store cannot run write queries (ingest documents, or use --backend neo4j with --write)"
    return f"write query refused: {what}; run it with --write (write=True from Python)"
