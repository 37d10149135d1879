"""Render one client package with the pinned openapi-python-client and our templates.

The stock generator renders models, endpoint modules and package files through our overrides
(templates/ first in its ChoiceLoader); then every `templates/package/**/*.jinja` is rendered
into the package (the runtime), and `tag_resource.py.jinja` once per tag (the facade).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openapi_python_client import Project as GeneratorProject
from openapi_python_client.config import MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.schema.untrusted_string import UntrustedString
from openapi_python_client.strings import PythonIdentifier

from .. import naming
from ..apimodel import Api
from ..config import ApiConfig
from ..generator_config import make_config
from ..refs import walk
from ..specs import LoadedSpec
from .context import SECRET_FIELDS, ContextError, api_context, check_tags
from .lower import lower_spec, marked_date_format
from .plan import Planner, path_key, raw
from .readme import readme_examples

TEMPLATES = Path(__file__).parent / "templates"
RUNTIME_TEMPLATES = TEMPLATES / "package"
WIRE = Path(__file__).parent.parent / "wire"


class BuildError(Exception):
    """The generator failed, or dropped an operation or a response."""


@dataclass(frozen=True)
class ClientStats:
    operations: int
    models: int


def _dropped(api: Api, data: GeneratorData) -> list[str]:
    """Operations or responses of the spec that the generator left out."""
    generated = {
        path_key(raw(ep.method), raw(ep.path)): {r.status_code.pattern for r in ep.responses}
        for collection in data.endpoint_collections_by_tag.values()
        for ep in collection.endpoints
    }
    problems = []
    for op in api.operations:
        method, path = op.method.upper(), op.path
        name = op.operation_id or f"{method} {path}"
        key = path_key(method, path)
        if key not in generated:
            problems.append(f"operation {name} ({method} {path}) was dropped")
            continue
        missing = {r.status for r in op.responses} - generated[key]
        problems += [f"operation {name}: response {code} was dropped" for code in sorted(missing)]
    return problems


def _describe(errors: list[GeneratorError]) -> list[str]:
    return [f"{e.header}: {e.detail}" if e.detail else str(e.header) for e in errors]


def _rename_parameters(data: GeneratorData, config: Any) -> None:
    """Keyword arguments named by `naming.parameter_name` (`bpm[from]` -> `bpm_from`)."""
    for collection in data.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            params = [*endpoint.query_parameters, *endpoint.header_parameters, *endpoint.cookie_parameters]
            for prop in params:
                wanted = naming.parameter_name(raw(prop.name))
                if wanted != prop.python_name:
                    prop.set_python_name(new_name=UntrustedString(wanted), config=config, skip_snake_case=True)
            names = [p.python_name for p in [*endpoint.path_parameters, *params]]
            clashes = sorted({n for n in names if names.count(n) > 1})
            if clashes:
                raise BuildError(f"operation {endpoint.name}: parameters share the Python name {', '.join(clashes)}")


def _rename_form_fields(data: GeneratorData, config: Any) -> None:
    """Model fields of Rails-style form names the same way (`track[title]` -> `track_title`), and
    fields named after a builtin by that name (`license`, not `license_`)."""
    for model in data.models:
        props = [*(model.required_properties or []), *(model.optional_properties or [])]
        for prop in props:
            wanted = naming.parameter_name(raw(prop.name))
            if "[" in raw(prop.name) and wanted != prop.python_name:
                prop.set_python_name(new_name=UntrustedString(wanted), config=config, skip_snake_case=True)
            elif naming.field_attribute(prop.python_name) != prop.python_name:
                # PythonIdentifier would put the `_` back (fix_reserved_words): set the plain name
                plain = naming.field_attribute(prop.python_name)
                object.__setattr__(prop, "python_name", str.__new__(PythonIdentifier, plain))
        names = [p.python_name for p in props]
        clashes = sorted({n for n in names if names.count(n) > 1})
        if clashes:
            raise BuildError(f"model {model.class_info.name}: fields share the Python name {', '.join(clashes)}")


def _add_runtime_imports(data: GeneratorData) -> None:
    """Every module may use the runtime's date functions and `cast` (ruff drops the imports where unused)."""
    for model in data.models:
        if model.relative_imports is not None:
            model.relative_imports.add("from .._runtime.dates import format_datetime, parse_datetime")
            model.relative_imports.add("from typing import cast")
    for collection in data.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            endpoint.relative_imports.add("from ..._runtime.dates import format_datetime, parse_datetime")


def _credential_doc(placement: tuple[str, str, str]) -> str:
    where, name, prefix = placement
    return f"the `{name}` query parameter" if where == "query" else f"the `{name}: {prefix}<value>` header"


def build_client(api: ApiConfig, spec: LoadedSpec, project_dir: Path) -> ClientStats:
    """Render the client of `api` into `project_dir` (which must not exist yet)."""
    model = spec.model
    quirks = model.quirks
    config = make_config(package_name=api.package, project_name=api.package.replace("_", "-"), output_path=project_dir)
    config.meta_type = MetaType.UV  # project layout with a pyproject; ours overrides its template
    config.overwrite = False
    data = GeneratorData.from_dict(lower_spec(model), config=config)
    if isinstance(data, GeneratorError):
        raise BuildError("; ".join(_describe([data])))
    problems = _dropped(model, data)
    if problems:
        raise BuildError("; ".join(problems))
    _rename_parameters(data, config)
    _rename_form_fields(data, config)
    _add_runtime_imports(data)
    planner = Planner(model)
    planner.models = {m.class_info.name: m for m in data.models}
    for collection in data.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            paging = planner(endpoint).paging
            if paging is not None:
                endpoint.relative_imports |= paging.imports
    try:
        check_tags(data)
        context = api_context(model, data, planner)
    except ContextError as err:
        raise BuildError(str(err)) from None
    project = GeneratorProject(openapi=data, config=config, custom_template_path=TEMPLATES)
    # the lowered copy drops `additionalProperties: false` (the client keeps unknown fields); a
    # field such a schema does not allow is still a deviation to note
    closed = {
        pointer
        for pointer, node in walk(spec.data)
        if isinstance(node, dict) and node.get("additionalProperties") is False
    }
    project.env.globals.update(
        quirks=quirks,
        api=api,
        runtime=context,
        plan=planner,
        api_title=raw(data.title),
        readme=readme_examples(data, planner, model.server_url),
        date_format_of=lambda prop: marked_date_format(raw(prop.description) if prop.description else None),
        is_secret=lambda prop: raw(prop.name) in SECRET_FIELDS,
        value_check=value_check,
        is_closed=lambda model: raw(model.name) in closed,
        wire_source=lambda name: (WIRE / name).read_text(encoding="utf-8"),
    )
    project.env.filters.update(pyrepr=repr, plan=planner, credential_doc=_credential_doc)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <dir>"
        errors = list(project.build())
    if errors:
        raise BuildError("; ".join(_describe(errors)))
    package_dir = Path(project.package_dir)
    _render_resources(project, data, package_dir)
    context.shapes = {k: v for k, v in sorted(planner.shapes.named.items()) if not isinstance(v, str)}
    _render_runtime(project, package_dir)
    operations = sum(len(c.endpoints) for c in data.endpoint_collections_by_tag.values())
    return ClientStats(operations=operations, models=len(data.models) + len(data.enums))


def _render_resources(project: GeneratorProject, data: GeneratorData, package_dir: Path) -> None:
    template = project.env.get_template("tag_resource.py.jinja")
    for tag, collection in data.endpoint_collections_by_tag.items():
        if tag != naming.tag_attribute(tag):
            raise BuildError(f"tag {tag}: module and client attribute names differ")
        # the raw-answer facades in a module of their own, imported on first use of
        # `client.with_raw_response`: a plain client does not load (nor keep) them
        for name, answers_raw in (("_resource.py", False), ("_raw_resource.py", True)):
            text = template.render(endpoint_collection=collection, raw_module=answers_raw)
            (package_dir / "api" / tag / name).write_text(text, encoding="utf-8")


def _render_runtime(project: GeneratorProject, package_dir: Path) -> None:
    """Our own modules (the runtime) rendered into the package beside the stock ones; blank ones skipped."""
    for template in sorted(RUNTIME_TEMPLATES.rglob("*.jinja")):
        relative = template.relative_to(TEMPLATES).as_posix()
        target = package_dir / template.relative_to(RUNTIME_TEMPLATES).with_suffix("")
        text = project.env.get_template(relative).render()
        if not text.strip():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# What a value read from JSON must be for each plain property kind; the kinds built by a construct
# (models, enums, dates) are checked by building them.
_VALUE_CHECKS = {
    "IntProperty": "type({v}) is int",
    "FloatProperty": "type({v}) in _NUMBER",
    "StringProperty": "type({v}) is str",
    "BooleanProperty": "type({v}) is bool",
    "ListProperty": "type({v}) is list",
}
# checked in `_read` only: on the fast path, building the member raises first
_ENUM_CHECK = "({v} in {cls}._value2member_map_)"


def value_check(prop: Any, var: str, tolerant: bool = False) -> str:
    """A Python test that `var` holds what `prop` declares, or "" where building it checks it."""
    kind = type(prop).__name__
    if kind == "EnumProperty" and tolerant:
        check = _ENUM_CHECK.format(v=var, cls=prop.class_info.name)
        return f"({var} is UNSET or {check})" if not prop.required else check
    if kind == "UnionProperty":
        parts = []
        for inner in prop.inner_properties:
            inner_kind = type(inner).__name__
            if inner_kind == "NoneProperty":
                parts.append(f"{var} is None")
            elif inner_kind in _VALUE_CHECKS:
                parts.append(_VALUE_CHECKS[inner_kind].format(v=var))
            else:
                return ""
        check = " or ".join(parts)
    elif kind in _VALUE_CHECKS:
        check = _VALUE_CHECKS[kind].format(v=var)
    else:
        return ""
    if not prop.required:
        check = f"{var} is UNSET or {check}"
    return f"({check})"
