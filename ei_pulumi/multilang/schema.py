"""The package schema that `pulumi package add` turns into an SDK for each language."""

import json
from pathlib import Path
from typing import Any

from .provider import component_provider

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "provider" / "schema.json"
"""The checked-in copy, beside the plugin, for review; `python -m ei_pulumi schema` rewrites it."""


def package_schema() -> dict[str, Any]:
    """The schema as the plugin serves it."""
    return json.loads(component_provider().schema or "{}")


def render_schema() -> str:
    """The schema as checked in: indented, keys in the analyzer's order, one newline at the end."""
    return json.dumps(package_schema(), indent=2) + "\n"
