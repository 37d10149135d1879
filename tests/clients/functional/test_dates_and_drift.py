"""Quirks x-soundspec-dates and drift: the API's own datetime forms; unknown values and fields kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tests.clients.server import FixtureServer, json_answer
from tests.clients.support import spec_text

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
            schema: {$ref: "#/components/schemas/Item"}
/items:
  get:
    operationId: listItems
    tags: [items]
    parameters:
      - name: created_at[from]
        in: query
        schema: {type: string, format: query-datetime}
      - name: kind
        in: query
        schema: {$ref: "#/components/schemas/Kind"}
    responses:
      "200":
        description: Items.
        content:
          application/json:
            schema: {type: array, items: {$ref: "#/components/schemas/Item"}}
"""
COMPONENTS = """
schemas:
  Stamp:
    type: string
    format: zoned-datetime
    description: A timestamp.
  Kind:
    type: string
    enum: [loop, one-shot]
  Item:
    type: object
    required: [id, created_at, kind]
    additionalProperties: false
    properties:
      id: {type: integer}
      created_at: {$ref: "#/components/schemas/Stamp"}
      edited: {type: [string, "null"], format: plain-datetime}
      history: {type: array, items: {$ref: "#/components/schemas/Stamp"}}
      kind: {$ref: "#/components/schemas/Kind"}
      level: {type: [integer, "null"], enum: [1, 2, null]}
      marker: {type: boolean, const: true}
"""
QUIRKS = r"""
x-soundspec-dates:
  zoned-datetime:
    parse: ["%Y/%m/%d %H:%M:%S %z"]
    pattern: '^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$'
  plain-datetime:
    parse: ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
  query-datetime:
    parse: ["%Y-%m-%d %H:%M:%S"]
"""
SPEC = spec_text(PATHS, QUIRKS, COMPONENTS)
ITEM = {
    "id": 1,
    "created_at": "2011/01/08 01:01:25 +0000",
    "edited": "2006-05-08 05:19:13",
    "history": ["2013/08/06 18:40:58 -0230"],
    "kind": "loop",
    "level": 2,
    "marker": True,
}


def test_non_iso_forms_become_datetimes_and_are_written_back(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/1", json_answer(ITEM))
    with pkg.FragmentClient(base_url=server.url) as client:
        item = client.items.get_item(1)
    assert item.created_at == datetime(2011, 1, 8, 1, 1, 25, tzinfo=UTC)
    assert item.edited == datetime(2006, 5, 8, 5, 19, 13)
    assert item.history == [datetime(2013, 8, 6, 18, 40, 58, tzinfo=timezone(-timedelta(hours=2, minutes=30)))]
    assert item.to_dict() == ITEM


def test_a_field_in_another_known_form_still_parses(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/2", json_answer({**ITEM, "id": 2, "edited": "2014-10-07T10:00:00"}))
    with pkg.FragmentClient(base_url=server.url) as client:
        assert client.items.get_item(2).edited == datetime(2014, 10, 7, 10, 0, 0)


def test_a_datetime_query_parameter_is_sent_in_its_form(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items", json_answer([ITEM]))
    with pkg.FragmentClient(base_url=server.url) as client:
        client.items.list_items(created_at_from=datetime(2013, 3, 17, 18, 37, 51))
    assert server.seen[0].query["created_at[from]"] == ["2013-03-17 18:37:51"]


def test_unknown_enum_values_and_fields_are_kept(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    drifted = {**ITEM, "kind": "stem", "level": 3, "marker": False, "brand_new": {"x": [1]}}
    server.on("GET", "/items/3", json_answer(drifted))
    with pkg.FragmentClient(base_url=server.url) as client:
        item = client.items.get_item(3)
    assert isinstance(item.kind, pkg.models.Kind) and item.kind.value == "stem"
    assert pkg.models.Kind("stem") == item.kind  # a member of its own, not registered: each answer with it deviates
    assert "/kind" in [d.pointer for d in item.deviations]
    assert pkg.models.Kind("loop") is pkg.models.Kind.LOOP
    assert item["brand_new"] == {"x": [1]}
    assert item.to_dict() == drifted


def test_unknown_enum_values_in_lists(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items", json_answer([ITEM, {**ITEM, "kind": "drone"}]))
    with pkg.FragmentClient(base_url=server.url) as client:
        kinds = [i.kind.value for i in client.items.list_items()]
    assert kinds == ["loop", "drone"]
