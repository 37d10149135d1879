"""The audio descriptors of the mock's sounds, laid out like the gaia points the 2014 server read.

Every sound has the same layout (as every point of a gaia dataset did): statistics objects
(`mean`, `var`, `min`, `max`, `dmean`, `dmean2`, `dvar`, `dvar2`) for the lowlevel, sfx and
tonal frame descriptors, vectors where the descriptor has several dimensions (`mfcc.mean` 13,
`sfx.tristimulus.*` 3, `tonal.hpcp.*` 36, `lowlevel.barkbands.*` 27), scalars for the global
ones (`rhythm.bpm`, `sfx.pitch_centroid`...) and text labels (`tonal.key_key`). The values are
stable for a sound id, whatever the seed. The spec's own examples name these descriptors.
"""

from __future__ import annotations

import functools
from typing import Any

from ..synth import rng

KEYS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
STATS = ("mean", "var", "min", "max", "dmean", "dmean2", "dvar", "dvar2")
# namespace -> descriptor -> (dimensions, low, high) of its frame values: each gets the eight statistics
FRAMES: dict[str, dict[str, tuple[int, float, float]]] = {
    "lowlevel": {
        "dissonance": (1, 0.2, 0.5), "pitch": (1, 80.0, 900.0), "pitch_salience": (1, 0.1, 0.8),
        "spectral_centroid": (1, 300.0, 6000.0), "hfc": (1, 0.0, 40.0), "spectral_flatness_db": (1, 0.0, 1.0),
        "zerocrossingrate": (1, 0.0, 0.3), "spectral_complexity": (1, 0.0, 30.0), "barkbands": (27, 0.0, 0.05),
    },
    "sfx": {
        "tristimulus": (3, 0.0, 1.0), "inharmonicity": (1, 0.0, 0.5), "oddtoevenharmonicenergyratio": (1, 0.0, 10.0),
    },
    "tonal": {"hpcp": (36, 0.0, 1.0)},
}  # fmt: skip
# (path, low, high) of the single-valued descriptors
GLOBALS = (
    ("lowlevel.average_loudness", 0.3, 1.0), ("rhythm.bpm", 60.0, 180.0), ("rhythm.onset_rate", 0.5, 8.0),
    ("sfx.pitch_centroid", 0.0, 1.0), ("sfx.pitch_max_to_total", 0.0, 1.0), ("sfx.pitch_min_to_total", 0.0, 1.0),
    ("sfx.pitch_after_max_to_before_max_energy_ratio", 0.0, 2.0), ("tonal.key_strength", 0.2, 0.9),
    ("tonal.tuning_frequency", 435.0, 445.0),
)  # fmt: skip
RECOMMENDED = (
    "tonal.key_key", "tonal.key_scale", "tonal.key_strength", "tonal.tuning_frequency", "rhythm.bpm",
    "lowlevel.average_loudness", "lowlevel.dissonance.mean", "lowlevel.pitch.mean", "lowlevel.pitch_salience.mean",
    "lowlevel.spectral_centroid.mean", "lowlevel.mfcc.mean",
)  # fmt: skip

Leaf = float | list[float] | str


def _put(tree: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for name in parents:
        tree = tree.setdefault(name, {})
    tree[last] = value


@functools.lru_cache(maxsize=4096)
def _leaves(sound_id: int) -> tuple[tuple[str, Leaf], ...]:
    r = rng(f"analysis:{sound_id}")
    out: list[tuple[str, Leaf]] = []
    for space, table in FRAMES.items():
        for name, (dims, low, high) in table.items():
            means = [round(r.uniform(low, high), 6) for _ in range(dims)]
            spread = [round(m * r.uniform(0.01, 0.3), 6) for m in means]
            stats: dict[str, list[float]] = {
                "mean": means, "var": [round(s * s, 6) for s in spread], "min": [low] * dims,
                "max": [round(min(high, m + 3 * s), 6) for m, s in zip(means, spread, strict=True)],
                "dmean": [round(s / 2, 6) for s in spread], "dmean2": [round(s / 1.5, 6) for s in spread],
                "dvar": [round(s * s / 4, 6) for s in spread], "dvar2": [round(s * s / 2, 6) for s in spread],
            }  # fmt: skip
            out += [(f"{space}.{name}.{stat}", v if dims > 1 else v[0]) for stat, v in stats.items()]
    mfcc = [round(r.uniform(-700, 150) if i == 0 else r.uniform(-40, 40), 6) for i in range(13)]
    out.append(("lowlevel.mfcc.mean", mfcc))
    out += [(path, round(r.uniform(low, high), 6)) for path, low, high in GLOBALS]
    out += [("tonal.key_key", KEYS[r.randrange(12)]), ("tonal.key_scale", r.choice(("major", "minor")))]
    out.append(("metadata.version.essentia", "2.0.1"))
    return tuple(out)


def leaves(sound_id: int) -> dict[str, Leaf]:
    """Dotted descriptor name (`lowlevel.pitch.mean`) -> value: a number, a vector or a label."""
    return dict(_leaves(sound_id))


def descriptors(sound_id: int, full: bool) -> dict[str, Any]:
    """The sound's descriptor tree: the recommended subset, or everything (fresh dicts, safe to change)."""
    tree: dict[str, Any] = {}
    values = leaves(sound_id)
    for path in values if full else RECOMMENDED:
        value = values[path]
        _put(tree, path, list(value) if isinstance(value, list) else value)
    return tree


def searchable() -> dict[str, Leaf]:
    """The names content search takes (`.lowlevel.pitch.mean`), each with a value of its kind."""
    return {f".{name}": value for name, value in _leaves(0) if not name.startswith("metadata.")}
