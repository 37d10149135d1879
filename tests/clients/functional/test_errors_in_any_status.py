"""x-soundspec-errors `when`/`code`/`codes`/`warnings`: errors recognised by the body, in any status."""

from __future__ import annotations

from importlib import import_module

import pytest

from tests.clients.server import FixtureServer, json_answer
from tests.dispatch_fixture import TUNEBASE


def _pkg(fragment):  # type: ignore[no-untyped-def]
    return fragment(TUNEBASE.read_text(encoding="utf-8"))


def _raised(pkg, server: FixtureServer, body: dict[str, object]) -> BaseException:  # type: ignore[no-untyped-def]
    server.on("GET", "/", json_answer(body))
    with (
        pkg.TunebaseClient(api_key="a-test-key", base_url=server.url) as client,
        pytest.raises(pkg.TunebaseError) as caught,
    ):
        client.user.user_get_info(user="rj")
    return caught.value


def test_an_error_inside_a_200_raises_the_class_its_code_maps_to(fragment, server: FixtureServer) -> None:
    pkg = _pkg(fragment)
    err = _raised(pkg, server, {"error": 10, "message": "Invalid API key"})
    assert isinstance(err, pkg.InvalidApiKeyError) and isinstance(err, pkg.AuthenticationError)
    assert (err.status, err.http_status, err.code, err.message, err.retryable) == (
        401,
        200,
        "10",
        "Invalid API key",
        False,
    )


def test_a_code_of_a_kind_that_may_pass_is_marked_retryable(fragment, server: FixtureServer) -> None:
    pkg = _pkg(fragment)
    err = _raised(pkg, server, {"error": 29, "message": "Rate limit exceeded"})
    assert isinstance(err, pkg.RateLimitExceededError)
    assert (err.status, err.retryable) == (429, True)


def test_an_operation_s_own_codes_win(fragment, server: FixtureServer) -> None:
    pkg = _pkg(fragment)
    server.on("GET", "/", json_answer({"error": 6, "message": "Track not found"}))
    with pkg.TunebaseClient(api_key="a-test-key", base_url=server.url) as client:
        with pytest.raises(pkg.TrackNotFoundError) as track:
            client.track.track_get_info(artist="Cher", track="Nope")
        with pytest.raises(pkg.InvalidParametersError) as user:
            client.user.user_get_info(user="rj")
    assert (track.value.status, user.value.status) == (404, 400)
    assert isinstance(track.value, pkg.NotFoundError) and isinstance(user.value, pkg.BadRequestError)


def test_an_error_in_a_4xx_reads_the_same_rule(fragment, server: FixtureServer) -> None:
    pkg = _pkg(fragment)
    server.on("GET", "/", json_answer({"error": 11, "message": "Service offline"}, status=400))
    client = pkg.TunebaseClient(api_key="a-test-key", base_url=server.url, max_retries=0)
    with client, pytest.raises(pkg.ServiceOfflineError) as caught:
        client.user.user_get_info(user="rj")
    assert (caught.value.status, caught.value.http_status, caught.value.retryable) == (503, 400, True)


def test_a_success_with_warnings_gives_them_to_the_caller(fragment, server: FixtureServer) -> None:
    pkg = _pkg(fragment)
    server.on("GET", "/", json_answer({"user": {"name": "rj", "playcount": 3}, "warnings": ["approximate"]}))
    module = import_module(f"{pkg.__name__}.api.user.user_get_info")
    with pkg.TunebaseClient(api_key="a-test-key", base_url=server.url) as client:
        answer = module.sync_detailed(client=client, user="rj")
    assert answer.parsed.user.playcount == 3
    assert answer.warnings == ("approximate",)
