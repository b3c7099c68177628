"""VPC endpoints: interface endpoints (PrivateLink) and gateway endpoints."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from .account import AccountState, EndpointFacts
from .base import Rule, Violation, violated
from .security_groups import known

_CREATE_ENDPOINT = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html"
_INTERFACE = "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html"
_DNS = "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-dns-hostnames"
_POLICIES = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html"
# "Each subnet route table must have a route that sends traffic destined for the service to the gateway
# endpoint using the prefix list for the service."
_GATEWAY = "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html"

SERVICE = Rule("endpoint.service", "the endpoint service exists in the endpoint's region", _CREATE_ENDPOINT, "account")
SUBNET_VPC = Rule("endpoint.subnet-vpc", "an endpoint's subnets belong to its VPC", _CREATE_ENDPOINT, "stack")
ONE_SUBNET_PER_AZ = Rule(
    "endpoint.one-subnet-per-az", "an interface endpoint takes at most one subnet per AZ", _INTERFACE, "stack"
)
OFFERED_AZ = Rule(
    "endpoint.offered-az",
    "an interface endpoint's subnets are in AZs where the service is offered",
    _INTERFACE,
    "account",
)
GROUP_VPC = Rule("endpoint.group-vpc", "an endpoint's security groups belong to its VPC", _CREATE_ENDPOINT, "stack")
DNS_ATTRIBUTES = Rule(
    "endpoint.private-dns-attributes",
    "private DNS needs enableDnsSupport and enableDnsHostnames on the VPC",
    _DNS,
    "stack",
)
SINGLE_PRIVATE_DNS = Rule(
    "endpoint.single-private-dns",
    "a VPC holds at most one private-DNS endpoint per service (a second is a conflicting DNS domain)",
    _DNS,
    "stack",
)
NO_POLICY = Rule(
    "endpoint.policy", "a service that does not support endpoint policies takes none", _POLICIES, "account"
)
SERVICE_TYPE = Rule(
    "endpoint.service-type",
    "the service offers the endpoint's type: Gateway endpoints only to S3 and DynamoDB, Interface endpoints "
    "to PrivateLink services",
    _CREATE_ENDPOINT,
    "account",
)
TYPE_TARGETS = Rule(
    "endpoint.type-targets",
    "an Interface endpoint takes subnets and security groups, no route tables; a Gateway endpoint takes route "
    "tables, no subnets, security groups or private DNS",
    _CREATE_ENDPOINT,
    "resource",
)
ROUTE_TABLE_VPC = Rule(
    "endpoint.route-table-vpc", "a gateway endpoint's route tables are its VPC's own", _GATEWAY, "stack"
)
RULES = (
    SERVICE,
    SUBNET_VPC,
    ONE_SUBNET_PER_AZ,
    OFFERED_AZ,
    GROUP_VPC,
    DNS_ATTRIBUTES,
    SINGLE_PRIVATE_DNS,
    NO_POLICY,
    SERVICE_TYPE,
    TYPE_TARGETS,
    ROUTE_TABLE_VPC,
)

# EC2's VpcEndpoint State (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html):
# PendingAcceptance | Pending | Available | Deleting | Deleted | Rejected | Failed | Expired | Partial. The
# API returns them, and DescribeVpcEndpoints's vpc-endpoint-state filter takes them, with a lower-case
# initial (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpoints.html).
DNS_HOLDING_STATES = ("pendingAcceptance", "pending", "available")
"""States in which an endpoint holds its private DNS name, or is about to: the values a lookup filters on.

No AWS page says when the name is released. An endpoint being deleted, deleted, rejected or failed
is taken to hold it no more, as the audit does; ``expired`` and ``partial`` are not documented (nor
filter values), and are taken to hold it no more either."""


def holds_dns_name(state: str) -> bool:
    """Whether an endpoint in ``state`` (as the API writes it, in any case) holds its private DNS name."""
    return state.lower() in {s.lower() for s in DNS_HOLDING_STATES}


def private_dns_conflicts(endpoint: EndpointFacts, others: Iterable[EndpointFacts]) -> list[str]:
    """Names of the endpoints among ``others`` that hold the private DNS ``endpoint`` wants."""
    if not endpoint.private_dns_enabled:
        return []
    return [
        other.name
        for other in others
        if other.private_dns_enabled and other.vpc_id == endpoint.vpc_id and other.service_name == endpoint.service_name
    ]


def single_private_dns(endpoint: EndpointFacts, others: Iterable[EndpointFacts]) -> list[Violation]:
    """One private-DNS endpoint per service per VPC."""
    holders = private_dns_conflicts(endpoint, others)
    return violated(
        SINGLE_PRIVATE_DNS,
        "private_dns_enabled",
        True,
        not holders,
        f"{', '.join(holders)} already has it in {endpoint.vpc_id}",
    )


def dns_attributes_off(support: Optional[bool], hostnames: Optional[bool]) -> list[str]:
    """Which of the VPC's DNS attributes private DNS needs are off (None: not known, not judged)."""
    return [name for name, on in (("enableDnsSupport", support), ("enableDnsHostnames", hostnames)) if on is False]


def dns_attributes(vpc_id: str, support: Optional[bool], hostnames: Optional[bool]) -> list[Violation]:
    """Private DNS needs both DNS attributes of the VPC."""
    off = dns_attributes_off(support, hostnames)
    return violated(DNS_ATTRIBUTES, "private_dns_enabled", True, not off, f"{' and '.join(off)} off on {vpc_id}")


def _service(name: str, kind: str, offered: bool, account: AccountState) -> list[Violation]:
    """The service exists in the region, and offers endpoints of ``kind``."""
    exists = name in account.services or name in account.gateway_services
    if not exists:  # in an open world, a service the account does not hold is not judged
        return violated(SERVICE, "service_name", name, account.open_world, f"not in {account.region}")
    return violated(SERVICE_TYPE, "vpc_endpoint_type", kind, offered, f"{name} offers no {kind} endpoint")


def interface_endpoint(
    endpoint: EndpointFacts,
    subnet_ids: list[str],
    group_ids: list[str],
    policy: Any,
    account: AccountState,
    route_table_ids: Iterable[str] = (),
) -> list[Violation]:
    """An interface endpoint against the account: service, subnets, groups, DNS, policy.

    An empty VPC ID, service name or subnet field is one not known yet (a preview): the rules that
    need it wait. In an open world, a service, VPC, subnet or group the account does not hold is not judged.
    """
    found: list[Violation] = []
    offered = account.services.get(endpoint.service_name)
    if endpoint.service_name:
        found += _service(endpoint.service_name, "Interface", offered is not None, account)
        takes_policy = endpoint.service_name not in account.services_without_policy
        found += violated(NO_POLICY, "policy", policy, not policy or takes_policy)
    tables = list(route_table_ids)
    found += violated(TYPE_TARGETS, "route_table_ids", tables, not tables, "an Interface endpoint takes none")
    if endpoint.vpc_id:
        found += known("vpc_id", endpoint.vpc_id, account.vpcs, account)
    if found or not endpoint.vpc_id:
        return found
    covered: dict[str, str] = {}
    for subnet_id in subnet_ids:
        found += known("subnet_ids", subnet_id, account.subnets, account)
        subnet = account.subnets.get(subnet_id)
        if subnet is None:
            continue
        in_vpc = subnet.vpc_id in ("", endpoint.vpc_id)
        found += violated(SUBNET_VPC, "subnet_ids", subnet_id, in_vpc, f"in {subnet.vpc_id}")
        az = subnet.availability_zone
        if not az:
            continue
        if offered is not None:
            found += violated(OFFERED_AZ, "subnet_ids", subnet_id, az in offered, f"{az} does not offer it")
        found += violated(
            ONE_SUBNET_PER_AZ, "subnet_ids", subnet_id, az not in covered, f"{covered.get(az)} covers {az}"
        )
        covered.setdefault(az, subnet_id)
    for group_id in group_ids:
        found += known("security_group_ids", group_id, account.security_groups, account)
        group_vpc = account.security_groups.get(group_id) or endpoint.vpc_id
        found += violated(GROUP_VPC, "security_group_ids", group_id, group_vpc == endpoint.vpc_id, f"in {group_vpc}")
    if endpoint.private_dns_enabled:
        vpc = account.vpcs.get(endpoint.vpc_id)
        if vpc is not None:
            found += dns_attributes(endpoint.vpc_id, vpc.enable_dns_support, vpc.enable_dns_hostnames)
        if endpoint.service_name:
            found += single_private_dns(endpoint, account.endpoints.values())
    return found


def gateway_endpoint(
    endpoint: EndpointFacts,
    route_table_ids: list[str],
    subnet_ids: list[str],
    group_ids: list[str],
    policy: Any,
    account: AccountState,
) -> list[Violation]:
    """A gateway endpoint against the account: a gateway service, route tables of its own VPC and nothing else.

    An empty VPC ID or service name is one not known yet (a preview): the rules that need it wait. In an
    open world, a service, VPC or route table the account does not hold is not judged.
    """
    name = endpoint.service_name
    found: list[Violation] = []
    if name:
        found += _service(name, "Gateway", name in account.gateway_services, account)
        takes_policy = name not in account.services_without_policy
        found += violated(NO_POLICY, "policy", policy, not policy or takes_policy)
    for prop, given in (("subnet_ids", subnet_ids), ("security_group_ids", group_ids)):
        found += violated(TYPE_TARGETS, prop, given, not given, "a Gateway endpoint takes none")
    found += violated(TYPE_TARGETS, "private_dns_enabled", True, not endpoint.private_dns_enabled, "Interface only")
    if endpoint.vpc_id:
        found += known("vpc_id", endpoint.vpc_id, account.vpcs, account)
    if found or not endpoint.vpc_id:
        return found
    for table in route_table_ids:
        found += known("route_table_ids", table, account.route_tables, account)
        vpc = account.route_tables.get(table) or endpoint.vpc_id
        found += violated(ROUTE_TABLE_VPC, "route_table_ids", table, vpc == endpoint.vpc_id, f"in {vpc}")
    return found
