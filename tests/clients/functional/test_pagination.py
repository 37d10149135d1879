"""Quirk x-soundspec-pagination: iterate items across pages, sync and async, within the API's limits."""

from __future__ import annotations

import asyncio

from tests.clients.server import FixtureServer, json_answer
from tests.clients.support import spec_text

NEXT_LINK_PATHS = """
/items/:
  get:
    operationId: listItems
    tags: [items]
    parameters:
      - {name: q, in: query, schema: {type: string}}
      - {name: p, in: query, schema: {type: integer, default: 1}}
      - {name: per_page, in: query, schema: {type: integer, default: 30}}
    responses:
      "200":
        description: A page.
        content:
          application/json:
            schema:
              type: object
              required: [items, count]
              properties:
                items: {type: array, items: {$ref: "#/components/schemas/Item"}}
                count: {type: integer}
                next: {type: string}
                previous: {type: string}
"""
ITEM = """
schemas:
  Item:
    type: object
    required: [id]
    properties:
      id: {type: integer}
securitySchemes:
  key: {type: apiKey, in: query, name: api_key}
"""
NEXT_LINK = spec_text(
    NEXT_LINK_PATHS,
    """
security: [{key: []}]
x-soundspec-auth:
  credentials: [{argument: api_key, schemes: {query: key}}]
x-soundspec-pagination:
  style: next-link
  next: next
  previous: previous
  page-param: p
  size-param: per_page
  max-size: 4
  links-carry-credentials: false
""",
    ITEM,
)


def paged(server: FixtureServer, total: int, public: str) -> None:
    """Pages of `per_page` items whose links name the API's public host, never the key."""

    def answer(seen):
        page = int(seen.query.get("p", ["1"])[0])
        size = int(seen.query.get("per_page", ["30"])[0])
        ids = list(range((page - 1) * size, min(page * size, total)))
        body = {"items": [{"id": i} for i in ids], "count": total}
        if page * size < total:
            body["next"] = f"{public}/items/?q=x&p={page + 1}&per_page={size}"
        return json_answer(body)

    server.on("GET", "/items/", answer)


def test_next_links_are_followed_on_the_configured_host_with_the_key(fragment, server: FixtureServer) -> None:
    pkg = fragment(NEXT_LINK)
    paged(server, total=10, public="http://api.example.test/v1")
    with pkg.FragmentClient(api_key="KEY", base_url=server.url) as client:
        ids = [item.id for item in client.items.list_items_iter(q="x", per_page=3)]
    assert ids == list(range(10))
    assert [s.query["p"] for s in server.seen] == [["1"], ["2"], ["3"], ["4"]]
    assert all(s.query["api_key"] == ["KEY"] for s in server.seen)


def test_the_page_size_is_kept_within_the_maximum(fragment, server: FixtureServer) -> None:
    pkg = fragment(NEXT_LINK)
    paged(server, total=9, public="http://api.example.test/v1")
    with pkg.FragmentClient(api_key="KEY", base_url=server.url) as client:
        pages = list(client.items.list_items_iter(per_page=50).iter_pages())
    assert [len(page.items) for page in pages] == [4, 4, 1]
    assert server.seen[0].query["per_page"] == ["4"]


def test_async_iteration(fragment, server: FixtureServer) -> None:
    pkg = fragment(NEXT_LINK)
    paged(server, total=7, public="http://api.example.test/v1")

    async def collect() -> list[int]:
        async with pkg.AsyncFragmentClient(api_key="KEY", base_url=server.url) as client:
            first = await client.items.list_items_iter(per_page=2).first_page()
            assert first.count == 7
            return [item.id async for item in client.items.list_items_iter(per_page=2)]

    assert asyncio.run(collect()) == list(range(7))


def test_a_link_to_another_host_is_followed_without_credentials(fragment, server: FixtureServer, other_server) -> None:
    pkg = fragment(NEXT_LINK)
    server.on("GET", "/items/", json_answer({"items": [{"id": 1}], "count": 2, "next": f"{other_server.url}/more"}))
    other_server.on("GET", "/more", json_answer({"items": [{"id": 2}], "count": 2}))
    with pkg.FragmentClient(api_key="KEY", base_url=server.url) as client:
        assert [i.id for i in client.items.list_items_iter()] == [1, 2]
    assert other_server.seen[0].query == {}


OFFSET_PATHS = """
/things:
  get:
    operationId: listThings
    tags: [items]
    parameters:
      - {name: limit, in: query, schema: {type: integer, default: 5}}
      - {name: offset, in: query, schema: {type: integer, default: 0}}
      - {name: linked, in: query, schema: {type: integer, const: 1}}
    responses:
      "200":
        description: Things.
        content:
          application/json:
            schema:
              oneOf:
                - {type: array, items: {$ref: "#/components/schemas/Item"}}
                - $ref: "#/components/schemas/LinkedItems"
"""
OFFSET = spec_text(
    OFFSET_PATHS,
    """
x-soundspec-pagination:
  style: offset-limit
  limit-param: limit
  offset-param: offset
  default-limit: 5
  max-limit: 10
  max-offset: 20
  linked: {param: linked, value: "1", collection: collection, next: next_href}
""",
    """
schemas:
  Item:
    type: object
    required: [id]
    properties:
      id: {type: integer}
  LinkedItems:
    type: object
    required: [collection]
    properties:
      collection: {type: array, items: {$ref: "#/components/schemas/Item"}}
      next_href: {type: [string, "null"]}
""",
)


def offsets(server: FixtureServer, total: int) -> None:
    def answer(seen):
        limit = int(seen.query["limit"][0])
        offset = int(seen.query.get("offset", ["0"])[0])
        items = [{"id": i} for i in range(offset, min(offset + limit, total))]
        if "linked" not in seen.query:
            return json_answer(items)
        nxt = f"{server.url}/things?linked=1&limit={limit}&offset={offset + limit}" if offset + limit < total else None
        return json_answer({"collection": items, "next_href": nxt})

    server.on("GET", "/things", answer)


def test_offsets_advance_until_a_short_page(fragment, server: FixtureServer) -> None:
    pkg = fragment(OFFSET)
    offsets(server, total=13)
    with pkg.FragmentClient(base_url=server.url) as client:
        assert [t.id for t in client.items.list_things_iter(limit=4)] == list(range(13))
    assert [s.query["offset"] for s in server.seen] == [["0"], ["4"], ["8"], ["12"]]


def test_offsets_stop_at_the_maximum_offset(fragment, server: FixtureServer) -> None:
    pkg = fragment(OFFSET)
    offsets(server, total=100)
    with pkg.FragmentClient(base_url=server.url) as client:
        ids = [t.id for t in client.items.list_things_iter(limit=500)]
    assert server.seen[0].query["limit"] == ["10"]
    assert [s.query["offset"] for s in server.seen] == [["0"], ["10"], ["20"]]
    assert ids == list(range(30))


def test_the_linked_form_follows_next_href(fragment, server: FixtureServer) -> None:
    pkg = fragment(OFFSET)
    offsets(server, total=12)
    with pkg.FragmentClient(base_url=server.url) as client:
        assert [t.id for t in client.items.list_things_iter(limit=5, linked=1)] == list(range(12))
    assert [s.query["offset"] for s in server.seen] == [["0"], ["5"], ["10"]]
