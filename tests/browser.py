"""Drive headless Chromium over the DevTools protocol, on a pipe (no websocket package needed).

Chromium started with ``--remote-debugging-pipe`` reads protocol messages from file
descriptor 3 and writes to 4, each a JSON object ended by a NUL byte. :class:`Browser`
starts it that way; :meth:`Browser.open` loads a page in a fresh tab and returns a
:class:`Page` that records what a test needs to judge it: console errors, uncaught
exceptions, JavaScript dialogs (alert/confirm/prompt, which an injected script would
open) and every URL the page requested.
"""
from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM_FLAGS", "chromium", "Browser", "Page", "BrowserError"]

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


class BrowserError(RuntimeError):
    """Chromium did not start, answered with an error, or did not answer in time."""


def chromium() -> str | None:
    """Path of the Chromium executable, or ``None`` when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def _high_fd(fd: int) -> int:
    """A duplicate of ``fd`` numbered 10 or above, so placing the child's pipe ends on 3 and 4 clobbers nothing."""
    import fcntl

    dup = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return dup


class Browser:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, executable: str, *, width: int = 1400, height: int = 900, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="policykg-chromium-")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        child_in, child_out = _high_fd(to_browser_r), _high_fd(from_browser_w)

        def place_pipe_ends() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe",
                f"--window-size={width},{height}", "about:blank"]
        self._log = open(Path(self._profile.name) / "stderr.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                                     pass_fds=(3, 4), preexec_fn=place_pipe_ends)
        os.close(child_in)
        os.close(child_out)
        self._write = os.fdopen(to_browser_w, "wb", buffering=0)
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(from_browser_r,), daemon=True)
        self._reader.start()
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._pages: dict[str, Page] = {}
        self.version = self.send("Browser.getVersion")["product"]

    def _read(self, fd: int) -> None:
        buf = b""
        with os.fdopen(fd, "rb", buffering=0) as stream:
            while chunk := stream.read(1 << 16):
                buf += chunk
                *done, buf = buf.split(b"\0")
                for raw in done:
                    self._messages.put(json.loads(raw))
        self._messages.put(None)

    def _post(self, method: str, params: dict[str, Any] | None, session: str | None) -> int:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._write.write(json.dumps(msg).encode() + b"\0")
        return self._next_id

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer, recording the events that arrive meanwhile."""
        wanted = self._post(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            msg = self._take(deadline, method)
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise BrowserError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            self._event(msg)

    def pump(self, seconds: float) -> None:
        """Process events for ``seconds`` (lets the page run, collects what it reports)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                msg = self._messages.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return
            if msg is None:
                raise BrowserError("chromium exited")
            self._event(msg)

    def _take(self, deadline: float, method: str) -> dict[str, Any]:
        try:
            msg = self._messages.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            raise BrowserError(f"no answer to {method} within {self.timeout}s") from None
        if msg is None:
            raise BrowserError(f"chromium exited while waiting for {method}")
        return msg

    def _event(self, msg: dict[str, Any]) -> None:
        if "method" not in msg:  # the answer to a command nobody waits for (dialog handling)
            return
        self.events.append(msg)
        page = self._pages.get(msg.get("sessionId", ""))
        if page is not None:
            page._on_event(msg["method"], msg.get("params", {}))

    def open(self, path: str | Path, *, ready: str = "document.body && document.body.dataset.state === 'drawn'",
             timeout: float | None = None) -> Page:
        """Load ``path`` in a new tab and wait until the JavaScript expression ``ready`` is true."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        wait = timeout or self.timeout
        deadline = time.monotonic() + wait
        while not page.evaluate(f"Boolean({ready})"):
            if time.monotonic() > deadline:
                raise BrowserError(f"{path}: not ready ({ready}) after {wait}s; errors: {page.errors}")
            self.pump(0.1)
        return page

    def close(self) -> None:
        try:
            self._post("Browser.close", None, None)
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            self._write.close()
            self._log.close()
            self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """A tab: evaluate JavaScript, move the mouse, take screenshots; records errors, dialogs and requests."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session)

    def _on_event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Page.javascriptDialogOpening":
            self.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            self.browser._post("Page.handleJavaScriptDialog", {"accept": True}, self.session)
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append(str(details.get("exception", {}).get("description") or details.get("text")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))

    def evaluate(self, expression: str) -> Any:
        """Value of a JavaScript expression in the page (JSON-able values only)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def hover(self, x: float, y: float) -> None:
        """Move the mouse to viewport point (x, y), as a reader pointing at a node does."""
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def screenshot(self) -> bytes:
        """PNG of the viewport."""
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])
