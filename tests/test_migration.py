"""Moving an EI stack to SageMakerPrivateNetwork: the same children under an alias of the old component.

The engine gives each child of an aliased parent the alias its parent's alias implies
(pulumi/pulumi pkg/resource/deploy/step_generator.go, generateAliases and inheritedChildAlias:
the old parent's qualified type, and the old parent's name in place of the new one at the start
of the child's name). ``engine_aliases`` computes the same, so the test can show which old URNs
the new children take over: all but the EI endpoint and what only it needed.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from ei_pulumi.offline.runner import OfflineRun, Registration
from tests.conftest import ROLE_NAME, SUBNET_A, SUBNET_B, VPC, make_world, run_network, run_setup

EI_TYPE = "ei-pulumi:index:ElasticInferenceSetup"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"


def engine_aliases(parent: Registration, child: Registration) -> Iterator[str]:
    """The URNs the engine tries for ``child``: its parent's alias specs, applied as inheritedChildAlias does."""
    head = parent.urn.rsplit("::", 2)[0]  # urn:pulumi:<stack>::<project>
    for alias in parent.aliases:  # a top-level component: its alias's qualified type is the alias's type
        name = child.name
        if name.startswith(parent.name):
            name = alias["name"] + name[len(parent.name) :]
        yield f"{head}::{alias['type']}${child.type}::{name}"


def taken_over(old: OfflineRun, new: OfflineRun) -> dict[str, Registration]:
    """Each old URN a new child answers to, with that child."""
    old_urns = {r.urn for r in old.registrations}
    parents = new.by_urn()
    return {
        alias: child
        for child in new.registrations
        if child.parent in parents
        for alias in engine_aliases(parents[child.parent], child)
        if alias in old_urns
    }


# What AWS cannot change in place: a group's description, a VPC's or a subnet's block and AZ. (IDs are
# left out: the simulated account makes them from logical names, which a renamed component changes.)
FIXED = {
    "aws:ec2/securityGroup:SecurityGroup": ("description",),
    "aws:ec2/vpc:Vpc": ("cidrBlock",),
    "aws:ec2/subnet:Subnet": ("cidrBlock", "availabilityZone"),
}


@pytest.mark.parametrize(
    ("ei_config", "network_config", "removed"),
    [
        ({}, {}, {"ei-endpoint"}),
        (
            {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B], "permissions": "custom", "traffic": "all"},
            {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B]},
            {"ei-endpoint", "ei-full-access", "ei-custom-policy"},
        ),
        (
            {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B], "existing_role_name": ROLE_NAME},
            {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B], "existing_role_name": ROLE_NAME},
            {"ei-endpoint", "ei-ei-connect"},
        ),
    ],
    ids=["created VPC, managed role", "given VPC, custom policy", "given VPC, existing role"],
)
@pytest.mark.parametrize("name", ["ei", "private"])
def test_a_network_takes_over_an_ei_setups_children_but_its_endpoint(
    ei_config: dict[str, Any], network_config: dict[str, Any], removed: set[str], name: str
) -> None:
    old = run_setup(make_world(), ei_config)
    new = run_network(make_world(), {**network_config, "replaces_ei_setup": "ei"}, name=name)
    children = {r.urn: r for r in old.registrations if r.type != EI_TYPE}
    kept = taken_over(old, new)
    assert {children[urn].name for urn in set(children) - set(kept)} == removed
    for urn, child in kept.items():
        before = children[urn]
        assert child.type == before.type
        for prop in FIXED.get(child.type, ()):
            assert child.inputs[prop] == before.inputs[prop], (child.name, prop)
    (component,) = new.of_type("ei-pulumi:index:SageMakerPrivateNetwork")
    assert {a["type"] for a in component.aliases} == {EI_TYPE, "ei-pulumi:sagemaker:ElasticInferenceSetup"}
    assert {a["name"] for a in component.aliases} == {"ei"}


def test_without_replaces_ei_setup_nothing_is_aliased_and_the_groups_describe_the_network() -> None:
    new = run_network(make_world(), {})
    assert all(r.aliases == [] for r in new.registrations)
    old = run_setup(make_world(), {})
    assert taken_over(old, new) == {}
    descriptions = {r.inputs["description"] for r in new.of_type("aws:ec2/securityGroup:SecurityGroup")}
    assert not any("Elastic Inference" in d or "EI" in d for d in descriptions)


def test_the_ei_endpoint_is_the_only_endpoint_left_behind() -> None:
    old = run_setup(make_world(), {})
    new = run_network(make_world(), {"replaces_ei_setup": "ei"}, name="ei")
    (ei_endpoint,) = old.of_type(ENDPOINT)
    assert ei_endpoint.urn not in taken_over(old, new)
    assert all(r.name != "ei-endpoint" for r in new.of_type(ENDPOINT))
