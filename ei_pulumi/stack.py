"""A Pulumi project's side: stack config in, stack outputs out.

Stack config keys are the camelCase of the config fields, in the project's namespace
(``sagemaker-ei:vpcId``, ``private-notebook:features``); stack outputs are the camelCase of the
component's outputs.
"""

from __future__ import annotations

import difflib
import re
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Union

import pulumi
from pulumi.runtime import config as runtime_config
from pydantic.alias_generators import to_camel

from .component import OUTPUTS, ElasticInferenceSetup
from .config import (
    ConfigError,
    ElasticInferenceConfig,
    SettingsModel,
    did_you_mean,
    setting_kind,
    validated,
    vocabulary,
)
from .network import NETWORK_OUTPUTS, SageMakerPrivateNetwork

CONFIG_NAMESPACE = "sagemaker-ei"
"""The project's name, so the namespace of its keys; explicit so every runner reads the same keys."""


def _getter(config: pulumi.Config, kind: str) -> Callable[[str], Any]:
    """How Pulumi reads a setting of ``kind``: get for text, get_bool, get_int, get_object for lists and maps."""
    getters: dict[str, Callable[[str], Any]] = {
        "string": config.get,
        "enum": config.get,
        "boolean": config.get_bool,
        "integer": config.get_int,
    }
    return getters.get(kind, config.get_object)


# How to write each non-text setting, for the error a value of the wrong shape gets.
_SHAPES = {
    "subnet_ids": 'a list: YAML in the stack file, or JSON such as ["subnet-0123…", "subnet-0fed…"]',
    "features": 'a list: YAML in the stack file, or JSON such as ["notebook", "training"]',
    "extra_services": 'a list: YAML in the stack file, or JSON such as ["ecr.api", "ecr.dkr"]',
    "tags": 'a map: YAML in the stack file, or JSON such as {"team": "ml"}',
    "availability_zone_count": "a whole number",
    "private_dns_enabled": "true or false",
    "allow_any_region": "true or false",
}


def _is_unset(value: Any, default: Any) -> bool:
    """Pulumi.yaml declares the model's defaults, and "" or [] for optional keys (default None):
    none of them is the user's choice, so none is passed as if set (see ignored_settings). An
    empty value of a key with another default is a choice (``features: []``). Types are compared
    too: 1 is not the default True, nor 0 a default False."""
    unset: tuple[Any, ...] = ("", []) if default is None else (default,)
    return value is None or any(type(value) is type(v) and value == v for v in unset)


def stack_key(field: str) -> str:
    """The stack config key of a config field: ``subnet_ids`` -> ``subnetIds``."""
    return to_camel(field)


def _all_keys() -> set[str]:
    """Every key the stack sets, in any namespace (``namespace:name``)."""
    return {*runtime_config.get_config_env(), *runtime_config.CONFIG.get()}


def _set_keys(namespace: str) -> set[str]:
    """Every key the stack sets in ``namespace``, as the user wrote it."""
    prefix = f"{namespace}:"
    return {key[len(prefix) :] for key in _all_keys() if key.startswith(prefix)}


def _near_miss(namespace: str, intended: str) -> bool:
    """Whether ``namespace`` is all but ``intended``: the same but for case and separators
    (``sagemaker_ei``, ``SageMaker-EI``), or one slip away (``sagemaker-ie``)."""

    def bare(text: str) -> str:
        return re.sub(r"[-_.]", "", text.lower())

    return namespace != intended and (
        bare(namespace) == bare(intended) or difflib.SequenceMatcher(None, namespace, intended).ratio() >= 0.9
    )


def _check_namespaces(namespace: str) -> None:
    """Refuse a key set under a near-miss of ``namespace``: Pulumi hands it to the program under the
    misspelt namespace, where nothing reads it, and the setting would silently keep its default."""
    for key in sorted(_all_keys()):
        written, _, name = key.partition(":")
        if _near_miss(written, namespace):
            raise ConfigError(
                key,
                f"is in namespace {written!r}, which this program does not read (did you mean '{namespace}:{name}'?)",
            )


def config_from_stack(
    config: pulumi.Config,
    model: type[SettingsModel] = ElasticInferenceConfig,  # type: ignore[assignment]
) -> SettingsModel:
    """Read and validate the stack's config as a ``model``, each value as Pulumi's config getters read it.

    Call it within ``stack_vocabulary(config)``: errors then name stack keys, such as ``sagemaker-ei:subnetIds``.
    """
    _check_namespaces(config.name)
    known = {stack_key(field): field for field in model.model_fields}
    unknown = sorted(_set_keys(config.name) - set(known))
    if unknown:
        raise ConfigError(
            config.full_key(unknown[0]),
            f"is not a setting{did_you_mean(unknown[0], known)}; valid keys are: {', '.join(known)}",
        )
    values: dict[str, Any] = {}
    for key, field in known.items():
        try:
            value = _getter(config, setting_kind(field, model))(key)
        except pulumi.ConfigTypeError:
            raise ConfigError(
                field, f"must be {_SHAPES.get(field, 'JSON of its type')} (got {config.get(key)!r})"
            ) from None
        if not _is_unset(value, model.model_fields[field].get_default(call_default_factory=True)):
            values[field] = value
    return validated(model, values)


@contextmanager
def stack_vocabulary(config: pulumi.Config) -> Iterator[None]:
    """Within the block, errors and warnings name settings by stack key (``sagemaker-ei:subnetIds``)."""
    with vocabulary(lambda field: config.full_key(stack_key(field)), written_in_yaml=True):
        yield


def export_outputs(component: Union[ElasticInferenceSetup, SageMakerPrivateNetwork]) -> None:
    """Export every output of ``component`` under its camelCase name."""
    for name in NETWORK_OUTPUTS if isinstance(component, SageMakerPrivateNetwork) else OUTPUTS:
        pulumi.export(stack_key(name), getattr(component, name))
