"""Screenshots of every API's reference page for docs/screenshots/, taken in the browser the
browser tests drive (`scripts/screenshots` runs this module).

Each page is shot at each width of WIDTHS, scrolled to its first operation. The folder's
manifest.json names the APIs, the widths and a digest of the page templates they were taken
with, so a test can tell screenshots that are missing or older than the templates without
comparing pixels; its README.md shows them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.config import ApiConfig, load_project
from generator.docs.render import TEMPLATES
from tests.docs.cdp import Browser, Page
from tests.support import ROOT

FOLDER = ROOT / "docs" / "screenshots"
MANIFEST = FOLDER / "manifest.json"
WIDTHS = {390: 844, 1280: 800}  # width -> height: a phone and a laptop
PHONE = 600  # narrower than this is emulated as a touch device


def templates_digest() -> str:
    """What the page looks like is decided by these files (the spec decides what it says)."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_name(api: str, width: int) -> str:
    return f"{api}-{width}.png"


def set_viewport(page: Page, width: int, height: int) -> None:
    page.call(
        "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < PHONE
    )


def shoot(apis: list[ApiConfig], folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with Browser() as browser:
        for api in apis:
            html = api.docs / f"{api.name}.html"
            for width, height in WIDTHS.items():
                page = browser.new_page()
                set_viewport(page, width, height)
                page.goto(html.resolve().as_uri())
                page.evaluate("document.querySelector('article.op').scrollIntoView()")
                target = folder / file_name(api.name, width)
                page.screenshot(target)
                written.append(target)
    manifest = {"templates": templates_digest(), "widths": sorted(WIDTHS), "apis": [a.name for a in apis]}
    (folder / MANIFEST.name).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# The reference pages, as a browser shows them",
        "",
        "Taken by `scripts/screenshots` in headless Chromium, scrolled to the first operation;"
        " `tests/docs/test_docs_screenshots.py` fails when one is missing or older than the page templates.",
        "",
    ]
    for api in apis:
        lines.append(f"## {api.name}")
        lines.append("")
        lines += [f"![{api.name} at {w} px]({file_name(api.name, w)})" for w in sorted(WIDTHS)]
        lines.append("")
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return written


def main() -> None:
    apis = load_project(ROOT).apis
    for path in shoot(apis):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
