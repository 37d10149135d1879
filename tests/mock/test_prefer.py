"""`Prefer: code=..., example=...` and the `__code` / `__example` switches, over real HTTP, for every
API of the config: every named example of every operation is answered as the spec writes it, every
declared status can be asked for, and what an operation does not declare is refused in the API's
error shape, with the reason in a header."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from generator.config import load_project
from generator.mock import MockApp, MockOptions, create_app
from generator.mock.compiled import Operation
from generator.mock.prefer import REASON

from .calls import Call, valid_call
from .conformance import problems
from .conftest import ROOT, Served

APIS = load_project(ROOT).apis


def examples(app: MockApp, op: Operation) -> list[tuple[str, str, Any]]:
    """(status key, example name, value) of every named example of `op`'s answers given in JSON."""
    found = []
    for key, response in op.responses.items():
        for media, entry in (app.api.model.resolve(response).get("content") or {}).items():
            for name, named in ((entry or {}).get("examples") or {}).items():
                example = app.api.model.resolve(named)
                if "json" in media and (name not in [f[1] for f in found if f[0] == key]):
                    found.append((key, name, example["value"]))
    return found


def reachable(app: MockApp) -> list[Operation]:
    """Operations a request without a body reaches (the rest need a body the spec alone cannot make valid)."""
    return [op for op in app.api.operations if not op.body_required]


def send(client: httpx.Client, call: Call, prefer: str | None = None, switches: str = "") -> httpx.Response:
    headers = {**call.headers, **({"Prefer": prefer} if prefer else {})}
    path = call.path + (("&" if "?" in call.path else "?") + switches if switches else "")
    return client.request(call.method, path, headers=headers)


@pytest.fixture(scope="module", params=[api.name for api in APIS])
def served(request: pytest.FixtureRequest) -> Any:
    api = next(a for a in APIS if a.name == request.param)
    app = create_app(api.name, api.spec, MockOptions(urls="mock"))
    with Served(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield app, client


def test_every_named_example_is_answered_as_written(served: tuple[MockApp, httpx.Client]) -> None:
    app, client = served
    asked = 0
    for op in reachable(app):
        call = valid_call(app, op)
        for i, (key, name, value) in enumerate(examples(app, op)):
            # the header, and the query switch for clients that cannot set one
            answer = (
                send(client, call, switches=f"__example={name}") if i % 2 else send(client, call, f"example={name}")
            )
            assert answer.status_code == int(key), (op.op_id, name, answer.text[:300])
            assert json.loads(answer.content) == value, (op.op_id, name)
            asked += 1
    assert asked >= len([op for op in reachable(app) if examples(app, op)])
    assert asked > 0, "no operation of this API has a named example: nothing was asked"


def test_every_declared_status_can_be_asked_for(served: tuple[MockApp, httpx.Client]) -> None:
    app, client = served
    for op in reachable(app):
        call = valid_call(app, op)
        for key in (k for k in op.responses if k.isdigit()):
            answer = send(client, call, f"code={key}")
            assert answer.status_code == int(key), (op.op_id, key, answer.text[:300])
            media = answer.headers.get("content-type", "")
            assert problems(app, op.op_id, int(key), media, answer.content) == [], (op.op_id, key)
            both = send(client, call, switches=f"__code={key}")
            assert (both.status_code, both.content) == (answer.status_code, answer.content), (op.op_id, key)


@pytest.mark.parametrize(
    ("prefer", "reason"),
    [
        ("code=299", "declares no 299 answer"),
        ("code=abc", "is not an HTTP status"),
        ("example=no-such-example", "no example 'no-such-example'"),
    ],
)
def test_what_an_operation_does_not_declare_is_refused_in_the_api_error_shape(
    served: tuple[MockApp, httpx.Client], prefer: str, reason: str
) -> None:
    app, client = served
    for op in reachable(app):
        call = valid_call(app, op)
        plain = send(client, call)
        answer = send(client, call, prefer)
        status = app.shaper.http_status(400, op)
        assert answer.status_code == status, (op.op_id, answer.text[:300])
        assert reason in answer.headers[REASON], (op.op_id, answer.headers)
        assert answer.content != plain.content, op.op_id
        media = answer.headers.get("content-type", "")
        assert problems(app, op.op_id, status, media, answer.content) == [], (op.op_id, answer.text[:300])
        # the query switch is refused alike
        key, _, value = prefer.partition("=")
        switched = send(client, call, switches=f"__{key}={value}")
        assert (switched.status_code, switched.headers[REASON]) == (answer.status_code, answer.headers[REASON])


def test_unknown_preferences_are_ignored(served: tuple[MockApp, httpx.Client]) -> None:
    """RFC 7240: a server ignores a preference it does not know (`return=minimal`, `respond-async`)."""
    app, client = served
    op = reachable(app)[0]
    call = valid_call(app, op)
    plain = send(client, call)
    other = send(client, call, "return=minimal, respond-async, wait=5")
    assert (other.status_code, other.content) == (plain.status_code, plain.content)
