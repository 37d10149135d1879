"""Python names of generated things, shared by the client templates, the docs and the fuzzer.

The generated client exposes every operation twice, under the same names:
    client.<tag>.<method>(...)                      # the facade on the client class
    <package>.api.<tag>.<method>.sync(client=..., ...)   # the stock openapi-python-client module
where <tag> is the operation's first tag and <method> its operationId, both as Python identifiers.
A paginated operation also has `client.<tag>.<method>_iter(...)` (and `sync_iter` / `asyncio_iter`
in its module), which iterates the items of every page.
"""

from __future__ import annotations

import re

from openapi_python_client import strings


def tag_attribute(tag: str) -> str:
    """`web-profiles` -> `web_profiles`: the facade attribute and the api sub-package."""
    return str(strings.PythonIdentifier(tag, "tag"))


def method_name(operation_id: str) -> str:
    """`listUserPacks` -> `list_user_packs`: the facade method and the endpoint module."""
    return str(strings.PythonIdentifier(operation_id, "field_"))


def parameter_name(name: str) -> str:
    """`bpm[from]` -> `bpm_from`, `created_at[to]` -> `created_at_to`: the keyword argument of a parameter.

    Brackets (Rails-style nested names) become word breaks; otherwise the stock generator's rule.
    """
    return str(strings.PythonIdentifier(re.sub(r"[\[\]]+", "_", name).strip("_") or name, "field_"))


def pager_name(operation_id: str) -> str:
    """`searchSounds` -> `search_sounds_iter`: the facade method iterating a paginated operation's items."""
    return f"{method_name(operation_id)}_iter"


def facade_call(tag: str, operation_id: str) -> str:
    return f"client.{tag_attribute(tag)}.{method_name(operation_id)}"


def module_path(package: str, tag: str, operation_id: str) -> str:
    return f"{package}.api.{tag_attribute(tag)}.{method_name(operation_id)}"


# Builtins a model field may be named after: the stock generator appends `_` so as not to shadow
# them, which leaks into the reader's code (`sound.license_`); as attributes they shadow nothing.
# `type` keeps its `_`: the generated parsing code calls the builtin where a local of that name
# would shadow it.
_FIELD_NAMES_OK = frozenset({"license", "next", "min", "max", "format", "filter", "input", "hash", "range", "id",
                             "vars", "dir", "help", "open", "round", "sum", "all", "any", "map", "zip"})  # fmt: skip


def field_attribute(python_name: str) -> str:
    """The attribute of a model field: the generator's name without a `_` it added for a builtin."""
    if python_name.endswith("_") and python_name[:-1] in _FIELD_NAMES_OK:
        return python_name[:-1]
    return python_name
