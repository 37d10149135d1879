"""Freesound's descriptor endpoints (analysis, similar sounds), the geotag box and the RSS pool."""

from __future__ import annotations

import functools
import math
from datetime import datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement, tostring

from ..exchange import ApiError, Reply, Request
from .freesound_data import DATE
from .freesound_descriptors import descriptors, leaves
from .freesound_views import crashed

if TYPE_CHECKING:
    from .freesound import Api


def analysis(api: Api, request: Request) -> Reply:
    sound = api.sound(request.path_params["sound_id"])
    path = request.path_params.get("descriptor_path")
    full = request.query.get("all") is True or path is not None
    node: Any = descriptors(sound["id"], full)
    for step in [p for p in str(path or "").split("/") if p]:
        if not isinstance(node, dict) or step not in node:
            raise ApiError(400, "Could not find this path in the analysis data.", "InvalidRequest")
        node = node[step]
    echo = api.api.quirks.request_id
    if echo is not None and request.query.get(echo.param) and not isinstance(node, dict):
        raise crashed(_item_assignment_error(node))  # SRV add_request_id: `result["request_id"] = ...`
    return Reply(body=node)


def _item_assignment_error(node: Any) -> str:
    """The text of Python 2's TypeError for `node[u"request_id"] = value` on a node that is not a dict."""
    if isinstance(node, list):
        return "list indices must be integers, not unicode"
    kind = {str: "unicode", type(None): "NoneType"}.get(type(node), type(node).__name__)
    return f"'{kind}' object does not support item assignment"


@functools.cache  # a sound's descriptors never change; similar() ranks every sound by it per call
def _vector(sound_id: int) -> tuple[float, float, float]:
    values = leaves(sound_id)
    pitch, centroid, dissonance = (values[f"lowlevel.{n}.mean"] for n in ("pitch", "spectral_centroid", "dissonance"))
    assert isinstance(pitch, float) and isinstance(centroid, float) and isinstance(dissonance, float)
    return (pitch / 900, centroid / 6000, dissonance)


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
