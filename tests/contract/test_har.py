"""`soundspec import-har`: a HAR file of a real browser session against the mock (headless Chromium,
exported as Chrome's devtools do) becomes recordings that `check-recordings` passes and that the
mock replays byte for byte, for every API of the config; credentials are redacted as the proxy's
recorder redacts them; bad HAR files cost one line."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from generator.cli import _register_optional_commands
from generator.cli import app as cli
from generator.config import ApiConfig, load_project
from generator.mock import MockApp, MockOptions, create_app
from generator.recordings import find_sidecars, load_recording
from tests.contract.browserhar import capture
from tests.contract.servers import serve
from tests.mock.calls import Call, credentials, valid_call
from tests.support import ROOT

APIS = load_project(ROOT).apis
_register_optional_commands()  # as main() does


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@dataclass
class Captured:
    api: ApiConfig
    app: MockApp
    har: Path
    calls: list[Call]
    entries: list[dict[str, Any]]
    origin: str  # where the mock served the session

    def entry(self, call: Call) -> dict[str, Any]:
        """The call's entry: the first with its method and URL (where a redirect leads is another)."""
        url = self.origin + call.path
        return next(e for e in self.entries if (e["request"]["method"], e["request"]["url"]) == (call.method, url))

    def has_body(self, call: Call) -> bool:
        """Whether the capture holds the answer's body (browsers keep none of a redirect, or an empty one)."""
        response = self.entry(call)["response"]
        length = next((h["value"] for h in response["headers"] if h["name"].lower() == "content-length"), "0")
        return bool(response["content"].get("text")) or length == "0"


def reachable(app: MockApp) -> list[Any]:
    """Operations a request without a body reaches."""
    return [op for op in app.api.operations if not op.body_required]


def stays(url: str, call: Call) -> bool:
    """Whether the answer stays on the mock: a browser would follow a redirect elsewhere, off this machine."""
    answer = httpx.request(call.method, url + call.path, headers=call.headers)
    location = answer.headers.get("location", "")
    return not location or location.startswith((url, "/"))


@pytest.fixture(scope="module", params=APIS, ids=[api.name for api in APIS])
def captured(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Captured]:
    api: ApiConfig = request.param
    app = create_app(api.name, api.spec, MockOptions(urls="mock"))
    with serve(app) as url:
        calls = [c for c in map(lambda op: valid_call(app, op), reachable(app)) if stays(url, c)]
        har = capture(url, [(c.method, c.path, c.headers) for c in calls])
    path = tmp_path_factory.mktemp(f"har-{api.name}") / "session.har"
    path.write_text(json.dumps(har), encoding="utf-8")
    yield Captured(api, app, path, calls, har["log"]["entries"], url)


def test_a_browser_session_imports_into_recordings_that_check_recordings_passes(
    captured: Captured, tmp_path: Path
) -> None:
    out = tmp_path / "recordings"
    code, stdout, stderr = invoke("import-har", str(captured.har), "--api", captured.api.name, "--out", str(out))
    assert code == 0, stderr
    sidecars = find_sidecars([out])
    # every call is an operation's but a redirect, whose body browsers do not keep; the page the
    # session opened first, its favicon and where a redirect of the mock's own leads are none
    kept = [c for c in captured.calls if captured.has_body(c)]
    others = len(captured.entries) - len(kept)
    assert others >= len([e for e in captured.entries if e["_resourceType"] != "fetch"]) >= 1
    assert len(sidecars) == len(kept), stdout
    assert f"{len(kept)} recording(s) written, {others} entr(ies) left out" in stdout, stdout
    bodiless = len(captured.calls) - len(kept)
    assert (f"left out: {bodiless} the body is not in the capture" in stdout) == bool(bodiless), stdout
    code, stdout, stderr = invoke("check-recordings", captured.api.name, str(out))
    assert code == 0, stdout + stderr
    assert f"{len(kept)} recording(s), 0 mismatch(es)" in stderr
    for sidecar in sidecars:
        recording = load_recording(sidecar)
        assert recording.meta["kind"] == "captured"
        assert recording.meta["source"].startswith("HAR session.har (WebInspector 537.36), entry ")


def test_credentials_are_redacted_as_the_recorder_does(captured: Captured, tmp_path: Path) -> None:
    out = tmp_path / "recordings"
    assert invoke("import-har", str(captured.har), "--api", captured.api.name, "--out", str(out))[0] == 0
    query, headers = credentials(captured.app)
    secrets = {v for _, v in query} | set(headers.values())
    assert secrets
    for path in out.iterdir():
        for secret in secrets:
            assert secret.encode() not in path.read_bytes(), (path.name, secret)
    names = {name for name, _ in query}
    for sidecar in find_sidecars([out]):
        recorded = load_recording(sidecar).meta.get("query") or {}
        assert all(recorded[name] == "<redacted>" for name in names & set(recorded)), sidecar.name


def test_the_imported_session_replays_as_the_browser_saw_it(captured: Captured, tmp_path: Path) -> None:
    out = tmp_path / "recordings"
    assert invoke("import-har", str(captured.har), "--api", captured.api.name, "--out", str(out))[0] == 0
    app = create_app(captured.api.name, captured.api.spec, MockOptions(replay=out, replay_strict=True))
    kept = [c for c in captured.calls if captured.has_body(c)]
    with serve(app) as url, httpx.Client(base_url=url) as client:
        for call in kept:
            entry = captured.entry(call)
            answer = client.request(call.method, call.path, headers=call.headers)
            content = entry["response"]["content"]
            text = content["text"]
            seen = base64.b64decode(text) if content.get("encoding") == "base64" else text.encode()
            assert (answer.status_code, answer.content) == (entry["response"]["status"], seen), call.path


def test_without_api_only_entries_on_an_api_server_count(captured: Captured, tmp_path: Path) -> None:
    """The session ran against 127.0.0.1, no API's server: nothing is taken, and the line says how to take it."""
    code, _, stderr = invoke("import-har", str(captured.har))
    assert code == 2
    assert "no entry became a recording" in stderr and "--api NAME" in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "not a HAR file (not JSON"),
        ('{"log": {}}', "not a HAR file (no log.entries list)"),
        ('{"log": {"entries": [{"request": {}}]}}', "entry 1: no request and response objects"),
        ('{"log": {"entries": [{"request": {"method": "GET"}, "response": {"status": 200}}]}}', "entry 1: the request"),
    ],
)
def test_a_bad_har_file_is_one_line(tmp_path: Path, text: str, problem: str) -> None:
    har = tmp_path / "x.har"
    har.write_text(text, encoding="utf-8")
    code, _, stderr = invoke("import-har", str(har), "--api", APIS[0].name, "--out", str(tmp_path / "out"))
    assert code == 2
    assert stderr.startswith(f"soundspec: error: {har}: ") and problem in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
