"""What an account already holds, as plain data: the context rules between resources need.

The simulated account keeps one of these up to date as a program registers resources; the
audit builds one from what it read; the policy pack rebuilds one from a stack's resources. Rules
only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class VpcFacts:
    """A VPC's ranges and DNS attributes; an empty ``cidr_block`` is a range not known (an IPAM
    allocation, or a preview), and a DNS attribute of None one not known yet."""

    cidr_block: str
    enable_dns_support: Optional[bool] = True
    enable_dns_hostnames: Optional[bool] = True
    secondary_cidr_blocks: tuple[str, ...] = ()
    """Blocks associated after creation (AssociateVpcCidrBlock); empty where IPAM allocates one."""

    def cidr_blocks(self) -> list[str]:
        """The VPC's IPv4 blocks, where all are known (a subnet lies in one of them); else none."""
        blocks = [self.cidr_block, *self.secondary_cidr_blocks]
        return blocks if all(blocks) else []


@dataclass(frozen=True)
class SubnetFacts:
    """A subnet's VPC, AZ and range; ``name`` is who holds it (an ID or a logical name)."""

    vpc_id: str
    availability_zone: str
    cidr_block: str
    name: str = ""


@dataclass(frozen=True)
class EndpointFacts:
    """An interface endpoint's VPC, service and private DNS; ``name`` is who holds it."""

    vpc_id: str
    service_name: str
    private_dns_enabled: bool
    name: str = ""


@dataclass
class AccountState:
    """One region of an account: offered endpoint services and the network it holds.

    In a closed world (the simulated account, the audit) the state is all the account has: an ID
    it does not hold does not exist. In an ``open_world`` it is only what one program creates (a
    policy pack sees no more): an ID, a service or a region it does not hold is not judged.
    """

    region: str
    """The region's name; empty where it is not known (an open world only)."""
    services: dict[str, list[str]] = field(default_factory=dict)
    """Endpoint service name -> AZs where it is offered."""
    services_without_policy: set[str] = field(default_factory=set)
    """Endpoint services that take no endpoint policy (EI is one)."""
    gateway_services: set[str] = field(default_factory=set)
    """Endpoint services offered as Gateway endpoints (S3 and DynamoDB, which are also interface services)."""
    vpcs: dict[str, VpcFacts] = field(default_factory=dict)
    subnets: dict[str, SubnetFacts] = field(default_factory=dict)
    security_groups: dict[str, str] = field(default_factory=dict)
    """Security group ID -> its VPC ID."""
    endpoints: dict[str, EndpointFacts] = field(default_factory=dict)
    peered_vpcs: set[frozenset[str]] = field(default_factory=set)
    """Pairs of VPCs joined by a peering connection within the region: their groups may reference each other."""
    route_tables: dict[str, str] = field(default_factory=dict)
    """Route table ID -> its VPC ID."""
    main_route_tables: dict[str, str] = field(default_factory=dict)
    """VPC ID -> its main route table, which every subnet without an association of its own uses."""
    subnet_route_tables: dict[str, str] = field(default_factory=dict)
    """Subnet ID -> the route table explicitly associated with it."""
    prefix_lists: dict[str, str] = field(default_factory=dict)
    """AWS-managed prefix list ID -> its name (com.amazonaws.us-east-1.s3), as a gateway's service is known in rules."""
    inline_policy_characters: dict[str, int] = field(default_factory=dict)
    """Role name -> characters its inline policies already use (whitespace not counted)."""
    open_world: bool = False

    def subnets_of(self, vpc_id: str) -> list[SubnetFacts]:
        """The subnets of one VPC."""
        return [s for s in self.subnets.values() if s.vpc_id == vpc_id]
