"""The sagemaker-ei program: one ElasticInferenceSetup per stack, from the stack's config."""

import pulumi

from ei_pulumi import ElasticInferenceSetup
from ei_pulumi.stack import (
    CONFIG_NAMESPACE,
    config_from_stack,
    export_outputs,
    stack_vocabulary,
)

config = pulumi.Config(CONFIG_NAMESPACE)
with stack_vocabulary(config):
    setup = ElasticInferenceSetup("sagemaker-ei", config_from_stack(config))
export_outputs(setup)
