"""JSONP as the 2011 JS SDK and oEmbed asked for it, from the served SoundCloud mock.

Reference §1.2 and §10: the SDK sent `format=js&callback=<fn>`, the `.js` suffix selected the
same, oEmbed took `format=js&callback=`; the body is the JSON wrapped in the callback (the spec's
`/**/cb(...);`), served as text/javascript (the media type of Rails' js format).
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from generator.specs import load_spec, validate_spec

from .conftest import SC_CLIENT, SPECS, Served

TRACK = 104286869


def unwrap(text: str, callback: str) -> object:
    assert text.startswith(f"/**/{callback}(") and text.endswith(");"), text[:80]
    return json.loads(text[len(f"/**/{callback}(") : -2])


@pytest.mark.parametrize(
    "path",
    [
        f"/tracks/{TRACK}?format=js&callback=cb",
        f"/tracks/{TRACK}.js?callback=cb",
        f"/tracks/{TRACK}.js?format=js&callback=cb",
    ],
)
def test_a_track_as_jsonp(served_soundcloud: Served, path: str) -> None:
    with httpx.Client(base_url=served_soundcloud.url) as http:
        plain = http.get(f"/tracks/{TRACK}.json", params={"client_id": SC_CLIENT})
        wrapped = http.get(f"{path}&client_id={SC_CLIENT}")
    assert wrapped.status_code == 200
    assert wrapped.headers["content-type"] == "text/javascript; charset=utf-8"
    assert unwrap(wrapped.text, "cb") == plain.json()


def test_a_list_by_query_as_the_sdk_asked(served_soundcloud: Served) -> None:
    with httpx.Client(base_url=served_soundcloud.url) as http:
        plain = http.get("/tracks", params={"client_id": SC_CLIENT, "limit": 2}).json()
        wrapped = http.get("/tracks", params={"client_id": SC_CLIENT, "limit": 2, "format": "js", "callback": "SC.cb1"})
    assert wrapped.headers["content-type"] == "text/javascript; charset=utf-8"
    assert unwrap(wrapped.text, "SC.cb1") == plain


def test_oembed_as_jsonp(served_soundcloud: Served) -> None:
    query = {"url": "http://soundcloud.com/jxnblk/plangular"}
    with httpx.Client(base_url=served_soundcloud.url) as http:
        plain = http.get("/oembed", params=query).json()
        wrapped = http.get("/oembed", params={**query, "format": "js", "callback": "embed"})
    assert wrapped.status_code == 200
    assert wrapped.headers["content-type"] == "text/javascript; charset=utf-8"
    assert unwrap(wrapped.text, "embed") == plain


def test_an_error_as_jsonp_is_the_wrapped_envelope(served_soundcloud: Served) -> None:
    with httpx.Client(base_url=served_soundcloud.url) as http:
        wrapped = http.get(f"/tracks/1.js?callback=cb&client_id={SC_CLIENT}")
    assert wrapped.status_code == 404
    assert wrapped.headers["content-type"] == "text/javascript; charset=utf-8"
    assert unwrap(wrapped.text, "cb") == {"errors": [{"error_message": "404 - Not Found"}]}


def test_js_without_a_callback_is_the_json_text(served_soundcloud: Served) -> None:
    with httpx.Client(base_url=served_soundcloud.url) as http:
        plain = http.get(f"/tracks/{TRACK}.json", params={"client_id": SC_CLIENT})
        bare = http.get(f"/tracks/{TRACK}.js", params={"client_id": SC_CLIENT})
    assert bare.headers["content-type"] == "text/javascript; charset=utf-8"
    assert bare.json() == plain.json()


@pytest.mark.parametrize(
    ("entry", "finding"),
    [("jsonp: true", None), ('jsonp: "yes"', "is not of type 'boolean'"), ("jsonq: true", "'jsonq' was unexpected")],
)
def test_the_jsonp_key_of_a_format_is_checked(tmp_path: Path, entry: str, finding: str | None) -> None:
    text = SPECS["soundcloud"].read_text(encoding="utf-8")
    declared = "    js: {media-type: text/javascript, jsonp: true}\n"
    assert declared in text
    spec = tmp_path / "soundcloud-v1.yaml"
    spec.write_text(text.replace(declared, f"    js: {{media-type: text/javascript, {entry}}}\n"), encoding="utf-8")
    messages = [f.message for f in validate_spec(load_spec(spec))]
    if finding is None:
        assert messages == []
    else:
        assert len(messages) == 1 and finding in messages[0], messages
