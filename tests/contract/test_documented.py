"""The API's own documented error answers are not contract failures; a mock's deviations are declared data."""

from __future__ import annotations

from typing import Any

import pytest

from generator.apimodel import build_api
from generator.contract.documented import documented_answer
from generator.contract.mockview import mock_view
from generator.quirks import load_quirks
from generator.yamlsource import load_file
from tests.support import ROOT

SPEC = load_file(ROOT / "specs" / "freesound-v1.yaml")[0]
API = build_api(SPEC, load_quirks(SPEC))
CRASH = "An internal Freesound error ocurred."
SOLR = "search_query score desc filter_query (x sort score desc error org.apache.solr.search.SyntaxError: no"


def error(kind: str, status: int, message: str, **more: Any) -> dict[str, Any]:
    return {"status_code": status, "explanation": message, "type": kind, "error": True, **more}


@pytest.mark.parametrize(
    ("op_id", "body", "documented"),
    [
        # the trigger the spec documents, in the wording it documents
        ("searchSounds", error("SearchError", 500, SOLR), True),
        ("listPackSounds", error("InternalError", 500, CRASH, debug="Pack matching query does not exist."), True),
        ("getSoundAnalysisPath", error("InvalidRequest", 400, "Could not find this path in the analysis data."), True),
        ("contentSearchSounds", error("SimilarityError", 400, "Invalid descriptor values for target."), True),
        # a crash of a mock is not an answer of the API
        ("listPackSounds", error("InternalError", 500, "Internal error."), False),
        ("searchSounds", error("SearchError", 500, "Internal error."), False),
        # a type the operation does not list, a status the type does not have
        ("getSound", error("InvalidRequest", 400, "Could not find this path in the analysis data."), False),
        ("searchSounds", error("SearchError", 400, SOLR), False),
        ("contentSearchSounds", error("SimilarityError", 400, "Something the similarity server never said."), False),
        ("searchSounds", {"no": "envelope"}, False),
    ],
)
def test_documented_answers(op_id: str, body: Any, documented: bool) -> None:
    operation = API.operation(op_id)
    assert operation is not None
    assert documented_answer(API, operation, body) is documented


def test_the_mock_view_takes_refused_values_out_of_the_valid_requests() -> None:
    view = mock_view(SPEC)
    assert view["components"]["parameters"]["format"]["schema"]["enum"] == ["json", "xml", "yaml"]
    assert SPEC["components"]["parameters"]["format"]["schema"]["enum"] == ["json", "xml", "yaml", "pickle"]
    # responses keep declaring what the real server answered
    assert view["paths"] == SPEC["paths"]


def test_a_refused_value_of_a_parameter_without_an_enum_is_excluded_by_not() -> None:
    spec = {
        "paths": {
            "/x": {
                "get": {
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string"},
                            "x-soundspec-mock": {"refuse": {"*": "no"}},
                        }
                    ]
                }
            }
        }
    }
    param = mock_view(spec)["paths"]["/x"]["get"]["parameters"][0]
    assert param["schema"] == {"allOf": [{"type": "string"}, {"not": {"enum": ["*"]}}]}
