"""A small Chrome DevTools Protocol client over `--remote-debugging-pipe`.

Chromium reads commands from fd 3 and writes replies and events to fd 4, each message JSON
ended by a NUL byte: no port, no websocket, nothing another test could collide with.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import subprocess
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.docs.chromium import ensure_chromium

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
)
TIMEOUT = 30.0


class CdpError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with a fresh profile; use as a context manager."""

    def __init__(self) -> None:
        self._workdir = tempfile.TemporaryDirectory(prefix="soundspec-chromium-")
        self.log = Path(self._workdir.name, "chromium.log")
        to_child, from_us = os.pipe()
        to_us, from_child = os.pipe()
        # above 9 so that bash can place them at exactly 3 and 4 (dash takes single-digit fds only)
        child_in, child_out = _high(to_child), _high(from_child)
        os.close(to_child)
        os.close(from_child)
        chromium = ensure_chromium()
        profile = Path(self._workdir.name, "profile")
        command = [str(chromium), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"]
        script = f'exec "$@" 3<&{child_in} 4>&{child_out} {child_in}<&- {child_out}>&-'
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["/bin/bash", "-c", script, "bash", *command],
                pass_fds=(child_in, child_out),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        os.close(child_in)
        os.close(child_out)
        self._writer = os.fdopen(from_us, "wb", buffering=0)
        self._reader = os.fdopen(to_us, "rb", buffering=0)
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._thread = threading.Thread(target=self._read_loop, daemon=True)
        self._thread.start()

    def _read_loop(self) -> None:
        buffer = b""
        while chunk := self._reader.read(65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        box = self._replies.get(message["id"])
                    if box is not None:
                        box.put(message)
                else:
                    self.events.put(message)
        self.events.put({"method": "Browser.closed"})

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            box: queue.Queue[dict[str, Any]] = queue.Queue()
            self._replies[ident] = box
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._writer.write(json.dumps(message).encode() + b"\0")
        try:
            reply = box.get(timeout=TIMEOUT)
        except queue.Empty:
            tail = self.log.read_text(errors="replace").splitlines()[-5:]
            raise CdpError(f"{method}: no reply in {TIMEOUT}s; chromium's log ends: {tail}") from None
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def new_page(self, *, javascript: bool = True) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(f"{domain}.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        if not javascript:
            page.call("Emulation.setScriptExecutionDisabled", value=True)
        return page

    def close(self) -> None:
        with contextlib.suppress(CdpError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._writer.close()
        self._thread.join(timeout=10)
        self._reader.close()
        self._workdir.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def _high(fd: int) -> int:
    return fcntl.fcntl(fd, fcntl.F_DUPFD, 10)


class Page:
    """One tab: navigation, evaluation, screenshots, and what it logged or fetched."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        self.errors: list[str] = []
        self.requests: list[str] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def _drain(self, until: str | None = None) -> None:
        """Record pending events of this tab; with `until`, wait for that event."""
        while True:
            try:
                event = self.browser.events.get(timeout=TIMEOUT if until else 0.05)
            except queue.Empty:
                if until:
                    raise CdpError(f"no {until} in {TIMEOUT}s") from None
                return
            if event.get("method") == "Browser.closed":
                raise CdpError("the browser closed")
            if event.get("sessionId") != self.session:
                continue
            self._record(event)
            if until and event["method"] == until:
                return

    def _record(self, event: dict[str, Any]) -> None:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(f"exception: {details.get('exception', {}).get('description') or details.get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.errors.append(f"console.{params['type']}: {args}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.errors.append(f"log {params['entry']['level']}: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self._drain(until="Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise CdpError(f"{expression[:60]}...: {reply['exceptionDetails'].get('text')}")
        self._drain()
        return reply["result"].get("value")

    def type_text(self, selector: str, text: str) -> None:
        """Focus the element and type as a person would (input events fire)."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", text=text)
        self._drain()

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
