"""x-soundspec-dispatch in the model and in lint: operations on one path told apart by a parameter value."""

from __future__ import annotations

from typing import Any

from generator.apimodel import build_api
from generator.lint import lint
from generator.quirks import load_quirks
from tests.dispatch_fixture import tunebase

INFO = "/paths/~1#track.getInfo/get"


def _findings(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p, m) for p, m in lint(spec, build_api(spec, load_quirks(spec))) if "dispatch" in p]


def test_the_model_knows_where_a_dispatched_operation_goes() -> None:
    spec = tunebase()
    op = build_api(spec, load_quirks(spec)).operation("trackGetInfo")
    assert op is not None and op.dispatch is not None
    assert (op.path, op.wire_path, op.dispatch.param, op.dispatch.value) == (
        "/#track.getInfo",
        "/",
        "method",
        "track.getInfo",
    )
    assert op.dispatch_matches({"method": ["track.getInfo"]}) and not op.dispatch_matches({"method": ["user.getInfo"]})
    assert _findings(spec) == []


def test_the_dispatch_parameter_must_be_declared_required_and_fixed() -> None:
    spec = tunebase()
    spec["paths"]["/#track.getInfo"]["get"]["parameters"][0]["schema"] = {"type": "string"}
    assert _findings(spec) == [
        (
            f"{INFO}/x-soundspec-dispatch",
            "the operation must declare the required query parameter 'method' fixed to 'track.getInfo'",
        )
    ]


def test_two_operations_may_not_claim_one_value() -> None:
    spec = tunebase()
    other = spec["paths"]["/#user.getInfo"]["get"]
    other["x-soundspec-dispatch"]["value"] = "track.getInfo"
    other["parameters"][0]["schema"] = {"const": "track.getInfo"}
    found = _findings(spec)
    assert [m for _, m in found] == [f"GET / with method=track.getInfo is already {INFO}"]


def test_path_parameters_of_the_key_and_the_wire_path_agree() -> None:
    spec = tunebase()
    spec["paths"]["/#track.getInfo"]["get"]["x-soundspec-dispatch"]["path"] = "/{lang}/"
    assert any("same path parameters" in m for _, m in _findings(spec))


def test_the_key_itself_is_checked_by_its_json_schema() -> None:
    spec = tunebase()
    spec["paths"]["/#track.getInfo"]["get"]["x-soundspec-dispatch"] = {"path": "2.0", "param": "method"}
    messages = [m for p, m in lint(spec) if p.startswith(f"{INFO}/x-soundspec-dispatch")]
    assert any("'value' is a required property" in m for m in messages)
    assert any("does not match" in m for m in messages)


def test_a_page_number_operation_must_say_where_its_records_are() -> None:
    spec = tunebase()
    del spec["paths"]["/#track.search"]["get"]["x-soundspec-page"]
    messages = [m for _, m in lint(spec, build_api(spec, load_quirks(spec)))]
    assert any("must say where its records are" in m for m in messages)


def test_x_soundspec_page_needs_page_number_paging() -> None:
    spec = tunebase()
    del spec["x-soundspec-pagination"]
    messages = [m for _, m in lint(spec, build_api(spec, load_quirks(spec)))]
    assert "x-soundspec-page needs x-soundspec-pagination with style page-number" in messages


def test_value_keys_stand_where_they_mean_something() -> None:
    spec = tunebase()
    user = spec["components"]["schemas"]["UserInfo"]["properties"]["user"]["properties"]
    user["name"] = {"type": "integer", "x-soundspec-as": "integer"}
    spec["components"]["schemas"]["Error"]["x-soundspec-unwrap"] = "text"
    messages = {m for _, m in lint(spec, build_api(spec, load_quirks(spec)))}
    assert "x-soundspec-as types a value sent as text: the schema must be type string" in messages
    assert "'text' is not a property of this schema" in messages


def test_a_form_dispatch_is_read_from_the_body_and_declared_there() -> None:
    spec = tunebase()
    op = build_api(spec, load_quirks(spec)).operation("trackLove")
    assert op is not None and op.dispatch is not None and op.dispatch.location == "form"
    assert op.dispatch_matches({}, {"method": ["track.love"]})
    assert not op.dispatch_matches({"method": ["track.love"]}, {})  # the query does not name it
    assert _findings(spec) == []
    body = spec["paths"]["/#track.love"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    body["schema"]["required"] = ["artist", "track"]
    assert _findings(spec) == [
        (
            "/paths/~1#track.love/post/x-soundspec-dispatch",
            "the operation must declare the required form field of its request body 'method' fixed to 'track.love'",
        )
    ]
