"""The freesound_v1 README's examples as a typed user script: `mypy --strict` passes it with no
cast and no isinstance check on a field the server always sends (test_typed_use runs both)."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from freesound_v1 import AsyncFreesoundClient, FreesoundClient, FreesoundError, NotFoundError
from freesound_v1.models import PartialSearchSound, SearchSound


@dataclass
class Seen:
    shortest: list[tuple[int, float]]
    iterated: int
    detail: tuple[str, str]
    partial_ids: list[int]
    missing: int
    async_first: str
    raw: tuple[int, str, str, list[int]]
    streamed: tuple[str, int, bool]


def use(api_key: str, base_url: str) -> Seen:
    with FreesoundClient(api_key=api_key, base_url=base_url) as client:
        page = client.sounds.search_sounds(q="door")
        shortest = sorted(page.sounds, key=lambda s: s.duration)[:3]
        iterated = 0
        for item in client.sounds.search_sounds_iter(q="door", sounds_per_page=5):
            first: SearchSound = item
            iterated += len(first.original_filename) > 0
        sound = client.sounds.get_sound(18763)
        # with `fields` each sound carries only the keys asked for: those are the optional ones
        partial = client.sounds.search_sounds(q="door", fields="id,duration")
        chosen: list[PartialSearchSound] = partial.sounds
        # status, headers and the parsed model of one call, typed as the plain call is
        answer = client.with_raw_response.sounds.get_sound(18763)
        picked = client.with_options(timeout=30).with_raw_response.sounds.search_sounds(q="door", fields="id")
        picked_sounds: list[PartialSearchSound] = picked.parsed.sounds
        raw = (int(answer.status_code), answer.headers["content-type"], answer.parsed.original_filename,
               [s.id for s in picked_sounds if s.id])  # fmt: skip
        # a file answer streamed to a folder, under the name the answer gives it
        with tempfile.TemporaryDirectory() as folder:
            done: list[int] = []
            saved = client.sounds.download_sound_to(18763, to=folder, progress=lambda d, _total: done.append(d))
            whole = client.sounds.download_sound(18763).payload.read()
            written: Path | None = saved.path
            same = written is not None and written.read_bytes() == whole and done[-1] == len(whole)
            streamed = (saved.file_name or "", saved.size, same)
        try:
            client.sounds.get_sound(999_999_999)
            missing = 0
        except NotFoundError as err:
            missing = err.status
        except FreesoundError:
            missing = -1
    return Seen(
        shortest=[(s.id, s.duration) for s in shortest],
        iterated=iterated,
        detail=(sound.original_filename, sound.user.username),
        partial_ids=[s.id for s in chosen if s.id],
        missing=missing,
        async_first=asyncio.run(_first_async(api_key, base_url)),
        raw=raw,
        streamed=streamed,
    )


async def _first_async(api_key: str, base_url: str) -> str:
    async with AsyncFreesoundClient(api_key=api_key, base_url=base_url) as client:
        async for item in client.sounds.search_sounds_iter(q="door"):
            return item.original_filename
    return ""
