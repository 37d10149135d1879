"""`client.with_raw_response.<tag>.<method>(...)`: status, headers and the parsed model of one call (issue 13)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import subprocess
import sys

import pytest

from generator import naming
from generator.config import load_project
from generator.specs import load_spec
from tests.clients.server import FixtureServer, json_answer
from tests.clients.support import spec_text
from tests.support import ROOT

APIS = load_project(ROOT).apis

PATHS = """
/items/{item_id}:
  get:
    operationId: getItem
    tags: [items]
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: integer}}
    responses:
      "200":
        description: One item.
        content:
          application/json:
            schema: {type: object, required: [id], properties: {id: {type: integer}, name: {type: string}}}
      "404":
        description: No such item.
"""
SPEC = spec_text(PATHS)


def test_a_raw_call_gives_status_headers_and_the_model(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/7", json_answer({"id": 7, "name": "door"}, **{"X-RateLimit-Remaining": "41"}))
    with pkg.FragmentClient(base_url=server.url) as client:
        raw = client.with_raw_response.items.get_item(7)
        plain = client.items.get_item(7)
        tuned = client.with_options(headers={"X-Trace": "t1"}).with_raw_response.items.get_item(7)
    assert raw.status_code == 200
    assert raw.headers["x-ratelimit-remaining"] == "41"
    assert raw.parsed == plain and raw.parsed.name == "door"
    assert raw.content == b'{"id": 7, "name": "door"}'
    assert tuned.parsed.id == 7 and server.seen[2].headers["x-trace"] == "t1"
    assert len(server.seen) == 3  # one request per call, the raw ones included


def test_a_raw_call_raises_the_typed_error_as_the_plain_call_does(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/8", json_answer({"error": "gone"}, status=404))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.FragmentError) as caught:
        client.with_raw_response.items.get_item(8)
    assert caught.value.status == 404


def test_the_async_raw_call(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/9", json_answer({"id": 9}, **{"ETag": '"v9"'}))

    async def call() -> object:
        async with pkg.AsyncFragmentClient(base_url=server.url) as client:
            return await client.with_raw_response.items.get_item(9)

    raw = asyncio.run(call())
    assert (raw.status_code, raw.headers["etag"], raw.parsed.id) == (200, '"v9"', 9)


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
@pytest.mark.parametrize("prefix", ["", "Async"])
def test_every_operation_has_its_raw_twin_answering_a_response(api: object, prefix: str) -> None:
    spec = load_spec(api.spec)  # type: ignore[attr-defined]
    package = importlib.import_module(api.package)  # type: ignore[attr-defined]
    client = getattr(package, prefix + spec.quirks.class_name)()
    checked = 0
    for path_item in spec.data["paths"].values():
        for op in path_item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            tag = naming.tag_attribute(op["tags"][0])
            name = naming.method_name(op["operationId"])
            raw = getattr(getattr(client.with_raw_response, tag), name)
            plain = getattr(getattr(client, tag), name)
            assert inspect.signature(raw).parameters == inspect.signature(plain).parameters, (tag, name)
            returns = inspect.signature(raw).return_annotation
            assert getattr(returns, "__origin__", None) is package.types.Response, (tag, name, returns)
            assert inspect.iscoroutinefunction(raw) == bool(prefix), (tag, name)
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_the_raw_facades_load_only_when_asked_for(api: object) -> None:
    spec = load_spec(api.spec)  # type: ignore[attr-defined]
    tag = naming.tag_attribute(spec.data["tags"][0]["name"])
    script = f"""
import sys
import {api.package} as pkg
client = pkg.{spec.quirks.class_name}()
client.{tag}
loaded = lambda: sorted(n for n in sys.modules if n.endswith("._raw_resource"))
assert loaded() == [], loaded()
client.with_raw_response.{tag}
assert loaded() == ["{api.package}.api.{tag}._raw_resource"], loaded()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
