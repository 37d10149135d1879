"""Each page in a real headless Chromium: one launch per page, every check in that one session.

Checks: no console errors or uncaught exceptions; nothing fetched but the file itself; every
in-page link lands on an element; every operation of the spec is on the page; anchors scroll to
their operation; the search filters operations by name and by field, and schemas by name and
field (and says how many match), and headings left without entries go; a copy button copies
its code block; nothing is wider than the screen at any width of WIDTHS (every operation's
card, every schema, with every collapsed part opened); the contents menu of a narrow screen
opens and takes the reader to an operation; without JavaScript every operation stays listed
and the search box stays hidden; the mock serves the same page at /docs, its samples calling
that mock. The time to the first paint is printed and recorded in test-artifacts/docs/
(not asserted: it depends on the machine). Screenshots go to test-artifacts/docs/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.apimodel import iter_operation_nodes
from generator.config import ApiConfig, load_project
from generator.mock import MockOptions, create_app
from generator.specs import load_spec
from tests.docs.cdp import Browser, Page
from tests.docs.pages import QUIRKY, render_fixture
from tests.docs.screenshots import set_viewport
from tests.mock.conftest import Served
from tests.support import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "docs"
APIS = load_project(ROOT).apis
WIDTHS = (320, 390, 768, 1280, 1920)
NARROW = 390

pytestmark = pytest.mark.browser

VISIBLE = "Array.from(document.querySelectorAll({sel})).filter(e => e.getClientRects().length > 0)"
# what sticks out sideways: the page itself, or anything in a card past the card's right edge
# (a code block scrolls inside itself: what is in a <pre> does not count, the <pre> does)
OVERFLOW = """(() => {
  const root = document.documentElement, width = root.clientWidth, out = [];
  if (root.scrollWidth > width) out.push('the page is ' + root.scrollWidth + ' px wide');
  for (const card of document.querySelectorAll('article.op, section.schema, section.quirk, #docs-vs-server, header')) {
    const edge = Math.min(width, card.getBoundingClientRect().right) + 0.5;
    for (const e of [card, ...card.querySelectorAll('*')]) {
      if (e.tagName !== 'PRE' && e.closest('pre')) continue;
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.right > edge) {
        out.push(`${card.id}: <${e.tagName.toLowerCase()} class="${e.className}"> reaches ${Math.round(r.right)} px`);
        break;
      }
    }
  }
  return out;
})()"""


# the first contentful paint may come after the load event on a small page: wait for it
PAINT = """new Promise(done => new PerformanceObserver((list, observer) => {
  const paint = list.getEntries().find(e => e.name === 'first-contentful-paint');
  if (paint) { observer.disconnect(); done(paint.startTime); }
}).observe({type: 'paint', buffered: true}))"""


@dataclass(frozen=True)
class Case:
    name: str
    spec: Path
    html: Path


def _visible(page: Page, selector: str, attribute: str = "id") -> list[str]:
    expression = VISIBLE.format(sel=json.dumps(selector)) + f".map(e => e.getAttribute({json.dumps(attribute)}))"
    result: list[str] = page.evaluate(expression)
    return result


def _search(page: Page, text: str) -> None:
    page.evaluate(
        f"(() => {{ const b = document.getElementById('search'); b.value = {json.dumps(text)};"
        " b.dispatchEvent(new Event('input')); })()"
    )


def _operations(spec: Path) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (op["operationId"], method.upper(), path, op)
        for path, method, _, op, _ in iter_operation_nodes(load_spec(spec).data)
    ]


def _a_schema_field(spec: Path) -> tuple[str, str] | None:
    """(schema, one of its property names) of the first component schema with properties."""
    schemas = (load_spec(spec).data.get("components") or {}).get("schemas") or {}
    for name, schema in schemas.items():
        if isinstance(schema, dict) and schema.get("properties"):
            return str(name), str(next(iter(schema["properties"])))
    return None


def check_search(page: Page, case: Case) -> list[str]:
    """The filter over operations (name, parameter) and schemas (name, field)."""
    problems = []
    expected = _operations(case.spec)
    ids = [f"op-{op_id}" for op_id, *_ in expected]
    schemas = len((load_spec(case.spec).data.get("components") or {}).get("schemas") or {})
    term = expected[0][0].lower()
    page.type_text("#search", term)
    matching = sorted(a for (op_id, *_), a in zip(expected, ids, strict=True) if term in op_id.lower())
    visible_ops = sorted(_visible(page, "article.op"))
    visible_nav = sorted(_visible(page, "li[data-op]", "data-op"))
    if not set(matching) <= set(visible_ops) or visible_nav != visible_ops:
        problems.append(f"searching {term!r} did not show {matching} in the page and in the contents")
    status = page.evaluate("document.getElementById('search-status').textContent")
    shown_schemas = len(_visible(page, "section.schema[id^='schema-']"))
    said = f"{len(visible_ops)} of {len(ids)} operation{'s' if len(ids) != 1 else ''}"
    if schemas:
        said += f", {shown_schemas} of {schemas} schema{'s' if schemas != 1 else ''}"
    responses = page.evaluate("document.querySelectorAll(\"section.schema[id^='response-']\").length")
    if responses:
        shown_responses = len(_visible(page, "section.schema[id^='response-']"))
        said += f", {shown_responses} of {responses} shared response{'s' if responses != 1 else ''}"
    if status != said + " match":
        problems.append(f"search status says {status!r}, not {said + ' match'!r}")
    page.screenshot(ARTIFACTS / f"{case.name}-search.png")

    _search(page, "zzqx-no-such-operation")
    if _visible(page, "article.op") or _visible(page, "section.tag") or _visible(page, "section.schema"):
        problems.append("a search matching nothing left operations, tag sections or schemas visible")
    if _visible(page, "[data-group]", "data-group"):
        problems.append(f"a search matching nothing left headings: {_visible(page, '[data-group]', 'data-group')}")

    last_id, _, _, last_op = expected[-1]
    params = [p for p in last_op.get("parameters") or [] if isinstance(p, dict) and "name" in p]
    if params:
        _search(page, params[0]["name"])
        if f"op-{last_id}" not in _visible(page, "article.op"):
            problems.append(f"searching the parameter {params[0]['name']!r} did not find {last_id}")

    found = _a_schema_field(case.spec)
    if found is not None:
        schema, field_name = found
        for text in (schema, field_name):
            _search(page, text)
            if f"schema-{schema}" not in _visible(page, "section.schema") or f"schema-{schema}" not in _visible(
                page, "li[data-item]", "data-item"
            ):
                problems.append(f"searching {text!r} did not show the schema {schema} (page and contents)")

    _search(page, "")
    if sorted(_visible(page, "article.op")) != sorted(ids):
        problems.append("clearing the search did not bring every operation back")
    return problems


def check_copy(page: Page) -> list[str]:
    """The copy button of the first operation's curl sample puts that sample on the clipboard."""
    page.call("Browser.grantPermissions", permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
    page.evaluate("navigator.clipboard.writeText('')")
    sample = "document.querySelector('article.op code[data-lang=\"sh\"]')"
    page.evaluate(f"{sample}.closest('.code').querySelector('button.copy').click()")
    copied = page.evaluate("new Promise(r => setTimeout(r, 100)).then(() => navigator.clipboard.readText())")
    shown = page.evaluate(f"{sample}.textContent")
    return [] if copied == shown and shown.startswith("curl") else [f"the copy button copied {copied[:60]!r}"]


def check_widths(page: Page, case: Case) -> list[str]:
    """Nothing sticks out sideways at any width, every collapsed part opened."""
    problems = []
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.evaluate("new Promise(r => setTimeout(r, 50))")  # the toggle events copy in what opens
    for width in WIDTHS:
        set_viewport(page, width, 900)
        problems += [f"at {width} px: {p}" for p in page.evaluate(OVERFLOW)]
    set_viewport(page, 1280, 900)
    return problems


def check_menu(page: Page, case: Case, anchor: str) -> list[str]:
    """On a narrow screen the contents open from the bar's button and take the reader there."""
    problems = []
    set_viewport(page, NARROW, 844)
    if _visible(page, "#toc"):
        problems.append(f"at {NARROW} px the contents are open before the menu is asked for")
    page.evaluate("document.querySelector('.menu').click()")
    toc = page.evaluate(
        "(() => { const r = document.getElementById('toc').getBoundingClientRect(); return [r.top, r.bottom]; })()"
    )
    if not _visible(page, "#toc") or toc[1] > 844 + 0.5:
        problems.append(f"at {NARROW} px the menu did not open the contents within the screen ({toc})")
    page.screenshot(ARTIFACTS / f"{case.name}-{NARROW}-menu.png")
    page.evaluate(f"document.querySelector('#toc li[data-op=\"{anchor}\"] a').click()")
    bar = page.evaluate("document.getElementById('sidebar').getBoundingClientRect().bottom")
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    if _visible(page, "#toc") or not bar - 1 <= top <= bar + 60:
        problems.append(f"at {NARROW} px the menu's link left #{anchor} at {top} px (the bar ends at {bar})")
    set_viewport(page, 1280, 900)
    return problems


def first_paint(browser: Browser, url: str, case: Case) -> str:
    """The time to the first contentful paint of a fresh tab (the median of three), recorded in
    test-artifacts/docs/ and returned as a line to report."""
    times = []
    for _ in range(3):
        page = browser.new_page()
        page.goto(url)
        times.append(float(page.evaluate(PAINT)))
        page.call("Page.close")
    paint = sorted(times)[1]
    size = case.html.stat().st_size
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    record = {"first_contentful_paint_ms": round(paint, 1), "runs_ms": [round(t, 1) for t in times], "bytes": size}
    (ARTIFACTS / f"{case.name}-first-paint.json").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return f"{case.name}.html ({size:,} bytes): first contentful paint {paint:.0f} ms"


def check_served(browser: Browser, served: str, base: str, ids: list[str]) -> list[str]:
    """The page the mock serves at /docs: the same operations, its samples calling `base`."""
    problems = []
    page = browser.new_page()
    page.goto(served)
    if sorted(_visible(page, "article.op")) != sorted(ids):
        problems.append(f"{served} does not show every operation")
    samples = page.evaluate(
        "Array.from(document.querySelectorAll('code.sample')).map(c => [c.dataset.lang, c.textContent])"
    )
    for lang, text in samples:
        if lang == "sh" and f'"{base}/' not in text:
            problems.append(f"a curl sample served by the mock does not call it: {text[:120]!r}")
        if lang == "python" and f'base_url="{base}"' not in text:
            problems.append(f"a Python sample served by the mock does not pass base_url={base!r}: {text[:160]!r}")
    problems += [f"console ({served}): {e}" for e in page.errors]
    fetched = [r for r in page.requests if r != served and not r.startswith("data:")]
    if fetched:
        problems.append(f"{served} fetched {fetched[:5]}")
    return problems


def check_page(
    case: Case, served: str | None = None, base: str | None = None, report: Callable[[str, object], None] | None = None
) -> list[str]:
    """Every problem found in one browser session on one page (an empty list: all good).

    With `served` (the page's URL on a mock server), the page is also loaded from there, and
    its samples must call `base`. The first paint goes to `report`.
    """
    problems: list[str] = []
    expected = _operations(case.spec)
    ids = [f"op-{op_id}" for op_id, *_ in expected]
    url = case.html.resolve().as_uri()
    with Browser() as browser:
        measured = first_paint(browser, url, case)
        if report is not None:
            report("measured", measured)
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
        for (op_id, method, path, _), anchor in zip(expected, ids, strict=True):
            heading = shown.get(anchor, "")
            if method not in heading or path not in heading:
                problems.append(f"operation {op_id} ({method} {path}) is not on the page (heading {heading!r})")
        if sorted(_visible(page, "article.op")) != sorted(ids):
            problems.append("before any search, not every operation is visible")

        page.evaluate(f"document.querySelector('nav li[data-op=\"{ids[-1]}\"] a').click()")
        top = page.evaluate(f"document.getElementById('{ids[-1]}').getBoundingClientRect().top")
        if page.evaluate("location.hash") != f"#{ids[-1]}" or not 0 <= top <= 40:
            problems.append(f"the sidebar link did not bring #{ids[-1]} to the top (top={top})")
        current = page.evaluate(
            "new Promise(r => setTimeout(r, 100)).then(() => "
            "Array.from(document.querySelectorAll('.toc a[aria-current]')).map(a => a.getAttribute('href')))"
        )
        if current != [f"#{ids[-1]}"]:
            problems.append(f"after scrolling to #{ids[-1]} the contents mark {current} as the current section")
        page.screenshot(ARTIFACTS / f"{case.name}-anchor.png")

        problems += check_search(page, case)
        problems += check_copy(page)
        problems += check_menu(page, case, ids[len(ids) // 2])
        problems += check_widths(page, case)

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

        if served is not None and base is not None:
            problems += check_served(browser, served, base, ids)
    return problems


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_the_committed_page_works_in_chromium(api: ApiConfig, record_property: Callable[[str, object], None]) -> None:
    html = api.docs / f"{api.name}.html"
    assert html.is_file(), f"{html} is not generated (run scripts/generate)"
    prefix = urlsplit(load_spec(api.spec).model.server_url or "").path.rstrip("/")
    with Served(create_app(api.name, api.spec, MockOptions(docs=api.docs))) as mock:
        case = Case(api.name, api.spec, html)
        problems = check_page(case, served=f"{mock.url}/docs", base=mock.url + prefix, report=record_property)
    assert problems == []


def test_a_page_with_every_quirk_works_in_chromium(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    html, _ = render_fixture(QUIRKY, tmp_path)
    assert check_page(Case("quirky", QUIRKY, html), report=record_property) == []
