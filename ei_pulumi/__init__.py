"""ei_pulumi: AWS's "Set up to use EI" procedure for SageMaker as one Pulumi component, and the same
pattern for the SageMaker services that replaced EI (SageMakerPrivateNetwork)."""

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
