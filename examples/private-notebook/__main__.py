"""A SageMaker notebook instance with no direct internet access, in a SageMakerPrivateNetwork.

The network comes from this stack's config (private-notebook:features, :vpcId, ...); the notebook
is built from its outputs, and reaches SageMaker and S3 only through the network's endpoints.
"""

import pulumi
import pulumi_aws as aws

from ei_pulumi import SageMakerPrivateNetwork, SageMakerPrivateNetworkConfig
from ei_pulumi.stack import config_from_stack, export_outputs, stack_vocabulary

config = pulumi.Config()
with stack_vocabulary(config):
    network = SageMakerPrivateNetwork("private-notebook", config_from_stack(config, SageMakerPrivateNetworkConfig))

notebook = aws.sagemaker.NotebookInstance(
    "notebook",
    role_arn=network.role_arn,
    instance_type="ml.t3.medium",
    subnet_id=network.subnet_ids[0],
    security_groups=[network.sagemaker_security_group_id],
    direct_internet_access="Disabled",
)
export_outputs(network)
pulumi.export("notebookInstanceName", notebook.id)  # a notebook instance's ID is its name
