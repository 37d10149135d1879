"""Negotiation rules of every configured API's mock, each pinned by a test that fails when its line breaks."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator.config import load_project
from generator.mock import MockApp, MockOptions, create_app
from generator.mock.compiled import Operation
from generator.mock.exchange import ApiError
from tests.support import ROOT

APIS = load_project(ROOT).apis


@pytest.fixture(scope="module", params=APIS, ids=lambda a: a.name)
def app(request: pytest.FixtureRequest) -> MockApp:
    api = request.param
    return create_app(api.name, api.spec, MockOptions())


def formats_with(app: MockApp, test: Any) -> list[str]:
    formats = app.api.quirks.formats
    return [name for name, fmt in (formats.formats.items() if formats else ()) if test(fmt)]


def test_both_xml_media_types_name_the_api_s_xml_format(app: MockApp) -> None:
    for name in formats_with(app, lambda f: f.xml is not None):
        assert app.neg._from_accept("text/xml") == name
        assert app.neg._from_accept("application/xml") == name


def test_a_malformed_q_counts_as_zero(app: MockApp) -> None:
    """`q=bogus` is not a preference: the type is dropped, the next one wins, and alone it means the default."""
    served = formats_with(app, lambda f: not f.unsafe)
    first, last = served[0], served[-1]
    media = app.neg.media_type(last)
    assert app.neg._from_accept(f"{media};q=bogus, {app.neg.media_type(first)}") == first
    assert app.neg._from_accept(f"{media};q=bogus") is None
    assert app.neg._from_accept(f"{media};q=0.5, {app.neg.media_type(first)};q=0.4") == last


def test_an_accept_header_naming_nothing_served_is_406(app: MockApp) -> None:
    with pytest.raises(ApiError) as caught:
        app.neg._from_accept("image/png")
    assert caught.value.status == 406


def undeclared(app: MockApp, status: int) -> Operation:
    return next(op for op in app.api.operations if op.response(status) is None)


def test_an_undeclared_error_status_falls_back_to_the_api_s_error_schema(app: MockApp) -> None:
    errors = app.api.quirks.errors
    if errors is None:
        pytest.fail(f"{app.api.name} declares no error schema")
    assert app.neg.schema_for(undeclared(app, 418), 400) == {"$ref": errors.schema}
    assert app.neg.schema_for(undeclared(app, 418), 200) is None or undeclared(app, 418).response(200) is not None


def test_yaml_answers_carry_unicode_as_written(app: MockApp) -> None:
    names = formats_with(app, lambda f: "yaml" in f.media_type)
    data = {"name": "Ñandú 🔊", "tags": ["café"]}
    for name in names:
        body, media = app.neg.render(data, name, None)
        assert (
            "Ñandú".encode() in body and "café".encode() in body
        )  # UTF-8, not \\xD1 escapes (libyaml escapes astral ones)
        assert media.endswith("charset=utf-8")
        assert yaml.safe_load(body) == data
    json_body, _ = app.neg.render(data, "json", None)
    assert "Ñandú 🔊".encode() in json_body
