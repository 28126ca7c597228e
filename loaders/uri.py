"""Bolt URIs checked before any connection is tried.

The driver is lenient in ways that surprise: it takes port 99999 modulo 65536 and
connects to 34463, and an ``http://`` URI fails deep inside with a traceback. So the
URI is checked here first, and a bad one is a one-line :class:`~kg.loaders.base.StoreError`.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from kg.loaders.base import StoreError

__all__ = ["SCHEMES", "check_uri", "shown"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def shown(uri: str) -> str:
    """``uri`` as it may be printed: a password in it is replaced by ``***``.

    >>> shown("bolt://neo4j:secret@db:7687")
    'bolt://neo4j:***@db:7687'
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return uri.split("@", 1)[-1] if "@" in uri else uri
    if parts.password is None:
        return uri
    return parts._replace(netloc=f"{parts.username}:***@{parts.netloc.rsplit('@', 1)[1]}").geturl()


def check_uri(uri: str) -> str:
    """``uri`` if it is a usable Bolt URI (known scheme, a host, a port in 1..65535), else :class:`StoreError`.

    >>> check_uri("bolt://localhost:7687")
    'bolt://localhost:7687'
    >>> check_uri("bolt://localhost:99999")
    Traceback (most recent call last):
    kg.loaders.base.StoreError: bolt://localhost:99999: port 99999 is out of range (1-65535)
    """
    try:
        parts = urlsplit(uri)
    except ValueError as e:  # an unclosed [ in an IPv6 host
        raise StoreError(f"{shown(uri)}: not a Bolt URI ({e})") from None
    if parts.scheme.lower() not in SCHEMES or "://" not in uri:
        what = f"scheme {parts.scheme}://" if "://" in uri else "no scheme"
        raise StoreError(f"{shown(uri)}: not a Bolt URI ({what}; use {', '.join(s + '://' for s in SCHEMES)})")
    if not parts.hostname:
        raise StoreError(f"{shown(uri)}: no host in the URI (for example bolt://localhost:7687)")
    raw = parts.netloc.rsplit("]", 1)[-1].rpartition(":")[2] if ":" in parts.netloc.rsplit("]", 1)[-1] else ""
    if raw and not raw.isdigit():
        raise StoreError(f"{shown(uri)}: port {raw} is not a number")
    if raw and not 1 <= int(raw) <= 65535:
        raise StoreError(f"{shown(uri)}: port {raw} is out of range (1-65535)")
    return uri
