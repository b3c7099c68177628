"""The package schema that `pulumi package add` turns into an SDK for each language."""

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pulumi.provider.experimental.component import ComponentProvider

from ..component import PACKAGE
from .component import ElasticInferenceSetup

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "provider" / "schema.json"
"""The checked-in copy, beside the plugin, for review; `python -m ei_pulumi schema` rewrites it."""


def package_version() -> str:
    """The version of the installed ei_pulumi, which the component package takes."""
    return version("ei_pulumi")


def component_provider() -> ComponentProvider:
    """The provider the plugin hosts, with the schema the analyzer infers from the classes."""
    return ComponentProvider([ElasticInferenceSetup], PACKAGE, version=package_version())


def package_schema() -> dict[str, Any]:
    """The schema as the plugin serves it."""
    return json.loads(component_provider().schema or "{}")


def render_schema() -> str:
    """The schema as checked in: indented, keys in the analyzer's order, one newline at the end."""
    return json.dumps(package_schema(), indent=2) + "\n"
