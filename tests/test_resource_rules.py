"""``check_resource`` and ``record``, type by type (issue 19): which of AWS's rules judge each Pulumi
resource type, each violation asserted whole (rule, property, value, detail and the resource it
names), and what ``record`` keeps of an accepted resource for the rules of those that follow.

Pure: an ``AccountState`` and property maps as the engine registers them, no mocks. The rules
themselves, and their sources, are in ``ei_pulumi/aws_rules/``; their boundaries in
``tests/test_rule_boundaries.py`` and ``tests/test_endpoint_rules.py``.
"""

from __future__ import annotations

from typing import Any, Collection

import pytest

from ei_pulumi.aws_rules import (
    AccountState,
    EndpointFacts,
    SubnetFacts,
    Violation,
    VpcFacts,
    check_resource,
    endpoints,
    iam,
    naming,
    network,
    record,
    tags,
)
from ei_pulumi.aws_rules import security_groups as sg
from ei_pulumi.aws_rules.base import Rule
from ei_pulumi.aws_rules.resources import (
    EGRESS_RULE,
    INGRESS_RULE,
    POLICY,
    ROLE,
    ROLE_POLICY,
    ROUTE_TABLE,
    ROUTE_TABLE_ASSOCIATION,
    SECURITY_GROUP,
    SUBNET,
    VPC,
    VPC_CIDR_ASSOCIATION,
    VPC_ENDPOINT,
    VPC_PEERING,
)

EI = "com.amazonaws.us-east-1.elastic-inference.runtime"
S3 = "com.amazonaws.us-east-1.s3"
API = "com.amazonaws.us-east-1.sagemaker.api"


def account() -> AccountState:
    """us-east-1: EI and the SageMaker API offered in a and b (EI takes no policy), S3 as a gateway; one VPC
    with a subnet and a group, a route table and S3's prefix list."""
    return AccountState(
        "us-east-1",
        services={EI: ["us-east-1a", "us-east-1b"], API: ["us-east-1a", "us-east-1b"]},
        services_without_policy={EI},
        gateway_services={S3},
        vpcs={"vpc-a": VpcFacts("10.0.0.0/16")},
        subnets={"subnet-a": SubnetFacts("vpc-a", "us-east-1a", "10.0.0.0/24", "subnet-a")},
        security_groups={"sg-a": "vpc-a", "sg-b": "vpc-b"},
        route_tables={"rtb-a": "vpc-a"},
        prefix_lists={"pl-s3": S3},
    )


def check(token: str, name: str, props: dict[str, Any], pending: Collection[str] = ()) -> list[Violation]:
    return check_resource(token, name, props, account(), pending)


def broken(rule: Rule, prop: str, value: Any, detail: str, resource: str) -> Violation:
    return Violation(rule, prop, value, detail, resource)


def auto_name(rule: Rule, logical_name: str, resource: str) -> Violation:
    """``rule`` broken by the name pulumi-aws derives from ``logical_name``."""
    return broken(naming.AUTO_NAME, "name", f"{logical_name}-xxxxxxx", f"{rule.id}: {rule.text}", resource)


def document(size: int) -> str:
    """A policy document of ``size`` characters as IAM counts them (whitespace is not)."""
    return "{ " + "x" * (size - 2) + " }"


# --- IAM: roles, managed policies, inline policies ---------------------------------------------


def test_a_role_is_judged_by_its_name_description_and_trust_policy_in_that_order() -> None:
    props = {"name": "ml role", "description": "x" * 1001, "assumeRolePolicy": document(2049)}
    assert check(ROLE, "r", props) == [
        broken(iam.ROLE_NAME, "name", "ml role", "", "Role r"),
        broken(iam.ROLE_DESCRIPTION, "description", "x" * 1001, "", "Role r"),
        broken(iam.TRUST_POLICY_SIZE, "assume_role_policy", "2049 characters", "limit 2048", "Role r"),
    ]
    assert check(ROLE, "r", {"name": "ml", "description": "x" * 1000, "assumeRolePolicy": document(2048)}) == []


def test_a_managed_policy_is_judged_by_its_name_description_and_size_in_that_order() -> None:
    props = {"description": "x" * 1001, "policy": document(6145)}
    assert check(POLICY, "p" * 121, props) == [
        auto_name(iam.POLICY_NAME, "p" * 121, "Policy " + "p" * 121),  # 121 + 8 = 129 characters
        broken(iam.POLICY_DESCRIPTION, "description", "x" * 1001, "", "Policy " + "p" * 121),
        broken(iam.MANAGED_POLICY_SIZE, "policy", "6145 characters", "limit 6144", "Policy " + "p" * 121),
    ]
    assert check(POLICY, "p" * 120, {"description": "x" * 1000, "policy": document(6144)}) == []
    assert check(POLICY, "p" * 121, {"policy": "{}"}, pending={"name"}) == []  # a name not known yet waits


def test_an_inline_policy_counts_against_its_roles_10240_characters() -> None:
    state = account()
    state.inline_policy_characters["ml"] = 10000
    judge = lambda props: check_resource(ROLE_POLICY, "i", props, state)  # noqa: E731
    assert judge({"role": "ml", "policy": document(240)}) == []
    assert judge({"role": "ml", "policy": document(241)}) == [
        broken(iam.INLINE_POLICY_SIZE, "policy", "10241 characters", "limit 10240", "RolePolicy i")
    ]
    # A role with no inline policy yet, and an inline policy without a role known yet, start from nothing.
    for props in ({"role": "other", "policy": document(10240)}, {"policy": document(10240)}):
        assert judge(props) == [], props
    assert judge({"role": "other", "policy": document(10241)}) == [
        broken(iam.INLINE_POLICY_SIZE, "policy", "10241 characters", "limit 10240", "RolePolicy i")
    ]
    # A policy not given adds no character.
    state.inline_policy_characters["full"] = 10240
    assert judge({"role": "full"}) == []


def test_an_inline_policy_is_judged_by_its_name() -> None:
    assert check(ROLE_POLICY, "i" * 121, {"role": "ml", "policy": "{}"}) == [
        auto_name(iam.INLINE_POLICY_NAME, "i" * 121, "RolePolicy " + "i" * 121)
    ]
    assert check(ROLE_POLICY, "i" * 120, {"role": "ml", "policy": "{}"}) == []
    assert check(ROLE_POLICY, "i" * 121, {"role": "ml", "policy": "{}"}, pending={"name"}) == []


def test_iam_resources_take_their_services_tag_rules_and_an_inline_policy_none() -> None:
    """A role's tag keys are one key whatever their case (IAM reads them so); a managed policy's keep their case."""
    same_key = {"Team": "ml", "team": "ai"}
    assert check(ROLE, "r", {"assumeRolePolicy": "{}", "tags": same_key}) == [
        broken(tags.IAM_TAG_KEY_CASE, "tags", "team", "'Team' is the same key to IAM", "Role r")
    ]
    assert check(POLICY, "p", {"policy": "{}", "tags": same_key}) == []
    assert check(POLICY, "p", {"policy": "{}", "tags": {"team": "R&D"}}) == [
        broken(tags.IAM_TAG_CHARACTERS, "tags", "team=R&D", "in the value", "Policy p")
    ]
    assert check(ROLE_POLICY, "i", {"role": "ml", "policy": "{}", "tags": {"aws:x": "v" * 300}}) == []


def test_tags_are_judged_beside_the_resources_other_rules() -> None:
    props = {"assumeRolePolicy": "{}", "description": "x" * 1001, "tags": {"aws:team": "ml"}}
    assert check(ROLE, "r", props) == [
        broken(iam.ROLE_DESCRIPTION, "description", "x" * 1001, "", "Role r"),
        broken(tags.TAG_KEY, "tags", "aws:team", "reserved prefix aws:", "Role r"),
    ]
    # Tags that are not a map (not known yet, or none) are not judged.
    for not_a_map in (None, ["aws:team"], "aws:team"):
        assert check(ROLE, "r", {"assumeRolePolicy": "{}", "tags": not_a_map}) == [], not_a_map


# --- EC2: groups and their rules ---------------------------------------------------------------


def test_a_group_is_judged_by_its_name_description_and_vpc() -> None:
    props = {"description": "EI%", "vpcId": "vpc-missing"}
    assert check(SECURITY_GROUP, "g" * 248, props) == [
        auto_name(sg.GROUP_NAME, "g" * 248, "SecurityGroup " + "g" * 248),  # 248 + 8 = 256 characters
        broken(sg.GROUP_DESCRIPTION, "description", "EI%", "", "SecurityGroup " + "g" * 248),
        broken(sg.KNOWN_ID, "vpc_id", "vpc-missing", "not found", "SecurityGroup " + "g" * 248),
    ]
    # No description is pulumi-aws's "Managed by Pulumi"; no VPC is the default VPC, not judged here.
    assert check(SECURITY_GROUP, "g" * 247, {}) == []
    assert check(SECURITY_GROUP, "g" * 248, {}, pending={"name"}) == []


def rule_props(**props: Any) -> dict[str, Any]:
    base = {"securityGroupId": "sg-a", "ipProtocol": "tcp", "fromPort": 443.0, "toPort": 443.0}
    return {k: v for k, v in {**base, **props}.items() if v is not None}


@pytest.mark.parametrize(
    ("token", "kind"), [(INGRESS_RULE, "SecurityGroupIngressRule"), (EGRESS_RULE, "SecurityGroupEgressRule")]
)
def test_a_rule_is_judged_by_description_protocol_ports_peer_and_groups(token: str, kind: str) -> None:
    label = f"{kind} r"
    assert check(token, "r", rule_props(cidrIpv4="0.0.0.0/0", description="R&D")) == []
    assert check(token, "r", rule_props(referencedSecurityGroupId="sg-a", description="R&D")) == [
        broken(sg.GROUP_PAIR_DESCRIPTION, "description", "R&D", "", label)
    ]
    assert check(token, "r", rule_props(ipProtocol=None, cidrIpv4="0.0.0.0/0")) == [
        broken(sg.PROTOCOL, "ip_protocol", "", "", label)  # none given: EC2 needs one
    ]
    assert check(token, "r", rule_props(toPort=65536.0, cidrIpv4="0.0.0.0/0")) == [
        broken(sg.PORTS, "from_port/to_port", (443.0, 65536.0), "", label)
    ]
    assert check(token, "r", rule_props(cidrIpv4="10.0.0.1/16")) == [
        broken(sg.PEER, "cidrIpv4", "10.0.0.1/16", "not a network address; did you mean '10.0.0.0/16'?", label)
    ]
    assert check(token, "r", rule_props(referencedSecurityGroupId="sg-b")) == [
        broken(sg.SAME_VPC, "referenced_security_group_id", "sg-b", "in vpc-b, not vpc-a", label)
    ]
    assert check(token, "r", rule_props(securityGroupId="sg-x", cidrIpv4="0.0.0.0/0")) == [
        broken(sg.KNOWN_ID, "security_group_id", "sg-x", "not found", label)
    ]
    assert check(token, "r", rule_props(prefixListId="pl-s3")) == []
    assert check(token, "r", rule_props(prefixListId="pl-x", description="%")) == [
        broken(sg.RULE_DESCRIPTION, "description", "%", "", label),
        broken(sg.KNOWN_ID, "prefix_list_id", "pl-x", "not found", label),
    ]


def test_a_rules_protocol_or_ports_not_known_yet_are_not_judged() -> None:
    peer = {"cidrIpv4": "0.0.0.0/0"}
    assert check(INGRESS_RULE, "r", rule_props(ipProtocol=None, **peer), pending={"ipProtocol"}) == []
    # One port not known yet: the pair waits, whichever it is.
    assert check(INGRESS_RULE, "r", rule_props(toPort=None, **peer), pending={"toPort"}) == []
    assert check(INGRESS_RULE, "r", rule_props(fromPort=None, **peer), pending={"fromPort"}) == []
    assert check(INGRESS_RULE, "r", rule_props(toPort=None, **peer)) == [
        broken(sg.PORTS, "from_port/to_port", (443.0, None), "", "SecurityGroupIngressRule r")
    ]


# --- VPCs, secondary blocks, subnets, route tables ----------------------------------------------


def test_a_vpcs_block_is_given_allocated_by_ipam_or_not_known_yet() -> None:
    assert check(VPC, "v", {"cidrBlock": "10.0.0.0/15"}) == [
        broken(network.VPC_CIDR, "cidr_block", "10.0.0.0/15", "prefix /15 is not /16 to /28", "Vpc v")
    ]
    assert check(VPC, "v", {}) == [
        broken(network.VPC_CIDR, "cidr_block", "", "not an IPv4 CIDR block", "Vpc v")  # neither block nor pool
    ]
    assert check(VPC, "v", {"ipv4IpamPoolId": "ipam-pool-1"}) == []
    for pending in ({"cidrBlock"}, {"ipv4IpamPoolId"}):
        assert check(VPC, "v", {}, pending) == [], pending


def test_a_secondary_block_is_judged_as_a_vpcs_in_a_known_vpc() -> None:
    label = "VpcIpv4CidrBlockAssociation a"
    assert check(VPC_CIDR_ASSOCIATION, "a", {"vpcId": "vpc-a", "cidrBlock": "10.1.0.0/16"}) == []
    assert check(VPC_CIDR_ASSOCIATION, "a", {"vpcId": "vpc-x", "cidrBlock": "10.1.0.0/29"}) == [
        broken(sg.KNOWN_ID, "vpc_id", "vpc-x", "not found", label),
        broken(network.VPC_CIDR, "cidr_block", "10.1.0.0/29", "prefix /29 is not /16 to /28", label),
    ]
    assert check(VPC_CIDR_ASSOCIATION, "a", {"vpcId": "vpc-a"}, pending={"cidrBlock"}) == []
    assert check(VPC_CIDR_ASSOCIATION, "a", {"vpcId": "vpc-a", "tags": {"aws:x": "v"}}, pending={"cidrBlock"}) == []


def test_a_subnet_in_an_unknown_vpc_is_judged_for_that_alone() -> None:
    props = {"vpcId": "vpc-x", "cidrBlock": "10.0.0.0/29", "availabilityZone": "eu-west-1a"}
    assert check(SUBNET, "s", props) == [broken(sg.KNOWN_ID, "vpc_id", "vpc-x", "not found", "Subnet s")]
    assert check(SUBNET, "s", {**props, "vpcId": "vpc-a"}) == [
        broken(network.SUBNET_AZ, "availability_zone", "eu-west-1a", "", "Subnet s"),
        broken(network.SUBNET_CIDR, "cidr_block", "10.0.0.0/29", "prefix /29 is not /16 to /28", "Subnet s"),
    ]


def test_route_tables_and_associations_name_known_vpcs_subnets_and_tables() -> None:
    assert check(ROUTE_TABLE, "t", {"vpcId": "vpc-x"}) == [
        broken(sg.KNOWN_ID, "vpc_id", "vpc-x", "not found", "RouteTable t")
    ]
    assert check(ROUTE_TABLE, "t", {"vpcId": "vpc-a", "tags": {"k": "v" * 257}}) == [
        broken(tags.TAG_VALUE, "tags", "k=" + "v" * 257, "length", "RouteTable t")
    ]
    label = "RouteTableAssociation t"
    assert check(ROUTE_TABLE_ASSOCIATION, "t", {"subnetId": "subnet-x", "routeTableId": "rtb-x"}) == [
        broken(sg.KNOWN_ID, "subnet_id", "subnet-x", "not found", label),
        broken(sg.KNOWN_ID, "route_table_id", "rtb-x", "not found", label),
    ]
    assert check(ROUTE_TABLE_ASSOCIATION, "t", {"subnetId": "subnet-a", "routeTableId": "rtb-a"}) == []
    assert check(ROUTE_TABLE_ASSOCIATION, "t", {"gatewayId": "igw-1", "tags": {"aws:x": "v"}}) == []


# --- Endpoints: which kind's rules apply -------------------------------------------------------


def test_an_endpoint_without_a_type_is_a_gateway_as_pulumi_aws_makes_it() -> None:
    props = {"vpcId": "vpc-a", "serviceName": API, "subnetIds": ["subnet-a"]}
    label = "VpcEndpoint e"
    assert check(VPC_ENDPOINT, "e", props) == [
        broken(endpoints.SERVICE_TYPE, "vpc_endpoint_type", "Gateway", f"{API} offers no Gateway endpoint", label),
        broken(endpoints.TYPE_TARGETS, "subnet_ids", ["subnet-a"], "a Gateway endpoint takes none", label),
    ]
    assert check(VPC_ENDPOINT, "e", props, pending={"vpcEndpointType"}) == []  # not known yet: neither kind's
    assert check(VPC_ENDPOINT, "e", {**props, "vpcEndpointType": "GatewayLoadBalancer"}) == []  # not judged here
    assert check(VPC_ENDPOINT, "e", {**props, "vpcEndpointType": "Interface"}) == []


def test_an_endpoint_hands_its_targets_and_policy_to_its_kinds_rules() -> None:
    label = "VpcEndpoint e"
    policy = '{"Statement": []}'
    interface = {"vpcId": "vpc-a", "serviceName": EI, "vpcEndpointType": "Interface", "policy": policy}
    assert check(VPC_ENDPOINT, "e", {**interface, "routeTableIds": ["rtb-a"]}) == [
        broken(endpoints.NO_POLICY, "policy", policy, "", label),
        broken(endpoints.TYPE_TARGETS, "route_table_ids", ["rtb-a"], "an Interface endpoint takes none", label),
    ]
    gateway = {"vpcId": "vpc-a", "serviceName": S3, "vpcEndpointType": "Gateway", "routeTableIds": ["rtb-x"]}
    assert check(VPC_ENDPOINT, "e", {**gateway, "policy": policy}) == [
        broken(sg.KNOWN_ID, "route_table_ids", "rtb-x", "not found", label)
    ]
    assert check(VPC_ENDPOINT, "e", {**gateway, "securityGroupIds": ["sg-a"], "subnetIds": None}) == [
        broken(endpoints.TYPE_TARGETS, "security_group_ids", ["sg-a"], "a Gateway endpoint takes none", label)
    ]
    state = account()
    state.services_without_policy.add(S3)  # as EI's: the rule, not S3's fact, is under test
    assert check_resource(VPC_ENDPOINT, "e", {**gateway, "policy": policy, "routeTableIds": ["rtb-a"]}, state) == [
        broken(endpoints.NO_POLICY, "policy", policy, "", label)
    ]


def test_a_type_without_rules_or_an_unknown_type_is_not_judged() -> None:
    assert check("aws:ec2/instance:Instance", "i", {"subnetId": "subnet-x", "tags": {"aws:x": "v"}}) == []


# --- What record keeps --------------------------------------------------------------------------


def recorded(token: str, props: dict[str, Any], pending: Collection[str] = (), name: str = "n") -> AccountState:
    state = AccountState("us-east-1")
    record(token, name, "id-1", props, state, pending)
    return state


def test_a_vpc_is_recorded_with_its_block_and_dns_attributes_or_their_defaults() -> None:
    """pulumi-aws's defaults: enableDnsSupport on, enableDnsHostnames off; a block not given is not known."""
    assert recorded(VPC, {}).vpcs == {"id-1": VpcFacts("", True, False)}
    given = {"cidrBlock": "10.0.0.0/16", "enableDnsSupport": False, "enableDnsHostnames": True}
    assert recorded(VPC, given).vpcs == {"id-1": VpcFacts("10.0.0.0/16", False, True)}
    assert recorded(VPC, {}, pending={"enableDnsSupport", "enableDnsHostnames"}).vpcs == {
        "id-1": VpcFacts("", None, None)
    }


def test_a_secondary_block_is_added_to_its_recorded_vpc() -> None:
    state = AccountState("us-east-1", vpcs={"vpc-a": VpcFacts("10.0.0.0/16")})
    record(VPC_CIDR_ASSOCIATION, "b", "assoc-1", {"vpcId": "vpc-a", "cidrBlock": "10.1.0.0/16"}, state)
    record(VPC_CIDR_ASSOCIATION, "c", "assoc-2", {"vpcId": "vpc-a"}, state)  # IPAM allocates it: not known
    record(VPC_CIDR_ASSOCIATION, "d", "assoc-3", {"vpcId": "vpc-x", "cidrBlock": "10.2.0.0/16"}, state)
    assert state.vpcs == {"vpc-a": VpcFacts("10.0.0.0/16", secondary_cidr_blocks=("10.1.0.0/16", ""))}


def test_each_network_resource_is_recorded_with_what_later_rules_read() -> None:
    assert recorded(SUBNET, {}).subnets == {"id-1": SubnetFacts("", "", "", "n")}
    subnet = {"vpcId": "vpc-a", "availabilityZone": "us-east-1a", "cidrBlock": "10.0.0.0/24"}
    assert recorded(SUBNET, subnet).subnets == {"id-1": SubnetFacts("vpc-a", "us-east-1a", "10.0.0.0/24", "n")}
    assert recorded(SECURITY_GROUP, {}).security_groups == {"id-1": ""}
    assert recorded(SECURITY_GROUP, {"vpcId": "vpc-a"}).security_groups == {"id-1": "vpc-a"}
    assert recorded(ROUTE_TABLE, {}).route_tables == {"id-1": ""}
    assert recorded(ROUTE_TABLE, {"vpcId": "vpc-a"}).route_tables == {"id-1": "vpc-a"}
    assert recorded(VPC_ENDPOINT, {}).endpoints == {"id-1": EndpointFacts("", "", False, "n")}
    endpoint = {"vpcId": "vpc-a", "serviceName": EI, "privateDnsEnabled": True}
    assert recorded(VPC_ENDPOINT, endpoint).endpoints == {"id-1": EndpointFacts("vpc-a", EI, True, "n")}


def test_a_subnets_route_table_association_is_recorded_and_a_gateways_is_not() -> None:
    association = {"subnetId": "subnet-a", "routeTableId": "rtb-a"}
    assert recorded(ROUTE_TABLE_ASSOCIATION, association).subnet_route_tables == {"subnet-a": "rtb-a"}
    assert recorded(ROUTE_TABLE_ASSOCIATION, {"subnetId": "subnet-a"}).subnet_route_tables == {"subnet-a": ""}
    assert recorded(ROUTE_TABLE_ASSOCIATION, {"gatewayId": "igw-1", "routeTableId": "rtb-a"}).subnet_route_tables == {}
    assert recorded("aws:ec2/instance:Instance", {"subnetId": "subnet-a"}).subnet_route_tables == {}


def test_a_roles_inline_policies_are_added_up_as_they_are_recorded() -> None:
    state = AccountState("us-east-1")
    record(ROLE_POLICY, "first", "ml:first", {"role": "ml", "policy": document(6000)}, state)
    record(ROLE_POLICY, "second", "ml:second", {"role": "ml", "policy": document(4000)}, state)
    record(ROLE_POLICY, "none", "ml:none", {"role": "ml"}, state)
    record(ROLE_POLICY, "other", "ops:other", {"role": "ops", "policy": document(100)}, state)
    assert state.inline_policy_characters == {"ml": 10000, "ops": 100}
    assert check_resource(ROLE_POLICY, "third", {"role": "ml", "policy": document(241)}, state) == [
        broken(iam.INLINE_POLICY_SIZE, "policy", "10241 characters", "limit 10240", "RolePolicy third")
    ]
    # An attachment names a role too, but adds no inline policy.
    record("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", "a-1", {"role": "ml", "policy": "{}"}, state)
    assert state.inline_policy_characters == {"ml": 10000, "ops": 100}


def test_a_recorded_endpoint_is_named_as_the_rival_of_the_next() -> None:
    state = account()
    props = {
        "vpcId": "vpc-a",
        "serviceName": EI,
        "vpcEndpointType": "Interface",
        "subnetIds": ["subnet-a"],
        "securityGroupIds": ["sg-a"],
        "privateDnsEnabled": True,
    }
    assert check_resource(VPC_ENDPOINT, "first", props, state) == []
    record(VPC_ENDPOINT, "first", "vpce-1", props, state)
    assert check_resource(VPC_ENDPOINT, "second", props, state) == [
        broken(
            endpoints.SINGLE_PRIVATE_DNS,
            "private_dns_enabled",
            True,
            "first already has it in vpc-a",
            "VpcEndpoint second",
        )
    ]


@pytest.mark.parametrize(
    ("props", "peered"),
    [
        ({"vpcId": "vpc-a", "peerVpcId": "vpc-b"}, {frozenset({"vpc-a", "vpc-b"})}),
        ({"vpcId": "vpc-a", "peerVpcId": "vpc-b", "peerRegion": "us-east-1"}, {frozenset({"vpc-a", "vpc-b"})}),
        ({"vpcId": "vpc-a", "peerVpcId": "vpc-b", "peerRegion": "us-west-2"}, set()),  # no group across regions
        ({"vpcId": "vpc-a"}, set()),  # the peer VPC not known yet (a preview)
        ({"peerVpcId": "vpc-b"}, set()),
    ],
)
def test_a_peering_joins_two_known_vpcs_of_the_region(props: dict[str, Any], peered: set[frozenset[str]]) -> None:
    account = AccountState(region="us-east-1")
    record(VPC_PEERING, "ab", "pcx-1", props, account)
    assert account.peered_vpcs == peered
