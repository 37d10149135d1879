"""The Python examples are the generated clients' real surface: each one runs against the mock.

Every operation's snippet is executed as printed (imports, constructor, call), with the client
pointed at the API's mock server on 127.0.0.1 and the reader's credentials in the environment.
Every call must succeed: an API error (an upload the mock refuses, a call short of a parameter
the API needs, an id the mock does not have) fails the test unless it is listed, with its
reason, in EXPECTED_FAILURES; any other exception is a misuse of the client.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from generator.config import ApiConfig, load_project
from generator.docs.page import OAUTH_SECRET, build_page
from generator.mock import MockOptions, create_app
from generator.mock.apis.soundcloud_oauth import CLIENT_SECRET
from generator.specs import load_spec
from tests.mock.conftest import Served
from tests.support import ROOT

APIS = load_project(ROOT).apis
SECRET = "docs-example-credential"
# operationId -> the error class its documented call ends in against the mock, and why
EXPECTED_FAILURES: dict[str, dict[str, str]] = {
    "freesound": {},
    "soundcloud": {},
}


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_every_documented_call_runs_against_the_mock(
    api: ApiConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_spec(api.spec)
    quirks = spec.quirks
    page = build_page(api, spec)
    package = importlib.import_module(api.package)
    client_class = getattr(package, quirks.class_name)
    api_error = getattr(package, quirks.error_class)
    arguments = [c.argument for c in quirks.auth.credentials] if quirks.auth else []
    options = MockOptions(credentials={name: (SECRET,) for name in arguments}, urls="mock")
    for name in arguments:
        monkeypatch.setenv(page.setup.env(name), SECRET)
    if quirks.auth and quirks.auth.oauth2:  # the secret of every app registered with the mock (docs/mock.md)
        monkeypatch.setenv(page.setup.env(OAUTH_SECRET), CLIENT_SECRET)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "upload.bin").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")
    with client_class() as bare:
        for op in page.operations:
            owner = getattr(bare, op.call.split(".")[1])
            assert callable(getattr(owner, op.method_name)), op.call
            assert not op.paginated or callable(getattr(owner, op.pager.split(".")[2])), op.pager
    answered: dict[str, str] = {}
    misuse: list[str] = []
    with Served(create_app(api.name, api.spec, options)) as served:
        base_url = served.url + urlsplit(page.server).path
        monkeypatch.setattr(package, quirks.class_name, functools.partial(client_class, base_url=base_url))
        for op in page.operations:
            httpx.post(f"{served.url}/_mock/reset")  # each example stands alone: earlier writes undone
            try:
                exec(compile(op.python, f"<{op.operation_id} example>", "exec"), {})
                answered[op.operation_id] = "ok"
            except api_error as err:
                answered[op.operation_id] = type(err).__name__
            except Exception as err:  # any other failure means the example misuses the client
                misuse.append(f"{op.operation_id}: {type(err).__name__}: {err}")
    assert misuse == []
    failed = {op: outcome for op, outcome in answered.items() if outcome != "ok"}
    assert failed == EXPECTED_FAILURES.get(api.name, {})
    assert len(answered) == len(page.operations)
