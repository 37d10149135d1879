"""`x-soundspec-mock` hints: the deviations of a mock from its API that a spec declares as data.

On a parameter (docs/mock.md):

    x-soundspec-mock:
      refuse:
        <value>: <explanation>

the mock answers a request carrying that value with the API's 400 error and the explanation,
instead of serving it (Freesound's `format=pickle`: the real server served pickle, the mock
must not). The contract tools read the same hint to leave those values out of the valid
requests they make to a mock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KEY = "x-soundspec-mock"


class HintError(ValueError):
    """An `x-soundspec-mock` hint the mock cannot read."""


def refused_values(parameter: Mapping[str, Any]) -> dict[str, str]:
    """Value -> explanation of the values of `parameter` its mock refuses (empty when none)."""
    hint = parameter.get(KEY)
    if hint is None:
        return {}
    refuse = hint.get("refuse", {}) if isinstance(hint, dict) else None
    if not isinstance(refuse, dict) or not all(isinstance(v, str) for v in refuse.values()):
        name = parameter.get("name", "?")
        raise HintError(f"parameter {name}: {KEY}.refuse must map each refused value to its explanation")
    return {str(value): " ".join(text.split()) for value, text in refuse.items()}
