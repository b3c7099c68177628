"""ElasticInferenceSetupArgs: the component's inputs as every Pulumi language sees them.

Each field's docstring becomes its description in the package schema; a test keeps them
equal to ElasticInferenceConfig's field descriptions, where validation happens.
"""

from enum import Enum
from typing import Any, Mapping, Sequence, TypedDict

import pulumi


class Permissions(str, Enum):
    """How the new role gets the EI permissions."""

    MANAGED = "managed"
    """Attach AWS's managed policy AmazonSageMakerFullAccess."""
    CUSTOM = "custom"
    """Attach the page's full custom policy."""


class Traffic(str, Enum):
    """What the SageMaker group may send to the endpoint group."""

    HTTPS = "https"
    """TCP 443, what EI clients use."""
    ALL = "all"
    """All traffic, the page's literal wording."""


class ElasticInferenceSetupArgs(TypedDict, total=False):
    """The inputs of an ElasticInferenceSetup."""

    vpc_id: pulumi.Input[str]
    """Existing VPC to set up (vpc-...). Omit to create a private VPC."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Subnets of vpc_id for the endpoint: two or more, in distinct AZs that offer EI."""
    vpc_cidr: pulumi.Input[str]
    """IPv4 range of the VPC the component creates (RFC 1918, /16 to /24). Ignored with vpc_id."""
    availability_zone_count: pulumi.Input[int]
    """How many AZs offering EI the created VPC spans (2 to 6). Ignored with vpc_id."""
    permissions: pulumi.Input[Permissions]
    """'managed': new role with AmazonSageMakerFullAccess; 'custom': new role with the page's full custom policy."""
    existing_role_name: pulumi.Input[str]
    """Existing role to give the minimal EI statement; no role is created and permissions is ignored."""
    traffic: pulumi.Input[Traffic]
    """What the SageMaker group may send to the endpoint: 'https' (TCP 443) or 'all'."""
    private_dns_enabled: pulumi.Input[bool]
    """Private DNS on the endpoint (needs DNS support and hostnames on the VPC)."""
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    """Tags for every taggable resource the component creates."""
    allow_any_region: pulumi.Input[bool]
    """Allow a region where EI never existed (for testing against look-alikes)."""


def config_values(args: Mapping[str, Any]) -> dict[str, Any]:
    """The args as ElasticInferenceConfig's values: enums become their text, Outputs pass through."""
    return {key: value.value if isinstance(value, Enum) else value for key, value in args.items()}
