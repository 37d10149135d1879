"""Helpers for the client tests: throwaway clients from inline specs, served mock apps, host mapping."""

from __future__ import annotations

import importlib
import socket
import sys
import textwrap
import threading
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import uvicorn

from generator.clients.build import build_client
from generator.config import ApiConfig
from generator.specs import load_spec, validate_spec
from tests.support import ROOT

SPECS = {"freesound": ROOT / "specs" / "freesound-v1.yaml", "soundcloud": ROOT / "specs" / "soundcloud-v1.yaml"}

SKELETON = """\
openapi: 3.1.0
info: {{title: Fragment, version: "1.0"}}
servers:
  - url: http://api.example.test/v1
x-soundspec-client: {{class-name: FragmentClient, error-class: FragmentError}}
{quirks}
tags:
  - name: items
    description: Items.
paths:
{paths}
components:
{components}
"""


def spec_text(paths: str, quirks: str = "", components: str = "  schemas: {}") -> str:
    """A small spec: the skeleton above with the given root quirks, paths and components."""
    return SKELETON.format(
        quirks=textwrap.dedent(quirks).strip(),
        paths=textwrap.indent(textwrap.dedent(paths).strip("\n"), "  "),
        components=textwrap.indent(textwrap.dedent(components).strip("\n"), "  "),
    )


def generate_package(tmp_path: Path, text: str) -> ModuleType:
    """Validate `text`, generate its client into tmp_path, import it under a name of its own."""
    package = f"fragment_{uuid.uuid4().hex[:10]}"
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(text, encoding="utf-8")
    spec = load_spec(spec_path)
    findings = validate_spec(spec)
    assert not findings, "\n".join(map(str, findings))
    out = tmp_path / "client"
    api = ApiConfig(name="fragment", spec=spec_path, package=package, output=out, docs=tmp_path / "docs")
    build_client(api, spec, out)
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def forget(module: ModuleType) -> None:
    """Drop a throwaway package and its submodules from sys.modules."""
    for name in [n for n in sys.modules if n == module.__name__ or n.startswith(module.__name__ + ".")]:
        del sys.modules[name]


def _to_loopback(request: httpx.Request, hosts: dict[str, int]) -> httpx.Request:
    port = hosts.get(request.url.host)
    if port is None:
        return request
    url = request.url.copy_with(host="127.0.0.1", port=port)
    return httpx.Request(
        request.method, url, headers=request.headers, stream=request.stream, extensions=request.extensions
    )


class Resolving(httpx.BaseTransport):
    """A transport that sends requests for the named hosts to 127.0.0.1:<port> (Host header kept).

    It lets a test point a client at "another host" that is a real server on the loopback.
    """

    def __init__(self, hosts: dict[str, int]) -> None:
        self._hosts = hosts
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(_to_loopback(request, self._hosts))

    def close(self) -> None:
        self._inner.close()


class AsyncResolving(httpx.AsyncBaseTransport):
    def __init__(self, hosts: dict[str, int]) -> None:
        self._hosts = hosts
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(_to_loopback(request, self._hosts))

    async def aclose(self) -> None:
        await self._inner.aclose()


class ServedApp:
    """An ASGI app (a mock server) served by uvicorn on 127.0.0.1 on a port of its own."""

    def __init__(self, app: Any) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)  # listening first: connections made before the loop runs wait
        self.port = self._sock.getsockname()[1]
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServedApp:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._sock.close()
