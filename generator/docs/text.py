"""Text helpers of the templates: Markdown descriptions, code blocks, heading slugs."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

# descriptions are CommonMark; raw HTML in them is shown as text, never injected
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False})


def markdown(text: str) -> Markup:
    return Markup(_MARKDOWN.render(text)) if text.strip() else Markup("")  # noqa: S704


def markdown_inline(text: str) -> Markup:
    """One paragraph's worth of Markdown, without the <p>: for table cells and headings."""
    return Markup(_MARKDOWN.renderInline(" ".join(text.split())))  # noqa: S704


def pre(code: str) -> Markup:
    """Escaped for a text node: quotes stay quotes (attribute escaping would triple JSON's size)."""
    return Markup(html.escape(code, quote=False))  # noqa: S704


def path_breaks(path: str) -> Markup:
    """A URL path that may wrap after each `/`, never inside a segment."""
    return Markup("/<wbr>".join(html.escape(part) for part in path.split("/")))  # noqa: S704


def pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def one_line(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading (its text, without the Markdown syntax)."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
