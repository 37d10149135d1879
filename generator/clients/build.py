"""Render one client package with the pinned openapi-python-client and our templates."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from openapi_python_client import Project as GeneratorProject
from openapi_python_client.config import MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.schema.untrusted_string import UntrustedString

from ..config import ApiConfig
from ..generator_config import make_config
from ..refs import iter_operations
from ..specs import LoadedSpec
from .lower import lower_spec

TEMPLATES = Path(__file__).parent / "templates"
RUNTIME_TEMPLATES = TEMPLATES / "package"


class BuildError(Exception):
    """The generator failed, or dropped an operation or a response."""


@dataclass(frozen=True)
class ClientStats:
    operations: int
    models: int


def _raw(value: object) -> str:
    """The plain text of a value the generator wraps to keep it out of generated code."""
    return value.get_untrusted_value() if isinstance(value, UntrustedString) else str(value)


def _shape(path: str) -> str:
    """A path with its parameter names blanked: the generator renames some (`{filter}` -> `{filter_}`)."""
    return re.sub(r"{[^}]*}", "{}", path)


def _dropped(spec: LoadedSpec, data: GeneratorData) -> list[str]:
    """Operations or responses of the spec that the generator left out."""
    generated = {
        (_raw(ep.method).lower(), _shape(_raw(ep.path))): {r.status_code.pattern for r in ep.responses}
        for collection in data.endpoint_collections_by_tag.values()
        for ep in collection.endpoints
    }
    problems = []
    for path, method, op, _ in iter_operations(spec.data):
        name = op.get("operationId", f"{method.upper()} {path}")
        if (method, _shape(path)) not in generated:
            problems.append(f"operation {name} ({method.upper()} {path}) was dropped")
            continue
        missing = set(map(str, op.get("responses", {}))) - generated[(method, _shape(path))]
        problems += [f"operation {name}: response {code} was dropped" for code in sorted(missing)]
    return problems


def _describe(errors: list[GeneratorError]) -> list[str]:
    return [f"{e.header}: {e.detail}" if e.detail else str(e.header) for e in errors]


def build_client(api: ApiConfig, spec: LoadedSpec, project_dir: Path) -> ClientStats:
    """Render the client of `api` into `project_dir` (which must not exist yet)."""
    quirks = spec.quirks
    config = make_config(package_name=api.package, project_name=api.package.replace("_", "-"), output_path=project_dir)
    config.meta_type = MetaType.UV  # project layout with a pyproject; ours overrides its template
    config.overwrite = False
    data = GeneratorData.from_dict(lower_spec(spec.data, quirks), config=config)
    if isinstance(data, GeneratorError):
        raise BuildError("; ".join(_describe([data])))
    problems = _dropped(spec, data)
    if problems:
        raise BuildError("; ".join(problems))
    project = GeneratorProject(openapi=data, config=config, custom_template_path=TEMPLATES)
    project.env.globals.update(spec=spec.data, quirks=quirks, api=api)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <dir>"
        errors = list(project.build())
    if errors:
        raise BuildError("; ".join(_describe(errors)))
    _render_runtime(project, Path(project.package_dir))
    operations = sum(len(c.endpoints) for c in data.endpoint_collections_by_tag.values())
    return ClientStats(operations=operations, models=len(data.models) + len(data.enums))


def _render_runtime(project: GeneratorProject, package_dir: Path) -> None:
    """Our own modules (runtime, facade) rendered into the package beside the stock ones."""
    if not RUNTIME_TEMPLATES.is_dir():
        return
    for template in sorted(RUNTIME_TEMPLATES.rglob("*.jinja")):
        relative = template.relative_to(TEMPLATES).as_posix()
        target = package_dir / template.relative_to(RUNTIME_TEMPLATES).with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(project.env.get_template(relative).render(), encoding="utf-8")
