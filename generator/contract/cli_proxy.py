"""`soundspec proxy NAME --upstream URL`: serve the validating proxy with uvicorn until interrupted."""

from __future__ import annotations

import json
import signal
import socket
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from ..config import load_project
from ..errors import UsageError
from ..mock import serving
from ..specs import load_spec
from .exchange import SpecIndex
from .proxy import ProxyOptions, ValidatingProxy
from .recorder import Recorder


class JsonLog:
    """Violations as JSON lines on stderr (only exchanges with violations) and, fully, in a file.

    It also counts what passed, for the summary printed when the proxy stops.
    """

    def __init__(self, path: Path | None) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.failed = 0  # exchanges with a violation or an unreachable upstream
        self.kinds: Counter[str] = Counter()
        try:
            self.file = path.open("a", encoding="utf-8") if path is not None else None
        except OSError as err:
            raise UsageError(f"{path}: cannot open the log: {err}") from None

    def __call__(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False)
        with self.lock:
            self.requests += 1
            self.failed += bool(entry.get("violations") or entry.get("error"))
            self.kinds.update(f"{v['where']} {v['keyword']}" for v in entry.get("violations") or ())
            self.kinds.update(["upstream unreachable"] if entry.get("error") else [])
            if entry.get("violations") or entry.get("error"):
                print(line, file=sys.stderr, flush=True)
            if self.file is not None:
                self.file.write(line + "\n")
                self.file.flush()

    def summary(self, name: str, recorded: Path | None) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.kinds.items()))
        line = f"{name} proxy stopped: {self.requests} request(s), {self.failed} with violations"
        line += f" ({kinds})" if kinds else ""
        if recorded is not None:
            files = sum(1 for p in recorded.glob("*.exchange.yaml")) if recorded.is_dir() else 0
            line += f"; {files} recording(s) in {recorded}"
        return line


def proxy_cli(
    name: str, upstream: str, *, port: int, host: str, strict: bool, record: Path | None, log: Path | None
) -> int:
    import uvicorn

    (api,) = load_project().select([name])
    if not upstream.startswith(("http://", "https://")):
        raise UsageError(f"--upstream wants an http(s) URL, got {upstream!r}")
    index = SpecIndex(load_spec(api.spec).model)
    recorder = Recorder(record, index) if record is not None else None
    journal = JsonLog(log)
    app = ValidatingProxy(index, ProxyOptions(upstream, strict=strict), log=journal, recorder=recorder)
    mode = "strict" if strict else "reporting"
    # the upstream's own Date and Server pass through: uvicorn's would make each header appear twice
    server = uvicorn.Server(serving.config(app, lifespan="on", server_header=False, date_header=False))
    with _listening(host, port) as sock:
        bound = sock.getsockname()[1]
        typer.echo(f"{name}: validating proxy ({mode}) on http://{host}:{bound} -> {upstream}", err=True)
        if record is not None:
            typer.echo(f"recording every exchange into {record}", err=True)
        # uvicorn re-raises SIGTERM once it has shut down: ours ends the process after the summary
        previous = signal.signal(signal.SIGTERM, _stopped)
        try:
            server.run(sockets=[sock])
        finally:
            signal.signal(signal.SIGTERM, previous)
            typer.echo(journal.summary(name, record), err=True)
    return 0


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)


@contextmanager
def _listening(host: str, port: int) -> Iterator[socket.socket]:
    """A listening socket (port 0: a free one), so the address printed is the one served."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    try:
        yield sock
    finally:
        sock.close()
