"""The simulated account judges what the provider would send, as AWS would, and nothing more (issue 14, part 2)."""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable

import pulumi
import pulumi_aws as aws
import pytest
from pulumi.runtime import MockCallArgs, MockResourceArgs

from ei_pulumi import ConfigError, ElasticInferenceSetup
from ei_pulumi.offline.runner import run_offline
from ei_pulumi.offline.simulated_aws import AwsRefusal, SimulatedAws, SimulatedEndpoint, SimulatedSubnet, SimulatedVpc
from tests.conftest import OTHER_VPC, VPC, byo, export_all, make_world


def register(world: SimulatedAws, type_: str, name: str, inputs: dict[str, Any], provider: str = "") -> str:
    """What one of Pulumi's executor threads does for a resource: ask the mocks for it (as in ``pulumi up``:
    see ``deployed``)."""
    resource_id, _ = world.new_resource(MockResourceArgs(type_, name, inputs, provider, None, True))
    return str(resource_id)


@pytest.fixture
def deployed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations made by hand, outside a run, are those of a ``pulumi up``, whatever an earlier
    test's run (a preview, say) left in Pulumi's global settings."""
    monkeypatch.setattr(pulumi.runtime, "is_dry_run", lambda: False)


def test_resources_registered_from_many_threads_at_once_never_race(deployed: None) -> None:
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


def test_resources_the_account_has_no_rules_for_pass_through_untouched() -> None:
    """EC2 takes any character in a tag; the account judged every type's tags by IAM's set before."""

    def program() -> None:
        aws.ec2.Instance("web", ami="ami-0123456789abcdef0", instance_type="t3.micro", tags={"Name": "web & api"})
        pulumi.CustomResource("random:index/randomPet:RandomPet", "pet", {"length": 2})

    world = make_world()
    run = run_offline(program, world)
    assert world.refusals == []
    (instance,) = run.of_type("aws:ec2/instance:Instance")
    assert instance.inputs["tags"] == {"Name": "web & api"} and instance.id.startswith("simulated-0ff11e")
    assert sorted(r.type for r in run.registrations) == [
        "aws:ec2/instance:Instance",
        "random:index/randomPet:RandomPet",
    ]


def test_a_vpc_grows_with_secondary_blocks_and_may_take_its_range_from_ipam() -> None:
    def program() -> None:
        vpc = aws.ec2.Vpc("grown", cidr_block="10.60.0.0/16")
        second = aws.ec2.VpcIpv4CidrBlockAssociation("second", vpc_id=vpc.id, cidr_block="10.61.0.0/16")
        aws.ec2.Subnet(
            "in-second",
            vpc_id=vpc.id,
            cidr_block="10.61.0.0/24",
            availability_zone="us-east-1a",
            opts=pulumi.ResourceOptions(depends_on=[second]),
        )
        pooled = aws.ec2.Vpc("pooled", ipv4_ipam_pool_id="ipam-pool-0123456789abcdef0", ipv4_netmask_length=20)
        aws.ec2.Subnet("in-pool", vpc_id=pooled.id, cidr_block="10.62.0.0/24", availability_zone="us-east-1b")

    world = make_world()
    run = run_offline(program, world)
    assert world.refusals == [] and len(run.of_type("aws:ec2/subnet:Subnet")) == 2


@pytest.mark.parametrize(("peer_region", "refused"), [(None, False), ("us-east-1", False), ("us-west-2", True)])
def test_a_rule_references_a_group_of_its_vpc_or_of_a_peer_in_the_region(peer_region: Any, refused: bool) -> None:
    """vpc-peering-security-groups.html: a peered VPC's group may be referenced, not one across regions."""

    def program() -> None:
        a = aws.ec2.Vpc("a", cidr_block="10.60.0.0/16")
        b = aws.ec2.Vpc("b", cidr_block="10.61.0.0/16")
        peering = aws.ec2.VpcPeeringConnection(
            "ab", vpc_id=a.id, peer_vpc_id=b.id, peer_region=peer_region, auto_accept=True
        )
        ga, gb = aws.ec2.SecurityGroup("ga", vpc_id=a.id), aws.ec2.SecurityGroup("gb", vpc_id=b.id)
        aws.vpc.SecurityGroupIngressRule(
            "from-b",
            security_group_id=ga.id,
            referenced_security_group_id=gb.id,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            # The peering must be active first: without this, `pulumi up` may create the rule before it.
            opts=pulumi.ResourceOptions(depends_on=[peering]),
        )

    world = make_world()
    if not refused:
        run_offline(program, world)
        assert world.refusals == []
        return
    with pytest.raises(AwsRefusal, match=r"ec2\.rule-same-vpc"):
        run_offline(program, world)
    (violation,) = world.refusals
    assert (violation.rule.id, violation.resource) == ("ec2.rule-same-vpc", "SecurityGroupIngressRule from-b")


def test_a_name_prefix_names_the_role_as_the_provider_would() -> None:
    """Prefix plus a 26-character unique suffix (create.Name), whatever the logical name's length."""
    trust = '{"Version":"2012-10-17","Statement":[]}'

    def program() -> None:
        role = aws.iam.Role("notebooks-" + "x" * 70, name_prefix="ml-", assume_role_policy=trust)
        pulumi.export("name", role.name)
        pulumi.export("arn", role.arn)

    run = run_offline(program, make_world())
    assert run.outputs["name"].startswith("ml-") and len(run.outputs["name"]) == 3 + 26
    assert run.outputs["arn"].endswith(f":role/{run.outputs['name']}")


def in_region(region: str, config: dict[str, Any]) -> Callable[[], None]:
    """A program whose setup is served by an explicit provider of ``region``."""

    def program() -> None:
        provider = aws.Provider("elsewhere", region=region)
        export_all(ElasticInferenceSetup("ei", config, pulumi.ResourceOptions(provider=provider)))

    return program


def test_an_explicit_providers_region_serves_its_lookups_and_judges_its_resources() -> None:
    """A us-west-2 provider in a us-east-1 account: its service, AZs, subnets and partition are us-west-2's."""
    run = run_offline(in_region("us-west-2", {}), make_world())
    assert run.outputs["service_name"] == "com.amazonaws.us-west-2.elastic-inference.runtime"
    subnets = run.of_type("aws:ec2/subnet:Subnet")
    assert sorted(s.inputs["availabilityZone"] for s in subnets) == ["us-west-2a", "us-west-2b"]
    assert ".us-west-2.vpce.amazonaws.com" in run.outputs["vpc_endpoint_dns_names"][0]
    china = run_offline(in_region("cn-north-1", {"allow_any_region": True}), make_world())
    (attachment,) = china.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert attachment.inputs["policyArn"].startswith("arn:aws-cn:iam::aws:policy/")


def test_the_seeded_network_lives_in_the_accounts_own_region() -> None:
    with pytest.raises(ConfigError) as caught:
        run_offline(in_region("us-west-2", byo()), make_world())
    assert caught.value.key == "vpc_id" and "could not be looked up" in str(caught.value)


def find_endpoint(world: SimulatedAws, **args: Any) -> tuple[dict, list]:
    """What get_vpc_endpoint's invoke gets back: the result, or the failures the SDK raises from."""
    result, failures = world.call(MockCallArgs("aws:ec2/getVpcEndpoint:getVpcEndpoint", args, ""))
    return result, [reason for _, reason in failures or []]


def test_get_vpc_endpoint_answers_ec2_filters_as_the_data_source_does() -> None:
    ei = "com.amazonaws.us-east-1.elastic-inference.runtime"
    world = make_world(
        endpoints={
            "vpce-0aaaaaaaaaaaaaaa1": SimulatedEndpoint(VPC, ei, tags={"team": "ml"}),
            "vpce-0bbbbbbbbbbbbbbb1": SimulatedEndpoint(VPC, ei, state="deleted"),
            "vpce-0ccccccccccccccc1": SimulatedEndpoint(OTHER_VPC, ei),
        }
    )
    _, failures = find_endpoint(world, vpcId=VPC, serviceName=ei)
    assert failures == [
        "multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint"
    ]
    live = [{"name": "vpc-endpoint-state", "values": ["pendingAcceptance", "pending", "available"]}]
    found, _ = find_endpoint(world, vpcId=VPC, serviceName=ei, filters=live)
    assert found["id"] == "vpce-0aaaaaaaaaaaaaaa1" and found["state"] == "available"
    assert find_endpoint(world, vpcId=VPC, tags={"team": "ml"})[0]["id"] == "vpce-0aaaaaaaaaaaaaaa1"
    assert find_endpoint(world, state="deleted")[0]["id"] == "vpce-0bbbbbbbbbbbbbbb1"
    assert find_endpoint(world, vpcId=VPC, state="rejected")[1] == ["no matching EC2 VPC Endpoint found"]
    invalid = find_endpoint(world, filters=[{"name": "private-dns-enabled", "values": ["true"]}])[1]
    assert invalid == ["InvalidParameterValue: The filter 'private-dns-enabled' is invalid"]


def test_a_preview_leaves_the_values_it_does_not_know_unjudged() -> None:
    """A rule's protocol and ports, an endpoint's service: none read as "" or None and refused."""

    def program() -> None:
        vpc = aws.ec2.Vpc("v", cidr_block="10.70.0.0/16")
        group = aws.ec2.SecurityGroup("g", vpc_id=vpc.id)
        later = vpc.id.apply(lambda _: "tcp")  # known once the VPC exists
        aws.vpc.SecurityGroupIngressRule(
            "r",
            security_group_id=group.id,
            ip_protocol=later,
            from_port=later.apply(lambda _: 443),
            to_port=443,
            cidr_ipv4="10.70.0.0/16",
        )
        service = vpc.id.apply(lambda _: "com.amazonaws.us-east-1.elastic-inference.runtime")
        aws.ec2.VpcEndpoint("e", vpc_id=vpc.id, service_name=service, vpc_endpoint_type="Interface")

    for preview in (True, False):
        world = make_world()
        run_offline(program, world, preview=preview)
        assert world.refusals == [], preview


def test_a_preview_does_not_add_up_the_inline_policies_of_roles_it_cannot_name() -> None:
    trust = '{"Version":"2012-10-17","Statement":[]}'
    document = '{"Version":"2012-10-17","Statement":[{"Sid":"%s","Effect":"Allow"}]}' % ("x" * 6000)

    def program() -> None:
        for name in ("a", "b"):
            role = aws.iam.Role(f"role-{name}", assume_role_policy=trust)
            aws.iam.RolePolicy(f"inline-{name}", role=role.id, policy=document)

    world = make_world()
    run_offline(program, world, preview=True)
    assert world.refusals == []


def ask(world: SimulatedAws, token: str, **args: Any) -> tuple[dict, list]:
    """What an invoke gets back: the result, or the failures the SDK raises from."""
    result, failures = world.call(MockCallArgs(token, args, ""))
    return result, [reason for _, reason in failures or []]


SERVICE = "aws:ec2/getVpcEndpointService:getVpcEndpointService"
ROUTE_TABLE = "aws:ec2/getRouteTable:getRouteTable"


def test_service_azs_maps_each_service_to_its_azs_and_a_list_still_means_eis() -> None:
    api, runtime = "com.amazonaws.us-east-1.sagemaker.api", "com.amazonaws.us-east-1.sagemaker.runtime"
    world = make_world(service_azs={api: ["us-east-1a", "us-east-1d"], runtime: []})
    assert ask(world, SERVICE, serviceName=api)[0]["availabilityZones"] == ["us-east-1a", "us-east-1d"]
    assert ask(world, SERVICE, serviceName=runtime)[1] == [f"no matching EC2 VPC Endpoint Service found for {runtime}"]
    studio = ask(world, SERVICE, serviceName="aws.sagemaker.us-east-1.studio")[0]
    assert studio["availabilityZones"] == ["us-east-1a", "us-east-1b", "us-east-1c"]  # not named: a, b and c
    listed = make_world(service_azs=["us-east-1b", "us-east-1c"])
    ei = ask(listed, SERVICE, serviceName="com.amazonaws.us-east-1.elastic-inference.runtime")[0]
    assert ei["availabilityZones"] == ["us-east-1b", "us-east-1c"] and ei["vpcEndpointPolicySupported"] is False


def test_s3_is_both_an_interface_and_a_gateway_service_as_describe_vpc_endpoint_services_says() -> None:
    world = make_world()
    s3 = "com.amazonaws.us-east-1.s3"
    assert ask(world, SERVICE, serviceName=s3)[1] == [
        "multiple EC2 VPC Endpoint Services matched; use additional constraints to reduce matches to a single "
        "EC2 VPC Endpoint Service"
    ]
    assert ask(world, SERVICE, serviceName=s3, serviceType="Gateway")[0]["serviceType"] == "Gateway"
    assert ask(world, SERVICE, serviceName="com.amazonaws.us-east-1.sagemaker.api", serviceType="Gateway")[1]


def test_china_offers_the_services_under_their_china_names() -> None:
    world = make_world(region="cn-north-1", vpcs={}, subnets={})
    for name in (
        "cn.com.amazonaws.cn-north-1.sagemaker.api",
        "com.amazonaws.cn-north-1.logs",
        "cn.com.amazonaws.cn-north-1.s3",
    ):
        assert ask(world, SERVICE, serviceName=name, serviceType="Interface")[0]["serviceName"] == name
    assert ask(world, SERVICE, serviceName="com.amazonaws.cn-north-1.s3", serviceType="Gateway")[0]
    assert ask(world, SERVICE, serviceName="com.amazonaws.cn-north-1.sagemaker.api")[1]


def test_route_tables_answer_as_get_route_table_does() -> None:
    """A subnet with a table of its own is found by subnet_id; one without is not, and uses the VPC's main table."""
    world = make_world(
        vpcs={VPC: SimulatedVpc(main_route_table_id="rtb-0main0000000000001"), OTHER_VPC: SimulatedVpc()},
        subnets={
            "subnet-0aaaaaaaaaaaaaaa1": SimulatedSubnet(VPC, "us-east-1a", route_table_id="rtb-0private000000001"),
            "subnet-0bbbbbbbbbbbbbbb1": SimulatedSubnet(VPC, "us-east-1b"),
        },
    )
    own = ask(world, ROUTE_TABLE, subnetId="subnet-0aaaaaaaaaaaaaaa1")[0]
    assert own["routeTableId"] == "rtb-0private000000001" and own["vpcId"] == VPC
    none = ask(world, ROUTE_TABLE, subnetId="subnet-0bbbbbbbbbbbbbbb1")[1]
    assert none == ["query returned no results. Please change your search criteria and try again"]
    main = ask(world, ROUTE_TABLE, vpcId=VPC, filters=[{"name": "association.main", "values": ["true"]}])[0]
    assert main["routeTableId"] == "rtb-0main0000000000001" and main["associations"][-1]["main"] is True
    other_main = ask(world, ROUTE_TABLE, vpcId=OTHER_VPC, filters=[{"name": "association.main", "values": ["true"]}])
    assert other_main[0]["routeTableId"].startswith("rtb-0ff11e")  # every VPC has one
    assert ask(world, ROUTE_TABLE, vpcId=VPC)[1] == [
        "multiple Route Tables matched; use additional constraints to reduce matches to a single Route Table"
    ]


def test_a_created_vpc_has_a_main_table_and_a_gateway_brings_its_prefix_list() -> None:
    def program() -> None:
        vpc = aws.ec2.Vpc("net", cidr_block="10.70.0.0/16")
        gateway = aws.ec2.VpcEndpoint(
            "s3", vpc_id=vpc.id, service_name="com.amazonaws.us-east-1.s3", route_table_ids=[vpc.main_route_table_id]
        )
        group = aws.ec2.SecurityGroup("workers", vpc_id=vpc.id, description="workers")
        aws.vpc.SecurityGroupEgressRule(
            "to-s3",
            security_group_id=group.id,
            prefix_list_id=gateway.prefix_list_id,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
        )
        pulumi.export("prefixList", gateway.prefix_list_id)
        pulumi.export("mainTable", vpc.main_route_table_id)

    world = make_world()
    run = run_offline(program, world)
    assert run.outputs["prefixList"].startswith("pl-0ff11e") and run.outputs["mainTable"].startswith("rtb-0ff11e")
    (endpoint,) = run.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
    assert "vpcEndpointType" not in endpoint.inputs  # the provider's default type, Gateway, was judged and taken
