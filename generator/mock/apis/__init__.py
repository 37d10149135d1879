"""Per-API behaviour: the data and the service logic that make a mock realistic.

The engine (generator/mock/app.py) works for any spec from its quirks, schemas and examples;
a module here, selected by the API's name, adds a dataset and handlers by operationId.
"""

from __future__ import annotations

import importlib

from .base import Behaviour, Context

# API name -> module under generator.mock.apis defining `Api(Behaviour)`
MODULES = {"freesound": "freesound", "soundcloud": "soundcloud"}


def behaviour_for(name: str, ctx: Context) -> Behaviour:
    module = MODULES.get(name)
    if module is None:
        return Behaviour(ctx)
    cls: type[Behaviour] = importlib.import_module(f"{__name__}.{module}").Api
    return cls(ctx)
