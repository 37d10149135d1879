"""The resolved API model (generator/apimodel.py): complete, merged, resolved, built once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from generator import apimodel
from generator.apimodel import HTTP_METHODS, Api, RequestBody, Response, build_api
from generator.config import ApiConfig, load_project
from generator.pipeline import render_all
from generator.quirks import Quirks, load_quirks
from generator.refs import resolve_pointer
from generator.specs import load_spec
from tests.support import ROOT

PROJECT = load_project(ROOT)
APIS = PROJECT.apis


def _model(api: ApiConfig) -> Api:
    return load_spec(api.spec).model


def _expected_parameters(doc: dict[str, Any], path: str, method: str) -> dict[tuple[str, str], Any]:
    """The merge the spec's authors mean, worked out here on its own: the operation's entry wins."""
    item = doc["paths"][path]
    found: dict[tuple[str, str], Any] = {}
    for declared in [*item.get("parameters", []), *item[method].get("parameters", [])]:
        node = declared
        while "$ref" in node:
            node = resolve_pointer(doc, node["$ref"])
        found[(node["name"], node["in"])] = node
    return found


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_every_operation_of_the_spec_appears_once(api: ApiConfig) -> None:
    model = _model(api)
    doc = model.document
    raw = [(m, p) for p, item in doc["paths"].items() for m in HTTP_METHODS if m in item]
    assert [(op.method, op.path) for op in model.operations] == raw
    ids = [op.operation_id for op in model.operations]
    assert ids == [doc["paths"][p][m].get("operationId") for m, p in raw]


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_parameters_are_merged_and_resolved(api: ApiConfig) -> None:
    model = _model(api)
    for op in model.operations:
        expected = _expected_parameters(model.document, op.path, op.method)
        assert {(p.name, p.location): p.node for p in op.parameters} == expected, op.pointer
        assert len(op.parameters) == len(expected), op.pointer
        for param in op.parameters:
            assert "$ref" not in param.node
            assert resolve_pointer(model.document, "#" + param.pointer) is param.node
            assert "$ref" not in param.resolved_schema


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_bodies_responses_and_schemes_are_resolved_where_they_sit(api: ApiConfig) -> None:
    model = _model(api)
    doc = model.document
    for op in model.operations:
        assert [r.status for r in op.responses] == [str(s) for s in doc["paths"][op.path][op.method]["responses"]]
        holders: list[Response | RequestBody] = [*op.responses, *([op.body] if op.body else [])]
        for holder in holders:
            assert "$ref" not in holder.node
            assert resolve_pointer(doc, "#" + holder.pointer) is holder.node
            for media in holder.content:
                assert resolve_pointer(doc, "#" + media.pointer) is media.node
                assert "$ref" not in media.resolved_schema
    assert all("$ref" not in scheme for scheme in model.security_schemes.values())
    assert model.quirks == load_quirks(doc)


SHADOWED = """
openapi: 3.1.0
info: {title: T, version: "1"}
servers: [{url: "http://api.test/v1/"}]
components:
  parameters:
    Limit: {name: limit, in: query, description: shared, schema: {type: integer}}
paths:
  /things/{id}:
    servers: [{url: "http://{host}/v2", variables: {host: {default: uploads.test}}}]
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {$ref: "#/components/parameters/Limit"}
      - {name: limit, in: header, schema: {type: string}}
    get:
      operationId: getThing
      parameters:
        - {name: limit, in: query, description: own, schema: {type: integer, maximum: 5}}
        - {$ref: "#/components/parameters/Missing"}
      responses: {"200": {description: ok}}
    put:
      operationId: putThing
      servers: [{url: "http://api.test/v1"}]
      responses: {"204": {description: done}}
"""


def test_the_operations_parameter_overrides_the_path_items_by_name_and_location() -> None:
    model = build_api(yaml.safe_load(SHADOWED), load_quirks({}))
    get, put = model.operations
    assert [(p.name, p.location) for p in get.parameters] == [("id", "path"), ("limit", "query"), ("limit", "header")]
    assert get.parameters[1].node["description"] == "own"
    assert get.parameters[1].pointer == "/paths/~1things~1{id}/get/parameters/0"
    assert get.parameters[0].required  # a path parameter always is
    # the put inherits the path item's, the shared one resolved where it sits
    assert put.parameters[1].node["description"] == "shared"
    assert put.parameters[1].pointer == "/components/parameters/Limit"
    # a server of the path item's own, variables at their defaults; none where it is the API's
    assert model.servers == ("http://api.test/v1",)
    assert get.server == "http://uploads.test/v2"
    assert put.server is None


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the documents models are built from, from now on (and an empty cache)."""
    monkeypatch.setattr(apimodel, "_MODELS", {})
    builds: list[str] = []
    real = apimodel.build_api

    def counted(doc: dict[str, Any], quirks: Quirks) -> Api:
        builds.append(doc["info"]["title"])
        return real(doc, quirks)

    monkeypatch.setattr(apimodel, "build_api", counted)
    return builds


def test_a_model_is_built_once_per_spec_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = _count_builds(monkeypatch)
    spec = tmp_path / "t.yaml"
    spec.write_text(SHADOWED, encoding="utf-8")
    first = load_spec(spec).model
    assert load_spec(spec).model is first  # loaded again: the same content, the same model
    spec.write_text(SHADOWED.replace("title: T", "title: U"), encoding="utf-8")
    assert load_spec(spec).model.title == "U"
    assert builds == ["T", "U"]


def test_one_generate_builds_each_model_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = _count_builds(monkeypatch)
    stage = tmp_path / "stage"
    stage.mkdir()
    render_all(PROJECT, list(APIS), stage, Console(quiet=True))
    assert sorted(builds) == sorted(yaml.safe_load(a.spec.read_text(encoding="utf-8"))["info"]["title"] for a in APIS)
