"""`soundspec fuzz` is not silent while it runs, and its summary shows what each failing case got:
for every API of the config, a line per phase where stderr is no terminal, a live display of the
operation under test where it is one, and the received status and body beside each curl line."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from rich.console import Console

from generator.config import ApiConfig, load_project
from generator.contract.cli_fuzz import fuzz_api
from generator.contract.exchange import SpecIndex
from generator.contract.harness import FuzzSettings
from generator.contract.report import summary
from generator.contract.targets import mock_credentials
from generator.mock import MockOptions, create_app
from generator.specs import load_spec
from tests.contract.servers import serve
from tests.support import ROOT

APIS = load_project(ROOT).apis
BROKEN = b"broken on purpose"
SETTINGS = FuzzSettings(max_examples=1, seed=3, phases=("examples", "fuzzing"), exclude_checks=("ignored_auth",))


@pytest.mark.parametrize("api", APIS, ids=[api.name for api in APIS])
def test_a_line_per_phase_where_stderr_is_no_terminal(api: ApiConfig) -> None:
    out = io.StringIO()
    report, _ = fuzz_api(api, SETTINGS, None, [], lambda _line: None, console=Console(file=out, force_terminal=False))
    lines = out.getvalue().splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == list(SETTINGS.phases), lines
    for phase, line in zip(SETTINGS.phases, lines, strict=True):
        found = re.fullmatch(
            rf"{phase} phase: (\d+) operation\(s\), (\d+) case\(s\), 0 failing check\(s\) in [\d.]+ s", line
        )
        assert found, line
        assert int(found.group(2)) == report.cases_by_phase[phase], (line, report.cases_by_phase)
        assert int(found.group(1)) == report.operations_total


@pytest.mark.parametrize("api", APIS, ids=[api.name for api in APIS])
def test_a_live_display_names_the_operations_where_stderr_is_a_terminal(api: ApiConfig) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=200, color_system=None)
    report, labels = fuzz_api(api, SETTINGS, None, [], lambda _line: None, console=console)
    shown = out.getvalue()
    assert any(label in shown for label in labels), shown[-500:]
    for phase in SETTINGS.phases:
        assert f"{report.operations_total}/{report.operations_total}" in shown and phase in shown, shown[-500:]


class Broken:
    """The mock, but every answer of the API is replaced by a 200 of plain text (HEAD as the mock answers it)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] == "HEAD":
            return await self.app(scope, receive, send)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": BROKEN})


@pytest.mark.parametrize("api", APIS, ids=[api.name for api in APIS])
def test_each_failure_shows_the_status_and_body_received(api: ApiConfig) -> None:
    credentials = mock_credentials(SpecIndex(load_spec(api.spec).model).quirks)
    app = create_app(api.name, api.spec, MockOptions(credentials={k: (v,) for k, v in credentials.items()}))
    base = SpecIndex(load_spec(api.spec).model).base_path
    settings = FuzzSettings(max_examples=1, seed=3, phases=("examples",), exclude_checks=("ignored_auth",))
    with serve(Broken(app)) as url:
        given = [f"{k}={v}" for k, v in credentials.items()]
        report, labels = fuzz_api(api, settings, url + base, given, lambda _line: None)
    assert report.failures
    assert all((f.status, f.body) == (200, BROKEN.decode()) for f in report.failures)
    text = summary(api.name, report, all_operations=labels, replay="")
    assert text.count(f"   received: 200 {BROKEN.decode()}\n   reproduce:\n     curl ") == len(report.failures), text
