"""The `--data DIR` dataset: one JSON file per table, every row checked before the mock serves it.

An API module declares its tables next to its loader (`Table`): every field a row has, typed by
the spec's own schema where the field goes into answers as it is (a sound's `created` is the
spec's `SoundFields.created`, a `freesound-datetime`), and by a schema of the table's own where
it does not (the ids behind links, flags the mock reads). What the mock would trip over later (a
field missing, a string where a number goes, a date the API never wrote, a misspelt field, an id
given twice, a reference to no row) is refused at start-up, in one line naming the file, the row
and the field; it was an InternalError on every request that touched the row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import UsageError
from ...jsonschemas import date_checker
from ...refs import resolve_pointer
from ...yamlsource import join
from ..compiled import CompiledApi
from . import tablecache

ID = {"type": "integer"}
IDS = {"type": "array", "items": {"type": "integer"}}
OPTIONAL_ID = {"type": ["integer", "null"]}
TEXT = {"type": "string"}


@dataclass(frozen=True)
class Table:
    """The fields of one table's rows."""

    schema: str | None = None  # a schema of the spec's components, typing `rendered`
    rendered: str = ""  # fields typed by that schema's own property (space-separated names)
    own: Mapping[str, Any] = field(default_factory=dict)  # the other fields: JSON Schema, may `$ref` the spec
    optional: frozenset[str] = frozenset()  # fields a row may leave out
    key: str | None = "id"  # the field naming a row, unique in the table (None: a table of pairs)
    refers: Mapping[str, str] = field(default_factory=dict)  # field -> the table its ids (or id lists) name
    needed: str = ""  # why the dataset needs one row of this table at least ("": it may have none)

    def row_schema(self, spec: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name in self.rendered.split():
            pointer = _property(spec, f"/components/schemas/{self.schema}", name)
            if pointer is None:
                raise LookupError(f"the spec's {self.schema} has no property {name}")
            fields[name] = {"$ref": f"#{pointer}"}
        fields.update(self.own)
        required = [name for name in fields if name not in self.optional]
        return {"type": "object", "properties": fields, "required": required, "additionalProperties": False}


class Tables:
    """The tables a dataset folder provides, each a list of rows in file order, and the cache file
    (`db`) where an API keeps the indexes it builds on them."""

    def __init__(self, folder: Path, rows: dict[str, list[dict[str, Any]]], db: sqlite3.Connection) -> None:
        self.folder = folder
        self.rows = rows
        self.db = db

    def get(self, name: str) -> list[dict[str, Any]]:
        return self.rows.get(name, [])


def load_tables(folder: Path | None, tables: Mapping[str, Table], api: CompiledApi) -> Tables | None:
    """The dataset in `folder` (None: no folder given), every row checked against its table."""
    if folder is None:
        return None
    files = sorted(folder.glob("*.json"))
    unknown = [p.name for p in files if p.stem not in tables]
    if unknown:
        raise UsageError(f"{folder}: unknown table(s) {', '.join(unknown)} (expected {_names(tables)})")
    # what the rows were checked against, spelt the same in every process (no set's order in it)
    rules = {name: [t.row_schema(api.spec), t.key, dict(t.refers), t.needed] for name, t in tables.items()}
    path = tablecache.cache_path(folder, api.name, tablecache.content_key(files, api.spec, rules, api.name))
    db = tablecache.connect(path) if path.is_file() else None
    cached = tablecache.read_rows(db) if db is not None else None
    if db is not None and cached is not None:
        return Tables(folder, cached, db)
    found = _checked(folder, tables, api)  # a refused dataset leaves no file behind
    db = db or tablecache.connect(path)
    tablecache.write_rows(db, path, found)
    return Tables(folder, found, db)


def _checked(folder: Path, tables: Mapping[str, Table], api: CompiledApi) -> dict[str, list[dict[str, Any]]]:
    formats = {fmt.name: date_checker(fmt) for fmt in api.quirks.dates.values()}
    found: dict[str, list[dict[str, Any]]] = {}
    for name, table in tables.items():
        path = folder / f"{name}.json"
        if path.is_file():
            validator = api.validator_for(table.row_schema(api.spec), formats)
            found[name] = _rows(path, table, validator)
    if not found:
        raise UsageError(f"{folder}: no table in it (expected one or more of {_names(tables)})")
    for name, table in tables.items():
        if table.needed and not found.get(name):
            raise UsageError(f"{folder / f'{name}.json'}: {table.needed}")
    for name, table in tables.items():
        for key, target in table.refers.items():
            _refer(folder, found, name, key, target)
    return found


def _refer(folder: Path, found: dict[str, list[dict[str, Any]]], name: str, key: str, target: str) -> None:
    """Every row's `key` (an id, a list of ids, or null where the field may be) names a row of `target`."""
    known = {row["id"] for row in found.get(target, ())}
    for index, row in enumerate(found.get(name, ()), 1):
        value = row.get(key)
        for one in value if isinstance(value, list) else [] if value is None else [value]:
            if one not in known:
                where = _where(folder / f"{name}.json", index, row)
                raise UsageError(f"{where}: {key} {one!r} is no id of {target}.json")


def _rows(path: Path, table: Table, validator: Any) -> list[dict[str, Any]]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UsageError(f"{path}: not a JSON file: {err}") from None
    if not isinstance(rows, list):
        raise UsageError(f"{path}: expected a JSON array of objects")
    seen: dict[Any, int] = {}
    for index, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise UsageError(f"{_where(path, index, row)}: expected an object, got {json.dumps(row)[:40]}")
        problems = sorted(validator.iter_errors(row), key=_order)
        if problems:
            more = f" (and {len(problems) - 1} more in this row)" if len(problems) > 1 else ""
            raise UsageError(f"{_where(path, index, row)}: {_say(problems[0])}{more}")
        if table.key is not None:
            value = row[table.key]
            if value in seen:
                raise UsageError(f"{_where(path, index, row)}: {table.key} {value!r} repeats row {seen[value]}")
            seen[value] = index
    return rows


def _where(path: Path, index: int, row: Any) -> str:
    named = isinstance(row, dict) and isinstance(row.get("id"), int | str)
    return f"{path}: row {index}" + (f" (id {row['id']!r})" if named else "")


def _order(error: Any) -> tuple[int, list[Any]]:
    """A missing field first, then a field the table does not have, then the rest in field order."""
    rank = {"Required": 0, "AdditionalProperties": 1}.get(type(error.kind).__name__, 2)
    return rank, [str(step) for step in error.instance_path]


def _say(error: Any) -> str:
    kind = type(error.kind).__name__
    if kind == "Required":
        return f"missing field {error.kind.property!r}"
    if kind == "AdditionalProperties":
        return f"unknown field {error.kind.unexpected[0]!r}"
    if kind == "AnyOf":  # of the branches' reasons, the deepest says the most
        reasons = [e for branch in error.kind.context for e in branch]
        deepest = max(reasons, key=lambda e: len(e.instance_path), default=None)
        if deepest is not None and len(deepest.instance_path) > len(error.instance_path):
            return _say(deepest)
    if not error.instance_path:
        return str(error.message)
    head, *rest = error.instance_path
    inside = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in rest)
    return f"field '{head}{inside}': {error.message}"


def _property(spec: dict[str, Any], pointer: str, name: str) -> str | None:
    """The pointer to property `name` of the schema at `pointer`, through `$ref` and `allOf`."""
    node = resolve_pointer(spec, f"#{pointer}")
    if not isinstance(node, dict):
        return None
    if isinstance(node.get("$ref"), str):
        return _property(spec, node["$ref"][1:], name)
    if name in (node.get("properties") or {}):
        return join(pointer, "properties", name)
    for index in range(len(node.get("allOf") or ())):
        found = _property(spec, join(pointer, "allOf", index), name)
        if found is not None:
            return found
    return None


def _names(tables: Mapping[str, Table]) -> str:
    return ", ".join(f"{name}.json" for name in tables)
