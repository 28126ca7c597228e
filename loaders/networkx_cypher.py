"""Cypher over the embedded store's NetworkX graph, through grand-cypher.

grand-cypher runs a read-only subset of Cypher on a NetworkX graph (MATCH with
labels and relationship types, WHERE, RETURN with aliases, DISTINCT, COUNT/SUM/
AVG/MIN/MAX/COLLECT, ORDER BY, SKIP, LIMIT; no WITH, OPTIONAL MATCH, UNWIND or
writes). It matches labels through a ``__labels__`` set on nodes and edges and has
no query parameters, so this module

* gives the graph it queries ``__labels__`` (node label, relationship type) on a
  copy, never in the stored file;
* writes ``$name`` parameters into the text as literals, turns single-quoted
  strings into double-quoted ones and upper-cases aggregate names
  (``count(`` → ``COUNT(``), so the same query text runs here and on Neo4j;
* returns rows as dicts, like the Neo4j store.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

import networkx as nx

__all__ = ["labelled", "inline_parameters", "run_cypher", "CypherError"]


class CypherError(Exception):
    """A query the embedded store cannot run (bad parameters or outside grand-cypher's subset)."""


def labelled(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose nodes and edges carry ``__labels__`` as grand-cypher expects."""
    g = nx.MultiDiGraph()
    g.add_nodes_from((n, {**d, "__labels__": {d.get("label")}}) for n, d in graph.nodes(data=True))
    g.add_edges_from((u, v, k, {**d, "__labels__": {d.get("type")}}) for u, v, k, d in graph.edges(keys=True, data=True))
    return g


_TOKEN = re.compile(
    r"(?P<single>'(?:[^'\\]|\\.)*')|(?P<double>\"(?:[^\"\\]|\\.)*\")|(?P<tick>`[^`]*`)|(?P<comment>//[^\n]*)"
    r"|\$(?P<param>[A-Za-z_][A-Za-z0-9_]*)|(?P<agg>\b(?:count|sum|avg|min|max|collect)\s*\()",
    re.IGNORECASE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


def _unescape(body: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        return chr(int(e[1:], 16)) if len(e) == 5 and e[0] in "uU" else _ESCAPES.get(e, e)

    return _ESCAPE.sub(one, body)


def _literal(value: Any, name: str) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CypherError(f"parameter ${name}: {value} cannot be written as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v, name) for v in value) + "]"
    raise CypherError(f"parameter ${name}: {type(value).__name__} values are not supported by the embedded store")


def inline_parameters(cypher: str, params: dict[str, Any] | None = None) -> str:
    """``cypher`` with ``$name`` replaced by literals and strings double-quoted, for grand-cypher.

    >>> inline_parameters("MATCH (d:Department) WHERE d.name = $n RETURN count(d)", {"n": "区财政局"})
    'MATCH (d:Department) WHERE d.name = "区财政局" RETURN COUNT(d)'
    >>> inline_parameters("MATCH (t:Task) WHERE t.name CONTAINS '产业' RETURN t.name")
    'MATCH (t:Task) WHERE t.name CONTAINS "产业" RETURN t.name'
    """
    params = params or {}

    def one(m: re.Match) -> str:
        if m.group("single") or m.group("double"):
            return json.dumps(_unescape(m.group()[1:-1]), ensure_ascii=False)
        if m.group("param"):
            name = m.group("param")
            if name not in params:
                raise CypherError(f"parameter ${name} is not given")
            return _literal(params[name], name)
        if m.group("agg"):
            return m.group().upper()
        return m.group()

    return _TOKEN.sub(one, cypher)


def _clean(value: Any) -> Any:
    """Result values as Neo4j gives them: a node or relationship is its property map.

    grand-cypher returns the attribute dict, which also holds ``__labels__`` and the
    model's ``label`` (nodes) or ``type`` (relationships); those go.
    """
    if isinstance(value, dict):
        labels = value.get("__labels__")
        if isinstance(labels, set):
            drop = {"__labels__"} | {k for k in ("label", "type") if value.get(k) in labels}
            return {str(k): _clean(v) for k, v in value.items() if k not in drop}
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, set):
        return sorted(value)
    return value


def run_cypher(graph: nx.MultiDiGraph, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run read-only Cypher on a :func:`labelled` graph; one dict per row, columns as Neo4j names them."""
    from grandcypher import GrandCypher
    from lark.exceptions import LarkError

    text = inline_parameters(cypher, params)
    try:
        columns = GrandCypher(graph).run(text)
    except LarkError as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise CypherError(f"the embedded store cannot run this query (outside grand-cypher's Cypher subset): {first}") from e
    except (NotImplementedError, ValueError, TypeError, KeyError, IndexError) as e:
        raise CypherError(f"the embedded store cannot run this query: {type(e).__name__}: {e}") from e
    names = [str(k) for k in columns]
    return [dict(zip(names, map(_clean, values))) for values in zip(*columns.values())]
