"""Both mocks under schemathesis with every built-in check, and both generated clients under client fuzzing.

Fixed seeds; enough examples that every operation is exercised. Failures known today are listed,
with their owner, in known_issues.py: any other failure fails the test, with the summary
`soundspec fuzz` / `soundspec fuzz-client` print (a curl line or a client call per failure), and
so does a listed one that no longer reproduces.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.config import Project
from generator.contract.cli_fuzz import fuzz_api
from generator.contract.clientrun import client_summary, fuzz_api_client
from generator.contract.harness import PHASES, FuzzSettings
from generator.contract.report import summary
from generator.refs import iter_operations
from generator.specs import load_spec
from tests.contract.known_issues import CLIENTS, SCHEMATHESIS, fixed, unexpected

APIS = ["freesound", "soundcloud"]
# per operation and phase: SoundCloud has 93 operations and most of its examples in the spec
EXAMPLES = {"freesound": 4, "soundcloud": 2}
CLIENT_CALLS = {"freesound": 20, "soundcloud": 8}
# ignored_auth probes only operations that answered a success: Freesound's examples reach its resources
AUTH_PHASES = {"freesound": ("examples", "fuzzing"), "soundcloud": ("fuzzing",)}


def explicit_links(spec: dict[str, Any]) -> int:
    return sum(
        len(response.get("links") or {})
        for _, _, op, _ in iter_operations(spec)
        for response in (op.get("responses") or {}).values()
        if isinstance(response, dict)
    )


@pytest.mark.parametrize("name", APIS)
def test_schemathesis_finds_nothing_wrong_with_the_mock(project: Project, name: str) -> None:
    (api,) = project.select([name])
    settings = FuzzSettings(max_examples=EXAMPLES[name], seed=11, phases=PHASES, exclude_checks=("ignored_auth",))
    report, labels = fuzz_api(api, settings, None, [], lambda _line: None)
    text = summary(name, report, all_operations=labels, replay=f"soundspec fuzz {name} --seed 11")
    found = [(f.check, f.operation, f"{f.message}\n{f.reproduce}") for f in report.failures]
    assert report.errors == [], text
    assert unexpected(found, SCHEMATHESIS[name]) == [], text
    assert fixed(found, SCHEMATHESIS[name]) == [], "fixed: remove these from known_issues.py"
    assert sorted(report.operations) == sorted(labels), text
    if explicit_links(load_spec(api.spec).data):
        assert report.links_followed, "the stateful phase followed none of the spec's links"


@pytest.mark.parametrize("name", APIS)
def test_the_mock_enforces_auth(project: Project, name: str) -> None:
    # ignored_auth probes every operation without and with wrong credentials: its own, smaller run
    (api,) = project.select([name])
    settings = FuzzSettings(max_examples=1, seed=11, phases=AUTH_PHASES[name], checks=("ignored_auth",))
    report, labels = fuzz_api(api, settings, None, [], lambda _line: None)
    assert report.ok, summary(name, report, all_operations=labels, replay="")
    assert sorted(report.operations) == sorted(labels)


@pytest.mark.parametrize("name", APIS)
def test_client_fuzzing_of_every_operation(project: Project, name: str) -> None:
    (api,) = project.select([name])
    report = fuzz_api_client(api, examples=CLIENT_CALLS[name], seed=5)
    text = client_summary(name, report)
    found = [(f.kind, f.operation, f"{f.message}\n{f.call}") for f in report.failures]
    assert unexpected(found, CLIENTS[name]) == [], text
    assert fixed(found, CLIENTS[name]) == [], "fixed: remove these from known_issues.py"
    assert len(report.operations) == sum(1 for _ in iter_operations(load_spec(api.spec).data))
    assert all(o.cases > 0 for o in report.operations), text
