"""The SoundCloud tables of `soundspec mock soundcloud --data DIR` (docs/mock.md): every field of a row.

A field that goes into answers as it is takes its type from the spec's own schema (`Table.schema`);
the others (ids behind links, what only the mock reads) are typed here. `tables.load_tables` checks
each row against them before the mock serves it.
"""

from __future__ import annotations

from .tables import ID, IDS, OPTIONAL_ID, TEXT, Table

BY_USER = {"user_id": "users"}

TABLES = {
    "users": Table(
        "User",
        "id permalink username last_modified country first_name last_name full_name city description discogs_name "
        "myspace_name website website_title online plan",
        {"avatar_url": {"type": ["string", "null"]}, "created_at": {"$ref": "#/components/schemas/Timestamp"}},
        optional=frozenset({"created_at"}),
        needed="the dataset needs at least one user",  # the mock's own access token belongs to one
    ),
    "tracks": Table(
        "Track",
        "id duration commentable state original_content_size sharing tag_list permalink streamable embeddable_by "
        "downloadable purchase_url label_id purchase_title genre title description label_name release track_type "
        "key_signature isrc video_url bpm release_year release_month release_day original_format license "
        "playback_count download_count favoritings_count comment_count artwork_url last_modified",
        {
            "user_id": ID, "secret_token": TEXT, "waveform_key": TEXT, "created_with": OPTIONAL_ID,
            "shared_to_emails": {"type": "array", "items": TEXT}, "shared_to_user_ids": IDS,
            # the /tracks created_at filters read it as UTC, the mock's own dates
            "created_at": {"$ref": "#/components/schemas/Timestamp", "pattern": r" \+0000$"},
        },
        optional=frozenset({
            "embeddable_by", "purchase_title", "favoritings_count", "comment_count", "artwork_url", "last_modified",
            "created_with", "shared_to_emails", "shared_to_user_ids",
        }),
        refers=BY_USER,
    ),
    "playlists": Table(
        "Playlist",
        "id created_at sharing title permalink description playlist_type genre",
        {"user_id": ID, "tracks": IDS, "secret_token": TEXT},
        optional=frozenset({"description", "playlist_type", "genre"}),
        refers=BY_USER,
    ),
    "comments": Table(
        "Comment", "id created_at user_id track_id timestamp body", optional=frozenset({"timestamp"}),
        refers={"user_id": "users", "track_id": "tracks"},
    ),
    "groups": Table(
        "Group",
        "id name permalink created_at description short_description moderated",
        {"creator_id": ID, "moderator_ids": IDS, "member_ids": IDS, "track_ids": IDS, "pending_ids": IDS},
        optional=frozenset({"description", "short_description", "moderated"}),
        refers={"creator_id": "users"},
    ),
    "apps": Table("App", "id name creator external_url", {"permalink": TEXT}, frozenset({"creator", "external_url"})),
    "web_profiles": Table("WebProfile", "id service title url username created_at", {"user_id": ID}, refers=BY_USER),
    "connections": Table(
        "Connection", "id service type display_name created_at post_publish post_favorite", {"user_id": ID},
        refers=BY_USER,
    ),
    "followings": Table(own={"follower_id": ID, "user_id": ID}, key=None, refers={"follower_id": "users", **BY_USER}),
    "favorites": Table(own={"user_id": ID, "track_id": ID}, key=None, refers={**BY_USER, "track_id": "tracks"}),
}  # fmt: skip
