"""Rows into Bolt-sized batches: pure functions, no server.

A batch is sized in *bytes*, not rows: FalkorDB's Bolt server crashes (a buffer
overflow, the whole server goes down) on any statement whose parameters, written
out as Cypher literals in front of the query text (``CYPHER rows=[{key: '…'}] …``),
come to more than about 4 KB, while a real Neo4j takes megabytes.
:func:`encoded_size` bounds a value's size from above in both forms, PackStream
(the Bolt wire format) and that literal text; :func:`batches` packs rows under a
byte budget; :func:`split_row` cuts a row too large for any batch into a small
core row plus the long values in pieces, which the loader appends one by one, so
no text is ever truncated.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["encoded_size", "batches", "split_row", "chunk_value", "escape_literals", "ParameterError", "OVERHEAD"]

# Bytes of a statement that are not its text or its parameters: the message and
# chunk headers and the RUN marker on the wire; ``CYPHER`` and the separators
# where FalkorDB writes the parameters out.
OVERHEAD = 64


def _header(n: int) -> int:
    """PackStream header size of a string, list or map of ``n`` bytes/items."""
    return 1 if n < 16 else 2 if n < 0x100 else 3 if n < 0x10000 else 5


def _int_size(v: int) -> int:
    if -16 <= v < 128:
        return 1
    if -0x80 <= v < 0x80:
        return 2
    if -0x8000 <= v < 0x8000:
        return 3
    return 5 if -0x80000000 <= v < 0x80000000 else 9


def _char_size(ch: str) -> int:
    """A character's bytes in the larger form: UTF-8, doubled for ``\\`` and ``'`` (escaped as literals)."""
    return 2 if ch in "\\'" else len(ch.encode("utf-8"))


def _str_size(value: str) -> int:
    n = len(value.encode("utf-8"))
    return max(_header(n) + n, n + 2 + value.count("\\") + value.count("'"))


def _container(n: int) -> int:
    """Bytes of a list or map of ``n`` items beyond its items: a header, or brackets and ``, ``."""
    return max(_header(n), 2 + 2 * max(n - 1, 0))


def encoded_size(value: Any) -> int:
    """An upper bound of ``value``'s size in bytes, as PackStream or as a Cypher literal.

    >>> encoded_size("牵头")  # 6 UTF-8 bytes and two quotes
    8
    >>> encoded_size({"key": "a", "n": 1})  # {key: 'a', n: 1}
    16
    """
    if value is None:
        return 4  # null
    if isinstance(value, bool):
        return 5  # false
    if isinstance(value, int):
        return max(_int_size(value), len(str(value)))
    if isinstance(value, float):
        return max(9, len(f"{value:f}"))
    if isinstance(value, str):
        return _str_size(value)
    if isinstance(value, (list, tuple)):
        return _container(len(value)) + sum(encoded_size(v) for v in value)
    if isinstance(value, dict):
        keys = sum(len(str(k).encode("utf-8")) + max(_header(len(str(k))), 2) for k in value)
        return _container(len(value)) + keys + sum(encoded_size(v) for v in value.values())
    return encoded_size(str(value))


class ParameterError(ValueError):
    """A parameter FalkorDB's literal form cannot carry safely (a key that is not a plain identifier, an odd type)."""


# A parameter name or map key as FalkorDB writes it, unquoted, in front of the query text.
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _plain_name(name: Any, where: str) -> str:
    if not isinstance(name, str) or not _PLAIN_NAME.match(name):
        raise ParameterError(f"parameter {where}{name!r} is not a plain name (letters, digits and _ only)")
    return name


def escape_literals(value: Any, *, _where: str = "") -> Any:
    """``value`` made safe for FalkorDB's Bolt server: strings escaped, names checked, odd types refused.

    That server writes every parameter into the query text as a Cypher literal
    (``CYPHER name={key: 'value'} …``), pasting strings between single quotes and map
    keys bare, without escaping either. Unescaped, ``it's`` breaks the statement and
    ``a\\nb`` comes back as a line break; worse, a map key or parameter name is query
    text, so a key such as ``a: 1} MATCH (n) DETACH DELETE n //`` would run as a
    write inside a read-only query. So every string's ``\\`` and ``'`` are escaped,
    every name and map key must be a plain identifier (:class:`ParameterError`
    otherwise), and only the types that have a literal form (null, booleans, finite
    numbers, strings, lists, maps) pass.

    >>> escape_literals({"rows": ["it's", "C:\\\\x"]})
    {'rows': ["it\\\\'s", 'C:\\\\\\\\x']}
    >>> escape_literals({"m": {"a: 1} MATCH (n) DELETE n //": 1}})  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    kg.loaders.batches.ParameterError: parameter $m key 'a: 1} MATCH (n) DELETE n //' is not a plain name (letters, digits and _ only)
    """
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(f"parameter {_where or 'value'} {value} has no Cypher literal form")
        return value
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, (list, tuple)):
        return [escape_literals(v, _where=_where) for v in value]
    if isinstance(value, dict):
        if not _where:  # the top level: the parameters themselves, by name
            return {_plain_name(k, "name "): escape_literals(v, _where=f"${k}") for k, v in value.items()}
        return {_plain_name(k, f"{_where} key "): escape_literals(v, _where=f"{_where}.{k}") for k, v in value.items()}
    raise ParameterError(f"parameter {_where or 'value'}: {type(value).__name__} values cannot be sent to FalkorDB")


def batches(rows: Iterable[dict[str, Any]], budget: int) -> Iterator[list[dict[str, Any]]]:
    """Consecutive rows in lists whose encoded size stays within ``budget`` bytes.

    A row larger than ``budget`` on its own comes alone (split it first with
    :func:`split_row` where the server cannot take it).

    >>> [len(b) for b in batches([{"k": "x" * 10}] * 5, 40)]
    [2, 2, 1]
    """
    batch: list[dict[str, Any]] = []
    size = 5  # the list's header, at most
    for row in rows:
        n = encoded_size(row)
        if batch and size + n > budget:
            yield batch
            batch, size = [], 5
        batch.append(row)
        size += n
    if batch:
        yield batch


def chunk_value(value: str | list, budget: int) -> list[str | list]:
    """``value`` cut into pieces of at most ``budget`` encoded bytes (strings on character boundaries).

    >>> chunk_value("牵头单位", 11)
    ['牵头', '单位']
    >>> [len(p) for p in chunk_value(["財政局"] * 5, 32)]
    [2, 2, 1]
    """
    if budget < 10:
        raise ValueError(f"budget of {budget} bytes is too small to carry any value")
    pieces: list[str | list] = []
    if isinstance(value, str):
        start, size = 0, 5
        for i, ch in enumerate(value):
            n = _char_size(ch)
            if size + n > budget and i > start:
                pieces.append(value[start:i])
                start, size = i, 5
            size += n
        pieces.append(value[start:])
        return pieces
    part: list = []
    size = 5
    for item in value:
        n = encoded_size(item) + 2  # and its ", "
        if n + 5 > budget:
            raise ValueError(f"a list item of {n} bytes does not fit in {budget} bytes")
        if part and size + n > budget:
            pieces.append(part)
            part, size = [], 5
        part.append(item)
        size += n
    pieces.append(part)
    return pieces


def split_row(row: dict[str, Any], budget: int, *, lists: tuple[str, ...] = ("aliases",)) -> tuple[dict[str, Any], list[tuple[str, list]]]:
    """Cut a row over ``budget`` into a core row that fits and ``(property, pieces)`` to append.

    The longest strings and lists of ``row["props"]`` (and the top-level list fields
    named in ``lists``) leave the core, largest first, until the core fits; each
    leaves as pieces that fit ``budget`` with the row's key fields beside them. A
    row that fits comes back unchanged with nothing to append.

    >>> core, parts = split_row({"key": "k", "props": {"key": "k", "evidence": "长" * 40}}, 80)
    >>> core, [(p, len(v)) for p, v in parts]
    ({'key': 'k', 'props': {'key': 'k'}}, [('evidence', 3)])
    """
    if encoded_size(row) <= budget:
        return row, []
    core = {k: (dict(v) if k == "props" else v) for k, v in row.items()}
    props = core.get("props", {})
    movable = [(encoded_size(v), name, True) for name, v in props.items() if isinstance(v, (str, list)) and name != "key"]
    movable += [(encoded_size(core[name]), name, False) for name in lists if isinstance(core.get(name), list) and core[name]]
    moved: list[tuple[str, Any]] = []
    for _, name, in_props in sorted(movable, key=lambda m: (-m[0], m[1])):
        if encoded_size(core) <= budget:
            break
        if in_props:
            moved.append((name, props.pop(name)))
        else:
            moved.append((name, core[name]))
            core[name] = []
    if encoded_size(core) > budget:
        raise ValueError(f"row {row.get('key') or (row.get('src'), row.get('dst'))!r} does not fit in {budget} bytes even without its long values")
    ident = {k: v for k, v in core.items() if k not in ("props", *lists)}
    room = budget - encoded_size(ident) - encoded_size("part") - 5
    return core, [(name, chunk_value(value, room)) for name, value in moved]
