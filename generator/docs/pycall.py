"""The generated-client call of a documented operation: the same values as its curl command.

A body is the model its example fits, built with `from_dict` from the wire names; a body that
carries a file is built with the model's constructor instead, the file as a `File` with its
name (`from_dict` would take bare bytes, and multipart would send them as a text field).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from openapi_python_client import strings

from .. import naming
from .bodies import Content
from .examples import FromEnv, Setup, Upload, body_example, body_model, shown_params
from .operations import Operation, Param


def python_literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(str(k))}: {python_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def constructor(op: Operation, setup: Setup) -> str:
    args = []
    for use in op.auth:
        args.append(f'{use.argument}=os.environ["{setup.env(use.argument)}"]')
        keyword, default = setup.placement_arguments.get(use.argument, ("", use.placement))
        if keyword and use.placement != default:
            args.append(f"{keyword}={python_literal(use.placement)}")
    return f"{setup.class_name}({', '.join(args)})"


def model_class(schema_name: str) -> str:
    """The generated model (or enum) class of a schema name, as the stock generator spells it."""
    return str(strings.ClassName(schema_name, "field_"))


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


@dataclass
class PythonCall:
    """The keyword arguments of one documented call, and what the snippet must import for them."""

    arguments: list[str] = field(default_factory=list)
    models: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)  # names from the package's `types` module

    def literal(self, value: Any) -> str:
        """`value` as Python, noting the imports its credentials and files need."""
        for leaf in _leaves(value):
            if isinstance(leaf, FromEnv):
                self.modules.add("os")
            elif isinstance(leaf, Upload):
                self.modules.update(("io", "pathlib"))
                self.types.add("File")
        return python_literal(value)

    def value(self, param: Param, value: Any, dates: dict[str, tuple[str, ...]]) -> str:
        forms = dates.get(str(param.schema.get("format")))
        if forms is not None and isinstance(value, str):
            moment = _parse(value, forms)
            if moment is not None:
                self.modules.add("datetime")
                fields = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
                return f"datetime.datetime({', '.join(map(str, fields))})"
        if param.enum_model is not None and value is not None and not isinstance(value, FromEnv):
            cls = model_class(param.enum_model)
            self.models.add(cls)
            return f"{cls}({python_literal(value)})"  # an enum member looked up by its wire value
        return self.literal(value)

    def body(self, model: str, content: Content, value: Any) -> str:
        if not isinstance(value, dict) or not any(isinstance(v, Upload) for v in value.values()):
            return f"{model}.from_dict({self.literal(value)})"
        rows = {row.name: row for row in content.fields}
        args = []
        for name, item in value.items():
            text = self.literal(item)
            parts = rows[name].types if name in rows else []
            href = parts[0].href if len(parts) == 1 else None
            if href and href.startswith("#schema-") and not isinstance(item, Upload | FromEnv):
                cls = model_class(href.removeprefix("#schema-"))  # a component: a model or an enum
                self.models.add(cls)
                text = f"{cls}.from_dict({text})" if isinstance(item, dict) else f"{cls}({text})"
            # model fields are named like parameters (clients.build renames Rails-style form names so)
            args.append(f"{naming.parameter_name(name)}={text}")
        return f"{model}({', '.join(args)})"


def _parse(text: str, forms: tuple[str, ...]) -> datetime.datetime | None:
    for form in forms:
        try:
            return datetime.datetime.strptime(text, form)
        except ValueError:
            continue
    return None


def python_call(op: Operation, setup: Setup) -> PythonCall:
    call = PythonCall()
    for param, value in shown_params(op, setup):
        if param.argument is not None:
            call.arguments.append(f"{param.argument}={call.value(param, value, setup.dates)}")
    if op.body is not None and op.body.contents:
        content = op.body.contents[0]
        body = body_example(content, setup)
        model = body_model(op, content, body)
        call.models.add(model)
        call.arguments.append(f"body={call.body(model, content, body)}")
    return call


# the OAuth 2 grants (RFC 6749) -> the call of the client's `client.oauth` flows, from an example body
_GRANTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "client_credentials": lambda v: f"client_credentials({_keywords(v, 'scope')})",
    "password": lambda v: f"password({_positional(v, 'username', 'password')}{_keywords(v, 'scope', lead=True)})",
    "authorization_code": lambda v: f"exchange_code({_positional(v, 'code')}{_keywords(v, 'redirect_uri', lead=True)})",
    "refresh_token": lambda v: f"refresh({_positional(v, 'refresh_token')})",
}
GRANT_FIELD = "grant_type"
# the flows read these from the client (the runtime's `_runtime/oauth.py`): without both among the
# client's credentials, the operation's own method is the way to call it
FLOW_CREDENTIALS = frozenset({"client_id", "client_secret"})


def _positional(value: dict[str, Any], *names: str) -> str:
    return ", ".join(python_literal(value.get(name, name)) for name in names)


def _keywords(value: dict[str, Any], *names: str, lead: bool = False) -> str:
    given = [f"{name}={python_literal(value[name])}" for name in names if value.get(name) not in (None, "")]
    return (", " if lead and given else "") + ", ".join(given)


def oauth_python(op: Operation, setup: Setup) -> str | None:
    """The token operation as a caller uses it: `client.oauth.<flow>(...)`, the flow of the example
    the curl command sends first, the others of its examples after it. None when no example names
    a grant the flows know."""
    if op.body is None or not op.body.contents or not set(setup.secrets.values()) >= FLOW_CREDENTIALS:
        return None
    content = op.body.contents[0]
    chosen = body_example(content, setup)
    values = [chosen] + [e.value for e in content.examples]
    calls = [_GRANTS[v[GRANT_FIELD]](v) for v in values if isinstance(v, dict) and v.get(GRANT_FIELD) in _GRANTS]
    if not calls or not isinstance(chosen, dict):
        return None
    # the flows send the app's credentials themselves: the client is built with them
    arguments = [f"{setup.secrets[k]}={v!r}" for k, v in chosen.items() if isinstance(v, FromEnv)]
    lines = ["import os", f"from {setup.package} import {setup.class_name}", ""]
    lines += _wrapped(f"with {setup.class_name}(", arguments, ") as client:", "")
    lines.append(f"    token = client.oauth.{calls[0]}")
    if len(set(calls)) > 1:
        lines.append("    # the other grants:")
        lines += [f"    # token = client.oauth.{call}" for call in dict.fromkeys(calls) if call != calls[0]]
    return "\n".join(lines)


# a line longer than this puts each argument on a line of its own, as a formatter would
LINE = 88


def _wrapped(head: str, arguments: list[str], tail: str, indent: str) -> list[str]:
    line = f"{indent}{head}{', '.join(arguments)}{tail}"
    if len(line) <= LINE or not arguments:
        return [line]
    return [f"{indent}{head}", *(f"{indent}    {a}," for a in arguments), f"{indent}{tail}"]


def python(op: Operation, setup: Setup) -> str:
    call = python_call(op, setup)
    modules = call.modules - {"pathlib"} | ({"os"} if op.auth else set())
    lines = [f"import {m}" for m in sorted(modules)]
    if "pathlib" in call.modules:
        lines.append("from pathlib import Path")
    lines.append(f"from {setup.package} import {setup.class_name}")
    if call.models:
        lines.append(f"from {setup.package}.models import {', '.join(sorted(call.models))}")
    if call.types:
        lines.append(f"from {setup.package}.types import {', '.join(sorted(call.types))}")
    lines += ["", f"with {constructor(op, setup)} as client:"]
    lines += _wrapped(f"result = {op.call}(", call.arguments, ")", "    ")
    return "\n".join(lines)
