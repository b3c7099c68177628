"""ei_pulumi: AWS's "Set up to use EI" procedure for SageMaker as one Pulumi component."""

from .component import ElasticInferenceSetup
from .config import ConfigError, ElasticInferenceConfig

__all__ = ["ConfigError", "ElasticInferenceConfig", "ElasticInferenceSetup"]
