"""The tests' own database server is reachable from this machine only."""
from __future__ import annotations

import ipaddress
import socket

import pytest

from tests.bolt import bolt_server, listening_addresses  # noqa: F401  (fixture)


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
