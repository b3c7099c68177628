"""`python -m ei_pulumi check` of a SageMakerPrivateNetwork against moto: a correct network, and broken ones.

One moto account for the module: each network lives in a VPC of its own, so the networks built here
do not see each other, and moto starts once.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

import boto3
import pytest

from ei_pulumi.audit.checks import gather, render_table, run_checks, target_from_stack_outputs
from ei_pulumi.cli import main
from ei_pulumi.steps.security_groups import TrafficRule
from tests.aws_setup import (
    INTERFACE_SERVICES,
    REGION,
    S3_SERVICE,
    PrivateNetwork,
    build_private_network,
    ip_permission,
    moto_account,
)

INTERFACE_CHECKS = [
    "endpoint.exists",
    "endpoint.interface",
    "endpoint.available",
    "endpoint.service",
    "endpoint.private-dns",
    "endpoint.availability-zones",
    "endpoint.security-groups",
    "vpc.single-private-dns-endpoint",
]
GATEWAY_CHECKS = [
    "endpoint.exists",
    "endpoint.gateway",
    "endpoint.available",
    "endpoint.service",
    "gateway.route-tables",
    "sagemaker-sg.prefix-list",
]
SETUP_CHECKS = ["vpc.dns", "endpoint-sg.inbound", "sagemaker-sg.no-inbound", "sagemaker-sg.outbound", "role.trust"]
README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


@pytest.fixture(scope="module")
def aws() -> Iterator[boto3.Session]:
    with moto_account() as account:
        yield account


@pytest.fixture(scope="module")
def network(aws: boto3.Session) -> PrivateNetwork:
    """A correct network, shared by the tests that do not change it."""
    return build_private_network(aws, "good")


def check(outputs: dict[str, Any], tmp_path: Path, capsys, *options: str) -> tuple[int, list[dict[str, Any]]]:
    """`check --stack-outputs FILE --format json`: exit code and the checks."""
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(outputs))
    code = main(["check", "--region", REGION, "--stack-outputs", str(path), "--format", "json", *options])
    return code, json.loads(capsys.readouterr().out)["checks"]


def test_a_correct_private_network_passes_every_check(network: PrivateNetwork, tmp_path, capsys) -> None:
    code, checks = check(network.stack_outputs(), tmp_path, capsys)
    assert [(c["service"], c["id"]) for c in checks] == [
        *[(service, check_id) for service in INTERFACE_SERVICES for check_id in INTERFACE_CHECKS],
        *[(S3_SERVICE, check_id) for check_id in GATEWAY_CHECKS],
        *[("", check_id) for check_id in SETUP_CHECKS],
    ]
    assert {c["status"] for c in checks} == {"pass"}, [c for c in checks if c["status"] != "pass"]
    assert code == 0
    summaries = {(c["service"], c["id"]): c["summary"] for c in checks}
    # The self-reference distributed training needs is no stranger; the main table counts for subnets without one.
    assert summaries[("", "sagemaker-sg.no-inbound")] == f"{network.sagemaker_security_group_id} admits only itself"
    assert network.main_route_table_id in summaries[(S3_SERVICE, "gateway.route-tables")]
    assert summaries[(S3_SERVICE, "sagemaker-sg.prefix-list")] == (
        f"{network.sagemaker_security_group_id} sends 443 to {network.prefix_list_id} ({S3_SERVICE})"
    )


def _without_main_route_table(n: PrivateNetwork) -> None:
    n.ec2.modify_vpc_endpoint(VpcEndpointId=n.vpc_endpoint_ids[S3_SERVICE], RemoveRouteTableIds=[n.main_route_table_id])


def _api_without_private_dns(n: PrivateNetwork) -> None:
    api = INTERFACE_SERVICES[0]
    n.ec2.delete_vpc_endpoints(VpcEndpointIds=[n.vpc_endpoint_ids[api]])
    n.create_interface_endpoint(api, subnet_ids=n.subnet_ids, private_dns=False)


def _without_prefix_list_egress(n: PrivateNetwork) -> None:
    n.ec2.revoke_security_group_egress(
        GroupId=n.sagemaker_security_group_id,
        IpPermissions=[ip_permission(TrafficRule("tcp", 443, 443), prefix_list=n.prefix_list_id)],
    )


def _ssh_from_the_vpc(n: PrivateNetwork) -> None:
    n.ec2.authorize_security_group_ingress(
        GroupId=n.sagemaker_security_group_id,
        IpPermissions=[ip_permission(TrafficRule("tcp", 22, 22), cidr="10.0.0.0/16")],
    )


BROKEN: dict[str, tuple[Callable[[PrivateNetwork], None], str, str, str]] = {
    # variant: (how it breaks, the check that fails, that check's service, the words its summary holds)
    "the gateway misses the main route table": (
        _without_main_route_table,
        "gateway.route-tables",
        S3_SERVICE,
        "the VPC's main table",
    ),
    "sagemaker.api without private DNS": (
        _api_without_private_dns,
        "endpoint.private-dns",
        INTERFACE_SERVICES[0],
        "private DNS off",
    ),
    "the SageMaker group without the S3 prefix-list egress": (
        _without_prefix_list_egress,
        "sagemaker-sg.prefix-list",
        S3_SERVICE,
        "sends nothing to",
    ),
    "an inbound rule on the SageMaker group beside its self-reference": (
        _ssh_from_the_vpc,
        "sagemaker-sg.no-inbound",
        "",
        "admits 10.0.0.0/16",
    ),
}


@pytest.mark.parametrize("variant", list(BROKEN))
def test_each_broken_variant_fails_exactly_its_check(aws, variant: str, tmp_path, capsys) -> None:
    built = build_private_network(aws, variant.replace(" ", "-"))
    breaks, check_id, service, words = BROKEN[variant]
    breaks(built)
    code, checks = check(built.stack_outputs(), tmp_path, capsys)
    failed = [c for c in checks if c["status"] != "pass"]
    assert [(c["id"], c["service"], c["status"]) for c in failed] == [(check_id, service, "fail")], failed
    assert words in failed[0]["summary"] and failed[0]["hint"]
    assert code == 1


def test_the_gateways_fix_names_the_main_table_and_its_subnets(aws, tmp_path, capsys) -> None:
    built = build_private_network(aws, "gateway-fix")
    _without_main_route_table(built)
    _, checks = check(built.stack_outputs(), tmp_path, capsys)
    (failed,) = [c for c in checks if c["status"] == "fail"]
    assert failed["summary"] == (
        f"not on {built.main_route_table_id}, the VPC's main table (of {', '.join(built.subnet_ids[1:])}, "
        "which have none of their own)"
    )
    assert failed["hint"] == (
        f"add {built.main_route_table_id} to the endpoint's route tables, or those subnets reach {S3_SERVICE} by no route"
    )


def test_an_az_of_the_workloads_left_out_is_a_warning_naming_the_subnet(aws, tmp_path, capsys) -> None:
    built = build_private_network(aws, "two-azs")
    runtime = INTERFACE_SERVICES[1]
    built.ec2.delete_vpc_endpoints(VpcEndpointIds=[built.vpc_endpoint_ids[runtime]])
    built.create_interface_endpoint(runtime, subnet_ids=built.subnet_ids[:2])
    code, checks = check(built.stack_outputs(), tmp_path, capsys)
    (warning,) = [c for c in checks if c["status"] != "pass"]
    assert (warning["id"], warning["service"], warning["status"]) == ("endpoint.availability-zones", runtime, "warn")
    assert warning["hint"] == (
        f"{runtime} is offered where your workloads run, in us-east-1c: attach the existing subnet "
        f"{built.subnet_ids[2]} (us-east-1c) to the endpoint"
    )
    assert code == 0


def test_by_endpoint_ids_alone_each_is_judged_by_the_service_it_serves(network: PrivateNetwork, capsys) -> None:
    by_ids = [
        option for endpoint_id in network.vpc_endpoint_ids.values() for option in ("--vpc-endpoint-id", endpoint_id)
    ]
    assert main(["check", "--region", REGION, *by_ids]) == 0
    table = capsys.readouterr().out
    assert table.startswith(f"SageMaker private network audit of 4 endpoints in {network.vpc_id} ({REGION})\n")
    assert f"  {S3_SERVICE} ({network.vpc_endpoint_ids[S3_SERVICE]})\n    PASS  endpoint.exists" in table
    assert "SKIP  role.trust" in table and "role.ei-permissions" not in table
    assert table.rstrip().endswith("34 pass, 0 fail, 0 warn, 1 skip")


def test_workload_subnets_given_by_id_narrow_the_route_tables_judged(network: PrivateNetwork, capsys) -> None:
    """Only the first subnet's own table is on a second gateway: every subnet of the VPC fails, the first alone passes."""
    gateway = network.ec2.create_vpc_endpoint(
        VpcId=network.vpc_id, ServiceName=S3_SERVICE, VpcEndpointType="Gateway", RouteTableIds=[network.route_table_id]
    )["VpcEndpoint"]["VpcEndpointId"]
    audit = ["check", "--region", REGION, "--vpc-endpoint-id", gateway, "--format", "json"]
    named = ["--sagemaker-security-group-id", network.sagemaker_security_group_id]
    try:
        assert main([*audit, *named]) == 1
        failed = [c["id"] for c in json.loads(capsys.readouterr().out)["checks"] if c["status"] == "fail"]
        assert failed == ["gateway.route-tables"]
        assert main([*audit, *named, "--subnet-id", network.subnet_ids[0]]) == 0
        capsys.readouterr()
    finally:
        network.ec2.delete_vpc_endpoints(VpcEndpointIds=[gateway])


def test_a_stale_endpoint_id_fails_its_own_check_and_the_others_are_judged(network, tmp_path, capsys) -> None:
    outputs = network.stack_outputs()
    outputs["vpcEndpointIds"][f"com.amazonaws.{REGION}.sts"] = "vpce-0123456789abcdef0"
    code, checks = check(outputs, tmp_path, capsys)
    assert [(c["id"], c["service"], c["summary"]) for c in checks if c["status"] != "pass"] == [
        ("endpoint.exists", f"com.amazonaws.{REGION}.sts", f"vpce-0123456789abcdef0 not found in {REGION}")
    ]
    assert len(checks) == len(INTERFACE_CHECKS) * 3 + len(GATEWAY_CHECKS) + len(SETUP_CHECKS) + 1 and code == 1


def test_a_name_holder_counts_only_in_the_states_that_hold_a_name(aws, network: PrivateNetwork) -> None:
    """aws_rules.endpoints.holds_dns_name decides, as for the simulated account: judged on altered snapshots."""
    snapshot = gather(aws, target_from_stack_outputs(network.stack_outputs(), REGION))
    api = INTERFACE_SERVICES[0]
    rival = {**snapshot.endpoints[network.vpc_endpoint_ids[api]], "VpcEndpointId": "vpce-0rival"}
    for state, holds in [("pendingAcceptance", True), ("Available", True), ("partial", False), ("expired", False)]:
        altered = dataclasses.replace(snapshot, vpc_endpoints=[*snapshot.vpc_endpoints, {**rival, "State": state}])
        (single,) = [r for r in run_checks(altered) if r.id == "vpc.single-private-dns-endpoint" and r.service == api]
        assert single.status == ("fail" if holds else "pass"), state
        assert ("vpce-0rival" in single.summary) == holds
    assert "SageMaker private network audit" in render_table(snapshot, run_checks(snapshot))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({}, "stack output vpcEndpointIds: must map each endpoint's service name to its ID"),
        ({S3_SERVICE: "rtb-0123"}, "stack output vpcEndpointIds: must map each endpoint's service name to its ID"),
    ],
)
def test_malformed_endpoint_ids_cannot_be_audited(tmp_path, capsys, value, message: str) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"vpcEndpointIds": value}))
    assert main(["check", "--region", REGION, "--stack-outputs", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {message}")


def test_outputs_of_another_region_get_a_hint_from_their_service_names(aws, tmp_path, capsys) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"vpcEndpointIds": {"aws.sagemaker.eu-west-1.notebook": "vpce-0123456789abcdef0"}}))
    assert main(["check", "--region", REGION, "--stack-outputs", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"error: endpoint.exists: vpce-0123456789abcdef0 not found in {REGION}: the stack's outputs are of "
        "eu-west-1 (their service names); pass --region eu-west-1\n"
    )


def test_the_readmes_table_lists_every_check_of_both_kinds_of_setup() -> None:
    """The ids a private network gets (asserted above against a run) and EI's role.ei-permissions."""
    section = README.split("## Audit a live setup\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z][a-z.-]+)` \|", section, re.M)
    assert sorted(listed) == sorted({*INTERFACE_CHECKS, *GATEWAY_CHECKS, *SETUP_CHECKS, "role.ei-permissions"})


def test_the_outputs_of_plan_name_every_placeholder(aws, tmp_path, capsys) -> None:
    """`plan --format json | check --stack-outputs -` of a private network: none of its IDs is in AWS."""
    placeholders = {S3_SERVICE: "vpce-0ff11e0000000001", INTERFACE_SERVICES[0]: "vpce-0ff11e0000000002"}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"simulated": True, "outputs": {"vpcEndpointIds": placeholders}}))
    assert main(["check", "--region", REGION, "--stack-outputs", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"error: endpoint.exists: none of vpce-0ff11e0000000001, vpce-0ff11e0000000002 found in {REGION}: "
        "vpce-0ff11e0000000001, vpce-0ff11e0000000002 are placeholders of `plan` (simulated IDs start with 0ff11e, "
        "in account 111122223333); audit a deployed stack's `pulumi stack output --json`\n"
    )
