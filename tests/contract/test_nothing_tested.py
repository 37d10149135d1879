"""A run that tested nothing fails, bad input costs one line before any run, and a run mostly refused says why.

Every API of the project: an unknown check and an unknown operation are bad input (exit 2); a check
that applied to no answer, and a folder without recordings, exercised nothing (exit 1); a check
the API swaps for its own variant still runs; an unreachable `--url` is one line; an unwritable
`--junit` is refused before the run; a live run whose answers were mostly refusals of the
credentials warns and says how to pass one.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import CHECKS

from generator.config import load_project
from generator.mock import MockOptions, create_app
from tests.contract.cli import invoke
from tests.contract.servers import serve
from tests.support import ROOT

APIS = [api.name for api in load_project(ROOT).apis]
QUICK = ("--max-examples", "1", "--phases", "examples")


@pytest.fixture(autouse=True)
def _in_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for api in APIS:  # credentials from the environment would hide the refusals
        for name in [k for k in os.environ if k.startswith(f"SOUNDSPEC_{api.upper()}_")]:
            monkeypatch.delenv(name)


@pytest.mark.parametrize("name", APIS)
def test_an_unknown_check_is_bad_input(name: str) -> None:
    status, out, err = invoke("fuzz", name, "--check", "nope", *QUICK)
    assert status == 2 and out == "" and "no such check nope" in err and len(err.strip().splitlines()) == 1


@pytest.fixture
def never_applies() -> Iterator[str]:
    """A registered check that applies to no answer (schemathesis reads True as 'skipped')."""

    def applies_to_nothing(ctx: Any, response: Any, case: Any) -> bool | None:
        return True

    schemathesis.check(applies_to_nothing)
    yield applies_to_nothing.__name__
    CHECKS.unregister(applies_to_nothing.__name__)


@pytest.mark.parametrize("name", APIS)
def test_a_check_that_applied_to_nothing_fails(name: str, never_applies: str) -> None:
    status, out, _ = invoke("fuzz", name, "--check", never_applies, *QUICK)
    assert status == 1 and f"{name}: FAILED, no operation was exercised" in out, out


@pytest.mark.parametrize("name", APIS)
def test_a_check_the_api_swaps_out_still_runs(name: str) -> None:
    status, out, _ = invoke("fuzz", name, "--check", "not_a_server_error", *QUICK)
    assert status == 0 and f"{name}: OK" in out and not out.startswith(f"{name}: 0 of"), out


@pytest.mark.parametrize("name", APIS)
def test_fuzzing_an_unknown_client_operation_is_bad_input(name: str) -> None:
    status, _, err = invoke("fuzz-client", name, "--operation", "GET /nope", "--max-examples", "1")
    assert status == 2 and "no such operation GET /nope" in err


@pytest.mark.parametrize("name", APIS)
def test_checking_an_empty_recordings_folder_fails(name: str, tmp_path: Path) -> None:
    status, _, err = invoke("check-recordings", name, str(tmp_path))
    assert status == 1 and f"{name}: FAILED, no recording found" in err


@pytest.mark.parametrize("name", APIS)
def test_an_unreachable_url_is_one_line(name: str) -> None:
    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        status, out, err = invoke("fuzz", name, "--url", url, *QUICK)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1 and "cannot reach" in err, err


@pytest.mark.parametrize("name", APIS)
def test_an_unwritable_junit_path_is_refused_before_the_run(name: str) -> None:
    status, out, err = invoke("fuzz", name, "--junit", "/proc/nope/x.xml", *QUICK)
    assert status == 2 and out == "" and "fuzzing" not in err and "/proc/nope/x.xml" in err


@pytest.mark.parametrize("name", APIS)
def test_a_live_run_without_credentials_warns(name: str) -> None:
    (api,) = load_project(ROOT).select([name])
    app = create_app(api.name, api.spec, MockOptions())
    with serve(app) as base:
        _, _, err = invoke("fuzz", name, "--url", base + app.api.prefix, *QUICK)
    warning = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and "refused the credentials" in warning[0], err
    assert "--credential " in warning[0] and f"SOUNDSPEC_{name.upper()}_" in warning[0]
