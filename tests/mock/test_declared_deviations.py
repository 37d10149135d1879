"""Deviations a spec declares for its mock (`x-soundspec-mock`), and XML answers that are always XML."""

from __future__ import annotations

import copy
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.mock import MockApp, create_app
from generator.mock.hints import HintError
from generator.mock.xmltext import REPLACEMENT, is_name, xml_safe
from generator.wire import xml_dialect
from generator.yamlsource import load_file
from tests.support import ROOT

from .conftest import FS_KEY, call

MINIMAL = load_file(ROOT / "tests" / "fixtures" / "minimal.yaml")[0]
DIALECT = {"root": "response", "item": "resource", "literals": {"True": True, "False": False, "None": None}}


def _with_hint(hint: Any) -> dict[str, Any]:
    spec = copy.deepcopy(MINIMAL)
    spec["paths"]["/sounds/"]["get"]["parameters"][0]["x-soundspec-mock"] = hint
    return spec


def test_a_declared_refusal_is_the_api_s_400_with_its_explanation() -> None:
    app = create_app("tiny", _with_hint({"refuse": {"one-shot": "One-shots are not served by this mock."}}))
    refused = call(app, "GET", "/api/sounds/?api_key=mock-api_key&kind=one-shot")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "One-shots are not served by this mock."
    assert call(app, "GET", "/api/sounds/?api_key=mock-api_key&kind=loop").status_code == 200


def test_without_the_hint_the_value_is_served() -> None:
    app = create_app("tiny", MINIMAL)
    assert call(app, "GET", "/api/sounds/?api_key=mock-api_key&kind=one-shot").status_code == 200


@pytest.mark.parametrize("hint", [{"refuse": ["one-shot"]}, {"refuse": {"one-shot": 3}}, "refuse one-shot"])
def test_a_hint_the_mock_cannot_read_stops_it_at_start_up(hint: Any) -> None:
    with pytest.raises(HintError, match=r"kind: x-soundspec-mock.refuse"):
        create_app("tiny", _with_hint(hint))


def test_freesound_refuses_pickle_before_choosing_a_format(freesound: MockApp) -> None:
    # the refusal itself goes out in the default format, JSONP applied as for any error
    answer = call(freesound, "GET", f"/api/sounds/18763/?api_key={FS_KEY}&format=pickle&callback=cb")
    assert answer.status_code == 400 and answer.text.startswith("cb({")
    assert "not served by this mock" in answer.text


@pytest.mark.parametrize("path", ["/api/pool/search/?query=door", "/api/pool/info/?"])
def test_format_callback_and_request_id_count_only_where_an_operation_declares_them(
    freesound: MockApp, path: str
) -> None:
    """The RSS feeds declare none of them and the server ignored them there: no refusal, no 406,
    no JSONP around the feed or around an error, whatever `format` asks for."""
    for query in ("format=pickle", "format=AAA", "format=xml&callback=cb&request_id=r-1"):
        answer = call(freesound, "GET", f"{path}&{query}")
        assert answer.status_code == 200, query
        assert answer.headers["content-type"].startswith("application/rss+xml"), query
        assert answer.text.startswith('<?xml version="1.0"'), query
    refused = call(freesound, "GET", "/api/pool/search/?offset=-1&format=pickle&callback=cb")
    assert refused.status_code == 400 and refused.json()["status_code"] == 400
    # an operation that declares them still honours them, and its mock hint with them
    declared = call(freesound, "GET", f"/api/sounds/18763/?api_key={FS_KEY}&format=pickle")
    assert declared.status_code == 400 and "not served by this mock" in declared.text


def _parses(body: bytes) -> Element:
    element: Element = fromstring(body)
    return element


def test_request_text_xml_cannot_carry_is_replaced(freesound: MockApp) -> None:
    echoed = call(freesound, "GET", f"/api/people/terminal/?api_key={FS_KEY}&format=xml&request_id=a%00b%14c%0Dd")
    assert _parses(echoed.content).findtext("request_id") == f"a{REPLACEMENT}b{REPLACEMENT}c\nd"
    missing = call(freesound, "GET", f"/api/people/h%12x%7F/?api_key={FS_KEY}&format=xml")
    assert _parses(missing.content).findtext("explanation") == f"User (h{REPLACEMENT}x\x7f) does not exist."
    # JSON carries every character: only XML answers change
    as_json = call(freesound, "GET", f"/api/people/terminal/?api_key={FS_KEY}&request_id=a%00b")
    assert as_json.json()["request_id"] == "a\x00b"


def test_keys_that_cannot_be_element_names_are_left_out() -> None:
    data = {"id": 1, "text/xml": 2, "2x": 3, "a:b:c": 4, ":b": 6, "preview-hq-mp3": 5, "_ok": [{"": 1}]}
    assert xml_safe(data) == {"id": 1, "preview-hq-mp3": 5, "_ok": [{}]}
    # a prefixed name, as the APIs wrote them (`opensearch:totalResults`), is kept
    assert xml_safe({"opensearch:totalResults": "3"}) == {"opensearch:totalResults": "3"}
    # keys that stand for a text and for attributes are not elements, and are kept where reserved
    assert xml_safe({"#text": "a", "@attr": {}}) == {}
    assert xml_safe({"#text": "a", "@attr": {}}, reserved=frozenset({"#text", "@attr"})) == {"#text": "a", "@attr": {}}
    assert "_ok" not in xml_safe(data, dasherize=True)  # `-ok` is no name
    assert not is_name("") and not is_name("ñame") and not is_name("x y") and is_name("preview-hq-mp3")


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_JSONISH)
def test_any_data_made_safe_is_well_formed_xml(value: Any) -> None:
    _parses(xml_dialect.encode(xml_safe({"value": value}), DIALECT))
