"""The lookups before anything is created (issue 19): which provider answers, what is asked, what a failure names,
and what placement in a given VPC makes of the answers.

``invoke_options`` is pure: its providers here are plain stand-ins with a ``package``, as
pulumi's ProviderResource has. The rest runs in the simulated account, one lookup made to fail
where the test says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable

import pulumi
import pulumi_aws as aws
import pytest

from ei_pulumi import ConfigError, ElasticInferenceSetup, SageMakerPrivateNetwork
from ei_pulumi.config import SETUP_TAG
from ei_pulumi.offline.runner import OfflineRun, run_offline
from ei_pulumi.offline.simulated_aws import SimulatedAws, SimulatedEndpoint, SimulatedVpc
from ei_pulumi.steps import lookups
from ei_pulumi.steps.lookups import deployment_memory, invoke_options
from tests.conftest import ROLE_NAME, SUBNET_A, SUBNET_A2, SUBNET_B, VPC, make_world, run_network

AWS = SimpleNamespace(package="aws")
KUBERNETES = SimpleNamespace(package="kubernetes")
PARENT = SimpleNamespace(name="the component's parent")


@pytest.mark.parametrize(
    "opts",
    [
        pulumi.ResourceOptions(provider=AWS),
        pulumi.ResourceOptions(provider=AWS, providers=[KUBERNETES]),
        pulumi.ResourceOptions(provider=KUBERNETES, providers=[AWS]),
        pulumi.ResourceOptions(providers={"kubernetes": KUBERNETES, "aws": AWS}),
    ],
    ids=["provider", "provider before providers", "providers after another package's", "providers by package"],
)
def test_the_lookups_take_the_aws_provider_wherever_the_options_hold_it(opts: pulumi.ResourceOptions) -> None:
    assert invoke_options(opts).provider is AWS


@pytest.mark.parametrize(
    "opts", [None, pulumi.ResourceOptions(provider=KUBERNETES, providers={"kubernetes": KUBERNETES})]
)
def test_without_an_aws_provider_the_lookups_take_the_default_one(opts: pulumi.ResourceOptions) -> None:
    assert invoke_options(opts).provider is None


def test_the_lookups_inherit_from_the_components_parent() -> None:
    found = invoke_options(pulumi.ResourceOptions(parent=PARENT, provider=AWS))
    assert (found.parent, found.provider) == (PARENT, AWS)


def test_outside_a_deployment_each_memory_is_a_throwaway(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookups.settings, "get_monitor", lambda: None)
    first = deployment_memory()
    first["question"] = "answer"
    assert deployment_memory() == {}


# --- what is asked, and through which provider -------------------------------------------------------

EI = "com.amazonaws.us-east-1.elastic-inference.runtime"
LIVE = [{"name": "vpc-endpoint-state", "values": ["pendingAcceptance", "pending", "available"]}]
BYO = {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B]}


def questions(run: OfflineRun, provider: str) -> list[tuple[str, dict[str, Any]]]:
    """Each lookup's data source and arguments, after checking that ``provider`` answered it."""
    assert all(
        i.provider.startswith(f"urn:pulumi:stack::project::pulumi:pulumi:Stack$pulumi:providers:aws::{provider}::")
        for i in run.invocations
    )
    return [(i.token.rsplit(":", 1)[1], i.args) for i in run.invocations]


def test_an_ei_setup_asks_its_provider_of_the_vpc_its_subnets_its_endpoints_and_its_role() -> None:
    """Two live EI endpoints in the VPC: the setup asks again for the one it tagged, which holds the name."""
    world = make_world(
        endpoints={
            "vpce-0123456789abcdef0": SimulatedEndpoint(VPC, EI, tags={SETUP_TAG: "project/stack/ei"}),
            "vpce-0123456789abcdef1": SimulatedEndpoint(VPC, EI, private_dns_enabled=False),
        }
    )

    def program() -> None:
        given = pulumi.ResourceOptions(provider=aws.Provider("given", region="us-east-1"))
        ElasticInferenceSetup("ei", {**BYO, "existing_role_name": ROLE_NAME}, given)

    assert questions(run_offline(program, world), "given") == [
        ("getPartition", {}),
        ("getRegion", {}),
        ("getVpcEndpointService", {"serviceName": EI, "serviceType": "Interface"}),
        ("getVpc", {"id": VPC}),
        ("getSubnet", {"id": SUBNET_A}),
        ("getSubnet", {"id": SUBNET_B}),
        ("getVpcEndpoint", {"vpcId": VPC, "serviceName": EI, "filters": LIVE}),
        ("getVpcEndpoint", {"vpcId": VPC, "serviceName": EI, "tags": {SETUP_TAG: "project/stack/ei"}, "filters": LIVE}),
        ("getRole", {"name": ROLE_NAME}),
    ]


def test_a_gateway_only_network_asks_for_the_available_azs_and_a_given_vpcs_route_tables() -> None:
    s3 = "com.amazonaws.us-east-1.s3"
    main = [{"name": "association.main", "values": ["true"]}]

    def program() -> None:
        given = pulumi.ResourceOptions(provider=aws.Provider("given", region="us-east-1"))
        SageMakerPrivateNetwork("created", {"features": ["training"]}, given)
        SageMakerPrivateNetwork("byo", {**BYO, "features": ["training"]}, given)

    assert questions(run_offline(program, make_world()), "given") == [
        ("getPartition", {}),
        ("getRegion", {}),
        ("getVpcEndpointService", {"serviceName": s3, "serviceType": "Gateway"}),
        ("getAvailabilityZones", {"state": "available"}),
        ("getVpc", {"id": VPC}),
        ("getSubnet", {"id": SUBNET_A}),
        ("getSubnet", {"id": SUBNET_B}),
        ("getRouteTable", {"subnetId": SUBNET_A}),
        ("getRouteTable", {"vpcId": VPC, "filters": main}),
        ("getRouteTable", {"subnetId": SUBNET_B}),
    ]


def test_setups_under_parents_with_two_providers_each_ask_their_own() -> None:
    """The same VPC ID through two providers may be two VPCs: an answer is remembered per provider,
    the one a component inherits from its parent included."""

    def program() -> None:
        for team in ("red", "blue"):
            provider = aws.Provider(team, region="us-east-1")
            parent = pulumi.ComponentResource(
                "test:index:Team", team, None, pulumi.ResourceOptions(providers=[provider])
            )
            ElasticInferenceSetup(
                f"{team}-ei", dict(BYO, private_dns_enabled=False), pulumi.ResourceOptions(parent=parent)
            )

    run = run_offline(program, make_world())
    asked = [(i.provider.split("::")[-2], i.token.rsplit(":", 1)[1]) for i in run.invocations]
    for team in ("red", "blue"):
        assert [token for by, token in asked if by == team] == [
            "getPartition",
            "getRegion",
            "getVpcEndpointService",
            "getVpc",
            "getSubnet",
            "getSubnet",
        ]
    assert len(asked) == 12


# --- what a failed lookup names -----------------------------------------------------------------------


@dataclass
class FailingAws(SimulatedAws):
    """The simulated account, but the lookup ``fails`` picks out fails as the engine reports a provider's error."""

    fails: Callable[[str, dict], bool] = lambda token, inputs: False
    failed: list[str] = field(default_factory=list)

    def _answer(self, token: str, inputs: dict, region: str) -> Any:
        if self.fails(token, inputs):
            self.failed.append(token)
            return {}, [("id", "the provider failed here")]
        return super()._answer(token, inputs, region)


def ei_setup(config: dict[str, Any]) -> Callable[[], None]:
    return lambda: ElasticInferenceSetup("ei", config)


def network(config: dict[str, Any]) -> Callable[[], None]:
    return lambda: SageMakerPrivateNetwork("net", config)


@pytest.mark.parametrize(
    ("program", "token", "asked", "key", "what"),
    [
        (network({}), "getPartition", {}, "aws:region", "the partition"),
        (network({}), "getRegion", {}, "aws:region", "the region"),
        (network({"features": ["training"]}), "getAvailabilityZones", {}, "aws:region", "the Availability Zones"),
        (ei_setup(BYO), "getVpcEndpointService", {}, "aws:region", f"the EI service {EI}"),
        (ei_setup(BYO), "getVpc", {}, "vpc_id", VPC),
        (ei_setup(BYO), "getSubnet", {"id": SUBNET_B}, "subnet_ids", SUBNET_B),
        (ei_setup(BYO), "getVpcEndpoint", {}, "private_dns_enabled", f"the {EI} endpoints in {VPC}"),
        (ei_setup({"existing_role_name": ROLE_NAME}), "getRole", {}, "existing_role_name", f"role {ROLE_NAME}"),
        (network(BYO), "getRouteTable", {"subnetId": SUBNET_A}, "subnet_ids", f"the route table of {SUBNET_A}"),
        (network(BYO), "getRouteTable", {"vpcId": VPC}, "vpc_id", f"the main route table of {VPC}"),
    ],
)
def test_a_failed_lookup_names_the_setting_it_came_from_and_what_it_asked(
    program: Callable[[], None], token: str, asked: dict, key: str, what: str
) -> None:
    def fails(called: str, inputs: dict) -> bool:
        return called.endswith(f":{token}") and asked.items() <= inputs.items()

    world = make_world()
    failing = FailingAws(
        **{name: getattr(world, name) for name in ("region", "service_azs", "vpcs", "subnets", "roles")}, fails=fails
    )
    with pytest.raises(ConfigError) as caught:
        run_offline(program, failing)
    (failed,) = failing.failed
    assert (caught.value.key, caught.value.problem) == (
        key,
        f"{what} could not be looked up: invoke of {failed} failed: the provider failed here (id)",
    )


# --- placement in a given VPC ---------------------------------------------------------------------------

API = "com.amazonaws.us-east-1.sagemaker.api"


def test_a_network_without_gateway_or_private_dns_asks_for_no_endpoints_and_no_route_tables() -> None:
    world = make_world(service_azs={"com.amazonaws.us-east-1.ecr.api": ["us-east-1a", "us-east-1b"]})
    config = {**BYO, "features": [], "extra_services": ["ecr.api"], "private_dns_enabled": False}
    asked = [i.token.rsplit(":", 1)[1] for i in run_network(world, config).invocations]
    assert asked == ["getPartition", "getRegion", "getVpcEndpointService", "getVpc", "getSubnet", "getSubnet"]


def test_a_network_recognises_its_own_private_dns_endpoint_among_several_live_ones() -> None:
    world = make_world(
        endpoints={
            "vpce-0123456789abcdef0": SimulatedEndpoint(VPC, API, tags={SETUP_TAG: "project/stack/net"}),
            "vpce-0123456789abcdef1": SimulatedEndpoint(VPC, API, private_dns_enabled=False),
        }
    )
    run = run_network(world, {**BYO, "features": ["notebook"]})
    assert API in {e.inputs["serviceName"] for e in run.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")}


def test_a_network_whose_subnets_share_one_az_is_refused_with_the_reasons_for_two() -> None:
    with pytest.raises(ConfigError) as caught:
        run_network(make_world(), {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_A2]})
    assert (caught.value.key, caught.value.problem) == (
        "subnet_ids",
        "the subnets are all in us-east-1a; give subnets in at least two Availability Zones: AWS recommends two or "
        "more for the endpoints' availability, and SageMaker hosting requires them",
    )


def test_a_given_vpc_without_dns_support_is_refused_for_private_dns_by_its_id() -> None:
    world = make_world(vpcs={VPC: SimulatedVpc(enable_dns_support=False)})
    with pytest.raises(ConfigError) as caught:
        run_offline(ei_setup(BYO), world)
    assert (caught.value.key, caught.value.problem) == (
        "private_dns_enabled",
        f"needs enableDnsSupport on {VPC}; turn them on in the VPC, or set private_dns_enabled: false",
    )
