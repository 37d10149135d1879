"""Copy-pastable requests: a curl command and the generated-client call that does the same.

Both use the same example values: the spec's own examples first, then the values seen in the
recordings (path parameters), then defaults and allowed values, then a placeholder. Where an
operation needs at least one of a group of parameters (`x-soundspec-requires-any-of`), the first
of them the spec gives an example for is shown with the required ones, so the call runs as printed.
"""

from __future__ import annotations

import datetime
import json
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from openapi_python_client import strings

from .bodies import Content
from .operations import Operation, Param
from .schemas import Field

_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class Setup:
    """What every example of one API shares."""

    server: str
    package: str
    class_name: str
    env_prefix: str
    placement_arguments: dict[str, tuple[str, str]]  # credential argument -> (keyword, default placement)
    dates: dict[str, tuple[str, ...]]  # date format name -> strptime forms

    def env(self, argument: str) -> str:
        return f"{self.env_prefix}_{argument.upper()}"


def server_url(spec: dict[str, Any]) -> str:
    servers = spec.get("servers") or [{"url": "http://localhost"}]
    url = str(servers[0].get("url", "http://localhost"))
    for name, var in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(var.get("default", "")))
    return url.rstrip("/")


def _placeholder(name: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    if kind in ("integer", "number"):
        return max(1, int(schema.get("minimum", 1)))
    if kind == "boolean":
        return True
    return name.upper().replace("[", "_").replace("]", "")


def param_value(op: Operation, param: Param) -> Any:
    if param.has_example:
        return param.example
    schema = param.schema
    if "example" in schema:
        return schema["example"]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    if "default" in schema:
        return schema["default"]
    choices = [v for v in schema.get("enum") or () if v is not None]
    return choices[0] if choices else _placeholder(param.name, schema)


def _has_example(param: Param) -> bool:
    return param.has_example or "example" in param.schema or bool(param.schema.get("examples"))


def shown_params(op: Operation) -> list[tuple[Param, Any]]:
    """The parameters a documented call sends, with their example values: the required ones and
    the first of a group the operation needs one of (with an example, if any has one)."""
    by_name = {p.name: p for p in op.params}
    group = [by_name[name] for name in op.requires_any if name in by_name]
    chosen = {p.name for p in ([p for p in group if _has_example(p)] or group)[:1]}
    return [(p, param_value(op, p)) for p in op.params if p.row.required or p.name in chosen]


class Upload:
    """File contents in an example body: `@upload.bin` for curl, the file's bytes for Python."""

    NAME = "upload.bin"

    def __repr__(self) -> str:
        return f'Path("{self.NAME}").read_bytes()'


def _is_file(row: Field) -> bool:
    return any("binary" in part.text for part in row.types)


def _row_value(row: Field) -> Any:
    if _is_file(row):
        return Upload()
    for text in (row.example, row.default, row.allowed[0] if row.allowed else None):
        if text is not None and text != "null":
            return json.loads(text)
    if row.children:
        return body_skeleton(row.children)
    first = row.types[0].text if row.types else "string"
    return {"integer": 1, "number": 1, "boolean": True, "array": []}.get(first, row.name.upper())


def body_skeleton(rows: list[Field]) -> dict[str, Any]:
    return {row.name: _row_value(row) for row in rows if row.required}


def body_example(content: Content) -> Any:
    """The spec's first example (files in it replaced by an upload), else the required fields."""
    if not content.examples:
        return body_skeleton(content.fields)
    value = content.examples[0].value
    if isinstance(value, dict):
        files = {row.name for row in content.fields if _is_file(row)}
        value = {k: Upload() if k in files else v for k, v in value.items()}
    return value


def body_model(op: Operation, content: Content, value: Any) -> str:
    """The generated model class the body goes in: the component it fits, else the inline body's."""
    fitting = [m for m in content.models if m.fits(value)] or content.models
    if fitting:
        return str(strings.ClassName(fitting[0].name, "field_"))
    return str(strings.ClassName(f"{op.operation_id}_body", "field_"))


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def _double_quoted(text: str) -> str:
    """Inside "...": the shell still expands $VARS we put there, nothing else needs escaping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`") + '"'


def curl(op: Operation, setup: Setup) -> str:
    path = op.path
    query: list[str] = []
    options: list[str] = []
    for param, value in shown_params(op):
        if param.location == "path":
            path = path.replace("{" + param.name + "}", quote(_wire(value), safe=""))
        elif param.location == "query":
            query.append(f"{quote(param.name, safe='[]')}={quote(_wire(value), safe='')}")
        elif param.location == "header":
            options.append(f"-H {shlex.quote(f'{param.name}: {_wire(value)}')}")
    for use in op.auth:
        variable = "$" + setup.env(use.argument)
        if use.where.startswith("query parameter "):
            query.append(f"{use.where.removeprefix('query parameter ')}={variable}")
        elif use.where.startswith("header Authorization: "):
            scheme = use.where.removeprefix("header Authorization: ").removesuffix(" <token>")
            options.append(f"-H {_double_quoted(f'Authorization: {scheme} {variable}')}")
        elif use.where.startswith("header parameter "):
            options.append(f"-H {_double_quoted(use.where.removeprefix('header parameter ') + ': ' + variable)}")
    options += _body_options(op)
    url = setup.server + path + ("?" + "&".join(query) if query else "")
    first = "curl -sS" + (" -g" if "[" in url else "")
    implied = op.method == "GET" or (op.method == "POST" and op.body is not None)
    if not implied:
        first += f" -X {op.method}"
    return " \\\n  ".join([first, *options, _double_quoted(url)])


def _body_options(op: Operation) -> list[str]:
    if op.body is None or not op.body.contents:
        return []
    content = op.body.contents[0]
    value = body_example(content)
    media = content.media_types[0]
    if media.startswith(_MULTIPART) or media.startswith(_FORM):
        flag = "-F" if media.startswith(_MULTIPART) else "--data-urlencode"
        items = value.items() if isinstance(value, dict) else []
        binary = {row.name for row in content.fields if any("binary" in part.text for part in row.types)}
        return [f"{flag} {shlex.quote(f'{k}=@{k}.bin' if k in binary else f'{k}={_wire(v)}')}" for k, v in items]
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return [f"-H {shlex.quote('Content-Type: ' + media)}", f"--data {shlex.quote(text)}"]


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


@dataclass
class PythonCall:
    """The keyword arguments of one documented call, and what the snippet must import for them."""

    arguments: list[str] = field(default_factory=list)
    models: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)

    def value(self, param: Param, value: Any, dates: dict[str, tuple[str, ...]]) -> str:
        forms = dates.get(str(param.schema.get("format")))
        if forms is not None and isinstance(value, str):
            moment = _parse(value, forms)
            if moment is not None:
                self.modules.add("datetime")
                fields = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
                return f"datetime.datetime({', '.join(map(str, fields))})"
        if param.enum_model is not None and value is not None:
            cls = model_class(param.enum_model)
            self.models.add(cls)
            return f"{cls}({python_literal(value)})"  # an enum member looked up by its wire value
        return python_literal(value)


def _parse(text: str, forms: tuple[str, ...]) -> datetime.datetime | None:
    for form in forms:
        try:
            return datetime.datetime.strptime(text, form)
        except ValueError:
            continue
    return None


def python_call(op: Operation, dates: dict[str, tuple[str, ...]]) -> PythonCall:
    call = PythonCall()
    for param, value in shown_params(op):
        if param.argument is not None:
            call.arguments.append(f"{param.argument}={call.value(param, value, dates)}")
    if op.body is not None and op.body.contents:
        content = op.body.contents[0]
        body = body_example(content)
        model = body_model(op, content, body)
        call.models.add(model)
        literal = python_literal(body)
        if Upload.NAME in literal:
            call.modules.add("pathlib")
        call.arguments.append(f"body={model}.from_dict({literal})")
    return call


def python(op: Operation, setup: Setup) -> str:
    call = python_call(op, setup.dates)
    lines = [f"import {m}" for m in sorted(call.modules - {"pathlib"} | ({"os"} if op.auth else set()))]
    if "pathlib" in call.modules:
        lines.append("from pathlib import Path")
    lines.append(f"from {setup.package} import {setup.class_name}")
    if call.models:
        lines.append(f"from {setup.package}.models import {', '.join(sorted(call.models))}")
    lines += [
        "",
        f"with {constructor(op, setup)} as client:",
        f"    result = {op.call}({', '.join(call.arguments)})",
    ]
    return "\n".join(lines)
