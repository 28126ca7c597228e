"""Cypher values and their semantics, as Neo4j defines them, for the embedded store.

Everything here is about values, not graphs: ``null`` propagation and three-valued
logic (``null = null`` is ``null``, ``null OR true`` is ``true``), which values are
comparable (``1 < 'a'`` is ``null``; ``1 = 1.0`` is ``true``; ``true = 1`` is
``false``), integer division and remainder truncating toward zero as in Java,
the global sort order of ORDER BY (strings before booleans before numbers,
``null`` last ascending and first descending), the scalar functions and the
aggregates (``count`` of nothing is 0, ``avg``/``min``/``max`` of nothing are
``null``). Nodes and relationships are :class:`NodeRef` and :class:`RelRef`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from kg.loaders.cypher_parse import NotSupported

__all__ = [
    "NodeRef", "RelRef", "CypherError", "equals", "compare", "truth", "order_key", "arith",
    "call", "aggregate", "to_output", "freeze",
]


class CypherError(Exception):
    """A query the embedded store cannot answer; the message is one line for the user."""


@dataclass(frozen=True, eq=False)
class NodeRef:
    id: Any
    attrs: dict

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NodeRef) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("node", self.id))


@dataclass(frozen=True, eq=False)
class RelRef:
    u: Any
    v: Any
    k: Any
    attrs: dict
    start: dict
    end: dict

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RelRef) and (other.u, other.v, other.k) == (self.u, self.v, self.k)

    def __hash__(self) -> int:
        return hash(("rel", self.u, self.v, self.k))


def _num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def properties(x: NodeRef | RelRef) -> dict:
    """A node's or relationship's property map (the model's ``label``/``type`` are not properties)."""
    drop = "label" if isinstance(x, NodeRef) else "type"
    return {k: v for k, v in x.attrs.items() if k != drop}


def equals(a: Any, b: Any) -> bool | None:
    """Cypher ``a = b``: ``None`` when either side is ``null``."""
    if a is None or b is None:
        return None
    if _num(a) and _num(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        result: bool | None = True
        for x, y in zip(a, b):
            e = equals(x, y)
            if e is False:
                return False
            if e is None:
                result = None
        return result
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return False
        return truth_all(equals(a[k], b[k]) for k in a)
    if type(a) is not type(b) and not (isinstance(a, str) and isinstance(b, str)):
        return False
    return a == b


def truth_all(values) -> bool | None:
    result: bool | None = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def compare(op: str, a: Any, b: Any) -> bool | None:
    """Cypher ``<``, ``>``, ``<=``, ``>=``: ``None`` for ``null`` or values of kinds that do not compare."""
    if a is None or b is None:
        return None
    if _num(a) and _num(b):
        if isinstance(a, float) and math.isnan(a) or isinstance(b, float) and math.isnan(b):
            return False
    elif not (isinstance(a, str) and isinstance(b, str)) and not (isinstance(a, bool) and isinstance(b, bool)):
        return None
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def truth(value: Any) -> bool | None:
    """A WHERE value as three-valued logic; a non-boolean is a type error, as in Neo4j."""
    if value is None or isinstance(value, bool):
        return value
    raise CypherError(f"type error: WHERE needs true, false or null, not {_kind(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, NodeRef):
        return "a node"
    if isinstance(value, RelRef):
        return "a relationship"
    return {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "a list", dict: "a map"}.get(type(value), type(value).__name__)


# ORDER BY: map < node < relationship < list < string < boolean < number < null.
_RANK = {dict: 0, NodeRef: 1, RelRef: 2, list: 3, str: 5, bool: 6, int: 7, float: 7}


def order_key(value: Any) -> tuple:
    """A sort key giving Neo4j's global ascending order (``null`` last)."""
    if value is None:
        return (9,)
    rank = _RANK.get(type(value), 8)
    if rank == 7:
        return (7, (1, 0) if isinstance(value, float) and math.isnan(value) else (0, value))
    if rank == 3:
        return (3, tuple(order_key(v) for v in value))
    if rank in (1, 2):
        return (rank, str(value.id if rank == 1 else (value.u, value.v, value.k)))
    if rank == 0:
        return (0, tuple(sorted((k, order_key(v)) for k, v in value.items())))
    return (rank, value)


def _int_div(a: int, b: int) -> int:
    if b == 0:
        raise CypherError("/ by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _to_string(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    raise CypherError(f"type error: toString() of {_kind(value)}")


def arith(op: str, a: Any, b: Any) -> Any:
    """``a op b`` for ``+ - * / %`` with Cypher's ``null``, string concatenation and integer rules."""
    if a is None or b is None:
        return None
    if op == "+":
        if isinstance(a, list):
            return a + (b if isinstance(b, list) else [b])
        if isinstance(b, list):
            return [a] + b
        if isinstance(a, str) or isinstance(b, str):
            if isinstance(a, (str, int, float)) and isinstance(b, (str, int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
                return _to_string(a) + _to_string(b)
    if not (_num(a) and _num(b)):
        raise CypherError(f"type error: {_kind(a)} {op} {_kind(b)}")
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if isinstance(a, int) and isinstance(b, int):
        q = _int_div(a, b)
        return q if op == "/" else a - b * q
    if op == "/":
        if b == 0:
            return math.nan if a == 0 else math.copysign(math.inf, a) * math.copysign(1, b)
        return a / b
    return math.fmod(a, b) if b != 0 else math.nan


def _str_arg(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise CypherError(f"type error: {name}() needs a string, not {_kind(value)}")
    return value


def _int_arg(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise CypherError(f"type error: {name}() needs an integer, not {_kind(value)}")
    return value


def _to_integer(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if not math.isfinite(value) else int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                f = float(value.strip())
            except ValueError:
                return None
            return int(f) if math.isfinite(f) else None
    raise CypherError(f"type error: toInteger() of {_kind(value)}")


def _to_float(value: Any) -> float | None:
    if value is None:
        return None
    if _num(value):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    raise CypherError(f"type error: toFloat() of {_kind(value)}")


def _substring(s: Any, start: Any, length: Any = None) -> str:
    s, start = _str_arg("substring", s), _int_arg("substring", start)
    return s[start:] if length is None else s[start:start + _int_arg("substring", length)]


def _size(value: Any) -> int:
    if isinstance(value, (str, list)):
        return len(value)
    raise CypherError(f"type error: size() of {_kind(value)}")


def _rel_arg(name: str, value: Any) -> RelRef:
    if not isinstance(value, RelRef):
        raise CypherError(f"type error: {name}() needs a relationship, not {_kind(value)}")
    return value


def _entity_arg(name: str, value: Any) -> NodeRef | RelRef:
    if not isinstance(value, (NodeRef, RelRef)):
        raise CypherError(f"type error: {name}() needs a node or relationship, not {_kind(value)}")
    return value


def _labels(value: Any) -> list[str]:
    if not isinstance(value, NodeRef):
        raise CypherError(f"type error: labels() needs a node, not {_kind(value)}")
    return [value.attrs["label"]] if value.attrs.get("label") else []


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "type": lambda r: _rel_arg("type", r).attrs.get("type"),
    "labels": _labels,
    "tolower": lambda s: _str_arg("toLower", s).lower(),
    "toupper": lambda s: _str_arg("toUpper", s).upper(),
    "trim": lambda s: _str_arg("trim", s).strip(" \t\n\r\f\v"),
    "ltrim": lambda s: _str_arg("ltrim", s).lstrip(" \t\n\r\f\v"),
    "rtrim": lambda s: _str_arg("rtrim", s).rstrip(" \t\n\r\f\v"),
    "size": _size,
    "tostring": _to_string,
    "tointeger": _to_integer,
    "tofloat": _to_float,
    "abs": lambda x: abs(x) if _num(x) else arith("-", x, 0),
    "head": lambda xs: xs[0] if xs else None,
    "last": lambda xs: xs[-1] if xs else None,
    "substring": _substring,
    "replace": lambda s, a, b: _str_arg("replace", s).replace(_str_arg("replace", a), _str_arg("replace", b)),
    "split": lambda s, sep: _str_arg("split", s).split(_str_arg("split", sep)) if sep else list(s),
    "left": lambda s, n: _str_arg("left", s)[:_int_arg("left", n)],
    "right": lambda s, n: _str_arg("right", s)[len(s) - _int_arg("right", n):] if n else "",
    "reverse": lambda x: x[::-1] if isinstance(x, (str, list)) else _str_arg("reverse", x),
    "properties": lambda x: properties(_entity_arg("properties", x)),
    "startnode": lambda r: NodeRef(_rel_arg("startNode", r).u, r.start),
    "endnode": lambda r: NodeRef(_rel_arg("endNode", r).v, r.end),
}
_ARITY = {"substring": (2, 3), "replace": (3, 3), "split": (2, 2), "left": (2, 2), "right": (2, 2)}


def call(name: str, args: list[Any]) -> Any:
    """The scalar function ``name`` (lower-case) on evaluated ``args``; ``null`` in, ``null`` out."""
    if name == "coalesce":
        return next((a for a in args if a is not None), None)
    lo, hi = _ARITY.get(name, (1, 1))
    if not lo <= len(args) <= hi:
        raise CypherError(f"{name}() takes {lo if lo == hi else f'{lo} to {hi}'} argument{'s' if hi > 1 else ''}, not {len(args)}")
    if any(a is None for a in args):
        return None
    if name in ("head", "last") and not isinstance(args[0], list):
        raise CypherError(f"type error: {name}() needs a list, not {_kind(args[0])}")
    return _FUNCTIONS[name](*args)


def freeze(value: Any) -> Any:
    """A hashable stand-in for grouping and DISTINCT, equal where Cypher values are equivalent (1 and 1.0 too)."""
    if isinstance(value, list):
        return ("list", tuple(freeze(v) for v in value))
    if isinstance(value, dict):
        return ("map", tuple(sorted((k, freeze(v)) for k, v in value.items())))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def aggregate(name: str, distinct: bool, values: list[Any]) -> Any:
    """An aggregate over one group's values (``null`` skipped); ``count`` and ``sum`` of nothing are 0."""
    values = [v for v in values if v is not None]
    if distinct:
        seen, unique = set(), []
        for v in values:
            f = freeze(v)
            if f not in seen:
                seen.add(f)
                unique.append(v)
        values = unique
    if name == "count":
        return len(values)
    if name == "collect":
        return values
    if name in ("min", "max"):
        if not values:
            return None
        pick = min if name == "min" else max
        return pick(values, key=order_key)
    if not all(_num(v) for v in values):
        bad = next(v for v in values if not _num(v))
        raise CypherError(f"type error: {name}() of {_kind(bad)}")
    if name == "sum":
        return sum(values) if values else 0
    return sum(values) / len(values) if values else None


def to_output(value: Any) -> Any:
    """A value as the Neo4j driver's ``Record.data()`` gives it: a node is its property map."""
    if isinstance(value, NodeRef):
        return properties(value)
    if isinstance(value, RelRef):
        # The Neo4j driver gives a relationship as (start, type, end) with the ends' properties
        # filled only when the same result also returns those nodes: no stable answer to copy.
        raise NotSupported("not supported: a relationship as a result value (return type(r), properties(r) or r.evidence)")
    if isinstance(value, list):
        return [to_output(v) for v in value]
    if isinstance(value, dict):
        return {k: to_output(v) for k, v in value.items()}
    return value
