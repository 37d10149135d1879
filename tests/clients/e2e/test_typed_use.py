"""The READMEs' examples as typed user scripts (tests/clients/typed_use): they pass mypy --strict
with no cast and no isinstance check on a field the server always sends, and run against the
mocks over real HTTP."""

from __future__ import annotations

import subprocess
import sys

from generator.mock.apis.freesound import DEFAULT_KEY
from generator.mock.apis.soundcloud_oauth import CLIENT_ID
from tests.clients.support import ServedApp
from tests.clients.typed_use import freesound_use, soundcloud_use
from tests.support import ROOT

TOKEN = "1-1561-mock-access-token"  # the mock's default user token
SCRIPTS = ROOT / "tests" / "clients" / "typed_use"


def test_the_scripts_pass_mypy_strict_without_casts() -> None:
    sources = [p.read_text(encoding="utf-8") for p in SCRIPTS.glob("*_use.py")]
    assert len(sources) == 2
    assert not any("cast(" in s or "type: ignore" in s or "isinstance(" in s for s in sources)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", ".mypy_cache/typed_use", str(SCRIPTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_freesound_script_runs_against_the_mock(freesound_mock: ServedApp) -> None:
    seen = freesound_use.use(DEFAULT_KEY, f"{freesound_mock.url}/api")
    durations = [d for _, d in seen.shortest]
    assert durations and durations == sorted(durations)
    assert seen.iterated > 0 and seen.async_first
    assert seen.detail == ("SWING1MT.WAV", "terminal")
    assert seen.partial_ids
    assert seen.missing == 404
    status, media, name, ids = seen.raw
    assert (status, name) == (200, "SWING1MT.WAV")
    assert media.startswith("application/json")
    assert ids
    assert seen.streamed[0].endswith(".wav") and seen.streamed[1] > 0 and seen.streamed[2]


def test_the_soundcloud_script_runs_against_the_mock(soundcloud_mock: ServedApp) -> None:
    seen = soundcloud_use.use(CLIENT_ID, TOKEN, soundcloud_mock.url)
    durations = [d for _, d in seen.longest]
    assert durations and durations == sorted(durations, reverse=True)
    assert seen.linked[0] == 2
    assert seen.paged > 2  # more than one page of two
    assert seen.missing == 404
