"""Parse the read-only Cypher subset of the embedded store into a small syntax tree.

The grammar (lark, LALR) covers exactly what :mod:`kg.loaders.networkx_cypher` can
run, so every query either parses into something it answers the way Neo4j does,
or is refused here with one line: ``not supported: <construct> (line L, column C)``
for a Cypher construct outside the subset (:data:`REFUSED` lists them), or
``not supported: unexpected ...`` where the text is outside the grammar (a
construct of no known name, or a syntax error).

The tree is plain tuples, so it can be compared and printed:

* expressions: ``("lit", v)``, ``("param", name)``, ``("var", name)``,
  ``("prop", e, key)``, ``("index", e, i)``, ``("list", [e...])``, ``("map", {k: e})``,
  ``("and"|"or"|"xor", a, b)``, ``("not", e)``, ``("cmp", op, a, b)`` (``op`` one of
  ``= <> < > <= >= IN STARTS CONTAINS ENDS``), ``("null", e, negated)``,
  ``("arith", op, a, b)``, ``("neg", e)``, ``("labels", e, (label, ...))``,
  ``("slice", e, lo, hi)``, ``("case", subject, [(when, then)...], default)``,
  ``("listpred", any|all|none|single, var, list, condition)``,
  ``("call", name, distinct, [args])``
  with ``name`` lower-case (``count(*)`` is ``("call", "count", False, [])``);
* :class:`Query` (with the queries after UNION in ``unions``): clauses (:class:`Match` of :class:`Node`/:class:`Rel` chains,
  also OPTIONAL; WITH as a :class:`Projection`; :class:`Unwind`), then RETURN as a
  :class:`Projection`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from kg.loaders.cypher import strip_literals

__all__ = ["Node", "Rel", "Match", "Projection", "Unwind", "Query", "parse", "NotSupported", "AGGREGATES", "FUNCTIONS", "REFUSED"]

AGGREGATES = frozenset({"count", "sum", "avg", "min", "max", "collect"})
# Scalar functions the embedded store evaluates (kg.loaders.cypher_values.call), lower-case.
FUNCTIONS = frozenset({
    "type", "labels", "tolower", "toupper", "trim", "ltrim", "rtrim", "size", "coalesce", "tostring",
    "tointeger", "tofloat", "abs", "head", "last", "substring", "replace", "split", "left", "right",
    "reverse", "properties", "startnode", "endnode",
})
# Cypher that Neo4j runs and the embedded store refuses, by construct: (pattern on the
# query with its string literals blanked, the name given in the error).
REFUSED: list[tuple[str, str]] = [
    (r"\bCALL\b", "CALL"),
    (r"\bEXISTS\s*\{", "EXISTS { } subqueries"),
    (r"\bEXISTS\s*\(\s*\(", "exists() of a pattern"),
    (r"\b(?:all)?shortestPath\s*\(", "shortestPath"),
    (r"\breduce\s*\(", "reduce()"),
    (r"\b(?:id|elementId)\s*\(", "id() and elementId() (internal ids differ between stores)"),
    (r"\b(?:keys|nodes|relationships|length)\s*\(", "keys(), nodes(), relationships() and length()"),
    (r"\bcount\s*\{", "COUNT { } subqueries"),
    (r"=~", "=~ (regular expressions)"),
    (r"\[\s*[A-Za-z_]\w*\s+IN\b", "list comprehensions"),
    (r"\[\s*(?:[A-Za-z_]\w*\s*=\s*)?\(", "pattern comprehensions"),
    (r"\^", "^ (power)"),
]
_REFUSED = [(re.compile(p, re.IGNORECASE), name) for p, name in REFUSED]


class NotSupported(Exception):
    """A query outside the embedded store's subset; the message is one line naming the construct and position."""


@dataclass(frozen=True)
class Node:
    var: str | None
    labels: tuple[str, ...]
    props: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Rel:
    var: str | None
    types: tuple[str, ...]
    direction: str  # "out", "in" or "both"
    props: tuple[tuple[str, Any], ...]
    hops: tuple[int, int] | None  # (min, max) for variable length, else None


@dataclass
class Match:
    patterns: list[list[Node | Rel]]  # each: node, rel, node, rel, node ...
    where: Any = None
    optional: bool = False


@dataclass
class Projection:
    """RETURN, or WITH (which may also filter with ``where``)."""

    distinct: bool
    items: list[tuple[Any, str]] | None  # (expression, column name); None for *
    order: list[tuple[Any, bool]] = field(default_factory=list)  # (expression, descending)
    skip: Any = None
    limit: Any = None
    where: Any = None


@dataclass
class Unwind:
    expr: Any
    name: str


@dataclass
class Query:
    clauses: list[Match | Projection | Unwind]  # MATCH, OPTIONAL MATCH, WITH and UNWIND, in order
    ret: Projection
    unions: list[tuple[bool, "Query"]] = field(default_factory=list)  # (ALL, query) after UNION


_GRAMMAR = r"""
query: single_query (UNION ALL? single_query)*
single_query: clause* return_clause
?clause: match_clause | with_clause | unwind_clause
match_clause: OPTIONAL? MATCH pattern ("," pattern)* where?
with_clause: WITH DISTINCT? return_items order? skip? limit? where?
unwind_clause: UNWIND expr AS NAME
where: WHERE expr
pattern: path_var? node (rel node)*
path_var: NAME "="
node: "(" NAME? labels? map_lit? ")"
labels: (":" NAME)+
rel: LT? "-" rel_body? "-" GT?
rel_body: "[" NAME? rel_types? hops? map_lit? "]"
rel_types: ":" NAME ("|" ":"? NAME)*
hops: STAR INT? (RANGE INT?)?

return_clause: RETURN DISTINCT? return_items order? skip? limit?
return_items: STAR -> return_all
            | return_item ("," return_item)*
return_item: expr (AS NAME)?
order: ORDER BY sort_item ("," sort_item)*
sort_item: expr (ASC | DESC)?
skip: SKIP (INT | PARAM)
limit: LIMIT (INT | PARAM)

?expr: or_expr
?or_expr: xor_expr | or_expr OR xor_expr -> or_
?xor_expr: and_expr | xor_expr XOR and_expr -> xor_
?and_expr: not_expr | and_expr AND not_expr -> and_
?not_expr: NOT not_expr -> not_ | comparison | NAME labels -> has_label
?comparison: add_expr
           | add_expr COMP_OP add_expr -> compare
           | add_expr IS NULL -> is_null
           | add_expr IS NOT NULL -> is_not_null
           | add_expr IN add_expr -> in_
           | add_expr STARTS WITH add_expr -> starts_with
           | add_expr ENDS WITH add_expr -> ends_with
           | add_expr CONTAINS add_expr -> contains
?add_expr: mul_expr | add_expr "+" mul_expr -> add | add_expr "-" mul_expr -> sub
?mul_expr: unary | mul_expr STAR unary -> mul | mul_expr "/" unary -> div | mul_expr "%" unary -> mod
?unary: "-" unary -> neg | "+" unary | postfix
?postfix: atom | postfix "." NAME -> prop | postfix "[" expr "]" -> index
        | postfix "[" expr? RANGE expr? "]" -> slice
?atom: literal | PARAM -> param | NAME -> var | call | "(" expr ")" | list_lit | case_expr | list_predicate
list_predicate: LIST_PRED "(" NAME IN expr WHERE expr ")"
case_expr: CASE expr? (WHEN expr THEN expr)+ (ELSE expr)? END
call: NAME "(" DISTINCT? (expr ("," expr)*)? ")"
    | NAME "(" STAR ")" -> call_star
list_lit: "[" (expr ("," expr)*)? "]"
map_lit: "{" (NAME ":" expr ("," NAME ":" expr)*)? "}"
literal: STRING -> string | INT -> integer | FLOAT -> float | TRUE -> true | FALSE -> false | NULL -> null

COMP_OP: "<>" | "<=" | ">=" | "=" | "<" | ">"
LT: "<"
GT: ">"
STAR: "*"
RANGE: ".."
MATCH.2: /match\b/i
OPTIONAL.2: /optional\b/i
UNWIND.2: /unwind\b/i
WHERE.2: /where\b/i
RETURN.2: /return\b/i
DISTINCT.2: /distinct\b/i
AS.2: /as\b/i
ORDER.2: /order\b/i
BY.2: /by\b/i
SKIP.2: /skip\b/i
LIMIT.2: /limit\b/i
ASC.2: /asc(ending)?\b/i
DESC.2: /desc(ending)?\b/i
OR.2: /or\b/i
XOR.2: /xor\b/i
AND.2: /and\b/i
NOT.2: /not\b/i
IN.2: /in\b/i
IS.2: /is\b/i
NULL.2: /null\b/i
TRUE.2: /true\b/i
FALSE.2: /false\b/i
STARTS.2: /starts\b/i
ENDS.2: /ends\b/i
WITH.2: /with\b/i
CONTAINS.2: /contains\b/i
CASE.2: /case\b/i
UNION.2: /union\b/i
ALL.2: /all\b/i
LIST_PRED.3: /(any|all|none|single)(?=\s*\()/i
WHEN.2: /when\b/i
THEN.2: /then\b/i
ELSE.2: /else\b/i
END.2: /end\b/i
PARAM: /\$[A-Za-z_][A-Za-z0-9_]*/
NAME: /[A-Za-z_][A-Za-z0-9_]*/ | /`[^`]+`/
FLOAT.2: /\d+\.\d+([eE][-+]?\d+)?/ | /\d+[eE][-+]?\d+/
INT: /\d+/
STRING: /'(?:[^'\\]|\\.)*'/s | /"(?:[^"\\]|\\.)*"/s
COMMENT: /\/\/[^\n]*/ | /\/\*(.|\n)*?\*\//
%import common.WS
%ignore WS
%ignore COMMENT
"""

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


def _unescape(body: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        return chr(int(e[1:], 16)) if len(e) == 5 and e[0] in "uU" else _ESCAPES.get(e, e)

    return _ESCAPE.sub(one, body)


def _name(tok: Token) -> str:
    s = str(tok)
    return s[1:-1] if s.startswith("`") else s


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


class _Refuse(Exception):
    def __init__(self, construct: str, pos: int | None) -> None:
        super().__init__(construct)
        self.construct, self.pos = construct, pos


def _pos(tok: Any) -> int | None:
    return getattr(tok, "start_pos", None)


class _Build(Transformer):
    """Parse tree to the tuples and dataclasses described in the module docstring."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.unaliased: set[int] = set()  # ids of RETURN/WITH expressions written without AS

    # literals and atoms
    def string(self, c): return ("lit", _unescape(str(c[0])[1:-1]))
    def integer(self, c): return ("lit", int(c[0]))
    def float(self, c): return ("lit", float(c[0]))
    def true(self, c): return ("lit", True)
    def false(self, c): return ("lit", False)
    def null(self, c): return ("lit", None)
    def literal(self, c): return c[0]
    def param(self, c): return ("param", str(c[0])[1:])
    def var(self, c): return ("var", _name(c[0]))
    def list_lit(self, c): return ("list", list(c))

    def map_lit(self, c):
        return tuple((_name(c[i]), c[i + 1]) for i in range(0, len(c), 2))

    # operators
    def or_(self, c): return ("or", c[0], c[2])
    def xor_(self, c): return ("xor", c[0], c[2])
    def and_(self, c): return ("and", c[0], c[2])
    def not_(self, c): return ("not", c[1])
    def compare(self, c): return ("cmp", str(c[1]), c[0], c[2])
    def is_null(self, c): return ("null", c[0], False)
    def is_not_null(self, c): return ("null", c[0], True)
    def in_(self, c): return ("cmp", "IN", c[0], c[2])
    def starts_with(self, c): return ("cmp", "STARTS", c[0], c[3])
    def ends_with(self, c): return ("cmp", "ENDS", c[0], c[3])
    def contains(self, c): return ("cmp", "CONTAINS", c[0], c[2])
    def add(self, c): return ("arith", "+", c[0], c[1])
    def sub(self, c): return ("arith", "-", c[0], c[1])
    def mul(self, c): return ("arith", "*", c[0], c[2])
    def div(self, c): return ("arith", "/", c[0], c[1])
    def mod(self, c): return ("arith", "%", c[0], c[1])
    def neg(self, c): return ("neg", c[0])
    def prop(self, c): return ("prop", c[0], _name(c[1]))
    def has_label(self, c): return ("labels", ("var", _name(c[0])), c[1])

    def slice(self, c):
        lo = hi = None
        seen_range = False
        for x in c[1:]:
            if isinstance(x, Token) and x.type == "RANGE":
                seen_range = True
            elif seen_range:
                hi = x
            else:
                lo = x
        return ("slice", c[0], lo, hi)

    def case_expr(self, c):
        subject, whens, default, i = None, [], None, 1
        if not (isinstance(c[1], Token) and c[1].type == "WHEN"):
            subject, i = c[1], 2
        while i < len(c):
            tok = c[i]
            if tok.type == "WHEN":
                whens.append((c[i + 1], c[i + 3]))
                i += 4
            elif tok.type == "ELSE":
                default = c[i + 1]
                i += 2
            else:
                i += 1
        return ("case", subject, whens, default)
    def index(self, c): return ("index", c[0], c[1])

    def call(self, c):
        name = _name(c[0]).lower()
        if name == "exists":
            args = [a for a in c[1:] if not isinstance(a, Token)]
            if len(args) != 1 or args[0][0] != "prop":
                raise _Refuse("exists() of anything but a property", _pos(c[0]))
            return ("null", args[0], True)
        distinct = len(c) > 1 and isinstance(c[1], Token) and c[1].type == "DISTINCT"
        args = [a for a in c[1:] if not (isinstance(a, Token) and a.type == "DISTINCT")]
        if name not in AGGREGATES and name not in FUNCTIONS:
            raise _Refuse(f"function {_name(c[0])}()", _pos(c[0]))
        if distinct and name not in AGGREGATES:
            raise _Refuse(f"DISTINCT in {_name(c[0])}()", _pos(c[0]))
        return ("call", name, distinct, args)

    def call_star(self, c):
        if _name(c[0]).lower() != "count":
            raise _Refuse(f"{_name(c[0])}(*)", _pos(c[0]))
        return ("call", "count", False, [])

    # patterns
    def path_var(self, c):
        raise _Refuse("path variables (p = ...)", _pos(c[0]))

    def labels(self, c): return tuple(_name(t) for t in c)
    def rel_types(self, c): return ("types", tuple(_name(t) for t in c))

    def node(self, c):
        var = labels = None
        props: tuple = ()
        for x in c:
            if isinstance(x, Token):
                var = _name(x)
            elif x and isinstance(x[0], str):
                labels = x
            else:
                props = x
        return Node(var, labels or (), props)

    def hops(self, c):
        ints = [int(t) for t in c if t.type == "INT"]
        ranged = any(t.type == "RANGE" for t in c)
        if not ranged:
            lo = hi = ints[0] if ints else None
        elif len(ints) == 2:
            lo, hi = ints
        elif ints and c[1].type == "INT":
            lo, hi = ints[0], None
        else:
            lo, hi = 1, ints[0] if ints else None
        if hi is None:
            raise _Refuse("variable length without an upper bound (write *1..3)", _pos(c[0]))
        return ("hops", (1 if lo is None else lo, hi))

    def rel_body(self, c):
        out = {"var": None, "types": (), "hops": None, "props": ()}
        for x in c:
            if isinstance(x, Token):
                out["var"] = _name(x)
            elif x and x[0] == "types":
                out["types"] = x[1]
            elif x and x[0] == "hops":
                out["hops"] = x[1]
            else:
                out["props"] = x
        if out["var"] and out["hops"]:
            var = next(x for x in c if isinstance(x, Token))
            raise _Refuse("a variable on a variable-length relationship", _pos(var))
        return out

    def rel(self, c):
        left = any(isinstance(x, Token) and x.type == "LT" for x in c)
        right = any(isinstance(x, Token) and x.type == "GT" for x in c)
        body = next((x for x in c if isinstance(x, dict)), {"var": None, "types": (), "hops": None, "props": ()})
        direction = "both" if left == right else ("in" if left else "out")
        if left and right:
            raise _Refuse("relationships pointing both ways (<-->)", _pos(c[0]))
        return Rel(body["var"], body["types"], direction, body["props"], body["hops"])

    def pattern(self, c): return list(c)
    def where(self, c): return ("where", c[1])

    def match_clause(self, c):
        pats = [x for x in c if isinstance(x, list)]
        where = next((x[1] for x in c if isinstance(x, tuple) and x[0] == "where"), None)
        return Match(pats, where, optional=c[0].type == "OPTIONAL")

    def unwind_clause(self, c):
        return Unwind(c[1], _name(c[3]))

    # RETURN
    @v_args(meta=True)
    def return_item(self, meta, c):
        if len(c) == 3:
            return (c[0], _name(c[2]))
        self.unaliased.add(id(c[0]))
        return (c[0], self.text[meta.start_pos:meta.end_pos])

    def return_all(self, c): return None
    def return_items(self, c): return list(c)

    def sort_item(self, c):
        return (c[0], len(c) > 1 and c[1].type == "DESC")

    def order(self, c): return ("order", list(c[2:]))

    def skip(self, c): return ("skip", self._count(c[1]))
    def limit(self, c): return ("limit", self._count(c[1]))

    @staticmethod
    def _count(tok: Token) -> Any:
        return ("param", str(tok)[1:]) if tok.type == "PARAM" else ("lit", int(tok))

    def _projection(self, c: list) -> Projection:
        distinct = len(c) > 1 and isinstance(c[1], Token) and c[1].type == "DISTINCT"
        rest = [x for x in c[1:] if not isinstance(x, Token)]
        p = Projection(distinct, rest[0])
        for part in rest[1:]:
            setattr(p, part[0], part[1])
        return p

    def return_clause(self, c):
        return self._projection(c)

    def with_clause(self, c):
        p = self._projection(c)
        for e, name in p.items or []:
            if id(e) in self.unaliased and e[0] != "var":
                raise _Refuse(f"WITH {name} without a name (write WITH {name} AS x)", _pos(c[0]))
        return p

    def single_query(self, c):
        return Query(list(c[:-1]), c[-1])

    def query(self, c):
        parts = [x for x in c if isinstance(x, Query)]
        first = parts[0]
        i = 1
        while i < len(c):
            tok = c[i]
            if isinstance(tok, Token) and tok.type == "UNION":
                everything = isinstance(c[i + 1], Token) and c[i + 1].type == "ALL"
                nxt = c[i + 2] if everything else c[i + 1]
                first.unions.append((everything, nxt))
                i += 3 if everything else 2
            else:
                i += 1
        return first

    def list_predicate(self, c):
        return ("listpred", str(c[0]).lower(), _name(c[1]), c[3], c[5])


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(_GRAMMAR, start="query", parser="lalr", propagate_positions=True, maybe_placeholders=False)


def _refused_construct(text: str) -> None:
    blank = strip_literals(text)
    hits = [(m.start(), name) for rx, name in _REFUSED for m in [rx.search(blank)] if m]
    if hits:
        pos, name = min(hits)
        raise NotSupported(f"not supported: {name} ({_where(text, pos)})")


def _unexpected(text: str, e: UnexpectedInput) -> str:
    if isinstance(e, UnexpectedEOF) or (isinstance(e, UnexpectedToken) and e.token.type == "$END"):
        return "not supported: the query ends too early (outside the embedded store's Cypher subset, or a syntax error)"
    pos = getattr(e, "pos_in_stream", None)
    if isinstance(e, UnexpectedToken):
        pos, what = e.token.start_pos, str(e.token)
    elif isinstance(e, UnexpectedCharacters):
        what = text[e.pos_in_stream]
    else:
        what = "?"
    at = f" ({_where(text, pos)})" if pos is not None else ""
    return f"not supported: unexpected {what!r}{at} (outside the embedded store's Cypher subset, or a syntax error)"


@lru_cache(maxsize=256)
def parse(text: str) -> Query:
    """The syntax tree of ``text``, or :class:`NotSupported` with the construct and its position.

    >>> parse("MATCH (d:Department)-[:LEADS]->(t) RETURN d.name, count(*) AS n").ret.items
    [(('prop', ('var', 'd'), 'name'), 'd.name'), (('call', 'count', False, []), 'n')]
    >>> parse("MATCH (t:Task) RETURN t.name =~ 'x'")
    Traceback (most recent call last):
    ...
    kg.loaders.cypher_parse.NotSupported: not supported: =~ (regular expressions) (line 1, column 30)
    """
    _refused_construct(text)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as e:
        raise NotSupported(_unexpected(text, e)) from None
    try:
        return _Build(text).transform(tree)
    except VisitError as e:
        if isinstance(e.orig_exc, _Refuse):
            r = e.orig_exc
            at = f" ({_where(text, r.pos)})" if r.pos is not None else ""
            raise NotSupported(f"not supported: {r.construct}{at}") from None
        raise
