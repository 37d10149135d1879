"""`proxy --record` keeps credentials off the disk: in the query, the headers and the bodies.

Real servers on 127.0.0.1 behind the real proxy: Lockers (tests/contract/fixtures/lockers.yaml),
whose answers echo the caller's key and tokens in URLs of every format and whose token endpoint
answers in four, and the SoundCloud mock. Every byte of the recording folder is searched for
every secret, and the recordings must still pass check-recordings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
import yaml

from generator.config import Project
from generator.contract.exchange import SpecIndex
from generator.contract.proxy import ProxyOptions, ValidatingProxy
from generator.contract.recorder import Recorder
from generator.contract.recordings import check_recording_files
from generator.contract.redact import Redactor
from generator.mock import MockOptions, create_app
from generator.mock.asgi import Receive, Send, lifespan
from generator.specs import load_spec
from generator.wire import xml_dialect
from tests.contract.cli import invoke
from tests.contract.servers import serve

SPEC = Path(__file__).parent / "fixtures" / "lockers.yaml"
DIALECT = {"root": "response", "item": "resource", "literals": {"True": True, "False": False, "None": None}}
KEY = "lk-5f1e2d3c4b5a6978"
CLIENT_SECRET = "cs-0a1b2c3d4e5f6a7b"
ACCESS, REFRESH = "at-9e8d7c6b5a4f3e2d1c0b", "0123456789abcdef0123456789abcdef"
TOKEN = {"access_token": ACCESS, "token_type": "bearer", "expires_in": 3600, "refresh_token": REFRESH}
SECRETS = (KEY, CLIENT_SECRET, ACCESS, REFRESH)
FORM = "application/x-www-form-urlencoded"


class Lockers:
    """Answers listings whose URLs echo the caller's key (and a token), and tokens, in every format."""

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        query = dict(parse_qsl(scope["query_string"].decode(), keep_blank_values=True))
        base = f"http://{dict(scope['headers'])[b'host'].decode()}/api"
        if scope["path"] == "/api/auth/token/":
            data: dict[str, Any] = TOKEN
        else:
            key = query.get("locker_key", "")
            data = {
                "lockers": [
                    {"id": 1, "href": f"{base}/lockers/1/?locker_key={key}"},
                    {"id": 2, "href": f"{base}/lockers/2/#access_token={ACCESS}&locker_key={key}"},
                    {
                        "id": 3,
                        "href": f"{base}/lockers/3/",
                        "note": f"sign in: {base}/login/?next=%2Fapi%2F%3Flocker_key%3D{key}%26page%3D3",
                    },
                ],
                "next": f"{base}/lockers/?page=2&locker_key={key}&format={query.get('format', 'json')}",
            }
        media, body = self.render(data, query, dict(scope["headers"]).get(b"accept", b"").decode())
        headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def render(data: dict[str, Any], query: dict[str, str], accept: str) -> tuple[str, bytes]:
        if accept == FORM:
            return FORM, urlencode(data).encode()
        if query.get("callback"):  # escaped as PHP and Rails escape: `\/` and `\u0026`
            text = json.dumps(data).replace("/", "\\/").replace("&", "\\u0026")
            return "text/javascript", f"{query['callback']}({text});".encode()
        fmt = query.get("format", "json")
        if fmt == "xml":
            return "text/xml; charset=utf-8", xml_dialect.encode(data, DIALECT)
        if fmt == "yaml":
            return "application/x-yaml", yaml.safe_dump(data, sort_keys=False).encode()
        return "application/json", json.dumps(data, indent=2).encode()


@pytest.fixture(scope="module")
def lockers() -> SpecIndex:
    return SpecIndex(load_spec(SPEC).model)


def record(index: SpecIndex, upstream: str, folder: Path, calls: list[tuple[str, str, dict[str, Any]]]) -> list[bytes]:
    """The bodies the client got through the recording proxy, one per call."""
    proxy = ValidatingProxy(index, ProxyOptions(upstream), recorder=Recorder(folder, index))
    with serve(proxy) as base:
        return [httpx.request(method, base + path, **kwargs).content for method, path, kwargs in calls]


def leaks(folder: Path, secrets: list[str]) -> list[tuple[str, str]]:
    """(file, secret) for every secret found in any file's bytes."""
    return [(p.name, s) for p in sorted(folder.iterdir()) for s in secrets if s.encode() in p.read_bytes()]


def test_lockers_recordings_hold_no_credential_and_still_check(lockers: SpecIndex, tmp_path: Path) -> None:
    grant = {"data": {"grant_type": "client_credentials", "client_id": "lockers-app", "client_secret": CLIENT_SECRET}}
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"/lockers/?page=1&locker_key={KEY}&format={fmt}", {}) for fmt in ("json", "xml", "yaml")
    ]
    calls.append(("GET", f"/lockers/?page=1&locker_key={KEY}&callback=show", {}))
    calls += [("POST", f"/auth/token/?format={fmt}", grant) for fmt in ("json", "xml", "yaml")]
    calls.append(("POST", "/auth/token/", dict(grant, headers={"Accept": FORM})))
    folder = tmp_path / "rec"
    with serve(Lockers()) as upstream:
        answers = record(lockers, upstream + "/api", folder, calls)
    assert all(any(s.encode() in a for s in SECRETS) for a in answers)  # the client got them all
    assert leaks(folder, list(SECRETS)) == []
    bodies = sorted(p for p in folder.iterdir() if not p.name.endswith(".exchange.yaml"))
    assert [p.suffix for p in bodies] == [".json", ".xml", ".yaml", ".txt", ".json", ".xml", ".yaml", ".bin"]
    for answer, body in zip(answers, bodies, strict=True):
        # exactly the secrets differ: each became the marker, escaped in XML text
        marker = "&lt;redacted&gt;" if body.suffix == ".xml" else "<redacted>"
        expected = answer.decode()
        for secret in SECRETS:
            expected = expected.replace(secret, marker)
        assert body.read_text() == expected, body.name
    page = json.loads(bodies[0].read_text())
    assert page["next"].endswith("/lockers/?page=2&locker_key=<redacted>&format=json")
    assert page["lockers"][1]["href"].endswith("/lockers/2/#access_token=<redacted>&locker_key=<redacted>")
    assert page["lockers"][2]["note"].endswith("%3Flocker_key%3D<redacted>%26page%3D3")
    token = json.loads(bodies[4].read_text())
    assert token == dict(TOKEN, access_token="<redacted>", refresh_token="<redacted>")
    assert dict(parse_qsl(bodies[7].read_text()))["refresh_token"] == "<redacted>"
    # a redacted URL is no `uri` and a redacted token is too short: the check skips them, as in the query
    result = check_recording_files(lockers, [folder])
    assert (result.checked, result.findings) == (8, [])


def test_soundcloud_mock_recordings_hold_no_credential(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = project.select(["soundcloud"])[0]
    index = SpecIndex(load_spec(api.spec).model)
    cid, secret = "mock-client-id", "mock-client-secret"
    folder = tmp_path / "rec"
    with serve(create_app("soundcloud", api.spec, MockOptions())) as upstream:
        proxy = ValidatingProxy(index, ProxyOptions(upstream), recorder=Recorder(folder, index))
        with serve(proxy) as base, httpx.Client(base_url=base) as client:
            connect = f"/connect?client_id={cid}&redirect_uri=http://app.test/cb&response_type="
            code = client.get(connect + "code").headers["location"].split("code=")[1]
            implicit = client.get(connect + "token").headers["location"]
            grant = {"client_id": cid, "client_secret": secret, "redirect_uri": "http://app.test/cb", "code": code}
            issued = client.post("/oauth2/token", data=dict(grant, grant_type="authorization_code")).json()
            refresh = {"client_id": cid, "client_secret": secret, "refresh_token": issued["refresh_token"]}
            xml = client.post("/oauth2/token.xml", data=dict(refresh, grant_type="refresh_token")).text
            user = f"oauth_token={issued['access_token']}&linked_partitioning=1&limit=1"
            pages = [client.get(f"/me/favorites?{user}"), client.get(f"/me/favorites.xml?{user}")]
            pages += [client.get(f"/tracks?client_id={cid}&linked_partitioning=1&limit=1&callback=cb")]
            (track,) = client.get(f"/tracks?client_id={cid}&limit=1").json()
            resolved = client.get(f"/resolve.json?client_id={cid}&url={track['permalink_url']}")
    secrets = [cid, secret, code, issued["access_token"], issued["refresh_token"]]
    secrets += [implicit.split("access_token=")[1].split("&")[0]]
    secrets += [xml.split(f"<{name}>")[1].split("<")[0] for name in ("access-token", "refresh-token")]
    assert [p.status_code for p in pages] == [200, 200, 200]
    assert all(cid in p.text or issued["access_token"] in p.text for p in pages)  # the URLs echo them
    assert cid in resolved.text
    assert leaks(folder, secrets) == []
    text = "".join(p.read_text() for p in folder.iterdir())
    assert text.count("<redacted>") > 10 and "&lt;redacted&gt;" in text
    monkeypatch.chdir(project.root)
    status, out, err = invoke("check-recordings", "soundcloud", str(folder))
    assert (status, err.splitlines()[-1]) == (0, "soundcloud: 9 recording(s), 0 mismatch(es)"), out


def test_binary_bodies_are_written_as_they_came(lockers: SpecIndex) -> None:
    redactor = Redactor(lockers)
    audio = b"ID3\x04\x00\xff\xfb" + f"http://x/?locker_key={KEY}".encode() + b"\x00\xfe"
    assert redactor.body("GET", "/lockers/", "audio/mpeg", audio) == audio
    assert redactor.body("GET", "/lockers/", "application/octet-stream", audio) == audio
    # text without a declared type is text
    assert redactor.body("GET", "/lockers/", "", f"?locker_key={KEY}".encode()) == b"?locker_key=<redacted>"


def test_the_names_are_the_specs_and_oauths(lockers: SpecIndex) -> None:
    redactor = Redactor(lockers, ["session"])
    location = f"http://app.test/cb?code=c0de&api_key=kept&session=s1&locker_key={KEY}#access_token=t0k&scope=%2A"
    assert redactor.text(location) == (
        "http://app.test/cb?code=<redacted>&api_key=kept&session=<redacted>&locker_key=<redacted>"
        "#access_token=<redacted>&scope=%2A"
    )
    assert redactor.query({"locker_key": [KEY], "page": ["1"], "ids": ["1", "2"]}) == {
        "locker_key": "<redacted>",
        "page": "1",
        "ids": ["1", "2"],
    }
