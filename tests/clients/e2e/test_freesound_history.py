"""The Freesound spec admits what the server sent over v1's life, not only its final state (issue 13).

Each answer is an example of the spec changed the way an older server wrote it, served over real
HTTP to the real client with strict=True: it must read without a single deviation.
"""

from __future__ import annotations

import copy
from typing import Any

from freesound_v1 import FreesoundClient

from generator.specs import load_spec
from tests.clients.server import FixtureServer, json_answer
from tests.support import ROOT

SPEC = load_spec(ROOT / "specs" / "freesound-v1.yaml")
STATISTICS = {"min": 0.1, "max": 0.9, "mean": 0.5, "var": 0.01, "dmean": 0.02, "dmean2": 0.03, "dvar": 0, "dvar2": 0}


def example(operation_id: str) -> dict[str, Any]:
    op = SPEC.model.operation(operation_id)
    content = op.response(200).content  # type: ignore[union-attr]
    media = next(m for m in content if "json" in m.media_type)
    found = media.node.get("example") or next(iter((media.node.get("examples") or {}).values()))["value"]
    return copy.deepcopy(found)


def client(server: FixtureServer) -> FreesoundClient:
    return FreesoundClient(api_key="k", base_url=server.url + "/api", strict=True)


def test_a_user_page_of_2011_has_no_bookmark_categories(server: FixtureServer) -> None:
    page = example("getUser")
    del page["bookmark_categories"]
    server.on("GET", f"/api/people/{page['username']}/", json_answer(page))
    with client(server) as api:
        user = api.users.get_user(page["username"])
    assert user.deviations == () and user.username == page["username"]


def test_a_sound_of_type_aif(server: FixtureServer) -> None:
    sound = example("getSound")
    sound["type"] = "aif"
    server.on("GET", f"/api/sounds/{sound['id']}/", json_answer(sound))
    with client(server) as api:
        assert api.sounds.get_sound(sound["id"]).type_ == "aif"


def test_analysis_leaves_of_the_older_extractor_are_statistics_objects(server: FixtureServer) -> None:
    analysis = example("getSoundAnalysis")
    analysis["lowlevel"]["average_loudness"] = STATISTICS
    analysis["rhythm"]["bpm"] = STATISTICS
    server.on("GET", "/api/sounds/7/analysis/", json_answer(analysis))
    with client(server) as api:
        read = api.sounds.get_sound_analysis(7)
    assert read.deviations == ()
    assert read.lowlevel.average_loudness.mean == 0.5  # type: ignore[union-attr]
