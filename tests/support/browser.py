"""Debian's chromium, headless, for tests that look at a page in a real browser.

``chromium(page, profile, *options)`` runs it once on a file (``--screenshot=…``, ``--dump-dom``).
``DevTools(profile)`` keeps one running and drives it through the DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages ending in a NUL byte on its file descriptors 3 and 4),
so that a test can press Tab, move the mouse, and read what the page shows. Nothing reaches the
network: the flags turn off every background connection, and pages are local files.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = shutil.which("chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT = 60.0


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """One headless run of chromium on ``page`` with a new profile in ``profile``."""
    assert CHROMIUM is not None, "chromium is not installed"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *options, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )


class DevTools:
    """A headless chromium driven over the DevTools protocol, on one page; a context manager."""

    def __init__(self, profile: Path) -> None:
        self._profile = profile
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._session: str | None = None

    def __enter__(self) -> DevTools:
        assert CHROMIUM is not None, "chromium is not installed"
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()
        # chromium reads the protocol on its fd 3 and writes on its fd 4 (bash: dash takes one digit).
        command = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}'
        self._process = subprocess.Popen(
            [
                "bash",
                "-c",
                command,
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                "--remote-debugging-pipe",
            ],
            pass_fds=(to_browser, from_browser),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self._call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self._call("Page.enable")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._process.kill()
        self._process.wait()
        os.close(self._writer)
        os.close(self._reader)

    def open(self, page: Path, width: int, height: int) -> None:
        """Show ``page`` in a window ``width`` by ``height`` CSS pixels, once it has loaded."""
        self._call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self._events.clear()
        self._call("Page.navigate", url=page.as_uri())
        self._wait_for("Page.loadEventFired")

    def emulate_print(self) -> None:
        """Apply the page's print style, as printing would."""
        self._call("Emulation.setEmulatedMedia", media="print")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (the test's probe, not the page's)."""
        result = self._call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def press_tab(self) -> None:
        for kind in ("keyDown", "keyUp"):
            self._call("Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab", windowsVirtualKeyCode=9)

    def move_mouse(self, x: float, y: float) -> None:
        self._call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def screenshot(self, path: Path) -> None:
        """The window as it is, as a PNG file."""
        path.write_bytes(base64.b64decode(self._call("Page.captureScreenshot", format="png")["data"]))

    def _call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self._session is not None:
            message["sessionId"] = self._session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, (method, reply["error"])
                result: dict[str, Any] = reply["result"]
                return result
            self._events.append(reply)

    def _wait_for(self, event: str) -> None:
        while not any(e.get("method") == event for e in self._events):
            self._events.append(self._receive())

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._reader], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._reader, 1 << 16) if ready else b""
            if not chunk:
                raise TimeoutError("chromium stopped answering")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        reply: dict[str, Any] = json.loads(message)
        return reply
