"""The Freesound dataset: users, packs, sounds, bookmark categories and bookmarks.

Seeded with the real recordings (their sounds, users and packs come first, with their real
ids and values), then filled with generated rows; deterministic for a seed. Rows are plain
dicts in the `--data DIR` table format (docs/mock.md).
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .. import words
from ..compiled import CompiledApi
from ..synth import rng
from .freesound_examples import documented, objects
from .freesound_tables import TABLES
from .media import read_json
from .tablecache import connect
from .tables import Tables, load_tables

LICENSES = {
    "http://creativecommons.org/licenses/by/3.0/": "Attribution",
    "http://creativecommons.org/licenses/by-nc/3.0/": "Attribution Noncommercial",
    "http://creativecommons.org/publicdomain/zero/1.0/": "Creative Commons 0",
    "http://creativecommons.org/licenses/sampling+/1.0/": "Sampling+",
}
DATE = "%Y-%m-%d %H:%M:%S"
_PREVIEW_IDS = re.compile(r"/(\d+)_(\d+)-[hl]q\.")
_START = datetime(2005, 3, 1)
SOUNDS, USERS = 480, 36  # the generated dataset's size; `size` scales the users with the sounds
CATALOGUE = 200_000  # sounds in `scripts/dataset`'s catalogue-sized dataset


def _date(r: random.Random, after: str | None = None) -> str:
    start = datetime.strptime(after, DATE) if after else _START
    span = max(int((datetime(2014, 12, 1) - start).total_seconds()), 1)
    return (start + timedelta(seconds=r.randrange(span))).strftime(DATE)


class Dataset:
    def __init__(
        self, seed: int, recordings: Path | None, data: Path | None, api: CompiledApi, size: int | None = None
    ) -> None:
        self.users: dict[int, dict[str, Any]] = {}
        self.packs: dict[int, dict[str, Any]] = {}
        self.sounds: dict[int, dict[str, Any]] = {}
        self.categories: dict[int, dict[str, Any]] = {}
        self.bookmarks: list[dict[str, Any]] = []
        self._named: dict[str, dict[str, Any]] = {}  # username -> user, while generating
        own = load_tables(data, TABLES, api)
        if own is not None:
            self._own(own)
            self.db = own.db  # the dataset's cache file, where its search index is kept
        else:
            self.db = connect(Path(":memory:"))
            self._seed_recordings(recordings)
            sounds = size or SOUNDS
            self._generate(rng(f"freesound:{seed}"), max(USERS, sounds * USERS // SOUNDS), sounds)
            documented(self, api.spec)
        self.by_name = {u["username"].lower(): u for u in self.users.values()}

    # ------------------------------------------------------------------------------------------
    def _own(self, own: Tables) -> None:
        self.users = {u["id"]: u for u in own.get("users")}
        self.packs = {p["id"]: p for p in own.get("packs")}
        self.sounds = {s["id"]: s for s in own.get("sounds")}
        self.categories = {c["id"]: c for c in own.get("bookmark_categories")}
        self.bookmarks = own.get("bookmarks")

    def _user(self, username: str, user_id: int, r: random.Random) -> dict[str, Any]:
        if username in self._named:
            return self._named[username]
        user = {
            "id": user_id, "username": username, "first_name": words.pick(r, words.FIRST_NAMES),
            "last_name": words.pick(r, words.LAST_NAMES) if r.random() < 0.7 else "",
            "date_joined": _date(r), "about": words.description(r) if r.random() < 0.6 else None,
            "home_page": f"http://{words.slug(username)}.example.org/" if r.random() < 0.3 else None,
            "signature": f"-- {username}" if r.random() < 0.4 else None,
        }  # fmt: skip
        if user_id in self.users:  # an id drawn twice: the later user takes it
            del self._named[self.users[user_id]["username"]]
        self.users[user_id] = user
        self._named[username] = user
        return user

    def _seed_recordings(self, folder: Path | None) -> None:
        r = rng("freesound-recordings")
        files = sorted(folder.glob("*.json")) if folder and folder.is_dir() else []
        for path in files:
            body = read_json(path)
            for item in objects(body):
                if "original_filename" in item and isinstance(item.get("id"), int):
                    self._seed_sound(item, r)
        for path in files:
            for item in objects(read_json(path)):
                ref = str(item.get("ref", ""))
                found = re.search(r"/packs/(\d+)", ref)
                if found and "name" in item:
                    web_owner = re.sub(r".*/people/([^/]+)/.*", r"\1", str(item.get("url", "")))
                    owner = (item.get("user") or {}).get("username") or web_owner
                    user = self._user(owner, 1000 + len(self.users), r)
                    self.packs[int(found.group(1))] = {
                        "id": int(found.group(1)), "user_id": user["id"], "name": item["name"],
                        "description": item.get("description") or None, "created": item.get("created") or _date(r),
                        "num_downloads": int(item.get("num_downloads") or 0),
                    }  # fmt: skip

    def _seed_sound(self, item: dict[str, Any], r: random.Random) -> None:
        ids = _PREVIEW_IDS.search(str(item.get("preview-hq-mp3", "")))
        user_id = int(ids.group(2)) if ids else 1000 + len(self.users)
        user = self._user((item.get("user") or {}).get("username") or words.handle(r), user_id, r)
        sound = self._fake_sound(int(item["id"]), user["id"], None, r)
        sound.update({k.replace("-", "_"): v for k, v in item.items() if k in sound and not isinstance(v, dict)})
        if isinstance(item.get("geotag"), dict):
            sound["geotag"] = item["geotag"]
        self.sounds[sound["id"]] = sound

    def _fake_sound(self, sound_id: int, user_id: int, pack_id: int | None, r: random.Random) -> dict[str, Any]:
        kind = r.choice(("wav", "wav", "wav", "aiff", "flac", "ogg", "mp3"))
        duration = round(r.uniform(0.2, 180.0), 6)
        channels = r.choice((1, 2, 2))
        rate = r.choice((44100.0, 48000.0, 96000.0))
        depth = None if kind in ("mp3", "ogg") else r.choice((16, 24))
        bitrate = int(rate * channels * (depth or 16) / 1000) if depth else r.choice((128, 192, 320))
        name = words.title(r)
        return {
            "id": sound_id, "user_id": user_id, "pack_id": pack_id, "type": kind,
            "original_filename": f"{words.slug(name).replace('-', '_')}.{kind}", "duration": duration,
            "tags": words.tags(r), "description": words.description(r), "num_downloads": r.randrange(0, 5000),
            "channels": channels, "samplerate": rate, "num_comments": r.randrange(0, 12),
            "num_ratings": r.randrange(0, 40),
            "filesize": int(duration * bitrate * 125), "bitdepth": depth, "bitrate": bitrate, "created": _date(r),
            "avg_rating": round(r.uniform(4, 10), 1), "license": r.choice(list(LICENSES)),
            "geotag": _geotag(r) if r.random() < 0.3 else None,
            "moderated": True,
        }  # fmt: skip

    def _generate(self, r: random.Random, users: int, sounds: int) -> None:
        while len(self.users) < users:
            self._user(words.handle(r), r.randrange(2000, 3_000_000), r)
        user_ids = sorted(self.users)
        for _ in range(users + 12):
            pack_id = r.randrange(1000, max(20000, 4 * users))
            owner = self.users[r.choice(user_ids)]
            name = f"{words.pick(r, words.SOUND_NOUNS)} {r.choice(('pack', 'set', 'session', 'collection'))}"
            self.packs.setdefault(pack_id, {
                "id": pack_id, "user_id": owner["id"], "name": name,
                "description": words.description(r) if r.random() < 0.7 else None,
                "created": _date(r, owner["date_joined"]), "num_downloads": r.randrange(0, 3000),
            })  # fmt: skip
        packs_by_user: dict[int, list[int]] = {}
        for pack in self.packs.values():
            packs_by_user.setdefault(pack["user_id"], []).append(pack["id"])
        while len(self.sounds) < sounds:
            sound_id = r.randrange(1000, max(250_000, 4 * sounds))
            if sound_id in self.sounds:
                continue
            user_id = r.choice(user_ids)
            own = packs_by_user.get(user_id) or []
            in_pack = r.choice(own) if own and r.random() < 0.6 else None
            self.sounds[sound_id] = self._fake_sound(sound_id, user_id, in_pack, r)
        sound_ids = sorted(self.sounds)
        for user_id in user_ids[::3]:
            for name in r.sample(("favourites", "to use", "ambience", "drums", "for the game"), r.randrange(1, 3)):
                category_id = r.randrange(1, 99999)
                self.categories[category_id] = {"id": category_id, "user_id": user_id, "name": name}
                for sound_id in r.sample(sound_ids, r.randrange(1, 40)):
                    self._bookmark(user_id, sound_id, category_id, r)
            for sound_id in r.sample(sound_ids, r.randrange(0, 5)):
                self._bookmark(user_id, sound_id, None, r)

    def _bookmark(self, user_id: int, sound_id: int, category_id: int | None, r: random.Random) -> None:
        name = self.sounds[sound_id]["original_filename"]
        self.bookmarks.append(
            {"user_id": user_id, "sound_id": sound_id, "category_id": category_id, "name": name, "created": _date(r)}
        )

    # queries -----------------------------------------------------------------------------------
    def visible(self) -> list[dict[str, Any]]:
        return [s for s in self.sounds.values() if s.get("moderated", True)]

    def newest(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda row: (row["created"], row["id"]), reverse=True)

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "users": list(self.users.values()), "packs": list(self.packs.values()),
            "sounds": list(self.sounds.values()), "bookmark_categories": list(self.categories.values()),
            "bookmarks": self.bookmarks,
        }  # fmt: skip


def _geotag(r: random.Random) -> dict[str, float]:
    return {"lat": round(r.uniform(-60, 70), 5), "lon": round(r.uniform(-170, 170), 5)}
