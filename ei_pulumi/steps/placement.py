"""Where the endpoint goes in a VPC the user gives, and which existing role gets the EI statement.

Both depend on IDs the user gives. Given as plain values, they are looked up and checked at
once, before anything registers. Given as Outputs (of resources in the same program, of a
StackReference), the same lookups and checks run once the values are known, inside an
``apply`` whose result everything built on them waits for: a bad value stops the run before
the endpoint, or anything else that uses it, is created. In a preview whose values are
unknown, the checks wait and the resources register with unknown inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from ..config import ElasticInferenceConfig
from ..deferred import Deferred, when_known
from .endpoint import check_single_private_dns, choose_endpoint_subnets
from .lookups import (
    RegionFacts,
    deployment_memory,
    look_up_given_vpc,
    look_up_role,
    provider_key,
)
from .permissions import ExistingRole


@dataclass(frozen=True)
class EndpointPlacement:
    """The checked VPC, the subnets the endpoint takes (one per offered AZ) and what to tell the user."""

    vpc_id: str
    subnet_ids: list[str]
    warnings: list[str]


def place_in_given_vpc(
    setup: str, config: ElasticInferenceConfig, region: RegionFacts, opts: pulumi.InvokeOptions, marker: str
) -> EndpointPlacement:
    """Check the given VPC and subnets, choose one subnet per offered AZ, and claim private DNS in the VPC."""
    vpc_id, subnet_ids = str(config.vpc_id), list(config.subnet_ids or [])  # known: checked by when_known
    facts = look_up_given_vpc(vpc_id, subnet_ids, config.private_dns_enabled, region.service_name, marker, opts)
    chosen = choose_endpoint_subnets(facts.subnet_azs, region.service_azs)
    if config.private_dns_enabled:
        claims = deployment_memory()
        claim = ("private-dns", provider_key(opts), vpc_id)
        existing = facts.existing_endpoints
        check_single_private_dns(setup, vpc_id, region.service_name, existing, claims.get(claim), marker)
        claims[claim] = setup
    return EndpointPlacement(vpc_id, chosen.subnet_ids, chosen.warnings())


def existing_role(config: ElasticInferenceConfig, opts: pulumi.InvokeOptions) -> Deferred[ExistingRole]:
    """The role named by ``existing_role_name``, looked up now or once its name is known."""

    def look_up(known: ElasticInferenceConfig) -> ExistingRole:
        role = look_up_role(str(known.existing_role_name), opts)
        return ExistingRole(role.name, role.arn)

    return when_known(config, ("existing_role_name",), look_up)
