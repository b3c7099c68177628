"""The provider the plugin hosts: Pulumi's ComponentProvider, answering bad input as the engine expects.

Pulumi's ComponentProvider maps the engine's inputs onto the args the analyzer inferred and calls
the component. It trusts the schema's ``plain`` for the values it gets, which the engine does
not enforce: an Output for a plain integer fails ``int()``, for a plain enum ``str()``. This one
refuses such a value first, naming the input, as Pulumi's input-property error.
"""

import json
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from typing import Any, Optional

import pulumi
from pulumi.errors import InputPropertiesError, InputPropertyErrorDetails
from pulumi.output import Unknown
from pulumi.provider import ConstructResult
from pulumi.provider.experimental.component import ComponentProvider

from ..component import PACKAGE
from .component import ElasticInferenceSetup

HOSTED: list[type[pulumi.ComponentResource]] = [ElasticInferenceSetup]
"""The components the package hosts, each under ``<package>:index:<class name>``."""


def package_version() -> str:
    """The version of the installed ei_pulumi, which the component package takes."""
    return version("ei_pulumi")


class PackageProvider(ComponentProvider):
    """Pulumi's ComponentProvider for HOSTED, refusing what the schema refuses before any resource exists."""

    def __init__(self, components: list[type[pulumi.ComponentResource]], name: str, version: str) -> None:
        super().__init__(components, name, version=version)
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
        refused = [
            InputPropertyErrorDetails(property_path=path, reason=_NOT_PLAIN)
            for key, spec in self._inputs.get(resource_type, {}).items()
            if key in inputs
            for path in _outputs_where_plain(inputs[key], spec, key)
        ]
        if refused:
            raise InputPropertiesError(f"{resource_type} takes these inputs as plain values", refused)
        return super().construct(name, resource_type, inputs, options)


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


def component_provider() -> PackageProvider:
    """The provider the plugin hosts, with the schema the analyzer infers from the classes."""
    return PackageProvider(HOSTED, PACKAGE, version=package_version())
