"""Paging whose records, total and next link sit at JSON pointers inside an envelope, for the
next-link and offset-limit styles: a client generated from a small spec, against the generic mock
of the same spec over real HTTP, stops at the end and never asks for a page past it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.mock import create_app
from tests.clients.support import ServedApp, generate_package, spec_text

RECORDS = ", ".join(f"{{id: {i}, name: item{i}}}" for i in range(1, 5))

NEXT_LINK = spec_text(
    f"""
    /items:
      get:
        operationId: listItems
        tags: [items]
        parameters:
          - {{name: page, in: query, schema: {{type: integer, minimum: 1}}}}
          - {{name: per_page, in: query, schema: {{type: integer, minimum: 1, maximum: 50}}}}
        responses:
          "200":
            description: One page.
            content:
              application/json:
                schema: {{$ref: "#/components/schemas/ItemPage"}}
                example:
                  data:
                    results: [{RECORDS}]
                  meta: {{total: 10, links: {{next: null}}}}
    """,
    quirks="""
    x-soundspec-pagination:
      style: next-link
      next: /meta/links/next
      items: /data/results
      total: /meta/total
      page-param: page
      size-param: per_page
      max-size: 50
    """,
    components="""
      schemas:
        Item:
          type: object
          required: [id, name]
          properties: {id: {type: integer}, name: {type: string}}
        ItemPage:
          type: object
          required: [data, meta]
          properties:
            data:
              type: object
              required: [results]
              properties: {results: {type: array, items: {$ref: "#/components/schemas/Item"}}}
            meta:
              type: object
              required: [total, links]
              properties:
                total: {type: integer}
                links:
                  type: object
                  required: [next]
                  properties: {next: {type: [string, "null"]}}
    """,
)

OFFSET = (
    NEXT_LINK.replace("name: page, in: query", "name: offset, in: query")
    .replace("name: per_page, in: query", "name: limit, in: query")
    .replace(
        """  style: next-link
  next: /meta/links/next
  items: /data/results
  total: /meta/total
  page-param: page
  size-param: per_page
  max-size: 50""",
        """  style: offset-limit
  limit-param: limit
  offset-param: offset
  max-limit: 50
  items: /data/results
  total: /meta/total""",
    )
)


class _Counting(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[dict[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(dict(request.url.params))
        return super().handle_request(request)


@pytest.mark.parametrize(
    ("text", "size", "step"),
    [(NEXT_LINK, "per_page", "page"), (OFFSET, "limit", "offset")],
    ids=["next-link", "offset-limit"],
)
def test_records_and_totals_at_pointers_page_to_the_end(tmp_path: Path, text: str, size: str, step: str) -> None:
    pkg: Any = generate_package(tmp_path, text)
    (tmp_path / "served.yaml").write_text(text, encoding="utf-8")
    counting = _Counting()
    with ServedApp(create_app("fragment", tmp_path / "served.yaml")) as served:
        client = pkg.FragmentClient(base_url=served.url + "/v1", transport=counting)
        with client:
            pager = client.items.list_items_iter(**{size: 4})
            items = list(pager)
    # the example's four records repeated up to its total of ten: pages of 4, 4 and 2
    assert [item.id for item in items] == [1, 2, 3, 4, 1, 2, 3, 4, 1, 2]
    assert len(counting.asked) == 3
    steps = [asked.get(step) for asked in counting.asked]
    assert steps == ([None, "2", "3"] if step == "page" else [None, "4", "8"])
    assert all(asked.get(size) == "4" for asked in counting.asked)
