"""The fuzzers against recorded servers, for every API of the config: `fuzz-client --replay` drives
the generated client against the answers a recorded run got, and `fuzz --url` tests a replaying
mock served over HTTP, as it declares itself."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from generator.config import ApiConfig, load_project
from generator.contract.cli_fuzz import fuzz_api
from generator.contract.clientfuzz import fuzz_client
from generator.contract.clientrun import client_summary, fuzz_api_client, prepare
from generator.contract.exchange import SpecIndex
from generator.contract.fuzzrun import FuzzReport
from generator.contract.harness import FuzzSettings
from generator.contract.proxy import ProxyOptions, ValidatingProxy
from generator.contract.recorder import Recorder
from generator.contract.report import summary
from generator.contract.targets import MOCK_PORT, mock_credentials
from generator.mock import MockOptions, create_app
from generator.mock.hints import refused_values
from generator.recordings import find_sidecars, load_recording
from generator.specs import load_spec
from tests.contract.servers import serve
from tests.mock.conftest import launched
from tests.support import ROOT

APIS = load_project(ROOT).apis
Recorded = tuple[ApiConfig, Path, int]  # an API, the recordings of a client fuzzing run, its calls
CALLS = 3  # client calls per operation
SEED = 5


def record_client_run(api: ApiConfig, folder: Path) -> int:
    """A client fuzzing run through the recording proxy in front of the mock, in-process; its calls."""
    client, schema, app = prepare(api)
    index = SpecIndex(load_spec(api.spec).model)
    proxy = ValidatingProxy(
        index, ProxyOptions(f"http://127.0.0.1:{MOCK_PORT}"), recorder=Recorder(folder, index),
        transport=httpx.ASGITransport(app=app),
    )  # fmt: skip
    report = fuzz_client(client, schema, proxy, examples=CALLS, seed_value=SEED)
    assert report.ok, client_summary(api.name, report)
    return report.cases


@pytest.fixture(scope="module", params=APIS, ids=[api.name for api in APIS])
def recorded_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """(API, the recordings of a client fuzzing run, its calls)."""
    folder = tmp_path_factory.mktemp(f"client-run-{request.param.name}")
    return request.param, folder, record_client_run(request.param, folder)


def test_fuzz_client_replays_a_recorded_run(recorded_run: Recorded, tmp_path: Path) -> None:
    api, folder, calls = recorded_run
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    recorded = len(find_sidecars([tmp_path]))
    assert recorded >= calls > 0
    report = fuzz_api_client(api, examples=CALLS, seed=SEED, replay=tmp_path)
    text = client_summary(api.name, report)
    assert report.ok, text
    # the same calls again: every answer is a recorded one, in the order it was recorded
    assert report.cases == calls
    assert report.replayed == recorded, text
    assert f"answers replayed from recordings: {recorded}" in text


def served_fuzz(api: ApiConfig, settings: FuzzSettings, options: MockOptions) -> tuple[FuzzReport, str, list[str]]:
    """`fuzz --url` against the API's mock served over HTTP: (report, summary, announced lines)."""
    index = SpecIndex(load_spec(api.spec).model)
    credentials = mock_credentials(index.quirks)
    options = replace(options, credentials={k: (v,) for k, v in credentials.items()})
    lines: list[str] = []
    with serve(create_app(api.name, api.spec, options)) as url:
        given = [f"{k}={v}" for k, v in credentials.items()]
        report, labels = fuzz_api(api, settings, url + index.base_path, given, lines.append)
        # told apart from the real server, and so tested as it declares itself
        assert lines == [f"{api.name}: fuzzing {url + index.base_path} (a soundspec mock) with seed {settings.seed}"]
    return report, summary(api.name, report, all_operations=labels, replay=""), labels


def test_fuzz_url_against_a_replaying_mock(recorded_run: Recorded, tmp_path: Path) -> None:
    api, folder, _ = recorded_run
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    # a replay matches no request body: a recorded refusal of one body would answer every other body
    for sidecar in find_sidecars([tmp_path]):
        if load_recording(sidecar).method != "get":
            load_recording(sidecar).body.unlink()
            sidecar.unlink()
    settings = FuzzSettings(max_examples=1, seed=SEED, phases=("fuzzing",), exclude_checks=("ignored_auth",))
    report, text, labels = served_fuzz(api, settings, MockOptions(replay=tmp_path))
    assert report.ok, text
    assert sorted(report.operations) == sorted(labels), text


def refusing(api: ApiConfig) -> list[str]:
    """Labels of the operations with a parameter whose value the mock refuses on purpose (x-soundspec-mock)."""
    model = load_spec(api.spec).model
    return [
        f"{op.method.upper()} {op.path}"
        for op in model.operations
        if any(refused_values(p.node) for p in op.parameters)
    ]


REFUSING = [api for api in APIS if refusing(api)]


@pytest.mark.parametrize("api", REFUSING, ids=[api.name for api in REFUSING])
def test_a_live_mock_is_fuzzed_as_it_declares_itself(api: ApiConfig) -> None:
    """The coverage phase sends every value a parameter's schema admits: not the ones the mock refuses
    on purpose (a format whose reading runs code), which only in-process runs knew to take out before."""
    settings = FuzzSettings(max_examples=1, seed=SEED, phases=("coverage",), exclude_checks=("ignored_auth",))
    credentials = mock_credentials(SpecIndex(load_spec(api.spec).model).quirks)
    given = [f"{k}={v}" for k, v in credentials.items()]
    # `soundspec mock` as people run it, in a process of its own
    with launched(api.name, *(f"--credential={item}" for item in given)) as url:
        report, labels = fuzz_api(api, settings, url, given, lambda _line: None)
    text = summary(api.name, report, all_operations=labels, replay="")
    assert report.ok, text
    assert set(refusing(api)) <= report.operations, text
