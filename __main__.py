"""The sagemaker-ei program: one ElasticInferenceSetup per stack, from the stack's config."""

import pulumi

from ei_pulumi import ElasticInferenceSetup
from ei_pulumi.stack import config_from_stack, export_outputs

setup = ElasticInferenceSetup("sagemaker-ei", config_from_stack(pulumi.Config()))
export_outputs(setup)
