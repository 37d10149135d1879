"""Every mock, in-process, against the hostile-request corpus: refusals in its error shape, no 5xx, no trace."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httpx
import pytest

from .corpus import KINDS, Input, api_names, assert_api_error, counts, inputs, mock, targets

APIS = api_names()
HTTP_KINDS = [kind for kind in KINDS if kind != "wire"]  # wire inputs need a real server: test_wire_requests


def send(name: str, item: Input, authenticated: bool) -> list[httpx.Response]:
    """The requests `item` makes of API `name` (hosts: the slash path and the read path)."""
    where = targets(name)
    headers = {k: item.text_of(v) for k, v in (item.fields.get("headers") or {}).items()}
    headers |= {f"x-many-{i}": "a" * 50 for i in range(int(item.fields.get("many", 0)))}
    requests: list[tuple[str, str, bytes | None]] = []
    if item.kind == "bodies":
        headers["content-type"] = item.text("content-type")
        requests.append((where.body_method, where.url(where.body, authenticated), item.data("body")))
    elif item.kind == "hosts":
        headers["host"] = item.text("host")
        requests += [("GET", where.url(path, authenticated), None) for path in (where.slash, where.read)]
    else:
        url = where.url(where.read, authenticated)
        if "query" in item.fields:
            url += ("&" if "?" in url else "?") + item.text("query")
        requests.append(("GET", url, None))

    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=mock(name))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            return [
                await client.send(client.build_request(method, url, headers=headers, content=content))
                for method, url, content in requests
            ]

    return asyncio.run(go())


CASES = [(kind, item.name) for kind in HTTP_KINDS for item in inputs(kind)]


@pytest.mark.parametrize("authenticated", [False, True], ids=["anonymous", "credentials"])
@pytest.mark.parametrize(("kind", "input_name"), CASES)
@pytest.mark.parametrize("name", APIS)
def test_hostile_requests_are_refused_in_the_apis_shape(
    name: str, kind: str, input_name: str, authenticated: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    item = next(i for i in inputs(kind) if i.name == input_name)
    for response in send(name, item, authenticated):
        assert_api_error(name, response, f"{kind}/{input_name}")
        if kind == "hosts":
            # a Location names the host the request reached, never the one the request claimed
            location = response.headers.get("location", "")
            assert "evil" not in location and "@" not in location, location
            assert not location or urlsplit(location).path.startswith(targets(name).prefix + "/")
    assert "Traceback" not in capsys.readouterr().err


def test_the_corpus_counts_its_inputs() -> None:
    found = counts()
    print("hostile requests per kind:", found)  # shown with -s; the report quotes it
    assert set(found) == set(KINDS) and all(n >= 8 for n in found.values()), found


def test_some_configured_api_takes_request_bodies() -> None:
    """The test below runs on the APIs that take bodies: it must run on one at least."""
    assert [name for name in APIS if targets(name).takes_bodies]


@pytest.mark.parametrize("name", [name for name in APIS if targets(name).takes_bodies])
def test_credentials_are_checked_before_a_body_is_parsed(name: str) -> None:
    app = mock(name)
    missing = app.api.quirks.auth.failures["missing"] if app.api.quirks.auth else None
    deep = next(i for i in inputs("bodies") if i.name == "JSON nested 100000 deep")
    (response,) = send(name, deep, authenticated=False)
    assert response.status_code == (missing.status if missing else 401)
    (response,) = send(name, deep, authenticated=True)
    assert response.status_code == 400
