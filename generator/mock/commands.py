"""`soundspec mock NAME`: serve a mock with uvicorn."""

from __future__ import annotations

import ipaddress
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer


def _credentials(values: list[str]) -> dict[str, tuple[str, ...]]:
    from ..errors import UsageError

    out: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise UsageError(f"--credential wants ARGUMENT=VALUE, got {item!r}")
        out.setdefault(name, []).append(value)
    return {k: tuple(v) for k, v in out.items()}


def _replaying(replay: Any, folder: Path | None, strict: bool) -> str:
    rest = "refusing anything else (404)" if strict else "the mock answers anything else"
    return f"\nreplaying {len(replay.recorded)} recording(s) from {folder}; {rest}"


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def register(app: typer.Typer, run: Callable[[Callable[[], Any]], Any]) -> None:
    @app.command("mock")
    def mock_command(  # noqa: PLR0917 - typer reads the options from the signature
        name: Annotated[str, typer.Argument(help="API name from [tool.soundspec], e.g. freesound")],
        host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="port (0: any free port)")] = 8000,
        seed: Annotated[int, typer.Option(help="seed of the generated dataset")] = 1,
        data: Annotated[Path | None, typer.Option(help="folder with your own dataset (docs/mock.md)")] = None,
        docs: Annotated[Path | None, typer.Option(help="folder with <api>.html (default: the API's docs)")] = None,
        credential: Annotated[
            list[str] | None, typer.Option(help="ARGUMENT=VALUE also accepted, e.g. api_key=abc (repeatable)")
        ] = None,
        urls: Annotated[str, typer.Option(help="URLs in responses: mock, public (the real host) or auto")] = "auto",
        log: Annotated[
            bool, typer.Option("--log", help="print a line per request: method, path, status, operation, time")
        ] = False,
        replay: Annotated[
            Path | None, typer.Option(help="answer requests a recording in DIR matches byte for byte (docs/mock.md)")
        ] = None,
        replay_strict: Annotated[
            bool, typer.Option("--replay-strict", help="with --replay: refuse (404) what no recording answers")
        ] = False,
    ) -> None:
        """Serve a spec-driven mock of an API (ASGI, uvicorn) until interrupted."""
        started = time.perf_counter()

        def action() -> int:
            import uvicorn

            from ..config import load_project
            from ..errors import UsageError
            from ..specs import load_spec
            from . import MockOptions, create_app, serving
            from .accesslog import AccessLog

            # checked here: socket.bind raises OverflowError, not OSError, for a port out of range
            if not 0 <= port <= 65535:
                raise UsageError(f"--port wants 0..65535 (0: any free port), got {port}")
            api = load_project().select([name])[0]
            if urls not in ("auto", "mock", "public"):
                raise UsageError(f"--urls wants auto, mock or public, got {urls!r}")
            if data is not None and not data.is_dir():
                raise UsageError(f"{data}: no such dataset folder")
            if replay_strict and replay is None:
                raise UsageError("--replay-strict wants --replay DIR (the recordings to answer from)")
            # the checks fuzz makes: an OpenAPI 3.1 document, and only credentials the API takes
            credentials = _credentials(credential or [])
            spec = load_spec(api.spec)
            problem = spec.quirks.credential_problem(credentials)
            if problem:
                raise UsageError(problem)
            options = MockOptions(
                seed=seed, data=data, docs=docs or api.docs, credentials=credentials, urls=urls,
                replay=replay, replay_strict=replay_strict,
            )  # fmt: skip
            app = create_app(api.name, spec, options)
            defaults = {k: sorted(v)[0] for k, v in app.behaviour.credentials.items() if v}
            shown = ", ".join(f"{k}={v}" for k, v in defaults.items())
            sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            # accepted connections inherit it; without it a reply's head and body wait on delayed ACKs
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                sock.bind((host, port))
            except OSError as err:
                raise UsageError(f"cannot listen on {host}:{port}: {err.strerror}") from None
            sock.listen(1024)
            bound = sock.getsockname()[1]
            served = AccessLog(app) if log else app
            config = serving.config(served, lifespan="on", access_log=False)
            # a client cannot connect to "all interfaces": it is given the loopback address instead
            base = f"http://{'127.0.0.1' if _unspecified(host) else host}:{bound}{app.api.prefix}"
            arguments = "".join(f"{k}={v!r}, " for k, v in defaults.items())
            print(
                f"soundspec mock {api.name}: serving on http://{host}:{bound}{app.api.prefix} "
                f"(ready in {time.perf_counter() - started:.2f}s; {shown})\n"
                + f"client: from {api.package} import {spec.quirks.class_name}; "
                f"client = {spec.quirks.class_name}({arguments}base_url={base!r})"
                + (_replaying(app.replay, replay, replay_strict) if app.replay is not None else ""),
                file=sys.stderr,
                flush=True,
            )
            uvicorn.Server(config).run(sockets=[sock])
            return 0

        raise typer.Exit(run(action))
