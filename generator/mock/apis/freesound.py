"""Freesound API v1 as the 2014 server behaved, on the mock's dataset.

Handlers by operationId; shapes in freesound_views, search in freesound_search, content search
in freesound_content (on the descriptors of freesound_descriptors), analysis, similar sounds and
the RSS pool in freesound_extra. Every error is the API's `{error, type, status_code,
explanation}` body with HTTP 400 (the engine reads that from the spec's quirks).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import quote

from ..exchange import ApiError, Reply, Request
from . import freesound_content as content
from . import freesound_extra as extra
from .base import Behaviour, Context
from .freesound_data import CATALOGUE, Dataset
from .freesound_index import Index
from .freesound_search import SORTS
from .freesound_views import SAFE, Views, crashed, db_page, page_extra
from .media import tone, zipped

DEFAULT_KEY = "0f5e1d2c3b4a59687766554433221100"
_PREVIEW = re.compile(r"^(\d+)_(\d+)-(hq|lq)\.(mp3|ogg)$")
_SLUG = re.compile(r"[^\w\s-]")


def slugify(text: str) -> str:
    """Django's slugify: ASCII, lower case, no punctuation, runs of spaces and dashes as one dash."""
    text = _SLUG.sub("", text.encode("ascii", "ignore").decode()).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def not_found(message: str) -> ApiError:
    return ApiError(404, message, "NotFound")


class Api(Behaviour):
    empty_405 = True  # piston's HttpResponseNotAllowed: 405, `Allow: GET`, no body
    not_found_kind = "InvalidUrl"
    not_found_message = "The introduced url is invalid."
    common_headers = {"Vary": "Authorization, Cookie", "Access-Control-Allow-Origin": "*"}  # noqa: RUF012
    url_probe = ("/components/schemas/SoundApiUrl", "/sounds/1/")
    catalogue = CATALOGUE

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.data = Dataset(self.options.seed, ctx.recordings, self.options.data, self.api)
        self.search = Index(self.data, self.data.db)
        self.handlers = {
            "searchSounds": self.search_sounds, "contentSearchSounds": self.content_search,
            "searchSoundsByGeotag": self.geotag, "getSound": self.get_sound, "downloadSound": self.serve_sound,
            "getSoundPreview": self.preview, "getSimilarSounds": self.similar, "getSoundAnalysis": self.analysis,
            "getSoundAnalysisPath": self.analysis, "getUser": self.get_user, "listUserSounds": self.user_sounds,
            "listUserPacks": self.user_packs, "listUserBookmarkCategories": self.categories,
            "listBookmarkCategorySounds": self.category_sounds, "listUncategorizedBookmarkSounds": self.category_sounds,
            "getPack": self.get_pack, "listPackSounds": self.pack_sounds, "downloadPack": self.serve_pack,
            "searchSoundPool": self.pool_search, "getSoundPoolInfo": self.pool_info,
        }  # fmt: skip

    def default_credentials(self) -> dict[str, tuple[str, ...]]:
        return {"api_key": (DEFAULT_KEY,)}

    def json_dumps(self, data: Any) -> str:
        # simplejson under Python 2 as piston called it: 4-space indent, ", " item separators
        return json.dumps(data, ensure_ascii=False, indent=4, separators=(", ", ": "))

    def decorate_error(self, body: Any, status: int, kind: str | None) -> Any:
        if kind == "InternalError" and isinstance(body, dict):
            return {**body, "really_really_sorry": True, "debug": body.get("explanation", "-")}
        return body

    def reset(self) -> None:
        super().reset()

    def generated(self, size: int) -> dict[str, list[dict[str, Any]]]:
        return Dataset(self.options.seed, self.ctx.recordings, None, self.api, size).dump()

    def views(self, request: Request) -> Views:
        if self.public_urls:
            return Views(self.data, self.api.server_url, "http://www.freesound.org")
        return Views(self.data, request.base_url, request.base_url[: len(request.base_url) - len(self.api.prefix)])

    def internal(self, method: str, path: str, query: dict[str, list[str]]) -> Reply | None:
        found = re.match(r"^/data/previews/(\d+)/(\d+)_(\d+)-(hq|lq)\.(mp3|ogg)$", path)
        if found and method in ("GET", "HEAD"):
            sound = self.data.sounds.get(int(found.group(2)))
            if sound is not None and sound["user_id"] == int(found.group(3)):
                kind = "audio/mpeg" if found.group(5) == "mp3" else "audio/ogg"
                return Reply(raw=tone(sound["id"]), media_type=kind)
        return None

    # helpers --------------------------------------------------------------------------------------
    def sound(self, sound_id: int) -> dict[str, Any]:
        sound = self.data.sounds.get(sound_id)
        if sound is None or not sound.get("moderated", True):
            raise not_found(f"Sound with id {sound_id} does not exist.")
        return sound

    def user(self, username: str) -> dict[str, Any]:
        user = self.data.by_name.get(username.lower())
        if user is None:
            raise not_found(f"User ({username}) does not exist.")
        return user

    def size(self, request: Request) -> int:
        return min(int(request.query.get("sounds_per_page") or 30), 100)

    def listing(self, request: Request, rows: list[dict[str, Any]], link: str, **shape: bool) -> Reply:
        views = self.views(request)
        keep = page_extra(request.query, request.raw_query, ("sounds_per_page", "fields"))
        page, envelope = db_page(rows, int(request.query.get("p", 1)), self.size(request), link, keep)
        fields = request.query.get("fields")
        return Reply(body={"sounds": [views.listed(s, fields, **shape) for s in page], **envelope})

    # handlers --------------------------------------------------------------------------------------
    def get_sound(self, request: Request) -> Reply:
        sound = self.sound(request.path_params["sound_id"])
        return Reply(body=self.views(request).detail(sound), cache_key=("sound", sound["id"]))

    def search_sounds(self, request: Request) -> Reply:
        q, f = str(request.query.get("q", "")), str(request.query.get("f", ""))
        s = str(request.query.get("s", "score"))
        s = s if s in SORTS else "score"
        g = str(request.query.get("g", "") or "")
        views = self.views(request)
        size = self.size(request)
        page = max(int(request.query.get("p", 1)), 1)
        groups: dict[Any, list[dict[str, Any]]] = {}
        if g and g != "0":
            for sound in self.search.run(q, f, s):
                groups.setdefault(sound.get("pack_id") or ("sound", sound["id"]), []).append(sound)
            results = [members[0] for members in groups.values()]
            total = len(results)
            shown = results[(page - 1) * size : page * size]
        else:  # the index counts and cuts the page: no list of every match
            total = self.search.count(q, f, s)
            shown = self.search.run(q, f, s, (page - 1) * size, page * size)
        pages = math.ceil(total / size)
        fields = request.query.get("fields")
        keep = page_extra(request.query, request.raw_query, ("sounds_per_page", "fields"))
        link = f"{views.api}/sounds/search/?q={quote(q, safe=SAFE)}&p={{p}}&f={quote(f, safe=SAFE)}&s={s}&g={g}{keep}"
        items = []
        for sound in shown if page <= pages else []:
            item = views.listed(sound, fields)
            pack = self.data.packs.get(sound.get("pack_id") or -1)
            others = len(groups.get(sound.get("pack_id") or ("sound", sound["id"]), [])) - 1
            if pack is not None and others > 0:
                item["n_results_from_the_same_pack"] = others
                same = f'q={quote(q)}&f=pack:"{pack["name"]}" {quote(f)}&s={SORTS[s][1]}&g={keep}'
                item["results_from_the_same_pack"] = f"{views.api}/sounds/search/?{same}"
            items.append(item)
        body: dict[str, Any] = {"sounds": items, "num_results": total, "num_pages": pages}
        if 1 < page <= pages:
            body["previous"] = link.replace("{p}", str(page - 1))
        if page < pages:
            body["next"] = link.replace("{p}", str(page + 1))
        return Reply(body=body)

    def geotag(self, request: Request) -> Reply:
        raw = dict(request.raw_query)
        bounds = {k: float(request.query.get(k, 0.0)) for k in ("min_lat", "max_lat", "min_lon", "max_lon")}
        text = {k: raw.get(k, "0.0") for k in bounds}
        rows = [s for s in self.data.visible() if s.get("geotag") and extra.in_box(s["geotag"], bounds, text)]
        views = self.views(request)
        box = "".join(f"&{k}={text[k]}" for k in ("min_lon", "max_lon", "min_lat", "max_lat"))
        reply = self.listing(request, self.data.newest(rows), f"{views.api}/sounds/geotag/", geotag=True)
        for key in ("next", "previous"):
            if key in reply.body:
                head, _, tail = reply.body[key].partition("&")
                reply.body[key] = head + box + ("&" + tail if tail else "")
        return reply

    def user_sounds(self, request: Request) -> Reply:
        username = request.path_params["username"]
        user = self.user(username)
        rows = self.data.newest([s for s in self.data.visible() if s["user_id"] == user["id"]])
        return self.listing(request, rows, f"{self.views(request).api}/people/{quote(username)}/sounds/")

    def pack_sounds(self, request: Request) -> Reply:
        pack = self.data.packs.get(request.path_params["pack_id"])
        if pack is None:  # the server caught the wrong exception class here
            raise crashed("Pack matching query does not exist.")
        rows = self.data.newest([s for s in self.data.visible() if s.get("pack_id") == pack["id"]])
        return self.listing(request, rows, f"{self.views(request).api}/packs/{pack['id']}/sounds/")

    def category_sounds(self, request: Request) -> Reply:
        username = request.path_params["username"]
        user = self.user(username)
        category_id = request.path_params.get("category_id")
        if category_id is not None:
            category = self.data.categories.get(category_id)
            if category is None or category["user_id"] != user["id"]:
                raise not_found(f"Bookmark category with id {category_id} does not exist.")
        marks = [b for b in self.data.bookmarks if b["user_id"] == user["id"] and b["category_id"] == category_id]
        marks.sort(key=lambda b: b["created"], reverse=True)
        views = self.views(request)
        size = self.size(request)
        page = int(request.query.get("p", 1))
        if category_id is None and len(marks) > size:  # its next-page link cannot be built (Django 1.4 wording)
            url = f"'api-user-bookmark-category' with arguments '(u{username!r}, None)'"
            raise crashed(f"Reverse for {url} and keyword arguments '{{}}' not found.")
        link = f"{views.api}/people/{quote(username)}/bookmark_categories/{category_id}/sounds/"
        rows, envelope = db_page(marks, page, size, link, "")
        fields = request.query.get("fields")
        items = []
        for mark in rows:
            item = views.listed(self.data.sounds[mark["sound_id"]], fields)
            if not fields or "bookmark_name" in fields.split(","):
                item["bookmark_name"] = mark["name"]
            items.append(item)
        return Reply(body={"sounds": items, **envelope})

    def get_user(self, request: Request) -> Reply:
        user = self.user(request.path_params["username"])
        return Reply(body=self.views(request).user(user), cache_key=("user", user["id"]))

    def user_packs(self, request: Request) -> Reply:
        user = self.user(request.path_params["username"])
        views = self.views(request)
        packs = self.data.newest([p for p in self.data.packs.values() if p["user_id"] == user["id"]])
        return Reply(body={"packs": [views.pack(p, full=False) for p in packs], "num_results": len(packs)})

    def categories(self, request: Request) -> Reply:
        username = request.path_params["username"]
        user = self.user(username)
        views = self.views(request)
        ref = f"{views.api}/people/{quote(username)}/bookmark_categories/"
        web = f"{views.web}/people/{quote(username)}/bookmarks/category/"
        items: list[dict[str, Any]] = [
            {"id": c["id"], "name": c["name"], "url": f"{web}{c['id']}/", "sounds": f"{ref}{c['id']}/sounds/"}
            for c in sorted(self.data.categories.values(), key=lambda c: c["id"])
            if c["user_id"] == user["id"]
        ]
        if any(b["user_id"] == user["id"] and b["category_id"] is None for b in self.data.bookmarks):
            items.append({"name": "Uncategorized bookmarks", "url": ref, "sounds": f"{ref}uncategorized/sounds/"})
        return Reply(body={"categories": items, "num_results": len(items)})

    def get_pack(self, request: Request) -> Reply:
        pack = self.data.packs.get(request.path_params["pack_id"])
        if pack is None:
            raise not_found(f"Pack with id {request.path_params['pack_id']} does not exist.")
        return Reply(body=self.views(request).pack(pack, full=True), cache_key=("pack", pack["id"]))

    def serve_sound(self, request: Request) -> Reply:
        sound = self.sound(request.path_params["sound_id"])
        user = self.data.users[sound["user_id"]]
        stem = sound["original_filename"].rsplit(".", 1)[0]
        name = f"{sound['id']}__{slugify(user['username'])}__{slugify(stem)}.{sound['type']}"
        secret = f"/secret/sounds/{sound['id'] // 1000}/{sound['id']}_{user['id']}.{sound['type']}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Accel-Redirect": secret}
        return Reply(raw=tone(sound["id"]), media_type="application/octet-stream", headers=headers)

    def serve_pack(self, request: Request) -> Reply:
        pack = self.data.packs.get(request.path_params["pack_id"])
        if pack is None:
            raise not_found(f"Pack with id {request.path_params['pack_id']} does not exist.")
        user = self.data.users[pack["user_id"]]
        files = {s["original_filename"]: tone(s["id"]) for s in self.data.visible() if s.get("pack_id") == pack["id"]}
        name = f"{pack['id']}__{slugify(user['username'])}__{slugify(pack['name'])}.zip"
        secret = f"/secret/packs/{pack['id']}.zip"
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Accel-Redirect": secret}
        return Reply(raw=zipped(files), media_type="application/octet-stream", headers=headers)

    def preview(self, request: Request) -> Reply:
        sound_id = request.path_params["sound_id"]
        found = _PREVIEW.match(str(request.path_params.get("filename", "")))
        # only names of preview files the server could hold: nothing is read from disk, no traversal
        target = self.data.sounds.get(int(found.group(1))) if found else None
        owned = found is not None and target is not None and target["user_id"] == int(found.group(2))
        if not found or target is None or not owned or target["id"] // 1000 != sound_id // 1000:
            raise not_found(f"Requested preview for sound {sound_id} does not exist.")
        headers = {"Content-Disposition": f'attachment; filename="{found.group(0)}"'}
        return Reply(raw=tone(target["id"]), media_type="application/octet-stream", headers=headers)

    def similar(self, request: Request) -> Reply:
        return extra.similar(self, request)

    def analysis(self, request: Request) -> Reply:
        return extra.analysis(self, request)

    def content_search(self, request: Request) -> Reply:
        return content.content_search(self, request)

    def pool_search(self, request: Request) -> Reply:
        return extra.pool_search(self, request)

    def pool_info(self, request: Request) -> Reply:
        return extra.pool_feed([], request)
