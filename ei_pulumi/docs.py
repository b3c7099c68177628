"""Every list of settings and outputs, generated from the one place that defines each.

A setting is defined once, as a field of a component's config model (ElasticInferenceConfig,
SageMakerPrivateNetworkConfig: name, type, default, description); an output once, as an annotated
attribute of the component's class with its docstring. ``python -m ei_pulumi docs`` writes, from
them, the parts of other files that list them: each project's Pulumi.yaml ``config:`` block, the
README's settings and outputs tables, the args TypedDicts and the hosted classes' outputs that the
schema analyzer reads, and provider/schema.json. Descriptions are written with field names and
rendered in each place's vocabulary (``vpcId`` in Pulumi.yaml and the schema). A test fails when a
file drifts.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import typing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Callable, Optional, Union

from pydantic.alias_generators import to_camel, to_pascal

from .aws_rules.security_groups import TrafficRule
from .aws_rules.services import CATALOGUE, FEATURES
from .component import OUTPUTS
from .config import (
    ElasticInferenceConfig,
    SageMakerPrivateNetworkConfig,
    _Settings,
    choices,
    in_vocabulary,
    setting_kind,
    vocabulary,
)
from .network import NETWORK_OUTPUTS

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "python -m ei_pulumi docs"


@dataclass(frozen=True)
class Documented:
    """One component as the generated lists show it."""

    model: type[_Settings]
    class_name: str
    """The component's class, in ``source``."""
    source: Path
    output_names: tuple[str, ...]
    namespace: str
    """The namespace of its stack keys: the name of the project that runs it."""


EI = Documented(
    ElasticInferenceConfig, "ElasticInferenceSetup", Path(__file__).parent / "component.py", OUTPUTS, "sagemaker-ei"
)
NETWORK = Documented(
    SageMakerPrivateNetworkConfig,
    "SageMakerPrivateNetwork",
    Path(__file__).parent / "network.py",
    NETWORK_OUTPUTS,
    "private-notebook",
)


@dataclass(frozen=True)
class Output:
    """One output: its attribute name, its annotation as written, its description."""

    name: str
    annotation: str
    description: str


def outputs(component: Documented = EI) -> list[Output]:
    """The component's outputs, read from the annotated attributes (and docstrings) of its class's source."""
    tree = ast.parse(component.source.read_text())
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == component.class_name]
    found = {}
    for node, following in zip(cls.body, cls.body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant), node.target.id
            found[node.target.id] = Output(node.target.id, ast.unparse(node.annotation), str(following.value.value))
    return [found[name] for name in component.output_names]


def _described(component: Documented, field: str, name: Callable[[str], str]) -> str:
    """A setting's description, naming the settings it mentions as ``name`` does."""
    with vocabulary(name):
        return in_vocabulary(component.model.model_fields[field].description or "")


# --- where an Output is welcome ---------------------------------------------------------------
# A setting that decides which resources exist (permissions, vpc_cidr, ...) is read before any
# resource is created, so the config takes it only as a plain value. IDs and tag values may be
# other resources' Outputs: the config's Input types (VpcIdInput, SubnetIdsInput, RoleNameInput,
# TagValueInput) are ``Any`` with a validator that judges a plain value now and an Output once
# known. The README's Type column and the schema's ``plain`` both follow from these two functions.


def takes_output(annotation: Any) -> bool:
    """Whether a setting of this annotation may be given, as a whole, as an Output: whether it is
    one of the config's Input types, optional or not."""
    if typing.get_origin(annotation) is Union:
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return typing.get_origin(annotation) is Annotated and typing.get_args(annotation)[0] is Any


def items_take_outputs(annotation: Any) -> bool:
    """Whether the items of a list setting, or the values of a map setting, may be Outputs: those of
    an Input type (an Input list takes Inputs as items) and those whose item type is one."""
    args = typing.get_args(annotation)
    return takes_output(annotation) or (bool(args) and takes_output(args[-1]))


# --- the README's tables -------------------------------------------------------------------


def _annotation(component: Documented, field: str) -> Any:
    return component.model.model_fields[field].annotation


def _readme_type(component: Documented, field: str) -> str:
    """The Type column: the kind of value, and where an Output is welcome, as the schema says it."""
    kind = setting_kind(field, component.model)
    annotation = _annotation(component, field)
    values = " \\| ".join(f"`{v}`" for v in choices(field, component.model))
    if kind == "enum":
        return values
    words = {"list": f"list of {values}" if values else "list of strings", "map": "map of string → string"}.get(
        kind, kind
    )
    if kind in ("list", "map") and items_take_outputs(annotation):
        words += " or Outputs" if kind == "list" else " or Output"
    if takes_output(annotation):
        words += ", or an Output of a list" if kind == "list" else ", or Output"
    return words


def _readme_default(component: Documented, field: str) -> str:
    default = component.model.model_fields[field].get_default(call_default_factory=True)
    if default is None:
        return "none"
    return f"`{json.dumps(default) if not isinstance(default, str) else default}`"


def readme_settings(component: Documented = EI) -> str:
    rows = [
        "| Setting (Python) | Stack key | Type | Default | Meaning |",
        "|---|---|---|---|---|",
    ]
    for field in component.model.model_fields:
        rows.append(
            f"| `{field}` | `{component.namespace}:{to_camel(field)}` | {_readme_type(component, field)} "
            f"| {_readme_default(component, field)} | {_described(component, field, lambda f: f'`{f}`')} |"
        )
    return "\n".join(rows)


def readme_outputs(component: Documented = EI) -> str:
    rows = ["| Attribute (Python) | Stack output, other languages | Type | Meaning |", "|---|---|---|---|"]
    for output in outputs(component):
        shown = output.annotation.removeprefix("pulumi.Output[").removesuffix("]")
        rows.append(f"| `{output.name}` | `{to_camel(output.name)}` | `{shown}` | {output.description} |")
    return "\n".join(rows)


def _page(url: str) -> str:
    """A link to an AWS page, named by its file."""
    return f"[{url.rsplit('/', 1)[-1].removesuffix('.html')}]({url})"


def readme_features() -> str:
    """What each feature of SageMakerPrivateNetwork creates, and the AWS page that asks for each part."""
    rows = ["| Feature | Endpoints, and why | Traffic within the SageMaker group |", "|---|---|---|"]
    for feature in FEATURES.values():
        needs = "<br>".join(f"`{need.service}`: {need.why} ({_page(need.source)})" for need in feature.needs)
        within = "<br>".join(
            f"{_traffic(rule.traffic)}: {rule.why} ({_page(rule.source)})" for rule in feature.within_group
        )
        rows.append(f"| `{feature.name}` | {needs} | {within or 'none'} |")
    return "\n".join(rows)


def _traffic(traffic: TrafficRule) -> str:
    if traffic.from_port is None:
        return "all traffic"
    ports = traffic.from_port if traffic.to_port == traffic.from_port else f"{traffic.from_port}-{traffic.to_port}"
    return f"{traffic.ip_protocol.upper()} {ports}"


def readme_services() -> str:
    """The catalogue: each service's names, kind, policy, order and source."""
    rows = [
        "| Key | Name (us-east-1; cn-north-1 where it differs) | Kind | Endpoint policy | After | Serves | Source |",
        "|---|---|---|---|---|---|---|",
    ]
    for service in CATALOGUE.values():
        names = [service.name("us-east-1"), service.name("cn-north-1")]
        named = f"`{names[0]}`" + (f"; `{names[1]}`" if names[1] != names[0].replace("us-east-1", "cn-north-1") else "")
        after = ", ".join(f"`{key}`" for key in service.requires) or "–"
        policy = "yes" if service.takes_policy else "none"
        rows.append(
            f"| `{service.key}` | {named} | {service.kind} | {policy} | {after} | {service.what} | {_page(service.source)} |"
        )
    return "\n".join(rows)


# --- Pulumi.yaml -----------------------------------------------------------------------------


def pulumi_yaml_config(component: Documented = EI) -> str:
    lines = [
        f"# Generated by `{COMMAND}` from {component.model.__name__}: edit the model, then run it.",
        '# Optional keys default to "" or [], which mean "not set" (a declared key without a default',
        "# would be required). `tags` is a map, which project config schemas cannot declare: set it",
        "# in the stack file.",
        "config:",
    ]
    for field, info in component.model.model_fields.items():
        kind = setting_kind(field, component.model)
        if kind == "map":
            continue
        lines.append(f"  {to_camel(field)}:")
        lines.append(f"    type: {dict(enum='string', list='array').get(kind, kind)}")
        if kind == "list":
            lines += ["    items:", "      type: string"]
        lines.append(f"    description: {json.dumps(_described(component, field, to_camel))}")
        default = info.get_default(call_default_factory=True)
        lines.append(f"    default: {json.dumps(default if default is not None else ([] if kind == 'list' else ''))}")
    return "\n".join(lines)


# --- what the schema analyzer reads ----------------------------------------------------------


def enum_name(component: Documented, field: str) -> str:
    """The enum class of an enum setting (``Permissions``), or of a list of enums' items (``Feature``)."""
    name = to_pascal(field)
    return name.removesuffix("s") if setting_kind(field, component.model) == "list" else name


def _input_type(component: Documented, field: str) -> str:
    """The args annotation: the analyzer marks a field ``plain`` unless it is ``pulumi.Input[...]``
    (pulumi/provider/experimental/analyzer.py, analyze_property), so settings the config takes only
    as plain values are plain in the schema and generated SDKs refuse an Output for them."""
    annotation = _annotation(component, field)
    item = "pulumi.Input[str]" if items_take_outputs(annotation) else "str"
    if choices(field, component.model):
        item = enum_name(component, field)
    python = {
        "string": "str",
        "integer": "int",
        "boolean": "bool",
        "enum": item,
        "list": f"Sequence[{item}]",
        "map": f"Mapping[str, {item}]",
    }[setting_kind(field, component.model)]
    return f"pulumi.Input[{python}]" if takes_output(annotation) else python


def args_fields(component: Documented = EI) -> str:
    return "\n".join(
        f'    {field}: {_input_type(component, field)}\n    """{_described(component, field, to_camel)}"""'
        for field in component.model.model_fields
    )


def hosted_outputs(component: Documented = EI) -> str:
    return "\n".join(f'    {o.name}: {o.annotation}\n    """{o.description}"""' for o in outputs(component))


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """A part of a file that the generator owns: between two marker lines, or from a line to the end."""

    path: Path
    start: str
    end: Optional[str]
    render: Callable[[], str]

    def apply(self, text: str) -> str:
        head, found, rest = text.partition(self.start)
        if not found:
            raise ValueError(f"{self.path.name}: no line {self.start!r} to generate after")
        if self.end is None:
            return f"{head}{self.render()}\n"
        _, found, tail = rest.partition(self.end)
        if not found:
            raise ValueError(f"{self.path.name}: no line {self.end!r} to end the generated part")
        return f"{head}{self.start}\n{self.render()}\n{self.end}{tail}"


_PY_START = f"    # Generated by `{COMMAND}`: edit the source it names, then run it.\n"
_PY_END = "    # End of the generated part."


def _parts(component: Documented, project: Path, readme_prefix: str) -> tuple[Generated, ...]:
    """What the generator owns for one component: its project's config, its README tables, its hosted args and outputs."""
    model, source = component.model.__name__, component.source.name
    return (
        Generated(project / "Pulumi.yaml", "# Generated by `", None, partial(pulumi_yaml_config, component)),
        Generated(
            ROOT / "README.md",
            f"<!-- {readme_prefix}settings:start -->",
            f"<!-- {readme_prefix}settings:end -->",
            partial(readme_settings, component),
        ),
        Generated(
            ROOT / "README.md",
            f"<!-- {readme_prefix}outputs:start -->",
            f"<!-- {readme_prefix}outputs:end -->",
            partial(readme_outputs, component),
        ),
        Generated(
            ROOT / "ei_pulumi" / "multilang" / "args.py",
            _PY_START.rstrip("\n") + f" ({model}'s fields)",
            _PY_END,
            partial(args_fields, component),
        ),
        Generated(
            ROOT / "ei_pulumi" / "multilang" / "component.py",
            _PY_START.rstrip("\n") + f" ({component.class_name}'s outputs in ei_pulumi/{source})",
            _PY_END,
            partial(hosted_outputs, component),
        ),
    )


GENERATED = (
    *_parts(EI, ROOT, ""),
    *_parts(NETWORK, ROOT / "examples" / "private-notebook", "network-"),
    Generated(ROOT / "README.md", "<!-- features:start -->", "<!-- features:end -->", readme_features),
    Generated(ROOT / "README.md", "<!-- services:start -->", "<!-- services:end -->", readme_services),
)


def _rendered() -> dict[Path, str]:
    """Every owned file as the generator would write it."""
    texts: dict[Path, str] = {}
    for part in GENERATED:
        texts[part.path] = part.apply(texts.get(part.path) or part.path.read_text())
    return texts


def stale() -> list[str]:
    """The files whose generated parts differ from what the sources say (the schema included)."""
    from .multilang.schema import SCHEMA_FILE, render_schema

    found = [str(path.relative_to(ROOT)) for path, text in _rendered().items() if path.read_text() != text]
    if SCHEMA_FILE.read_text() != render_schema():
        found.append(str(SCHEMA_FILE.relative_to(ROOT)))
    return found


def write() -> list[str]:
    """Write every generated part; the schema last, in a new process that reads the new Python files."""
    written = []
    for path, text in _rendered().items():
        if path.read_text() != text:
            path.write_text(text)
            written.append(str(path.relative_to(ROOT)))
    subprocess.run([sys.executable, "-m", "ei_pulumi", "schema"], cwd=ROOT, check=True, capture_output=True)
    return written
