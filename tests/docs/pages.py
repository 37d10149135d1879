"""Helpers of the docs tests: render a fixture spec, read a page's anchors and links."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from generator.config import ApiConfig
from generator.docs.render import render_docs
from generator.specs import load_spec
from tests.support import FIXTURES, ROOT

DOCS_FIXTURES = ROOT / "tests" / "docs" / "fixtures"
QUIRKY = DOCS_FIXTURES / "quirky.yaml"
MINIMAL = FIXTURES / "minimal.yaml"


def render_fixture(spec: Path, out: Path, name: str | None = None) -> tuple[Path, Path]:
    """(html, md) of a spec rendered into `out`, under the API name `name` (the file's stem)."""
    name = name or spec.stem
    api = ApiConfig(name, spec, f"{name}_client", out / "client", out)
    out.mkdir(parents=True, exist_ok=True)
    html, md = render_docs(api, load_spec(spec), out)
    return html, md


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.sources: list[tuple[str, str, str]] = []  # (tag, attribute, value) that load something

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is None:
                continue
            if key == "id":
                self.ids.append(value)
            elif key == "href" and tag == "a":
                self.hrefs.append(value)
            elif key in ("src", "href", "srcset", "data", "poster", "action"):
                self.sources.append((tag, key, value))


def anchors(html: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(html)
    return parser


def github_anchor(heading: str) -> str:
    """GitHub's heading anchor, written independently of the generator's: Markdown syntax goes,
    then everything but letters, marks, digits, connector punctuation, spaces and hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
    kept = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LMN" or c == "_")
    return kept.replace(" ", "-")


def markdown_headings(md: str) -> list[str]:
    """Anchors of every heading outside code fences, with GitHub's -1, -2 for repeats."""
    seen: dict[str, int] = {}
    out = []
    fenced = False
    for line in md.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else re.match(r"^#{1,6} (.+?)\s*#*$", line)
        if match:
            slug = github_anchor(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            out.append(slug if count == 0 else f"{slug}-{count}")
    return out


def markdown_links(md: str) -> list[str]:
    """Link targets outside code fences and code spans."""
    targets = []
    fenced = False
    for line in md.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            prose = re.sub(r"`[^`]*`", "", line)
            targets += re.findall(r"\]\(([^)\s]+)\)", prose)
    return targets


def broken_markdown_links(md_path: Path) -> list[str]:
    """Internal links of a Markdown file (same-file anchors and relative files) that lead nowhere."""
    md = md_path.read_text(encoding="utf-8")
    headings = set(markdown_headings(md))
    targets: dict[Path, set[str]] = {}  # anchors of each linked file, read once

    def anchors_of(linked: Path) -> set[str]:
        if linked not in targets:
            text = linked.read_text(encoding="utf-8")
            targets[linked] = set(anchors(text).ids if linked.suffix == ".html" else markdown_headings(text))
        return targets[linked]

    broken = []
    for target in markdown_links(md):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # a link out to another site
        file_part, _, fragment = target.partition("#")
        if not file_part:
            if fragment not in headings:
                broken.append(target)
            continue
        linked = md_path.parent / file_part
        if not linked.is_file() or (fragment and fragment not in anchors_of(linked)):
            broken.append(target)
    return broken
