"""Record through the validating proxy, replay with the mock: for every API of the config, over real
HTTP, every answer comes back as recorded, byte for byte, and as the live server gave it but for the
credentials the recorder redacted; what no recording answers falls through to the mock, or is
refused with the nearest recordings under --replay-strict."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import _register_optional_commands
from generator.cli import app as cli
from generator.config import ApiConfig, load_project
from generator.contract.exchange import SpecIndex
from generator.contract.proxy import ProxyOptions, ValidatingProxy
from generator.contract.recorder import KEPT_HEADERS, Recorder
from generator.contract.redact import ESCAPED
from generator.mock import MOCK_HEADER, MockApp, MockOptions, create_app
from generator.mock.app import REPLAY_REASON
from generator.recordings import REDACTED, find_sidecars, load_recording
from generator.specs import load_spec
from tests.contract.servers import serve
from tests.mock.calls import Call, credentials, valid_call
from tests.support import ROOT

APIS = load_project(ROOT).apis
_register_optional_commands()  # as main() does: `mock` is one of them


@dataclass
class Session:
    api: ApiConfig
    app: MockApp  # the live mock (its credentials)
    folder: Path
    calls: list[Call]
    live: list[httpx.Response]


def calls_of(app: MockApp) -> list[Call]:
    """A valid request for every operation a request without a body reaches."""
    return [valid_call(app, op) for op in app.api.operations if not op.body_required]


@pytest.fixture(scope="module", params=APIS, ids=[api.name for api in APIS])
def session(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    api: ApiConfig = request.param
    folder = tmp_path_factory.mktemp(f"recorded-{api.name}")
    live = create_app(api.name, api.spec, MockOptions(urls="mock"))
    index = SpecIndex(load_spec(api.spec).model)
    calls = calls_of(live)
    with serve(live) as upstream:
        proxy = ValidatingProxy(index, ProxyOptions(upstream), recorder=Recorder(folder, index))
        with serve(proxy) as through, httpx.Client(base_url=through, timeout=30) as client:
            answers = [client.request(c.method, c.path, headers=c.headers) for c in calls]
    yield Session(api, live, folder, calls, answers)


@pytest.fixture(scope="module")
def replaying(session: Session) -> Iterator[httpx.Client]:
    app = create_app(session.api.name, session.api.spec, MockOptions(replay=session.folder, replay_strict=True))
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def secrets_of(app: MockApp) -> set[str]:
    query, headers = credentials(app)
    return {v for _, v in query} | set(headers.values())


def filled(recorded: bytes, live: bytes) -> bool:
    """Whether `live` is `recorded` with a value in place of each `<redacted>` (as written in text or XML)."""
    text = recorded.decode("latin-1")
    pattern = ".+?".join(re.escape(part) for part in re.split(f"{re.escape(REDACTED)}|{re.escape(ESCAPED)}", text))
    return re.fullmatch(pattern, live.decode("latin-1"), re.S) is not None


def test_every_recorded_answer_comes_back_byte_for_byte(session: Session, replaying: httpx.Client) -> None:
    sidecars = find_sidecars([session.folder])
    assert len(sidecars) == len(session.calls)
    secrets = secrets_of(session.app)

    for call, live, sidecar in zip(session.calls, session.live, sidecars, strict=True):
        recording = load_recording(sidecar)
        answer = replaying.request(call.method, call.path, headers=call.headers)
        assert answer.status_code == live.status_code == recording.status, (call.path, answer.text[:300])
        assert answer.headers["content-type"] == live.headers["content-type"], call.path
        assert MOCK_HEADER not in answer.headers  # a recorded answer, not the mock's
        for name in KEPT_HEADERS:
            if name in live.headers and name != "content-type":
                assert answer.headers[name] == live.headers[name] or filled(
                    answer.headers[name].encode("latin-1"), live.headers[name].encode("latin-1")
                ), (call.path, name)
        # where the answer echoed a credential, the recording holds `<redacted>` and the replay the
        # request's own value again: the live answer, byte for byte
        assert answer.content == live.content, call.path
        if answer.content != recording.body.read_bytes():
            assert any(secret.encode() in live.content for secret in secrets), call.path
            assert filled(recording.body.read_bytes(), live.content), call.path


def test_credentials_do_not_count_in_the_match(session: Session, replaying: httpx.Client) -> None:
    """The recorder wrote them `<redacted>`: a replay answers whoever asks, echoing their own credentials."""
    secrets = secrets_of(session.app)
    for call in session.calls:
        path = call.path
        for secret in secrets:
            path = path.replace(secret, "someone-else-entirely")
        headers = {k: "someone-else-entirely" for k in call.headers}
        plain = replaying.request(call.method, call.path, headers=call.headers)
        other = replaying.request(call.method, path, headers=headers)
        expected = plain.content
        for secret in secrets:
            expected = expected.replace(secret.encode(), b"someone-else-entirely")
        assert (other.status_code, other.content) == (plain.status_code, expected), path


def test_what_no_recording_answers_is_refused_under_strict(session: Session, replaying: httpx.Client) -> None:
    call = session.calls[0]
    answer = replaying.request(call.method, call.path + "&unrecorded=1", headers=call.headers)
    assert answer.status_code == session.app.shaper.http_status(404, None)
    reason = answer.headers[REPLAY_REASON]
    assert "unrecorded=1" in reason, reason
    assert find_sidecars([session.folder])[0].name in reason, reason  # the nearest: the one without it
    assert answer.headers[MOCK_HEADER] == session.api.name


def test_what_no_recording_answers_falls_through_to_the_mock(session: Session) -> None:
    app = create_app(session.api.name, session.api.spec, MockOptions(replay=session.folder, urls="mock"))
    call = session.calls[0]
    with serve(app) as url, serve(session.app) as live_url:
        unrecorded = call.path + "&unrecorded=1"
        answer = httpx.request(call.method, url + unrecorded, headers=call.headers)
        mocked = httpx.request(call.method, live_url + unrecorded, headers=call.headers)
        assert answer.headers[MOCK_HEADER] == session.api.name
        assert (answer.status_code, answer.content.replace(url.encode(), b"")) == (
            mocked.status_code,
            mocked.content.replace(live_url.encode(), b""),
        )


def test_recordings_of_one_request_answer_in_turn(session: Session, tmp_path: Path) -> None:
    """Two recordings of one request (a read, a write, the read again): the first, then the last, again and again."""
    source = find_sidecars([session.folder])[0]
    recording = load_recording(source)
    for number, body in (("0001", b"first"), ("0002", b"second")):
        (tmp_path / f"{number}-again{recording.body.suffix}").write_bytes(body)
        (tmp_path / f"{number}-again.exchange.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    app = create_app(session.api.name, session.api.spec, MockOptions(replay=tmp_path))
    call = session.calls[0]
    with serve(app) as url:
        bodies = [httpx.request(call.method, url + call.path, headers=call.headers).content for _ in range(3)]
        assert bodies == [b"first", b"second", b"second"]
        httpx.post(url + "/_mock/reset")
        assert httpx.request(call.method, url + call.path, headers=call.headers).content == b"first"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("api", APIS, ids=[api.name for api in APIS])
def test_bad_replay_folders_are_one_line(api: ApiConfig, tmp_path: Path) -> None:
    code, _, err = invoke("mock", api.name, "--replay", str(tmp_path / "nowhere"), "--port", "1")
    assert (code, err.strip().splitlines()[-1]) == (
        2,
        f"soundspec: error: --replay {tmp_path / 'nowhere'}: no such folder of recordings",
    )
    code, _, err = invoke("mock", api.name, "--replay", str(tmp_path))
    assert code == 2 and "no recordings" in err, err
    (tmp_path / "x.exchange.yaml").write_text(yaml.safe_dump({"method": "GET"}), encoding="utf-8")
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    code, _, err = invoke("mock", api.name, "--replay", str(tmp_path))
    assert code == 2 and "x.exchange.yaml: missing path, status, source" in err, err
    code, _, err = invoke("mock", api.name, "--replay-strict")
    assert code == 2 and "--replay-strict wants --replay DIR" in err, err
