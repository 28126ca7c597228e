"""Read-only Cypher over the embedded store's NetworkX graph, with Neo4j's semantics.

A query is parsed by :mod:`kg.loaders.cypher_parse` (which refuses, with the construct
named, everything outside the subset) and run here on the graph as
:mod:`kg.graph.model` builds it (a node's ``label``, a relationship's ``type``), with
the rules Neo4j applies:

* clauses run in order over a list of rows (bindings): MATCH, OPTIONAL MATCH (a row
  without a match keeps its pattern's new variables as ``null``), WITH (a
  projection, like RETURN, that the next clauses see) and UNWIND;
* a MATCH clause binds every pattern (chains, comma-separated patterns, either
  direction or undirected, ``[:A|B]``, bounded variable length, property maps)
  with *relationship* uniqueness inside the clause and no node uniqueness: two
  variables may be the same node, one relationship is never used twice;
* WHERE is three-valued (:mod:`kg.loaders.cypher_values`); its AND-ed parts are
  checked as soon as their variables are bound, which keeps chains fast;
* RETURN groups by its non-aggregate items (``count`` over no match is one row
  of 0 when nothing is grouped, no row when something is), then DISTINCT,
  ORDER BY, SKIP and LIMIT.

This replaced grand-cypher 1.2.0: on the differential test's 425 queries it
answered 110 right, gave wrong rows for 29 and failed on 286 (README, "Cypher on
the embedded store"). A UNION runs each query and joins the rows (without
duplicates unless UNION ALL).
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

import networkx as nx

from kg.loaders.cypher_parse import AGGREGATES, Match, Node, NotSupported, Projection, Query, Rel, Unwind, parse
from kg.loaders.cypher_values import (
    CypherError, NodeRef, RelRef, aggregate, arith, call, compare, equals, freeze, order_key, properties, to_output,
    truth,
)

__all__ = ["run_cypher", "CypherError", "MAX_ROWS"]

MAX_ROWS = 2_000_000  # rows a clause may produce (about 1 GB of bindings)

Env = dict[str, Any]


class _Graph:
    """The graph with a label index, read once per query."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.g = graph
        self.by_label: dict[str, list[Any]] = {}
        for n, d in graph.nodes(data=True):
            self.by_label.setdefault(d.get("label"), []).append(n)

    def node(self, n: Any) -> NodeRef:
        return NodeRef(n, self.g.nodes[n])

    def rel(self, u: Any, v: Any, k: Any, d: dict) -> RelRef:
        return RelRef(u, v, k, d, self.g.nodes[u], self.g.nodes[v])


class _Eval:
    """Expression evaluation against one row's bindings and the query's parameters."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    def __call__(self, e: tuple, env: Env) -> Any:
        kind = e[0]
        if kind == "lit":
            return e[1]
        if kind == "param":
            if e[1] not in self.params:
                raise CypherError(f"parameter ${e[1]} is not given (--param {e[1]}=VALUE)")
            return self.params[e[1]]
        if kind == "var":
            return env[e[1]]
        if kind == "prop":
            return self._prop(self(e[1], env), e[2])
        if kind == "and":
            return _and(self._bool(e[1], env), lambda: self._bool(e[2], env))
        if kind == "or":
            return _or(self._bool(e[1], env), lambda: self._bool(e[2], env))
        if kind == "xor":
            a, b = self._bool(e[1], env), self._bool(e[2], env)
            return None if a is None or b is None else a != b
        if kind == "not":
            a = self._bool(e[1], env)
            return None if a is None else not a
        if kind == "cmp":
            return _cmp(e[1], self(e[2], env), self(e[3], env))
        if kind == "null":
            return (self(e[1], env) is not None) == e[2]
        if kind == "arith":
            return arith(e[1], self(e[2], env), self(e[3], env))
        if kind == "neg":
            v = self(e[1], env)
            return -v if isinstance(v, float) else arith("-", 0, v)
        if kind == "list":
            return [self(x, env) for x in e[1]]
        if kind == "index":
            return _index(self(e[1], env), self(e[2], env))
        if kind == "labels":
            node = self(e[1], env)
            if node is None:
                return None
            if not isinstance(node, NodeRef):
                raise CypherError("type error: a label test needs a node")
            return all(node.attrs.get("label") == lab for lab in e[2])
        if kind == "slice":
            return _slice(self(e[1], env), None if e[2] is None else self(e[2], env), None if e[3] is None else self(e[3], env), e[2] is None, e[3] is None)
        if kind == "case":
            return self._case(e, env)
        if kind == "listpred":
            return self._list_predicate(e, env)
        if kind == "call":
            if e[1] in AGGREGATES:
                return env[("agg", id(e))]
            return call(e[1], [self(a, env) for a in e[3]])
        raise CypherError(f"cannot evaluate {kind}")

    def _case(self, e: tuple, env: Env) -> Any:
        """CASE: the first WHEN that holds (or equals the subject), else ELSE, else null."""
        _, subject, whens, default = e
        if subject is not None:
            value = self(subject, env)
            for when, then in whens:
                if equals(value, self(when, env)) is True:
                    return self(then, env)
        else:
            for when, then in whens:
                if truth(self(when, env)) is True:
                    return self(then, env)
        return None if default is None else self(default, env)

    def _list_predicate(self, e: tuple, env: Env) -> bool | None:
        """any/all/none/single(x IN list WHERE condition), three-valued."""
        _, kind, var, xs, cond = e
        values = self(xs, env)
        if values is None:
            return None
        if not isinstance(values, list):
            raise CypherError(f"type error: {kind}() needs a list")
        results = [truth(self(cond, {**env, var: x})) for x in values]
        hits, unknown = results.count(True), None in results
        if kind == "any":
            return True if hits else None if unknown else False
        if kind == "all":
            return False if False in results else None if unknown else True
        if kind == "none":
            return False if hits else None if unknown else True
        return False if hits > 1 else None if unknown else hits == 1

    def _bool(self, e: tuple, env: Env) -> bool | None:
        return truth(self(e, env))

    @staticmethod
    def _prop(value: Any, key: str) -> Any:
        if value is None:
            return None
        if isinstance(value, (NodeRef, RelRef)):
            return properties(value).get(key)
        if isinstance(value, dict):
            return value.get(key)
        raise CypherError(f"type error: .{key} of a value that has no properties")


def _and(a: bool | None, b) -> bool | None:
    if a is False:
        return False
    b = b()
    if b is False:
        return False
    return None if a is None or b is None else True


def _or(a: bool | None, b) -> bool | None:
    if a is True:
        return True
    b = b()
    if b is True:
        return True
    return None if a is None or b is None else False


def _cmp(op: str, a: Any, b: Any) -> bool | None:
    if op == "=":
        return equals(a, b)
    if op == "<>":
        e = equals(a, b)
        return None if e is None else not e
    if op == "IN":
        if b is None:
            return None
        if not isinstance(b, list):
            raise CypherError("type error: IN needs a list on its right")
        found: bool | None = False
        for x in b:
            e = equals(a, x)
            if e:
                return True
            if e is None:
                found = None
        return found
    if op in ("STARTS", "ENDS", "CONTAINS"):
        if not isinstance(a, str) or not isinstance(b, str):
            return None
        return a.startswith(b) if op == "STARTS" else a.endswith(b) if op == "ENDS" else b in a
    return compare(op, a, b)


def _index(value: Any, i: Any) -> Any:
    if value is None or i is None:
        return None
    if isinstance(value, list):
        if not isinstance(i, int) or isinstance(i, bool):
            raise CypherError("type error: a list index must be an integer")
        return value[i] if -len(value) <= i < len(value) else None
    if isinstance(value, dict) and isinstance(i, str):
        return value.get(i)
    if isinstance(value, (NodeRef, RelRef)) and isinstance(i, str):
        return properties(value).get(i)
    raise CypherError("type error: [] applies to a list or a map")


def _slice(value: Any, lo: Any, hi: Any, open_lo: bool, open_hi: bool) -> Any:
    """``value[lo..hi]`` on a list: null bounds give null, missing ones the ends."""
    if value is None or (lo is None and not open_lo) or (hi is None and not open_hi):
        return None
    if not isinstance(value, list):
        raise CypherError("type error: [a..b] applies to a list")
    for b in (lo, hi):
        if b is not None and (not isinstance(b, int) or isinstance(b, bool)):
            raise CypherError("type error: a list range needs integers")
    return value[lo:hi]


def _parts(e: Any) -> Iterator[Any]:
    """The sub-trees of an expression (a tuple whose first item names its kind) or of a list of them."""
    if isinstance(e, tuple) and e and isinstance(e[0], str):
        e = e[1:]
    elif not isinstance(e, (tuple, list)):
        return
    for p in e:
        if isinstance(p, (tuple, list)):
            yield p


def _vars(e: Any) -> set[str]:
    """The variables an expression reads."""
    if isinstance(e, tuple) and e and e[0] == "var":
        return {e[1]}
    if isinstance(e, tuple) and e and e[0] == "listpred":
        return _vars(e[3]) | (_vars(e[4]) - {e[2]})
    return set().union(*(_vars(p) for p in _parts(e)))


def _conjuncts(e: Any) -> list[tuple]:
    if e is None:
        return []
    if e[0] == "and":
        return _conjuncts(e[1]) + _conjuncts(e[2])
    return [e]


def _is_agg(e: Any) -> bool:
    return isinstance(e, tuple) and len(e) == 4 and e[0] == "call" and e[1] in AGGREGATES


def _has_agg(e: Any) -> bool:
    return _is_agg(e) or any(_has_agg(p) for p in _parts(e))


def _aggs(e: Any) -> list[tuple]:
    """The outermost aggregate calls inside ``e``."""
    if _is_agg(e):
        if any(_has_agg(a) for a in e[3]):
            raise NotSupported("not supported: an aggregate inside an aggregate")
        return [e]
    return [a for p in _parts(e) for a in _aggs(p)]


class _Matcher:
    """Binds one MATCH clause's patterns on top of a row, yielding every extended row."""

    def __init__(self, graph: _Graph, ev: _Eval, match: Match, bound: set[str]) -> None:
        self.graph, self.ev = graph, ev
        self.patterns = [self._orient(p, bound) for p in match.patterns]
        # each WHERE conjunct is checked once its last variable is bound
        self.checks = [(_vars(c), c) for c in _conjuncts(match.where)]

    @staticmethod
    def _orient(pattern: list, bound: set[str]) -> list:
        """Start a chain from its more selective end (a bound variable, then property maps, then a label)."""
        def score(n: Node) -> int:
            return 3 if n.var in bound else 2 if n.props else 1 if n.labels else 0

        first, last = pattern[0], pattern[-1]
        if len(pattern) == 1 or score(first) >= score(last):
            return pattern
        flip = {"out": "in", "in": "out", "both": "both"}
        return [x if isinstance(x, Node) else Rel(x.var, x.types, flip[x.direction], x.props, x.hops) for x in reversed(pattern)]

    def run(self, env: Env) -> Iterator[Env]:
        pending = self._ok(env, self.checks)
        if pending is None:
            return
        yield from self._patterns(0, dict(env), frozenset(), pending)

    def _ok(self, env: Env, pending: list) -> list | None:
        """The checks still pending after new bindings, or ``None`` when one fails."""
        rest = []
        for vs, c in pending:
            if vs <= env.keys():
                if truth(self.ev(c, env)) is not True:
                    return None
            else:
                rest.append((vs, c))
        return rest

    def _patterns(self, i: int, env: Env, used: frozenset, pending: list) -> Iterator[Env]:
        if i == len(self.patterns):
            yield env
            return
        pattern = self.patterns[i]
        for n in self._start(pattern[0], env):
            env2, pend = self._bind(env, pattern[0].var, n, pending)
            if pend is None:
                continue
            yield from self._chain(i, pattern, 1, n, env2, used, pend)

    def _chain(self, i: int, pattern: list, j: int, at: Any, env: Env, used: frozenset, pending: list) -> Iterator[Env]:
        if j == len(pattern):
            yield from self._patterns(i + 1, env, used, pending)
            return
        rel, node = pattern[j], pattern[j + 1]
        for edges, other in self._expand(rel, at, env, used):
            if not self._node_ok(node, other, env):
                continue
            env2, pend = env, pending
            if rel.var is not None and rel.var not in env:
                u, v, k, d = edges[0]
                env2, pend = self._bind(env2, rel.var, self.graph.rel(u, v, k, d), pend)
                if pend is None:
                    continue
            env2, pend = self._bind(env2, node.var, other, pend)
            if pend is None:
                continue
            yield from self._chain(i, pattern, j + 2, other, env2, used | {e[:3] for e in edges}, pend)

    def _bind(self, env: Env, var: str | None, value: Any, pending: list) -> tuple[Env, list | None]:
        if var is None or var in env:
            return env, pending
        if not isinstance(value, RelRef):
            value = self.graph.node(value)
        env = {**env, var: value}
        return env, self._ok(env, pending)

    def _props_ok(self, want: tuple, attrs: dict, env: Env, drop: str) -> bool:
        return all(k != drop and equals(attrs.get(k), self.ev(e, env)) is True for k, e in want)

    def _node_ok(self, node: Node, n: Any, env: Env) -> bool:
        if node.var in env:
            bound = env[node.var]
            if not isinstance(bound, NodeRef) or bound.id != n:
                return False
        d = self.graph.g.nodes[n]
        return all(d.get("label") == lab for lab in node.labels) and self._props_ok(node.props, d, env, "label")

    def _start(self, node: Node, env: Env) -> list[Any]:
        if node.var in env:
            bound = env[node.var]
            if bound is None:  # null from an OPTIONAL MATCH: matches nothing
                return []
            if not isinstance(bound, NodeRef):
                raise CypherError(f"variable {node.var} is not a node")
            candidates = [bound.id]
        elif node.labels:
            candidates = self.graph.by_label.get(node.labels[0], [])
        else:
            candidates = list(self.graph.g.nodes)
        return [n for n in candidates if self._node_ok(node, n, env)]

    def _steps(self, rel: Rel, at: Any, env: Env) -> Iterator[tuple[tuple, Any]]:
        """Single relationships from ``at`` that fit ``rel``'s types and properties: ((u, v, k, data), other end)."""
        g = self.graph.g
        out = rel.direction in ("out", "both")
        inn = rel.direction in ("in", "both")
        if out:
            for v, ks in g.succ[at].items():
                for k, d in ks.items():
                    if self._rel_ok(rel, d, env):
                        yield (at, v, k, d), v
        if inn:
            for u, ks in g.pred[at].items():
                for k, d in ks.items():
                    if (u != at or not out) and self._rel_ok(rel, d, env):
                        yield (u, at, k, d), u

    def _rel_ok(self, rel: Rel, d: dict, env: Env) -> bool:
        return (not rel.types or d.get("type") in rel.types) and self._props_ok(rel.props, d, env, "type")

    def _expand(self, rel: Rel, at: Any, env: Env, used: frozenset) -> Iterator[tuple[list, Any]]:
        """(relationships walked, end node) for one relationship pattern; none already used in this clause."""
        if rel.hops is None:
            is_bound = rel.var is not None and rel.var in env
            bound = env.get(rel.var) if is_bound else None
            for e, other in self._steps(rel, at, env):
                if e[:3] in used or (is_bound and (not isinstance(bound, RelRef) or (bound.u, bound.v, bound.k) != e[:3])):
                    continue
                yield [e], other
            return
        lo, hi = rel.hops
        stack: list[tuple[Any, list]] = [(at, [])]
        while stack:
            node, path = stack.pop()
            if len(path) >= lo:
                yield path, node
            if len(path) == hi:
                continue
            taken = {p[:3] for p in path}
            for e, other in self._steps(rel, node, env):
                if e[:3] not in used and e[:3] not in taken:
                    stack.append((other, path + [e]))


def _pattern_vars(m: Match) -> set[str]:
    return {x.var for p in m.patterns for x in p if x.var}


def _undefined(e: Any, scope: set[str]) -> None:
    for name in sorted(_vars(e) - scope):
        raise CypherError(f"variable {name} is not defined")


def _no_aggregate(e: Any, where: str) -> None:
    if _has_agg(e):
        raise CypherError(f"an aggregate (count, sum, avg, min, max, collect) cannot stand in {where}; aggregate in WITH or RETURN")


def _check_names(q: Query) -> None:
    """Every variable read is in scope there: bound by a pattern, UNWIND or WITH, or a column alias in ORDER BY;
    aggregates stand only in the items of WITH and RETURN (and in ORDER BY as one of them)."""
    scope: set[str] = set()
    for c in q.clauses + [q.ret]:
        if isinstance(c, Match):
            _no_aggregate(c.where, "WHERE")
            for p in c.patterns:
                for x in p:
                    for _, e in x.props:
                        _no_aggregate(e, "a pattern")
        elif isinstance(c, Unwind):
            _no_aggregate(c.expr, "UNWIND")
        else:
            _no_aggregate(c.where, "WHERE")
            items = {repr(e) for e, _ in c.items or []}
            for e, _ in c.order:
                if repr(e) not in items:
                    _no_aggregate(e, "ORDER BY unless WITH or RETURN gives it")
    for c in q.clauses + [q.ret]:
        if isinstance(c, Match):
            for p in c.patterns:
                for x in p:
                    for _, e in x.props:
                        _undefined(e, scope)
            scope |= _pattern_vars(c)
            _undefined(c.where, scope)
        elif isinstance(c, Unwind):
            _undefined(c.expr, scope)
            scope = scope | {c.name}
        else:
            for e, _ in c.items or []:
                _undefined(e, scope)
            aliases = scope if c.items is None else {name for _, name in c.items}
            for e, _ in c.order:
                _undefined(e, scope | aliases)
            scope = aliases
            _undefined(c.where, scope)


def _param_names(x: Any) -> set[str]:
    """The ``$parameters`` anywhere in a syntax tree."""
    if isinstance(x, tuple) and len(x) == 2 and x[0] == "param":
        return {x[1]}
    if isinstance(x, (tuple, list)):
        return set().union(*map(_param_names, x)) if x else set()
    if isinstance(x, Query):
        return _param_names((x.clauses, x.ret))
    if isinstance(x, (Match, Projection, Unwind, Node, Rel)):
        return _param_names(tuple(vars(x).values()))
    return set()


def _check_params(q: Query, params: dict[str, Any]) -> None:
    for name in sorted(_param_names(q) - params.keys()):
        raise CypherError(f"parameter ${name} is not given (--param {name}=VALUE)")


def _count(ev: _Eval, e: Any, what: str) -> int | None:
    if e is None:
        return None
    n = ev(e, {})
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise CypherError(f"{what} needs a non-negative integer, not {n!r}")
    return n


def _project(ev: _Eval, rows: list[Env], items: list[tuple[Any, str]]) -> list[tuple[dict, Env]]:
    """The projected rows (column name -> value) with the bindings ORDER BY may still read."""
    if not any(_has_agg(e) for e, _ in items):
        return [({name: ev(e, env) for e, name in items}, env) for env in rows]
    keys = [(e, name) for e, name in items if not _has_agg(e)]
    groups: dict[tuple, list[Env]] = {}
    for env in rows:
        groups.setdefault(tuple(freeze(ev(e, env)) for e, _ in keys), []).append(env)
    if not groups and not keys:
        groups[()] = []
    out = []
    for members in groups.values():
        first = dict(members[0]) if members else {}
        for e, _ in items:
            for a in _aggs(e):
                args = a[3]
                values = [1 for _ in members] if not args else [ev(args[0], env) for env in members]
                first[("agg", id(a))] = aggregate(a[1], a[2], values)
        out.append(({name: ev(e, first) for e, name in items}, {}))
    return out


def _sort(p: Projection, ev: _Eval, rows: list[tuple[dict, Env]], items: list[tuple[Any, str]], grouped: bool) -> list[tuple[dict, Env]]:
    by_expr = {repr(e): name for e, name in items}
    for e, desc in reversed(p.order):
        def key(row: tuple[dict, Env], e=e) -> tuple:
            values, env = row
            if repr(e) in by_expr:
                return order_key(values[by_expr[repr(e)]])
            if grouped or p.distinct:
                if _vars(e) <= values.keys():
                    return order_key(ev(e, {**values}))
                raise NotSupported("not supported: ORDER BY an expression that the projection (with DISTINCT or an aggregate) does not give")
            return order_key(ev(e, {**env, **values}))
        rows = sorted(rows, key=key, reverse=desc)
    return rows


def _projection(p: Projection, ev: _Eval, rows: list[Env], scope: list[str]) -> tuple[list[dict], list[str]]:
    """RETURN or WITH over ``rows``: the new rows (raw values) and their column names."""
    items = p.items if p.items is not None else [(("var", n), n) for n in scope]
    if not items:
        raise CypherError("RETURN * needs at least one named variable")
    grouped = any(_has_agg(e) for e, _ in items)
    projected = _project(ev, rows, items)
    if p.distinct:
        seen, unique = set(), []
        for values, env in projected:
            f = tuple(freeze(values[n]) for _, n in items)
            if f not in seen:
                seen.add(f)
                unique.append((values, env))
        projected = unique
    if p.order:
        projected = _sort(p, ev, projected, items, grouped)
    skip, limit = _count(ev, p.skip, "SKIP") or 0, _count(ev, p.limit, "LIMIT")
    projected = projected[skip:] if limit is None else projected[skip:skip + limit]
    out = [values for values, _ in projected]
    if p.where is not None:
        out = [r for r in out if truth(ev(p.where, r)) is True]
    return out, [name for _, name in items]


def _unwind(u: Unwind, ev: _Eval, rows: list[Env]) -> Iterator[Env]:
    for env in rows:
        value = ev(u.expr, env)
        for x in value if isinstance(value, list) else [] if value is None else [value]:
            yield {**env, u.name: x}


def _bounded(rows: Iterator[Env]) -> list[Env]:
    """The rows, or an error past :data:`MAX_ROWS`: the rows are held in memory, and a cartesian
    product of a few labels would take it all (Neo4j streams them)."""
    out = list(islice(rows, MAX_ROWS + 1))
    if len(out) > MAX_ROWS:
        raise CypherError(f"the query matches more than {MAX_ROWS:,} rows, which the embedded store does not hold in memory; "
                          "narrow the MATCH, or use Neo4j")
    return out


def _optional(matcher: "_Matcher", m: Match, env: Env) -> list[Env]:
    """OPTIONAL MATCH: the matches, or the row with the pattern's new variables null."""
    found = list(matcher.run(env))
    return found or [{**env, **{v: None for v in _pattern_vars(m) if v not in env}}]


def run_cypher(graph: nx.MultiDiGraph, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a read-only query on ``graph`` (the :mod:`kg.graph.model` model), one dict per row as Neo4j gives them.

    Raises :class:`~kg.loaders.cypher_parse.NotSupported` (one line, ``not supported: ...``) for
    Cypher outside the subset and :class:`CypherError` for a query that cannot be answered
    (an unknown variable or parameter, a type error).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Department:a", label="Department", key="a", name="区财政局")
    >>> run_cypher(g, "MATCH (d:Department)-[:LEADS]->(t:Task) RETURN count(t) AS n")
    [{'n': 0}]
    """
    q = parse(cypher)
    parts = [q] + [u for _, u in q.unions]
    for part in parts:
        _check_names(part)
        _check_params(part, params or {})
    ev = _Eval(params or {})
    gr = _Graph(graph)
    results = [_run_single(part, ev, gr) for part in parts]
    names = results[0][1]
    if any(n != names for _, n in results[1:]):
        raise CypherError("the queries of a UNION must return the same columns, in the same order")
    rows = [{name: to_output(r[name]) for name in names} for out, _ in results for r in out]
    if q.unions and not all(everything for everything, _ in q.unions):
        if any(everything for everything, _ in q.unions):
            raise CypherError("UNION and UNION ALL cannot be mixed in one query")
        seen, unique = set(), []
        for r in rows:
            f = tuple(freeze(r[n]) for n in names)
            if f not in seen:
                seen.add(f)
                unique.append(r)
        rows = unique
    return rows


def _run_single(q: Query, ev: _Eval, gr: _Graph) -> tuple[list[dict], list[str]]:
    """One query of a UNION: its rows (raw values) and column names."""
    rows: list[Env] = [{}]
    scope: list[str] = []  # the variables in scope, in the order they were bound
    for c in q.clauses:
        if isinstance(c, Match):
            matcher = _Matcher(gr, ev, c, set(scope))
            rows = _bounded(out for env in rows for out in (_optional(matcher, c, env) if c.optional else matcher.run(env)))
            scope += sorted(_pattern_vars(c) - set(scope))
        elif isinstance(c, Unwind):
            rows = _bounded(_unwind(c, ev, rows))
            scope = [v for v in scope if v != c.name] + [c.name]
        else:
            rows, scope = _projection(c, ev, rows, sorted(scope))
    return _projection(q.ret, ev, rows, sorted(scope))

