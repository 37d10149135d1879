"""The classic SoundCloud spec: complete operations, declared quirks, and recordings that match it.

Recordings are checked with `generator.contract.recordings.check_recordings`, the same code as
`soundspec check-recordings`; a deliberately broken copy of each kind must fail it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from openapi_python_client.parser import GeneratorData
from openapi_python_client.schema.untrusted_string import UntrustedString

from generator.apimodel import build_api, iter_operation_nodes
from generator.clients.lower import lower_spec
from generator.contract.recordings import check_recordings
from generator.generator_config import make_config
from generator.jsonschemas import SpecSchemas
from generator.quirks import load_quirks
from generator.refs import deref
from generator.specs import load_spec, validate_spec
from tests.support import ROOT

SPEC_PATH = ROOT / "specs" / "soundcloud-v1.yaml"
RECORDINGS = ROOT / "specs" / "recordings" / "soundcloud"

PUBLIC = [{"clientId": []}, {"oauthHeader": []}, {"oauthTokenQuery": []}]
USER = [{"oauthHeader": []}, {"oauthTokenQuery": []}]
WEB_HOST_PATHS = {"/connect", "/oembed"}
ERROR_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    406: "Not Acceptable",
    413: "Request Entity Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec(SPEC_PATH).data


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, method, _, op, _ in iter_operation_nodes(spec)]


def op_id(path: str, method: str, op: dict[str, Any]) -> str:
    return str(op.get("operationId", f"{method.upper()} {path}"))


def param_names(spec: dict[str, Any], path: str, op: dict[str, Any]) -> set[str]:
    params = list(spec["paths"][path].get("parameters", [])) + list(op.get("parameters", []))
    return {deref(spec, p)["name"] for p in params}


def success_examples(spec: dict[str, Any], op: dict[str, Any]) -> list[Any]:
    """The examples of the operation's success answers (2xx, or a 3xx it declares): their bodies'
    and their headers' (a redirect's Location). Error answers do not count: nearly every
    operation exemplifies those, so counting them would let an operation with no example of
    what it does pass."""
    found: list[Any] = []
    for status, ref in op["responses"].items():
        if str(status)[0] not in "23":
            continue
        response = deref(spec, ref)
        for media in (response.get("content") or {}).values():
            found += [media["example"]] if "example" in media else []
            found += [deref(spec, e).get("value") for e in (media.get("examples") or {}).values()]
        for header in (response.get("headers") or {}).values():
            found += [deref(spec, header)["example"]] if "example" in deref(spec, header) else []
    return found


# ------------------------------------------------------------------ the document


def test_the_spec_has_zero_findings() -> None:
    assert [str(f) for f in validate_spec(load_spec(SPEC_PATH))] == []


def test_every_operation_is_complete(spec: dict[str, Any]) -> None:
    declared_tags = {t["name"] for t in spec["tags"]}
    problems = []
    for path, method, op in operations(spec):
        name = op_id(path, method, op)
        for key in ("operationId", "summary", "description", "tags", "security"):
            if not op.get(key) and op.get(key) != []:
                problems.append(f"{name}: no {key}")
        if not set(op.get("tags", [])) <= declared_tags:
            problems.append(f"{name}: undeclared tags {set(op['tags']) - declared_tags}")
        if not success_examples(spec, op):
            problems.append(f"{name}: no example of a success answer")
    assert problems == []


def test_an_operation_with_only_error_examples_counts_as_unexemplified(spec: dict[str, Any]) -> None:
    (op,) = [op for _, _, op in operations(spec) if op["operationId"] == "getTrack"]
    assert success_examples(spec, op)
    errors_only = {**op, "responses": {s: r for s, r in op["responses"].items() if str(s)[0] not in "23"}}
    assert errors_only["responses"]  # the error answers (and their examples) stay
    assert success_examples(spec, errors_only) == []


def test_operation_ids_are_camel_case_and_unique(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", i)] == []


def test_the_issue_resources_are_all_there(spec: dict[str, Any]) -> None:
    by_id = {op["operationId"]: (method, path) for path, method, op in operations(spec)}
    expected = {
        "listTracks": ("get", "/tracks"),
        "uploadTrack": ("post", "/tracks"),
        "updateTrack": ("put", "/tracks/{track_id}"),
        "deleteTrack": ("delete", "/tracks/{track_id}"),
        "createTrackComment": ("post", "/tracks/{track_id}/comments"),
        "listTrackFavoriters": ("get", "/tracks/{track_id}/favoriters"),
        "getTrackSecretToken": ("get", "/tracks/{track_id}/secret-token"),
        "getTrackSharedTo": ("get", "/tracks/{track_id}/shared-to"),
        "streamTrack": ("get", "/tracks/{track_id}/stream"),
        "downloadTrack": ("get", "/tracks/{track_id}/download"),
        "getMe": ("get", "/me"),
        "updateMe": ("put", "/me"),
        "followUser": ("put", "/me/followings/{user_id}"),
        "unfollowUser": ("delete", "/me/followings/{user_id}"),
        "favoriteTrack": ("put", "/me/favorites/{track_id}"),
        "unfavoriteTrack": ("delete", "/me/favorites/{track_id}"),
        "listActivities": ("get", "/me/activities"),
        "listConnections": ("get", "/me/connections"),
        "createPlaylist": ("post", "/playlists"),
        "updatePlaylist": ("put", "/playlists/{playlist_id}"),
        "deletePlaylist": ("delete", "/playlists/{playlist_id}"),
        "getComment": ("get", "/comments/{comment_id}"),
        "listApps": ("get", "/apps"),
        "resolve": ("get", "/resolve"),
        "getOembed": ("get", "/oembed"),
        "authorize": ("get", "/connect"),
        "obtainToken": ("post", "/oauth2/token"),
    }
    assert {k: by_id.get(k) for k in expected} == expected
    for sub in ("tracks", "playlists", "followings", "followers", "comments", "favorites", "groups", "web-profiles"):
        assert "get" in spec["paths"][f"/users/{{user_id}}/{sub}"]
    for sub in ("moderators", "members", "contributors", "users", "tracks"):
        assert "get" in spec["paths"][f"/groups/{{group_id}}/{sub}"]


def test_list_tracks_takes_every_filter(spec: dict[str, Any]) -> None:
    names = param_names(spec, "/tracks", spec["paths"]["/tracks"]["get"])
    filters = {"q", "tags", "filter", "license", "bpm[from]", "bpm[to]", "duration[from]", "duration[to]"}
    filters |= {"created_at[from]", "created_at[to]", "ids", "genres", "types"}
    assert filters <= names


def test_paths_are_bare_and_web_host_paths_have_their_own_server(spec: dict[str, Any]) -> None:
    assert spec["servers"] == [{"url": "https://api.soundcloud.com", "description": spec["servers"][0]["description"]}]
    for path, item in spec["paths"].items():
        assert not path.endswith(("/", ".json", ".xml")), path
        servers = [s["url"] for s in item.get("servers", [])]
        assert servers == (["https://soundcloud.com"] if path in WEB_HOST_PATHS else []), path


# ------------------------------------------------------------------ security and quirks


def test_security_schemes_are_declared_truthfully(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert schemes["clientId"] | {"description": ""} == {
        "type": "apiKey",
        "in": "query",
        "name": "client_id",
        "description": "",
    }
    assert schemes["oauthTokenQuery"] | {"description": ""} == {
        "type": "apiKey",
        "in": "query",
        "name": "oauth_token",
        "description": "",
    }
    assert (schemes["oauthHeader"]["type"], schemes["oauthHeader"]["scheme"]) == ("http", "OAuth")
    flows = schemes["oauth2"]["flows"]
    assert {"authorizationCode", "password", "clientCredentials"} <= set(flows)
    assert flows["authorizationCode"]["authorizationUrl"] == "https://soundcloud.com/connect"
    for flow in flows.values():
        assert set(flow["scopes"]) == {"*", "non-expiring"}
        if "tokenUrl" in flow:
            assert flow["tokenUrl"] == "https://api.soundcloud.com/oauth2/token"


def test_each_operation_states_which_credentials_it_accepts(spec: dict[str, Any]) -> None:
    wrong = []
    for path, method, op in operations(spec):
        if path in WEB_HOST_PATHS or path == "/oauth2/token":
            expected: list[dict[str, list[str]]] = []
        elif path.startswith("/me") or method != "get":
            expected = USER
        else:
            expected = PUBLIC if op["security"] == PUBLIC else USER  # owner-only reads need a token
        if op["security"] != expected:
            wrong.append(f"{op['operationId']}: {op['security']}")
    assert wrong == []
    public = {op["operationId"] for _, _, op in operations(spec) if op["security"] == PUBLIC}
    assert {"listTracks", "getTrack", "getUser", "listUsers", "resolve", "streamTrack", "getPlaylist"} <= public


def test_quirks_are_declared_once_at_the_root(spec: dict[str, Any]) -> None:
    quirks = load_quirks(spec)
    assert quirks.class_name == "SoundCloudClient"

    assert quirks.auth is not None
    creds = {c.argument: c for c in quirks.auth.credentials}
    assert creds["client_id"].schemes == {"query": "clientId"}
    assert creds["access_token"].schemes == {"header": "oauthHeader", "query": "oauthTokenQuery"}
    assert creds["access_token"].default_placement == "header"
    assert creds["access_token"].placement_argument == "token_placement"
    assert quirks.auth.failures["missing"].status == 401
    assert quirks.auth.failures["missing"].body == {"errors": [{"error_message": "401 - Unauthorized"}]}
    assert quirks.auth.oauth2 is not None
    token_op = spec["paths"]["/oauth2/token"]["post"]["operationId"]
    assert (quirks.auth.oauth2.scheme, quirks.auth.oauth2.token_operation) == ("oauth2", token_op)

    assert quirks.formats is not None
    assert quirks.formats.default == "json"
    assert [(s.by, s.name) for s in quirks.formats.selection] == [
        ("suffix", None),
        ("query", "format"),
        ("accept", None),
    ]
    xml = quirks.formats.formats["xml"]
    assert xml.media_type == "application/xml"
    assert xml.xml is not None and (xml.xml.type_attribute, xml.xml.nil_attribute, xml.xml.dasherize) == (
        "type",
        "nil",
        True,
    )
    assert quirks.formats.jsonp is not None and quirks.formats.jsonp.param == "callback"
    assert "x-soundspec-docs-claimed" in spec["components"]["parameters"]["format"]  # the docs said XML

    assert quirks.pagination is not None and quirks.pagination.style == "offset-limit"
    assert quirks.pagination.settings["default-limit"] == 50
    assert quirks.pagination.settings["max-limit"] == 200
    assert quirks.pagination.settings["max-offset"] == 8000
    assert quirks.pagination.settings["linked"] == {
        "param": "linked_partitioning",
        "value": "1",
        "collection": "collection",
        "next": "next_href",
    }

    assert quirks.dates["soundcloud-datetime"].parse == ("%Y/%m/%d %H:%M:%S %z",)
    assert quirks.dates["soundcloud-query-datetime"].parse == ("%Y-%m-%d %H:%M:%S",)
    assert quirks.errors is not None and quirks.errors.message[0] == "/errors/0/error_message"


def test_quirk_parameters_are_shared_components(spec: dict[str, Any]) -> None:
    refs = {"format", "callback", "limit", "offset", "linked_partitioning"}
    assert refs <= set(spec["components"]["parameters"])
    for path, _, op in operations(spec):
        for param in op.get("parameters", []):
            if "$ref" not in param:
                assert param["name"] not in refs, f"{op['operationId']} declares {param['name']} inline"
        if path not in {"/connect"}:
            assert {"$ref": "#/components/parameters/format"} in op["parameters"], op["operationId"]


# ------------------------------------------------------------------ collections and dates


def _success_schema(spec: dict[str, Any], op: dict[str, Any]) -> dict[str, Any] | None:
    ok = op["responses"].get("200")
    if ok is None:
        return None
    content = deref(spec, ok).get("content") or {}
    return content.get("application/json", {}).get("schema")


def _is_collection(spec: dict[str, Any], schema: dict[str, Any] | None) -> bool:
    """The bare array or linked object union of a paginated collection."""
    if not schema or "oneOf" not in schema:
        return False
    kinds = [deref(spec, s).get("type") for s in schema["oneOf"]]
    linked = [deref(spec, s) for s in schema["oneOf"] if deref(spec, s).get("type") == "object"]
    return sorted(kinds) == ["array", "object"] and all(
        {"collection", "next_href"} <= set(s["properties"]) for s in linked
    )


def test_collections_take_limit_offset_and_linked_partitioning(spec: dict[str, Any]) -> None:
    collections = 0
    for path, _, op in operations(spec):
        names = param_names(spec, path, op)
        if _is_collection(spec, _success_schema(spec, op)):
            collections += 1
            assert {"limit", "offset", "linked_partitioning"} <= names, op["operationId"]
        else:
            assert "linked_partitioning" not in names, op["operationId"]
    assert collections >= 30
    limit = spec["components"]["parameters"]["limit"]["schema"]
    offset = spec["components"]["parameters"]["offset"]["schema"]
    assert (limit["default"], limit["maximum"], offset["maximum"]) == (50, 200, 8000)


def test_activities_are_always_linked_with_future_href(spec: dict[str, Any]) -> None:
    activities = spec["components"]["schemas"]["Activities"]
    assert {"collection", "next_href", "future_href"} <= set(activities["properties"])
    for path, _, op in operations(spec):
        if path.startswith("/me/activities"):
            assert _success_schema(spec, op) == {"$ref": "#/components/schemas/Activities"}


def _schemas(node: Any, pointer: str = "") -> list[tuple[str, Any]]:
    found = [(pointer, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("example", "examples"):
                found += _schemas(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _schemas(value, f"{pointer}/{i}")
    return found


def test_no_schema_claims_date_time(spec: dict[str, Any]) -> None:
    claims = [p for p, node in _schemas(spec) if isinstance(node, dict) and node.get("format") in ("date-time", "date")]
    assert claims == []


def test_timestamps_use_the_named_formats(spec: dict[str, Any]) -> None:
    timestamp = spec["components"]["schemas"]["Timestamp"]
    assert timestamp["format"] == "soundcloud-datetime"
    assert re.fullmatch(timestamp["pattern"], "2011/01/08 01:01:25 +0000")
    stamps = [
        (p, node)
        for p, node in _schemas(spec["components"]["schemas"])
        if isinstance(node, dict) and re.search(r"/properties/(created_at|last_modified)$", p)
    ]
    assert len(stamps) >= 8
    assert [p for p, node in stamps if node != {"$ref": "#/components/schemas/Timestamp"}] == []
    list_tracks = spec["paths"]["/tracks"]["get"]["parameters"]
    for name in ("created_at[from]", "created_at[to]"):
        param = next(p for p in list_tracks if p.get("name") == name)
        assert param["schema"]["format"] == "soundcloud-query-datetime"
        assert re.fullmatch(param["schema"]["pattern"], "2013-03-17 18:37:51")


def test_error_responses_carry_the_envelope_and_exact_message(spec: dict[str, Any]) -> None:
    responses = spec["components"]["responses"]
    by_code = {}
    for response in responses.values():
        media = (response.get("content") or {}).get("application/json") or {}
        if media.get("schema") == {"$ref": "#/components/schemas/ErrorEnvelope"}:
            message = media["example"]["errors"][0]["error_message"]
            by_code[int(message[:3])] = message
    assert by_code == {code: f"{code} - {reason}" for code, reason in ERROR_REASONS.items()}


def test_every_status_the_mock_answers_invalid_input_with_is_declared(spec: dict[str, Any]) -> None:
    """400 for any malformed request, 401 where credentials are needed, 404 where a path names a
    resource, 406 where a format is chosen, 413 where a body is taken (the mock's limits)."""
    own_error_pages = {"authorize", "obtainToken"}  # their own 400 answers every refused input
    missing = []
    for path, _method, op in operations(spec):
        wanted = {"400"}
        if op["security"]:
            wanted.add("401")
        if "{" in path:
            wanted.add("404")
        if op["operationId"] not in own_error_pages:
            wanted.add("406")
        if "requestBody" in op:
            wanted.add("413")
        missing += [f"{op['operationId']} {code}" for code in sorted(wanted - set(op["responses"]))]
    assert missing == []


def test_what_is_served_as_xml_is_declared_as_xml_after_json(spec: dict[str, Any]) -> None:
    """The mock serves every JSON answer in XML too (format=xml, .xml, Accept); JSON stays first."""
    wrong = []
    for path, method, op in operations(spec):
        for status, raw in op["responses"].items():
            content = list((deref(spec, raw).get("content") or {}).items())
            if content and content[0][0] == "application/json":
                xml = dict(content).get("application/xml")
                if content[1:2] != [("application/xml", xml)] or xml["schema"] != content[0][1]["schema"]:
                    wrong.append(f"{method.upper()} {path} {status}")
    assert wrong == []


def test_links_lead_from_lists_to_items_and_from_writes_to_their_resource(spec: dict[str, Any]) -> None:
    responses = spec["components"]["responses"]

    def targets(name: str) -> set[str]:
        return {link["operationId"] for link in responses[name]["links"].values()}

    for page, item in [("Tracks", "getTrack"), ("Users", "getUser"), ("Playlists", "getPlaylist"),
                       ("Groups", "getGroup"), ("Apps", "getApp"), ("Connections", "getConnection")]:  # fmt: skip
        assert item in targets(page), page
    assert {"getComment", "getUser"} <= targets("Comments")  # track -> comments -> user
    assert {"getTrack", "updateTrack", "deleteTrack"} <= targets("TrackCreated")
    assert {"getPlaylist", "updatePlaylist", "deletePlaylist"} <= targets("PlaylistCreated")
    assert {"getGroup", "updateGroup", "deleteGroup"} <= targets("GroupCreated")
    assert {"getTrackComment", "getComment", "deleteTrackComment"} <= targets("CommentCreated")
    assert targets("WebProfileCreated") == {"deleteWebProfile"}
    for gone, read in [("TrackDeleted", "getTrack"), ("PlaylistDeleted", "getPlaylist"), ("GroupDeleted", "getGroup"),
                       ("CommentDeleted", "getComment")]:  # fmt: skip
        assert targets(gone) == {read}, gone
    deletes = {op["operationId"]: op["responses"]["200"]["$ref"] for _, m, op in operations(spec) if m == "delete"}
    assert deletes["deleteTrack"].endswith("/TrackDeleted") and deletes["deleteComment"].endswith("/CommentDeleted")


def test_redirects_carry_location_and_the_status_body(spec: dict[str, Any]) -> None:
    for path in ("/resolve", "/tracks/{track_id}/stream", "/tracks/{track_id}/download"):
        found = deref(spec, spec["paths"][path]["get"]["responses"]["302"])
        assert found["headers"]["Location"]["required"] is True
        assert found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/RedirectBody"}


def test_write_bodies_offer_rails_forms_and_the_json_wrapper(spec: dict[str, Any]) -> None:
    for path, method in [
        ("/tracks/{track_id}", "put"),
        ("/me", "put"),
        ("/playlists", "post"),
        ("/playlists/{playlist_id}", "put"),
        ("/tracks/{track_id}/comments", "post"),
    ]:
        content = spec["paths"][path][method]["requestBody"]["content"]
        assert set(content) == {"application/x-www-form-urlencoded", "multipart/form-data", "application/json"}
        form = deref(spec, content["application/x-www-form-urlencoded"]["schema"])
        form_names = set(form.get("properties", {})) or {
            n for part in form["allOf"] for n in deref(spec, part).get("properties", {})
        }
        assert all(re.fullmatch(r"[a-z_-]+(\[[a-z_]*\])+", n) for n in form_names), form_names
    playlist = spec["components"]["schemas"]["PlaylistForm"]["properties"]["playlist[tracks][][id]"]
    assert playlist["type"] == "array"
    upload = spec["paths"]["/tracks"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data"}  # only multipart can carry the audio file


# ------------------------------------------------------------------ generation


def _raw(value: object) -> str:
    return value.get_untrusted_value() if isinstance(value, UntrustedString) else str(value)


def test_generation_drops_no_operation_and_no_response(spec: dict[str, Any]) -> None:
    config = make_config(package_name="soundcloud_v1", project_name="soundcloud-v1")
    data = GeneratorData.from_dict(lower_spec(build_api(spec, load_quirks(spec))), config=config)
    assert isinstance(data, GeneratorData), data
    generated = {
        (_raw(ep.method).lower(), _raw(ep.path)): {r.status_code.pattern for r in ep.responses}
        for collection in data.endpoint_collections_by_tag.values()
        for ep in collection.endpoints
    }
    declared = {(method, path): set(op["responses"]) for path, method, op in operations(spec)}
    assert {k: generated.get(k) for k in declared} == declared
    errors = list(data.errors) + [e for c in data.endpoint_collections_by_tag.values() for e in c.parse_errors]
    assert [str(e.detail) for e in errors] == []


# ------------------------------------------------------------------ recordings


def test_every_recording_has_a_sidecar_and_all_validate() -> None:
    bodies = sorted(p for p in RECORDINGS.glob("*.json"))
    assert len(bodies) >= 5
    for body in bodies:
        assert body.with_name(body.stem + ".exchange.yaml").is_file(), body
    assert check_recordings(SPEC_PATH, [RECORDINGS]) == []


def _break(body: Any, where: str) -> Any:
    if where == "timestamp":
        body[0]["created_at"] = "2011-01-08T01:01:25Z"  # ISO 8601 is exactly what the API did not send
    elif where == "bpm":
        body["bpm"] = "120"
    elif where == "mini-user":
        del body["user"]["username"]
    elif where == "envelope":
        body["errors"] = [{"message": "404 - Not Found"}]
    elif where == "redirect":
        body["status"] = "301 - Moved Permanently"
    elif where == "count":
        body["followers_count"] = None
    return body


@pytest.mark.parametrize(
    ("name", "where", "pointer"),
    [
        ("tracks.seed", "timestamp", "/0/created_at"),
        ("tracks_id", "bpm", "/bpm"),
        ("tracks_id", "mini-user", "/user"),
        ("errors_404", "envelope", "/errors/0"),
        ("resolve_302", "redirect", "/status"),
        ("users_id", "count", "/followers_count"),
    ],
)
def test_a_broken_copy_of_a_recording_fails(tmp_path: Path, name: str, where: str, pointer: str) -> None:
    shutil.copyfile(RECORDINGS / f"{name}.exchange.yaml", tmp_path / f"{name}.exchange.yaml")
    body = _break(json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8")), where)
    (tmp_path / f"{name}.json").write_text(json.dumps(body, indent=2), encoding="utf-8")
    findings = check_recordings(SPEC_PATH, [tmp_path])
    assert findings, f"a broken {name} passed"
    assert pointer in {f.pointer for f in findings}, [str(f) for f in findings]


def _present_only_when(body: Any, where: str) -> Any:
    """Break the rule that ties `download_url` to `downloadable` and `stream_url` to `streamable`."""
    track = body[5] if isinstance(body, list) else body  # tracks.seed [5] is downloadable
    if where == "download_url on an undownloadable track":
        assert track["downloadable"] is False
        track["download_url"] = f"http://api.soundcloud.com/tracks/{track['id']}/download"
    elif where == "downloadable without download_url":
        assert track["downloadable"] is False and "download_url" not in track
        track["downloadable"] = True
    elif where == "download_url removed":
        assert track["downloadable"] is True
        del track["download_url"]
    elif where == "streamable without stream_url":
        assert track["streamable"] is True
        del track["stream_url"]
    return body


@pytest.mark.parametrize(
    ("name", "where", "pointer", "keyword"),
    [
        ("tracks_id", "download_url on an undownloadable track", "", "not"),
        ("tracks_id", "downloadable without download_url", "", "required"),
        ("tracks.seed", "download_url removed", "/5", "required"),
        ("tracks_id", "streamable without stream_url", "", "required"),
    ],
)
def test_a_track_breaking_the_presence_rules_fails(
    tmp_path: Path, name: str, where: str, pointer: str, keyword: str
) -> None:
    shutil.copyfile(RECORDINGS / f"{name}.exchange.yaml", tmp_path / f"{name}.exchange.yaml")
    body = _present_only_when(json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8")), where)
    (tmp_path / f"{name}.json").write_text(json.dumps(body, indent=2), encoding="utf-8")
    findings = check_recordings(SPEC_PATH, [tmp_path])
    assert [(f.pointer, f.keyword) for f in findings] == [(pointer, keyword)], [str(f) for f in findings]


def test_a_track_that_is_not_streamable_may_leave_stream_url_out(spec: dict[str, Any]) -> None:
    """The reference says when `stream_url` is there, not that it is absent otherwise: both pass."""
    schemas = SpecSchemas(spec, load_quirks(spec))
    recorded = json.loads((RECORDINGS / "tracks_id.json").read_text(encoding="utf-8"))
    without = {k: v for k, v in recorded.items() if k != "stream_url"}
    for track in ({**recorded, "streamable": False}, {**without, "streamable": False}):
        assert list(schemas.mismatches("/components/schemas/Track", track)) == []


EXPIRING = {"access_token": "1-1-a", "expires_in": 21599, "scope": "*", "refresh_token": "r"}
NON_EXPIRING = {"access_token": "1-1-b", "scope": "non-expiring"}


@pytest.mark.parametrize(
    ("token", "valid"),
    [
        (EXPIRING, True),
        (NON_EXPIRING, True),
        ({**NON_EXPIRING, "scope": "non-expiring signup"}, True),
        ({k: v for k, v in EXPIRING.items() if k != "scope"}, True),  # `*` is the default scope
        ({k: v for k, v in EXPIRING.items() if k != "expires_in"}, False),  # refresh token, no expiry
        ({k: v for k, v in EXPIRING.items() if k != "refresh_token"}, False),  # expiry, no refresh token
        ({"access_token": "04u7h-4cc355-70k3n", "scope": "*"}, False),  # the docs' example
        ({**NON_EXPIRING, "expires_in": 3600}, False),
        ({**NON_EXPIRING, "refresh_token": "r"}, False),
    ],
)
def test_a_token_is_expiring_with_both_keys_or_non_expiring_with_neither(
    spec: dict[str, Any], token: dict[str, Any], valid: bool
) -> None:
    schemas = SpecSchemas(spec, load_quirks(spec))
    assert (list(schemas.mismatches("/components/schemas/Token", token)) == []) is valid


def test_the_docs_token_example_is_kept_as_a_claim_not_an_example(spec: dict[str, Any]) -> None:
    ok = spec["paths"]["/oauth2/token"]["post"]["responses"]["200"]
    examples = ok["content"]["application/json"]["examples"]
    assert {"expiring", "nonExpiring"} <= set(examples)
    assert all(e["value"]["access_token"] != "04u7h-4cc355-70k3n" for e in examples.values())
    assert "04u7h-4cc355-70k3n" in ok["x-soundspec-docs-claimed"]


def test_a_refused_grant_is_documented_as_400_and_an_unknown_client_as_401(spec: dict[str, Any]) -> None:
    responses = spec["paths"]["/oauth2/token"]["post"]["responses"]
    assert responses["400"]["content"]["application/json"]["example"] == {"error": "invalid_grant"}
    assert responses["401"]["content"]["application/json"]["example"] == {"error": "invalid_client"}
    assert "invalid_grant" not in responses["401"]["description"]


def test_a_recording_of_an_unknown_operation_fails(tmp_path: Path) -> None:
    shutil.copyfile(RECORDINGS / "tracks_id.json", tmp_path / "tracks_id.json")
    sidecar = (RECORDINGS / "tracks_id.exchange.yaml").read_text(encoding="utf-8")
    (tmp_path / "tracks_id.exchange.yaml").write_text(sidecar.replace("/tracks/104286869", "/sounds/1"), "utf-8")
    assert [f.keyword for f in check_recordings(SPEC_PATH, [tmp_path])] == ["operation"]
