"""The provider the plugin hosts: Pulumi's ComponentProvider, answering bad input as the engine expects.

Pulumi's ComponentProvider maps the engine's inputs onto the args the analyzer inferred and calls
the component. Four things it does not do, this one does:

- It trusts the schema's ``plain`` for the values it gets, which the engine does not enforce: an
  Output for a plain integer fails ``int()``, for a plain enum ``str()``. This one refuses such a
  value first, naming the input.
- It hands integers on as the wire carries them, as floats; this one makes whole numbers ``int``.
- It maps a list of enums as a list of objects (map_input_properties, "arrays of complex types"),
  so each item arrives as ``{}``; this one gives each item its enum member (``features``).
- It reports any exception from the component as unexpected, with a Python stack trace
  (pulumi/provider/server.py, Construct). Bad input is the user's to fix: a ConfigError reaches
  the engine as Pulumi's input-property error (pulumi.errors.InputPropertyError), which the engine
  shows as "property subnetIds has a problem: <reason>" (pkg/resource/deploy/source_eval.go,
  errorToMessage), whether the component raised it at once or once an Output it judges was known.
"""

import asyncio
import json
from collections.abc import Iterator, Mapping
from enum import Enum
from importlib.metadata import version
from typing import Any, Optional

import pulumi
from pulumi.errors import InputPropertiesError, InputPropertyError, InputPropertyErrorDetails
from pulumi.output import Unknown
from pulumi.provider import ConstructResult
from pulumi.provider.experimental.analyzer import PropertyDefinition
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.server import ComponentInitError

from ..component import PACKAGE
from ..config import config_error_in
from .component import ElasticInferenceSetup, SageMakerPrivateNetwork

HOSTED: list[type[pulumi.ComponentResource]] = [ElasticInferenceSetup, SageMakerPrivateNetwork]
"""The components the package hosts, each under ``<package>:index:<class name>``."""

NAMESPACE = "ei-pulumi"
"""The package's namespace, which names the generated SDKs: ``@ei-pulumi/ei-pulumi`` in TypeScript,
``github.com/ei-pulumi/pulumi-ei-pulumi/sdk/go/eipulumi`` in Go. Without one, ``pulumi package add``
of a local path would name them as Pulumi's own (``@pulumi/ei-pulumi``), and of a git URL after the
repository's owner (pkg/cmd/pulumi/packages/packages.go, setSpecNamespace): set here, every
install path gives the same import. Lower-case words joined by hyphens (the schema's pattern,
pkg/codegen/schema/pulumi.json)."""


def package_version() -> str:
    """The version of the installed ei_pulumi, which the component package takes."""
    return version("ei_pulumi")


class PackageProvider(ComponentProvider):
    """Pulumi's ComponentProvider for HOSTED, refusing what the schema refuses before any resource exists."""

    def __init__(
        self, components: list[type[pulumi.ComponentResource]], name: str, namespace: str, version: str
    ) -> None:
        super().__init__(components, name, namespace, version)
        resources = json.loads(self.schema or "{}").get("resources", {})
        self._inputs: dict[str, dict[str, Any]] = {
            token: resource.get("inputProperties", {}) for token, resource in resources.items()
        }

    def construct(
        self,
        name: str,
        resource_type: str,
        inputs: pulumi.Inputs,
        options: Optional[pulumi.ResourceOptions] = None,
    ) -> ConstructResult:
        """Construct the component, once each plain input is known to hold a plain value."""
        properties = self._inputs.get(resource_type, {})
        refused = [
            InputPropertyErrorDetails(property_path=path, reason=_NOT_PLAIN)
            for key, spec in properties.items()
            if key in inputs
            for path in _outputs_where_plain(inputs[key], spec, key)
        ]
        if refused:
            raise InputPropertiesError(f"{resource_type} takes these inputs as plain values", refused)
        inputs = {key: _as_integers(value, properties.get(key, {})) for key, value in inputs.items()}
        try:
            result = super().construct(name, resource_type, inputs, options)
        except ComponentInitError as exc:
            raise self._input_error(exc, resource_type) or exc from None
        return ConstructResult(asyncio.ensure_future(self._urn_once_judged(result, resource_type)), result.state)

    def map_input_properties(
        self,
        inputs: pulumi.Inputs,
        properties: dict[str, PropertyDefinition],
        mapping: dict[str, str],
        component_name: str,
        property_path: str,
    ) -> pulumi.Inputs:
        """The SDK's mapping, except for lists of enums, whose items become enum members (a value outside
        the enum stays as it is, for the component to refuse by name)."""
        enums = {name: enum for name, prop in properties.items() if (enum := self._enum_of_items(prop)) is not None}
        rest = {name: prop for name, prop in properties.items() if name not in enums}
        mapped = dict(super().map_input_properties(inputs, rest, mapping, component_name, property_path))
        given = inputs if isinstance(inputs, dict) else {}
        for name, enum in enums.items():
            if given.get(name) is not None:
                values = {member.value: member for member in enum}
                mapped[mapping[name]] = [values.get(item, item) for item in given[name]]
        return mapped

    def _enum_of_items(self, prop: PropertyDefinition) -> Optional[type[Enum]]:
        """The enum type of a list property's items, if they are of one."""
        if prop.items is None or not prop.items.ref:
            return None
        type_def = self.get_type_definition(prop.items)
        return type_def.python_type if type_def is not None and type_def.enum else None  # type: ignore[return-value]

    async def _urn_once_judged(self, result: ConstructResult, resource_type: str) -> str:
        """The component's URN, once every value of its state is known.

        The SDK's server answers Construct by awaiting the URN, then each state value and the URNs of
        the resources it depends on. A check the component runs once an Output is known fails those
        inside the errors of whatever waited for it; awaited here first, it answers as bad input.
        """
        try:
            for value in result.state.values():
                output = pulumi.Output.from_input(value)
                await output.future()
                for resource in await output.resources():
                    await resource.urn.future()
        except Exception as exc:
            error = self._input_error(exc, resource_type)
            if error is None:
                raise
            raise error from None
        return await pulumi.Output.from_input(result.urn).future()  # type: ignore[return-value]

    def _input_error(self, exc: BaseException, resource_type: str) -> Optional[Exception]:
        """The engine's input-property error for the ConfigError behind ``exc``, if there is one.

        The hosted components name settings by their schema names (``subnetIds``); a key that is no
        input (``aws:region``, the component's ``name``) stays in the message.
        """
        error = config_error_in(exc)
        if error is None:
            return None
        if error.key in self._inputs.get(resource_type, {}):
            return InputPropertyError(error.key, error.problem)
        return InputPropertiesError(str(error), [])


_NOT_PLAIN = (
    "is plain in the package schema: give a value the program knows when it runs, "
    "not another resource's output or a secret"
)


def _outputs_where_plain(value: Any, spec: Mapping[str, Any], path: str) -> Iterator[str]:
    """The paths within ``value`` where the schema asks for a plain value and an Output (or unknown) came.

    The engine sends another resource's output as an output value, wherever the program put it
    (sdk/go/common/resource/plugin/provider_plugin.go, Construct: KeepOutputValues); the SDK's
    server hands it on as an Output, and a secret as an Output too.
    """
    if isinstance(value, (pulumi.Output, Unknown)):
        if spec.get("plain"):
            yield path
    elif isinstance(value, list) and "items" in spec:
        for index, item in enumerate(value):
            yield from _outputs_where_plain(item, spec["items"], f"{path}[{index}]")
    elif isinstance(value, dict) and "additionalProperties" in spec:
        for key, item in value.items():
            yield from _outputs_where_plain(item, spec["additionalProperties"], f"{path}.{key}")


def _as_integers(value: Any, spec: Mapping[str, Any]) -> Any:
    """``value`` with each whole number where the schema says integer as an ``int``.

    The wire carries every number as a float (google.protobuf.Value), and the SDK's own conversion
    is overwritten on its next line (pulumi/provider/experimental/component.py, map_input_properties,
    from 3.224 to at least 3.272), so ``availabilityZoneCount: 3`` would arrive as 3.0, which the
    strict config refuses. A fraction stays a float, for the config to refuse by name.
    """
    if spec.get("type") == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list) and "items" in spec:
        return [_as_integers(item, spec["items"]) for item in value]
    if isinstance(value, dict) and "additionalProperties" in spec:
        return {key: _as_integers(item, spec["additionalProperties"]) for key, item in value.items()}
    return value


def component_provider() -> PackageProvider:
    """The provider the plugin hosts, with the schema the analyzer infers from the classes."""
    return PackageProvider(HOSTED, PACKAGE, NAMESPACE, package_version())
