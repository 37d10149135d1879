"""Bytes behind download and stream URLs, and the recordings read as JSON, shared by API modules."""

from __future__ import annotations

import functools
import io
import json
import math
import struct
import wave
import zipfile
from pathlib import Path
from typing import Any


def tone(seed: int, seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A short mono WAV sine whose pitch depends on `seed`: real audio, a few kilobytes."""
    return _tone(220 + (seed % 24) * 40, seconds, rate)


@functools.lru_cache(maxsize=64)
def _tone(frequency: int, seconds: float, rate: int) -> bytes:
    # 24 pitches in all: synthesizing one per preview or download request cost more than serving it
    frames = b"".join(
        struct.pack("<h", int(12000 * math.sin(2 * math.pi * frequency * i / rate))) for i in range(int(seconds * rate))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames)
    return out.getvalue()


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2010, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
