"""The simulated account judges what the provider would send, as AWS would, and nothing more (issue 14, part 2)."""

from __future__ import annotations

import sys
import threading
from typing import Any

from pulumi.runtime import MockResourceArgs

from ei_pulumi.offline.simulated_aws import SimulatedAws
from tests.conftest import make_world


def register(world: SimulatedAws, type_: str, name: str, inputs: dict[str, Any], provider: str = "") -> str:
    """What one of Pulumi's executor threads does for a resource: ask the mocks for it."""
    resource_id, _ = world.new_resource(MockResourceArgs(type_, name, inputs, provider, None, True))
    return str(resource_id)


def test_resources_registered_from_many_threads_at_once_never_race() -> None:
    """Pulumi registers from executor threads; with a tiny switch interval, an unguarded account
    iterated its subnets while another thread added one ("dictionary changed size during
    iteration"), or built its state twice and lost a VPC."""
    world = make_world()
    errors: list[Exception] = []

    def build_networks(worker: int) -> None:
        try:
            for n in range(150):
                name = f"w{worker}-{n}"
                vpc = register(world, "aws:ec2/vpc:Vpc", name, {"cidrBlock": "10.0.0.0/16"})
                subnet = {"vpcId": vpc, "cidrBlock": "10.0.0.0/24", "availabilityZone": "us-east-1a"}
                register(world, "aws:ec2/subnet:Subnet", name, subnet)
                register(world, "aws:ec2/securityGroup:SecurityGroup", name, {"vpcId": vpc})
        except Exception as exc:  # whatever the race raises, the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=build_networks, args=(worker,)) for worker in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(world.account.vpcs) == 2 + 8 * 150 and len(world.registered) == 3 * 8 * 150
