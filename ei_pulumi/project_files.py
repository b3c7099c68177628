"""Read a Pulumi project's config as the CLI would hand it to the program.

``Pulumi.yaml`` gives the project name and the declared defaults; ``Pulumi.<stack>.yaml``
gives the stack's values. The result is the flat ``namespace:key -> string`` map Pulumi
passes to a program, non-string values as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import ConfigError


@dataclass(frozen=True)
class StackConfig:
    """A project's name and one stack's flat config."""

    project: str
    stack: str
    values: dict[str, str]


def _encode(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text()) or {}
    except FileNotFoundError:
        raise ConfigError(path.name, f"not found in {path.parent}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(path.name, f"is not valid YAML ({exc})") from None
    if not isinstance(content, dict):
        raise ConfigError(path.name, "must be a YAML mapping")
    return content


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """Merge the project's declared defaults with ``Pulumi.<stack>.yaml``."""
    project = _read_yaml(project_dir / "Pulumi.yaml")
    name = project.get("name")
    if not isinstance(name, str):
        raise ConfigError("Pulumi.yaml", "has no project name")
    values: dict[str, str] = {}
    for key, declaration in (project.get("config") or {}).items():
        full_key = key if ":" in key else f"{name}:{key}"
        if isinstance(declaration, dict):
            if "default" in declaration or "value" in declaration:
                values[full_key] = _encode(declaration.get("value", declaration.get("default")))
        else:
            values[full_key] = _encode(declaration)
    for key, value in (_read_yaml(project_dir / f"Pulumi.{stack}.yaml").get("config") or {}).items():
        if isinstance(value, dict) and set(value) == {"secure"}:
            raise ConfigError(key, "is a secret; an offline run cannot decrypt it")
        values[key if ":" in key else f"{name}:{key}"] = _encode(value)
    return StackConfig(project=name, stack=stack, values=values)
