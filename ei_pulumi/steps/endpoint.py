"""Step 3 of AWS's page: the PrivateLink interface endpoints, and the S3 gateway beside them.

An interface endpoint takes subnets in the Availability Zones where its service is offered, one
subnet per AZ (AWS allows no more): EI's needs at least two such AZs (EI does not work with fewer),
the other services at least one. A gateway endpoint takes route tables instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws

from ..aws_rules import EndpointFacts, Violation
from ..aws_rules.endpoints import dns_attributes_off, private_dns_conflicts
from ..aws_rules.services import ELASTIC_INFERENCE, GATEWAY, INTERFACE
from ..aws_rules.tags import ec2_tags
from ..config import SETUP_TAG, ConfigError

# Where EI existed (SPEC "Facts"); elsewhere the service name resolves to nothing.
EI_REGIONS = ELASTIC_INFERENCE.regions or ()
MIN_AVAILABILITY_ZONES = 2


def check_region(region: str, allow_any_region: bool) -> None:
    """Refuse a region where EI never existed, unless the config says otherwise."""
    if region not in EI_REGIONS and not allow_any_region:
        raise ConfigError(
            "aws:region",
            f"Elastic Inference is not offered in {region!r}; use one of {', '.join(EI_REGIONS)} "
            "(or set allow_any_region: true)",
        )


@dataclass(frozen=True)
class LeftOut:
    """A given subnet an endpoint does not take: its AZ does not offer the service, or ``covered_by`` holds it."""

    subnet_id: str
    availability_zone: str
    covered_by: Optional[str] = None

    def reason(self, service: str = "the service") -> str:
        """Why the endpoint of ``service`` does not take it."""
        if self.covered_by:
            return f"{self.covered_by} already covers {self.availability_zone} (one subnet per AZ)"
        return f"{service} is not offered in its AZ {self.availability_zone}"


@dataclass(frozen=True)
class EndpointSubnets:
    """Which of the given subnets one endpoint takes, and why the others were left out."""

    service: str
    """The service as messages name it: EI, sagemaker.api."""
    subnet_ids: list[str]
    availability_zones: list[str]
    left_out: list[LeftOut] = field(default_factory=list)
    uncovered_azs: list[str] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """What a user of the one endpoint of a setup should hear about the choice."""
        notes = [f"subnet_ids: {left.subnet_id} left out: {left.reason(self.service)}" for left in self.left_out]
        if self.uncovered_azs:
            notes.append(
                f"subnet_ids: no subnet in {', '.join(self.uncovered_azs)}, where {self.service} is also offered; "
                "AWS's page asks for every such AZ"
            )
        return notes


def choose_endpoint_subnets(
    subnet_azs: Sequence[tuple[str, str]],
    offered_azs: Iterable[str],
    *,
    service: str = "EI",
    minimum: int = MIN_AVAILABILITY_ZONES,
) -> EndpointSubnets:
    """Keep the first subnet of each AZ that offers ``service``; fail below ``minimum`` AZs.

    ``subnet_azs`` pairs each given subnet with its AZ, in the order the user gave them.
    """
    offered = sorted(set(offered_azs))
    kept: dict[str, str] = {}
    left_out: list[LeftOut] = []
    for subnet_id, az in subnet_azs:
        if az not in offered:
            left_out.append(LeftOut(subnet_id, az))
        elif az in kept:
            left_out.append(LeftOut(subnet_id, az, kept[az]))
        else:
            kept[az] = subnet_id
    if len(offered) < minimum:
        raise ConfigError(
            "subnet_ids",
            f"{service} is offered in only {len(offered)} Availability Zone(s) here ({', '.join(offered) or 'none'}); "
            f"it needs at least {minimum}, so no choice of subnets can work in this region",
        )
    if len(kept) < minimum:
        raise ConfigError(
            "subnet_ids",
            f"the subnets cover {len(kept)} Availability Zone(s) offering {service} ({', '.join(kept) or 'none'}); "
            f"{service} needs at least {minimum}: give subnets in distinct AZs among {', '.join(offered)}",
        )
    return EndpointSubnets(
        service=service,
        subnet_ids=list(kept.values()),
        availability_zones=list(kept),
        left_out=left_out,
        uncovered_azs=[az for az in offered if az not in kept],
    )


def check_vpc_dns(vpc_id: str, enable_dns_support: Optional[bool], enable_dns_hostnames: Optional[bool]) -> None:
    """Private DNS on an endpoint needs both DNS attributes of its VPC."""
    off = dns_attributes_off(enable_dns_support, enable_dns_hostnames)
    if off:
        raise ConfigError(
            "private_dns_enabled",
            f"needs {' and '.join(off)} on {vpc_id}; turn them on in the VPC, or set private_dns_enabled: false",
        )


def setup_marker(project: str, stack: str, name: str) -> str:
    """The value of the SETUP_TAG that marks a setup's own endpoints, so an update does not see a rival."""
    return f"{project}/{stack}/{name}"


def marker_violations(marker: str) -> list[Violation]:
    """What AWS would refuse in the marker tag built from the project, stack and component names (the endpoint's, EC2's rules)."""
    return ec2_tags({SETUP_TAG: marker})


@dataclass(frozen=True)
class EndpointsInVpc:
    """A service's live endpoints already in a VPC (those that hold, or will hold, a DNS name)."""

    holder: Optional[aws.ec2.GetVpcEndpointResult] = None
    """The one that may hold the private DNS name: the only live one, or this setup's own with private DNS."""
    several: bool = False
    """Several live ones, none of them this setup's own with private DNS: which holds the name cannot be told."""


def check_single_private_dns(
    setup: str,
    vpc_id: str,
    service: str,
    existing: EndpointsInVpc,
    earlier_setup: Optional[str],
    marker: str,
    label: str = "EI",
) -> None:
    """Refuse a second private-DNS endpoint of ``service`` (``label`` in messages) in ``vpc_id``: one already
    there, or one this program plans.

    An existing endpoint tagged with this setup's ``marker`` is this setup's own, from an earlier ``pulumi up``.
    """
    if existing.several:
        raise ConfigError(
            "private_dns_enabled",
            f"{vpc_id} already has several live {label} endpoints, and which of them holds the private DNS name "
            "cannot be told; AWS allows one private-DNS endpoint per service in a VPC: set "
            "private_dns_enabled: false, or delete the endpoints not needed",
        )
    ours = EndpointFacts(vpc_id, service, True, f"setup {setup!r}")
    others = []
    holder = existing.holder
    if holder is not None and (holder.tags or {}).get(SETUP_TAG) != marker:
        others.append(EndpointFacts(holder.vpc_id, holder.service_name, bool(holder.private_dns_enabled), holder.id))
    if earlier_setup is not None:
        others.append(EndpointFacts(vpc_id, service, True, f"setup {earlier_setup!r} in this program"))
    holders = private_dns_conflicts(ours, others)
    if holders:
        raise ConfigError(
            "private_dns_enabled",
            f"setup {setup!r} would add a second private-DNS {label} endpoint to {vpc_id}, where {holders[0]} has "
            "one; AWS refuses that (conflicting DNS domain): set private_dns_enabled: false on one of them, "
            "or use one setup per VPC",
        )


def create_interface_endpoint(
    logical_name: str,
    *,
    service: str,
    vpc_id: pulumi.Input[str],
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
    endpoint_security_group_id: pulumi.Input[str],
    private_dns_enabled: bool,
    tags: pulumi.Input[Mapping[str, str]],
    parent: pulumi.Resource,
    after: Sequence[pulumi.Resource] = (),
) -> aws.ec2.VpcEndpoint:
    """An interface endpoint to ``service`` with the endpoint security group, created ``after`` the endpoints it
    requires. It sets no endpoint policy: the service's default, and EI takes none."""
    return aws.ec2.VpcEndpoint(
        logical_name,
        vpc_id=vpc_id,
        service_name=service,
        vpc_endpoint_type=INTERFACE,
        subnet_ids=subnet_ids,
        security_group_ids=[endpoint_security_group_id],
        private_dns_enabled=private_dns_enabled,
        tags=tags,
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(after) or None),
    )


def create_gateway_endpoint(
    logical_name: str,
    *,
    service: str,
    vpc_id: pulumi.Input[str],
    route_table_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
    tags: pulumi.Input[Mapping[str, str]],
    parent: pulumi.Resource,
) -> aws.ec2.VpcEndpoint:
    """A gateway endpoint to ``service`` on the workloads' route tables: no subnets, no groups, no private DNS.

    Its ``prefix_list_id`` names the service's AWS-managed prefix list, which the SageMaker group's
    egress must allow (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
    """
    return aws.ec2.VpcEndpoint(
        logical_name,
        vpc_id=vpc_id,
        service_name=service,
        vpc_endpoint_type=GATEWAY,
        route_table_ids=route_table_ids,
        tags=tags,
        opts=pulumi.ResourceOptions(parent=parent),
    )
