"""Each page in a real headless Chromium: one launch per page, every check in that one session.

Checks: no console errors or uncaught exceptions; nothing fetched but the file itself; every
in-page link lands on an element; every operation of the spec is on the page; anchors scroll to
their operation; the search filters (and says how many match); without JavaScript every
operation stays listed and the search box stays hidden; the mock serves the same page at /docs.
Screenshots go to test-artifacts/docs/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.config import load_project
from generator.mock import MockOptions, create_app
from generator.specs import load_spec
from tests.docs.cdp import Browser, Page
from tests.docs.pages import QUIRKY, render_fixture
from tests.mock.conftest import Served
from tests.support import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "docs"
APIS = load_project(ROOT).apis

pytestmark = pytest.mark.browser

VISIBLE = "Array.from(document.querySelectorAll({sel})).filter(e => e.getClientRects().length > 0)"


@dataclass(frozen=True)
class Case:
    name: str
    spec: Path
    html: Path


def _visible(page: Page, selector: str, attribute: str = "id") -> list[str]:
    expression = VISIBLE.format(sel=json.dumps(selector)) + f".map(e => e.getAttribute({json.dumps(attribute)}))"
    result: list[str] = page.evaluate(expression)
    return result


def _operations(spec: Path) -> list[tuple[str, str, str]]:
    """(operationId, method, path as the heading shows it: a dispatched one on its shared path, with its value)."""
    return [
        (
            str(op.operation_id),
            op.method.upper(),
            f"{op.wire_path}?{op.dispatch.param}={op.dispatch.value}" if op.dispatch is not None else op.path,
        )
        for op in load_spec(spec).model.operations
    ]


def check_page(case: Case, served: str | None = None) -> list[str]:
    """Every problem found in one browser session on one page (an empty list: all good).

    With `served` (the page's URL on a mock server), the page is also loaded from there.
    """
    problems: list[str] = []
    expected = _operations(case.spec)
    ids = [f"op-{op_id}" for op_id, _, _ in expected]
    url = case.html.resolve().as_uri()
    with Browser() as browser:
        page = browser.new_page()
        page.goto(url)
        page.screenshot(ARTIFACTS / f"{case.name}-top.png")

        broken = page.evaluate(
            "Array.from(document.querySelectorAll('a[href^=\"#\"]')).map(a => a.getAttribute('href'))"
            ".filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))))"
        )
        if broken:
            problems.append(f"in-page links without an anchor: {sorted(set(broken))[:10]}")

        shown = page.evaluate(
            "Object.fromEntries(Array.from(document.querySelectorAll('article.op')).map("
            "a => [a.id, a.querySelector('h3').textContent]))"
        )
        for (op_id, method, path), anchor in zip(expected, ids, strict=True):
            heading = shown.get(anchor, "")
            if method not in heading or path not in heading:
                problems.append(f"operation {op_id} ({method} {path}) is not on the page (heading {heading!r})")
        if sorted(_visible(page, "article.op")) != sorted(ids):
            problems.append("before any search, not every operation is visible")

        last_id = expected[-1][0]
        page.evaluate(f"document.querySelector('nav li[data-op=\"op-{last_id}\"] a').click()")
        top = page.evaluate(f"document.getElementById('op-{last_id}').getBoundingClientRect().top")
        if page.evaluate("location.hash") != f"#op-{last_id}" or not 0 <= top <= 40:
            problems.append(f"the sidebar link did not bring #op-{last_id} to the top (top={top})")
        page.screenshot(ARTIFACTS / f"{case.name}-anchor.png")

        term = expected[0][0].lower()
        page.type_text("#search", term)
        matching = sorted(a for (op_id, _, _), a in zip(expected, ids, strict=True) if term in op_id.lower())
        visible_nav = sorted(_visible(page, "li[data-op]", "data-op"))
        if sorted(_visible(page, "article.op")) != matching or visible_nav != matching:
            problems.append(f"searching {term!r} did not leave exactly {matching} visible")
        status = page.evaluate("document.getElementById('search-status').textContent")
        if status != f"{len(matching)} of {len(ids)} operations match":
            problems.append(f"search status says {status!r}")
        page.screenshot(ARTIFACTS / f"{case.name}-search.png")
        page.type_text("#search", " zzqx-no-such-operation")
        if _visible(page, "article.op") or _visible(page, "section.tag"):
            problems.append("a search matching nothing left operations or tag sections visible")
        page.evaluate(
            "(() => { const b = document.getElementById('search'); b.value = '';"
            " b.dispatchEvent(new Event('input')); })()"
        )
        if sorted(_visible(page, "article.op")) != sorted(ids):
            problems.append("clearing the search did not bring every operation back")

        problems += [f"console: {e}" for e in page.errors]
        foreign = [r for r in page.requests if not r.startswith(("file:", "data:"))]
        if foreign:
            problems.append(f"the page fetched {foreign[:5]}")

        plain = browser.new_page(javascript=False)
        plain.goto(url)
        if sorted(_visible(plain, "article.op")) != sorted(ids):
            problems.append("without JavaScript not every operation is visible")
        if _visible(plain, "form.search", "class"):
            problems.append("without JavaScript the (useless) search box is shown")
        plain.screenshot(ARTIFACTS / f"{case.name}-nojs.png")
        problems += [f"console (no JS): {e}" for e in plain.errors]

        if served is not None:
            over_http = browser.new_page()
            over_http.goto(served)
            if sorted(_visible(over_http, "article.op")) != sorted(ids):
                problems.append(f"{served} does not show every operation")
            problems += [f"console ({served}): {e}" for e in over_http.errors]
            fetched = [r for r in over_http.requests if r != served and not r.startswith("data:")]
            if fetched:
                problems.append(f"{served} fetched {fetched[:5]}")
    return problems


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_the_committed_page_works_in_chromium(api: object) -> None:
    from generator.config import ApiConfig

    assert isinstance(api, ApiConfig)
    html = api.docs / f"{api.name}.html"
    assert html.is_file(), f"{html} is not generated (run scripts/generate)"
    with Served(create_app(api.name, api.spec, MockOptions(docs=api.docs))) as mock:
        assert check_page(Case(api.name, api.spec, html), served=f"{mock.url}/docs") == []


def test_a_page_with_every_quirk_works_in_chromium(tmp_path: Path) -> None:
    html, _ = render_fixture(QUIRKY, tmp_path)
    assert check_page(Case("quirky", QUIRKY, html)) == []
