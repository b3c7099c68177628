"""The project's own __main__.py, run with its stack files as `pulumi up` would."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ei_pulumi.config import ConfigError
from ei_pulumi.offline.plan import run_stack
from ei_pulumi.offline.project_files import load_project, load_stack_config
from ei_pulumi.offline.simulated_aws import SimulatedAws
from tests.conftest import SUBNET_A, SUBNET_B, SUBNET_D, VPC, make_world

PROJECT = Path(__file__).resolve().parent.parent
SAGEMAKER_EI = load_project(PROJECT)
EXPORTS = {
    "roleArn",
    "roleName",
    "endpointSecurityGroupId",
    "sagemakerSecurityGroupId",
    "vpcEndpointId",
    "vpcEndpointDnsNames",
    "vpcId",
    "subnetIds",
    "serviceName",
    "sagemakerVpcConfig",
}


def test_dev_stack_creates_a_private_vpc_and_exports_every_output() -> None:
    stack = load_stack_config(PROJECT, "dev")
    assert stack.project == "sagemaker-ei"
    world = SimulatedAws(region=stack.values["aws:region"])
    run = run_stack(SAGEMAKER_EI, stack, world)
    outputs = run.outputs
    assert set(outputs) == EXPORTS
    assert outputs["serviceName"] == "com.amazonaws.us-east-1.elastic-inference.runtime"
    assert outputs["roleArn"].startswith("arn:aws:iam::111122223333:role/")
    assert outputs["vpcId"].startswith("vpc-") and len(outputs["subnetIds"]) == 2
    assert outputs["vpcEndpointId"].startswith("vpce-")
    assert outputs["vpcEndpointDnsNames"][0].startswith(outputs["vpcEndpointId"])
    assert outputs["sagemakerVpcConfig"] == {
        "Subnets": outputs["subnetIds"],
        "SecurityGroupIds": [outputs["sagemakerSecurityGroupId"]],
    }
    assert outputs["endpointSecurityGroupId"].startswith("sg-")
    (vpc,) = run.of_type("aws:ec2/vpc:Vpc")
    assert vpc.inputs["cidrBlock"] == "10.0.0.0/16" and vpc.inputs["tags"] == {"environment": "dev"}
    (attachment,) = run.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert attachment.inputs["policyArn"].endswith(":policy/AmazonSageMakerFullAccess")


def test_stack_config_brings_its_own_vpc() -> None:
    stack = load_stack_config(PROJECT, "dev")
    stack.values.update(
        {
            "sagemaker-ei:vpcId": VPC,
            "sagemaker-ei:subnetIds": json.dumps([SUBNET_A, SUBNET_D, SUBNET_B]),
            "sagemaker-ei:traffic": "all",
        }
    )
    run = run_stack(SAGEMAKER_EI, stack, make_world())
    assert run.outputs["vpcId"] == VPC and run.outputs["subnetIds"] == [SUBNET_A, SUBNET_B]
    assert any(SUBNET_D in w for w in run.warnings)
    assert not [w for w in run.warnings if "ignored" in w]  # Pulumi.yaml's defaults are not the user's choice
    assert {
        r.inputs["ipProtocol"] for r in run.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    } == {"-1"}


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("sagemaker-ei:vpcID", "vpc-0a1b2c3d4e5f60718", "valid keys are: vpcId"),
        ("sagemaker-ei:permissions", "admin", "'managed' or 'custom'"),
        ("sagemaker-ei:subnetIds", "subnet-0aaaaaaaaaaaaaaa1,subnet-0b", "must be a list: YAML in the stack file"),
        ("sagemaker-ei:privateDnsEnabled", "yes", "must be true or false (got 'yes')"),
        (
            "sagemaker-ei:tags",
            '{"team": 7}',
            "item 'team': expected a string or an Output of one (got int; quote it in YAML)",
        ),
        ("sagemaker-ei:availabilityZoneCount", "9", "2 to 6"),
        ("sagemaker-ei:allowAnyRegion", "0", "must be true or false (got '0')"),
        ("sagemaker-ei:privateDnsEnabled", "1", "must be true or false (got '1')"),
        ("sagemaker-ei:trafic", "all", "is not a setting (did you mean 'traffic'?)"),
        (
            "sagemaker_ei:permissions",
            "custom",
            "is in namespace 'sagemaker_ei', which this program does not read (did you mean 'sagemaker-ei:permissions'?)",
        ),
        ("SageMaker-EI:traffic", "all", "(did you mean 'sagemaker-ei:traffic'?)"),
        ("sagemaker-ie:traffic", "all", "(did you mean 'sagemaker-ei:traffic'?)"),
    ],
)
def test_bad_stack_config_names_the_stack_key(key: str, value: str, words: str) -> None:
    stack = load_stack_config(PROJECT, "dev")
    stack.values[key] = value
    world = SimulatedAws(region="us-east-1")
    with pytest.raises(ConfigError) as caught:
        run_stack(SAGEMAKER_EI, stack, world)
    assert caught.value.key == key and words in str(caught.value)
    assert world.registered == []


def test_program_reads_its_namespace_whatever_the_runner_calls_the_project() -> None:
    from ei_pulumi.offline.project_files import StackConfig

    stack = load_stack_config(PROJECT, "dev")
    renamed = StackConfig("some-test-harness", "test", {**stack.values, "sagemaker-ei:permissions": "custom"})
    run = run_stack(SAGEMAKER_EI, renamed, SimulatedAws(region="us-east-1"))
    assert len(run.of_type("aws:iam/policy:Policy")) == 1


def run_dev_stack(region: str = "us-east-1", **values: str) -> Any:
    stack = load_stack_config(PROJECT, "dev")
    stack.values.update(values)
    return run_stack(SAGEMAKER_EI, stack, make_world(region=region))


def test_a_stack_hears_only_stack_keys() -> None:
    with pytest.raises(ConfigError) as caught:
        run_dev_stack(**{"sagemaker-ei:vpcId": VPC})
    assert str(caught.value).startswith("sagemaker-ei:subnetIds: is required with sagemaker-ei:vpcId")
    with pytest.raises(ConfigError) as caught:
        run_dev_stack("eu-central-1")
    assert "(or set sagemaker-ei:allowAnyRegion: true)" in str(caught.value)
    byo = {
        "sagemaker-ei:vpcId": VPC,
        "sagemaker-ei:subnetIds": f'["{SUBNET_A}", "{SUBNET_B}"]',
        "sagemaker-ei:vpcCidr": "10.9.0.0/16",
    }
    warnings = run_dev_stack(**byo).warnings
    assert "sagemaker-ei:vpcCidr: ignored, it applies only to the VPC the component creates" in warnings
    assert not [w for w in warnings if re.search(r"\b(vpc_cidr|subnet_ids|vpc_id)\b", w)]


def test_other_namespaces_are_other_programs_business() -> None:
    """Provider and other tools' keys pass, even a namespace that shares a word with the project's."""
    run = run_dev_stack(**{"datadog:apiKey": "0123", "sagemaker:domain": "d-0123", "pulumi:tags": '{"a": "b"}'})
    assert len(run.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")) == 1


def test_values_are_read_as_pulumis_config_getters_read_them() -> None:
    """`False` is a boolean to get_bool; `no` in a stack file is text in YAML 1.2, as Pulumi reads it."""
    run = run_dev_stack(**{"sagemaker-ei:privateDnsEnabled": "False", "sagemaker-ei:tags": '{"reviewed": "no"}'})
    (endpoint,) = run.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
    assert endpoint.inputs["privateDnsEnabled"] is False and endpoint.inputs["tags"]["reviewed"] == "no"
