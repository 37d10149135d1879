"""The bookmark rows behind the spec's own examples, so that every documented call finds what it names.

No recording shows bookmarks; the spec's examples do (user terminal's category 34, "field
recordings", with sound 18763 in it). A category is an example object with an integer `id`, a
`name` and a `sounds` link of the category form; a bookmark is an item with `bookmark_name` of an
example page whose links name the category. Rows are added for users and sounds the dataset has,
never replacing one it has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...refs import walk

if TYPE_CHECKING:
    from .freesound_data import Dataset

_CATEGORY_LINK = re.compile(r"/people/([^/?#]+)/bookmark_categories/(\d+)/sounds/")
_EXAMPLE = re.compile(r"/example$|/examples/[^/]+/value$")
CREATED = "2012-01-23 12:00:00"  # the day the bookmark endpoints appeared (x-soundspec-since)


def objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every object inside `node`, itself first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from objects(value)


def _example_objects(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for pointer, node in walk(spec) if _EXAMPLE.search(pointer) for item in objects(node)]


def documented(data: Dataset, spec: dict[str, Any]) -> None:
    users = {u["username"].lower(): u["id"] for u in data.users.values()}
    items = _example_objects(spec)
    for item in items:
        link = _CATEGORY_LINK.search(str(item.get("sounds", "")))
        user_id = users.get(link.group(1).lower()) if link else None
        if link and user_id is not None and isinstance(item.get("id"), int) and isinstance(item.get("name"), str):
            data.categories.setdefault(item["id"], {"id": item["id"], "user_id": user_id, "name": item["name"]})
    for item in items:
        link = _CATEGORY_LINK.search(str(item.get("next") or item.get("previous") or ""))
        category = data.categories.get(int(link.group(2))) if link else None
        if category is None or not isinstance(item.get("sounds"), list):
            continue
        for sound in item["sounds"]:
            if isinstance(sound, dict) and sound.get("id") in data.sounds and "bookmark_name" in sound:
                row = {"user_id": category["user_id"], "sound_id": sound["id"], "category_id": category["id"]}
                if not any(b.items() >= row.items() for b in data.bookmarks):
                    data.bookmarks.append({**row, "name": str(sound["bookmark_name"]), "created": CREATED})
