"""The docs-vs-server notes are counted for what they are: differences, silences, advice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.apimodel import iter_operation_nodes
from generator.config import ApiConfig, load_project
from generator.docs.claims import ADVICE, CLAIM, DIFFERED, SILENT, Claim, kind_of, summary
from generator.docs.page import build_page
from generator.specs import load_spec
from tests.docs.pages import QUIRKY, render_fixture
from tests.support import ROOT


@pytest.mark.parametrize(
    ("claimed", "kind"),
    [
        ("Undocumented endpoint (not in DOC).", SILENT),
        ("DOC's user field table leaves this key out.", SILENT),
        ("The reference does not mention this parameter.", SILENT),
        ('DOC: "we recommend using JSON, as this is the only format we test".', ADVICE),
        ("The docs said the maximum page size was 1000.", DIFFERED),
        ("DOC's field table names this key `analysis`; the server's key is `analysis_stats`.", DIFFERED),
        ("DOC writes every URI without the trailing slash.", DIFFERED),
    ],
)
def test_the_kind_of_a_note_comes_from_what_it_says(claimed: str, kind: str) -> None:
    assert kind_of(claimed) == kind


def note(claimed: str, subject: str) -> Claim:
    return Claim(None, "/", claimed, "", subject)


def test_the_summary_counts_each_kind_in_words() -> None:
    claims = [
        note("The docs said 5.", "field"),
        note("The docs said 404.", "endpoint"),
        note("Undocumented endpoint.", "endpoint"),
        note("Undocumented endpoint.", "endpoint"),
        note("The table leaves this key out.", "field"),
        note("DOC: we recommend JSON.", "parameter"),
    ]
    assert summary(claims) == (
        "The old official docs differed from the server in 2 places and were silent on 2 endpoints"
        " and 1 field; 1 more note keeps their advice."
    )
    assert summary(claims[:1]) == "The old official docs differed from the server in 1 place."
    assert summary(claims[2:3]) == "The old official docs were silent on 1 endpoint."
    assert summary(claims[5:]) == "The old official docs were not found wrong; 1 note keeps their advice."


def test_an_undocumented_endpoint_is_not_counted_as_an_error_of_the_docs(tmp_path: Path) -> None:
    spec = yaml.safe_load(QUIRKY.read_text(encoding="utf-8"))
    ops = [op for _, _, _, op, _ in iter_operation_nodes(spec) if CLAIM not in op]
    ops[0][CLAIM] = "Undocumented endpoint (not in DOC)."
    (tmp_path / "spec").mkdir()
    variant = tmp_path / "spec" / "quirky.yaml"
    variant.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    html, md = render_fixture(variant, tmp_path / "out")
    page, text = html.read_text(encoding="utf-8"), md.read_text(encoding="utf-8")
    said = "The old official docs differed from the server in 4 places and were silent on 1 endpoint."
    assert said in page and said in text
    assert "wrong in" not in page and "wrong in" not in text
    listing = page.split('<section id="docs-vs-server"', 1)[1].split("</section>", 1)[0]
    kinds = re.findall(r"<tr><td>.*?</td><td[^>]*>(\w+)</td>", listing)
    assert sorted(kinds) == [DIFFERED] * 4 + [SILENT]


@pytest.mark.parametrize("api", load_project(ROOT).apis, ids=lambda a: a.name)
def test_the_real_pages_count_only_differences_as_differences(api: ApiConfig) -> None:
    spec = load_spec(api.spec)
    page = build_page(api, spec)
    undocumented = {
        str(op[CLAIM]) for _, _, _, op, _ in iter_operation_nodes(spec.data) if "ndocumented" in op.get(CLAIM, "")
    }
    assert all(c.kind == SILENT for c in page.claims if c.claimed in undocumented)
    differed = [c for c in page.claims if c.kind == DIFFERED]
    for name in ("html", "md"):
        shown = (ROOT / "generated" / "docs" / f"{api.name}.{name}").read_text(encoding="utf-8")
        assert page.claims_summary in shown
        assert "wrong in" not in shown
        if differed:
            assert f"differed from the server in {len(differed)} place" in shown
