"""Render one API's reference: `<api>.html` (one self-contained page) and `<api>.md`.

The pipeline stamps the do-not-edit header and swaps the files into place; this module only
writes them into the folder it is given. Output is a pure function of the spec, its quirks and
its recordings: no clocks, no absolute paths, stable ordering.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from ..config import ApiConfig
from ..specs import LoadedSpec
from . import pycall, text
from .page import Page, build_page
from .schemas import Part, schema_anchor

TEMPLATES = Path(__file__).parent / "templates"

_QUIRK_LINKS: tuple[tuple[str, str, Callable[[Page], bool]], ...] = (
    ("quirk-client", "The Python client", lambda p: True),
    ("quirk-auth", "Authentication", lambda p: bool(p.placements)),
    ("quirk-formats", "Formats", lambda p: p.quirks.formats is not None),
    ("quirk-jsonp", "JSONP", lambda p: p.quirks.formats is not None and p.quirks.formats.jsonp is not None),
    ("quirk-runtime", "Parameters the runtime sets", lambda p: bool(p.runtime_params)),
    ("quirk-request-id", "Request id", lambda p: p.quirks.request_id is not None),
    ("quirk-errors", "Errors", lambda p: p.quirks.errors is not None),
    ("quirk-dates", "Dates", lambda p: bool(p.quirks.dates)),
    ("quirk-trailing-slash", "Trailing slash", lambda p: p.quirks.trailing_slash is not None),
    ("quirk-pagination", "Pagination", lambda p: p.quirks.pagination is not None),
)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.jinja"), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters.update(
        md=text.markdown,
        inline=text.markdown_inline,
        pre=text.pre,
        path_breaks=text.path_breaks,
        pretty=text.pretty,
        cell=text.one_line,
        slug=text.github_slug,
    )
    return env


def client_setup(page: Page) -> str:
    """The import and constructor that every Python example of the page starts from."""
    credentials = page.quirks.auth.credentials if page.quirks.auth else ()
    args = ", ".join(f'{c.argument}=os.environ["{page.setup.env(c.argument)}"]' for c in credentials)
    lines = ["import os"] if credentials else []
    lines += [
        f"from {page.setup.package} import {page.setup.class_name}",
        "",
        f"client = {page.setup.class_name}({args})",
    ]
    return "\n".join(lines)


def _context(page: Page, source: str) -> dict[str, object]:
    oauth2 = page.quirks.auth.oauth2 if page.quirks.auth else None
    token_op = next((op for op in page.operations if oauth2 and op.operation_id == oauth2.token_operation), None)
    error_part = (
        Part(page.error_schema, "#" + schema_anchor(page.error_schema)) if page.error_schema else Part("an object")
    )
    return {
        "page": page,
        "source": source,
        "client_setup": client_setup(page),
        "quirk_links": [(anchor, label) for anchor, label, shown in _QUIRK_LINKS if shown(page)],
        "token_op": token_op,
        "error_part": error_part,
        "python_call": lambda op: pycall.python_call(op, page.setup),
    }


def render_docs(api: ApiConfig, spec: LoadedSpec, out_dir: Path) -> list[Path]:
    """Write `<api>.html` and `<api>.md` into `out_dir`; return their paths."""
    page = build_page(api, spec)
    context = _context(page, f"{spec.path.parent.name}/{spec.path.name}")
    env = environment()
    outputs = []
    for template, suffix in (("page.html.jinja", ".html"), ("reference.md.jinja", ".md")):
        target = out_dir / f"{api.name}{suffix}"
        target.write_text(env.get_template(template).render(context), encoding="utf-8", newline="\n")
        outputs.append(target)
    return outputs
