"""The committed screenshots in docs/screenshots/ are there for every API and width, at that
width, and taken with the current page templates (pixels are not compared: fonts differ
between machines). `scripts/screenshots` takes them again."""

from __future__ import annotations

import json
import struct

import pytest

from generator.config import load_project
from tests.docs.screenshots import FOLDER, MANIFEST, WIDTHS, file_name, templates_digest
from tests.support import ROOT

APIS = load_project(ROOT).apis
PNG = b"\x89PNG\r\n\x1a\n"
AGAIN = "run scripts/screenshots"


def _size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG and data[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize(
    ("api", "width"), [(a.name, w) for a in APIS for w in WIDTHS], ids=[f"{a.name}-{w}" for a in APIS for w in WIDTHS]
)
def test_a_screenshot_of_every_page_at_every_width(api: str, width: int) -> None:
    shot = FOLDER / file_name(api, width)
    assert shot.is_file(), f"{shot.relative_to(ROOT)} is missing: {AGAIN}"
    assert _size(shot.read_bytes()) == (width, WIDTHS[width])
    assert f"]({shot.name})" in (FOLDER / "README.md").read_text(encoding="utf-8")


def test_the_screenshots_were_taken_with_the_current_templates() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert manifest["templates"] == templates_digest(), f"the page templates changed since: {AGAIN}"
    assert manifest["apis"] == [a.name for a in APIS], AGAIN
    assert manifest["widths"] == sorted(WIDTHS), AGAIN
