"""What each API's page says in its samples and headings, read from the committed pages and the
pages' model: arguments come from the spec's examples, the token operation is called through the
client's OAuth flows, headings render their Markdown, limits read as words."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from generator.config import ApiConfig, load_project
from generator.docs import examples
from generator.docs.page import build_page
from generator.specs import load_spec
from tests.support import ROOT

APIS = load_project(ROOT).apis


def _flows(api: ApiConfig) -> str | None:
    """The token operation of the API's OAuth 2 flows, if it has them."""
    auth = load_spec(api.spec).quirks.auth
    return auth.oauth2.token_operation if auth and auth.oauth2 else None


WITH_FLOWS = [a for a in APIS if _flows(a)]


def _page_text(api: ApiConfig) -> str:
    return (api.docs / f"{api.name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_a_call_without_required_arguments_shows_optional_ones_from_the_examples(api: ApiConfig) -> None:
    page = build_page(api, load_spec(api.spec))
    for op in page.operations:
        arguments = [p for p in op.params if p.argument is not None]
        if any(p.row.required for p in arguments) or op.requires_any:
            continue
        with_example = [p for p in arguments if p.has_example or "example" in p.schema or p.schema.get("examples")]
        for param in with_example[: examples.OPTIONAL_SHOWN]:
            assert f"{param.argument}=" in op.python, (op.operation_id, op.python)
        if not with_example and op.body is None:
            assert f"{op.call}()" in op.python


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_a_body_field_without_an_example_takes_one_another_example_gives(api: ApiConfig) -> None:
    page = build_page(api, load_spec(api.spec))
    samples = page.setup.samples
    for op in page.operations:
        for content in op.body.contents if op.body and not op.body.contents[0].examples else []:
            for row in content.fields:
                if row.required and row.example is None and row.name in samples and not row.children:
                    value = examples.body_skeleton(content.fields, samples)[row.name]
                    assert value == samples[row.name], (op.operation_id, row.name)
    placeholders = re.findall(r'"[A-Z_]+\[[A-Z_\]\[]+\]"', "\n".join(op.python for op in page.operations))
    assert placeholders == []


@pytest.mark.parametrize("api", WITH_FLOWS, ids=[a.name for a in WITH_FLOWS])
def test_the_token_operation_is_called_through_the_oauth_flows(api: ApiConfig) -> None:
    page = build_page(api, load_spec(api.spec))
    token = next(op for op in page.operations if op.operation_id == _flows(api))
    assert "token = client.oauth." in token.python
    assert ".from_dict(" not in token.python
    assert 'client_secret=os.environ["' in token.python


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_headings_render_their_markdown_and_limits_read_as_words(api: ApiConfig) -> None:
    text = _page_text(api)
    summaries = [htmllib.unescape(s) for s in re.findall(r"<summary>(.*?)</summary>", text, re.S)]
    assert [s for s in summaries if "`" in re.sub(r"<code>.*?</code>", "", s)] == []
    assert "at least 1 characters" not in text and "at least 1 items" not in text
