"""Read a Pulumi project and one of its stacks as the Pulumi CLI hands them to the program.

Follows pulumi/pulumi's loaders, file by file:

- ``sdk/go/common/workspace/project.go``: ``name`` (required), ``runtime`` (a name, or ``name``
  with ``options``), ``main`` (the program: a folder holding ``__main__.py``, or a file; the
  engine runs it from that folder, ``pkg/engine/project.go`` ``getPwdMain``), ``stackConfigDir``
  and its older spelling ``config: <folder>`` (``RewriteConfigPathIntoStackConfigDir``), and the
  ``config:`` declarations (``RewriteShorthandConfigValues``, ``Validate``);
- ``sdk/go/common/workspace/paths.go`` and ``pkg/backend/diy/store.go``: a stack named ``dev``,
  ``org/dev`` or ``org/project/dev`` keeps its config in ``Pulumi.dev.yaml``;
- ``sdk/go/common/workspace/loaders.go``: a stack-file key without a namespace is the project's
  (``stackConfigNamespacedWithProject``); an empty value reads as ``""``, with a warning;
- ``sdk/go/common/resource/config/key.go``: keys are ``namespace:name``, or
  ``namespace:config:name`` (the old form, the same key); anything else is refused;
- ``pkg/workspace/config.go`` (``mergeConfig``): a declared key the stack does not set takes its
  ``value`` or ``default``; one with neither, in the project's namespace, is required.

Both files are read as YAML 1.2, as Pulumi reads them (``no``, ``off`` and ``yes`` stay
strings, and so do dates). The result is the flat ``namespace:key -> string`` map Pulumi passes to a program,
other values as JSON, and the stack's secrets, still encrypted (``secrets.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError

from ..config import ConfigError, did_you_mean
from .secrets import StackSecrets, holds_secret

PROJECT_FILE = "Pulumi.yaml"
# What a stack file may hold at its top (Pulumi's ProjectStack): config, and how secrets and
# environments are set up.
STACK_FILE_KEYS = ("config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt")
# tokens.ParseStackName: at most 100 of these characters.
_STACK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")


class _PulumiConstructor(SafeConstructor):
    """YAML 1.2 as Pulumi's go-yaml (gopkg.in/yaml.v3, decode.go) hands it to ``interface{}``:
    a timestamp stays the text it was written as, "for backward compatibility"."""


_PulumiConstructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
_YAML = YAML(typ="safe", pure=True)  # YAML 1.2
_YAML.Constructor = _PulumiConstructor


@dataclass(frozen=True)
class Project:
    """A project's ``Pulumi.yaml``, as far as a run of its program needs it."""

    name: str
    directory: Path
    main: str = ""
    """``main:`` as written; empty: the program is the project's folder."""
    stack_config_dir: str = ""
    """Where the stack files are, relative to the project's folder; empty: next to Pulumi.yaml."""
    declared: dict[str, Any] = field(default_factory=dict)
    """Declared config: full key -> its value or default, or ``REQUIRED``."""

    def program(self) -> tuple[Path, Path]:
        """The folder the program runs in and the path ``runpy`` runs (a folder runs its ``__main__.py``)."""
        target = (self.directory / self.main).resolve() if self.main else self.directory
        if not target.exists():
            raise ConfigError(PROJECT_FILE, f"main: {self.main} does not exist in {self.directory}")
        folder = target if target.is_dir() else target.parent
        if target.is_dir() and not (target / "__main__.py").is_file():
            where = f"main: {self.main}" if self.main else "the project's folder"
            raise ConfigError(PROJECT_FILE, f"{where} has no __main__.py to run")
        return folder, target

    def stack_file(self, stack: str) -> Path:
        """``Pulumi.<stack>.yaml``, in ``stackConfigDir`` if the project sets one."""
        return self.directory / self.stack_config_dir / f"Pulumi.{stack_name(stack, self.name)}.yaml"


REQUIRED = object()
"""A declared key with neither value nor default."""


@dataclass(frozen=True)
class StackConfig:
    """A project's name, one stack's name and the flat config its program reads."""

    project: str
    stack: str
    values: dict[str, str]
    secrets: dict[str, Any] = field(default_factory=dict)
    """Keys whose stack-file values hold secrets, with those values as written (still encrypted)."""
    encryption: StackSecrets = field(default_factory=lambda: StackSecrets("the stack file"))
    warnings: list[str] = field(default_factory=list)
    """What the stack file holds that the run cannot honour, such as an ESC environment."""

    def set(self, key: str, value: str) -> None:
        """Set ``key`` as ``pulumi config set`` would (not as a secret): a secret it held is replaced."""
        self.values[key] = value
        self.secrets.pop(key, None)


def _encode(value: Any) -> str:
    """A value as the CLI passes it: text as it is, anything else as JSON the way Go writes it."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


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


def config_key(key: str, project: str) -> str:
    """``key`` as Pulumi names it: ``namespace:name``; a key without namespace is the project's.

    ``config.ParseKey`` reads ``namespace:name`` and the old ``namespace:config:name`` as the
    same key and refuses every other form; the loaders give a bare key the project's namespace.
    """
    parts = key.split(":")
    if len(parts) == 1:
        return f"{project}:{key}"
    if len(parts) == 2:
        return key
    if len(parts) == 3 and parts[1] == "config":
        return f"{parts[0]}:{parts[2]}"
    raise ConfigError(key, "is not a config key: Pulumi reads namespace:name (or namespace:config:name)")


def stack_name(stack: str, project: str) -> str:
    """The stack's own name in any form ``pulumi`` takes: ``dev``, ``org/dev``, ``org/project/dev``."""
    parts = stack.split("/")
    if len(parts) > 3:
        raise ConfigError("--stack", f"{stack!r} is not a stack name: dev, org/dev or org/project/dev")
    if len(parts) == 3 and parts[1] != project:
        raise ConfigError("--stack", f"{stack!r} is a stack of project {parts[1]!r}, and Pulumi.yaml is {project!r}")
    name = parts[-1]
    if not _STACK_NAME.fullmatch(name):
        raise ConfigError(
            "--stack", f"{name!r} is not a stack name: 1 to 100 letters, digits, hyphens, underscores or periods"
        )
    return name


def _runtime_name(runtime: Any) -> Optional[str]:
    if isinstance(runtime, dict):
        runtime = runtime.get("name")
    return runtime if isinstance(runtime, str) and runtime else None


def _declared(config: Any, project: str) -> dict[str, Any]:
    """Pulumi.yaml's ``config:`` declarations: full key -> value, default or REQUIRED."""
    declared: dict[str, Any] = {}
    for key, declaration in (config or {}).items():
        full_key = config_key(str(key), project)
        own = full_key.startswith(f"{project}:")
        if not isinstance(declaration, dict):  # shorthand: a default for the project's keys, else a value
            declared[full_key] = declaration
            continue
        if "default" in declaration and "value" in declaration:
            raise ConfigError(PROJECT_FILE, f"config: {key} cannot have both a default and a value")
        if not own and ("default" in declaration or "type" in declaration):
            raise ConfigError(
                PROJECT_FILE, f"config: {key} is not in the project's namespace: give it a value, not a type or default"
            )
        declared[full_key] = declaration.get("value", declaration.get("default", REQUIRED if own else None))
    return declared


def load_project(project_dir: Path) -> Project:
    """Read ``Pulumi.yaml``, refusing what the Pulumi CLI refuses and programs ``plan`` cannot run."""
    content = _read_yaml(project_dir / PROJECT_FILE)
    name = content.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError(PROJECT_FILE, "has no project name (name: ...)")
    runtime = _runtime_name(content.get("runtime"))
    if runtime != "python":
        found = f"runtime is {runtime!r}" if runtime else "has no runtime"
        raise ConfigError(PROJECT_FILE, f"{found}; plan runs Python programs only (runtime: python)")
    config = content.get("config")
    stack_config_dir = content.get("stackConfigDir") or ""
    if isinstance(config, str):  # the old spelling of stackConfigDir
        if stack_config_dir:
            raise ConfigError(
                PROJECT_FILE, "sets both config: and stackConfigDir: as the stack folder; keep stackConfigDir"
            )
        stack_config_dir, config = config, None
    main = content.get("main") or ""
    for key, value in (("main", main), ("stackConfigDir", stack_config_dir)):
        if not isinstance(value, str):
            raise ConfigError(PROJECT_FILE, f"{key}: must be a path relative to the project's folder")
    if config is not None and not isinstance(config, dict):
        raise ConfigError(PROJECT_FILE, "config: must be a map of declarations, or the stack folder's path")
    return Project(name, project_dir.resolve(), main, stack_config_dir, _declared(config, name))


def _stack_content(path: Path) -> dict[str, Any]:
    """A stack file's content, refusing anything Pulumi would not read."""
    content = _read_yaml(path)
    for key in content:
        if key not in STACK_FILE_KEYS:
            where = "; put stack settings under config:" if ":" in str(key) else ""
            hint = did_you_mean(str(key), STACK_FILE_KEYS) if not where else ""
            raise ConfigError(
                path.name,
                f"has an unknown top-level key {key!r}{hint}{where}; a stack file holds config: (a map of "
                f"namespace:key to value) and optionally {', '.join(STACK_FILE_KEYS[1:])}",
            )
    if not isinstance(content.get("config") or {}, dict):
        raise ConfigError(path.name, "config: must be a map of namespace:key to value")
    return content


def read_stack(project: Project, stack: str) -> StackConfig:
    """One stack's config: the project's declarations, then the stack file's values over them."""
    path = project.stack_file(stack)
    content = _stack_content(path)
    result = StackConfig(
        project.name,
        stack_name(stack, project.name),
        {},
        encryption=StackSecrets(
            path.name, str(content.get("secretsprovider") or ""), str(content.get("encryptionsalt") or "")
        ),
    )
    if content.get("environment"):
        result.warnings.append(
            f"{path.name}: environment: Pulumi ESC environments are not read offline; config they set is "
            "missing from this plan (give it with --config)"
        )
    written: dict[str, str] = {}
    empty = []
    for key, value in (content.get("config") or {}).items():
        full_key = config_key(str(key), project.name)
        if full_key in written:
            raise ConfigError(path.name, f"sets {full_key} twice (as {written[full_key]} and {key})")
        written[full_key] = str(key)
        if holds_secret(value):
            result.secrets[full_key] = value
        elif value is None:
            empty.append(str(key))
            result.values[full_key] = ""
        else:
            result.values[full_key] = _encode(value)
    if empty:
        result.warnings.append(f"{path.name}: no value for {', '.join(empty)}; Pulumi reads it as an empty string")
    missing = []
    for key, value in project.declared.items():
        if key in result.values or key in result.secrets:
            continue
        if value is REQUIRED:
            missing.append(key)
        elif value is not None:
            result.values[key] = _encode(value)
    if missing:
        raise ConfigError(
            missing[0], f"is declared in {PROJECT_FILE} without a default, and stack {result.stack} does not set it"
        )
    return result


def load_stack_config(project_dir: Path, stack: str) -> StackConfig:
    """Merge the project's declared config with the stack file of ``stack``."""
    return read_stack(load_project(project_dir), stack)
