"""ei_pulumi: AWS's "Set up to use EI" procedure for SageMaker as one Pulumi component, and the same
pattern for the SageMaker services that replaced EI (SageMakerPrivateNetwork)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .component import ElasticInferenceSetup
    from .config import ConfigError, ElasticInferenceConfig, SageMakerPrivateNetworkConfig
    from .network import SageMakerPrivateNetwork

__all__ = [
    "ConfigError",
    "ElasticInferenceConfig",
    "ElasticInferenceSetup",
    "SageMakerPrivateNetwork",
    "SageMakerPrivateNetworkConfig",
]

# Each public name is imported where it lives on first use (PEP 562), so `python -m ei_pulumi`
# starts, and takes Ctrl-C, before Pulumi and pydantic load.
_MODULES = {
    "ElasticInferenceSetup": ".component",
    "ConfigError": ".config",
    "ElasticInferenceConfig": ".config",
    "SageMakerPrivateNetwork": ".network",
    "SageMakerPrivateNetworkConfig": ".config",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name], __name__), name)
    globals()[name] = value
    return value
