"""The tests' own database server: reachable from this machine only, and its log in the report of a failure."""
from __future__ import annotations

import ipaddress
import re
import socket
from pathlib import Path

import pytest

from tests.bolt import listening_addresses

ROOT = Path(__file__).resolve().parents[1]


def _is_loopback(kernel_hex: str) -> bool:
    """An address as /proc/net/tcp{,6} writes it (little-endian 32-bit words) is loopback."""
    raw = bytes.fromhex(kernel_hex)
    packed = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    addr = ipaddress.ip_address(packed)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_loopback


def _outward_address() -> str | None:
    """This machine's address towards other hosts, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if ipaddress.ip_address(addr).is_loopback else addr


def test_the_test_server_listens_on_loopback_only(bolt_server):
    for port in (bolt_server.port, bolt_server.bolt_port):
        addrs = listening_addresses(port)
        assert addrs, f"nothing listens on port {port}"
        assert all(_is_loopback(a) for a in addrs), (port, addrs)
    outward = _outward_address()
    if outward is None:
        pytest.skip("this machine has no non-loopback address to try (the listening addresses were checked)")
    for port in (bolt_server.port, bolt_server.bolt_port):
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=2).close()


# A run of three tests on the session's server: one fails while the server is up, one kills
# the server (SIGSEGV, the signal of a crash: Redis writes its crash report) and then fails
# to reach it, one fails that never used a server.
_DYING_SERVER = """
import signal

from kg.loaders import StoreError
from kg.loaders.neo4j_store import Neo4jStore


def test_a_fails_with_the_server_up(bolt_server):
    assert bolt_server.alive()
    assert False, "first failure"


def test_b_kills_the_server(bolt_server):
    bolt_server.proc.send_signal(signal.SIGSEGV)
    bolt_server.proc.wait(60)
    Neo4jStore(bolt_server.uri, timeout=5)


def test_c_fails_without_a_server():
    assert False, "third failure"
"""


def _parts(output: str) -> dict[str, str]:
    """pytest's output in parts: each under its ``=== title ===`` line, and each failure under its ``___ test ___`` line."""
    width = len(re.search(r"^=+ test session starts =+$", output, flags=re.M).group())  # a title line's width
    parts = re.split(rf"^(?=[=_]{{{width}}}$|[=_].{{{width - 2}}}[=_]$)[=_]+ (.+?) [=_]+$", output, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_a_dead_servers_log_and_signal_are_in_the_failure_report(pytester, monkeypatch):
    """The report of a failed test that used a server shows the server's state and its log's last lines, the
    log stays where the report says, and a server that died is named in the run's summary."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest('pytest_plugins = ["tests.bolt"]\n')
    pytester.makepyfile(test_dying=_DYING_SERVER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=3)
    parts = _parts(result.stdout.str())
    assert list(parts)[1:6] == ["FAILURES", "test_a_fails_with_the_server_up", "test_b_kills_the_server",
                                "test_c_fails_without_a_server", "FalkorDB server died: killed by signal SIGSEGV (11)"]

    up = parts["test_a_fails_with_the_server_up"]
    assert "first failure" in up and up.count("FalkorDB server log (running)") == 1
    assert re.search(r"Bolt protocol initialized\. Port: \d+", up)

    dead = parts["test_b_kills_the_server"]
    assert "cannot reach a Bolt server" in dead
    assert dead.count("FalkorDB server log (killed by signal SIGSEGV (11))") == 1
    assert "crashed by signal: 11" in dead and "Killed by PID" in dead  # the head of Redis's crash report
    assert "Ready to accept connections" in dead  # and the lines before it
    (log,) = re.findall(r"^log: (.+server\.log)$", dead, flags=re.M)
    assert Path(log).is_relative_to(pytester.path) and "crashed by signal: 11" in Path(log).read_text(errors="replace")

    assert "third failure" in parts["test_c_fails_without_a_server"]
    assert "FalkorDB" not in parts["test_c_fails_without_a_server"]  # the death was told once, with test b
    assert f"log: {log}" in parts["FalkorDB server died: killed by signal SIGSEGV (11)"]
