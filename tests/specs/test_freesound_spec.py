"""The Freesound APIv1 spec: complete, documented, exemplified, its quirks declared, and true to
the recorded responses in specs/recordings/freesound/."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.apimodel import iter_operation_nodes
from generator.clients.build import build_client
from generator.config import load_project
from generator.contract.recordings import check_recordings
from generator.jsonschemas import SpecSchemas
from generator.lint import iter_schemas
from generator.recordings import SIDECAR, find_sidecars
from generator.refs import deref, resolve_pointer
from generator.specs import load_spec, validate_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "specs" / "freesound-v1.yaml"
RECORDINGS = ROOT / "specs" / "recordings" / "freesound"
SPEC = load_spec(SPEC_PATH)
OPERATIONS = {op["operationId"]: op for _, _, _, op, _ in iter_operation_nodes(SPEC.data)}

# Every endpoint of the final (2014) server, plus the two ccMixter pool feeds.
EXPECTED_OPERATIONS = {
    "searchSounds", "contentSearchSounds", "getSound", "downloadSound", "getSoundPreview",
    "getSimilarSounds", "getSoundAnalysis", "getSoundAnalysisPath", "searchSoundsByGeotag",
    "getUser", "listUserSounds", "listUserPacks", "listUserBookmarkCategories",
    "listBookmarkCategorySounds", "listUncategorizedBookmarkSounds", "getPack", "listPackSounds",
    "downloadPack", "searchSoundPool", "getSoundPoolInfo",
}  # fmt: skip
POOL = {"searchSoundPool", "getSoundPoolInfo"}
BINARY = {"downloadSound", "getSoundPreview", "downloadPack"}
FORMAT_MEDIA_TYPES = ["application/json", "text/xml", "application/x-yaml", "application/python-pickle"]
ERROR_TYPES = {
    "AuthenticationError", "NotFound", "InvalidRequest", "BadRequest", "SimilarityError",
    "ContentBasedSearchError", "SearchError", "InternalError", "InvalidUrl", "Gone",
}  # fmt: skip


def resolved(node: Any) -> Any:
    return deref(SPEC.data, node)


def responses(op: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for status, response in op["responses"].items():
        yield status, resolved(response)


def examples_of(op: dict[str, Any]) -> list[Any]:
    """The examples of the operation's success answers (2xx, or a 3xx it declares), bodies and
    headers. Not the error answers: every operation exemplifies its 400, so counting those would
    pass an operation with no example of what it does."""
    found = []
    for status, response in responses(op):
        if status[0] not in "23":
            continue
        for media in (response.get("content") or {}).values():
            if "example" in media:
                found.append(media["example"])
            found += [resolved(e)["value"] for e in (media.get("examples") or {}).values()]
        for header in (response.get("headers") or {}).values():
            if "example" in resolved(header):
                found.append(resolved(header)["example"])
    return found


def param_refs(op: dict[str, Any], path: str) -> set[str]:
    params = list(SPEC.data["paths"][path].get("parameters", [])) + list(op.get("parameters", []))
    return {p["$ref"] for p in params if "$ref" in p}


def test_the_spec_validates_with_zero_findings() -> None:
    assert [str(f) for f in validate_spec(SPEC)] == []


def test_every_endpoint_of_the_final_server_is_an_operation() -> None:
    assert set(OPERATIONS) == EXPECTED_OPERATIONS
    assert all(path.endswith("/") for path in SPEC.data["paths"])  # the server's real form


@pytest.mark.parametrize("operation_id", sorted(EXPECTED_OPERATIONS))
def test_every_operation_is_documented_and_exemplified(operation_id: str) -> None:
    op = OPERATIONS[operation_id]
    declared_tags = {t["name"] for t in SPEC.data["tags"]}
    assert op["summary"].strip() and op["description"].strip()
    assert op["tags"] and set(op["tags"]) <= declared_tags
    assert all(t.get("description") for t in SPEC.data["tags"])
    assert examples_of(op), f"{operation_id} has no example"
    assert set(op["x-soundspec-error-types"]) <= ERROR_TYPES


def test_an_operation_with_only_error_examples_counts_as_unexemplified() -> None:
    op = OPERATIONS["getSound"]
    assert examples_of(op)
    errors_only = {**op, "responses": {"400": op["responses"]["400"]}}
    assert resolved(errors_only["responses"]["400"])["content"]["application/json"]["examples"]
    assert examples_of(errors_only) == []


@pytest.mark.parametrize("operation_id", sorted(EXPECTED_OPERATIONS))
def test_api_key_is_required_except_on_the_pool_feeds(operation_id: str) -> None:
    scheme = SPEC.data["components"]["securitySchemes"]["apiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "query", "api_key")
    assert SPEC.data["security"] == [{"apiKey": []}]
    expected: list[dict[str, list[str]]] = [] if operation_id in POOL else [{"apiKey": []}]
    assert OPERATIONS[operation_id]["security"] == expected
    for _, _, _, op, _ in iter_operation_nodes(SPEC.data):
        assert all(resolved(p)["name"] != "api_key" for p in op.get("parameters", []))


@pytest.mark.parametrize("path,method,op", [(p, m, o) for p, m, _, o, _ in iter_operation_nodes(SPEC.data)])
def test_quirk_parameters_and_formats_on_every_json_operation(path: str, method: str, op: dict[str, Any]) -> None:
    refs = param_refs(op, path)
    quirk_refs = {f"#/components/parameters/{name}" for name in ("format", "callback", "request_id")}
    if op["operationId"] in POOL:
        assert not refs & quirk_refs
        return
    if op["operationId"] in BINARY:  # format and callback only shape the error bodies
        assert refs & quirk_refs == quirk_refs - {"#/components/parameters/request_id"}
        ok = resolved(op["responses"]["200"])
        assert list(ok["content"]) == ["application/octet-stream"]
        assert ok["headers"]["Content-Disposition"]
    else:
        assert quirk_refs <= refs
        ok = resolved(op["responses"]["200"])
        assert list(ok["content"]) == FORMAT_MEDIA_TYPES  # json first, then the other formats
        assert len({json.dumps(m["schema"]) for m in ok["content"].values()}) == 1
    errors = resolved(op["responses"]["400"])
    assert list(errors["content"]) == FORMAT_MEDIA_TYPES
    assert all(m["schema"] == {"$ref": "#/components/schemas/Error"} for m in errors["content"].values())


@pytest.mark.parametrize("operation_id", sorted(EXPECTED_OPERATIONS - POOL))
def test_error_examples_name_exactly_the_error_types_of_the_operation(operation_id: str) -> None:
    op = OPERATIONS[operation_id]
    examples = resolved(op["responses"]["400"])["content"]["application/json"]["examples"]
    assert {resolved(e)["value"]["type"] for e in examples.values()} == set(op["x-soundspec-error-types"])
    assert set(op["responses"]) == {"200", "400"}  # every error is an HTTP 400


def test_global_quirks_are_declared_at_the_root() -> None:
    root = SPEC.data
    assert root["x-soundspec-trailing-slash"] == {"required": True, "redirect": 301}
    errors = root["x-soundspec-errors"]
    assert (errors["http-status"], errors["status"], errors["type"]) == (400, "/status_code", "/type")
    assert set(errors["types"]) == ERROR_TYPES
    error_schema = resolve_pointer(root, errors["schema"])
    assert set(error_schema["required"]) == {"status_code", "explanation", "type", "error"}
    assert set(error_schema["properties"]["type"]["enum"]) == ERROR_TYPES
    formats = root["x-soundspec-formats"]
    assert [f["media-type"] for f in formats["formats"].values()] == FORMAT_MEDIA_TYPES
    assert formats["formats"]["xml"]["xml"]["root"] == "response"
    assert formats["formats"]["xml"]["xml"]["item"] == "resource"
    assert formats["jsonp"] == {"param": "callback", "wrap": "{callback}({body})"}
    assert root["x-soundspec-request-id"] == {"param": "request_id", "field": "request_id"}
    assert root["x-soundspec-auth"]["failures"]["missing"]["status"] == 400


def test_datetimes_use_the_freesound_format_and_never_claim_date_time() -> None:
    assert "freesound-datetime" in SPEC.data["x-soundspec-dates"]
    formats = {schema.get("format") for _, schema in iter_schemas(SPEC.data)}
    assert "date-time" not in formats and "freesound-datetime" in formats
    schemas = SpecSchemas(SPEC.data, SPEC.quirks)
    pointer = "/components/schemas/FreesoundDatetime"
    assert not list(schemas.mismatches(pointer, "2006-05-08 05:19:13"))
    assert list(schemas.mismatches(pointer, "2006-05-08T05:19:13+00:00"))


@pytest.mark.parametrize(
    "value",
    [
        "2006-05-08T05:19:13",  # Django 1.4's JSON form: inferred, no reply shows it
        "2006-05-08T05:19:13.123",
        "2006-05-08 05:19:13.123456",  # str(datetime) with microseconds: inferred, no reply shows it
    ],
)
def test_datetime_forms_no_recording_shows_are_rejected(value: str) -> None:
    schemas = SpecSchemas(SPEC.data, SPEC.quirks)
    found = {m.keyword for m in schemas.mismatches("/components/schemas/FreesoundDatetime", value)}
    assert found == {"pattern", "format"}
    assert SPEC.quirks.dates["freesound-datetime"].parse == ("%Y-%m-%d %H:%M:%S",)


@pytest.mark.parametrize(
    "pointer",
    [
        "/servers/0",  # 3: trailing slash
        "/components/schemas/Error",  # 1: HTTP status
        "/components/schemas/SoundFields/properties/analysis_stats",  # 2: analysis -> analysis_stats
        "/paths/~1sounds~1{sound_id}~1similar~1/get",  # 4: sounds_per_page, max 100
        "/components/schemas/SoundFields/properties/avg_rating",  # 5: 0-5 scale
        "/paths/~1sounds~1content_search~1/get",  # 6: "same as search"
        "/paths/~1sounds~1{sound_id}~1analysis~1/get",  # 7: 409
        "/components/schemas/User/properties/bookmark_categories",  # 8: missing field
        "/components/schemas/BookmarkCategory/properties/id",  # 8: missing field
        "/paths/~1packs~1{pack_id}~1serve~1/get",  # 10: undocumented
        "/paths/~1sounds~1{sound_id}~1previews~1{filename}~1/get",  # 10
        "/paths/~1pool~1search~1/get",  # 10
    ],
)
def test_docs_versus_server_differences_are_noted(pointer: str) -> None:
    assert resolve_pointer(SPEC.data, "#" + pointer)["x-soundspec-docs-claimed"]


def test_the_docs_claim_about_grouping_is_noted() -> None:  # 9: g
    (g,) = [p for p in OPERATIONS["searchSounds"]["parameters"] if p.get("name") == "g"]
    assert g["x-soundspec-docs-claimed"]


def test_list_items_accept_partial_sounds_as_the_fields_parameter_gives_them() -> None:
    schemas = SpecSchemas(SPEC.data, SPEC.quirks)
    sound = "/components/schemas/"
    assert not list(schemas.mismatches(sound + "PartialListedSound", {"id": 1}))
    assert not list(schemas.mismatches(sound + "PartialSearchSound", {}))
    assert not list(schemas.mismatches(sound + "PartialSimilarSound", {"distance": 0.0}))
    assert not list(schemas.mismatches(sound + "PartialBookmarkedSound", {"bookmark_name": "x"}))
    # ...but the keys stay typed, the key set closed, and the post-selection keys required
    assert list(schemas.mismatches(sound + "PartialListedSound", {"id": "1"}))
    assert list(schemas.mismatches(sound + "PartialListedSound", {"distance": 0.5}))
    assert list(schemas.mismatches(sound + "PartialSimilarSound", {"id": 1}))
    assert list(schemas.mismatches(sound + "Sound", {"id": 1}))  # the detail form is complete


def test_list_items_without_fields_carry_the_default_key_set() -> None:
    schemas = SpecSchemas(SPEC.data, SPEC.quirks)
    recorded = json.loads((ROOT / "specs/recordings/freesound/sounds_search.recorded.json").read_text())
    item = recorded["sounds"][0]
    assert not list(schemas.mismatches("/components/schemas/SearchSound", item))
    missing = {k: v for k, v in item.items() if k != "duration"}
    assert [m.message for m in schemas.mismatches("/components/schemas/SearchSound", missing)] == [
        "'duration' is a required property"
    ]
    # the content search leaves `user` out; the others keep it
    assert not list(
        schemas.mismatches("/components/schemas/ContentSound", {k: v for k, v in item.items() if k != "user"})
    )
    assert list(schemas.mismatches("/components/schemas/ListedSound", {k: v for k, v in item.items() if k != "user"}))


def test_every_list_answer_is_chosen_by_fields() -> None:
    """Each list answer is its default form without `fields` and its partial form with it."""
    schemas = SPEC.data["components"]["schemas"]
    answers = {name: s for name, s in schemas.items() if "x-soundspec-chosen-by" in s}
    assert len(answers) == 8
    for name, answer in answers.items():
        default, partial = (b["$ref"].rsplit("/", 1)[-1] for b in answer["anyOf"])
        assert partial == "Partial" + default, name
        assert answer["x-soundspec-chosen-by"] == {"param": "fields", "branches": [{"absent": True}, {"present": True}]}


def test_every_recording_matches_the_response_schema_of_its_operation() -> None:
    bodies = sorted(p for p in RECORDINGS.iterdir() if not p.name.endswith(".exchange.yaml"))
    assert len(find_sidecars([RECORDINGS])) == len(bodies) >= 5
    assert [str(f) for f in check_recordings(SPEC_PATH, [RECORDINGS])] == []


def _mutate_sound_detail(body: dict[str, Any]) -> None:
    body["num_downloads"] = "383"
    del body["id"]


def _mutate_search(body: dict[str, Any]) -> None:
    body["sounds"][0]["user"]["ref"] = "http://www.freesound.org/api/users/TurtleLG/"


def _mutate_error(body: dict[str, Any]) -> None:
    body["status_code"] = 404  # AuthenticationError always carries 401


def _mutate_pack(body: dict[str, Any]) -> None:
    body["created"] = "2009-09-01T19:56:15Z"


def _drop_slash(body: dict[str, Any]) -> None:
    for key in ("ref", "serve", "similarity", "analysis_stats"):
        body[key] = body[key].rstrip("/")  # the 2011 docs' URL style, which the server never wrote
    body["user"]["ref"] = body["user"]["ref"].rstrip("/")


@pytest.mark.parametrize(
    "name,mutate,expected",
    [
        ("sound_detail.recorded", _mutate_sound_detail, {("/num_downloads", "type"), ("", "required")}),
        ("sounds_search.recorded", _mutate_search, {("/sounds/0/user/ref", "pattern")}),
        ("error_auth_missing_key.recorded", _mutate_error, {("/status_code", "const")}),
        ("pack_detail.docs", _mutate_pack, {("/created", "pattern"), ("/created", "format")}),
        (
            "sound_detail.recorded",
            _drop_slash,
            {(f"/{key}", "pattern") for key in ("ref", "serve", "similarity", "analysis_stats", "user/ref")},
        ),
    ],
)
def test_a_broken_recording_fails(tmp_path: Path, name: str, mutate: Any, expected: set[tuple[str, str]]) -> None:
    shutil.copy(RECORDINGS / f"{name}.exchange.yaml", tmp_path)
    body = json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))
    mutate(body)
    (tmp_path / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
    findings = {(f.pointer, f.keyword) for f in check_recordings(SPEC_PATH, [tmp_path])}
    assert expected <= findings


DOCS_RECORDINGS = sorted(p.name.removesuffix(SIDECAR) for p in RECORDINGS.glob(f"*.docs{SIDECAR}"))


@pytest.mark.parametrize("name", DOCS_RECORDINGS)
def test_a_docs_recording_differs_from_the_server_only_by_its_declared_missing_slashes(
    tmp_path: Path, name: str
) -> None:
    meta = yaml.safe_load((RECORDINGS / f"{name}{SIDECAR}").read_text(encoding="utf-8"))
    known = meta.pop("known-differences")
    assert known and all(k["keyword"] == "pattern" for k in known)
    body = json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))
    for difference in known:  # put back the slash the server wrote
        *parents, last = difference["pointer"].split("/")[1:]
        parent = body
        for key in parents:
            parent = parent[int(key)] if isinstance(parent, list) else parent[key]
        assert not parent[last].endswith("/")
        parent[last] += "/"
    (tmp_path / f"{name}{SIDECAR}").write_text(yaml.safe_dump(meta), encoding="utf-8")
    (tmp_path / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
    assert [str(f) for f in check_recordings(SPEC_PATH, [tmp_path])] == []


def test_generation_keeps_every_operation_and_response(tmp_path: Path) -> None:
    api = next(a for a in load_project(ROOT).apis if a.name == "freesound")
    stats = build_client(api, SPEC, tmp_path / "client")  # raises BuildError if anything is dropped
    assert stats.operations == len(EXPECTED_OPERATIONS)


def test_url_patterns_fix_the_scheme_and_the_path_not_the_host() -> None:
    schemas = SpecSchemas(SPEC.data, SPEC.quirks)
    at = "/components/schemas/"
    for host in ("http://www.freesound.org", "http://127.0.0.1:8000"):  # production, a mock
        assert not list(schemas.mismatches(at + "SoundApiUrl", f"{host}/api/sounds/18763/"))
        assert not list(schemas.mismatches(at + "PackWebUrl", f"{host}/people/dobroide/packs/5107/"))
    assert list(schemas.mismatches(at + "SoundApiUrl", "http://127.0.0.1:8000/sounds/18763/"))
    assert list(schemas.mismatches(at + "SoundApiUrl", "https://www.freesound.org/api/sounds/18763/"))
    assert list(schemas.mismatches(at + "SoundApiUrl", "http://www.freesound.org/api/sounds/1"))  # no slash
    patterns = [str(schema.get("pattern", "")) for _, schema in iter_schemas(SPEC.data)]
    assert not any("freesound" in p for p in patterns)
    assert "www.freesound.org" in SPEC.data["servers"][0]["description"]  # the production host, said once


def test_every_api_url_pattern_requires_the_trailing_slash_the_server_wrote() -> None:
    # the links to pages (they end in a query) aside, an API URL ends in `/`: 2011-06-08 on
    patterns = {str(s["pattern"]) for _, s in iter_schemas(SPEC.data) if "/api/" in str(s.get("pattern", ""))}
    paths = {p for p in patterns if "\\?" not in p}
    assert len(paths) >= 12
    assert [p for p in paths if not p.endswith("/$")] == []
    assert [p for p in patterns - paths if not p.split("\\?", 1)[0].endswith("/")] == []


def test_grouping_admits_the_empty_value_the_server_s_own_links_carry() -> None:
    grouping = SPEC.data["components"]["schemas"]["SearchGrouping"]["enum"]
    grouped = resolved(OPERATIONS["searchSounds"]["responses"]["200"])["content"]["application/json"]
    link = grouped["examples"]["groupedWithFields"]["value"]["sounds"][0]["results_from_the_same_pack"]
    assert link.endswith("&g=&sounds_per_page=1&fields=id,duration,pack")
    assert grouping == ["0", "1", ""]  # appended: the generated enum members keep their names


def test_the_mock_s_refusal_of_pickle_is_declared_data() -> None:
    fmt = SPEC.data["components"]["parameters"]["format"]
    unsafe = {name for name, f in SPEC.data["x-soundspec-formats"]["formats"].items() if "unsafe" in f}
    assert set(fmt["x-soundspec-mock"]["refuse"]) == unsafe == {"pickle"}
    assert unsafe <= set(fmt["schema"]["enum"])  # the spec still says the server served it
    assert all("application/python-pickle" in resolved(op["responses"]["200"])["content"]
               for name, op in OPERATIONS.items() if name not in POOL | BINARY)  # fmt: skip


REGEX_LINKS = [
    (op_id, name, param, expression)
    for op_id, op in OPERATIONS.items()
    for name, link in (resolved(op["responses"]["200"]).get("links") or {}).items()
    for param, expression in link["parameters"].items()
    if "#regex:" in expression
]


@pytest.mark.parametrize(("op_id", "name", "param", "expression"), REGEX_LINKS)
def test_links_that_take_part_of_a_url_capture_a_valid_value(
    op_id: str, name: str, param: str, expression: str
) -> None:
    pointer, _, pattern = expression.removeprefix("$response.body#").partition("#regex:")
    samples = []
    for example in examples_of(OPERATIONS[op_id]):
        with contextlib.suppress(Exception):
            samples.append(resolve_pointer(example, "#" + pointer))
    # getSound's recorded example is of a sound in no pack: the pack URL's own example stands in
    samples = samples or [SPEC.data["components"]["schemas"]["PackApiUrl"]["example"]]
    link = resolved(OPERATIONS[op_id]["responses"]["200"])["links"][name]
    target = OPERATIONS[link["operationId"]]
    path = next(p for p, _, _, o, _ in iter_operation_nodes(SPEC.data) if o is target)
    params = [resolved(p) for p in SPEC.data["paths"][path].get("parameters", []) + target.get("parameters", [])]
    schema = next(p["schema"] for p in params if p["name"] == param)
    for sample in samples:
        captured = re.search(pattern, sample)
        assert captured is not None, (sample, pattern)
        value: Any = int(captured.group(1)) if schema.get("type") == "integer" else captured.group(1)
        jsonschema.validate(value, schema)
    assert len(REGEX_LINKS) >= 4
