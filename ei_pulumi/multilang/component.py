"""The ElasticInferenceSetup that the component package hosts for every Pulumi language.

The same component as ``ei_pulumi.ElasticInferenceSetup``, taking ``args`` as the schema
analyzer requires. The analyzer reads each output's description from this class's own source,
so the outputs are declared again here; a test keeps them equal to the Python class's.
"""

from typing import Optional

import pulumi

from .. import component
from ..config import vocabulary
from ..stack import stack_key
from .args import ElasticInferenceSetupArgs, config_values


class ElasticInferenceSetup(component.ElasticInferenceSetup):
    """The IAM role, the two security groups and the PrivateLink endpoint SageMaker needs to use Elastic Inference, as AWS's page "Set up to use EI" asks."""

    role_arn: pulumi.Output[str]
    """ARN of the role notebooks and models run as."""
    role_name: pulumi.Output[str]
    """Name of the role notebooks and models run as."""
    endpoint_security_group_id: pulumi.Output[str]
    """The group attached to the interface endpoint."""
    sagemaker_security_group_id: pulumi.Output[str]
    """The group to give notebook instances and models."""
    vpc_endpoint_id: pulumi.Output[str]
    """The EI interface endpoint."""
    vpc_endpoint_dns_names: pulumi.Output[list[str]]
    """DNS names of the endpoint."""
    vpc_id: pulumi.Output[str]
    """The VPC set up (given, or created)."""
    subnet_ids: pulumi.Output[list[str]]
    """The subnets the endpoint uses, one per AZ; put notebooks and models in these."""
    service_name: pulumi.Output[str]
    """The endpoint service, com.amazonaws.<region>.elastic-inference.runtime."""
    sagemaker_vpc_config: pulumi.Output[dict[str, list[str]]]
    """``{"Subnets": [...], "SecurityGroupIds": [...]}``, the shape SageMaker's VpcConfig takes."""

    def __init__(
        self, name: str, args: ElasticInferenceSetupArgs, opts: Optional[pulumi.ResourceOptions] = None
    ) -> None:
        with vocabulary(stack_key):  # other languages know the inputs by their schema names: subnetIds
            super().__init__(name, config_values(args), opts)
