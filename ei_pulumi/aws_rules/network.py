"""VPCs and subnets: sizes, containment, overlap."""

from __future__ import annotations

import ipaddress
from typing import Iterable, Mapping, Optional

from . import cidr
from .account import AccountState, SubnetFacts
from .base import Rule, Violation, violated

_VPC_CIDRS = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html"
_SUBNET_SIZING = "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html"

VPC_CIDR = Rule(
    "vpc.cidr",
    "a VPC's IPv4 block is written exactly as its network (10.0.0.0/16: no netmask, no leading zeros, "
    "no host bits; pulumi-aws refuses any other form) with a prefix of /16 to /28",
    _VPC_CIDRS,
)
SUBNET_CIDR = Rule(
    "vpc.subnet-cidr",
    "a subnet's IPv4 block is a network address and a prefix length (no netmask; pulumi-aws refuses it) of /16 to /28",
    _SUBNET_SIZING,
)
SUBNET_IN_VPC = Rule(
    "vpc.subnet-in-vpc",
    "a subnet's block lies inside one of its VPC's blocks (primary or secondary)",
    _SUBNET_SIZING,
    "stack",
)
SUBNET_OVERLAP = Rule(
    "vpc.subnet-overlap",
    "a subnet's block overlaps no other subnet of its VPC, including the old subnet a replacement creates before deleting",
    _SUBNET_SIZING,
    "stack",
)
SUBNET_AZ = Rule("vpc.subnet-az", "a subnet's Availability Zone is one of its region's", _SUBNET_SIZING)
RULES = (VPC_CIDR, SUBNET_CIDR, SUBNET_IN_VPC, SUBNET_OVERLAP, SUBNET_AZ)


def _network(block: str) -> Optional[ipaddress.IPv4Network]:
    """An IPv4 block already judged well-formed (or a seeded one); None where there is none."""
    try:
        return ipaddress.IPv4Network(block, strict=True)
    except ValueError:
        return None


def vpc_cidr(block: str) -> list[Violation]:
    """A VPC's primary IPv4 block, or a secondary one (pulumi-aws: validation.IsCIDRNetwork(16, 28))."""
    problem = cidr.canonical_problem(block, 16, 28)
    return violated(VPC_CIDR, "cidr_block", block, problem is None, problem or "")


def _subnet_cidr(block: str) -> list[Violation]:
    """A subnet's block: pulumi-aws's verify.ValidIPv4CIDRNetworkAddress, then AWS's sizes."""
    problem = cidr.network_address_problem(block, 4)
    network = None if problem else _network(block)
    if network is not None and not 16 <= network.prefixlen <= 28:
        problem = f"prefix /{network.prefixlen} is not /16 to /28"
    return violated(SUBNET_CIDR, "cidr_block", block, problem is None, problem or "")


def overlapping(cidr: str, others: Iterable[SubnetFacts]) -> list[str]:
    """Names of the subnets among ``others`` whose blocks overlap ``cidr``."""
    network = _network(cidr)
    if network is None:
        return []
    return [s.name or s.cidr_block for s in others if (o := _network(s.cidr_block)) and network.overlaps(o)]


def subnet(facts: SubnetFacts, account: AccountState) -> list[Violation]:
    """A new subnet: size, containment in its VPC, no overlap with the VPC's other subnets, an AZ of the region.

    An empty field (or region) is one not known yet (a preview): the rules that need it wait. A VPC
    the account does not hold (an open world) has no blocks to judge containment by, but the
    subnets the account holds in it still must not overlap.
    """
    found: list[Violation] = []
    if facts.availability_zone and account.region:
        in_region = facts.availability_zone.startswith(account.region)
        found += violated(SUBNET_AZ, "availability_zone", facts.availability_zone, in_region)
    if not facts.cidr_block:
        return found
    found += _subnet_cidr(facts.cidr_block)
    if found or not facts.vpc_id:
        return found
    vpc = account.vpcs.get(facts.vpc_id)
    blocks = vpc.cidr_blocks() if vpc is not None else []
    if blocks:  # a range IPAM allocates (or a preview) is not known here: containment is then not judged
        network = _network(facts.cidr_block)
        inside = any(
            network is not None and (b := _network(block)) is not None and network.subnet_of(b) for block in blocks
        )
        found += violated(
            SUBNET_IN_VPC, "cidr_block", facts.cidr_block, inside, f"VPC {facts.vpc_id} is {', '.join(blocks)}"
        )
    clashes = overlapping(facts.cidr_block, account.subnets_of(facts.vpc_id))
    found += violated(SUBNET_OVERLAP, "cidr_block", facts.cidr_block, not clashes, f"overlaps {', '.join(clashes)}")
    return found


def replacement_overlaps(deployed: Mapping[str, str], planned: Mapping[str, str]) -> list[Violation]:
    """Subnets whose block changes are replaced, the new one created while the old ones still stand.

    ``deployed`` and ``planned`` map each subnet's logical name to its block; a new or changed
    block must overlap no block deployed now, its own old block included (create before delete).
    """
    found: list[Violation] = []
    standing = [SubnetFacts("", "", block, name) for name, block in deployed.items()]
    for name, block in planned.items():
        if deployed.get(name) == block:
            continue
        clashes = overlapping(block, standing)
        found += [
            v.at(name)
            for v in violated(SUBNET_OVERLAP, "cidr_block", block, not clashes, f"overlaps {', '.join(clashes)}")
        ]
    return found
