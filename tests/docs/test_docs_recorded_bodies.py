"""A recording's body is shown as recorded: no number, escape or key is rewritten on the page."""

from __future__ import annotations

import html as htmllib
import json

import pytest

from generator.config import load_project
from generator.docs.jsonlayout import reindent, tokens
from generator.docs.recorded import MAX_LINES, body_text
from tests.support import ROOT

API_NAMES = [api.name for api in load_project(ROOT).apis]

COMPACT = '{"duration": 20.000333333299999, "name": "caf\\u00e9 \\"x\\"", "big": 1E+2, "a": [], "o": {"k": [1, {}]}}'


def test_a_one_line_json_body_is_laid_out_with_every_token_as_written() -> None:
    shown = body_text(COMPACT.encode(), "application/json; charset=utf-8")
    assert shown.count("\n") > 5
    assert tokens(shown) == tokens(COMPACT)
    assert '"duration": 20.000333333299999,' in shown
    assert '"name": "caf\\u00e9 \\"x\\""' in shown and '"big": 1E+2' in shown
    assert '"a": [],' in shown


def test_a_laid_out_body_is_shown_byte_for_byte() -> None:
    raw = '{\n    "duration": 20.000333333299999, \n    "samplerate": 48000.0\n}\n'
    assert body_text(raw.encode(), "application/json") == raw


@pytest.mark.parametrize("text", ['cb({"a": 1.50})', "NaN", '{"a": 1} trailing', "[1, 2"])
def test_what_is_not_one_strict_json_value_is_shown_verbatim(text: str) -> None:
    assert reindent(text) is None
    assert body_text(text.encode(), "application/json") == text


@pytest.mark.parametrize("api", API_NAMES)
def test_the_real_pages_show_the_recorded_bytes(api: str) -> None:
    page = (ROOT / "generated" / "docs" / f"{api}.html").read_text(encoding="utf-8")
    folder = ROOT / "specs" / "recordings" / api
    # every recording, whichever operation and request form it answered (a POSTed read, a dispatch value in any case)
    bodies = sorted(p for p in folder.iterdir() if p.suffix in {".json", ".xml"})
    for body in bodies:
        raw = body.read_text(encoding="utf-8")
        lines = raw.splitlines()
        shown = "\n".join(lines[:MAX_LINES])
        assert htmllib.escape(shown, quote=False) in page, body.name  # the `pre` filter's escaping
        if len(lines) > MAX_LINES:
            assert f"… {len(lines) - MAX_LINES} more lines in specs/recordings/{api}/" in page


def test_a_recorded_number_past_float_precision_is_shown_as_recorded() -> None:
    page = (ROOT / "generated" / "docs" / "freesound.html").read_text(encoding="utf-8")
    recorded = ROOT / "specs" / "recordings" / "freesound" / "sound_detail.recorded.json"
    detail = json.loads(recorded.read_text(encoding="utf-8"))
    assert detail["duration"] == 20.000333333299999
    assert '"duration": 20.000333333299999, ' in htmllib.unescape(page)
