"""Freesound's JSON shapes (server code `prepare_*`), built from dataset rows for one base URL."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..exchange import ApiError
from .freesound_data import Dataset

DETAIL_KEYS = (
    "num_downloads", "channels", "duration", "samplerate", "num_comments", "num_ratings", "filesize", "type",
    "description", "bitdepth", "bitrate", "created", "avg_rating", "original_filename", "license", "tags",
)  # fmt: skip
LIST_KEYS = ("type", "original_filename", "duration", "tags")
SAFE = ":[]*+()'"  # what the server's my_quote (urllib.quote) left unescaped in the links it built


def crashed(debug: str) -> ApiError:
    """What the server answered when a handler raised: InternalError, with the exception's text as `debug`."""
    return ApiError(500, "An internal Freesound error ocurred.", "InternalError", fields={"debug": debug})


@dataclass(frozen=True)
class Views:
    data: Dataset
    api: str  # e.g. http://127.0.0.1:8000/api
    web: str  # the web site's root: http://www.freesound.org, or the mock's own root

    def user_ref(self, username: str) -> str:
        return f"{self.api}/people/{quote(username)}/"

    def minimal_user(self, user: dict[str, Any]) -> dict[str, Any]:
        name = user["username"]
        return {"username": name, "ref": self.user_ref(name), "url": f"{self.web}/people/{quote(name)}/"}

    def links(self, sound: dict[str, Any]) -> dict[str, Any]:
        sid, uid = sound["id"], sound["user_id"]
        folder = sid // 1000
        ref = f"{self.api}/sounds/{sid}/"
        user = self.data.users[uid]
        out = {
            "ref": ref, "url": f"{self.web}/people/{quote(user['username'])}/sounds/{sid}/", "serve": f"{ref}serve/",
            "similarity": f"{ref}similar/", "analysis_stats": f"{ref}analysis/",
            "analysis_frames": f"{self.web}/data/analysis/{folder}/{sid}_{uid}_frames.json",
        }  # fmt: skip
        for quality in ("hq", "lq"):
            for ext in ("mp3", "ogg"):
                out[f"preview-{quality}-{ext}"] = f"{self.web}/data/previews/{folder}/{sid}_{uid}-{quality}.{ext}"
        for kind, tag, ext in (("waveform", "wave", "png"), ("spectral", "spec", "jpg")):
            for size in ("m", "l"):
                out[f"{kind}_{size}"] = f"{self.web}/data/displays/{folder}/{sid}_{uid}_{tag}_{size.upper()}.{ext}"
        if sound.get("pack_id") is not None:
            out["pack"] = f"{self.api}/packs/{sound['pack_id']}/"
        return out

    def detail(self, sound: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": sound["id"]}
        out.update((k, sound[k]) for k in DETAIL_KEYS)
        if sound.get("geotag"):
            out["geotag"] = sound["geotag"]
        out["user"] = self.minimal_user(self.data.users[sound["user_id"]])
        out.update(self.links(sound))
        return out

    def listed(
        self, sound: dict[str, Any], fields: str | None, *, user: bool = True, geotag: bool = False
    ) -> dict[str, Any]:
        if fields:
            wanted = set(fields.split(","))
            return {k: v for k, v in self.detail(sound).items() if k in wanted}
        out: dict[str, Any] = {"id": sound["id"]}
        out.update((k, sound[k]) for k in LIST_KEYS)
        out.update(self.links(sound))
        if user:
            out["user"] = self.minimal_user(self.data.users[sound["user_id"]])
        if geotag and sound.get("geotag"):
            out["geotag"] = sound["geotag"]
        return out

    def pack(self, pack: dict[str, Any], *, full: bool) -> dict[str, Any]:
        user = self.data.users[pack["user_id"]]
        ref = f"{self.api}/packs/{pack['id']}/"
        out: dict[str, Any] = {
            "name": pack["name"], "num_downloads": pack["num_downloads"], "created": pack["created"], "ref": ref,
            "url": f"{self.web}/people/{quote(user['username'])}/packs/{pack['id']}/", "sounds": f"{ref}sounds/",
        }  # fmt: skip
        if full:
            out["user"] = self.minimal_user(user)
            out["description"] = pack.get("description")
        return out

    def user(self, user: dict[str, Any]) -> dict[str, Any]:
        ref = self.user_ref(user["username"])
        out = {k: user.get(k) for k in ("username", "first_name", "last_name", "date_joined")}
        out.update(
            ref=ref, url=f"{self.web}/people/{quote(user['username'])}/", about=user.get("about"),
            home_page=user.get("home_page"), signature=user.get("signature"), sounds=f"{ref}sounds/",
            packs=f"{ref}packs/", bookmark_categories=f"{ref}bookmark_categories/",
        )  # fmt: skip
        return out


def db_page(rows: list[Any], page: int, size: int, link: str, extra: str) -> tuple[list[Any], dict[str, Any]]:
    """A Django Paginator page: at least one page; p <= 0 is the last page; past the end is empty."""
    pages = max(1, math.ceil(len(rows) / size))
    if page <= 0:
        page = pages
    envelope: dict[str, Any] = {"num_results": len(rows), "num_pages": pages}
    if page > pages:
        return [], envelope
    if page > 1:
        envelope["previous"] = f"{link}?p={page - 1}{extra}"
    if page < pages:
        envelope["next"] = f"{link}?p={page + 1}{extra}"
    return rows[(page - 1) * size : page * size], envelope


def page_extra(query: dict[str, Any], raw: list[tuple[str, str]], keep: tuple[str, ...]) -> str:
    """`&sounds_per_page=..&fields=..` exactly as the request gave them (unescaped, as the server did)."""
    given = dict(raw)
    return "".join(f"&{name}={given[name]}" for name in keep if name in given)
