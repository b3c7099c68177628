"""The steps' resources in a simulated account (issue 19): their logical names and descriptions, which
every stack's state holds (a new logical name, or a managed policy's new description, replaces the
resource), and which endpoints and setups are rivals for a VPC's private DNS name."""

from __future__ import annotations

from ei_pulumi import ElasticInferenceSetup
from ei_pulumi.offline.runner import run_offline
from ei_pulumi.offline.simulated_aws import SimulatedAws, SimulatedEndpoint, SimulatedSubnet
from tests.conftest import OTHER_VPC, ROLE_NAME, byo, make_world, run_setup

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
