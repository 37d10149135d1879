"""Quirk x-soundspec-errors: typed errors raised by the plain call, with the real status and the body."""

from __future__ import annotations

import pytest

from tests.clients.server import FixtureServer, json_answer, text_answer
from tests.clients.support import spec_text

PATHS = """
/items/{item_id}/:
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
            schema: {type: object, properties: {id: {type: integer}}}
      "400":
        description: Every error, whatever its logical status.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Error"}
"""
COMPONENTS = """
schemas:
  Error:
    type: object
    required: [status_code, explanation, type]
    properties:
      status_code: {type: integer}
      explanation: {type: string}
      type: {type: string, enum: [NotFound, Broken, Nope]}
"""
ENVELOPE = """
x-soundspec-errors:
  schema: '#/components/schemas/Error'
  http-status: 400
  status: /status_code
  message: [/explanation]
  type: /type
  types:
    NotFound: {status: 404, class: NotFoundError}
    Broken: {status: 500, class: BrokenError}
"""
SPEC = spec_text(PATHS, ENVELOPE, COMPONENTS)


def test_the_logical_status_in_the_body_picks_the_class(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    body = {"status_code": 404, "explanation": "Item with id 3 does not exist.", "type": "NotFound"}
    server.on("GET", "/items/3/", json_answer(body, status=400))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.NotFoundError) as caught:
        client.items.get_item(3)
    err = caught.value
    assert isinstance(err, pkg.APIStatusError) and isinstance(err, pkg.FragmentError)
    assert (err.status, err.http_status, err.type, err.message) == (404, 400, "NotFound", body["explanation"])
    assert err.body is not None and err.body.explanation == body["explanation"]
    assert err.data == body
    assert (err.method, err.url) == ("GET", f"{server.url}/items/3/")
    assert str(err) == f"404 NotFound: {body['explanation']} [GET {server.url}/items/3/ (HTTP 400)]"


def test_an_error_type_refines_the_status_class(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/4/", json_answer({"status_code": 500, "explanation": "x", "type": "Broken"}, status=400))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.BrokenError) as caught:
        client.items.get_item(4)
    assert isinstance(caught.value, pkg.InternalServerError) and isinstance(caught.value, pkg.ServerError)
    assert issubclass(pkg.BrokenError, pkg.InternalServerError)


def test_a_type_answered_with_another_status_is_both(fragment, server: FixtureServer) -> None:
    # Freesound's SimilarityError came as 400, 404 or 500: `except NotFoundError` must see the 404 one
    pkg = fragment(SPEC)
    gone = {"status_code": 404, "explanation": "gone", "type": "Broken"}
    server.on("GET", "/items/6/", json_answer(gone, status=400))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.NotFoundError) as caught:
        client.items.get_item(6)
    err = caught.value
    assert isinstance(err, pkg.BrokenError)  # `except BrokenError` still sees it
    assert (type(err).__name__, err.status, err.type) == ("BrokenError", 404, "Broken")
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.NotFoundError) as again:
        client.items.get_item(6)
    assert type(again.value) is type(err)  # one class per pair, not one per error


def test_an_unknown_type_falls_back_to_the_status(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/5/", json_answer({"status_code": 409, "explanation": "busy", "type": "Nope"}, status=400))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.ConflictError) as caught:
        client.items.get_item(5)
    assert caught.value.status == 409


def test_a_body_without_the_envelope_keeps_the_http_status(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/6/", text_answer("<html>Bad Gateway</html>", "text/html", status=502))
    with pkg.FragmentClient(base_url=server.url, max_retries=0) as client, pytest.raises(pkg.ServerError) as caught:
        client.items.get_item(6)
    err = caught.value
    assert (err.status, err.http_status, err.body) == (502, 502, None)
    assert "Bad Gateway" in err.message


def test_errors_are_raised_by_async_calls_too(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on(
        "GET", "/items/7/", json_answer({"status_code": 404, "explanation": "gone", "type": "NotFound"}, status=400)
    )

    async def call() -> None:
        async with pkg.AsyncFragmentClient(base_url=server.url) as client:
            await client.items.get_item(7)

    import asyncio

    with pytest.raises(pkg.NotFoundError):
        asyncio.run(call())


def test_the_errors_module_draws_its_tree(fragment) -> None:
    pkg = fragment(SPEC)
    doc = pkg.errors.__doc__
    assert "FragmentError\n    FormatError" in doc
    assert "        NotFoundError (404)" in doc
    assert "            BrokenError (type Broken)" in doc
    for name in pkg.errors.__all__:
        assert name in doc, name
