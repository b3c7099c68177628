"""IDs as Pulumi Inputs: Outputs of resources in the same program, of a StackReference, of a role."""

from __future__ import annotations

from typing import Any, Callable

import pulumi
import pulumi_aws as aws
import pytest

from ei_pulumi import ElasticInferenceConfig, ElasticInferenceSetup
from ei_pulumi.config import ConfigError
from ei_pulumi.offline.runner import OfflineRun, run_offline
from tests.conftest import (
    OTHER_VPC,
    SUBNET_A,
    SUBNET_B,
    SUBNET_ELSEWHERE,
    VPC,
    export_all,
    make_world,
)

ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
INLINE_POLICY = "aws:iam/rolePolicy:RolePolicy"
NETWORK = "network"  # the stack that owns the VPC, read through a StackReference


def own_network() -> dict[str, Any]:
    """A VPC with DNS on and subnets in two AZs, made in the same program: its IDs are Outputs."""
    vpc = aws.ec2.Vpc("net", cidr_block="10.40.0.0/16", enable_dns_support=True, enable_dns_hostnames=True)
    subnets = [
        aws.ec2.Subnet(f"net-{az}", vpc_id=vpc.id, cidr_block=cidr, availability_zone=f"us-east-1{az}")
        for az, cidr in (("a", "10.40.0.0/24"), ("b", "10.40.1.0/24"))
    ]
    return {"vpc_id": vpc.id, "subnet_ids": [s.id for s in subnets]}


def from_stack_reference() -> dict[str, Any]:
    network = pulumi.StackReference(NETWORK)
    return {"vpc_id": network.get_output("vpcId"), "subnet_ids": network.get_output("privateSubnetIds")}


def with_role_made_here() -> dict[str, Any]:
    role = aws.iam.Role(
        "notebooks",
        assume_role_policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
        '{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    )
    return {**from_stack_reference(), "existing_role_name": role.name}


def world_with_network() -> Any:
    world = make_world()
    world.stack_outputs[NETWORK] = {"vpcId": VPC, "privateSubnetIds": [SUBNET_A, SUBNET_B]}
    return world


def setup_with(config: Callable[[], dict[str, Any]], preview: bool = False) -> OfflineRun:
    return run_offline(lambda: export_all(ElasticInferenceSetup("ei", config())), world_with_network(), preview=preview)


CASES = {"same program": own_network, "stack reference": from_stack_reference, "role made here": with_role_made_here}


@pytest.mark.parametrize("config", CASES.values(), ids=CASES.keys())
def test_outputs_are_looked_up_checked_and_wired_once_known(config: Callable[[], dict[str, Any]]) -> None:
    run = setup_with(config)
    (endpoint,) = run.of_type(ENDPOINT)
    assert endpoint.inputs["vpcId"] == run.outputs["vpc_id"] and run.outputs["vpc_id"].startswith("vpc-")
    assert len(endpoint.inputs["subnetIds"]) == 2 and endpoint.inputs["subnetIds"] == run.outputs["subnet_ids"]
    groups = run.of_type("aws:ec2/securityGroup:SecurityGroup")
    assert {g.inputs["vpcId"] for g in groups} == {run.outputs["vpc_id"]}
    assert any("us-east-1c, where EI is also offered" in w for w in run.warnings)  # the subnet choice ran


def test_a_role_made_in_the_program_gets_the_minimal_statement() -> None:
    run = setup_with(with_role_made_here)
    (role,) = run.of_type("aws:iam/role:Role")
    (inline,) = run.of_type(INLINE_POLICY)
    assert inline.inputs["role"] == run.outputs["role_name"] and run.outputs["role_name"].startswith("notebooks-")
    assert role.urn in inline.dependencies


@pytest.mark.parametrize("config", CASES.values(), ids=CASES.keys())
def test_a_preview_with_unknown_ids_registers_the_same_resources(config: Callable[[], dict[str, Any]]) -> None:
    def registered(run: OfflineRun) -> list[tuple[str, str]]:
        return sorted((r.type, r.name) for r in run.registrations)

    assert registered(setup_with(config, preview=True)) == registered(setup_with(config))


def _output(value: Any) -> pulumi.Output[Any]:
    return pulumi.Output.from_input(value)


BAD_OUTPUTS: dict[str, tuple[Callable[[], dict[str, Any]], str, str, str]] = {
    # case: (config, key named, words, type of what uses the value and must not be created)
    "vpc of other subnets": (
        lambda: {"vpc_id": _output(OTHER_VPC), "subnet_ids": [SUBNET_A, SUBNET_B]},
        "subnet_ids",
        OTHER_VPC,
        ENDPOINT,
    ),
    "subnet of another vpc": (
        lambda: {"vpc_id": VPC, "subnet_ids": _output([SUBNET_A, SUBNET_ELSEWHERE])},
        "subnet_ids",
        OTHER_VPC,
        ENDPOINT,
    ),
    "not a vpc id": (
        lambda: {"vpc_id": _output("my-vpc"), "subnet_ids": [SUBNET_A, SUBNET_B]},
        "vpc_id",
        "is not a VPC ID",
        ENDPOINT,
    ),
    "one subnet": (lambda: {"vpc_id": VPC, "subnet_ids": _output([SUBNET_A])}, "subnet_ids", "at least two", ENDPOINT),
    "no such role": (
        lambda: {"existing_role_name": _output("nobody")},
        "existing_role_name",
        "could not be looked up",
        INLINE_POLICY,
    ),
}


@pytest.mark.parametrize(("config", "key", "words", "user"), BAD_OUTPUTS.values(), ids=BAD_OUTPUTS.keys())
def test_a_bad_value_through_an_output_stops_before_what_uses_it(
    config: Callable, key: str, words: str, user: str
) -> None:
    world = make_world()
    with pytest.raises(ConfigError) as caught:
        run_offline(lambda: ElasticInferenceSetup("ei", config()), world)
    assert caught.value.key == key and words in str(caught.value)
    assert user not in {type_ for type_, _ in world.registered}
    if user == ENDPOINT:  # the groups live in the VPC too
        assert "aws:ec2/securityGroup:SecurityGroup" not in {type_ for type_, _ in world.registered}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"vpc_id": 7, "subnet_ids": [SUBNET_A, SUBNET_B]}, "vpc_id: expected a string or an Output of one (got int)"),
        (
            {"vpc_id": VPC, "subnet_ids": SUBNET_A},
            "subnet_ids: expected a list of subnet IDs, or an Output of one (got str)",
        ),
        ({"existing_role_name": ["r"]}, "existing_role_name: expected a string or an Output of one (got list)"),
        ({"tags": {"team": 7}}, "tags: item 'team': expected a string or an Output of one (got int)"),
    ],
)
def test_a_wrong_type_reads_as_pulumi_users_think(config: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        run_offline(lambda: ElasticInferenceSetup("ei", config), make_world())
    assert str(caught.value).startswith(message) and "0x" not in str(caught.value)


def test_tag_values_may_be_outputs() -> None:
    def program() -> None:
        team = pulumi.Output.from_input("ml-platform")
        ElasticInferenceSetup("ei", ElasticInferenceConfig(tags={"team": team}))

    run = run_offline(program, make_world())
    assert {r.inputs["tags"]["team"] for r in run.registrations if "tags" in r.inputs} == {"ml-platform"}


def test_a_tag_value_through_an_output_is_judged_once_known() -> None:
    """IAM refuses a tab in a tag value; the role, and every other taggable child, wait for the check."""

    def program() -> None:
        team = pulumi.Output.from_input("ml\tplatform")
        ElasticInferenceSetup("ei", {**from_stack_reference(), "tags": {"team": team}})

    world = world_with_network()
    with pytest.raises(ConfigError) as caught:
        run_offline(program, world)
    assert caught.value.key == "tags" and "item" not in str(caught.value) and "no tab" in str(caught.value)
    taggable = {"aws:iam/role:Role", "aws:ec2/securityGroup:SecurityGroup", ENDPOINT}
    assert not taggable & {type_ for type_, _ in world.registered}
