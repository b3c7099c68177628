"""A small simulated account and helpers to run the component in it, one mock set-up per test."""

from __future__ import annotations

import gc
from typing import Any, Callable, Optional

import pulumi
import pytest

from ei_pulumi import ElasticInferenceSetup
from ei_pulumi.offline.runner import OfflineRun, run_offline
from ei_pulumi.offline.simulated_aws import SimulatedAws, SimulatedSubnet, SimulatedVpc

VPC = "vpc-0a1b2c3d4e5f60718"
OTHER_VPC = "vpc-0ffffffffffffffff"
SUBNET_A = "subnet-0aaaaaaaaaaaaaaa1"
SUBNET_A2 = "subnet-0aaaaaaaaaaaaaaa2"
SUBNET_B = "subnet-0bbbbbbbbbbbbbbb1"
SUBNET_C = "subnet-0ccccccccccccccc1"
SUBNET_D = "subnet-0ddddddddddddddd1"  # us-east-1d, where EI is not offered
SUBNET_ELSEWHERE = "subnet-0eeeeeeeeeeeeeee1"  # in OTHER_VPC
ROLE_NAME = "existing-sagemaker-role"
ROLE_ARN = f"arn:aws:iam::111122223333:role/{ROLE_NAME}"


def make_world(**overrides: Any) -> SimulatedAws:
    """us-east-1 with EI offered in a, b and c; a VPC with subnets in a (two), b, c and d."""
    world = SimulatedAws(
        region="us-east-1",
        service_azs=["us-east-1a", "us-east-1b", "us-east-1c"],
        vpcs={VPC: SimulatedVpc(), OTHER_VPC: SimulatedVpc()},
        subnets={
            SUBNET_A: SimulatedSubnet(VPC, "us-east-1a"),
            SUBNET_A2: SimulatedSubnet(VPC, "us-east-1a"),
            SUBNET_B: SimulatedSubnet(VPC, "us-east-1b"),
            SUBNET_C: SimulatedSubnet(VPC, "us-east-1c"),
            SUBNET_D: SimulatedSubnet(VPC, "us-east-1d"),
            SUBNET_ELSEWHERE: SimulatedSubnet(OTHER_VPC, "us-east-1b"),
        },
        roles={ROLE_NAME: ROLE_ARN},
    )
    for key, value in overrides.items():
        setattr(world, key, value)
    return world


@pytest.fixture
def world() -> SimulatedAws:
    return make_world()


def byo(**extra: Any) -> dict[str, Any]:
    """A bring-your-own-VPC config over subnets in a and b."""
    return {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B], **extra}


def export_all(setup: ElasticInferenceSetup) -> None:
    from ei_pulumi.component import OUTPUTS

    for name in OUTPUTS:
        pulumi.export(name, getattr(setup, name))


def run_setup(
    world: SimulatedAws,
    config: Any,
    opts: Optional[Callable[[], pulumi.ResourceOptions]] = None,
) -> OfflineRun:
    """Build one ElasticInferenceSetup named "ei" in ``world`` and export its outputs."""

    def program() -> None:
        export_all(ElasticInferenceSetup("ei", config, opts() if opts else None))

    return run_offline(program, world)


def run_network(world: SimulatedAws, config: Any, *, name: str = "net", preview: bool = False) -> OfflineRun:
    """Build one SageMakerPrivateNetwork in ``world`` and export its outputs by attribute name."""
    from ei_pulumi import SageMakerPrivateNetwork
    from ei_pulumi.network import NETWORK_OUTPUTS

    def program() -> None:
        network = SageMakerPrivateNetwork(name, config)
        for output in NETWORK_OUTPUTS:
            pulumi.export(output, getattr(network, output))

    return run_offline(program, world, preview=preview)


@pytest.hookimpl(trylast=True)
def pytest_runtest_logfinish(nodeid: str, location: tuple[str, Optional[int], str]) -> None:
    """After each test, collect what it left behind, then freeze what is still alive.

    What is alive by then (Pulumi's, pulumi-aws's and moto's modules, loaded as the tests need them,
    and module-scoped fixtures) lives as long as the run; left in the collector's oldest generation,
    every full collection walked all of it again (about a fifth of the suite's CPU time). Frozen, a
    collection walks only what the tests made since, and each test's own garbage is still collected.
    """
    gc.collect()
    gc.freeze()
