"""`proxy --record` in front of every mock: no credential value the requests carried reaches the disk.

The secrets are sent where a careless client puts them (query, form, JSON, Authorization, inside
another parameter's URL) and where the mock echoes them in its own words (SoundCloud quotes a
refused form in `error_description`, as escaped JSON). Every byte written is searched.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pytest

from generator.config import load_project
from generator.contract.exchange import SpecIndex
from generator.contract.proxy import ProxyOptions, ValidatingProxy
from generator.contract.recorder import Recorder
from generator.contract.redact import credential_names
from generator.recordings import ALWAYS_SECRET
from generator.specs import load_spec
from tests.contract.servers import serve
from tests.support import ROOT

from .corpus import api_names, mock, targets


def secret(name: str) -> str:
    return f"S3cr3t-{name}-9f8e7d"


@pytest.mark.parametrize("name", api_names())
def test_recordings_hold_no_credential_value_the_requests_carried(name: str, tmp_path: Path) -> None:
    (api,) = load_project(ROOT).select([name])
    index = SpecIndex(load_spec(api.spec).model)
    where = targets(name)
    names = sorted(credential_names(index) | ALWAYS_SECRET)
    form = {n: secret(n) for n in names} | {"grant_type": "bogus"}
    # a URL inside a parameter's value, carrying a token of its own (`/resolve?url=...%3Foauth_token%3DX`)
    inner = "http://elsewhere.example/x?" + urlencode({n: secret("inner-" + n) for n in names})
    app = mock(name)
    token_op = (
        app.api.quirks.auth.oauth2.token_operation if app.api.quirks.auth and app.api.quirks.auth.oauth2 else None
    )
    token_paths = [app.api.prefix + op.template for op in app.api.operations if op.op_id == token_op]
    folder = tmp_path / "rec"
    with serve(app) as upstream:
        proxy = ValidatingProxy(index, ProxyOptions(upstream + app.api.prefix), recorder=Recorder(folder, index))
        with serve(proxy) as base, httpx.Client(base_url=base) as client:
            read = where.read.removeprefix(where.prefix)
            client.get(read, params={**where.credentials, "url": inner})
            client.get(read, params={"url": inner}, headers={"authorization": f"OAuth {secret('header')}"})
            for method, full in [(where.body_method, where.body), *(("POST", p) for p in token_paths)]:
                path = full.removeprefix(where.prefix)
                client.request(method, path, data=form)
                client.request(method, path, content=json.dumps(form), headers={"content-type": "application/json"})
    sent = [secret(n) for n in names] + [secret("inner-" + n) for n in names] + [secret("header")]
    sent += list(where.credentials.values())
    written = b"".join(p.read_bytes() for p in sorted(folder.iterdir()))
    assert len(list(folder.iterdir())) >= 8
    leaked = [s for s in sent if s.encode() in written or quote(s, safe="").encode() in written]
    assert leaked == []
    if token_paths:  # the refused form came back quoted in the answer: redacted there too
        assert b'\\"password\\":\\"<redacted>\\"' in written
