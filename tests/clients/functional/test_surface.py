"""The package surface: facade and module functions, names of parameters, documented redirects, __all__."""

from __future__ import annotations

import inspect

from tests.clients.server import Answer, FixtureServer, json_answer
from tests.clients.support import spec_text

PATHS = """
/tracks:
  get:
    operationId: listTracks
    tags: [tracks]
    parameters:
      - {name: "bpm[from]", in: query, schema: {type: number}}
      - {name: "bpm[to]", in: query, schema: {type: number}}
      - {name: filter, in: query, schema: {type: string}}
    responses:
      "200":
        description: Tracks.
        content:
          application/json:
            schema: {type: array, items: {type: object, properties: {id: {type: integer}}}}
/resolve:
  get:
    operationId: resolve
    tags: [tracks]
    parameters:
      - {name: url, in: query, required: true, schema: {type: string}}
    responses:
      "302":
        description: Found; the body says where.
        content:
          application/json:
            schema:
              type: object
              properties: {status: {type: string}, location: {type: string}}
"""
SPEC = spec_text(PATHS).replace(
    "  - name: items\n    description: Items.\n", "  - name: tracks\n    description: Tracks.\n"
)


def test_bracketed_parameters_get_readable_names(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/tracks", json_answer([{"id": 1}]))
    with pkg.FragmentClient(base_url=server.url) as client:
        tracks = client.tracks.list_tracks(bpm_from=120, bpm_to=130.5, filter_="all")
    assert tracks[0].id == 1
    assert server.seen[0].query == {"bpm[from]": ["120"], "bpm[to]": ["130.5"], "filter": ["all"]}
    assert list(inspect.signature(pkg.api.tracks.list_tracks.sync).parameters) == [
        "client",
        "bpm_from",
        "bpm_to",
        "filter_",
    ]


def test_module_functions_and_facade_are_the_same_call(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/tracks", json_answer([{"id": 2}]))
    with pkg.FragmentClient(base_url=server.url) as client:
        detailed = pkg.api.tracks.list_tracks.sync_detailed(client=client)
        assert detailed.status_code == 200 and detailed.parsed[0].id == 2
        assert detailed.headers["content-type"].startswith("application/json")
        assert pkg.api.tracks.list_tracks.sync(client=client) == client.tracks.list_tracks()


def test_a_documented_redirect_is_an_answer_not_followed(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    where = f"{server.url}/tracks/9"
    server.on("GET", "/resolve", Answer(302, b'{"status": "302 - Found", "location": "%s"}' % where.encode(),
                                        {"Location": where, "Content-Type": "application/json"}))  # fmt: skip
    with pkg.FragmentClient(base_url=server.url) as client:
        found = client.tracks.resolve(url="http://example.test/a/b")
    assert (found.status, found.location) == ("302 - Found", where)
    assert len(server.seen) == 1


def test_undocumented_redirects_are_followed_unless_switched_off(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/tracks", Answer(301, b"", {"Location": "/tracks/"}))
    server.on("GET", "/tracks/", json_answer([{"id": 3}]))
    with pkg.FragmentClient(base_url=server.url) as client:
        assert client.tracks.list_tracks()[0].id == 3
        try:
            client.with_options(follow_redirects=False).tracks.list_tracks()
        except pkg.APIStatusError as err:
            assert err.http_status == 301
        else:
            raise AssertionError("an unfollowed redirect must not pass for an answer")


def test_the_public_names(fragment) -> None:
    pkg = fragment(SPEC)
    for name in pkg.__all__:
        assert getattr(pkg, name) is not None, name
    assert {"FragmentClient", "AsyncFragmentClient", "FragmentError", "RetryPolicy", "Pager", "AsyncPager"} <= set(
        pkg.__all__
    )
    assert len(pkg.__all__) == len(set(pkg.__all__))
    public = {n for n in dir(pkg) if not n.startswith("_") and not inspect.ismodule(getattr(pkg, n))}
    assert public == set(pkg.__all__)


DESCRIBED = spec_text("""
/items:
  get:
    operationId: listItems
    tags: [items]
    parameters:
      - name: q
        in: query
        description: |
          Words to look for,
          ANDed.
        schema: {type: string, default: ""}
    responses:
      "200":
        description: Items.
        content:
          application/json:
            schema: {type: object}
""")


def test_a_parameter_s_description_is_in_the_method_docstring(fragment) -> None:
    pkg = fragment(DESCRIBED)
    resource = pkg.FragmentClient(base_url="http://x.test").items
    doc = type(resource).list_items.__doc__ or ""
    assert "q (str | Unset): Words to look for, ANDed. Default: ''." in " ".join(doc.split()), doc


NAMED = spec_text("""
/things/1:
  get:
    operationId: getThing
    tags: [things]
    responses:
      "200":
        description: A thing.
        content:
          application/json:
            schema:
              type: object
              properties: {license: {type: string}, next: {type: string}, max: {type: integer}, type: {type: string}}
""")


def test_fields_named_after_builtins_keep_their_names(fragment, server: FixtureServer) -> None:
    """`thing.license`, not `thing.license_` (`type_` stays: the parser calls the builtin)."""
    pkg = fragment(NAMED)
    server.on("GET", "/things/1", json_answer({"license": "cc0", "next": "n", "max": 3, "type": "t"}))
    with pkg.FragmentClient(base_url=server.url) as client:
        thing = client.things.get_thing()
    assert (thing.license, thing.next, thing.max, thing.type_) == ("cc0", "n", 3, "t")
