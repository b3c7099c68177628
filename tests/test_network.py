"""SageMakerPrivateNetwork in a simulated account: each feature's endpoints, names, AZs, routes, groups, outputs."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from ei_pulumi import ConfigError, ElasticInferenceSetup, SageMakerPrivateNetwork
from ei_pulumi.config import SETUP_TAG
from ei_pulumi.offline.runner import OfflineRun, Registration, run_offline
from ei_pulumi.offline.simulated_aws import SimulatedEndpoint, SimulatedSubnet, SimulatedVpc
from ei_pulumi.testing import UNKNOWN
from tests.conftest import (
    ROLE_ARN,
    ROLE_NAME,
    SUBNET_A,
    SUBNET_A2,
    SUBNET_B,
    SUBNET_C,
    SUBNET_D,
    VPC,
    make_world,
    run_network,
)

ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
GROUP = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
R = "us-east-1"
API, RUNTIME, S3 = f"com.amazonaws.{R}.sagemaker.api", f"com.amazonaws.{R}.sagemaker.runtime", f"com.amazonaws.{R}.s3"
NOTEBOOK_UI, STUDIO_UI = f"aws.sagemaker.{R}.notebook", f"aws.sagemaker.{R}.studio"


def byo(**extra: Any) -> dict[str, Any]:
    return {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B], **extra}


def endpoints(run: OfflineRun) -> dict[str, Registration]:
    return {r.inputs["serviceName"]: r for r in run.of_type(ENDPOINT)}


def named(run: OfflineRun, name: str) -> Registration:
    (found,) = [r for r in run.registrations if r.name == name]
    return found


# --- the presets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("features", "interfaces"),
    [
        (["notebook"], {API, RUNTIME, NOTEBOOK_UI}),
        (["hosting"], {RUNTIME}),
        (["training"], set()),
        (["studio"], {API, RUNTIME, STUDIO_UI}),
        (["notebook", "hosting", "training", "studio"], {API, RUNTIME, NOTEBOOK_UI, STUDIO_UI}),
    ],
)
def test_each_preset_registers_exactly_its_documented_endpoints(features: list[str], interfaces: set[str]) -> None:
    run = run_network(make_world(), byo(features=features))
    found = endpoints(run)
    assert set(found) == interfaces | {S3}
    created = {r.type for r in run.registrations} & {
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/routeTable:RouteTable",
    }
    assert created == set()  # a given VPC gets no new VPC, subnets or route tables
    assert {name: r.inputs["vpcEndpointType"] for name, r in found.items()} == {
        **{name: "Interface" for name in interfaces},
        S3: "Gateway",
    }
    assert set(run.outputs["vpc_endpoint_ids"]) == set(found)
    assert all(run.outputs["vpc_endpoint_ids"][name] == r.id for name, r in found.items())


@pytest.mark.parametrize(
    ("region", "names"),
    [
        (
            "us-east-1",
            {
                "com.amazonaws.us-east-1.sagemaker.api",
                "aws.sagemaker.us-east-1.studio",
                "com.amazonaws.us-east-1.s3",
                "com.amazonaws.us-east-1.logs",
            },
        ),
        (
            "cn-north-1",
            {
                "cn.com.amazonaws.cn-north-1.sagemaker.api",
                "aws.sagemaker.cn-north-1.studio",
                "com.amazonaws.cn-north-1.s3",
                "com.amazonaws.cn-north-1.logs",
            },
        ),
        (
            "us-gov-west-1",
            {
                "com.amazonaws.us-gov-west-1.sagemaker.api",
                "aws.sagemaker.us-gov-west-1.studio",
                "com.amazonaws.us-gov-west-1.s3",
                "com.amazonaws.us-gov-west-1.logs",
            },
        ),
    ],
)
def test_names_are_right_in_each_partition(region: str, names: set[str]) -> None:
    world = make_world(region=region, vpcs={}, subnets={}, service_azs=None)
    run = run_network(world, {"features": ["studio"], "extra_services": ["logs"]})
    assert names <= set(run.outputs["vpc_endpoint_ids"])
    runtime = (
        "cn.com.amazonaws.cn-north-1.sagemaker.runtime"
        if region == "cn-north-1"
        else f"com.amazonaws.{region}.sagemaker.runtime"
    )
    assert runtime in run.outputs["vpc_endpoint_ids"]
    partition = {"us-east-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov"}[region]
    (attachment,) = run.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert attachment.inputs["policyArn"] == f"arn:{partition}:iam::aws:policy/AmazonSageMakerFullAccess"


def test_extra_services_by_short_or_full_name_are_looked_up_like_the_others() -> None:
    ecr_dkr = "com.amazonaws.us-east-1.ecr.dkr"
    world = make_world(
        service_azs={"com.amazonaws.us-east-1.ecr.api": ["us-east-1a", "us-east-1b"], ecr_dkr: ["us-east-1b"]}
    )
    run = run_network(world, byo(features=["hosting"], extra_services=["ecr.api", ecr_dkr]))
    found = endpoints(run)
    assert found[ecr_dkr].inputs["subnetIds"] == [SUBNET_B] and found[ecr_dkr].name == "net-ecr-dkr-endpoint"
    assert found["com.amazonaws.us-east-1.ecr.api"].name == "net-ecr-api-endpoint"
    with pytest.raises(ConfigError) as caught:
        run_network(make_world(), byo(extra_services=["ecr.api"]))  # not offered in this account
    assert caught.value.key == "extra_services" and "com.amazonaws.us-east-1.ecr.api could not be looked up" in str(
        caught.value
    )
    with pytest.raises(ConfigError, match="is a service of eu-west-1, and this network is in us-east-1"):
        run_network(make_world(), byo(extra_services=["com.amazonaws.eu-west-1.sts"]))


# --- where the endpoints go ----------------------------------------------------------------------


def test_each_interface_endpoint_takes_only_subnets_in_the_azs_that_offer_its_service() -> None:
    world = make_world(service_azs={RUNTIME: ["us-east-1b", "us-east-1c", "us-east-1d"]})
    run = run_network(world, byo(subnet_ids=[SUBNET_A, SUBNET_A2, SUBNET_B, SUBNET_D]))
    found = endpoints(run)
    assert found[RUNTIME].inputs["subnetIds"] == [SUBNET_B, SUBNET_D]
    assert found[API].inputs["subnetIds"] == [SUBNET_A, SUBNET_B]  # one per AZ; us-east-1d does not offer it
    assert run.outputs["subnet_ids"] == [SUBNET_A, SUBNET_A2, SUBNET_B, SUBNET_D]  # the workloads take them all
    assert run.outputs["sagemaker_vpc_config"]["Subnets"] == run.outputs["subnet_ids"]
    assert any(SUBNET_D in w and "sagemaker.api" in w and "not offered in its AZ us-east-1d" in w for w in run.warnings)
    assert any(SUBNET_A in w and "sagemaker.runtime endpoint" in w for w in run.warnings)
    assert any("no subnet in us-east-1c" in w for w in run.warnings)


def test_a_service_offered_in_none_of_the_subnets_azs_is_an_error_naming_it() -> None:
    world = make_world(service_azs={RUNTIME: ["us-east-1c"]})
    with pytest.raises(ConfigError) as caught:
        run_network(world, byo())
    assert caught.value.key == "subnet_ids" and "offering sagemaker.runtime (none)" in str(caught.value)
    assert world.registered == []


def test_the_gateway_goes_on_the_route_tables_the_subnets_use_the_main_one_where_none_is_their_own() -> None:
    world = make_world(
        vpcs={VPC: SimulatedVpc(main_route_table_id="rtb-0main0000000000001")},
        subnets={
            SUBNET_A: SimulatedSubnet(VPC, "us-east-1a", route_table_id="rtb-0private000000001"),
            SUBNET_A2: SimulatedSubnet(VPC, "us-east-1a", route_table_id="rtb-0private000000001"),
            SUBNET_B: SimulatedSubnet(VPC, "us-east-1b"),
        },
    )
    run = run_network(world, byo(subnet_ids=[SUBNET_A, SUBNET_A2, SUBNET_B]))
    assert endpoints(run)[S3].inputs["routeTableIds"] == ["rtb-0private000000001", "rtb-0main0000000000001"]
    assert "subnetIds" not in endpoints(run)[S3].inputs and "securityGroupIds" not in endpoints(run)[S3].inputs
    only_main = run_network(make_world(vpcs={VPC: SimulatedVpc(main_route_table_id="rtb-0main0000000000001")}), byo())
    assert endpoints(only_main)[S3].inputs["routeTableIds"] == ["rtb-0main0000000000001"]


def test_a_created_vpc_routes_its_subnets_through_a_table_of_its_own() -> None:
    run = run_network(make_world(), {"availability_zone_count": 3})
    (table,) = run.of_type("aws:ec2/routeTable:RouteTable")
    associations = run.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation")
    subnets = run.of_type("aws:ec2/subnet:Subnet")
    assert {a.inputs["subnetId"] for a in associations} == {s.id for s in subnets} == set(run.outputs["subnet_ids"])
    assert {a.inputs["routeTableId"] for a in associations} == {table.id}
    assert endpoints(run)[S3].inputs["routeTableIds"] == [table.id]
    assert all(
        sorted(endpoints(run)[name].inputs["subnetIds"]) == sorted(run.outputs["subnet_ids"]) for name in (API, RUNTIME)
    )


def test_a_created_vpc_takes_the_azs_every_interface_service_offers() -> None:
    world = make_world(service_azs={RUNTIME: ["us-east-1b", "us-east-1c", "us-east-1d"]})
    run = run_network(world, {})
    assert sorted(s.inputs["availabilityZone"] for s in run.of_type("aws:ec2/subnet:Subnet")) == [
        "us-east-1b",
        "us-east-1c",
    ]
    with pytest.raises(
        ConfigError,
        match=r"every interface service \(sagemaker.api, sagemaker.runtime, sagemaker.notebook\) is offered in 2 AZ",
    ):
        run_network(make_world(service_azs={RUNTIME: ["us-east-1b", "us-east-1c"]}), {"availability_zone_count": 3})


def test_a_gateway_only_network_in_a_created_vpc_takes_the_regions_azs() -> None:
    run = run_network(make_world(), {"features": ["training"]})
    assert [i.token for i in run.invocations].count("aws:index/getAvailabilityZones:getAvailabilityZones") == 1
    assert set(endpoints(run)) == {S3} and len(run.of_type("aws:ec2/subnet:Subnet")) == 2


# --- the security groups -------------------------------------------------------------------------


def rules_of(run: OfflineRun, type_: str, group: str) -> list[dict]:
    return [r.inputs for r in run.of_type(type_) if r.inputs["securityGroupId"] == run.outputs[group]]


def test_the_groups_admit_https_from_workloads_and_let_them_reach_the_endpoints_and_s3() -> None:
    world = make_world()
    run = run_network(world, byo())
    endpoint_sg, sagemaker_sg = run.outputs["endpoint_security_group_id"], run.outputs["sagemaker_security_group_id"]
    (inbound,) = rules_of(run, INGRESS, "endpoint_security_group_id")
    assert inbound["referencedSecurityGroupId"] == sagemaker_sg
    assert (inbound["fromPort"], inbound["toPort"]) == (443, 443)
    assert rules_of(run, INGRESS, "sagemaker_security_group_id") == []
    outbound = {
        r.get("referencedSecurityGroupId") or r.get("prefixListId"): r
        for r in rules_of(run, EGRESS, "sagemaker_security_group_id")
    }
    s3_prefix_list = {name: pl for pl, name in world.account.prefix_lists.items()}[S3]  # the gateway's output
    assert set(outbound) == {endpoint_sg, s3_prefix_list}
    assert all((r["ipProtocol"], r["fromPort"], r["toPort"]) == ("tcp", 443, 443) for r in outbound.values())
    assert endpoints(run)[S3].urn in named(run, "net-sagemaker-to-s3").dependencies
    interfaces = [r for r in endpoints(run).values() if r.inputs["vpcEndpointType"] == "Interface"]
    assert interfaces and all(r.inputs["securityGroupIds"] == [endpoint_sg] for r in interfaces)


@pytest.mark.parametrize(
    ("features", "within"),
    [
        (["notebook", "hosting"], set()),
        (["training"], {("-1", None, None)}),
        (["studio"], {("tcp", 2049, 2049), ("tcp", 8192, 65535)}),
    ],
)
def test_traffic_within_the_sagemaker_group_comes_only_with_training_and_studio(
    features: list[str], within: set
) -> None:
    run = run_network(make_world(), byo(features=features))
    sagemaker_sg = run.outputs["sagemaker_security_group_id"]
    for type_ in (INGRESS, EGRESS):
        itself = {
            (r["ipProtocol"], r.get("fromPort"), r.get("toPort"))
            for r in rules_of(run, type_, "sagemaker_security_group_id")
            if r.get("referencedSecurityGroupId") == sagemaker_sg
        }
        assert itself == within


# --- private DNS -----------------------------------------------------------------------------------


def test_an_existing_private_dns_api_endpoint_is_refused_and_the_networks_own_recognised() -> None:
    world = make_world(endpoints={"vpce-0123456789abcdef0": SimulatedEndpoint(VPC, API)})
    with pytest.raises(ConfigError) as caught:
        run_network(world, byo())
    assert caught.value.key == "private_dns_enabled" and world.registered == []
    assert "second private-DNS sagemaker.api endpoint" in str(caught.value) and "vpce-0123456789abcdef0" in str(
        caught.value
    )
    own = SimulatedEndpoint(VPC, API, tags={SETUP_TAG: "project/stack/net"})
    run = run_network(make_world(endpoints={"vpce-0123456789abcdef0": own}), byo())
    assert endpoints(run)[API].inputs["tags"][SETUP_TAG] == "project/stack/net"
    assert (
        len(run_network(make_world(endpoints=dict(world.endpoints)), byo(private_dns_enabled=False)).of_type(ENDPOINT))
        == 4
    )


def test_a_network_beside_an_ei_setup_in_one_vpc_claims_only_its_own_services() -> None:
    def both() -> None:
        ElasticInferenceSetup("ei", {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B, SUBNET_C]})
        SageMakerPrivateNetwork("net", byo())
        SageMakerPrivateNetwork("other", byo(features=["hosting"], private_dns_enabled=False))

    run = run_offline(both, make_world())
    assert len(run.of_type(ENDPOINT)) == 1 + 4 + 2
    with pytest.raises(ConfigError, match="setup 'twin' would add a second private-DNS sagemaker.api endpoint"):
        run_offline(lambda: [SageMakerPrivateNetwork(n, byo()) for n in ("net", "twin")], make_world())


# --- the component as a Pulumi component --------------------------------------------------------------


def test_children_take_the_network_as_parent_and_its_tags_and_the_endpoints_the_setup_tag() -> None:
    tags = {"team": "ml-platform"}
    run = run_network(make_world(), {"features": ["notebook", "training"], "tags": tags})
    component = named(run, "net")
    assert component.type == "ei-pulumi:index:SageMakerPrivateNetwork"
    children = [r for r in run.registrations if r is not component]
    assert all(r.parent == component.urn for r in children)
    untaggable = {
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
    }
    for child in children:
        expected = (
            {**tags, SETUP_TAG: "project/stack/net"}
            if child.type == ENDPOINT and child.inputs["vpcEndpointType"] == "Interface"
            else tags
        )
        if child.type not in untaggable:
            assert child.inputs.get("tags") == expected, child.name


def test_the_ui_endpoints_wait_for_the_api_endpoint_and_workloads_wait_for_the_whole_path() -> None:
    def program() -> None:
        network = SageMakerPrivateNetwork("net", {"features": ["notebook", "studio"]})
        aws.sagemaker.NotebookInstance(
            "notebook",
            role_arn=network.role_arn,
            instance_type="ml.t3.medium",
            subnet_id=network.subnet_ids[0],
            security_groups=[network.sagemaker_security_group_id],
            direct_internet_access="Disabled",
        )

    run = run_offline(program, make_world())
    found = endpoints(run)
    for ui in (NOTEBOOK_UI, STUDIO_UI):
        assert found[API].urn in found[ui].dependencies
    (notebook,) = run.of_type("aws:sagemaker/notebookInstance:NotebookInstance")
    path = [
        r.urn
        for r in run.registrations
        if r.type
        in (
            ENDPOINT,
            INGRESS,
            EGRESS,
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        )
    ]
    assert set(path) <= set(notebook.dependencies)


def test_an_existing_role_is_used_as_it_is() -> None:
    run = run_network(make_world(), byo(existing_role_name=ROLE_NAME))
    assert [r for r in run.registrations if r.type.startswith("aws:iam/")] == []
    assert run.outputs["role_arn"] == ROLE_ARN and run.outputs["role_name"] == ROLE_NAME


def test_a_preview_with_unknown_ids_registers_everything_and_keeps_what_it_knows() -> None:
    def program() -> None:
        vpc = aws.ec2.Vpc("ml", cidr_block="10.60.0.0/16", enable_dns_support=True, enable_dns_hostnames=True)
        subnets = [
            aws.ec2.Subnet(f"ml-{az}", vpc_id=vpc.id, cidr_block=f"10.60.{i}.0/24", availability_zone=f"us-east-1{az}")
            for i, az in enumerate("ab")
        ]
        network = SageMakerPrivateNetwork(
            "net", {"vpc_id": vpc.id, "subnet_ids": [s.id for s in subnets], "features": ["hosting"]}
        )
        pulumi.export("ids", network.vpc_endpoint_ids)
        pulumi.export("config", network.sagemaker_vpc_config)

    run = run_offline(program, make_world(), preview=True)
    assert {r.inputs.get("serviceName") for r in run.of_type(ENDPOINT)} == {RUNTIME, S3}
    assert run.outputs["ids"] is UNKNOWN and run.outputs["config"] is UNKNOWN
    done = run_offline(program, make_world())
    assert set(done.outputs["ids"]) == {RUNTIME, S3}
    given = [named(done, f"ml-{az}").id for az in "ab"]  # in the order given, whatever the registration order
    assert done.outputs["config"]["Subnets"] == given


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "config", "key"),
    [
        ("an unknown feature", {"features": ["notebooks"]}, "features"),
        ("one subnet", byo(subnet_ids=[SUBNET_A]), "subnet_ids"),
        ("two subnets in one AZ", byo(subnet_ids=[SUBNET_A, SUBNET_A2]), "subnet_ids"),
        ("a subnet of another VPC", byo(subnet_ids=[SUBNET_A, "subnet-0eeeeeeeeeeeeeee1"]), "subnet_ids"),
        ("an unknown role", byo(existing_role_name="no-such-role"), "existing_role_name"),
    ],
)
def test_bad_input_stops_with_nothing_registered(case: str, config: dict, key: str) -> None:
    world = make_world()
    with pytest.raises(ConfigError) as caught:
        run_network(world, config)
    assert caught.value.key == key and world.registered == []


def test_a_region_without_a_presets_service_names_the_feature() -> None:
    world = make_world(service_azs={API: []})
    with pytest.raises(ConfigError) as caught:
        run_network(world, {"features": ["studio"]})
    assert caught.value.key == "features" and "sagemaker.api service com.amazonaws.us-east-1.sagemaker.api" in str(
        caught.value
    )
    assert world.registered == []
