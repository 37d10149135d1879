"""The throwaway fourth API (tests/fixtures/tunebase.yaml), loaded, for the tests of its vocabulary."""

from __future__ import annotations

from typing import Any

from generator.yamlsource import load_file
from tests.support import ROOT

TUNEBASE = ROOT / "tests" / "fixtures" / "tunebase.yaml"
KEY = "mock-api_key"


def tunebase() -> dict[str, Any]:
    """A fresh copy of the fixture's document (tests may change it)."""
    return load_file(TUNEBASE)[0]
