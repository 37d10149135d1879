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
from generator.apimodel import build_api
from generator.config import load_project
from generator.contract.bodies import decode_against
from generator.contract.exchange import SpecIndex
from generator.quirks import load_quirks
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


def _request(api: Any, exchange: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The method and query the recorded request stands for: a form POST the API reads as its GET
    (x-soundspec-post-reads) is that GET, its form the query."""
    if exchange["method"].upper() == "POST" and exchange.get("form") and load_spec(api.spec).quirks.post_reads:
        return "GET", dict(exchange["form"])
    return exchange["method"], dict(exchange.get("query") or {})


def _operation(
    spec: dict[str, Any], method: str, path: str, query: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, str], list[Any]]:
    """The operation answering `method path` (a format suffix and a missing slash allowed; a dispatch
    value in the query naming it on a shared path), and its path values."""
    bare = re.sub(r"\.(json|xml|yaml)(?=/?$)", "", path)
    index = SpecIndex(build_api(spec, load_quirks(spec)))
    for candidate in (bare, bare.rstrip("/") + "/", bare.rstrip("/")):
        matched = index.match(method, candidate, query or {})
        if matched is not None:
            op = matched.operation
            params = [*spec["paths"][op.path].get("parameters", []), *op.node.get("parameters", [])]
            return dict(op.node), dict(matched.path_params), [deref(spec, p) for p in params]
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


def _serve_and_call(api: Any, sidecar: Path, server: FixtureServer, body: bytes | None = None, **options: Any) -> Any:
    """Serve the recording (or `body` in its place) and call the operation's client method."""
    exchange = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    body_path = _body_file(sidecar)
    spec = load_spec(api.spec)
    method, query = _request(api, exchange)
    op, path_values, params = _operation(spec.data, method, exchange["path"], query)
    media_type = exchange.get("media-type", "application/json")
    headers = {"Content-Type": media_type, **{k: str(v) for k, v in (exchange.get("headers") or {}).items()}}
    for hop in ("Transfer-Encoding", "Connection", "Content-Length"):
        headers.pop(hop, None)
    base = _base_path(spec.data)
    served = re.escape(base + re.sub(r"\.json$", "", exchange["path"]).rstrip("/"))
    sent = body_path.read_bytes() if body is None else body
    server.on(method, f"^{served}/?$", Answer(exchange["status"], sent, headers))
    package = importlib.import_module(api.package)
    quirks = spec.quirks
    client_class = getattr(package, quirks.class_name)
    args = {naming.parameter_name(k): int(v) if v.isdigit() else v for k, v in path_values.items()}
    dispatch = op.get("x-soundspec-dispatch") or {}
    owned = quirks.owned_query_params() | ({dispatch["param"]} if dispatch else set())  # clients send it themselves
    args.update(_kwargs(params, query, owned))
    with client_class(base_url=server.url + base, **options) as client:
        call = getattr(getattr(client, naming.tag_attribute(op["tags"][0])), naming.method_name(op["operationId"]))
        return call(**args)


@pytest.mark.parametrize(("api", "sidecar"), CASES, ids=[f"{a.name}/{s.name.split('.')[0]}" for a, s in CASES])
def test_recording_reads_through_its_client_call(api: Any, sidecar: Path, server: FixtureServer) -> None:
    exchange = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    recorded = _recorded(api, sidecar, exchange)
    package = importlib.import_module(api.package)
    quirks = load_spec(api.spec).quirks
    # the format the recording is in, asked for as a client asks (XML answers are read as XML)
    options = {"format": "xml"} if "xml" in exchange.get("media-type", "") and quirks.formats else {}
    errors = quirks.errors
    if exchange["status"] >= 400 or (errors is not None and errors.when and errors.is_error(recorded)):
        with pytest.raises(getattr(package, quirks.error_class)) as caught:
            _serve_and_call(api, sidecar, server, **options)
        error = caught.value
        assert isinstance(error, package.APIStatusError)
        assert error.http_status == exchange["status"]
        assert error.body is not None, "the error body did not parse into the error model"
        assert error.data == recorded
        return
    result = _serve_and_call(api, sidecar, server, strict=True, **options)  # it departs from its spec nowhere
    given = [item.to_dict() for item in result] if isinstance(result, list) else result.to_dict()
    assert given == _as_callers_get(api, exchange, recorded)
    assert len(server.seen) == 1


def _as_callers_get(api: Any, exchange: dict[str, Any], recorded: Any) -> Any:
    """The recorded data as the client's models give it: values sent as text typed (`"42"` -> 42),
    by the generated package's own shapes."""
    method, query = _request(api, exchange)
    op, _, _ = _operation(load_spec(api.spec).data, method, exchange["path"], query)
    tag, name = naming.tag_attribute(op["tags"][0]), naming.method_name(op["operationId"])
    shape = importlib.import_module(f"{api.package}.api.{tag}.{name}").OPERATION.shapes.get(exchange["status"])
    coerce = importlib.import_module(f"{api.package}._runtime.coerce").coerce
    return recorded if shape is None else coerce(shape, recorded)


def _recorded(api: Any, sidecar: Path, exchange: dict[str, Any]) -> Any:
    """The recorded body as data: JSON as it came, XML in the JSON layout its schema describes."""
    raw = _body_file(sidecar).read_bytes()
    media_type = exchange.get("media-type", "application/json")
    if "xml" not in media_type:
        return json.loads(raw)
    loaded = load_spec(api.spec)
    method, query = _request(api, exchange)
    op, _, _ = _operation(loaded.data, method, exchange["path"], query)
    content = deref(loaded.data, op["responses"][str(exchange["status"])]).get("content") or {}
    schema = next(c["schema"] for m, c in content.items() if "xml" in m)
    return decode_against(loaded.data, schema, raw, media_type, loaded.quirks)


def _success_schema(api: Any, sidecar: Path) -> dict[str, Any] | None:
    """The object schema of a recorded JSON success answer, resolved, or None."""
    exchange = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    if exchange["status"] >= 300 or "json" not in exchange.get("media-type", "application/json"):
        return None
    spec = load_spec(api.spec).data
    method, query = _request(api, exchange)
    op, _, _ = _operation(spec, method, exchange["path"], query)
    content = deref(spec, (op.get("responses") or {}).get(str(exchange["status"])) or {}).get("content") or {}
    schema = deref(spec, next((c.get("schema") for m, c in content.items() if "json" in m), None) or {})
    return schema if schema.get("type") == "object" and schema.get("properties") else None


def _deviants(api: Any, sidecar: Path) -> list[tuple[str, dict[str, Any], str]]:
    """The recorded body changed one way per kind of deviation: (kind, body, pointer of the deviation)."""
    schema = _success_schema(api, sidecar)
    if schema is None:
        return []
    body = json.loads(_body_file(sidecar).read_bytes())
    if not isinstance(body, dict):
        return []
    spec = load_spec(api.spec).data
    props = {k: deref(spec, v) for k, v in schema["properties"].items()}
    made = []
    required = [k for k in schema.get("required", []) if k in body]
    if required:
        made.append(("missing required", {k: v for k, v in body.items() if k != required[0]}, required[0]))
    scalar = next((k for k in required if props.get(k, {}).get("type") in ("integer", "string", "boolean")), None)
    if scalar is not None:
        made.append(("wrong type", {**body, scalar: {"min": 1, "max": 2}}, scalar))
    enum = next((k for k in required if "enum" in props.get(k, {})), None)
    if enum is not None:
        made.append(("unknown enum value", {**body, enum: "no-such-value"}, enum))
    if schema.get("additionalProperties") is False:
        made.append(("extra field", {**body, "no_such_field": 1}, "no_such_field"))
    return [(kind, changed, "/" + key.replace("~", "~0").replace("/", "~1")) for kind, changed, key in made]


DEVIANTS = [
    (api, sidecar, kind, body, pointer) for api, sidecar in CASES for kind, body, pointer in _deviants(api, sidecar)
]


def test_every_api_has_deviants_of_every_kind() -> None:
    for api in PROJECT.apis:
        kinds = {kind for a, _, kind, _, _ in DEVIANTS if a is api}
        assert {"missing required", "wrong type"} <= kinds, (api.name, kinds)
    assert {kind for _, _, kind, _, _ in DEVIANTS} >= {
        "missing required",
        "wrong type",
        "unknown enum value",
        "extra field",
    }


@pytest.mark.parametrize(
    ("api", "sidecar", "kind", "body", "pointer"),
    DEVIANTS,
    ids=[f"{a.name}/{s.name.split('.')[0]}/{k}" for a, s, k, _, _ in DEVIANTS],
)
def test_a_deviating_answer_keeps_every_field_and_lists_the_deviation(
    api: Any, sidecar: Path, server: FixtureServer, kind: str, body: dict[str, Any], pointer: str
) -> None:
    package = importlib.import_module(api.package)
    result = _serve_and_call(api, sidecar, server, json.dumps(body).encode())
    assert [d.pointer for d in result.deviations] == [pointer], kind
    kept = result.to_dict()
    for key, value in body.items():
        if "/" + key != pointer and not isinstance(value, dict | list):
            assert kept.get(key) == value, key  # every other field as it came
    with pytest.raises(package.ResponseDeviationError) as caught:
        _serve_and_call(api, sidecar, server, json.dumps(body).encode(), strict=True)
    assert [d.pointer for d in caught.value.deviations] == [pointer]


def _base_path(spec: dict[str, Any]) -> str:
    """The path part of the spec's server URL (Freesound answers under /api)."""
    url = (spec.get("servers") or [{"url": ""}])[0]["url"]
    return "/" + url.split("://", 1)[-1].partition("/")[2] if "/" in url.split("://", 1)[-1] else ""


def test_every_shared_recording_is_covered() -> None:
    """Each recording body in specs/recordings has its sidecar, hence a case above."""
    for api in PROJECT.apis:
        folder = api.spec.parent / "recordings" / api.name
        bodies = {
            p.name.split(".")[0] for p in folder.iterdir() if not p.name.endswith((".exchange.yaml", "README.md"))
        }
        sidecars = {p.name.split(".")[0] for p in folder.glob("*.exchange.yaml")}
        assert bodies <= sidecars, f"{api.name}: recordings without a sidecar: {sorted(bodies - sidecars)}"
