"""The lowered copy of a spec that the stock generator is fed (generator/clients/lower.py)."""

from __future__ import annotations

from typing import Any

import yaml

from generator.apimodel import build_api
from generator.clients.lower import lower_spec, marked_date_format
from generator.quirks import load_quirks

SPEC: dict[str, Any] = yaml.safe_load(
    r"""
openapi: 3.1.0
info: {title: T, version: "1"}
x-soundspec-formats:
  default: json
  formats: {json: {media-type: application/json}, xml: {media-type: text/xml}}
  selection: [{by: query, name: format}]
  jsonp: {param: callback, wrap: "{callback}({body})"}
x-soundspec-dates:
  odd-datetime: {parse: ["%Y/%m/%d %H:%M:%S %z"]}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: format, in: query, schema: {type: string}}
        - {name: callback, in: query, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      responses:
        "200":
          description: A.
          content:
            application/json: {schema: {$ref: "#/components/schemas/A"}}
            text/xml: {schema: {$ref: "#/components/schemas/A"}}
components:
  schemas:
    A:
      type: object
      additionalProperties: false
      unevaluatedProperties: false
      properties:
        kind: {type: [string, "null"], enum: [x, y, null], description: Kind.}
        when: {type: string, format: odd-datetime, pattern: '^\d+$'}
        maybe: {type: [string, "null"], format: odd-datetime}
      if: {required: [kind]}
      then: {required: [when]}
"""
)


def test_owned_parameters_leave_the_signatures() -> None:
    lowered = lower_spec(build_api(SPEC, load_quirks(SPEC)))
    assert [p["name"] for p in lowered["paths"]["/a"]["get"]["parameters"]] == ["q"]


def test_schemas_are_lowered_for_the_generator() -> None:
    lowered = lower_spec(build_api(SPEC, load_quirks(SPEC)))
    a = lowered["components"]["schemas"]["A"]
    assert not {"additionalProperties", "unevaluatedProperties", "if", "then"} & set(a)
    assert a["properties"]["kind"] == {
        "description": "Kind.",
        "anyOf": [{"type": "string", "enum": ["x", "y"]}, {"type": "null"}],
    }
    when = a["properties"]["when"]
    assert when["format"] == "date-time" and "pattern" not in when
    assert marked_date_format(when["description"]) == "odd-datetime"
    assert "2013/08/06 18:40:58 +0000" in when["description"]
    maybe = a["properties"]["maybe"]["anyOf"]
    assert maybe[1] == {"type": "null"} and marked_date_format(maybe[0]["description"]) == "odd-datetime"


def test_only_the_json_entry_of_a_response_is_kept() -> None:
    lowered = lower_spec(build_api(SPEC, load_quirks(SPEC)))
    assert list(lowered["paths"]["/a"]["get"]["responses"]["200"]["content"]) == ["application/json"]


def test_the_spec_itself_is_untouched() -> None:
    before = yaml.safe_dump(SPEC)
    lower_spec(build_api(SPEC, load_quirks(SPEC)))
    assert yaml.safe_dump(SPEC) == before
