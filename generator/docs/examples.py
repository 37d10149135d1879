"""Copy-pastable requests: a curl command (here) and the generated-client call (`pycall.py`).

Both use the same example values: the spec's own examples first, then the values seen in the
recordings (path parameters), then defaults and allowed values, then a placeholder. A documented
call is meant to run as printed, so:
- a parameter or body field with a credential's name (`client_id`, and `client_secret` of the
  OAuth 2 flows) takes the reader's own value, from the environment the client's credentials
  come from;
- where an operation needs at least one of a group of parameters (`x-soundspec-requires-any-of`),
  the first of them the spec gives an example for is shown with the required ones;
- of several body examples, the first that needs nothing but the reader's credentials (every
  other field fixed by the schema) is shown, else the first;
- a file goes up as a file (`upload.bin`, with its name), as multipart needs.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
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
    secrets: dict[str, str] = field(default_factory=dict)  # a credential's wire name -> its argument
    samples: dict[str, Any] = field(default_factory=dict)  # a name -> the value an example gives it

    def env(self, argument: str) -> str:
        return f"{self.env_prefix}_{argument.upper()}"

    def own(self, name: str, value: Any) -> Any:
        """`value`, or the reader's own credential when `name` is a credential's."""
        argument = self.secrets.get(name)
        return value if argument is None else FromEnv(self.env(argument))


@dataclass(frozen=True)
class FromEnv:
    """A credential in an example value: read from the environment, as the client's are."""

    variable: str

    def __repr__(self) -> str:
        return f'os.environ["{self.variable}"]'

    @property
    def shell(self) -> str:
        return "$" + self.variable


def sample_values(operations: list[Operation]) -> dict[str, Any]:
    """Each parameter and body field name -> the first value the spec's examples give it, anywhere:
    a field without an example of its own takes the one another operation's example shows
    (an upload's `track[title]`, from the example of the update)."""
    found: dict[str, Any] = {}
    for op in operations:
        for param in op.params:
            if _has_example(param):
                found.setdefault(param.name, param_value(op, param))
        for content in op.body.contents if op.body else []:
            for example in content.examples:
                if isinstance(example.value, dict):
                    for name, value in example.value.items():
                        found.setdefault(str(name), value)
            for row in content.fields:
                if row.example is not None:
                    found.setdefault(row.name, json.loads(row.example))
    return found


def _placeholder(name: str, schema: Mapping[str, Any]) -> Any:
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    if kind in ("integer", "number"):
        return max(1, int(schema.get("minimum", 1)))
    if kind == "boolean":
        return True
    return name.upper().replace("[", "_").replace("]", "")


def param_value(op: Operation, param: Param, samples: Mapping[str, Any] | None = None) -> Any:
    if param.has_example:
        return param.example
    samples = samples or {}
    schema = param.schema
    if "example" in schema:
        return schema["example"]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    if "default" in schema:
        return schema["default"]
    choices = [v for v in schema.get("enum") or () if v is not None]
    if choices:
        return choices[0]
    return samples[param.name] if param.name in samples else _placeholder(param.name, schema)


def _has_example(param: Param) -> bool:
    return param.has_example or "example" in param.schema or bool(param.schema.get("examples"))


# a call that needs no argument shows this many of the optional ones the spec gives examples for:
# `search(q="dogs")` says more than `search()`, a dozen arguments less
OPTIONAL_SHOWN = 4


def shown_params(op: Operation, setup: Setup) -> list[tuple[Param, Any]]:
    """The parameters a documented call sends, with their example values: the required ones, the
    first of a group the operation needs one of (with an example, if any has one), and, when
    that is no argument at all, the first optional ones with an example."""
    by_name = {p.name: p for p in op.params}
    group = [by_name[name] for name in op.requires_any if name in by_name]
    chosen = {p.name for p in ([p for p in group if _has_example(p)] or group)[:1]}
    if not any(p.argument is not None and (p.row.required or p.name in chosen) for p in op.params):
        optional = [p for p in op.params if p.argument is not None and not p.row.required and _has_example(p)]
        chosen |= {p.name for p in optional[:OPTIONAL_SHOWN]}
    shown = [p for p in op.params if p.row.required or p.name in chosen]
    return [(p, setup.own(p.name, param_value(op, p, setup.samples))) for p in shown]


class Upload:
    """A file in an example body: `@upload.bin` for curl, a `File` named so for Python."""

    NAME = "upload.bin"

    def __repr__(self) -> str:
        return f'File(payload=io.BytesIO(Path("{self.NAME}").read_bytes()), file_name="{self.NAME}")'


def _is_file(row: Field) -> bool:
    return any("binary" in part.text for part in row.types)


def _row_value(row: Field, samples: Mapping[str, Any]) -> Any:
    if _is_file(row):
        return Upload()
    for text in (row.example, row.default, row.allowed[0] if row.allowed else None):
        if text is not None and text != "null":
            return json.loads(text)
    if row.name in samples:
        return samples[row.name]
    if row.children:
        return body_skeleton(row.children, samples)
    first = row.types[0].text if row.types else "string"
    return {"integer": 1, "number": 1, "boolean": True, "array": []}.get(first, row.name.upper())


def body_skeleton(rows: list[Field], samples: Mapping[str, Any]) -> dict[str, Any]:
    return {row.name: _row_value(row, samples) for row in rows if row.required}


def _needs_only_credentials(content: Content, value: Any, setup: Setup) -> bool:
    if not isinstance(value, dict):
        return False
    fixed = {name for model in content.models if model.fits(value) for name in model.fixed}
    return all(k in setup.secrets or k in fixed for k in value)


def body_example(content: Content, setup: Setup) -> Any:
    """The example the docs show (see the module's docstring), else the required fields; files in
    it are uploads and credentials the reader's own."""
    values = [e.value for e in content.examples]
    if not values:
        value: Any = body_skeleton(content.fields, setup.samples)
    else:
        value = next((v for v in values if _needs_only_credentials(content, v, setup)), values[0])
    if isinstance(value, dict):
        files = {row.name for row in content.fields if _is_file(row)}
        value = {k: Upload() if k in files else setup.own(k, v) for k, v in value.items()}
    return value


def body_model(op: Operation, content: Content, value: Any) -> str:
    """The generated model class the body goes in: the component it fits, else the inline body's."""
    fitting = [m for m in content.models if m.fits(value)] or content.models
    if fitting:
        return str(strings.ClassName(fitting[0].name, "field_"))
    return str(strings.ClassName(f"{op.operation_id}_body", "field_"))


def _wire(value: Any) -> str:
    if isinstance(value, FromEnv):
        return value.shell
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
    for param, value in shown_params(op, setup):
        text = _wire(value) if isinstance(value, FromEnv) else quote(_wire(value), safe="")
        if param.location == "path":
            path = path.replace("{" + param.name + "}", text)
        elif param.location == "query":
            query.append(f"{quote(param.name, safe='[]')}={text}")
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
    options += _body_options(op, setup)
    url = (op.server or setup.server) + path + ("?" + "&".join(query) if query else "")
    first = "curl -sS" + (" -g" if "[" in url else "")
    implied = op.method == "GET" or (op.method == "POST" and op.body is not None)
    if not implied:
        first += f" -X {op.method}"
    return " \\\n  ".join([first, *options, _double_quoted(url)])


def _form_option(flag: str, name: str, value: Any) -> str:
    if isinstance(value, Upload):
        return f"{flag} {shlex.quote(f'{name}=@{Upload.NAME}')}"
    if isinstance(value, FromEnv):  # double quotes: the shell expands the variable
        return f"{flag} {_double_quoted(f'{name}={value.shell}')}"
    return f"{flag} {shlex.quote(f'{name}={_wire(value)}')}"


def _body_options(op: Operation, setup: Setup) -> list[str]:
    if op.body is None or not op.body.contents:
        return []
    content = op.body.contents[0]
    value = body_example(content, setup)
    media = content.media_types[0]
    if media.startswith(_MULTIPART) or media.startswith(_FORM):
        flag = "-F" if media.startswith(_MULTIPART) else "--data-urlencode"
        items = value.items() if isinstance(value, dict) else []
        return [_form_option(flag, k, v) for k, v in items]
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return [f"-H {shlex.quote('Content-Type: ' + media)}", f"--data {shlex.quote(text)}"]
