"""Rows into Bolt-sized batches: pure functions, no server.

A batch is sized in *bytes*, not rows: FalkorDB's Bolt server crashes on any
message over about 4 KB, while a real Neo4j takes megabytes. :func:`encoded_size`
estimates a value's PackStream size from above; :func:`batches` packs rows under a
byte budget; :func:`split_row` cuts a row too large for any batch into a small
core row plus the long values in pieces, which the loader appends one by one, so
no text is ever truncated.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["encoded_size", "batches", "split_row", "chunk_value", "OVERHEAD"]

# Bytes of a message that are not the statement or its parameters: message and
# chunk headers, the RUN marker and its (empty, inside a transaction) extra map.
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


def encoded_size(value: Any) -> int:
    """``value``'s size in bytes as PackStream (the Bolt wire format) encodes it.

    >>> encoded_size("牵头")  # 6 UTF-8 bytes and a 1-byte header
    7
    >>> encoded_size({"key": "a", "n": 1})
    10
    """
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return _int_size(value)
    if isinstance(value, float):
        return 9
    if isinstance(value, str):
        n = len(value.encode("utf-8"))
        return _header(n) + n
    if isinstance(value, (list, tuple)):
        return _header(len(value)) + sum(encoded_size(v) for v in value)
    if isinstance(value, dict):
        return _header(len(value)) + sum(encoded_size(str(k)) + encoded_size(v) for k, v in value.items())
    return encoded_size(str(value))


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
    >>> [len(p) for p in chunk_value(["財政局"] * 5, 25)]
    [2, 2, 1]
    """
    if budget < 10:
        raise ValueError(f"budget of {budget} bytes is too small to carry any value")
    pieces: list[str | list] = []
    if isinstance(value, str):
        start, size = 0, 5
        for i, ch in enumerate(value):
            n = len(ch.encode("utf-8"))
            if size + n > budget and i > start:
                pieces.append(value[start:i])
                start, size = i, 5
            size += n
        pieces.append(value[start:])
        return pieces
    part: list = []
    size = 5
    for item in value:
        n = encoded_size(item)
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
