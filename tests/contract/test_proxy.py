"""The validating proxy in front of the Freesound mock (real servers), with a broken response injected."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from generator.config import Project
from generator.contract.exchange import SpecIndex
from generator.contract.proxy import ProxyOptions, ValidatingProxy
from generator.contract.recorder import Recorder
from generator.contract.recordings import check_recording_files
from generator.mock import MockOptions, create_app
from generator.specs import load_spec
from tests.contract.cli import invoke
from tests.contract.servers import serve

KEY = "proxy-test-key"
BROKEN = "/api/sounds/18763/"  # the injected fault: this answer's id comes back as text


class Injector:
    """The mock, except that one path's JSON answer is broken; counts the requests it gets."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        self.requests += 1
        if scope["path"] != BROKEN or b"format=" in scope.get("query_string", b""):
            return await self.app(scope, receive, send)

        async def breaking(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=[h for h in message["headers"] if h[0] != b"content-length"])
            elif message["type"] == "http.response.body" and message.get("body"):
                data = json.loads(message["body"])
                message = dict(message, body=json.dumps(dict(data, id=str(data["id"]))).encode())
            await send(message)

        return await self.app(scope, receive, breaking)


@pytest.fixture(scope="module")
def index(project: Project) -> SpecIndex:
    return SpecIndex(load_spec(project.select(["freesound"])[0].spec).model)


@pytest.fixture(scope="module")
def upstream(project: Project) -> Iterator[tuple[str, Injector]]:
    api = project.select(["freesound"])[0]
    injector = Injector(create_app("freesound", api.spec, MockOptions(credentials={"api_key": (KEY,)})))
    with serve(injector) as url:
        yield f"{url}/api", injector


def proxy(index: SpecIndex, upstream: str, log: list[dict[str, Any]], **options: Any) -> ValidatingProxy:
    recorder = options.pop("recorder", None)
    return ValidatingProxy(index, ProxyOptions(upstream, **options), log=log.append, recorder=recorder)


def test_conforming_exchanges_pass_through_unchanged(index: SpecIndex, upstream: tuple[str, Injector]) -> None:
    url, _ = upstream
    log: list[dict[str, Any]] = []
    with serve(proxy(index, url, log)) as base:
        for path in ("/sounds/search/?q=door", "/sounds/18763/?format=xml", "/sounds/18763/?format=yaml"):
            via = httpx.get(f"{base}{path}&api_key={KEY}")
            direct = httpx.get(f"{url}{path}&api_key={KEY}")
            assert (via.status_code, via.content) == (direct.status_code, direct.content)
            assert via.headers["x-soundspec-violations"] == "0"
            assert via.headers["content-type"] == direct.headers["content-type"]
    assert [entry["violations"] for entry in log] == [[], [], []]


def test_the_injected_broken_response_is_reported(index: SpecIndex, upstream: tuple[str, Injector]) -> None:
    url, _ = upstream
    log: list[dict[str, Any]] = []
    with serve(proxy(index, url, log)) as base:
        answer = httpx.get(f"{base}/sounds/18763/?api_key={KEY}")
    assert answer.status_code == 200
    assert answer.json()["id"] == "18763"  # reporting mode: the client still gets the answer
    assert answer.headers["x-soundspec-violations"] == "1"
    assert answer.headers["x-soundspec-violation"] == "response /id: type: '18763' is not of type 'integer'"
    (entry,) = log
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/sounds/18763/", 200)
    assert entry["violations"] == [
        {"pointer": "/id", "keyword": "type", "message": "'18763' is not of type 'integer'", "where": "response"}
    ]


def test_request_violations_are_reported_and_forwarded(index: SpecIndex, upstream: tuple[str, Injector]) -> None:
    url, injector = upstream
    log: list[dict[str, Any]] = []
    with serve(proxy(index, url, log)) as base:
        before = injector.requests
        answer = httpx.get(f"{base}/sounds/search/?q=door&sounds_per_page=many&api_key={KEY}")
    assert injector.requests == before + 1
    assert answer.status_code == 400  # the mock's own answer, passed on
    assert answer.headers.get_list("x-soundspec-violation") == [
        "request /query/sounds_per_page: type: query parameter 'sounds_per_page': 'many' is not of type 'integer'"
    ]


def test_strict_mode_turns_violations_into_errors(index: SpecIndex, upstream: tuple[str, Injector]) -> None:
    url, injector = upstream
    log: list[dict[str, Any]] = []
    with serve(proxy(index, url, log, strict=True)) as base:
        broken = httpx.get(f"{base}/sounds/18763/?api_key={KEY}")
        before = injector.requests
        invalid = httpx.get(f"{base}/sounds/search/?q=door&sounds_per_page=many&api_key={KEY}")
        reached = injector.requests - before
        fine = httpx.get(f"{base}/sounds/search/?q=door&api_key={KEY}")
    assert broken.status_code == 502
    assert broken.json()["violations"][0]["pointer"] == "/id"
    assert (invalid.status_code, reached) == (400, 0)  # an invalid request never reaches upstream
    assert invalid.json()["error"] == "soundspec proxy (strict): the request violates the spec"
    assert (fine.status_code, fine.headers["x-soundspec-violations"]) == (200, "0")


def test_recorded_traffic_becomes_recordings(index: SpecIndex, upstream: tuple[str, Injector], tmp_path: Path) -> None:
    url, _ = upstream
    log: list[dict[str, Any]] = []
    recorder = Recorder(tmp_path / "rec", index)
    with serve(proxy(index, url, log, recorder=recorder)) as base:
        for path in ("/sounds/search/?q=door", "/sounds/18763/", "/sounds/18763/?format=xml", "/sounds/18763/serve/"):
            httpx.get(f"{base}{path}{'&' if '?' in path else '?'}api_key={KEY}")
    sidecars = sorted((tmp_path / "rec").glob("*.exchange.yaml"))
    assert [p.name for p in sidecars] == [
        "0001-get-sounds-search.exchange.yaml",
        "0002-get-sounds-18763.exchange.yaml",
        "0003-get-sounds-18763.exchange.yaml",
        "0004-get-sounds-18763-serve.exchange.yaml",
    ]
    first = yaml.safe_load(sidecars[0].read_text())
    assert first["query"] == {"q": "door", "api_key": "<redacted>"}
    assert (first["method"], first["path"], first["status"], first["kind"]) == ("GET", "/sounds/search/", 200, "proxy")
    assert KEY not in "".join(p.read_text() for p in sidecars)
    assert (tmp_path / "rec" / "0003-get-sounds-18763.xml").is_file()
    assert (tmp_path / "rec" / "0004-get-sounds-18763-serve.bin").is_file()
    # real traffic as test data: check-recordings finds exactly the broken answer
    findings = check_recording_files(index, [tmp_path / "rec"]).findings
    assert [(f.recording.name, f.pointer, f.keyword) for f in findings] == [
        ("0002-get-sounds-18763.json", "/id", "type")
    ]


def test_an_unreachable_upstream_is_a_502(index: SpecIndex) -> None:
    log: list[dict[str, Any]] = []
    with serve(proxy(index, "http://127.0.0.1:9/api", log)) as base:
        answer = httpx.get(f"{base}/sounds/1/?api_key=k")
    assert answer.status_code == 502
    assert "unreachable" in answer.json()["error"]
    assert "upstream unreachable" in log[0]["error"]


def test_cli_bad_input(monkeypatch: pytest.MonkeyPatch, project: Project) -> None:
    monkeypatch.chdir(project.root)
    code, _, err = invoke("proxy", "freesound", "--upstream", "www.freesound.org/api")
    assert (code, err.strip()) == (2, "soundspec: error: --upstream wants an http(s) URL, got 'www.freesound.org/api'")
    code, _, err = invoke("proxy", "nope", "--upstream", "http://x")
    assert code == 2
    assert "unknown API nope" in err


def test_soundspec_proxy_serves_reports_and_records(
    project: Project, upstream: tuple[str, Injector], tmp_path: Path
) -> None:
    url, _ = upstream
    command = [sys.executable, "-m", "generator.cli", "proxy", "freesound", "--upstream", url, "--port", "0"]
    command += ["--record", str(tmp_path / "rec"), "--log", str(tmp_path / "log.jsonl")]
    process = subprocess.Popen(command, cwd=project.root, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        if banner.startswith("soundspec: project "):  # every command first names its project
            banner = process.stderr.readline()  # printed once the socket listens
        found = re.search(r"on (http://127\.0\.0\.1:\d+) -> ", banner)
        assert found, banner
        answer = httpx.get(f"{found.group(1)}/sounds/18763/?api_key={KEY}", timeout=30)
        httpx.get(f"{found.group(1)}/sounds/2/?api_key={KEY}", timeout=30)
    finally:
        process.terminate()
        process.wait(timeout=30)
        rest = process.stderr.read() if process.stderr is not None else ""
        if process.stderr is not None:
            process.stderr.close()
    # one Date and one Server, the upstream's: the proxy's server adds none of its own
    assert [len(answer.headers.get_list(name)) for name in ("date", "server")] == [1, 1]
    summary = "freesound proxy stopped: 2 request(s), 1 with violations (response type 1); 2 recording(s) in "
    assert summary in rest, rest
    assert answer.headers["x-soundspec-violation"] == "response /id: type: '18763' is not of type 'integer'"
    entry, _ = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert entry["violations"][0]["pointer"] == "/id"
    assert [p.name for p in sorted((tmp_path / "rec").iterdir())] == [
        "0001-get-sounds-18763.exchange.yaml",
        "0001-get-sounds-18763.json",
        "0002-get-sounds-2.exchange.yaml",
        "0002-get-sounds-2.json",
    ]
