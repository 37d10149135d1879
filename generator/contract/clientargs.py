"""Map a generated case (path, query, header values and body, as JSON) onto a client function's arguments.

The generated endpoint functions take Python values: enums, datetimes, attrs models built with
`from_dict`, `File` uploads. The function's own type hints say which; a value that fits none of
them raises Unmappable, so the fuzzer can count what it could not express.
"""

from __future__ import annotations

import enum
import inspect
import io
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from ..naming import parameter_name
from ..quirks import Quirks


class Unmappable(ValueError):
    """A generated value that the function's type hints do not accept."""


def hints_of(func: Callable[..., Any]) -> dict[str, Any]:
    """Keyword argument -> type hint, without `client`."""
    hints = typing.get_type_hints(func)
    return {name: hints.get(name, Any) for name in inspect.signature(func).parameters if name != "client"}


def _members(hint: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(hint)
    return (hint,)


def _is_unset(hint: Any) -> bool:
    return isinstance(hint, type) and hint.__name__ == "Unset"


def _datetime(value: str, dates: tuple[str, ...]) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    for form in dates:
        try:
            return datetime.strptime(value, form)
        except ValueError:
            continue
    raise Unmappable(f"{value!r} is no datetime")


def convert(value: Any, hint: Any, dates: tuple[str, ...] = ()) -> Any:
    """`value` (JSON-shaped) as the Python value `hint` asks for."""
    if hint is Any:
        return value
    members = [m for m in _members(hint) if not _is_unset(m)]
    if value is None:
        if type(None) in members or hint is None:
            return None
        raise Unmappable("None where no None is accepted")
    errors = []
    for member in (m for m in members if m is not type(None)):
        try:
            return _one(value, member, dates)
        except (Unmappable, ValueError, TypeError, KeyError, AttributeError) as err:
            errors.append(str(err))
    raise Unmappable(f"{value!r} fits none of {hint}: {'; '.join(errors)[:200]}")


def _one(value: Any, hint: Any, dates: tuple[str, ...]) -> Any:
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        if not isinstance(value, list):
            raise Unmappable("not a list")
        return [convert(v, item, dates) for v in value]
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            raise Unmappable("not an object")
        return value
    if origin is typing.Literal:
        if value in typing.get_args(hint):
            return value
        raise Unmappable(f"{value!r} is not one of {typing.get_args(hint)}")
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if hint is datetime:
        return _datetime(str(value), dates)
    if hint is date:
        return date.fromisoformat(str(value))
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise Unmappable("not a boolean")
    if hint in (int, float):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (hint is int and not isinstance(value, int))
        ):
            raise Unmappable(f"not {hint.__name__}")
        return hint(value)
    if hint is str:
        if isinstance(value, str):
            return value
        raise Unmappable("not a string")
    if isinstance(hint, type) and hint.__name__ == "File":
        payload = value if isinstance(value, bytes) else str(value).encode()
        return hint(payload=io.BytesIO(payload), file_name="upload.bin")
    if isinstance(hint, type) and hasattr(hint, "from_dict"):
        if not isinstance(value, dict):
            raise Unmappable(f"{hint.__name__} wants an object")
        return hint.from_dict(value)
    raise Unmappable(f"no mapping onto {hint}")


class ArgumentMapper:
    """A case's values -> keyword arguments of one endpoint function (and client options)."""

    def __init__(self, func: Callable[..., Any], quirks: Quirks) -> None:
        self.hints = hints_of(func)
        self.dates = tuple(form for fmt in quirks.dates.values() for form in fmt.parse)
        owned = {"format", "callback", "request_id"} & quirks.owned_query_params()
        self.owned = owned

    def options(self, query: dict[str, Any]) -> dict[str, Any]:
        """Client options for the parameters the runtime owns (format, JSONP callback, request id)."""
        names = {"format": "format", "callback": "jsonp_callback", "request_id": "request_id"}
        return {names[k]: v for k, v in query.items() if k in self.owned}

    def kwargs(self, path: dict[str, Any], query: dict[str, Any], headers: dict[str, Any], body: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for values in (path, query, headers):
            for name, value in values.items():
                python = parameter_name(name)
                if name in self.owned or python not in self.hints:
                    continue  # runtime-owned or credential parameters: the client sets them itself
                out[python] = convert(value, self.hints[python], self.dates)
        if body is not None and "body" in self.hints:
            out["body"] = convert(body, self.hints["body"], self.dates)
        return out
