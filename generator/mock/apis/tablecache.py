"""The cache file of a `--data DIR` dataset: its checked rows and the indexes built on them.

Checking every row of a catalogue-sized dataset against its schema and parsing its JSON takes
far longer than the start-up a mock is allowed, so the first start writes what it checked into a
SQLite file, and every later start with the same content reads the rows back from there (marshal:
the fastest way back to plain dicts and lists) and finds the API's indexes already built. The
file is named by a hash of everything the rows were checked against (the tables' files, the
spec, the table definitions, this format), so a changed byte anywhere means a new file, never a
stale answer. It lives in `DIR/.soundspec-cache/`, or under the system's temporary folder when
DIR cannot be written to; files of older content are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

FORMAT = 1  # bumped whenever what the file holds changes shape
FOLDER = ".soundspec-cache"


def content_key(files: list[Path], spec: dict[str, Any], rules: Mapping[str, Any], api: str) -> str:
    """The hash naming a cache file: the tables' bytes, the spec, the rules the rows were checked by."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (
        f"{FORMAT}:{marshal.version}:{api}",
        *(json.dumps(x, sort_keys=True, default=str) for x in (spec, rules)),
    ):
        digest.update(part.encode())
    for path in sorted(files):
        digest.update(f"\0{path.name}\0".encode())
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def cache_path(folder: Path, api: str, key: str) -> Path:
    """Where the cache of `folder` lives: beside the dataset, or in the temporary folder."""
    for place in (folder / FOLDER, Path(tempfile.gettempdir()) / "soundspec-cache" / key[:8]):
        with contextlib.suppress(OSError):
            place.mkdir(parents=True, exist_ok=True)
            if os.access(place, os.W_OK):
                return place / f"{api}-{key}.sqlite"
    return Path(":memory:")  # nowhere to write: built afresh on every start


def connect(path: Path) -> sqlite3.Connection:
    # one connection serves every request of the mock's event loop (writes to the dataset stay in
    # memory, the file is only read once built)
    db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 30000")  # another mock building the same file: wait for it
    return db


def read_rows(db: sqlite3.Connection) -> dict[str, list[dict[str, Any]]] | None:
    """The checked rows saved by an earlier start, or None when this file has none yet."""
    if not has_table(db, "tables"):
        return None
    with paused_gc():
        # the file is one this module wrote (marshal holds plain data only, and runs nothing)
        return {name: marshal.loads(blob) for name, blob in db.execute("SELECT name, rows FROM tables")}  # noqa: S302


def write_rows(db: sqlite3.Connection, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    with transaction(db):
        if has_table(db, "tables"):  # another start wrote them first
            return
        db.execute("CREATE TABLE tables (name TEXT PRIMARY KEY, rows BLOB NOT NULL)")
        db.executemany("INSERT INTO tables VALUES (?, ?)", [(k, marshal.dumps(v)) for k, v in rows.items()])
    if path.name != ":memory:":
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*.sqlite"):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()


def has_table(db: sqlite3.Connection, name: str) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return found is not None


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One writer at a time across processes (BEGIN IMMEDIATE); all of it or nothing."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection while millions of fresh containers are made, nor after: the collector
    would walk them all, again and again (in pauses of a second at the catalogue's size, in the
    middle of requests), for nothing, since plain rows hold no cycles. What was made is frozen
    out of its reach (gc.freeze); reference counting still frees a row dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
