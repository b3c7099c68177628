"""AWS's rules (ei_pulumi.aws_rules), pure: for every rule a value that passes and one that fails."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from ei_pulumi.aws_rules import (
    RULES,
    AccountState,
    EndpointFacts,
    SubnetFacts,
    Violation,
    VpcFacts,
    check_resource,
    endpoints,
    iam,
    network,
    record,
    security_groups,
    tags,
)
from ei_pulumi.aws_rules.naming import auto_named

EI = "com.amazonaws.us-east-1.elastic-inference.runtime"
S3 = "com.amazonaws.us-east-1.s3"
VPC, OTHER_VPC = "vpc-0a", "vpc-0b"


def account() -> AccountState:
    """us-east-1: EI in a and b; a VPC with DNS on and subnets in a, b and c; one group in each VPC."""
    return AccountState(
        region="us-east-1",
        services={EI: ["us-east-1a", "us-east-1b"], S3: ["us-east-1a", "us-east-1b"]},
        services_without_policy={EI},
        gateway_services={S3},
        route_tables={"rtb-main": VPC, "rtb-a": VPC, "rtb-other": OTHER_VPC},
        prefix_lists={"pl-63a5400a": S3},
        vpcs={VPC: VpcFacts("10.0.0.0/16"), OTHER_VPC: VpcFacts("10.1.0.0/16", enable_dns_hostnames=False)},
        subnets={
            "subnet-a": SubnetFacts(VPC, "us-east-1a", "10.0.0.0/24", "subnet-a"),
            "subnet-a2": SubnetFacts(VPC, "us-east-1a", "10.0.1.0/24", "subnet-a2"),
            "subnet-b": SubnetFacts(VPC, "us-east-1b", "10.0.2.0/24", "subnet-b"),
            "subnet-c": SubnetFacts(VPC, "us-east-1c", "10.0.3.0/24", "subnet-c"),
            "subnet-other": SubnetFacts(OTHER_VPC, "us-east-1b", "10.1.0.0/24", "subnet-other"),
        },
        security_groups={"sg-a": VPC, "sg-a2": VPC, "sg-other": OTHER_VPC},
    )


def endpoint(**props: Any) -> list[Violation]:
    base = {
        "vpcId": VPC,
        "serviceName": EI,
        "vpcEndpointType": "Interface",
        "subnetIds": ["subnet-a", "subnet-b"],
        "securityGroupIds": ["sg-a"],
        "privateDnsEnabled": True,
    }
    return check_resource("aws:ec2/vpcEndpoint:VpcEndpoint", "ei-endpoint", {**base, **props}, account())


def gateway(**props: Any) -> list[Violation]:
    base = {"vpcId": VPC, "serviceName": S3, "vpcEndpointType": "Gateway", "routeTableIds": ["rtb-main", "rtb-a"]}
    given = {k: v for k, v in {**base, **props}.items() if v is not None}
    return check_resource("aws:ec2/vpcEndpoint:VpcEndpoint", "s3-endpoint", given, account())


def rule(**props: Any) -> list[Violation]:
    base = {
        "securityGroupId": "sg-a",
        "ipProtocol": "tcp",
        "fromPort": 443.0,
        "toPort": 443.0,
        "cidrIpv4": "10.0.0.0/16",
    }
    token = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
    return check_resource(token, "ei-rule", {k: v for k, v in {**base, **props}.items() if v is not None}, account())


def subnet(cidr: str, az: str = "us-east-1a", vpc: str = VPC) -> list[Violation]:
    props = {"vpcId": vpc, "cidrBlock": cidr, "availabilityZone": az}
    return check_resource("aws:ec2/subnet:Subnet", "new-subnet", props, account())


def policy_of(size: int) -> str:
    """A policy document of ``size`` characters, whitespace not counted."""
    document = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow"}]}, separators=(",", ":")
    )
    return document.replace('"Sid":""', f'"Sid":"{"x" * (size - len(document))}"')


def inline_policy(existing: int, size: int) -> list[Violation]:
    state = account()
    state.inline_policy_characters["my-role"] = existing
    props = {"name": "ei-connect", "role": "my-role", "policy": policy_of(size)}
    return check_resource("aws:iam/rolePolicy:RolePolicy", "ei-connect", props, state)


def role_named(logical_name: str, **naming: Any) -> list[Violation]:
    return check_resource("aws:iam/role:Role", logical_name, {"assumeRolePolicy": "{}", **naming}, account())


Check = Callable[[], list[Violation]]
CASES: list[tuple[str, Check, Check]] = [
    # (rule id, passes, fails)
    (
        "ec2.group-name",
        lambda: security_groups.group_name("ei-endpoint-sg"),
        lambda: security_groups.group_name("sg-ei"),
    ),
    (
        "ec2.group-description",
        lambda: security_groups.group_description("EI endpoint: inbound from SageMaker (443) & all outbound"),
        lambda: security_groups.group_description("AWS's page"),
    ),
    (
        "ec2.rule-description",
        lambda: security_groups.rule_description("All outbound & more", references_group=False),
        lambda: security_groups.rule_description("x" * 256, references_group=False),
    ),
    (
        "ec2.group-rule-description",
        lambda: security_groups.rule_description("From SageMaker [443]", references_group=True),
        lambda: security_groups.rule_description("SageMaker & friends", references_group=True),
    ),
    ("ec2.rule-protocol", lambda: rule(ipProtocol="-1", fromPort=None, toPort=None), lambda: rule(ipProtocol="http")),
    ("ec2.rule-ports", lambda: rule(fromPort=0.0, toPort=65535.0), lambda: rule(fromPort=444.0, toPort=443.0)),
    ("ec2.rule-peer", lambda: rule(), lambda: rule(cidrIpv4="10.0.0.1/16")),
    (
        "ec2.rule-same-vpc",
        lambda: rule(cidrIpv4=None, referencedSecurityGroupId="sg-a2"),
        lambda: rule(cidrIpv4=None, referencedSecurityGroupId="sg-other"),
    ),
    ("ec2.known-id", lambda: rule(), lambda: rule(securityGroupId="sg-missing")),
    ("iam.role-name", lambda: iam.role_name("a" * 64), lambda: iam.role_name("a" * 65)),
    ("iam.policy-name", lambda: iam.policy_name("a+=,.@_-1"), lambda: iam.policy_name("ei policy")),
    ("iam.inline-policy-name", lambda: iam.inline_policy_name("a" * 128), lambda: iam.inline_policy_name("a/b")),
    (
        "iam.role-description",
        lambda: iam.role_description("Rôle SageMaker: EI"),
        lambda: iam.role_description("Role ✓"),
    ),
    ("iam.policy-description", lambda: iam.policy_description("x" * 1000), lambda: iam.policy_description("x" * 1001)),
    (
        "iam.trust-policy-size",
        lambda: iam.trust_policy_size(policy_of(2048) + " " * 100),
        lambda: iam.trust_policy_size(policy_of(2049)),
    ),
    (
        "iam.managed-policy-size",
        lambda: iam.managed_policy_size(policy_of(6144)),
        lambda: iam.managed_policy_size(policy_of(6145)),
    ),
    ("iam.inline-policy-size", lambda: inline_policy(10000, 240), lambda: inline_policy(10000, 241)),
    (
        "pulumi.auto-name",
        lambda: auto_named(iam.role_name, "a" * 56),  # 56 + "-" + 7 = 64
        lambda: auto_named(iam.role_name, "a" * 57),
    ),
    (
        "pulumi.name-prefix",
        lambda: role_named("a" * 80, namePrefix="p" * 38),  # 38 + 26 = 64; the logical name plays no part
        lambda: role_named("a", namePrefix="p" * 39),
    ),
    ("vpc.cidr", lambda: network.vpc_cidr("10.0.0.0/28"), lambda: network.vpc_cidr("10.0.0.0/15")),
    ("vpc.subnet-cidr", lambda: subnet("10.0.200.0/28"), lambda: subnet("10.0.200.0/29")),
    ("vpc.subnet-in-vpc", lambda: subnet("10.0.200.0/24"), lambda: subnet("10.9.0.0/24")),
    ("vpc.subnet-overlap", lambda: subnet("10.0.4.0/24"), lambda: subnet("10.0.0.0/23")),
    ("vpc.subnet-az", lambda: subnet("10.0.200.0/24", "us-east-1f"), lambda: subnet("10.0.200.0/24", "us-west-2a")),
    ("endpoint.service", lambda: endpoint(), lambda: endpoint(serviceName="com.amazonaws.us-east-1.nothing")),
    ("endpoint.subnet-vpc", lambda: endpoint(), lambda: endpoint(subnetIds=["subnet-a", "subnet-other"])),
    (
        "endpoint.one-subnet-per-az",
        lambda: endpoint(),
        lambda: endpoint(subnetIds=["subnet-a", "subnet-a2", "subnet-b"]),
    ),
    ("endpoint.offered-az", lambda: endpoint(), lambda: endpoint(subnetIds=["subnet-a", "subnet-c"])),
    ("endpoint.group-vpc", lambda: endpoint(), lambda: endpoint(securityGroupIds=["sg-other"])),
    (
        "endpoint.private-dns-attributes",
        lambda: endpoints.dns_attributes(VPC, True, True),
        lambda: endpoints.dns_attributes(OTHER_VPC, True, False),
    ),
    (
        "endpoint.single-private-dns",
        lambda: endpoints.single_private_dns(EndpointFacts(VPC, EI, True), [EndpointFacts(VPC, EI, False, "vpce-1")]),
        lambda: endpoints.single_private_dns(EndpointFacts(VPC, EI, True), [EndpointFacts(VPC, EI, True, "vpce-1")]),
    ),
    ("endpoint.policy", lambda: endpoint(policy=None), lambda: endpoint(policy='{"Statement": []}')),
    ("endpoint.service-type", lambda: gateway(), lambda: gateway(serviceName=EI)),
    ("endpoint.type-targets", lambda: gateway(), lambda: gateway(securityGroupIds=["sg-a"])),
    ("endpoint.route-table-vpc", lambda: gateway(), lambda: gateway(routeTableIds=["rtb-main", "rtb-other"])),
    (
        "tags.count",
        lambda: tags.ec2_tags({f"k{i}": "v" for i in range(50)}),
        lambda: tags.ec2_tags({f"k{i}": "" for i in range(51)}),
    ),
    ("tags.key", lambda: tags.ec2_tags({"k" * 128: "v"}), lambda: tags.ec2_tags({"AWS:owner": "me"})),
    ("tags.value", lambda: tags.ec2_tags({"team": "v" * 256}), lambda: tags.ec2_tags({"team": "v" * 257})),
    (
        "iam.tag-characters",
        lambda: tags.iam_tags({"équipe": "ml platform/@+=.:_-", "no-break": "a\u00a0b"}, keys_ignore_case=True),
        lambda: tags.iam_tags({"team": "ml\tplatform"}, keys_ignore_case=True),
    ),
    (
        "iam.tag-key-case",
        lambda: tags.iam_tags({"Team": "ml", "team": "ai"}, keys_ignore_case=False),  # a policy's keys keep case
        lambda: tags.iam_tags({"Team": "ml", "team": "ai"}, keys_ignore_case=True),
    ),
]


@pytest.mark.parametrize(("rule_id", "passes", "fails"), CASES, ids=[case[0] for case in CASES])
def test_each_rule_accepts_a_good_value_and_refuses_a_bad_one(rule_id: str, passes: Check, fails: Check) -> None:
    assert passes() == []
    broken = fails()
    assert broken and {v.rule.id for v in broken} == {rule_id}, [str(v) for v in broken]


def test_every_rule_is_tested_and_cites_its_source() -> None:
    assert [r.id for r in RULES] == [case[0] for case in CASES]
    for r in RULES:
        assert r.source.startswith("https://") and r.text


def test_a_violation_names_the_resource_the_property_the_value_and_the_rule() -> None:
    (violation,) = rule(cidrIpv4=None, referencedSecurityGroupId="sg-a2", description="SageMaker & friends")
    assert str(violation) == (
        "SecurityGroupIngressRule ei-rule: description: AWS would refuse 'SageMaker & friends': "
        f"{security_groups.GROUP_PAIR_DESCRIPTION.text} "
        "[ec2.group-rule-description, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UserIdGroupPair.html]"
    )


def test_auto_named_resources_leave_room_for_pulumi_awss_suffix() -> None:
    (violation,) = auto_named(iam.role_name, "a" * 57)
    assert violation.value == "a" * 57 + "-xxxxxxx" and violation.detail.startswith("iam.role-name: ")


def test_an_interface_endpoint_needs_both_dns_attributes_for_private_dns() -> None:
    broken = endpoint(vpcId=OTHER_VPC, subnetIds=["subnet-other"], securityGroupIds=["sg-other"])
    assert {v.rule.id for v in broken} == {"endpoint.private-dns-attributes"}
    assert "enableDnsHostnames off" in broken[0].detail
    assert (
        endpoint(vpcId=OTHER_VPC, subnetIds=["subnet-other"], securityGroupIds=["sg-other"], privateDnsEnabled=False)
        == []
    )


def test_values_not_known_yet_are_not_judged() -> None:
    """In a preview, IDs of resources not created yet are unknown and left out of the properties."""
    token = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
    https = {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "securityGroupId": "sg-a"}
    assert check_resource(token, "r", https, account()) != []  # no peer at all
    assert check_resource(token, "r", https, account(), pending={"referencedSecurityGroupId"}) == []
    assert check_resource(token, "r", {"ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"}, account()) == []
    assert check_resource("aws:ec2/subnet:Subnet", "s", {"cidrBlock": "10.0.9.0/24"}, account()) == []
    waiting = {"serviceName": EI, "vpcEndpointType": "Interface", "privateDnsEnabled": True}
    assert check_resource("aws:ec2/vpcEndpoint:VpcEndpoint", "e", waiting, account()) == []


def test_tags_are_judged_by_the_rules_of_the_service_that_takes_them() -> None:
    """EC2 takes any character (an & or a tab); IAM takes its Tag pattern, and a role's keys without case."""
    ec2_only = {"team": "R&D\tplatform", "Team": "ml"}
    assert check_resource("aws:ec2/vpc:Vpc", "v", {"cidrBlock": "10.5.0.0/16", "tags": ec2_only}, account()) == []
    role = {"assumeRolePolicy": "{}", "tags": ec2_only}
    found = check_resource("aws:iam/role:Role", "r", role, account())
    assert {v.rule.id for v in found} == {"iam.tag-characters", "iam.tag-key-case"}
    policy = {"policy": "{}", "tags": {"team": "ml", "Team": "ai"}}
    assert check_resource("aws:iam/policy:Policy", "p", policy, account()) == []


def test_a_type_without_rules_passes_untouched() -> None:
    """Another program's resources are not this account's to judge: not even their tags."""
    for token in ("aws:ec2/instance:Instance", "aws:s3/bucket:Bucket", "random:index/randomPet:RandomPet"):
        assert check_resource(token, "other", {"tags": {"aws:x": "v" * 300}, "name": "a b"}, account()) == []


@pytest.mark.parametrize("block", ["10.0.0.0/255.255.0.0", "010.0.0.0/16", "10.0.0.0/016", "10.0.0.1/16", "10.0.0.0"])
def test_a_vpc_block_in_any_form_pulumi_aws_refuses_is_refused(block: str) -> None:
    """validation.IsCIDRNetwork(16, 28): the text is Go's own rendering of the network, nothing else."""
    (violation,) = network.vpc_cidr(block)
    assert violation.rule.id == "vpc.cidr"
    assert "10.0.0.0/" in violation.detail or "not an IPv4" in violation.detail


def test_a_subnet_block_and_a_rule_peer_follow_pulumi_awss_network_address_check() -> None:
    """verify.ValidateIPv4CIDRBlock: Go's net.ParseCIDR (no netmask form, no leading zeros in an octet,
    but a prefix's leading zeros are digits like any other), then the network address."""
    assert {v.rule.id for v in subnet("10.0.200.0/255.255.255.0")} == {"vpc.subnet-cidr"}
    assert {v.rule.id for v in subnet("010.0.200.0/24")} == {"vpc.subnet-cidr"}
    assert subnet("10.0.200.0/024") == []
    assert {v.rule.id for v in rule(cidrIpv4="10.0.0.0/255.255.0.0")} == {"ec2.rule-peer"}
    assert rule(cidrIpv4=None, cidrIpv6="2001:db8::/32") == []
    for bad in ("fe80::%eth0/64", "2001:db8::1/32", "10.0.0.0/16"):
        assert {v.rule.id for v in rule(cidrIpv4=None, cidrIpv6=bad)} == {"ec2.rule-peer"}, bad


def test_a_subnet_may_lie_in_a_secondary_block_of_its_vpc() -> None:
    state = account()
    association = "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation"
    props = {"vpcId": VPC, "cidrBlock": "10.9.0.0/16"}
    assert check_resource(association, "second", props, state) == []
    record(association, "second", "vpc-cidr-assoc-1", props, state)
    assert check_resource("aws:ec2/subnet:Subnet", "s", {"vpcId": VPC, "cidrBlock": "10.9.4.0/24"}, state) == []
    outside = check_resource("aws:ec2/subnet:Subnet", "s", {"vpcId": VPC, "cidrBlock": "10.8.4.0/24"}, state)
    assert [v.rule.id for v in outside] == ["vpc.subnet-in-vpc"] and "10.0.0.0/16, 10.9.0.0/16" in outside[0].detail


def test_a_vpc_whose_range_ipam_allocates_is_accepted_and_its_subnets_not_judged_for_containment() -> None:
    state = account()
    ipam = {"ipv4IpamPoolId": "ipam-pool-0123456789abcdef0", "ipv4NetmaskLength": 20.0}
    assert check_resource("aws:ec2/vpc:Vpc", "pooled", ipam, state) == []
    record("aws:ec2/vpc:Vpc", "pooled", "vpc-pooled", ipam, state)
    props = {"vpcId": "vpc-pooled", "cidrBlock": "10.77.0.0/24", "availabilityZone": "us-east-1a"}
    assert check_resource("aws:ec2/subnet:Subnet", "s", props, state) == []
    (none_at_all,) = check_resource("aws:ec2/vpc:Vpc", "bare", {}, state)
    assert none_at_all.rule.id == "vpc.cidr"


def test_a_name_prefix_is_judged_as_the_name_the_provider_completes_it_to() -> None:
    (too_long,) = role_named("r", namePrefix="p" * 39)
    assert too_long.value == "p" * 39 + "0" * 26 and too_long.detail.startswith("iam.role-name: ")
    group = {"vpcId": VPC, "namePrefix": "sg-web"}
    (reserved,) = check_resource("aws:ec2/securityGroup:SecurityGroup", "web", group, account())
    assert reserved.rule.id == "pulumi.name-prefix" and reserved.detail.startswith("ec2.group-name: ")
    (both,) = role_named("r", name="ml", namePrefix="ml-")
    assert both.rule.id == "pulumi.name-prefix" and both.detail == "conflicts with name"
    waiting = check_resource("aws:iam/role:Role", "r" * 80, {"assumeRolePolicy": "{}"}, account(), {"namePrefix"})
    assert waiting == [] and role_named("r" * 80) != []  # a prefix not known yet waits; none at all: auto-name


@pytest.mark.parametrize("port", [float("inf"), float("-inf"), float("nan")])
def test_a_port_that_is_no_number_is_refused_not_a_crash(port: float) -> None:
    """The engine sends numbers as doubles, and a double can be infinite or NaN: no port, and no OverflowError."""
    for ports in ((port, 443.0), (443.0, port)):
        violations = security_groups.protocol_and_ports("tcp", *ports)
        assert [(v.rule.id, v.property) for v in violations] == [("ec2.rule-ports", "from_port/to_port")]
        assert violations[0].value == ports


def test_a_protocol_ports_or_service_not_known_yet_is_not_judged() -> None:
    token = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
    peer = {"securityGroupId": "sg-a", "cidrIpv4": "10.0.0.0/16"}
    assert check_resource(token, "r", peer, account(), pending={"ipProtocol", "fromPort", "toPort"}) == []
    assert check_resource(token, "r", {**peer, "ipProtocol": "tcp", "toPort": 443.0}, account(), {"fromPort"}) == []
    assert [v.rule.id for v in rule(ipProtocol="http", fromPort=None)] == ["ec2.rule-protocol"]  # known: judged
    waiting = {"vpcId": VPC, "vpcEndpointType": "Interface", "privateDnsEnabled": True, "subnetIds": ["subnet-a"]}
    assert check_resource("aws:ec2/vpcEndpoint:VpcEndpoint", "e", waiting, account(), {"serviceName"}) == []


def test_inline_policies_of_roles_not_known_yet_are_not_added_together() -> None:
    """Two new roles in a preview: their inline policies are not one role's, whose name is unknown."""
    state, token = account(), "aws:iam/rolePolicy:RolePolicy"
    for name in ("first", "second"):
        props = {"name": name, "policy": policy_of(6000)}
        assert check_resource(token, name, props, state, pending={"role"}) == []
        record(token, name, name, props, state, pending={"role"})
    assert state.inline_policy_characters == {}


def test_a_vpc_recorded_in_a_preview_keeps_what_is_not_known_unknown() -> None:
    """Not its defaults: an unknown enableDnsHostnames is not the provider's default, off."""
    state = account()
    record("aws:ec2/vpc:Vpc", "v", "vpc-new", {"cidrBlock": "10.7.0.0/16"}, state, pending={"enableDnsHostnames"})
    assert state.vpcs["vpc-new"].enable_dns_hostnames is None and state.vpcs["vpc-new"].enable_dns_support is True
    private_dns = {"serviceName": EI, "vpcEndpointType": "Interface", "privateDnsEnabled": True}
    token = "aws:ec2/vpcEndpoint:VpcEndpoint"
    assert check_resource(token, "e", {"vpcId": "vpc-new", **private_dns}, state) == []
    record("aws:ec2/vpc:Vpc", "off", "vpc-off", {"cidrBlock": "10.8.0.0/16"}, state)  # not given: off
    (off,) = check_resource(token, "e", {"vpcId": "vpc-off", **private_dns}, state)
    assert off.rule.id == "endpoint.private-dns-attributes" and off.detail == "enableDnsHostnames off on vpc-off"


def test_in_an_open_world_what_the_state_does_not_hold_is_not_judged() -> None:
    """A policy pack sees one program: an ID, a service or a region it did not see may well exist."""
    closed, open_world = AccountState("us-east-1"), AccountState("", open_world=True)
    cases = [
        ("aws:ec2/securityGroup:SecurityGroup", {"name": "g", "vpcId": "vpc-given"}),
        ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", rule_props(referencedSecurityGroupId="sg-b")),
        ("aws:ec2/subnet:Subnet", {"vpcId": "vpc-given", "cidrBlock": "10.0.0.0/24", "availabilityZone": "eu-west-1a"}),
        (
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            {
                "vpcId": "vpc-given",
                "serviceName": "com.amazonaws.us-east-1.x",
                "vpcEndpointType": "Interface",
                "subnetIds": ["subnet-given"],
                "securityGroupIds": ["sg-given"],
                "privateDnsEnabled": True,
            },
        ),
    ]
    for token, props in cases:
        assert {v.rule.id for v in check_resource(token, "x", props, closed)} & {"ec2.known-id", "endpoint.service"}
        assert check_resource(token, "x", props, open_world) == [], token
    # What the open world does hold is judged: two subnets of a given VPC still may not overlap.
    subnet_props = {"vpcId": "vpc-given", "cidrBlock": "10.0.0.0/24"}
    record("aws:ec2/subnet:Subnet", "first", "subnet-1", subnet_props, open_world)
    (overlap,) = check_resource("aws:ec2/subnet:Subnet", "second", subnet_props, open_world)
    assert overlap.rule.id == "vpc.subnet-overlap" and overlap.detail == "overlaps first"


def rule_props(**props: Any) -> dict[str, Any]:
    return {"securityGroupId": "sg-a", "ipProtocol": "tcp", "fromPort": 443.0, "toPort": 443.0, **props}


def test_a_gateway_endpoint_is_judged_as_a_gateway() -> None:
    """pulumi-aws's vpc_endpoint_type defaults to Gateway; an S3 gateway takes a policy; EI's interface one does not."""
    assert gateway(vpcEndpointType=None, policy='{"Statement": []}') == []
    assert {v.rule.id for v in gateway(subnetIds=["subnet-a"], privateDnsEnabled=True)} == {"endpoint.type-targets"}
    assert {v.rule.id for v in endpoint(routeTableIds=["rtb-a"])} == {"endpoint.type-targets"}
    assert {v.rule.id for v in gateway(routeTableIds=["rtb-missing"])} == {"ec2.known-id"}
    assert {v.rule.id for v in gateway(serviceName="com.amazonaws.us-east-1.nothing")} == {"endpoint.service"}
    assert endpoint(serviceName=S3, privateDnsEnabled=False) == []  # S3 is an interface service too


def test_a_rule_to_a_prefix_list_needs_the_prefix_list() -> None:
    assert rule(cidrIpv4=None, prefixListId="pl-63a5400a") == []
    assert {v.rule.id for v in rule(cidrIpv4=None, prefixListId="pl-00000000")} == {"ec2.known-id"}


def test_route_tables_and_their_associations_are_recorded_for_the_rules_that_follow() -> None:
    state = account()
    assert check_resource("aws:ec2/routeTable:RouteTable", "rt", {"vpcId": VPC}, state) == []
    record("aws:ec2/routeTable:RouteTable", "rt", "rtb-new", {"vpcId": VPC}, state)
    association = {"subnetId": "subnet-a", "routeTableId": "rtb-new"}
    assert check_resource("aws:ec2/routeTableAssociation:RouteTableAssociation", "rta", association, state) == []
    record("aws:ec2/routeTableAssociation:RouteTableAssociation", "rta", "rtbassoc-1", association, state)
    assert state.route_tables["rtb-new"] == VPC and state.subnet_route_tables == {"subnet-a": "rtb-new"}
    missing = {"subnetId": "subnet-a", "routeTableId": "rtb-missing"}
    found = check_resource("aws:ec2/routeTableAssociation:RouteTableAssociation", "rta", missing, state)
    assert [v.rule.id for v in found] == ["ec2.known-id"]
