"""`notebook-config` for a SageMakerPrivateNetwork's outputs, and for a program's partial outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ei_pulumi.cli import main
from ei_pulumi.notebook import (
    ELASTIC_INFERENCE_SETUP,
    PRIVATE_NETWORK,
    SUCCESSOR_INSTANCE_TYPES,
    component_of,
    instance_types,
    notebook_instance_kwargs,
)

SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]
SAGEMAKER_GROUP = "sg-0123456789abcdef0"
VPC_CONFIG = {"Subnets": SUBNETS, "SecurityGroupIds": [SAGEMAKER_GROUP]}
ROLE_ARN = "arn:aws:iam::111122223333:role/private-network-role-abc1234"
# What `pulumi stack output --json` prints for a SageMakerPrivateNetwork (SPEC "Beyond EI").
PRIVATE_NETWORK_OUTPUTS = {
    "roleArn": ROLE_ARN,
    "endpointSecurityGroupId": "sg-0fedcba9876543210",
    "sagemakerSecurityGroupId": SAGEMAKER_GROUP,
    "vpcId": "vpc-0123456789abcdef0",
    "subnetIds": SUBNETS,
    "vpcEndpointIds": {
        "com.amazonaws.us-east-1.sagemaker.api": "vpce-0aaaaaaaaaaaaaaa1",
        "com.amazonaws.us-east-1.sagemaker.runtime": "vpce-0aaaaaaaaaaaaaaa2",
        "aws.sagemaker.us-east-1.notebook": "vpce-0aaaaaaaaaaaaaaa3",
        "com.amazonaws.us-east-1.s3": "vpce-0aaaaaaaaaaaaaaa4",
    },
    "sagemakerVpcConfig": VPC_CONFIG,
}
# A consumer's own program that exports two of them (as examples/compose does for EI).
PARTIAL_OUTPUTS = {"roleArn": ROLE_ARN, "sagemakerVpcConfig": VPC_CONFIG}
EXPECTED_KWARGS = {
    "NotebookInstanceName": "ei-notebook",
    "InstanceType": "ml.t3.medium",
    "RoleArn": ROLE_ARN,
    "SubnetId": SUBNETS[0],
    "SecurityGroupIds": [SAGEMAKER_GROUP],
    "DirectInternetAccess": "Disabled",
}


@pytest.mark.parametrize(
    ("outputs", "component"),
    [
        (PRIVATE_NETWORK_OUTPUTS, PRIVATE_NETWORK),
        ({"vpcEndpointId": "vpce-0aaaaaaaaaaaaaaa1", **PARTIAL_OUTPUTS}, ELASTIC_INFERENCE_SETUP),
        ({"serviceName": "com.amazonaws.us-east-1.elastic-inference.runtime"}, ELASTIC_INFERENCE_SETUP),
        (PARTIAL_OUTPUTS, None),
    ],
    ids=["vpcEndpointIds", "vpcEndpointId", "serviceName", "neither"],
)
def test_the_outputs_tell_which_component_made_them(outputs: dict, component) -> None:
    assert component_of(outputs) == component


@pytest.mark.parametrize("outputs", [PRIVATE_NETWORK_OUTPUTS, PARTIAL_OUTPUTS], ids=["whole", "partial"])
def test_a_private_networks_outputs_make_a_notebook_without_internet_or_accelerator(outputs: dict) -> None:
    kwargs = notebook_instance_kwargs(outputs, instance_type="ml.g5.xlarge")
    assert kwargs == {**EXPECTED_KWARGS, "InstanceType": "ml.g5.xlarge"}


def test_notebook_config_of_a_private_network_says_nothing_of_ei(capsys, tmp_path: Path) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(PRIVATE_NETWORK_OUTPUTS))
    assert main(["notebook-config", "--outputs", str(path)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == EXPECTED_KWARGS and captured.err == ""
    assert main(["notebook-config", "--outputs", str(path), "--format", "vpc-config"]) == 0
    assert json.loads(capsys.readouterr().out) == VPC_CONFIG


def test_an_accelerator_for_a_private_network_is_refused_in_one_line(capsys, tmp_path: Path) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(PRIVATE_NETWORK_OUTPUTS))
    for accelerator in ("ml.eia2.medium", "ml.g4dn.xlarge"):  # an EI accelerator, or a guess at another
        assert main(["notebook-config", "--outputs", str(path), "--accelerator-type", accelerator]) == 1
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err == (
            f"error: accelerator type {accelerator!r}: these are a SageMakerPrivateNetwork's outputs "
            "(vpcEndpointIds), and Elastic Inference ended in April 2024; drop --accelerator-type and choose an "
            "instance type with an accelerator of its own, such as ml.g4dn.xlarge or ml.inf2.xlarge\n"
        )


def test_the_successor_types_the_refusal_names_are_notebook_instance_types() -> None:
    assert set(SUCCESSOR_INSTANCE_TYPES) <= set(instance_types())


def test_outputs_that_do_not_tell_are_read_as_before_with_eis_notice(capsys, tmp_path: Path) -> None:
    """roleArn and sagemakerVpcConfig alone could be either component's: EI's accelerator stays possible."""
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(PARTIAL_OUTPUTS))
    assert main(["notebook-config", "--outputs", str(path), "--accelerator-type", "ml.eia2.medium"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {**EXPECTED_KWARGS, "AcceleratorTypes": ["ml.eia2.medium"]}
    assert captured.err.startswith("warning: Amazon Elastic Inference reached end of life")
