"""The steps' resources in a simulated account (issue 19): their logical names and descriptions, which
every stack's state holds (a new logical name, or a managed policy's new description, replaces the
resource), and which endpoints and setups are rivals for a VPC's private DNS name."""

from __future__ import annotations

from ei_pulumi import ElasticInferenceSetup
from ei_pulumi.offline.runner import OfflineRun, run_offline
from ei_pulumi.offline.simulated_aws import SimulatedAws, SimulatedEndpoint, SimulatedSubnet
from tests.conftest import OTHER_VPC, ROLE_NAME, byo, make_world, run_network, run_setup

ROLE = "aws:iam/role:Role"
POLICY = "aws:iam/policy:Policy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INLINE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"


def test_the_permissions_resources_are_named_after_the_setup_and_described(world: SimulatedAws) -> None:
    run = run_setup(world, byo(permissions="custom"))
    (role,) = run.of_type(ROLE)
    (policy,) = run.of_type(POLICY)
    (attachment,) = run.of_type(ATTACHMENT)
    assert (role.name, policy.name, attachment.name) == ("ei-role", "ei-full-access", "ei-custom-policy")
    assert role.inputs["description"] == "SageMaker execution role allowed to use Elastic Inference"
    assert policy.inputs["description"] == "AWS's complete custom policy for using Elastic Inference in SageMaker"


def test_the_managed_permissions_role_is_described_as_the_custom_one(world: SimulatedAws) -> None:
    (role,) = run_setup(world, byo(permissions="managed")).of_type(ROLE)
    assert (role.name, role.inputs["description"]) == (
        "ei-role",
        "SageMaker execution role allowed to use Elastic Inference",
    )


def test_an_existing_roles_inline_policy_is_named_after_the_setup(world: SimulatedAws) -> None:
    (inline,) = run_setup(world, byo(existing_role_name=ROLE_NAME)).of_type(INLINE_POLICY)
    assert inline.name == "ei-ei-connect"


def test_private_dns_endpoints_of_other_services_are_no_rivals(world: SimulatedAws) -> None:
    """AWS allows one private-DNS endpoint per service per VPC: other services' are none of EI's business,
    however many the VPC holds (a VPC without internet holds several)."""
    vpc = byo()["vpc_id"]
    world.endpoints = {
        "vpce-0123456789abcdef0": SimulatedEndpoint(vpc, "com.amazonaws.us-east-1.sts"),
        "vpce-0123456789abcdef1": SimulatedEndpoint(vpc, "com.amazonaws.us-east-1.logs"),
    }
    assert len(run_setup(world, byo()).of_type(ENDPOINT)) == 1


def test_setups_in_two_vpcs_each_take_private_dns_in_their_own() -> None:
    world = make_world()
    world.subnets = {
        **world.subnets,
        "subnet-0ffffffffffffffa1": SimulatedSubnet(OTHER_VPC, "us-east-1a"),
        "subnet-0ffffffffffffffb1": SimulatedSubnet(OTHER_VPC, "us-east-1b"),
    }
    other = {"vpc_id": OTHER_VPC, "subnet_ids": ["subnet-0ffffffffffffffa1", "subnet-0ffffffffffffffb1"]}
    run = run_offline(lambda: [ElasticInferenceSetup("prod", byo()), ElasticInferenceSetup("staging", other)], world)
    endpoints = run.of_type(ENDPOINT)
    assert sorted(e.inputs["vpcId"] for e in endpoints) == sorted([byo()["vpc_id"], OTHER_VPC])
    assert all(e.inputs["privateDnsEnabled"] is True for e in endpoints)


GROUP = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"


def groups_and_rules(run: OfflineRun) -> set[tuple[str, str, str, str]]:
    """(kind, logical name, description, group it belongs to) of every security group and rule."""
    names = {g.id: g.name for g in run.of_type(GROUP)}
    found = {("group", g.name, g.inputs["description"], "") for g in run.of_type(GROUP)}
    for kind, type_ in (("in", INGRESS), ("out", EGRESS)):
        found |= {
            (kind, r.name, r.inputs["description"], names[r.inputs["securityGroupId"]]) for r in run.of_type(type_)
        }
    return found


def test_an_ei_setups_groups_and_rules_are_named_after_the_setup_and_described(world: SimulatedAws) -> None:
    """A group's description cannot change without replacing the group (CreateSecurityGroup alone sets it)."""
    assert groups_and_rules(run_setup(world, byo())) == {
        ("group", "ei-endpoint-sg", "Elastic Inference interface endpoint: inbound from SageMaker only", ""),
        ("group", "ei-sagemaker-sg", "SageMaker notebooks and models: no inbound, outbound to the EI endpoint", ""),
        ("in", "ei-endpoint-from-sagemaker", "EI clients in the SageMaker group", "ei-endpoint-sg"),
        ("out", "ei-endpoint-all-outbound", "All outbound, as the AWS page asks", "ei-endpoint-sg"),
        ("out", "ei-sagemaker-to-endpoint", "To the Elastic Inference endpoint", "ei-sagemaker-sg"),
    }


def test_a_networks_groups_and_rules_within_the_sagemaker_group_are_named_per_direction_and_traffic(
    world: SimulatedAws,
) -> None:
    within = "ei-sagemaker-sg"
    studio, training = "Within the SageMaker group, for studio", "Within the SageMaker group, for training"
    assert groups_and_rules(run_network(world, byo(features=["studio", "training"]), name="ei")) == {
        ("group", "ei-endpoint-sg", "SageMaker interface endpoints: HTTPS from the SageMaker group only", ""),
        ("group", "ei-sagemaker-sg", "SageMaker workloads: outbound to the interface endpoints and S3", ""),
        ("in", "ei-endpoint-from-sagemaker", "HTTPS from the SageMaker group", "ei-endpoint-sg"),
        ("out", "ei-endpoint-all-outbound", "All outbound, as the AWS page asks", "ei-endpoint-sg"),
        ("out", "ei-sagemaker-to-endpoint", "HTTPS to the interface endpoints", within),
        ("out", "ei-sagemaker-to-s3", "HTTPS to s3 through its gateway endpoint", within),
        ("in", "ei-sagemaker-from-itself-tcp-2049", studio, within),
        ("out", "ei-sagemaker-to-itself-tcp-2049", studio, within),
        ("in", "ei-sagemaker-from-itself-tcp-8192-65535", studio, within),
        ("out", "ei-sagemaker-to-itself-tcp-8192-65535", studio, within),
        ("in", "ei-sagemaker-from-itself-all", training, within),
        ("out", "ei-sagemaker-to-itself-all", training, within),
    }
