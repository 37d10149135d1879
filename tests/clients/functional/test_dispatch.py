"""x-soundspec-dispatch in the client: one typed method per operation, sent to the shared path with its value."""

from __future__ import annotations

import inspect

from tests.clients.server import FixtureServer, json_answer
from tests.dispatch_fixture import TUNEBASE


def test_each_dispatched_operation_is_its_own_method_sent_to_the_shared_path(fragment, server: FixtureServer) -> None:
    pkg = fragment(TUNEBASE.read_text(encoding="utf-8"))
    server.on("GET", "/", json_answer({"track": {"name": "Believe", "artist": "Cher", "listeners": 3}}))
    with pkg.TunebaseClient(api_key="a-test-key", base_url=server.url) as client:
        # the dispatch value is the runtime's: not an argument, always sent
        assert "method" not in inspect.signature(client.track.track_get_info).parameters
        got = client.track.track_get_info(artist="Cher", track="Believe")
    assert got.track.listeners == 3
    seen = server.seen[0]
    assert seen.path == "/"
    assert seen.query == {
        "method": ["track.getInfo"],
        "artist": ["Cher"],
        "track": ["Believe"],
        "api_key": ["a-test-key"],
        "format": ["json"],  # the server's default is XML: the client asks for JSON by name
    }


def test_another_operation_on_the_path_sends_its_own_value_and_parameters(fragment, server: FixtureServer) -> None:
    pkg = fragment(TUNEBASE.read_text(encoding="utf-8"))
    server.on("GET", "/", json_answer({"user": {"name": "rj", "playcount": 9}}))
    with pkg.TunebaseClient(api_key="a-test-key", base_url=server.url) as client:
        got = client.user.user_get_info(user="rj")
    assert got.user.playcount == 9
    assert server.seen[0].query["method"] == ["user.getInfo"]
