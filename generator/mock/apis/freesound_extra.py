"""Freesound's descriptor endpoints (analysis, similar, content search), geotag box and RSS pool."""

from __future__ import annotations

import math
from datetime import datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement, tostring

from ..exchange import ApiError, Reply, Request
from ..synth import rng
from .freesound_data import DATE

if TYPE_CHECKING:
    from .freesound import Api

KEYS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def descriptors(sound_id: int, full: bool) -> dict[str, Any]:
    """The sound's analysis (the recommended subset, or everything), stable for its id."""
    r = rng(f"analysis:{sound_id}")
    mfcc = [round(r.uniform(-700, 150) if i == 0 else r.uniform(-40, 40), 6) for i in range(13)]
    data: dict[str, Any] = {
        "lowlevel": {
            "average_loudness": round(r.uniform(0.3, 1.0), 6), "dissonance": {"mean": round(r.uniform(0.2, 0.5), 6)},
            "pitch": {"mean": round(r.uniform(80, 900), 4)}, "pitch_salience": {"mean": round(r.uniform(0.1, 0.8), 6)},
            "spectral_centroid": {"mean": round(r.uniform(300, 6000), 4)}, "mfcc": {"mean": mfcc},
        },
        "tonal": {
            "key_key": KEYS[r.randrange(12)], "key_scale": r.choice(("major", "minor")),
            "key_strength": round(r.uniform(0.2, 0.9), 6), "tuning_frequency": round(r.uniform(435, 445), 4),
        },
        "rhythm": {"bpm": round(r.uniform(60, 180), 3)},
    }  # fmt: skip
    if full:
        for name in ("spectral_centroid", "pitch", "dissonance"):
            mean = data["lowlevel"][name]["mean"]
            data["lowlevel"][name].update(var=round(mean * r.uniform(0.01, 0.3), 4), min=0.0, max=round(mean * 2, 4))
        data["rhythm"]["onset_rate"] = round(r.uniform(0.5, 8), 4)
        data["sfx"] = {"logattacktime": {"mean": round(r.uniform(-3, 0), 4)}, "tristimulus": {"mean": [0.5, 0.3, 0.2]}}
        data["metadata"] = {"version": {"essentia": "2.0.1"}}
    return data


def analysis(api: Api, request: Request) -> Reply:
    sound = api.sound(request.path_params["sound_id"])
    path = request.path_params.get("descriptor_path")
    full = request.query.get("all") is True or path is not None
    node: Any = descriptors(sound["id"], full)
    for step in [p for p in str(path or "").split("/") if p]:
        if not isinstance(node, dict) or step not in node:
            raise ApiError(400, "Could not find this path in the analysis data.", "InvalidRequest")
        node = node[step]
    return Reply(body=node)


def _vector(sound_id: int) -> list[float]:
    low = descriptors(sound_id, False)["lowlevel"]
    return [low["pitch"]["mean"] / 900, low["spectral_centroid"]["mean"] / 6000, low["dissonance"]["mean"]]


def similar(api: Api, request: Request) -> Reply:
    sound = api.sound(request.path_params["sound_id"])
    count = int(request.query.get("num_results", 15))
    target = _vector(sound["id"])
    others = [s for s in api.data.visible() if s["id"] != sound["id"]]
    ranked = sorted(others, key=lambda s: (math.dist(target, _vector(s["id"])), s["id"]))[: max(count - 1, 0)]
    views = api.views(request)
    fields = request.query.get("fields")
    items = [{**views.listed(sound, fields), "distance": 0.0}]
    items += [{**views.listed(s, fields), "distance": round(math.dist(target, _vector(s["id"])), 6)} for s in ranked]
    return Reply(body={"sounds": items, "num_results": len(items)})


def _lookup(sound_id: int, name: str) -> Any:
    node: Any = descriptors(sound_id, True)
    for step in name.strip(".").split("."):
        if not isinstance(node, dict) or step not in node:
            return None
        node = node[step]
    return node


def content_search(api: Api, request: Request) -> Reply:
    t, f = str(request.query.get("t", "") or ""), str(request.query.get("f", "") or "")
    if not t and not f:
        raise ApiError(400, "Introduce either a target, a filter or both.", "BadRequest")
    rows = api.data.visible()
    if f:
        rows = [s for s in rows if _content_filter(s["id"], f)]
    if t.isdigit():
        target = _vector(api.sound(int(t))["id"])
        rows = sorted(rows, key=lambda s: (math.dist(target, _vector(s["id"])), s["id"]))
    elif t:
        pairs = [part.split(":", 1) for part in t.split() if ":" in part]
        if not pairs or any(_lookup(rows[0]["id"] if rows else 1, n) is None for n, _ in pairs):
            raise _no_feature("Target")

        def distance(sound: dict[str, Any]) -> float:
            return sum(abs(float(_lookup(sound["id"], n)) - float(v.split(",")[0])) for n, v in pairs)

        rows = sorted(rows, key=lambda s: (distance(s), s["id"]))
    else:
        rows = sorted(rows, key=lambda s: s["id"])
    rows = rows[: int(request.query.get("max_results", 15))]
    views = api.views(request)
    link = f"{views.api}/sounds/content_search/?t={t}&f={f}"
    size = api.size(request)
    page = int(request.query.get("p", 1))
    pages = max(1, math.ceil(len(rows) / size))
    page = pages if page <= 0 else page
    body: dict[str, Any] = {"num_results": len(rows), "num_pages": pages}
    fields = request.query.get("fields")
    shown = rows[(page - 1) * size : page * size] if page <= pages else []
    body["sounds"] = [views.listed(s, fields, user=False) for s in shown]
    if 1 < page <= pages:
        body["previous"] = f"{link}&p={page - 1}"
    if page < pages:
        body["next"] = f"{link}&p={page + 1}"
    return Reply(body=body)


def _no_feature(where: str) -> ApiError:
    message = f"{where} error: At least one feature name does not match with any descriptor."
    return ApiError(400, message, "SimilarityError")


def _content_filter(sound_id: int, f: str) -> bool:
    for clause in f.replace(" AND ", " ").split():
        name, _, value = clause.partition(":")
        found = _lookup(sound_id, name)
        if found is None:
            raise _no_feature("Filter")
        if value.startswith("["):
            low, _, high = value.strip("[]").partition(" TO ")
            if (low not in ("*", "") and found < float(low)) or (high not in ("*", "") and found > float(high)):
                return False
        elif str(found) != value.strip("\"'"):
            return False
    return True


def in_box(geotag: dict[str, float], bounds: dict[str, float], text: dict[str, str]) -> bool:
    # the server compared the query's raw strings (Python 2) to decide whether the box wraps around
    lat, lon = geotag["lat"], geotag["lon"]
    if text["min_lat"] <= text["max_lat"]:
        lat_ok = bounds["min_lat"] <= lat <= bounds["max_lat"]
    else:
        lat_ok = not bounds["max_lat"] < lat < bounds["min_lat"]
    if text["min_lon"] <= text["max_lon"]:
        lon_ok = bounds["min_lon"] <= lon <= bounds["max_lon"]
    else:
        lon_ok = not bounds["max_lon"] < lon < bounds["min_lon"]
    return lat_ok and lon_ok


def pool_search(api: Api, request: Request) -> Reply:
    query = str(request.query.get("query", "") or "").lower()
    kind = str(request.query.get("type", "all") or "all")
    terms = query.split()
    limit = 100 if "limit" in dict(request.raw_query) else 20  # the server compared a string with 100
    offset = int(request.query.get("offset", 0) or 0)
    found = []
    for sound in api.data.newest(api.data.visible()):
        text = " ".join([sound["original_filename"], sound["description"], *sound["tags"]]).lower()
        if not terms:
            continue
        if (
            (kind == "phrase" and query in text)
            or (kind == "any" and any(t in text for t in terms))
            or (kind not in ("phrase", "any") and all(t in text for t in terms))
        ):
            found.append(sound)
    return pool_feed(found[offset : offset + limit], request, api)


def pool_feed(sounds: list[dict[str, Any]], request: Request, api: Api | None = None) -> Reply:
    rss = Element("rss", version="2.0")
    channel = SubElement(rss, "channel")
    head = (("title", "Freesound"), ("link", "http://freesound.org/"), ("description", ""), ("language", "en-us"))
    for tag, text in head:
        SubElement(channel, tag).text = text
    for sound in sounds:
        assert api is not None
        user = api.data.users[sound["user_id"]]
        item = SubElement(channel, "item")
        SubElement(item, "title").text = sound["original_filename"]
        SubElement(item, "link").text = f"http://freesound.org/people/{user['username']}/sounds/{sound['id']}"
        SubElement(item, "description").text = f"Tags: {' '.join(sound['tags'])} <br>{sound['description']}"
        SubElement(item, "author").text = user["username"]
        when = datetime.strptime(sound["created"], DATE)
        SubElement(item, "pubDate").text = format_datetime(when)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(rss, encoding="utf-8")
    return Reply(raw=body, media_type="application/rss+xml; charset=utf-8")
