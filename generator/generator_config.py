"""The one place that builds openapi-python-client's Config, so lint and generation agree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser.responses import _source_by_content_type


def make_config(*, package_name: str, project_name: str, output_path: Path | None = None) -> Config:
    """A Config for our pipeline: no post-hooks (we format and check the output ourselves)."""
    return Config.from_sources(
        ConfigFile(
            package_name_override=package_name,
            project_name_override=project_name,
            post_hooks=[],
            literal_enums=False,
            # RSS (Freesound's pool feeds) is text to a client, as the generator treats text/*
            content_type_overrides={"application/rss+xml": "text/xml"},
        ),
        MetaType.NONE,
        document_source=Path("spec.yaml"),
        file_encoding="utf-8",
        overwrite=True,
        output_path=output_path,
    )


@cache
def _probe_config() -> Config:
    return make_config(package_name="probe", project_name="probe")


def drops_content_type(content_type: str) -> bool:
    """True when the pinned generator ignores responses offered in this media type."""
    return _source_by_content_type(content_type, _probe_config()) is None
