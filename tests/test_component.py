"""The component in a simulated account: what it creates, how it is wired, what it tells."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from ei_pulumi.config import SETUP_TAG, ConfigError
from ei_pulumi.offline.runner import OfflineRun, Registration
from ei_pulumi.steps.permissions import (
    ei_connect_policy,
    full_access_policy,
    trust_policy,
)
from tests.conftest import (
    ROLE_ARN,
    ROLE_NAME,
    SUBNET_A,
    SUBNET_A2,
    SUBNET_B,
    SUBNET_C,
    SUBNET_D,
    VPC,
    byo,
    make_world,
    run_setup,
)

ROLE = "aws:iam/role:Role"
POLICY = "aws:iam/policy:Policy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INLINE_POLICY = "aws:iam/rolePolicy:RolePolicy"
GROUP = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
VPC_TYPE = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
UNTAGGABLE = {ATTACHMENT, INLINE_POLICY, "pulumi:providers:aws"}


def one(run: OfflineRun, type_: str) -> Registration:
    found = run.of_type(type_)
    assert len(found) == 1, f"expected one {type_}, got {[r.name for r in found]}"
    return found[0]


def group_ids(run: OfflineRun) -> dict[str, str]:
    """Security group ID -> "endpoint" or "sagemaker"."""
    groups = run.outputs
    return {groups["endpoint_security_group_id"]: "endpoint", groups["sagemaker_security_group_id"]: "sagemaker"}


def rules(run: OfflineRun, type_: str, group: str) -> list[dict]:
    ids = group_ids(run)
    return [r.inputs for r in run.of_type(type_) if ids[r.inputs["securityGroupId"]] == group]


# --- step 1: permissions -------------------------------------------------------------------


def test_managed_mode_attaches_sagemaker_full_access(world) -> None:
    run = run_setup(world, byo())
    role = one(run, ROLE)
    assert json.loads(role.inputs["assumeRolePolicy"]) == trust_policy()
    assert "name" not in role.inputs  # auto-named
    attachment = one(run, ATTACHMENT)
    assert attachment.inputs["policyArn"] == "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
    assert attachment.inputs["role"] == run.outputs["role_name"]
    assert run.of_type(POLICY) == [] and run.of_type(INLINE_POLICY) == []
    assert run.outputs["role_arn"].startswith("arn:aws:iam::") and ":role/" in run.outputs["role_arn"]


def test_custom_mode_attaches_the_full_policy(world) -> None:
    run = run_setup(world, byo(permissions="custom"))
    policy = one(run, POLICY)
    assert json.loads(policy.inputs["policy"]) == full_access_policy("aws")
    attachment = one(run, ATTACHMENT)
    assert attachment.inputs["role"] == run.outputs["role_name"]
    assert policy.urn in attachment.dependencies
    assert attachment.inputs["policyArn"].startswith("arn:aws:iam::") and ":policy/" in attachment.inputs["policyArn"]


def test_existing_role_gets_the_minimal_statement_and_no_role_is_created(world) -> None:
    run = run_setup(world, byo(existing_role_name=ROLE_NAME))
    assert run.of_type(ROLE) == [] and run.of_type(ATTACHMENT) == []
    inline = one(run, INLINE_POLICY)
    assert inline.inputs["role"] == ROLE_NAME
    assert json.loads(inline.inputs["policy"]) == ei_connect_policy()
    assert run.outputs["role_arn"] == ROLE_ARN and run.outputs["role_name"] == ROLE_NAME


def test_unknown_existing_role_is_a_config_error(world) -> None:
    with pytest.raises(ConfigError) as caught:
        run_setup(world, byo(existing_role_name="no-such-role"))
    assert caught.value.key == "existing_role_name"
    assert world.registered == []


def test_policy_arns_follow_the_partition() -> None:
    world = make_world(region="us-gov-west-1", service_azs=["us-gov-west-1a", "us-gov-west-1b"])
    run = run_setup(world, {"allow_any_region": True, "permissions": "managed"})
    assert one(run, ATTACHMENT).inputs["policyArn"] == "arn:aws-us-gov:iam::aws:policy/AmazonSageMakerFullAccess"
    run = run_setup(
        make_world(region="cn-north-1", service_azs=["cn-north-1a", "cn-north-1b"]),
        {"allow_any_region": True, "permissions": "custom"},
    )
    assert json.loads(one(run, POLICY).inputs["policy"]) == full_access_policy("aws-cn")


# --- step 2: security groups ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("traffic", "expected"),
    [("https", {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443}), ("all", {"ipProtocol": "-1"})],
)
def test_security_group_rules_are_the_pages_final_state(world, traffic: str, expected: dict) -> None:
    run = run_setup(world, byo(traffic=traffic))
    groups = run.of_type(GROUP)
    assert len(groups) == 2
    for group in groups:
        assert group.inputs["vpcId"] == VPC
        assert not group.inputs.get("ingress") and not group.inputs.get("egress")  # no inline rules
        assert group.inputs["description"]
    endpoint_sg = run.outputs["endpoint_security_group_id"]
    sagemaker_sg = run.outputs["sagemaker_security_group_id"]

    assert rules(run, INGRESS, "sagemaker") == []
    (to_endpoint,) = rules(run, EGRESS, "sagemaker")
    assert to_endpoint["referencedSecurityGroupId"] == endpoint_sg
    assert "cidrIpv4" not in to_endpoint
    assert {k: to_endpoint[k] for k in expected} == expected

    (from_sagemaker,) = rules(run, INGRESS, "endpoint")
    assert from_sagemaker["referencedSecurityGroupId"] == sagemaker_sg
    assert {k: from_sagemaker[k] for k in expected} == expected
    if traffic == "all":
        assert "fromPort" not in from_sagemaker and "toPort" not in from_sagemaker

    (all_outbound,) = rules(run, EGRESS, "endpoint")
    assert all_outbound["ipProtocol"] == "-1" and all_outbound["cidrIpv4"] == "0.0.0.0/0"

    for rule in run.of_type(INGRESS) + run.of_type(EGRESS):
        assert rule.inputs["description"]
    assert not any("cidrIpv4" in r.inputs or "cidrIpv6" in r.inputs for r in run.of_type(INGRESS))


# --- step 3: interface endpoint ------------------------------------------------------------


def test_interface_endpoint(world) -> None:
    run = run_setup(world, byo())
    endpoint = one(run, ENDPOINT)
    assert endpoint.inputs["vpcEndpointType"] == "Interface"
    assert endpoint.inputs["serviceName"] == "com.amazonaws.us-east-1.elastic-inference.runtime"
    assert endpoint.inputs["vpcId"] == VPC
    assert endpoint.inputs["subnetIds"] == [SUBNET_A, SUBNET_B]
    assert endpoint.inputs["securityGroupIds"] == [run.outputs["endpoint_security_group_id"]]
    assert endpoint.inputs["privateDnsEnabled"] is True
    assert "policy" not in endpoint.inputs
    assert "serviceName" in json.dumps([i.args for i in run.invocations])


def test_private_dns_can_be_turned_off(world) -> None:
    run = run_setup(world, byo(private_dns_enabled=False))
    assert one(run, ENDPOINT).inputs["privateDnsEnabled"] is False


def test_vpc_without_dns_hostnames_is_an_error_with_private_dns() -> None:
    from ei_pulumi.offline.simulated_aws import SimulatedVpc

    world = make_world(vpcs={VPC: SimulatedVpc(enable_dns_hostnames=False)})
    with pytest.raises(ConfigError, match="enableDnsHostnames") as caught:
        run_setup(world, byo())
    assert caught.value.key == "private_dns_enabled" and world.registered == []
    assert one(
        run_setup(make_world(vpcs={VPC: SimulatedVpc(enable_dns_hostnames=False)}), byo(private_dns_enabled=False)),
        ENDPOINT,
    )


def test_subnets_outside_offered_azs_or_doubling_an_az_are_dropped_with_warnings(world) -> None:
    run = run_setup(world, byo(subnet_ids=[SUBNET_A, SUBNET_A2, SUBNET_D, SUBNET_B, SUBNET_C]))
    assert one(run, ENDPOINT).inputs["subnetIds"] == [SUBNET_A, SUBNET_B, SUBNET_C]
    assert run.outputs["subnet_ids"] == [SUBNET_A, SUBNET_B, SUBNET_C]
    dropped = [w for w in run.warnings if "left out" in w]
    assert len(dropped) == 2
    assert any(SUBNET_A2 in w and "one subnet per AZ" in w for w in dropped)
    assert any(SUBNET_D in w and "us-east-1d" in w for w in dropped)


def test_fewer_than_two_offered_azs_is_an_error_and_nothing_is_registered(world) -> None:
    with pytest.raises(ConfigError) as caught:
        run_setup(world, byo(subnet_ids=[SUBNET_A, SUBNET_A2, SUBNET_D]))
    assert caught.value.key == "subnet_ids"
    assert "us-east-1a, us-east-1b, us-east-1c" in str(caught.value)
    assert world.registered == []


def test_end_of_life_is_announced_once_with_successors(world) -> None:
    run = run_setup(world, byo(subnet_ids=[SUBNET_A, SUBNET_B, SUBNET_C]))
    eol = [w for w in run.warnings if "end of life" in w]
    assert len(eol) == 1 and "ml.inf2" in eol[0] and "ml.g5" in eol[0]
    assert len(run.warnings) == 1


# --- the VPC the component creates ---------------------------------------------------------


def test_without_vpc_a_private_vpc_spans_the_first_offered_azs(world) -> None:
    run = run_setup(world, {"availability_zone_count": 3, "vpc_cidr": "172.20.0.0/20"})
    vpc = one(run, VPC_TYPE)
    assert vpc.inputs["cidrBlock"] == "172.20.0.0/20"
    assert vpc.inputs["enableDnsSupport"] is True and vpc.inputs["enableDnsHostnames"] is True
    subnets = sorted(run.of_type(SUBNET), key=lambda s: s.inputs["availabilityZone"])
    assert [s.inputs["availabilityZone"] for s in subnets] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    assert [s.inputs["cidrBlock"] for s in subnets] == ["172.20.0.0/23", "172.20.2.0/23", "172.20.4.0/23"]  # eighths
    assert all(s.inputs.get("mapPublicIpOnLaunch") is False for s in subnets)
    assert not [r for r in run.registrations if "InternetGateway" in r.type or "NatGateway" in r.type]
    endpoint = one(run, ENDPOINT)
    assert endpoint.inputs["subnetIds"] == run.outputs["subnet_ids"]
    assert len(set(run.outputs["subnet_ids"])) == 3
    assert {s.urn for s in subnets} <= set(endpoint.dependencies)
    assert endpoint.inputs["vpcId"] == run.outputs["vpc_id"] and run.outputs["vpc_id"].startswith("vpc-")
    assert {g.inputs["vpcId"] for g in run.of_type(GROUP)} == {run.outputs["vpc_id"]}


def test_region_offering_too_few_azs_for_the_created_vpc(world) -> None:
    world.service_azs = ["us-east-1a"]
    with pytest.raises(ConfigError) as caught:
        run_setup(world, {})
    assert caught.value.key == "availability_zone_count" and world.registered == []


# --- Pulumi conventions --------------------------------------------------------------------


@pytest.mark.parametrize("config", [byo(permissions="custom"), byo(existing_role_name=ROLE_NAME), {}])
def test_children_take_the_component_as_parent_and_carry_its_tags(world, config: dict) -> None:
    tags = {"team": "ml-platform", "cost-center": "42"}
    run = run_setup(world, {**config, "tags": tags})
    component = one(run, "ei-pulumi:index:ElasticInferenceSetup")
    children = [r for r in run.registrations if r is not component]
    assert children and all(r.parent == component.urn for r in children)
    for child in children:
        if child.type == ENDPOINT:  # also marked as this setup's own, for the next pulumi up
            assert child.inputs.get("tags") == {**tags, SETUP_TAG: "project/stack/ei"}
        elif child.type not in UNTAGGABLE:
            assert child.inputs.get("tags") == tags, child.name


def test_a_provider_given_to_the_component_reaches_children_and_lookups(world) -> None:
    captured: dict[str, aws.Provider] = {}

    def opts() -> pulumi.ResourceOptions:
        captured["provider"] = aws.Provider("west", region="us-west-2")
        return pulumi.ResourceOptions(provider=captured["provider"])

    world.region = "us-west-2"
    world.service_azs = ["us-west-2a", "us-west-2b"]
    run = run_setup(world, {}, opts=opts)
    provider_urn = one(run, "pulumi:providers:aws").urn
    children = [r for r in run.registrations if r.custom and r.type != "pulumi:providers:aws"]
    assert children and all(r.provider.startswith(provider_urn + "::") for r in children)
    assert run.invocations and all(i.provider.startswith(provider_urn + "::") for i in run.invocations)
    assert one(run, ENDPOINT).inputs["serviceName"] == "com.amazonaws.us-west-2.elastic-inference.runtime"


def test_outputs(world) -> None:
    run = run_setup(world, byo())
    outputs = run.outputs
    assert outputs["vpc_id"] == VPC
    assert outputs["subnet_ids"] == [SUBNET_A, SUBNET_B]
    assert outputs["service_name"] == "com.amazonaws.us-east-1.elastic-inference.runtime"
    assert outputs["vpc_endpoint_id"].startswith("vpce-")
    assert outputs["endpoint_security_group_id"] != outputs["sagemaker_security_group_id"]
    assert outputs["sagemaker_vpc_config"] == {
        "Subnets": [SUBNET_A, SUBNET_B],
        "SecurityGroupIds": [outputs["sagemaker_security_group_id"]],
    }
    assert outputs["vpc_endpoint_dns_names"] and all(
        name.startswith(outputs["vpc_endpoint_id"]) for name in outputs["vpc_endpoint_dns_names"]
    )


def test_two_components_in_one_program_do_not_collide(world) -> None:
    from ei_pulumi import ElasticInferenceSetup
    from ei_pulumi.offline.runner import run_offline

    def two_setups() -> None:
        ElasticInferenceSetup("prod", byo())
        ElasticInferenceSetup("staging", byo(private_dns_enabled=False))  # one private-DNS endpoint per VPC

    run = run_offline(two_setups, world)
    names = [r.name for r in run.registrations]
    assert len(names) == len(set(names)) and len(run.of_type(ENDPOINT)) == 2


def test_a_second_private_dns_setup_in_one_vpc_is_refused_before_it_registers(world) -> None:
    from ei_pulumi import ElasticInferenceSetup
    from ei_pulumi.offline.runner import run_offline

    with pytest.raises(ConfigError) as caught:
        run_offline(lambda: [ElasticInferenceSetup(n, byo()) for n in ("prod", "staging")], world)
    assert caught.value.key == "private_dns_enabled"
    assert "'staging'" in str(caught.value) and "'prod'" in str(caught.value) and VPC in str(caught.value)
    assert "private_dns_enabled: false" in str(caught.value) and "one setup per VPC" in str(caught.value)
    assert not [name for _, name in world.registered if name.startswith("staging")]


def test_an_endpoint_already_in_the_vpc_is_refused_unless_it_is_this_setups_own(world) -> None:
    from ei_pulumi.offline.simulated_aws import SimulatedEndpoint

    ei_service = "com.amazonaws.us-east-1.elastic-inference.runtime"
    world.endpoints = {"vpce-0123456789abcdef0": SimulatedEndpoint(VPC, ei_service)}
    with pytest.raises(ConfigError, match="vpce-0123456789abcdef0") as caught:
        run_setup(world, byo())
    assert caught.value.key == "private_dns_enabled" and world.registered == []

    # The endpoint of this very setup, from an earlier `pulumi up`: an update, not a rival.
    own = make_world(
        endpoints={"vpce-0123456789abcdef0": SimulatedEndpoint(VPC, ei_service, tags={SETUP_TAG: "project/stack/ei"})}
    )
    assert len(run_setup(own, byo()).of_type(ENDPOINT)) == 1
    without_dns = make_world(endpoints=dict(world.endpoints))
    assert len(run_setup(without_dns, byo(private_dns_enabled=False)).of_type(ENDPOINT)) == 1


@pytest.mark.parametrize(("config", "depth"), [(byo(), 2), (byo(permissions="custom"), 2), ({}, 3)])
def test_independent_resources_deploy_in_parallel(world, config: dict, depth: int) -> None:
    chain = run_setup(world, config).critical_path()
    assert len(chain) == depth
    assert all(earlier.urn in later.dependencies for earlier, later in zip(chain, chain[1:]))


def test_components_in_one_program_share_lookups_per_provider(world) -> None:
    from ei_pulumi import ElasticInferenceSetup
    from ei_pulumi.offline.runner import run_offline

    single = run_offline(lambda: ElasticInferenceSetup("one", byo()), world)
    assert len(single.invocations) == 7  # partition, region, service, VPC, two subnets, EI endpoints in the VPC

    def three_setups_two_providers() -> None:
        ElasticInferenceSetup("a", byo())
        ElasticInferenceSetup("b", byo(private_dns_enabled=False))
        other = aws.Provider("other", region="us-east-1")
        # Another provider may be another account; here it is the same one, which allows one private-DNS endpoint.
        ElasticInferenceSetup("c", byo(private_dns_enabled=False), pulumi.ResourceOptions(provider=other))

    shared = run_offline(three_setups_two_providers, make_world())
    assert len(shared.invocations) == 13  # 7 for a, 0 for b, 6 for c: its provider asks again, and no endpoint lookup
    assert len({i.provider for i in shared.invocations}) == 2


def test_remembered_lookups_do_not_outlive_set_mocks() -> None:
    """Other people's suites call set_mocks per test (with @pulumi.runtime.test) on one root stack."""
    from ei_pulumi import ElasticInferenceSetup
    from ei_pulumi.config import ConfigError

    @pulumi.runtime.test
    def build(name: str) -> pulumi.Output:
        return ElasticInferenceSetup(name, {}).vpc_endpoint_id

    pulumi.runtime.set_mocks(make_world(), preview=False)
    build("first")
    pulumi.runtime.set_mocks(make_world(service_azs=["us-east-1a"]), preview=False)
    with pytest.raises(ConfigError, match="offered in 1 AZ"):
        build("second")


def test_settings_that_do_not_apply_are_named_in_warnings(world) -> None:
    run = run_setup(world, byo(vpc_cidr="10.1.0.0/16", existing_role_name=ROLE_NAME, permissions="custom"))
    assert [w.split(":")[0] for w in run.warnings if "ignored" in w] == ["vpc_cidr", "permissions"]
    assert run.of_type(POLICY) == [] and run.of_type(VPC_TYPE) == []


EI_SERVICE = "com.amazonaws.us-east-1.elastic-inference.runtime"
OWN_MARKER = {SETUP_TAG: "project/stack/ei"}


def endpoints_in_vpc(*endpoints: Any) -> dict[str, Any]:
    return {f"vpce-0{n}23456789abcdef0": endpoint for n, endpoint in enumerate(endpoints)}


def test_several_live_endpoints_in_the_vpc_refuse_private_dns_with_the_way_out() -> None:
    """The singular lookup fails on "multiple matched": that is not "none", and AWS allows one private-DNS endpoint."""
    from ei_pulumi.offline.simulated_aws import SimulatedEndpoint

    several = endpoints_in_vpc(SimulatedEndpoint(VPC, EI_SERVICE), SimulatedEndpoint(VPC, EI_SERVICE, False))
    world = make_world(endpoints=several)
    with pytest.raises(ConfigError) as caught:
        run_setup(world, byo())
    assert caught.value.key == "private_dns_enabled" and world.registered == []
    assert f"{VPC} already has several live EI endpoints" in str(caught.value)
    assert "set private_dns_enabled: false, or delete the endpoints not needed" in str(caught.value)
    assert len(run_setup(make_world(endpoints=several), byo(private_dns_enabled=False)).of_type(ENDPOINT)) == 1


def test_this_setups_own_endpoint_among_several_holds_the_name() -> None:
    from ei_pulumi.offline.simulated_aws import SimulatedEndpoint

    own = SimulatedEndpoint(VPC, EI_SERVICE, tags=OWN_MARKER)
    world = make_world(endpoints=endpoints_in_vpc(own, SimulatedEndpoint(VPC, EI_SERVICE, False)))
    assert len(run_setup(world, byo()).of_type(ENDPOINT)) == 1


@pytest.mark.parametrize("state", ["deleting", "deleted", "rejected", "failed", "expired"])
def test_an_endpoint_that_holds_the_name_no_more_is_no_rival(state: str) -> None:
    from ei_pulumi.offline.simulated_aws import SimulatedEndpoint

    world = make_world(endpoints=endpoints_in_vpc(SimulatedEndpoint(VPC, EI_SERVICE, state=state)))
    assert len(run_setup(world, byo()).of_type(ENDPOINT)) == 1


@pytest.mark.parametrize("state", ["pendingAcceptance", "pending"])
def test_an_endpoint_about_to_hold_the_name_is_a_rival(state: str) -> None:
    from ei_pulumi.offline.simulated_aws import SimulatedEndpoint

    world = make_world(endpoints=endpoints_in_vpc(SimulatedEndpoint(VPC, EI_SERVICE, state=state)))
    with pytest.raises(ConfigError, match="vpce-0023456789abcdef0"):
        run_setup(world, byo())
