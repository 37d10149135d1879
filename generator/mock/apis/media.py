"""Bytes behind download and stream URLs, and the `--data DIR` tables, shared by API modules."""

from __future__ import annotations

import io
import json
import math
import struct
import wave
import zipfile
from pathlib import Path
from typing import Any

from ...errors import UsageError


def tone(seed: int, seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A short mono WAV sine whose pitch depends on `seed`: real audio, a few kilobytes."""
    frequency = 220 + (seed % 24) * 40
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


def load_tables(folder: Path | None, names: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """The tables a user's dataset folder provides (`<name>.json`, a JSON array of objects)."""
    if folder is None:
        return {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        path = folder / f"{name}.json"
        if not path.is_file():
            continue
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise UsageError(f"{path}: not a JSON file: {err}") from None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise UsageError(f"{path}: expected a JSON array of objects")
        tables[name] = rows
    unknown = sorted(p.name for p in folder.glob("*.json") if p.stem not in names)
    if unknown:
        raise UsageError(f"{folder}: unknown table(s) {', '.join(unknown)} (expected {', '.join(names)})")
    return tables


def check_refs(table: str, rows: list[dict[str, Any]], key: str, targets: set[Any], optional: bool = False) -> None:
    for row in rows:
        value = row.get(key)
        if value is None and optional:
            continue
        if value not in targets:
            raise UsageError(f"dataset: {table} row {row.get('id', row)!r} refers to missing {key}={value!r}")


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
