"""The SoundCloud mock's resources: what a write creates is there until it is deleted, lists lead to
their items, every id the spec's examples name exists, and the answers to refused input."""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from generator.apimodel import iter_operation_nodes
from generator.mock import MockApp, create_app
from generator.refs import deref
from generator.yamlsource import load_file

from .conftest import SC_CLIENT, SC_TOKEN, SPECS, call

SPEC = load_file(SPECS["soundcloud"])[0]
T = f"oauth_token={SC_TOKEN}"
AUDIO = {"track[asset_data]": ("take.wav", b"RIFF0000WAVE", "audio/wav")}


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def gone(app: MockApp, url: str) -> None:
    response = call(app, "GET", url)
    assert response.status_code == 404, response.text


def _track(app: MockApp) -> int:
    created = call(app, "POST", f"/tracks?{T}", data={"track[title]": "Take one"}, files=AUDIO)
    return int(ok(created, 201)["id"])


def test_a_track_is_there_until_it_is_deleted(soundcloud_fresh: MockApp) -> None:
    app = soundcloud_fresh
    track_id = _track(app)
    assert ok(call(app, "GET", f"/tracks/{track_id}?{T}"))["title"] == "Take one"
    form = {"content": b"", "headers": {"content-type": "application/x-www-form-urlencoded"}}
    assert (
        ok(call(app, "PUT", f"/tracks/{track_id}?{T}", **form))["title"] == "Take one"
    )  # nothing sent, nothing changed
    assert ok(call(app, "PUT", f"/tracks/{track_id}?{T}", data={"track[title]": "Take two"}))["title"] == "Take two"
    assert ok(call(app, "DELETE", f"/tracks/{track_id}?{T}")) == {"status": "200 - OK"}
    gone(app, f"/tracks/{track_id}?{T}")
    assert call(app, "DELETE", f"/tracks/{track_id}?{T}").status_code == 404


@pytest.mark.parametrize(
    ("collection", "form", "field", "changed"),
    [
        ("/playlists", {"playlist[title]": "Walks", "playlist[tracks][][id]": "104286869"}, "title", "playlist"),
        ("/groups", {"group[name]": "Field recordists"}, "name", "group"),
    ],
)
def test_playlists_and_groups_are_there_until_they_are_deleted(
    soundcloud_fresh: MockApp, collection: str, form: dict[str, str], field: str, changed: str
) -> None:
    app = soundcloud_fresh
    created = ok(call(app, "POST", f"{collection}?{T}", data=form), 201)
    url = f"{collection}/{created['id']}"
    assert ok(call(app, "GET", f"{url}?{T}"))[field] == created[field]
    assert ok(call(app, "PUT", f"{url}?{T}", data={f"{changed}[{field}]": "Renamed"}))[field] == "Renamed"
    assert ok(call(app, "DELETE", f"{url}?{T}")) == {"status": "200 - OK"}
    gone(app, f"{url}?{T}")


def test_a_comment_is_there_under_its_track_until_it_is_deleted(soundcloud_fresh: MockApp) -> None:
    app = soundcloud_fresh
    created = ok(call(app, "POST", f"/tracks/104286869/comments?{T}", data={"comment[body]": "Lovely"}), 201)
    assert ok(call(app, "GET", f"/tracks/104286869/comments/{created['id']}?{T}"))["body"] == "Lovely"
    assert ok(call(app, "GET", f"/comments/{created['id']}?{T}"))["track_id"] == 104286869
    assert ok(call(app, "DELETE", f"/tracks/104286869/comments/{created['id']}?{T}")) == {"status": "200 - OK"}
    gone(app, f"/comments/{created['id']}?{T}")


def test_a_web_profile_is_listed_until_it_is_removed(soundcloud_fresh: MockApp) -> None:
    app = soundcloud_fresh
    form = {"web-profile[url]": "http://example.com/me", "web-profile[title]": "Home"}
    created = ok(call(app, "POST", f"/me/web-profiles?{T}", data=form), 201)
    assert created["kind"] == "web-profile" and created["url"] == "http://example.com/me"
    assert created["id"] in [p["id"] for p in ok(call(app, "GET", f"/users/1561/web-profiles?{T}"))]
    assert ok(call(app, "DELETE", f"/me/web-profiles/{created['id']}?{T}")) == {"status": "200 - OK"}
    assert created["id"] not in [p["id"] for p in ok(call(app, "GET", f"/me/web-profiles?{T}"))]
    assert call(app, "DELETE", f"/me/web-profiles/{created['id']}?{T}").status_code == 404


def test_contributions_wait_for_moderation_and_can_be_withdrawn(soundcloud_fresh: MockApp) -> None:
    app = soundcloud_fresh
    track_id = _track(app)
    ok(call(app, "POST", f"/groups/3/contributions?{T}", data={"track[id]": str(track_id)}), 201)
    assert track_id in [t["id"] for t in ok(call(app, "GET", f"/groups/3/pending_tracks?{T}"))]  # group 3 is moderated
    assert ok(call(app, "GET", f"/groups/3/contributions/{track_id}?{T}"))["id"] == track_id
    assert ok(call(app, "PUT", f"/groups/3/pending_tracks/{track_id}?{T}"))["id"] == track_id
    assert track_id in [t["id"] for t in ok(call(app, "GET", f"/groups/3/tracks?{T}"))]
    assert ok(call(app, "DELETE", f"/groups/3/contributions/{track_id}?{T}")) == {"status": "200 - OK"}
    gone(app, f"/groups/3/contributions/{track_id}?{T}")
    others = call(app, "POST", f"/groups/3/contributions?{T}", data={"track[id]": "8858260"})  # diplo's track
    assert others.status_code == 403


def test_only_moderators_change_a_group_and_only_its_creator_deletes_it(soundcloud: MockApp) -> None:
    group = next(g for g in ok(call(soundcloud, "GET", f"/groups?{T}&limit=200")) if g["id"] != 3)
    assert call(soundcloud, "PUT", f"/groups/{group['id']}?{T}", data={"group[name]": "Mine"}).status_code == 403
    assert call(soundcloud, "DELETE", f"/groups/3?{T}").status_code == 403  # moderated by Jxnblk, created by matas


@pytest.mark.parametrize(
    ("page", "pointer", "item"),
    [
        ("/tracks", "id", "/tracks/{}"),
        ("/users", "id", "/users/{}"),
        ("/playlists", "id", "/playlists/{}"),
        ("/groups", "id", "/groups/{}"),
        ("/apps", "id", "/apps/{}"),
        ("/me/connections", "id", "/me/connections/{}"),
        ("/tracks/104286869/comments", "id", "/comments/{}"),
        ("/tracks/104286869/comments", "user_id", "/users/{}"),
    ],
)
def test_lists_lead_to_their_items(soundcloud: MockApp, page: str, pointer: str, item: str) -> None:
    first = ok(call(soundcloud, "GET", f"{page}?{T}&limit=1"))[0]
    assert ok(call(soundcloud, "GET", item.format(first[pointer]) + f"?{T}"))


def test_next_href_is_the_page_s_own_path(soundcloud: MockApp) -> None:
    first = ok(call(soundcloud, "GET", f"/apps/124/tracks.json?client_id={SC_CLIENT}&linked_partitioning=1&limit=1"))
    link = urlsplit(first["next_href"])
    assert link.path == "/apps/124/tracks.json" and "offset=1" in link.query
    second = ok(call(soundcloud, "GET", f"{link.path}?{link.query}"))
    assert second["collection"] and second["collection"][0]["id"] != first["collection"][0]["id"]


def _example(spec: dict[str, Any], param: dict[str, Any]) -> Any:
    param = deref(spec, param)
    return param.get("example", deref(spec, param.get("schema") or {}).get("example"))


def _documented_reads() -> list[tuple[str, str]]:
    """Every GET with its path parameters and required query parameters filled from the spec's examples."""
    out = []
    for path, method, _, op, _ in iter_operation_nodes(SPEC):
        if method != "get":
            continue
        params = [deref(SPEC, p) for p in SPEC["paths"][path].get("parameters", []) + op.get("parameters", [])]
        url = path
        query = [T]
        for param in params:
            if param["in"] == "path":
                url = url.replace("{" + param["name"] + "}", str(_example(SPEC, param)))
            elif param.get("required"):
                query.append(f"{param['name']}={_example(SPEC, param)}")
        out.append((op["operationId"], f"{url}?{'&'.join(query)}"))
    return out


@pytest.mark.parametrize(("operation", "url"), _documented_reads(), ids=[o for o, _ in _documented_reads()])
def test_every_id_the_examples_name_exists(soundcloud: MockApp, operation: str, url: str) -> None:
    assert re.search(r"\{\w+\}", url) is None, f"{operation}: a path parameter without an example"
    response = call(soundcloud, "GET", url)
    assert response.status_code < 400, f"{operation}: {response.status_code} {response.text[:200]}"


C = f"client_id={SC_CLIENT}"
FORM = "application/x-www-form-urlencoded"
GRANT = "grant_type=client_credentials&client_id=mock-client-id&client_secret=mock-client-secret"

# (method, url, headers, body, status, content-type prefix, a piece of the answer)
REFUSALS: list[tuple[str, str, dict[str, str], str | None, int, str, str]] = [
    ("GET", "/connect?client_id=mock-client-id&redirect_uri=http://x/cb&response_type=code&display=", {}, None,
     400, "text/html", "<title>SoundCloud - Error</title>"),
    ("GET", "/connect?client_id=mock-client-id&redirect_uri=http://x/cb&response_type=code", {"Accept": "image/png"},
     None, 400, "text/html", "<h1>Oops</h1>"),
    ("POST", "/oauth2/token?format=AAA", {"content-type": FORM}, GRANT, 400, "application/json",
     '"error":"invalid_request"'),
    ("POST", "/oauth2/token?format=xml", {"content-type": FORM}, GRANT, 200, "application/xml", "<access-token>"),
    ("GET", f"/tracks/abc?{C}", {}, None, 404, "application/json", "404 - Not Found"),
    ("GET", f"/tracks/104286869?{C}&callback=1bad", {}, None, 400, "application/json", "400 - Bad Request"),
    ("GET", f"/apps?{C}&limit=201", {}, None, 400, "application/json", "400 - Bad Request"),
    ("GET", f"/me/activities?{T}&limit=201", {}, None, 400, "application/json", "400 - Bad Request"),
    ("GET", f"/apps/124.xml?{C}", {}, None, 200, "application/xml", "<app>"),
    ("GET", f"/apps/124?{C}", {"Accept": "application/xml"}, None, 200, "application/xml", "<app>"),
    ("PUT", f"/me?{T}", {"content-type": FORM}, "", 200, "application/json", '"id":1561'),
    ("POST", f"/playlists?{T}", {"content-type": FORM}, "playlist%5Btitle%5D=", 400, "application/json",
     "400 - Bad Request"),
    ("POST", f"/playlists?{T}", {"content-type": FORM}, "playlist%5Btitle%5D=P&playlist%5Btracks%5D%5B%5D%5Bid%5D=1",
     404, "application/json", "404 - Not Found"),
    ("POST", f"/tracks/104286869/comments?{T}", {"content-type": FORM}, "comment%5Bbody%5D=", 400, "application/json",
     "400 - Bad Request"),
    ("PUT", f"/tracks/104286869?{T}", {"content-type": FORM}, "track%5Bpost_to%5D%5B%5D%5Bid%5D=1", 404,
     "application/json", "404 - Not Found"),
    ("PUT", f"/tracks/104286869?{T}", {"content-type": FORM}, "track%5Bpost_to%5D%5B%5D%5Bid%5D=313104", 200,
     "application/json", '"id":104286869'),
]  # fmt: skip


@pytest.mark.parametrize(("method", "url", "headers", "body", "status", "media", "piece"), REFUSALS)
def test_refused_input_gets_the_declared_answer(
    soundcloud_fresh: MockApp, method: str, url: str, headers: dict[str, str], body: str | None, status: int,
    media: str, piece: str,
) -> None:  # fmt: skip
    content = body.encode() if body is not None else None
    response = call(soundcloud_fresh, method, url, headers=headers, content=content)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(media)
    assert piece in response.text


def test_comments_on_a_track_closed_to_them_are_forbidden(soundcloud_fresh: MockApp) -> None:
    app = soundcloud_fresh
    ok(call(app, "PUT", f"/tracks/104286869?{T}", data={"track[commentable]": "false"}))
    assert call(app, "POST", f"/tracks/104286869/comments?{T}", data={"comment[body]": "hi"}).status_code == 403


def test_an_example_page_holds_no_more_than_the_limit_asked() -> None:
    # /me/activities is answered from the spec's (`$ref`'d, named) example, given a second activity here
    spec = copy.deepcopy(SPEC)
    page = spec["components"]["examples"]["Activities"]["value"]
    page["collection"] = page["collection"] * 2
    soundcloud = create_app("soundcloud", spec)
    full = call(soundcloud, "GET", f"/me/activities?{T}").json()["collection"]
    assert len(full) == 2
    one = call(soundcloud, "GET", f"/me/activities?{T}&limit=1").json()
    assert one["collection"] == full[:1]
