"""A fourth API, written as a spec and a config entry only, through every command and a client.

tests/fixtures/tunebase.yaml is of the Last.fm 2.0 family: operations dispatched by `?method=`,
errors inside HTTP 200 with numeric codes, warnings in a success, page-number paging with its
records and digit-string totals in an envelope. No code of the toolkit names it.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.mock import create_app
from tests.clients.server import FixtureServer, json_answer
from tests.clients.support import ServedApp
from tests.dispatch_fixture import KEY, TUNEBASE

SOUNDSPEC = Path(sys.executable).parent / "soundspec"
ENTRY = (
    'name = "tunebase", spec = "specs/tunebase.yaml", package = "tunebase_v3",'
    ' output = "generated/clients/tunebase_v3", docs = "generated/docs"'
)
CONFIG = f'[tool.soundspec]\ngenerated = "generated"\napis = [{{ {ENTRY} }}]\n'


def _soundspec(*args: str, cwd: Path) -> str:
    done = subprocess.run([SOUNDSPEC, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fourth")
    (root / "specs").mkdir()
    shutil.copyfile(TUNEBASE, root / "specs" / "tunebase.yaml")
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return root


def test_validate_generate_fuzz_and_fuzz_client_pass_on_spec_and_config_alone(project: Path) -> None:
    assert "0 findings" in _soundspec("validate", cwd=project)
    _soundspec("generate", cwd=project)
    assert (project / "generated" / "docs" / "tunebase.md").is_file()
    reference = (project / "generated" / "docs" / "tunebase.md").read_text(encoding="utf-8")
    assert "GET /?method=track.getInfo" in reference and "GET /?method=user.getInfo" in reference
    fuzzed = _soundspec("fuzz", "tunebase", "--max-examples", "10", cwd=project)
    assert "4 of 4 operation(s) exercised" in fuzzed and "OK, no failures" in fuzzed
    assert "OK, no failures" in _soundspec("fuzz-client", "tunebase", "--max-examples", "10", cwd=project)


def _client(project: Path) -> Any:
    """The generated client package of the project (generated here when the first test did not run)."""
    if not (project / "generated" / "clients" / "tunebase_v3").is_dir():
        _soundspec("generate", cwd=project)
    sys.path.insert(0, str(project / "generated" / "clients" / "tunebase_v3"))
    try:
        return importlib.import_module("tunebase_v3")
    finally:
        sys.path.pop(0)


def test_the_generated_client_against_the_mock(project: Path) -> None:
    pkg = _client(project)
    with ServedApp(create_app("tunebase", TUNEBASE)) as served:
        base = served.url + "/3.0"
        with pkg.TunebaseClient(api_key=KEY, base_url=base) as client:
            assert client.track.track_get_info(artist="Cher", track="Believe").track.name == "Believe"
            assert client.user.user_get_info(user="rj").user.playcount == 54189
        # the mock refuses a wrong key as the API did: HTTP 200, code 10, which the client maps
        with (
            pkg.TunebaseClient(api_key="wrong", base_url=base) as client,
            pytest.raises(pkg.InvalidApiKeyError) as caught,
        ):
            client.user.user_get_info(user="rj")
    assert (caught.value.http_status, caught.value.code) == (200, "10")


class _Counting(httpx.HTTPTransport):
    """Real HTTP, with the page numbers asked for written down."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str | None] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.pages.append(request.url.params.get("page"))
        return super().handle_request(request)


def test_the_client_pages_through_the_mock_and_stops_at_its_totals(project: Path) -> None:
    pkg = _client(project)
    counting = _Counting()
    with ServedApp(create_app("tunebase", TUNEBASE)) as served:
        client = pkg.TunebaseClient(api_key=KEY, base_url=served.url + "/3.0", transport=counting)
        with client:
            tracks = list(client.track.track_search_iter(track="believe", limit=3))
    # the example's three records, repeated up to the total it states (7): pages of 3, 3 and 1
    assert len(tracks) == 7
    assert counting.pages == ["1", "2", "3"]


def test_xml_the_server_default_and_json_give_equal_models(project: Path) -> None:
    """The same answers in the XML dialect (attributes, texts beside them, a root with the status,
    lone elements of lists) and in JSON read into equal models, with no deviation."""
    pkg = _client(project)
    read: dict[str, list[Any]] = {}
    with ServedApp(create_app("tunebase", TUNEBASE)) as served:
        for fmt in ("xml", "json"):
            with pkg.TunebaseClient(api_key=KEY, base_url=served.url + "/3.0", format=fmt) as client:
                answers = [
                    client.track.track_get_info(artist="Cher", track="Believe"),
                    client.user.user_get_info(user="rj"),
                    *client.track.track_search_iter(track="believe", limit=3),
                ]
            assert all(not answer.deviations for answer in answers), fmt
            read[fmt] = [answer.to_dict() for answer in answers]
    assert read["xml"] == read["json"]
    track = read["xml"][0]["track"]
    assert track["@attr"] == {"rank": 1} and track["image"][1] == {
        "#text": "http://127.0.0.1:9/i/64s/believe.png",
        "size": "medium",
    }
    assert read["xml"][1]["user"]["id"] == 1000002  # an attribute declared `xml: {attribute: true}`, typed
    assert len(read["xml"]) == 2 + 7  # the last page held one record: a lone element, read as a list of one


def test_an_xml_error_inside_a_200_raises_its_mapped_class(project: Path) -> None:
    pkg = _client(project)
    with ServedApp(create_app("tunebase", TUNEBASE)) as served:
        base = served.url + "/3.0"
        raw = httpx.get(base + "/", params={"method": "track.getInfo", "artist": "Cher", "api_key": KEY})
        assert raw.status_code == 200 and b'status="failed"' in raw.content and b'<error code="6">' in raw.content
        with (
            pkg.TunebaseClient(api_key=KEY, base_url=base, format="xml") as client,
            pytest.raises(pkg.TrackNotFoundError) as missing,
        ):
            client.track.track_get_info(artist="Cher", track="")
        with (
            pkg.TunebaseClient(api_key="wrong", base_url=base, format="xml") as client,
            pytest.raises(pkg.InvalidApiKeyError) as refused,
        ):
            client.user.user_get_info(user="rj")
    assert (missing.value.http_status, missing.value.code) == (200, "6")
    assert "track" in str(missing.value)
    assert (refused.value.http_status, refused.value.code) == (200, "10")
    assert "Invalid API key" in str(refused.value)


def test_a_form_post_of_a_read_is_answered_as_its_get(project: Path, tmp_path: Path) -> None:
    """`x-soundspec-post-reads`: the mock answers a form POST as the GET of its path, and a POST
    recording with its `form:` is checked as that GET."""
    with ServedApp(create_app("tunebase", TUNEBASE)) as served:
        fields = {"method": "user.getInfo", "user": "rj", "api_key": KEY, "format": "json"}
        posted = httpx.post(served.url + "/3.0/", data=fields)
        got = httpx.get(served.url + "/3.0/", params=fields)
        assert posted.status_code == 200 and posted.json() == got.json()
        assert posted.json()["user"]["name"] == "rj"
        # a form naming no operation is still the API's own refusal, in its shape
        refused = httpx.post(served.url + "/3.0/", data={**fields, "method": "user.nothing"})
        assert refused.status_code == 200 and b"names no operation" in refused.content
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "user.json").write_bytes(posted.content)
    sidecar = (
        "method: POST\npath: /3.0/\nstatus: 200\nmedia-type: application/json\nsource: a test\n"
        "form: {method: user.getInfo, user: rj, api_key: <redacted>, format: json}\n"
    )
    (folder / "user.exchange.yaml").write_text(sidecar, encoding="utf-8")
    checked = _soundspec("check-recordings", "tunebase", str(folder), cwd=project)
    assert "1 recording(s)" in checked and "0 mismatch(es)" in checked, checked
    # without the form, nothing says which operation it was: a finding, not a pass
    (folder / "user.exchange.yaml").write_text(sidecar.replace("form:", "notes:"), encoding="utf-8")
    done = subprocess.run(
        [SOUNDSPEC, "check-recordings", "tunebase", str(folder)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr


def test_a_lone_item_where_the_spec_allows_it_is_a_list_of_one(project: Path, tmp_path: Path) -> None:
    """`x-soundspec-lone-item`: the client reads a list of one written as its item alone, with no
    deviation, and the recordings check accepts it; elsewhere a lone object is still a finding."""
    pkg = _client(project)
    lone = {
        "results": {
            "trackmatches": {"track": {"name": "Believe", "artist": "Cher"}},
            "@attr": {"page": "1", "totalPages": "1", "total": "1"},
        }
    }
    with FixtureServer() as server:
        server.on("GET", "/3.0/", json_answer(lone))
        with pkg.TunebaseClient(api_key=KEY, base_url=server.url + "/3.0") as client:
            page = client.track.track_search(track="believe")
    assert not page.deviations
    assert [t.name for t in page.results.trackmatches.track] == ["Believe"]
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "lone.json").write_text(json.dumps(lone), encoding="utf-8")
    (folder / "lone.exchange.yaml").write_text(
        "method: GET\npath: /3.0/\nquery: {method: track.search, track: believe}\nstatus: 200\nsource: a test\n",
        encoding="utf-8",
    )
    assert "0 mismatch(es)" in _soundspec("check-recordings", "tunebase", str(folder), cwd=project)
    # the image list of track.getInfo says nothing of lone items: an object there is a finding
    (folder / "lone.json").write_text(
        json.dumps({"track": {"name": "Believe", "artist": "Cher", "image": {"#text": "u", "size": "small"}}}),
        encoding="utf-8",
    )
    (folder / "lone.exchange.yaml").write_text(
        "method: GET\npath: /3.0/\nquery: {method: track.getInfo, artist: Cher, track: Believe}\n"
        "status: 200\nsource: a test\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [SOUNDSPEC, "check-recordings", "tunebase", str(folder)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "/track/image" in done.stdout + done.stderr, done.stdout + done.stderr


def test_a_transient_code_inside_a_200_is_asked_again(project: Path) -> None:
    """An error the API's code calls transient (11) comes inside HTTP 200: retried like a 503."""
    pkg = _client(project)
    offline = json_answer({"error": 11, "message": "Service Offline - This service is temporarily offline"})
    believe = json_answer({"track": {"name": "Believe", "artist": "Cher"}})
    with FixtureServer() as server:
        server.on("GET", "/3.0/", offline, believe)
        retry = pkg.RetryPolicy(max_retries=2, initial_delay=0.01)
        with pkg.TunebaseClient(api_key=KEY, base_url=server.url + "/3.0", retry=retry) as client:
            assert client.track.track_get_info(artist="Cher", track="Believe").track.name == "Believe"
        assert len(server.seen) == 2
    with FixtureServer() as server:
        server.on("GET", "/3.0/", offline)
        with (
            pkg.TunebaseClient(api_key=KEY, base_url=server.url + "/3.0", max_retries=0) as client,
            pytest.raises(pkg.ServiceOfflineError) as caught,
        ):
            client.track.track_get_info(artist="Cher", track="Believe")
        assert caught.value.retryable and len(server.seen) == 1
    with FixtureServer() as server:  # a code that is no passing trouble is not asked again
        server.on("GET", "/3.0/", json_answer({"error": 6, "message": "Track not found"}))
        with (
            pkg.TunebaseClient(api_key=KEY, base_url=server.url + "/3.0", max_retries=3) as client,
            pytest.raises(pkg.TrackNotFoundError),
        ):
            client.track.track_get_info(artist="Cher", track="Believe")
        assert len(server.seen) == 1


def test_a_write_named_by_a_form_field_goes_and_is_routed_by_its_body(project: Path, tmp_path: Path) -> None:
    """`x-soundspec-dispatch` with `in: form`: the client sends the value in the form body (not as
    an argument), the mock routes by it, and a recording of such a POST is checked as that operation."""
    pkg = _client(project)
    with FixtureServer() as server:
        server.on("POST", "/3.0/", json_answer({}))
        with pkg.TunebaseClient(api_key=KEY, base_url=server.url + "/3.0") as client:
            client.track.track_love(body=pkg.models.TrackLoveBody(artist="Cher", track="Believe"))
        sent = server.seen[0]
    assert dict(httpx.QueryParams(sent.body.decode())) == {"method": "track.love", "artist": "Cher", "track": "Believe"}
    assert "method" not in sent.query
    with ServedApp(create_app("tunebase", TUNEBASE)) as served:
        form = {"method": "track.love", "artist": "Cher", "track": "Believe"}
        loved = httpx.post(served.url + "/3.0/", params={"api_key": KEY, "format": "json"}, data=form)
        assert (loved.status_code, loved.json()) == (200, {})
        missing = httpx.post(
            served.url + "/3.0/", params={"api_key": KEY, "format": "json"}, data={**form, "track": ""}
        )
        assert missing.json()["error"] == 6  # the form was validated as track.love's
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "love.json").write_text("{}", encoding="utf-8")
    (folder / "love.exchange.yaml").write_text(
        "method: POST\npath: /3.0/\nquery: {format: json}\nform: {method: track.love, artist: Cher, track: Believe}\n"
        "status: 200\nsource: a test\n",
        encoding="utf-8",
    )
    assert "0 mismatch(es)" in _soundspec("check-recordings", "tunebase", str(folder), cwd=project)
