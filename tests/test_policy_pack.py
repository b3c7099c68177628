"""The policy pack's policies, called directly with pulumi_policy's own argument types.

Values the engine does not know yet are pulumi_policy's sentinels behind its proxy, as
``Analyze`` and ``AnalyzeStack`` hand them to a policy; the gRPC path is tests/test_policy_pack_grpc.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import pytest
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE, UNKNOWN_BOOLEAN_VALUE, UNKNOWN_STRING_VALUE, unknown_checking_proxy

from ei_pulumi.aws_rules import JUDGED_BY, RULES, SCOPES, AccountState, check_resource, record
from ei_pulumi.policy_pack import END_OF_LIFE_POLICY, POLICIES, RESOURCE_POLICY, STACK_POLICY

EI = "com.amazonaws.us-east-1.elastic-inference.runtime"
API = "com.amazonaws.us-east-1.sagemaker.api"
S3 = "com.amazonaws.us-east-1.s3"
U = UNKNOWN_STRING_VALUE
OPTIONS = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])
POLICY = {policy.name: policy for policy in POLICIES}

VPC_T = "aws:ec2/vpc:Vpc"
SUBNET_T = "aws:ec2/subnet:Subnet"
GROUP_T = "aws:ec2/securityGroup:SecurityGroup"
INGRESS_T = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
ENDPOINT_T = "aws:ec2/vpcEndpoint:VpcEndpoint"
ROUTE_TABLE_T = "aws:ec2/routeTable:RouteTable"
ROLE_T = "aws:iam/role:Role"
POLICY_T = "aws:iam/policy:Policy"
ROLE_POLICY_T = "aws:iam/rolePolicy:RolePolicy"
CONFIG_T = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"


def provider(region: Optional[str] = "us-east-1") -> PolicyProviderResource:
    """The default AWS provider, its inputs the stack's ``aws:`` config."""
    props = unknown_checking_proxy({"region": region} if region else {})
    return PolicyProviderResource(
        "pulumi:providers:aws", props, "urn:pulumi:dev::consumer::pulumi:providers:aws::default", "default"
    )


@dataclass
class R:
    """A resource of a consumer's stack: its type, logical name and properties (sentinels for unknowns),
    and for each property the resources its value came from."""

    type: str
    name: str
    props: dict[str, Any]
    depends: dict[str, list["R"]] = field(default_factory=dict)
    region: Optional[str] = "us-east-1"

    @property
    def urn(self) -> str:
        return f"urn:pulumi:dev::consumer::{self.type}::{self.name}"


def judge(policy_name: str, resource: R) -> list[str]:
    """What a resource policy reports for ``resource``, as Analyze runs it."""
    policy = POLICY[policy_name]
    assert isinstance(policy, ResourceValidationPolicy)
    props = unknown_checking_proxy(dict(resource.props))
    args = ResourceValidationArgs(resource.type, props, resource.urn, resource.name, OPTIONS, provider(resource.region))
    reported: list[str] = []
    policy.validate(args, lambda message, urn=None: reported.append(message))
    return reported


def _engine_dependencies(r: R, resources: tuple[R, ...]) -> dict[str, list[R]]:
    """What the engine records for ``r``: ``depends``, and the resource behind each known ID it names."""
    by_id = {str(o.props["id"]): o for o in resources if o.props.get("id") not in (None, U)}
    found = {key: list(ds) for key, ds in r.depends.items()}
    for key, value in r.props.items():
        for named in value if isinstance(value, list) else [value]:
            if isinstance(named, str) and named in by_id and by_id[named] is not r:
                found.setdefault(key, []).append(by_id[named])
    return found


def judge_stack(*resources: R) -> list[tuple[str, str]]:
    """(URN, message) of each violation the stack policy reports, as AnalyzeStack runs it."""
    built: dict[str, PolicyResource] = {}
    for r in resources:
        props = unknown_checking_proxy(dict(r.props))
        built[r.urn] = PolicyResource(r.type, props, r.urn, r.name, OPTIONS, provider(r.region), None, [], {})
    for r in resources:
        deps = {key: [built[d.urn] for d in ds] for key, ds in _engine_dependencies(r, resources).items()}
        built[r.urn].property_dependencies.update(deps)
        built[r.urn].dependencies.extend({d.urn: d for ds in deps.values() for d in ds}.values())
    policy = POLICY[STACK_POLICY]
    assert isinstance(policy, StackValidationPolicy)
    reported: list[tuple[str, str]] = []
    # The engine promises no order (reversed here): the policy follows the dependencies.
    policy.validate(StackValidationArgs(list(reversed(built.values()))), lambda m, urn=None: reported.append((urn, m)))
    return reported


# --- the resources of the tests: known IDs are "id" outputs, as after `pulumi up` ------------------


def vpc(name: str, cidr: str = "10.0.0.0/16", **props: Any) -> R:
    return R(
        VPC_T,
        name,
        {"id": f"vpc-{name}", "cidrBlock": cidr, "enableDnsSupport": True, "enableDnsHostnames": True, **props},
    )


def subnet(name: str, in_vpc: str, cidr: str, az: str = "us-east-1a") -> R:
    return R(SUBNET_T, name, {"id": f"subnet-{name}", "vpcId": in_vpc, "cidrBlock": cidr, "availabilityZone": az})


def group(name: str, in_vpc: str, **props: Any) -> R:
    return R(GROUP_T, name, {"id": f"sg-{name}", "name": name, "vpcId": in_vpc, **props})


def ingress(name: str, of_group: str, **props: Any) -> R:
    base = {
        "securityGroupId": of_group,
        "ipProtocol": "tcp",
        "fromPort": 443.0,
        "toPort": 443.0,
        "cidrIpv4": "10.0.0.0/16",
    }
    return R(INGRESS_T, name, {**base, **props})


def endpoint(name: str, in_vpc: str, subnets: list[str], groups: list[str], service: str = EI, **props: Any) -> R:
    return R(
        ENDPOINT_T,
        name,
        {
            "vpcId": in_vpc,
            "serviceName": service,
            "vpcEndpointType": "Interface",
            "subnetIds": subnets,
            "securityGroupIds": groups,
            "privateDnsEnabled": True,
            **props,
        },
    )


def route_table(name: str, in_vpc: str) -> R:
    return R(ROUTE_TABLE_T, name, {"id": f"rtb-{name}", "vpcId": in_vpc})


def gateway(name: str, in_vpc: str, route_tables: list[str], service: str = S3, **props: Any) -> R:
    return R(
        ENDPOINT_T,
        name,
        {"vpcId": in_vpc, "serviceName": service, "vpcEndpointType": "Gateway", "routeTableIds": route_tables, **props},
    )


def role(name: str, **props: Any) -> R:
    return R(ROLE_T, name, {"name": name, "assumeRolePolicy": "{}", **props})


def document(size: int) -> str:
    """A policy document of ``size`` characters, whitespace not counted."""
    head = '{"Version":"2012-10-17","Statement":[{"Sid":"'
    return head + "x" * (size - len(head) - 3) + '"}]}'


# --- aws-would-refuse: one resource's inputs -----------------------------------------------------


def test_a_refused_value_is_reported_as_plan_reports_it() -> None:
    web = R(GROUP_T, "web", {"name": "web-4f2a9c1", "description": "Team's web servers", "vpcId": "vpc-0123"})
    (message,) = judge(RESOURCE_POLICY, web)
    plan = check_resource(web.type, web.name, web.props, AccountState("us-east-1", open_world=True))
    assert message == str(plan[0])
    assert message.startswith('SecurityGroup web: description: AWS would refuse "Team\'s web servers": ')
    assert message.endswith(
        "[ec2.group-description, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html]"
    )


def test_a_resource_aws_accepts_passes() -> None:
    assert judge(RESOURCE_POLICY, group("web", "vpc-0123", description="Web servers (443)")) == []
    assert judge(RESOURCE_POLICY, role("sagemaker-role-1a2b3c4", tags={"team": "ml"})) == []


def test_values_not_known_yet_are_not_judged() -> None:
    """Every value that would be refused as its default ("" or None) is, instead, left alone."""
    unknown_protocol = ingress("r", "sg-1", ipProtocol=U, fromPort=UNKNOWN_STRING_VALUE)
    unknown_ports = ingress("r", "sg-1", toPort="3eeb2bf0-c639-47a8-9e75-3b44932eb421")  # pulumi_policy's number
    unknown_name = R(ROLE_T, "r" * 80, {"name": U, "assumeRolePolicy": "{}"})
    unknown_service = endpoint("e", "vpc-1", [], [], service=U)
    unknown_block = R(VPC_T, "v", {"cidrBlock": U})
    unknown_tags = role("r", tags={"team": U, "aws:x": "v"})
    for resource in (unknown_protocol, unknown_ports, unknown_name, unknown_service, unknown_block, unknown_tags):
        assert judge(RESOURCE_POLICY, resource) == [], resource
    # The same values known, and wrong, are refused.
    assert judge(RESOURCE_POLICY, ingress("r", "sg-1", ipProtocol="http"))
    assert judge(RESOURCE_POLICY, R(ROLE_T, "r" * 80, {"name": "r" * 80, "assumeRolePolicy": "{}"}))
    assert judge(RESOURCE_POLICY, R(VPC_T, "v", {"cidrBlock": "10.0.0.0/8"}))


def test_a_type_the_rules_do_not_cover_passes() -> None:
    bucket = R("aws:s3/bucket:Bucket", "b", {"bucket": "Not A Bucket Name", "tags": {"aws:x": "v" * 300}})
    assert judge(RESOURCE_POLICY, bucket) == []
    pet = R("random:index/randomPet:RandomPet", "p", {"name": "a b"})
    assert judge(RESOURCE_POLICY, pet) == []
    assert judge_stack(bucket, pet) == []


def test_resources_that_name_existing_ids_get_nothing_mandatory() -> None:
    """The pack cannot see the account: a given VPC, subnet, group or service is not judged."""
    existing = [
        subnet("s", "vpc-0123456789abcdef0", "10.0.9.0/24"),
        group("g", "vpc-0123456789abcdef0"),
        ingress("r", "sg-0123456789abcdef0", cidrIpv4=None, referencedSecurityGroupId="sg-0fedcba9876543210"),
        endpoint(
            "e", "vpc-0123456789abcdef0", ["subnet-0a", "subnet-0b"], ["sg-0a"], service="com.amazonaws.us-east-1.x"
        ),
        R(ROLE_POLICY_T, "p", {"name": "p-1a2b3c4", "role": "existing-role", "policy": document(6000)}),
    ]
    for resource in existing:
        assert judge(RESOURCE_POLICY, resource) == [], resource
    assert judge_stack(*existing) == []


def test_the_region_comes_from_the_resources_provider() -> None:
    elsewhere = subnet("s", "vpc-1", "10.0.9.0/24", az="us-west-2a")
    assert [m.split(": ", 2)[1] for m in judge(RESOURCE_POLICY, elsewhere)] == ["availability_zone"]
    elsewhere.region = None  # a provider whose region comes from the environment: the AZ is not judged
    assert judge(RESOURCE_POLICY, elsewhere) == []


# --- aws-would-refuse-stack: the rules between resources -----------------------------------------


def new_vpc(name: str, cidr: str = "10.0.0.0/16") -> R:
    """A VPC a preview has not created: its ID is not known."""
    return R(VPC_T, name, {"id": U, "cidrBlock": cidr, "enableDnsSupport": True, "enableDnsHostnames": True})


def in_new(network: R, resource: R, key: str = "vpcId") -> R:
    """``resource`` with ``key`` an output of ``network`` not known yet, as a preview sends it."""
    resource.props[key] = U
    resource.depends[key] = [network]
    return resource


def test_a_second_private_dns_endpoint_in_a_new_vpc_is_refused_through_property_dependencies() -> None:
    main = new_vpc("main")
    first, second = (in_new(main, endpoint(n, U, [], [], id=U)) for n in ("first", "second"))
    ((urn, message),) = judge_stack(main, first, second)
    assert urn in (first.urn, second.urn)
    assert "[endpoint.single-private-dns, " in message and "already has it in <Vpc main>" in message


def test_two_endpoints_in_different_vpcs_are_no_conflict() -> None:
    a, b = new_vpc("a"), new_vpc("b", "10.1.0.0/16")
    assert judge_stack(a, b, in_new(a, endpoint("ea", U, [], [])), in_new(b, endpoint("eb", U, [], []))) == []
    known = [vpc("a"), vpc("b", "10.1.0.0/16")]
    assert judge_stack(*known, endpoint("ea", "vpc-a", [], []), endpoint("eb", "vpc-b", [], [])) == []
    # Without private DNS, or for another service, two endpoints in one VPC are fine too.
    assert (
        judge_stack(known[0], endpoint("e1", "vpc-a", [], []), endpoint("e2", "vpc-a", [], [], privateDnsEnabled=False))
        == []
    )
    assert judge_stack(known[0], endpoint("e1", "vpc-a", [], []), endpoint("e2", "vpc-a", [], [], service=API)) == []


def test_overlapping_subnets_of_one_vpc_are_refused_and_of_two_vpcs_not() -> None:
    main, other = new_vpc("main"), new_vpc("other")
    one = in_new(main, subnet("one", U, "10.0.0.0/24"))
    two = in_new(main, subnet("two", U, "10.0.0.0/23", "us-east-1b"))
    elsewhere = in_new(other, subnet("elsewhere", U, "10.0.0.0/24"))
    reported = judge_stack(main, other, one, two, elsewhere)
    assert [(urn, "[vpc.subnet-overlap, " in m) for urn, m in reported] in ([(two.urn, True)], [(one.urn, True)])


def test_endpoint_subnets_and_groups_belong_to_its_vpc() -> None:
    a, b = vpc("a"), vpc("b", "10.1.0.0/16")
    stack = [a, b, subnet("sa", "vpc-a", "10.0.0.0/24"), subnet("sb", "vpc-b", "10.1.0.0/24", "us-east-1b")]
    stack += [group("ga", "vpc-a"), group("gb", "vpc-b")]
    good = endpoint("good", "vpc-a", ["subnet-sa"], ["sg-ga"])
    bad = endpoint("bad", "vpc-a", ["subnet-sa", "subnet-sb"], ["sg-gb"], privateDnsEnabled=False)
    reported = judge_stack(*stack, good, bad)
    assert {urn for urn, _ in reported} == {bad.urn}
    assert sorted(m.split(" [")[1].split(",")[0] for _, m in reported) == ["endpoint.group-vpc", "endpoint.subnet-vpc"]


def test_a_property_linked_to_several_resources_or_another_type_stays_unknown() -> None:
    """``vpc_id=subnet.vpc_id`` depends on the subnet, not on a VPC: no link, so nothing to judge."""
    a, b = new_vpc("a"), new_vpc("b", "10.1.0.0/16")
    sa = in_new(a, subnet("sa", U, "10.0.0.0/24"))
    ga = in_new(a, R(GROUP_T, "ga", {"id": U, "name": "ga"}))
    gb = in_new(b, R(GROUP_T, "gb", {"id": U, "name": "gb"}))
    from_subnet = in_new(sa, R(GROUP_T, "g2", {"id": U, "name": "g2"}))
    either = R(GROUP_T, "g3", {"id": U, "name": "g3", "vpcId": U}, {"vpcId": [a, b]})
    rules = [in_new(g, ingress(f"to-b-{g.name}", U), "securityGroupId") for g in (from_subnet, either)]
    for rule in rules:
        in_new(gb, rule, "referencedSecurityGroupId").props.pop("cidrIpv4")
    assert judge_stack(a, b, sa, ga, gb, from_subnet, either, *rules) == []
    cross = in_new(gb, in_new(ga, ingress("a-to-b", U), "securityGroupId"), "referencedSecurityGroupId")
    cross.props.pop("cidrIpv4")
    ((urn, message),) = judge_stack(a, b, ga, gb, cross)
    assert urn == cross.urn and "[ec2.rule-same-vpc, " in message and "in <Vpc b>, not <Vpc a>" in message


def test_a_rule_may_reference_a_group_across_a_peering_in_the_region() -> None:
    """vpc-peering-security-groups.html: a peer VPC's group, in the same region only. The peering need
    not come before the rule in the stack, and its VPCs may be new (linked by property dependencies)."""
    a, b = new_vpc("a"), new_vpc("b", "10.1.0.0/16")
    ga, gb = in_new(a, R(GROUP_T, "ga", {"id": U, "name": "ga"})), in_new(b, R(GROUP_T, "gb", {"id": U, "name": "gb"}))
    cross = in_new(gb, in_new(ga, ingress("a-to-b", U), "securityGroupId"), "referencedSecurityGroupId")
    cross.props.pop("cidrIpv4")

    def peering(**props: Any) -> R:
        connection = R("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "ab", {"id": U, **props})
        return in_new(b, in_new(a, connection), "peerVpcId")

    assert judge_stack(a, b, ga, gb, cross, peering()) == []
    assert judge_stack(a, b, ga, gb, cross, peering(peerRegion="us-east-1")) == []
    ((urn, message),) = judge_stack(a, b, ga, gb, cross, peering(peerRegion="us-west-2"))
    assert urn == cross.urn and "[ec2.rule-same-vpc, " in message and "in <Vpc b>, not <Vpc a>" in message


def test_a_list_of_new_subnets_links_to_its_subnets_and_unknowns_elsewhere_never_stop_the_policy() -> None:
    main = new_vpc("main")
    sa = in_new(main, subnet("sa", U, "10.0.0.0/24"))
    sa2 = in_new(main, subnet("sa2", U, "10.0.1.0/24"))
    e = in_new(main, endpoint("e", U, [U, U], [], tags=UNKNOWN_ARRAY_VALUE, privateDnsEnabled=UNKNOWN_BOOLEAN_VALUE))
    e.depends["subnetIds"] = [sa, sa2]
    ((urn, message),) = judge_stack(main, sa, sa2, e)
    assert urn == e.urn and "[endpoint.one-subnet-per-az, " in message


def test_private_dns_needs_the_vpcs_dns_attributes_unless_they_are_not_known() -> None:
    off = R(VPC_T, "off", {"id": U, "cidrBlock": "10.0.0.0/16", "enableDnsSupport": True, "enableDnsHostnames": False})
    unknown = R(VPC_T, "unknown", {"id": U, "cidrBlock": "10.1.0.0/16", "enableDnsHostnames": UNKNOWN_BOOLEAN_VALUE})
    (report,) = judge_stack(off, in_new(off, endpoint("e", U, [], [])))
    assert "[endpoint.private-dns-attributes, " in report[1] and "enableDnsHostnames off on <Vpc off>" in report[1]
    assert judge_stack(unknown, in_new(unknown, endpoint("e", U, [], []))) == []


def test_a_new_roles_inline_policies_add_up_and_two_roles_do_not() -> None:
    def inline(name: str, of_role: R) -> R:
        return in_new(of_role, R(ROLE_POLICY_T, name, {"name": name, "policy": document(6000)}), "role")

    one, two = R(ROLE_T, "one", {"id": U, "name": "one"}), R(ROLE_T, "two", {"id": U, "name": "two"})
    ((urn, message),) = judge_stack(one, inline("p1", one), inline("p2", one))
    assert "[iam.inline-policy-size, " in message and urn.endswith(("::p1", "::p2"))
    assert judge_stack(one, two, inline("p1", one), inline("p2", two)) == []


def test_nulls_are_properties_not_set() -> None:
    """After `pulumi up` the engine sends every output, unset ones as nulls; they are left out, as unset."""
    web = group("web", "vpc-1", description=None, namePrefix=None, tags=None, ingress=[])
    rule = ingress("r", "sg-web", cidrIpv6=None, prefixListId=None, referencedSecurityGroupId=None, description=None)
    assert judge(RESOURCE_POLICY, web) == [] and judge(RESOURCE_POLICY, rule) == []
    assert judge_stack(vpc("v", ipv4IpamPoolId=None), web, rule) == []


def test_the_stack_policy_does_not_repeat_what_one_resource_breaks_alone() -> None:
    main = vpc("main")
    assert judge_stack(main, subnet("s", "vpc-main", "10.0.0.0/29")) == []  # vpc.subnet-cidr: aws-would-refuse's
    assert judge(RESOURCE_POLICY, subnet("s", "vpc-main", "10.0.0.0/29"))


# --- elastic-inference-end-of-life ---------------------------------------------------------------


def variants(*accelerators: Any) -> list[dict[str, Any]]:
    return [
        {"modelName": "m", "instanceType": "ml.m5.large", **({"acceleratorType": a} if a else {})} for a in accelerators
    ]


def test_an_ei_accelerator_or_endpoint_is_flagged_with_its_successors() -> None:
    config = R(
        CONFIG_T,
        "serving",
        {"productionVariants": variants(None, "ml.eia2.medium"), "shadowProductionVariants": variants("ml.eia1.large")},
    )
    first, second = judge(END_OF_LIFE_POLICY, config)
    assert first.startswith(
        "EndpointConfiguration serving: production_variants[1].accelerator_type: 'ml.eia2.medium' asks for Elastic Inference."
    )
    assert second.startswith(
        "EndpointConfiguration serving: shadow_production_variants[0].accelerator_type: 'ml.eia1.large'"
    )
    assert "ml.inf2" in first and "ml.g5" in first and "successor path (SageMakerPrivateNetwork" in first
    (flagged,) = judge(END_OF_LIFE_POLICY, endpoint("ei", "vpc-1", [], []))
    assert flagged.startswith(f"VpcEndpoint ei: service_name: '{EI}' asks for Elastic Inference.")


def test_what_does_not_ask_for_ei_is_not_flagged() -> None:
    assert judge(END_OF_LIFE_POLICY, R(CONFIG_T, "serving", {"productionVariants": variants(None, None)})) == []
    assert judge(END_OF_LIFE_POLICY, R(CONFIG_T, "later", {"productionVariants": variants(U)})) == []  # not known yet
    assert judge(END_OF_LIFE_POLICY, endpoint("api", "vpc-1", [], [], service=API)) == []
    assert (
        judge(
            END_OF_LIFE_POLICY,
            R("aws:sagemaker/notebookInstance:NotebookInstance", "nb", {"instanceType": "ml.t3.medium"}),
        )
        == []
    )


# --- one set of rules: every rule of the README's table reaches a front-end --------------------


# For each rule, a stack that breaks it (IDs known, as after `pulumi up`). `plan` judges the stack in
# a closed world (the account is what the stack creates, where EI is offered in a and b only).
BREAKS: dict[str, list[R]] = {
    "ec2.group-name": [group("sg-web", "vpc-1")],
    "ec2.group-description": [group("web", "vpc-1", description="Team's")],
    "ec2.rule-description": [ingress("r", "sg-1", description="x" * 256)],
    "ec2.group-rule-description": [
        ingress("r", "sg-1", cidrIpv4=None, referencedSecurityGroupId="sg-2", description="A & B")
    ],
    "ec2.rule-protocol": [ingress("r", "sg-1", ipProtocol="http")],
    "ec2.rule-ports": [ingress("r", "sg-1", fromPort=444.0)],
    "ec2.rule-peer": [ingress("r", "sg-1", cidrIpv4="10.0.0.1/16")],
    "ec2.rule-same-vpc": [
        vpc("a"),
        vpc("b", "10.1.0.0/16"),
        group("ga", "vpc-a"),
        group("gb", "vpc-b"),
        ingress("r", "sg-ga", cidrIpv4=None, referencedSecurityGroupId="sg-gb"),
    ],
    "ec2.known-id": [group("g", "vpc-missing")],
    "iam.role-name": [role("r" * 65)],
    "iam.policy-name": [R(POLICY_T, "p", {"name": "ei policy", "policy": "{}"})],
    "iam.inline-policy-name": [R(ROLE_POLICY_T, "p", {"name": "a/b", "role": "r", "policy": "{}"})],
    "iam.role-description": [role("r", description="Role ✓")],
    "iam.policy-description": [R(POLICY_T, "p", {"name": "p", "description": "x" * 1001, "policy": "{}"})],
    "iam.trust-policy-size": [role("r", assumeRolePolicy=document(2049))],
    "iam.managed-policy-size": [R(POLICY_T, "p", {"name": "p", "policy": document(6145)})],
    "iam.inline-policy-size": [role("r")]
    + [R(ROLE_POLICY_T, f"p{i}", {"name": f"p{i}", "role": "r", "policy": document(6000)}) for i in (1, 2)],
    "pulumi.auto-name": [R(ROLE_T, "r" * 57, {"assumeRolePolicy": "{}"})],
    "pulumi.name-prefix": [R(ROLE_T, "r", {"namePrefix": "p" * 39, "assumeRolePolicy": "{}"})],
    "vpc.cidr": [vpc("v", "10.0.0.0/15")],
    "vpc.subnet-cidr": [vpc("v"), subnet("s", "vpc-v", "10.0.0.0/29")],
    "vpc.subnet-in-vpc": [vpc("v"), subnet("s", "vpc-v", "10.9.0.0/24")],
    "vpc.subnet-overlap": [vpc("v"), subnet("s1", "vpc-v", "10.0.0.0/24"), subnet("s2", "vpc-v", "10.0.0.0/25")],
    "vpc.subnet-az": [vpc("v"), subnet("s", "vpc-v", "10.0.0.0/24", "eu-west-1a")],
    "endpoint.service": [vpc("v"), endpoint("e", "vpc-v", [], [], service="com.amazonaws.us-east-1.nothing")],
    "endpoint.subnet-vpc": [
        vpc("v"),
        vpc("w", "10.1.0.0/16"),
        subnet("s", "vpc-w", "10.1.0.0/24"),
        endpoint("e", "vpc-v", ["subnet-s"], []),
    ],
    "endpoint.one-subnet-per-az": [
        vpc("v"),
        subnet("s1", "vpc-v", "10.0.0.0/24"),
        subnet("s2", "vpc-v", "10.0.1.0/24"),
        endpoint("e", "vpc-v", ["subnet-s1", "subnet-s2"], []),
    ],
    "endpoint.offered-az": [
        vpc("v"),
        subnet("s", "vpc-v", "10.0.0.0/24", "us-east-1c"),
        endpoint("e", "vpc-v", ["subnet-s"], []),
    ],
    "endpoint.group-vpc": [
        vpc("v"),
        vpc("w", "10.1.0.0/16"),
        group("g", "vpc-w"),
        endpoint("e", "vpc-v", [], ["sg-g"]),
    ],
    "endpoint.private-dns-attributes": [vpc("v", enableDnsHostnames=False), endpoint("e", "vpc-v", [], [])],
    "endpoint.single-private-dns": [vpc("v"), endpoint("e1", "vpc-v", [], []), endpoint("e2", "vpc-v", [], [])],
    "endpoint.policy": [vpc("v"), endpoint("e", "vpc-v", [], [], policy='{"Statement": []}')],
    "endpoint.service-type": [vpc("v"), gateway("g", "vpc-v", [], service=API)],
    "endpoint.type-targets": [vpc("v"), gateway("g", "vpc-v", [], securityGroupIds=["sg-1"])],
    "endpoint.route-table-vpc": [
        vpc("v"),
        vpc("w", "10.1.0.0/16"),
        route_table("t", "vpc-w"),
        gateway("g", "vpc-v", ["rtb-t"]),
    ],
    "tags.count": [vpc("v", tags={f"k{i}": "v" for i in range(51)})],
    "tags.key": [vpc("v", tags={"aws:owner": "me"})],
    "tags.value": [vpc("v", tags={"team": "v" * 257})],
    "iam.tag-characters": [role("r", tags={"team": "ml\tplatform"})],
    "iam.tag-key-case": [role("r", tags={"Team": "ml", "team": "ai"})],
}


def plan_judges(stack: list[R]) -> set[str]:
    """Rule ids a closed-world account (as the simulated one) refuses in ``stack``, resource by resource."""
    account = AccountState(
        "us-east-1",
        services={EI: ["us-east-1a", "us-east-1b"], API: ["us-east-1a"]},
        services_without_policy={EI},
        gateway_services={S3},
    )
    found = set()
    for r in stack:
        props = {k: v for k, v in r.props.items() if v is not None}
        found |= {v.rule.id for v in check_resource(r.type, r.name, props, account)}
        record(r.type, r.name, str(props.get("id", r.name)), props, account)
    return found


def pack_judges(stack: list[R]) -> dict[str, set[str]]:
    """Rule ids each of the pack's two mandatory policies reports in ``stack``."""
    ids = {rule.id for rule in RULES}

    def named(messages: list[str]) -> set[str]:
        return {i for i in ids for m in messages if f"[{i}, " in m}

    return {
        RESOURCE_POLICY: named([m for r in stack for m in judge(RESOURCE_POLICY, r)]),
        STACK_POLICY: named([m for _, m in judge_stack(*stack)]),
    }


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_reaches_the_front_ends_its_scope_names(rule: Any) -> None:
    """plan judges every rule; the pack those of scope resource (per resource) and stack (between resources)."""
    assert rule.id in BREAKS, f"add a stack that breaks {rule.id} to BREAKS"
    stack = BREAKS[rule.id]
    assert rule.id in plan_judges(stack)
    reported = pack_judges(stack)
    assert {
        "resource": reported[RESOURCE_POLICY] >= {rule.id},
        "stack": rule.id in reported[STACK_POLICY] - reported[RESOURCE_POLICY],
        "account": rule.id not in reported[RESOURCE_POLICY] | reported[STACK_POLICY],
    }[rule.scope], reported


def test_the_rules_table_names_the_packs_own_policies() -> None:
    assert set(JUDGED_BY) == set(SCOPES)
    assert f"`{RESOURCE_POLICY}`" in JUDGED_BY["resource"] and f"`{STACK_POLICY}`" in JUDGED_BY["stack"]
    assert "pack" not in JUDGED_BY["account"]
