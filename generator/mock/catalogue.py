"""`scripts/dataset`: write catalogue-sized mock datasets, deterministic for a seed.

For every API of the project whose mock generates a dataset (its behaviour module's `catalogue`
size), the tables of that dataset at `--scale` times the catalogue size go into `OUT/<api>/`,
one JSON file per table in the `--data DIR` format (docs/mock.md), one row per line. The rows
are the mock's own generated dataset, grown: the same seed gives the same bytes.

    scripts/dataset bench/data                 # 200,000 Freesound sounds, 100,000 SoundCloud tracks
    scripts/dataset /tmp/small --scale 0.02    # a fiftieth of that
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from ..config import load_project
from ..errors import UsageError
from . import MockOptions, create_app


def write_tables(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        lines = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows)
        temporary = folder / f".{name}.json.tmp"
        temporary.write_text(f"[\n{lines}\n]\n" if rows else "[]\n", encoding="utf-8")
        temporary.replace(folder / f"{name}.json")  # never a half-written table under its name


def generate(out: Path, seed: int, scale: float, names: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Write the datasets; returns the rows written per API and table."""
    if scale <= 0:
        raise UsageError(f"--scale wants a number above 0, got {scale:g}")
    written: dict[str, dict[str, int]] = {}
    for api in load_project().select(names):
        behaviour = create_app(api.name, api.spec, MockOptions(seed=seed)).behaviour
        if not behaviour.catalogue:
            if names:
                raise UsageError(f"{api.name}: its mock generates no dataset")
            continue
        tables = behaviour.generated(max(1, round(behaviour.catalogue * scale)))
        write_tables(out / api.name, tables)
        written[api.name] = {name: len(rows) for name, rows in tables.items()}
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/dataset", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write <api>/<table>.json into")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data (default 1)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the catalogue size (default 1)")
    parser.add_argument("--api", action="append", help="only this API (repeatable; default: every one)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        written = generate(args.out, args.seed, args.scale, args.api)
    except UsageError as err:
        print(f"scripts/dataset: error: {err}", file=sys.stderr)
        return 2
    for name, counts in written.items():
        shown = ", ".join(f"{count} {table}" for table, count in counts.items())
        print(f"{args.out / name}: {shown}")
    print(f"done in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
