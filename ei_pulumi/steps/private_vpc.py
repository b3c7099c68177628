"""The small private VPC the component creates when none is given.

DNS support and hostnames on (private DNS needs both), no internet gateway, one private
subnet in each of the first AZs that offer the endpoints' services; for a gateway endpoint,
a route table of its own for those subnets.
"""

from __future__ import annotations

import ipaddress
import itertools
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

import pulumi
import pulumi_aws as aws

from ..config import ConfigError


def choose_vpc_azs(
    offered_azs: Iterable[str], count: int, *, offered_by: str = "EI is", too_few: str = "EI needs at least two"
) -> list[str]:
    """The first ``count`` AZs, in name order, of those where ``offered_by`` (the services, in messages) offered."""
    offered = sorted(set(offered_azs))
    if len(offered) < count:
        hint = f"ask for 2 to {len(offered)}" if len(offered) >= 2 else too_few
        raise ConfigError(
            "availability_zone_count",
            f"is {count}, but {offered_by} offered in {len(offered)} AZ(s) here ({', '.join(offered) or 'none'}); {hint}",
        )
    return offered[:count]


# Every subnet is an eighth of the VPC's range, whatever the AZ count: the n-th AZ always gets
# the n-th block, so adding an AZ only adds a subnet and removing one only removes the last.
# Re-sizing the blocks instead would replace every subnet, and AWS creates a replacement before
# deleting the old subnet, which still holds the endpoint's interfaces and overlaps the new one.
SUBNET_PREFIX_EXTRA = 3
MAX_SUBNETS = 2**SUBNET_PREFIX_EXTRA


def private_subnet_cidrs(vpc_cidr: str, count: int) -> list[str]:
    """The first ``count`` of the eight equal blocks of ``vpc_cidr`` (a /16 gives /19s, a /24 gives /27s)."""
    if count > MAX_SUBNETS:
        raise ValueError(f"a VPC holds at most {MAX_SUBNETS} subnets of this layout (asked for {count})")
    network = ipaddress.IPv4Network(vpc_cidr)
    blocks = network.subnets(prefixlen_diff=SUBNET_PREFIX_EXTRA)
    return [str(block) for block in itertools.islice(blocks, count)]


@dataclass(frozen=True)
class PrivateVpc:
    """The created VPC and its subnets, one per AZ, and their route table where one was asked for."""

    vpc: aws.ec2.Vpc
    subnets: list[aws.ec2.Subnet]
    route_table: Optional[aws.ec2.RouteTable] = None
    associations: list[aws.ec2.RouteTableAssociation] = field(default_factory=list)


def create_private_vpc(
    name: str,
    *,
    vpc_cidr: str,
    availability_zones: list[str],
    tags: pulumi.Input[Mapping[str, str]],
    parent: pulumi.Resource,
    route_table: bool = False,
) -> PrivateVpc:
    """Create the VPC and one private subnet per AZ; with ``route_table``, a table of their own (no routes
    but the local one: a gateway endpoint adds its own), rather than the VPC's main table, which every
    future subnet would share."""
    opts = pulumi.ResourceOptions(parent=parent)
    vpc = aws.ec2.Vpc(
        f"{name}-vpc",
        cidr_block=vpc_cidr,
        enable_dns_support=True,
        enable_dns_hostnames=True,
        tags=tags,
        opts=opts,
    )
    subnets = [
        aws.ec2.Subnet(
            f"{name}-private-{az}",
            vpc_id=vpc.id,
            cidr_block=cidr,
            availability_zone=az,
            map_public_ip_on_launch=False,
            tags=tags,
            opts=opts,
        )
        for az, cidr in zip(availability_zones, private_subnet_cidrs(vpc_cidr, len(availability_zones)), strict=True)
    ]
    if not route_table:
        return PrivateVpc(vpc, subnets)
    table = aws.ec2.RouteTable(f"{name}-private-routes", vpc_id=vpc.id, tags=tags, opts=opts)
    associations = [
        aws.ec2.RouteTableAssociation(
            f"{name}-private-{az}-routes", subnet_id=subnet.id, route_table_id=table.id, opts=opts
        )
        for az, subnet in zip(availability_zones, subnets, strict=True)
    ]
    return PrivateVpc(vpc, subnets, table, associations)
