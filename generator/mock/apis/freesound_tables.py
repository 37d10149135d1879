"""The Freesound tables of `soundspec mock freesound --data DIR` (docs/mock.md): every field of a row.

A field that goes into answers as it is takes its type from the spec's own schema (`Table.schema`);
the others (ids behind links, what only the mock reads) are typed here. `tables.load_tables` checks
each row against them before the mock serves it.
"""

from __future__ import annotations

from .tables import ID, OPTIONAL_ID, TEXT, Table

BY_USER = {"user_id": "users"}
TABLES = {
    "users": Table("User", "username first_name last_name date_joined about home_page signature", {"id": ID}),
    "packs": Table("Pack", "name description created num_downloads", {"id": ID, "user_id": ID}, refers=BY_USER),
    "sounds": Table(
        "SoundFields",
        "id type original_filename duration tags description num_downloads channels samplerate num_comments "
        "num_ratings filesize bitdepth bitrate created avg_rating license",
        {
            "user_id": ID,
            "pack_id": OPTIONAL_ID,
            "moderated": {"type": "boolean"},
            "geotag": {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Geotag"}]},
        },
        optional=frozenset({"moderated"}),
        refers={"user_id": "users", "pack_id": "packs"},
    ),
    "bookmark_categories": Table("BookmarkCategory", "id name", {"user_id": ID}, refers=BY_USER),
    "bookmarks": Table(
        own={
            "user_id": ID,
            "sound_id": ID,
            "category_id": OPTIONAL_ID,
            "name": TEXT,
            "created": {"$ref": "#/components/schemas/FreesoundDatetime"},
        },
        key=None,
        refers={"user_id": "users", "sound_id": "sounds", "category_id": "bookmark_categories"},
    ),
}
