"""What the rendered pages say: operations, quirks, docs-vs-server notes, recordings, examples."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from generator import naming
from generator.apimodel import iter_operation_nodes
from generator.specs import load_spec
from tests.docs.pages import MINIMAL, QUIRKY, anchors, broken_markdown_links, render_fixture
from tests.support import ROOT


@pytest.fixture(scope="module")
def quirky(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    html, md = render_fixture(QUIRKY, tmp_path_factory.mktemp("quirky"))
    return html.read_text(encoding="utf-8"), md.read_text(encoding="utf-8")


def article(page: str, operation_id: str) -> str:
    match = re.search(rf'<article class="op" id="op-{operation_id}".*?</article>', page, re.S)
    assert match, f"no article for {operation_id}"
    return match.group(0)


def text_of(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("spec", [MINIMAL, QUIRKY], ids=["minimal", "quirky"])
def test_rendering_is_deterministic(spec: Path, tmp_path: Path) -> None:
    first = render_fixture(spec, tmp_path / "a")
    second = render_fixture(spec, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.mark.parametrize("spec", [MINIMAL, QUIRKY], ids=["minimal", "quirky"])
def test_the_page_loads_nothing_and_every_in_page_link_has_its_anchor(spec: Path, tmp_path: Path) -> None:
    html_path, _ = render_fixture(spec, tmp_path)
    page = html_path.read_text(encoding="utf-8")
    found = anchors(page)
    assert found.sources == [("link", "href", "data:,")], "only the empty inline favicon may be referenced"
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    duplicates = sorted({i for i in found.ids if found.ids.count(i) > 1})
    assert duplicates == []
    internal = [h[1:] for h in found.hrefs if h.startswith("#")]
    assert internal, "the page has no in-page links"
    assert sorted(set(internal) - set(found.ids)) == []


@pytest.mark.parametrize("spec", [MINIMAL, QUIRKY], ids=["minimal", "quirky"])
def test_every_operation_has_its_section_and_its_client_method(spec: Path, tmp_path: Path) -> None:
    html_path, md_path = render_fixture(spec, tmp_path)
    page, md = html_path.read_text(encoding="utf-8"), md_path.read_text(encoding="utf-8")
    for path, method, _, op, _ in iter_operation_nodes(load_spec(spec).data):
        text = text_of(article(page, op["operationId"]))
        call = naming.facade_call(op["tags"][0], op["operationId"])
        assert f"{method.upper()} {path}" in text
        assert "curl -sS" in text
        assert f"    result = {call}(" in text
        assert f"### `{call}`" in md
        assert f"`{method.upper()} {path}`" in md


def test_quirks_are_explained_once_at_the_top(quirky: tuple[str, str]) -> None:
    page, _ = quirky
    overview = text_of(page.split('<section id="overview"', 1)[1].split('<section class="tag"', 1)[0])
    for section in (
        "auth",
        "formats",
        "jsonp",
        "runtime",
        "request-id",
        "errors",
        "dates",
        "trailing-slash",
        "pagination",
    ):
        assert page.count(f'id="quirk-{section}"') == 1, section
    for fact in (
        "Every error went out with HTTP 400",
        "/status_code",
        "NotFoundError",
        "?callback=cb",
        "cb({...})",
        "request_id",
        "301 redirect",
        "%Y-%m-%d %H:%M:%S",
        "per_page (at most 100)",
        "The links do not carry your credentials",
        'token_placement="header" or "query"',
        "never decoded by the client: unpickling runs arbitrary code",
        "<response>",
        "$QUIRKY_API_KEY",
        "refresh the token once",
    ):
        assert fact in overview, fact


def test_docs_claims_show_where_they_apply_and_in_one_list(quirky: tuple[str, str]) -> None:
    page, md = quirky
    assert "The docs said a missing sound answers HTTP 404." in text_of(article(page, "getSound"))
    assert "The docs said the maximum page size was 1000." in text_of(article(page, "searchSounds"))
    schema = text_of(page.split('id="schema-Sound"', 1)[1].split("</section>", 1)[0])
    assert "The docs said created was ISO 8601." in schema
    assert "The server did: When it was uploaded, in the server's local time." in schema
    listing = page.split('<section id="docs-vs-server"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td>", listing)
    assert len(rows) == 4  # operation, parameter, runtime parameter, schema field: each once
    assert '<a href="#quirk-runtime">parameter format</a>' in listing
    assert "**Docs vs server:** the old docs said: The docs said a missing sound answers HTTP 404." in md


def test_recordings_stand_under_the_response_they_exemplify(quirky: tuple[str, str]) -> None:
    page, _ = quirky
    get_sound = article(page, "getSound")
    ok, error = get_sound.split('<span class="badge">400</span>', 1)
    assert "GET /sounds/18763/?api_key=<redacted>" in text_of(ok)
    assert '"tags": [\n' in htmllib.unescape(ok)
    assert "GET /sounds/1/ → 400 (captured)" in text_of(error)
    assert "Sound with id 1 does not exist." in text_of(error)


def test_examples_take_values_from_the_spec_and_the_recordings(quirky: tuple[str, str]) -> None:
    page, _ = quirky
    search = text_of(article(page, "searchSounds"))
    assert '"http://127.0.0.1:9/api/sounds/search/?q=dogs%20barking&api_key=$QUIRKY_API_KEY"' in search
    assert 'client.sounds.search_sounds(q="dogs barking")' in search
    assert 'QuirkyClient(api_key=os.environ["QUIRKY_API_KEY"])' in search
    get_sound = text_of(article(page, "getSound"))
    assert "/sounds/18763/?api_key=" in get_sound  # the id of the recorded request
    assert "client.sounds.get_sound(sound_id=18763)" in get_sound
    update = text_of(article(page, "updateSound"))
    assert '-H "Authorization: OAuth $QUIRKY_ACCESS_TOKEN"' in update
    assert "-X PUT" in update
    assert '--data \'{"name": "snare"}\'' in update
    token = text_of(article(page, "obtainToken"))
    assert "--data-urlencode grant_type=password" in token
    assert '--data-urlencode "client_secret=$QUIRKY_CLIENT_SECRET"' in token
    assert '"client_secret": os.environ["QUIRKY_CLIENT_SECRET"]' in token
    assert "auth: none" in token
    assert "import os" in token and "QuirkyClient()" in token


def test_response_links_and_shared_responses(quirky: tuple[str, str]) -> None:
    page, _ = quirky
    search = article(page, "searchSounds")
    assert '<a href="#op-getSound"><code>getSound</code></a> with <code>sound_id</code>' in search
    assert re.search(r'<a href="#response-Errors"[^>]*><span class="badge">\d+</span>&nbsp;Errors</a>', search)
    assert page.count('id="response-Errors"') == 1


def test_markdown_internal_links_resolve(tmp_path: Path) -> None:
    _, md = render_fixture(QUIRKY, tmp_path)
    assert broken_markdown_links(md) == []


def test_an_operation_on_its_own_host_is_shown_there() -> None:
    # SoundCloud's oEmbed and /connect lived on the web host (path item `servers`), not the API host
    page = (ROOT / "generated" / "docs" / "soundcloud.html").read_text(encoding="utf-8")
    for operation_id, path in (("getOembed", "/oembed?"), ("authorize", "/connect?")):
        text = text_of(article(page, operation_id))
        assert "On https://soundcloud.com, not the API server." in text
        assert f'"https://soundcloud.com{path}' in text
    assert '"https://api.soundcloud.com/tracks/' in text_of(article(page, "getTrack"))
    assert "not the API server" not in text_of(article(page, "getTrack"))
