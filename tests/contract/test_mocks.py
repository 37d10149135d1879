"""Every API's mock under schemathesis with every built-in check, and its generated client under client fuzzing.

Fixed seeds; enough examples that every operation is exercised. Failures known today are listed,
with their owner, in known_issues.py: any other failure fails the test, with the summary
`soundspec fuzz` / `soundspec fuzz-client` print (a curl line or a client call per failure), and
so does a listed one that no longer reproduces.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.apimodel import iter_operation_nodes
from generator.config import Project, load_project
from generator.contract.cli_fuzz import fuzz_api, replay_command
from generator.contract.clientrun import client_summary, fuzz_api_client
from generator.contract.harness import PHASES, FuzzSettings
from generator.contract.report import summary
from generator.mock.apis.soundcloud import Api
from generator.mock.exchange import Reply, Request
from generator.refs import deref
from generator.specs import load_spec
from tests.contract.known_issues import CLIENTS, SCHEMATHESIS, fixed, unexpected
from tests.support import ROOT

APIS = [api.name for api in load_project(ROOT).apis]
# SoundCloud's run in two halves that pytest -n runs side by side: its coverage phase alone (every
# parameter of 93 operations made invalid in turn) is two thirds of it
SPLIT = {"soundcloud": (("coverage",), ("examples", "fuzzing", "stateful"))}
RUNS = [(name, phases) for name in APIS for phases in SPLIT.get(name, (PHASES,))]
# per operation and phase (4 unless said): SoundCloud has 93 operations and most of its examples in the spec
EXAMPLES = {"soundcloud": 2}
CLIENT_CALLS = {"soundcloud": 8}  # 20 unless said
# ignored_auth probes only operations that answered a success (examples and fuzzing unless said)
AUTH_PHASES = {"soundcloud": ("fuzzing",)}
# scenarios of the stateful phase, where two examples would rarely follow a link of SoundCloud's
STATEFUL = {"soundcloud": 20}


def explicit_links(spec: dict[str, Any]) -> int:
    return sum(
        len(deref(spec, response).get("links") or {})
        for _, _, _, op, _ in iter_operation_nodes(spec)
        for response in (op.get("responses") or {}).values()
    )


def stateful_examples(name: str) -> dict[str, Any]:
    if name not in STATEFUL:
        return {}
    return {"phases": {"stateful": {"generation": {"max-examples": STATEFUL[name]}}}}


@pytest.mark.parametrize(("name", "phases"), RUNS, ids=[n if p == PHASES else f"{n}-{'+'.join(p)}" for n, p in RUNS])
def test_schemathesis_finds_nothing_wrong_with_the_mock(project: Project, name: str, phases: tuple[str, ...]) -> None:
    (api,) = project.select([name])
    settings = FuzzSettings(
        max_examples=EXAMPLES.get(name, 4), seed=11, phases=phases, exclude_checks=("ignored_auth",),
        extra=stateful_examples(name),
    )  # fmt: skip
    report, labels = fuzz_api(api, settings, None, [], lambda _line: None)
    text = summary(name, report, all_operations=labels, replay=replay_command(name, settings, None))
    found = [(f.check, f.operation, f"{f.message}\n{f.reproduce}") for f in report.failures]
    assert report.errors == [], text
    assert unexpected(found, SCHEMATHESIS.get(name, [])) == [], text
    split = () if phases == PHASES else phases
    assert fixed(found, SCHEMATHESIS.get(name, []), split) == [], "fixed: remove these from known_issues.py"
    assert sorted(report.operations) == sorted(labels), text
    if "stateful" in phases and explicit_links(load_spec(api.spec).data):
        assert report.links_followed, "the stateful phase followed none of the spec's links"


def test_the_links_let_use_after_free_see_a_delete_that_keeps_the_resource(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SoundCloud mock whose deletes answer 200 but keep everything: schemathesis sees it only by
    following the spec's links from a create to its delete and on to a read of the deleted resource."""
    original = Api.handle

    def forgetful(self: Api, request: Request) -> Reply:
        if request.method != "DELETE":
            return original(self, request)
        kept = copy.deepcopy(self.data)
        reply = original(self, request)
        self.data = kept
        return reply

    monkeypatch.setattr(Api, "handle", forgetful)
    (api,) = project.select(["soundcloud"])
    # a run's scenarios are drawn at random (reproducibly per seed, but what a seed draws moves with
    # what the process imported): the first seeds whose scenarios create, delete and read again
    for seed in range(1, 13):
        settings = FuzzSettings(
            max_examples=2, seed=seed, phases=("stateful",), checks=("use_after_free",),
            extra=stateful_examples("soundcloud"),
        )  # fmt: skip
        report, _ = fuzz_api(api, settings, None, [], lambda _line: None)
        freed = [f for f in report.failures if f.check == "use_after_free"]
        if freed:
            break
    assert freed, summary("soundcloud", report, all_operations=[], replay="")
    assert all("-X DELETE" in f.reproduce for f in freed)


@pytest.mark.parametrize("name", APIS)
def test_the_mock_enforces_auth(project: Project, name: str) -> None:
    # ignored_auth probes every operation without and with wrong credentials: its own, smaller run
    (api,) = project.select([name])
    settings = FuzzSettings(
        max_examples=1, seed=11, phases=AUTH_PHASES.get(name, ("examples", "fuzzing")), checks=("ignored_auth",)
    )
    report, labels = fuzz_api(api, settings, None, [], lambda _line: None)
    assert report.ok, summary(name, report, all_operations=labels, replay="")
    assert sorted(report.operations) == sorted(labels)


@pytest.mark.parametrize("name", APIS)
def test_client_fuzzing_of_every_operation(project: Project, name: str) -> None:
    (api,) = project.select([name])
    report = fuzz_api_client(api, examples=CLIENT_CALLS.get(name, 20), seed=5)
    text = client_summary(name, report)
    found = [(f.kind, f.operation, f"{f.message}\n{f.call}") for f in report.failures]
    assert unexpected(found, CLIENTS.get(name, [])) == [], text
    assert fixed(found, CLIENTS.get(name, [])) == [], "fixed: remove these from known_issues.py"
    assert len(report.operations) == sum(1 for _ in iter_operation_nodes(load_spec(api.spec).data))
    assert all(o.cases > 0 for o in report.operations), text
