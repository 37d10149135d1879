"""The hostile-request corpus (tests/hostile/requests/*.yaml) and where each API takes it.

Inputs are data: one YAML file per kind. Long inputs are written as `[text, times]` pieces, so a
megabyte header stays a line of the file. Where a request goes is worked out from each API's
spec, never named here: an operation that takes a body, one that reads, the path a trailing-slash
redirect answers, and the API's credentials in their query placements.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import yaml

from generator.config import ApiConfig, load_project
from generator.mock import MockApp, MockOptions, create_app
from generator.mock.compiled import Operation
from tests.support import ROOT

FOLDER = Path(__file__).parent / "requests"
KINDS = ("bodies", "hosts", "queries", "headers", "wire")
UVICORN_REFUSAL = b"Invalid HTTP request received."


@dataclass(frozen=True)
class Input:
    kind: str
    name: str
    fields: dict[str, Any]

    def text(self, key: str, default: str = "") -> str:
        return text(self.fields.get(key, default))

    def data(self, key: str) -> bytes:
        return self.text(key).encode("latin-1")

    @staticmethod
    def text_of(value: Any) -> str:
        return text(value)


def text(value: Any) -> str:
    """A corpus value: a string, or `[text, times]` pieces joined."""
    if isinstance(value, str):
        return value
    return "".join(str(piece) * int(times) for piece, times in value)


@cache
def inputs(kind: str) -> tuple[Input, ...]:
    document = yaml.safe_load((FOLDER / f"{kind}.yaml").read_text(encoding="utf-8"))
    assert document["kind"] == kind
    return tuple(Input(kind, entry["name"], entry) for entry in document["inputs"])


def counts() -> dict[str, int]:
    return {kind: len(inputs(kind)) for kind in KINDS}


def apis() -> list[ApiConfig]:
    return list(load_project(ROOT).apis)


def api_names() -> list[str]:
    return [api.name for api in apis()]


@cache
def mock(name: str) -> MockApp:
    (api,) = load_project(ROOT).select([name])
    return create_app(api.name, api.spec, MockOptions(urls="mock"))


@dataclass(frozen=True)
class Targets:
    """Where the corpus goes on one API's mock (paths include the API's base path)."""

    prefix: str
    body: str  # an operation that takes a body (credentials first), or `read` where none does
    body_method: str
    takes_bodies: bool
    read: str  # a GET operation
    slash: str  # `read` with its trailing slash toggled (the API may redirect it)
    credentials: dict[str, str]  # query parameter -> a value the mock accepts

    def url(self, path: str, authenticated: bool) -> str:
        if not authenticated or not self.credentials:
            return path
        return str(httpx.URL(path, params=self.credentials))


def _path(op: Operation, prefix: str) -> str:
    filled = op.template
    for param in op.params:
        if param.location == "path":
            filled = filled.replace("{" + param.name + "}", "1")
    return prefix + filled


@cache
def targets(name: str) -> Targets:
    app = mock(name)
    ops = sorted(app.api.operations, key=lambda op: (len(op.template), op.template))
    read = next(op for op in ops if op.method == "GET" and op.security)
    takes = [op for op in ops if op.method in ("POST", "PUT", "PATCH") and op.bodies]
    body = next((op for op in takes if op.security), takes[0] if takes else None)
    # an API that takes no bodies still gets them, POSTed to a path that reads
    read_path = _path(read, app.api.prefix)
    slash = read_path[:-1] if read_path.endswith("/") else read_path + "/"
    schemes = app.api.schemes
    credentials: dict[str, str] = {}
    for credential in app.api.quirks.auth.credentials if app.api.quirks.auth else ():
        accepted = sorted(app.behaviour.credentials.get(credential.argument, ()))
        for scheme_name in credential.schemes.values():
            scheme = schemes.get(scheme_name) or {}
            if accepted and scheme.get("type") == "apiKey" and scheme.get("in") == "query":
                credentials[str(scheme["name"])] = accepted[0]
    body_path, body_method = (_path(body, app.api.prefix), body.method) if body else (read_path, "POST")
    return Targets(app.api.prefix, body_path, body_method, body is not None, read_path, slash, credentials)


def error_keys(name: str) -> frozenset[str]:
    """Members (JSON, YAML) and roots (XML) of the API's errors: its 404 in every format, its credential refusals."""
    app = mock(name)
    keys: set[str] = set()
    for failure in (app.api.quirks.auth.failures if app.api.quirks.auth else {}).values():
        if isinstance(failure.body, dict):
            keys |= set(failure.body)
    names = list(app.api.quirks.formats.formats) if app.api.quirks.formats else [app.neg.default]
    for fmt in names:
        _, _, body = app.render.error(404, "Not found.", fmt=fmt)
        keys |= members(body)
    return frozenset(keys)


def members(body: bytes) -> set[str]:
    """An error body's top-level members (JSON, YAML), or its XML root element; JSONP unwrapped."""
    text = body.decode("utf-8", "replace").strip()
    if text.startswith("<"):
        return {ElementTree.fromstring(body).tag}
    wrapped = re.search(r"\((\{.*\}|\[.*\])\)\s*;?$", text, re.S)
    data = wrapped.group(1) if wrapped and not text.startswith(("{", "[")) else text
    try:
        return set(json.loads(data))
    except ValueError:
        return set(yaml.safe_load(data))


def assert_api_error(name: str, response: httpx.Response, what: str) -> None:
    """A refusal, not a crash: below 500, and an error body in the API's own shape."""
    assert response.status_code < 500, f"{name} {what}: {response.status_code} {response.text[:200]}"
    assert UVICORN_REFUSAL not in response.content, f"{name} {what}: the server's plain-text refusal"
    if response.status_code >= 400 and response.content:
        found = members(response.content)
        assert found and found <= error_keys(name), f"{name} {what}: not the API's error shape: {found}"
