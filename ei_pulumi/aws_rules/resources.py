"""AWS's rules by Pulumi resource type: a type token and its property map in, violations out.

Properties are as the engine registers them (camelCase, ``fromPort`` and so on). Values still
unknown (a preview) are left out of them and named in ``pending``: they are not judged, but
they count as given.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Collection, Mapping, Optional

from . import endpoints, iam, network, security_groups
from .account import AccountState, EndpointFacts, SubnetFacts, VpcFacts
from .base import Violation
from .naming import named
from .tags import ec2_tags, iam_tags

Props = Mapping[str, Any]

ROLE = "aws:iam/role:Role"
POLICY = "aws:iam/policy:Policy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
VPC = "aws:ec2/vpc:Vpc"
VPC_CIDR_ASSOCIATION = "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation"
SUBNET = "aws:ec2/subnet:Subnet"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
VPC_PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"

REFERENCES: dict[str, str] = {
    "vpcId": VPC,
    "peerVpcId": VPC,
    "subnetIds": SUBNET,
    "securityGroupId": SECURITY_GROUP,
    "securityGroupIds": SECURITY_GROUP,
    "referencedSecurityGroupId": SECURITY_GROUP,
    "routeTableIds": ROUTE_TABLE,
    "routeTableId": ROUTE_TABLE,
    "subnetId": SUBNET,
    "role": ROLE,  # an inline policy's role: a role's ID is its name
}
"""Properties that hold the ID (or IDs) of another resource the rules know, and that resource's type:
what links a resource to the ones ``record`` keeps, where a preview does not know the IDs yet."""


def _role(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    found = named(iam.role_name, name, props, pending)
    found += iam.role_description(props.get("description") or "")
    return found + iam.trust_policy_size(props.get("assumeRolePolicy") or "")


def _policy(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    found = named(iam.policy_name, name, props, pending)
    found += iam.policy_description(props.get("description") or "")
    return found + iam.managed_policy_size(props.get("policy") or "")


def _role_policy(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    # A role not known yet (a preview) has no inline policies to count beside this one: it is judged alone.
    used = account.inline_policy_characters.get(str(props["role"]), 0) if props.get("role") else 0
    return named(iam.inline_policy_name, name, props, pending) + iam.inline_policies_size(
        props.get("policy") or "", used
    )


def _security_group(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    found = named(security_groups.group_name, name, props, pending)
    # pulumi-aws sends "Managed by Pulumi" where no description is given.
    found += security_groups.group_description(props.get("description", "Managed by Pulumi"))
    if props.get("vpcId"):
        found += security_groups.known("vpc_id", props["vpcId"], account.vpcs, account)
    return found


def _rule(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    referenced, group = props.get("referencedSecurityGroupId"), props.get("securityGroupId")
    found = security_groups.rule_description(props.get("description") or "", references_group=bool(referenced))
    if "ipProtocol" not in pending:
        ports_pending = bool({"fromPort", "toPort"} & pending)
        protocol, from_port, to_port = props.get("ipProtocol", ""), props.get("fromPort"), props.get("toPort")
        found += security_groups.protocol_and_ports(protocol, from_port, to_port, ports_pending=ports_pending)
    found += security_groups.peer(dict(props), pending)
    if group and referenced:
        found += security_groups.same_vpc(group, referenced, account)
    elif group:
        found += security_groups.known("security_group_id", group, account.security_groups, account)
    if props.get("prefixListId"):
        found += security_groups.known("prefix_list_id", props["prefixListId"], account.prefix_lists, account)
    return found


def _ipv4_block(props: Props, pending: frozenset[str]) -> list[Violation]:
    """A VPC's (or a secondary) block: a CIDR pulumi-aws takes, or one IPAM allocates from a pool
    (CreateVpc and AssociateVpcCidrBlock take either); one not known yet waits."""
    if props.get("cidrBlock"):
        return network.vpc_cidr(props["cidrBlock"])
    if {"cidrBlock", "ipv4IpamPoolId"} & pending or props.get("ipv4IpamPoolId"):
        return []
    return network.vpc_cidr("")


def _vpc(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    return _ipv4_block(props, pending)


def _in_known_vpc(props: Props, account: AccountState) -> list[Violation]:
    return security_groups.known("vpc_id", props["vpcId"], account.vpcs, account) if props.get("vpcId") else []


def _vpc_cidr_association(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    found = _in_known_vpc(props, account)
    return found + _ipv4_block(props, pending)


def _subnet_facts(name: str, props: Props) -> SubnetFacts:
    return SubnetFacts(props.get("vpcId", ""), props.get("availabilityZone", ""), props.get("cidrBlock", ""), name)


def _subnet(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    return _in_known_vpc(props, account) or network.subnet(_subnet_facts(name, props), account)


def _endpoint_facts(name: str, props: Props) -> EndpointFacts:
    return EndpointFacts(
        props.get("vpcId", ""), props.get("serviceName", ""), bool(props.get("privateDnsEnabled", False)), name
    )


def _endpoint(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    # pulumi-aws's vpc_endpoint_type defaults to Gateway, as CreateVpcEndpoint's VpcEndpointType does.
    kind = props.get("vpcEndpointType") or ("" if "vpcEndpointType" in pending else "Gateway")
    targets = {key: list(props.get(key) or []) for key in ("subnetIds", "securityGroupIds", "routeTableIds")}
    if kind == "Interface":
        return endpoints.interface_endpoint(
            _endpoint_facts(name, props),
            targets["subnetIds"],
            targets["securityGroupIds"],
            props.get("policy"),
            account,
            targets["routeTableIds"],
        )
    if kind == "Gateway":
        return endpoints.gateway_endpoint(
            _endpoint_facts(name, props),
            targets["routeTableIds"],
            targets["subnetIds"],
            targets["securityGroupIds"],
            props.get("policy"),
            account,
        )
    return []  # Gateway Load Balancer and other kinds follow rules of their own, not judged here


def _route_table(name: str, props: Props, account: AccountState, pending: frozenset[str]) -> list[Violation]:
    return _in_known_vpc(props, account)


def _route_table_association(
    name: str, props: Props, account: AccountState, pending: frozenset[str]
) -> list[Violation]:
    found = []
    for prop, key, table in (
        ("subnet_id", "subnetId", account.subnets),
        ("route_table_id", "routeTableId", account.route_tables),
    ):
        if props.get(key):
            found += security_groups.known(prop, props[key], table, account)
    return found


Check = Callable[[str, Props, AccountState, frozenset[str]], list[Violation]]
TagCheck = Callable[[Mapping[str, Any]], list[Violation]]

# Each type the account knows, with its own rules and its service's tag rules; any other type
# passes untouched (a program's other resources are not this account's to judge).
_CHECKS: dict[str, tuple[Check, TagCheck]] = {
    ROLE: (_role, lambda tags: iam_tags(tags, keys_ignore_case=True)),
    POLICY: (_policy, lambda tags: iam_tags(tags, keys_ignore_case=False)),
    ROLE_POLICY: (_role_policy, lambda tags: []),  # an inline policy has no tags
    SECURITY_GROUP: (_security_group, ec2_tags),
    INGRESS_RULE: (_rule, ec2_tags),
    EGRESS_RULE: (_rule, ec2_tags),
    VPC: (_vpc, ec2_tags),
    VPC_CIDR_ASSOCIATION: (_vpc_cidr_association, lambda tags: []),  # an association has no tags
    SUBNET: (_subnet, ec2_tags),
    VPC_ENDPOINT: (_endpoint, ec2_tags),
    ROUTE_TABLE: (_route_table, ec2_tags),
    ROUTE_TABLE_ASSOCIATION: (_route_table_association, lambda tags: []),  # an association has no tags
}


def check_resource(
    type_token: str, name: str, props: Props, account: AccountState, pending: Collection[str] = ()
) -> list[Violation]:
    """Every rule ``props`` of a new resource of ``type_token`` named ``name`` breaks in ``account``.

    ``pending`` names the properties given but not known yet. A type without rules here has none broken.
    """
    if type_token not in _CHECKS:
        return []
    check, check_tags = _CHECKS[type_token]
    found = check(name, props, account, frozenset(pending))
    if isinstance(props.get("tags"), Mapping):
        found += check_tags(props["tags"])
    return [v.at(f"{type_token.rsplit(':', 1)[-1]} {name}") for v in found]


def _peers_in_region(props: Props, account: AccountState) -> bool:
    """Whether a peering joins two known VPCs of the account's region: groups cannot be referenced across
    regions (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html). Lenient
    where AWS is strict: a connection not yet accepted counts, as the rule that needs it may come after
    its acceptance."""
    region = props.get("peerRegion")
    return bool(props.get("vpcId") and props.get("peerVpcId")) and (not region or region == account.region)


def record(
    type_token: str, name: str, resource_id: str, props: Props, account: AccountState, pending: Collection[str] = ()
) -> None:
    """Add a resource that AWS accepted to ``account``, for the rules of those that follow.

    ``pending`` names the properties given but not known yet, as for ``check_resource``: they are
    recorded as not known (an empty text, a None), never as their defaults.
    """

    def flag(key: str, default: bool) -> Optional[bool]:
        return None if key in pending else bool(props.get(key, default))

    if type_token == VPC:
        account.vpcs[resource_id] = VpcFacts(
            props.get("cidrBlock", ""),  # none: IPAM allocates it, or it is not known yet
            flag("enableDnsSupport", True),
            flag("enableDnsHostnames", False),
        )
    elif type_token == VPC_CIDR_ASSOCIATION:
        vpc = account.vpcs.get(str(props.get("vpcId")))
        if vpc is not None:
            blocks = (*vpc.secondary_cidr_blocks, props.get("cidrBlock", ""))  # none: IPAM allocates it
            account.vpcs[str(props["vpcId"])] = dataclasses.replace(vpc, secondary_cidr_blocks=blocks)
    elif type_token == SUBNET:
        account.subnets[resource_id] = _subnet_facts(name, props)
    elif type_token == SECURITY_GROUP:
        account.security_groups[resource_id] = props.get("vpcId", "")
    elif type_token == VPC_ENDPOINT:
        account.endpoints[resource_id] = _endpoint_facts(name, props)
    elif type_token == ROUTE_TABLE:
        account.route_tables[resource_id] = props.get("vpcId", "")
    elif type_token == VPC_PEERING and _peers_in_region(props, account):
        account.peered_vpcs.add(frozenset((str(props["vpcId"]), str(props["peerVpcId"]))))
    elif type_token == ROUTE_TABLE_ASSOCIATION and props.get("subnetId"):
        account.subnet_route_tables[str(props["subnetId"])] = str(props.get("routeTableId", ""))
    elif type_token == ROLE_POLICY and props.get("role"):
        role = str(props["role"])
        used = account.inline_policy_characters.get(role, 0)
        account.inline_policy_characters[role] = used + iam.document_size(props.get("policy") or "")
