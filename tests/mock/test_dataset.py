"""`soundspec mock NAME --data DIR`: a dataset of one's own is served, a broken one refused at start-up."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.errors import UsageError
from generator.mock.apis import MODULES

from .conformance import problems
from .conftest import FS_KEY, ROOT, SC_CLIENT, build, call, launched

FREESOUND: dict[str, list[dict[str, Any]]] = {
    "users": [
        {"id": 1, "username": "alice", "first_name": "Alice", "last_name": "", "date_joined": "2010-01-01 10:00:00",
         "about": None, "home_page": None, "signature": None},
        {"id": 2, "username": "bob", "first_name": "Bob", "last_name": "Stone", "date_joined": "2011-05-06 07:08:09",
         "about": "Field recordist.", "home_page": "http://bob.example.org/", "signature": "-- bob"},
    ],
    "packs": [{"id": 10, "user_id": 1, "name": "Doors", "description": None, "created": "2012-01-02 03:04:05",
               "num_downloads": 4}],
    "sounds": [
        {"id": 5, "user_id": 1, "pack_id": 10, "type": "wav", "original_filename": "door.wav", "duration": 1.5,
         "tags": ["door", "creak"], "description": "An old door.", "num_downloads": 3, "channels": 1,
         "samplerate": 44100.0, "num_comments": 0, "num_ratings": 2, "filesize": 132300, "bitdepth": 16,
         "bitrate": 705, "created": "2012-01-02 03:04:05", "avg_rating": 8.0,
         "license": "http://creativecommons.org/publicdomain/zero/1.0/", "geotag": {"lat": 41.4, "lon": 2.2}},
        {"id": 6, "user_id": 2, "pack_id": None, "type": "flac", "original_filename": "rain.flac", "duration": 60.0,
         "tags": ["rain"], "description": "Rain on a roof.", "num_downloads": 0, "channels": 2, "samplerate": 48000.0,
         "num_comments": 1, "num_ratings": 0, "filesize": 5000000, "bitdepth": 24, "bitrate": 2304,
         "created": "2013-03-04 05:06:07", "avg_rating": 0, "license": "http://creativecommons.org/licenses/by/3.0/",
         "geotag": None, "moderated": True},
    ],
    "bookmark_categories": [{"id": 3, "user_id": 2, "name": "doors"}],
    "bookmarks": [{"user_id": 2, "sound_id": 5, "category_id": 3, "name": "door", "created": "2014-01-01 00:00:00"}],
}  # fmt: skip

SC_TRACK: dict[str, Any] = {
    "id": 900, "user_id": 7, "created_at": "2014/02/03 04:05:06 +0000", "duration": 65000, "commentable": True,
    "state": "finished", "original_content_size": 1200000, "sharing": "public", "tag_list": "field rain",
    "permalink": "rain-on-tin", "streamable": True, "downloadable": False, "purchase_url": None, "label_id": None,
    "genre": "Field recording", "title": "Rain on tin", "description": None, "label_name": None, "release": None,
    "track_type": "recording", "key_signature": None, "isrc": None, "video_url": None, "bpm": None,
    "release_year": None, "release_month": None, "release_day": None, "original_format": "wav", "license": "cc-by",
    "playback_count": 12, "download_count": 0, "secret_token": "s-abcde", "waveform_key": "0123456789ab",
}  # fmt: skip
SOUNDCLOUD: dict[str, list[dict[str, Any]]] = {
    "users": [
        {"id": 7, "permalink": "ana", "username": "Ana", "avatar_url": None, "country": None, "first_name": "Ana",
         "last_name": "", "full_name": "Ana", "city": None, "description": None, "discogs_name": None,
         "myspace_name": None, "website": None, "website_title": None, "online": False, "plan": "Free",
         "last_modified": "2014/01/01 00:00:00 +0000"},
    ],
    "tracks": [SC_TRACK],
    "favorites": [{"user_id": 7, "track_id": 900}],
}  # fmt: skip


def write(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, rows in tables.items():
        (folder / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
    return folder


def broken(tables: dict[str, list[dict[str, Any]]], table: str, row: int, **changes: Any) -> dict[str, Any]:
    """A copy of `tables` with row `row` of `table` changed; a change to None removes the field."""
    out = copy.deepcopy(tables)
    for key, value in changes.items():
        if value is None:
            del out[table][row][key]
        else:
            out[table][row][key] = value
    return out


def test_soundspec_mock_serves_a_dataset_of_ones_own(tmp_path: Path) -> None:
    with launched("freesound", "--data", str(write(tmp_path / "data", FREESOUND))) as base:
        key = {"api_key": FS_KEY}
        sound = httpx.get(f"{base}/sounds/5/", params=key).json()
        assert (sound["original_filename"], sound["user"]["username"], sound["geotag"]) == (
            "door.wav", "alice", {"lat": 41.4, "lon": 2.2},
        )  # fmt: skip
        assert [s["id"] for s in httpx.get(f"{base}/people/alice/sounds/", params=key).json()["sounds"]] == [5]
        found = httpx.get(f"{base}/sounds/search/", params={**key, "q": "rain"}).json()
        assert [s["id"] for s in found["sounds"]] == [6] and found["num_results"] == 1
        assert httpx.get(f"{base}/packs/10/", params=key).json()["name"] == "Doors"
        marks = httpx.get(f"{base}/people/bob/bookmark_categories/3/sounds/", params=key).json()
        assert [s["id"] for s in marks["sounds"]] == [5]
        assert httpx.get(f"{base}/sounds/18763/", params=key).json()["status_code"] == 404  # only one's own rows


def test_a_freesound_dataset_answers_as_the_spec_says(tmp_path: Path) -> None:
    app = build("freesound", data=write(tmp_path, FREESOUND))
    for op_id, url in (
        ("getSound", "/api/sounds/6/"), ("getUser", "/api/people/bob/"), ("getPack", "/api/packs/10/"),
        ("listUserSounds", "/api/people/alice/sounds/"), ("searchSounds", "/api/sounds/search/?q=door"),
        ("listBookmarkCategorySounds", "/api/people/bob/bookmark_categories/3/sounds/"),
    ):  # fmt: skip
        response = call(app, "GET", f"{url}{'&' if '?' in url else '?'}api_key={FS_KEY}")
        assert response.status_code == 200, (url, response.text)
        assert problems(app, op_id, 200, response.headers["content-type"], response.content) == [], url


def test_a_soundcloud_dataset_of_ones_own(tmp_path: Path) -> None:
    app = build("soundcloud", data=write(tmp_path, SOUNDCLOUD))
    track = call(app, "GET", f"/tracks/900?client_id={SC_CLIENT}")
    assert track.status_code == 200 and track.json()["title"] == "Rain on tin"
    assert track.json()["favoritings_count"] == 1  # counted from favorites.json
    assert problems(app, "getTrack", 200, track.headers["content-type"], track.content) == []
    # the mock's access token belongs to the dataset's own user (the lowest id without user 1561)
    for token in ("1-7-mock-access-token", "1-1561-mock-access-token"):
        assert call(app, "GET", f"/me?oauth_token={token}").json()["username"] == "Ana"
    assert call(app, "GET", f"/tracks/104286869?client_id={SC_CLIENT}").status_code == 404


@pytest.mark.parametrize("name", sorted(MODULES))  # the APIs whose behaviour module has a dataset
def test_the_mocks_own_dataset_is_a_valid_dataset(tmp_path: Path, name: str) -> None:
    """The generated dataset, written out as `--data` tables, loads and answers the same."""
    generated = build(name, seed=5)
    folder = write(tmp_path, generated.behaviour.data.dump())  # type: ignore[attr-defined]
    own = build(name, data=folder)
    url = f"/api/sounds/18763/?api_key={FS_KEY}" if name == "freesound" else f"/tracks/104286869?client_id={SC_CLIENT}"
    assert call(own, "GET", url).json() == call(generated, "GET", url).json()


FS = "freesound"
SC = "soundcloud"
BAD: list[tuple[str, dict[str, Any], str]] = [
    # the row the mock answered InternalError 500 for, on every request touching it
    (FS, broken(FREESOUND, "sounds", 0, created=None), "sounds.json: row 1 (id 5): missing field 'created'"),
    (FS, broken(FREESOUND, "sounds", 1, duration="long"),
     """sounds.json: row 2 (id 6): field 'duration': "long" is not of type "number\""""),
    (FS, broken(FREESOUND, "sounds", 0, created="2012-13-45 03:04:05"),
     """sounds.json: row 1 (id 5): field 'created': "2012-13-45 03:04:05" is not a "freesound-datetime\""""),
    (FS, broken(FREESOUND, "sounds", 0, type="wave"),
     "sounds.json: row 1 (id 5): field 'type': \"wave\" is not one of"),
    (FS, broken(FREESOUND, "sounds", 0, tags=["door", 7]), "sounds.json: row 1 (id 5): field 'tags[1]': 7 is not of"),
    (FS, broken(FREESOUND, "sounds", 0, geotag={"lat": 100, "lon": 2}),
     "sounds.json: row 1 (id 5): field 'geotag.lat': 100 is greater than the maximum of 90"),
    (FS, broken(FREESOUND, "sounds", 1, crated="2013-03-04 05:06:07"),
     "sounds.json: row 2 (id 6): unknown field 'crated'"),
    (FS, broken(FREESOUND, "sounds", 1, id=5), "sounds.json: row 2 (id 5): id 5 repeats row 1"),
    (FS, broken(FREESOUND, "sounds", 1, user_id=99), "sounds.json: row 2 (id 6): user_id 99 is no id of users.json"),
    (FS, broken(FREESOUND, "bookmarks", 0, category_id=4),
     "bookmarks.json: row 1: category_id 4 is no id of bookmark_categories.json"),
    (FS, broken(FREESOUND, "users", 1, username=""),
     "users.json: row 2 (id 2): field 'username': \"\" is shorter than"),
    (SC, broken(SOUNDCLOUD, "tracks", 0, sharing="friends"), "tracks.json: row 1 (id 900): field 'sharing'"),
    (SC, broken(SOUNDCLOUD, "tracks", 0, created_at="2014/02/03 04:05:06 +0100"),
     "tracks.json: row 1 (id 900): field 'created_at': \"2014/02/03 04:05:06 +0100\" does not match"),
    (SC, broken(SOUNDCLOUD, "users", 0, online=None), "users.json: row 1 (id 7): missing field 'online'"),
    (SC, {**SOUNDCLOUD, "users": []}, "users.json: the dataset needs at least one user"),
    (SC, {**SOUNDCLOUD, "followings": [{"follower_id": 7, "user_id": 8}]},
     "followings.json: row 1: user_id 8 is no id of users.json"),
]  # fmt: skip


@pytest.mark.parametrize(("api", "tables", "said"), BAD, ids=[f"{api}-{said[:40]}" for api, _, said in BAD])
def test_a_broken_row_is_refused_naming_file_row_and_field(
    tmp_path: Path, api: str, tables: dict[str, Any], said: str
) -> None:
    folder = write(tmp_path, tables)
    with pytest.raises(UsageError) as refused:
        build(api, data=folder)
    assert str(refused.value).startswith(f"{folder}/{said}"), str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"sounds.json": "[{"}, "sounds.json: not a JSON file"),
        ({"sounds.json": '{"id": 5}'}, "sounds.json: expected a JSON array of objects"),
        ({"sounds.json": "[5]"}, "sounds.json: row 1: expected an object, got 5"),
        ({"sound.json": "[]"}, ": unknown table(s) sound.json (expected users.json, packs.json,"),
        ({}, ": no table in it (expected one or more of users.json,"),
    ],
)
def test_a_folder_that_is_no_dataset_is_refused(tmp_path: Path, files: dict[str, str], said: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        build("freesound", data=tmp_path)
    assert str(refused.value).startswith(f"{tmp_path}{'' if said.startswith(':') else '/'}{said}"), str(refused.value)


def test_soundspec_mock_refuses_a_broken_dataset_in_one_line(tmp_path: Path) -> None:
    folder = write(tmp_path / "data", broken(FREESOUND, "sounds", 0, created=None))
    command = [sys.executable, "-m", "generator.cli", "mock", "freesound", "--data", str(folder), "--port", "0"]
    # a dataset the mock accepted would be served until the timeout: the failure this guards against
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"soundspec: error: {folder}/sounds.json: row 1 (id 5): missing field 'created'\n"
