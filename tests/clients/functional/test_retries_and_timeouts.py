"""Retries (backoff, jitter, Retry-After, idempotent methods only) and timeouts, per client and per call."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from tests.clients.server import Answer, FixtureServer, json_answer
from tests.clients.support import spec_text

PATHS = """
/items/{item_id}:
  get:
    operationId: getItem
    tags: [items]
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: integer}}
      - {name: request_id, in: query, schema: {type: string}}
    responses:
      "200":
        description: One item.
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
      "503":
        description: Busy.
        content:
          application/json:
            schema: {type: object, properties: {message: {type: string}}}
  delete:
    operationId: deleteItem
    tags: [items]
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: integer}}
    responses:
      "200":
        description: Deleted.
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
/items:
  post:
    operationId: createItem
    tags: [items]
    responses:
      "201":
        description: Created.
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
"""
SPEC = spec_text(PATHS, "x-soundspec-request-id: {param: request_id, field: request_id}")
BUSY = json_answer({"message": "busy"}, status=503)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the runtime waits between attempts (recorded instead of slept)."""
    recorded: list[float] = []

    async def nap(delay: float) -> None:
        recorded.append(delay)

    def pause(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr("time.sleep", pause)
    monkeypatch.setattr("anyio.sleep", nap)
    return recorded


def test_503_429_504_are_retried_with_growing_jittered_delays(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/1", BUSY, json_answer({}, status=429), json_answer({}, status=504), json_answer({"id": 1}))
    policy = pkg.RetryPolicy(max_retries=3, initial_delay=1.0, max_delay=3.0, jitter=0.5)
    with pkg.FragmentClient(base_url=server.url, retry=policy) as client:
        assert client.items.get_item(1).id == 1
    assert len(server.seen) == 4
    assert len(waits) == 3
    for delay, ceiling in zip(waits, (1.0, 2.0, 3.0), strict=True):
        assert ceiling * 0.5 <= delay <= ceiling


def test_retry_after_is_honoured(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    server.on(
        "GET",
        "/items/2",
        Answer(503, b"{}", {"Retry-After": "7", "Content-Type": "application/json"}),
        json_answer({"id": 2}),
    )
    with pkg.FragmentClient(base_url=server.url) as client:
        assert client.items.get_item(2).id == 2
    assert waits == [7.0]


def test_a_retry_after_past_the_limit_raises_instead_of_waiting(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/3", Answer(503, b"{}", {"Retry-After": "3600", "Content-Type": "application/json"}))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.ServiceUnavailableError):
        client.items.get_item(3)
    assert waits == [] and len(server.seen) == 1


def test_retries_give_up_after_max_retries_per_client_and_per_call(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/4", BUSY)
    with pkg.FragmentClient(base_url=server.url, max_retries=2) as client:
        with pytest.raises(pkg.ServiceUnavailableError):
            client.items.get_item(4)
        assert len(server.seen) == 3
        with pytest.raises(pkg.ServiceUnavailableError):
            client.with_options(max_retries=0).items.get_item(4)
        assert len(server.seen) == 4


def test_non_idempotent_methods_are_not_retried_unless_asked(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    server.on("POST", "/items", json_answer({}, status=504))
    with pkg.FragmentClient(base_url=server.url) as client:
        with pytest.raises(pkg.GatewayTimeoutError):
            client.items.create_item()
        assert len(server.seen) == 1
        everything = pkg.RetryPolicy(methods=frozenset({"GET", "POST"}), max_retries=1)
        with pytest.raises(pkg.GatewayTimeoutError):
            client.with_options(retry=everything).items.create_item()
        assert len(server.seen) == 3


def test_delete_is_idempotent(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    server.on("DELETE", "/items/5", BUSY, json_answer({"id": 5}))
    with pkg.FragmentClient(base_url=server.url) as client:
        assert client.items.delete_item(5).id == 5


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_errors_are_retried_then_raised(fragment, waits) -> None:
    pkg = fragment(SPEC)
    client = pkg.FragmentClient(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=2)
    with client, pytest.raises(pkg.APIConnectionError) as caught:
        client.items.get_item(6)
    assert len(waits) == 2
    assert not isinstance(caught.value, pkg.APITimeoutError)
    assert caught.value.method == "GET"


def test_async_retries(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/7", BUSY, json_answer({"id": 7}))

    async def call() -> int:
        async with pkg.AsyncFragmentClient(base_url=server.url) as client:
            return (await client.items.get_item(7)).id

    assert asyncio.run(call()) == 7
    assert len(waits) == 1


def test_timeouts_per_client_and_per_call(fragment, server: FixtureServer, waits) -> None:
    pkg = fragment(SPEC)
    gate = threading.Event()
    server.on("GET", "/items/8", Answer(200, b'{"id": 8}', {"Content-Type": "application/json"}, gate=gate))
    try:
        with pkg.FragmentClient(base_url=server.url, timeout=0.2, max_retries=0) as client:
            with pytest.raises(pkg.APITimeoutError) as caught:
                client.items.get_item(8)
            assert "ReadTimeout" in str(caught.value) or "timed out" in str(caught.value)
            assert client.options.timeout.read == 0.2
            assert client.with_options(timeout=30).options.timeout.read == 30
            assert client.options.timeout.read == 0.2
        client = pkg.FragmentClient(base_url=server.url, max_retries=0)
        with client, pytest.raises(pkg.APITimeoutError):
            client.with_options(timeout=0.2).items.get_item(8)
    finally:
        gate.set()


def test_async_timeouts(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    gate = threading.Event()
    server.on("GET", "/items/10", Answer(200, b'{"id": 10}', {"Content-Type": "application/json"}, gate=gate))

    async def call() -> None:
        async with pkg.AsyncFragmentClient(base_url=server.url, max_retries=0) as client:
            await client.with_options(timeout=0.2).items.get_item(10)

    try:
        with pytest.raises(pkg.APITimeoutError):
            asyncio.run(call())
    finally:
        gate.set()


def test_the_request_id_and_header_options_are_sent(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/9", json_answer({"id": 9, "request_id": "abc"}))
    with pkg.FragmentClient(base_url=server.url, headers={"X-App": "a"}) as client:
        item = client.with_options(request_id="abc", headers={"X-Call": "c"}).items.get_item(9)
    assert server.seen[0].query["request_id"] == ["abc"]
    assert (server.seen[0].headers["x-app"], server.seen[0].headers["x-call"]) == ("a", "c")
    assert item["request_id"] == "abc"


def test_the_request_id_goes_only_where_the_operation_declares_it(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("DELETE", "/items/9", json_answer({"id": 9}))
    with pkg.FragmentClient(base_url=server.url) as client:
        client.with_options(request_id="abc").items.delete_item(9)
    assert "request_id" not in server.seen[0].query
