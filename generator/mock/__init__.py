"""Spec-driven mock servers: route -> auth -> validate -> negotiate -> respond.

    app = create_app("freesound", spec_path, MockOptions(seed=7))   # an ASGI app
    httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock")

`soundspec mock NAME` serves the same app with uvicorn. docs/mock.md describes the behaviour,
the default credentials, the `--data DIR` dataset format and the reset endpoint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .options import Limits, MockOptions

if TYPE_CHECKING:
    from ..specs import LoadedSpec
    from .app import MockApp

__all__ = ["MOCK_HEADER", "RESET_PATH", "Limits", "MockApp", "MockOptions", "create_app"]

RESET_PATH = "/_mock/reset"
# on every answer the mock makes (not on replayed ones), naming its API: `fuzz --url` tells our
# mock from the real server by it, and tests the mock as it declares itself (the values it refuses)
MOCK_HEADER = "x-soundspec-mock"


def __getattr__(name: str) -> Any:
    # the app is imported on first use, so that registering `soundspec mock` costs no start-up time
    if name == "MockApp":
        from .app import MockApp

        return MockApp
    raise AttributeError(name)


def create_app(
    name: str, spec: Path | dict[str, Any] | LoadedSpec, options: MockOptions | None = None, docs: Path | None = None
) -> MockApp:
    """Compile `spec` and build the mock of API `name` (its module in apis/, or the generic one).

    A `LoadedSpec` is one `soundspec mock` has already read and checked: it is not parsed twice.
    """
    from ..apimodel import api_model, build_api
    from ..quirks import load_quirks
    from ..specs import LoadedSpec
    from ..yamlsource import load_file
    from .apis import behaviour_for
    from .apis.base import Context
    from .app import MockApp
    from .compiled import CompiledApi
    from .synth import Synth

    if isinstance(spec, LoadedSpec):
        data, path = spec.data, spec.path
    elif isinstance(spec, Path):
        data, path = load_file(spec)[0], spec
    else:
        data, path = spec, None
    options = options or MockOptions()
    model = api_model(path, data) if path is not None else build_api(data, load_quirks(data))
    api = CompiledApi(name, model)
    recordings = path.parent / "recordings" / name if path is not None else None
    behaviour = behaviour_for(name, Context(api, Synth(api.spec, api.quirks), options, recordings))
    return MockApp(api, behaviour, options.docs or docs)
