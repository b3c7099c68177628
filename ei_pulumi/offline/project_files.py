"""Read a Pulumi project's config as the CLI would hand it to the program.

``Pulumi.yaml`` gives the project name and the declared defaults; ``Pulumi.<stack>.yaml``
gives the stack's values. Both are read as YAML 1.2, as Pulumi reads them (``no``, ``off`` and
``yes`` stay strings). The result is the flat ``namespace:key -> string`` map Pulumi passes to
a program, non-string values as JSON.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..config import ConfigError

PROJECT_FILE = "Pulumi.yaml"
# What a stack file may hold at its top (Pulumi's ProjectStack): config, and how secrets and
# environments are set up.
STACK_FILE_KEYS = ("config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt")

_YAML = YAML(typ="safe", pure=True)  # YAML 1.2


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
        content = _YAML.load(path.read_text()) or {}
    except FileNotFoundError:
        raise ConfigError(path.name, f"not found in {path.parent}") from None
    except YAMLError as exc:
        raise ConfigError(path.name, f"is not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(content, dict):
        raise ConfigError(path.name, "must be a YAML mapping")
    return content


def find_project_dir(start: Path) -> Path:
    """The folder of the Pulumi.yaml at ``start`` or above it, as the Pulumi CLI searches."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise ConfigError(
        PROJECT_FILE, f"not found in {start.resolve()} or any folder above it; run in a project, or give --project-dir"
    )


def _stack_values(path: Path) -> dict[str, Any]:
    """The ``config:`` map of a stack file, refusing anything Pulumi would not read."""
    content = _read_yaml(path)
    for key in content:
        if key not in STACK_FILE_KEYS:
            where = "; put stack settings under config:" if ":" in str(key) else ""
            close = difflib.get_close_matches(str(key), STACK_FILE_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close and not where else ""
            raise ConfigError(
                path.name,
                f"has an unknown top-level key {key!r}{hint}{where}; a stack file holds config: (a map of "
                f"namespace:key to value) and optionally {', '.join(STACK_FILE_KEYS[1:])}",
            )
    config = content.get("config") or {}
    if not isinstance(config, dict):
        raise ConfigError(path.name, "config: must be a map of namespace:key to value")
    return config


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """Merge the project's declared defaults with ``Pulumi.<stack>.yaml``."""
    project = _read_yaml(project_dir / PROJECT_FILE)
    name = project.get("name")
    if not isinstance(name, str):
        raise ConfigError(PROJECT_FILE, "has no project name")
    values: dict[str, str] = {}
    for key, declaration in (project.get("config") or {}).items():
        full_key = key if ":" in key else f"{name}:{key}"
        if isinstance(declaration, dict):
            if "default" in declaration or "value" in declaration:
                values[full_key] = _encode(declaration.get("value", declaration.get("default")))
        else:
            values[full_key] = _encode(declaration)
    for key, value in _stack_values(project_dir / f"Pulumi.{stack}.yaml").items():
        if isinstance(value, dict) and set(value) == {"secure"}:
            raise ConfigError(key, "is a secret; an offline run cannot decrypt it")
        values[key if ":" in key else f"{name}:{key}"] = _encode(value)
    return StackConfig(project=name, stack=stack, values=values)
