"""Every recorded response, served as it was recorded, read through the client call for its operation.

A success must become the operation's model and give back the recorded body from `to_dict()`
(nothing dropped, dates written in the API's own form); an error must raise the API's typed error.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import naming
from generator.apimodel import iter_operation_nodes
from generator.config import load_project
from generator.refs import deref
from generator.specs import load_spec
from tests.clients.server import Answer, FixtureServer
from tests.support import ROOT

PROJECT = load_project(ROOT)
CASES = [
    (api, sidecar)
    for api in PROJECT.apis
    for sidecar in sorted((api.spec.parent / "recordings" / api.name).glob("*.exchange.yaml"))
]


def _operation(spec: dict[str, Any], method: str, path: str) -> tuple[dict[str, Any], dict[str, str], list[Any]]:
    """The operation answering `method path` (a format suffix and a missing slash allowed), and its path values."""
    bare = re.sub(r"\.(json|xml|yaml)(?=/?$)", "", path)
    for template, verb, _, op, _ in iter_operation_nodes(spec):
        if verb != method.lower():
            continue
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template.rstrip("/"))) + "/?"
        match = re.fullmatch(pattern, bare)
        if match:
            params = [*spec["paths"][template].get("parameters", []), *op.get("parameters", [])]
            return op, match.groupdict(), [deref(spec, p) for p in params]
    raise AssertionError(f"no operation answers {method} {path}")


def _body_file(sidecar: Path) -> Path:
    stem = sidecar.name.removesuffix(".exchange.yaml")
    found = [p for p in sidecar.parent.glob(f"{stem}.*") if p != sidecar]
    assert len(found) == 1, f"{sidecar}: expected one body file, found {found}"
    return found[0]


def _kwargs(params: list[Any], query: dict[str, Any], owned: frozenset[str]) -> dict[str, Any]:
    """The recorded query as keyword arguments (credentials and runtime-owned parameters left out).

    A required parameter the sidecar does not record takes the spec's example.
    """
    kwargs = {}
    for param in params:
        name = param.get("name")
        if param.get("in") != "query" or name in owned:
            continue
        if name in query and query[name] != "<redacted>":
            kind = (param.get("schema") or {}).get("type")
            kwargs[naming.parameter_name(name)] = int(query[name]) if kind == "integer" else query[name]
        elif param.get("required"):
            kwargs[naming.parameter_name(name)] = param.get("example", (param.get("schema") or {}).get("example"))
    return kwargs


@pytest.mark.parametrize(("api", "sidecar"), CASES, ids=[f"{a.name}/{s.name.split('.')[0]}" for a, s in CASES])
def test_recording_reads_through_its_client_call(api: Any, sidecar: Path, server: FixtureServer) -> None:
    exchange = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    body_path = _body_file(sidecar)
    spec = load_spec(api.spec)
    op, path_values, params = _operation(spec.data, exchange["method"], exchange["path"])
    media_type = exchange.get("media-type", "application/json")
    headers = {"Content-Type": media_type, **{k: str(v) for k, v in (exchange.get("headers") or {}).items()}}
    for hop in ("Transfer-Encoding", "Connection", "Content-Length"):
        headers.pop(hop, None)
    base = _base_path(spec.data)
    served = re.escape(base + re.sub(r"\.json$", "", exchange["path"]).rstrip("/"))
    server.on(exchange["method"], f"^{served}/?$", Answer(exchange["status"], body_path.read_bytes(), headers))

    package = importlib.import_module(api.package)
    quirks = spec.quirks
    client_class = getattr(package, quirks.class_name)
    args = {naming.parameter_name(k): int(v) if v.isdigit() else v for k, v in path_values.items()}
    args.update(_kwargs(params, exchange.get("query") or {}, quirks.owned_query_params()))
    with client_class(base_url=server.url + base) as client:
        call = getattr(getattr(client, naming.tag_attribute(op["tags"][0])), naming.method_name(op["operationId"]))
        if exchange["status"] >= 400:
            with pytest.raises(getattr(package, quirks.error_class)) as caught:
                call(**args)
            error = caught.value
            assert isinstance(error, package.APIStatusError)
            assert error.http_status == exchange["status"]
            assert error.body is not None, "the error body did not parse into the error model"
            assert error.data == json.loads(body_path.read_bytes())
            return
        result = call(**args)
    recorded = json.loads(body_path.read_bytes())
    given = [item.to_dict() for item in result] if isinstance(result, list) else result.to_dict()
    assert given == recorded
    assert len(server.seen) == 1


def _base_path(spec: dict[str, Any]) -> str:
    """The path part of the spec's server URL (Freesound answers under /api)."""
    url = (spec.get("servers") or [{"url": ""}])[0]["url"]
    return "/" + url.split("://", 1)[-1].partition("/")[2] if "/" in url.split("://", 1)[-1] else ""


def test_every_shared_recording_is_covered() -> None:
    """Each recording body in specs/recordings has its sidecar, hence a case above."""
    for api in PROJECT.apis:
        folder = api.spec.parent / "recordings" / api.name
        bodies = {p.name.split(".")[0] for p in folder.iterdir() if not p.name.endswith(".exchange.yaml")}
        sidecars = {p.name.split(".")[0] for p in folder.glob("*.exchange.yaml")}
        assert bodies <= sidecars, f"{api.name}: recordings without a sidecar: {sorted(bodies - sidecars)}"
