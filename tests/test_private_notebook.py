"""examples/private-notebook: a notebook instance without direct internet access, built from a
SageMakerPrivateNetwork's outputs, planned offline as `plan --project-dir` plans it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ei_pulumi.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "private-notebook"
NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance"


def plan(capsys: Any, *args: str) -> dict[str, Any]:
    assert main(["plan", "--project-dir", str(EXAMPLE), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_example_plans_a_notebook_that_reaches_sagemaker_only_through_the_network(capsys) -> None:
    result = plan(capsys)
    assert (result["project"], result["region"]) == ("private-notebook", "us-east-1")
    outputs = result["outputs"]
    # What the notebook-config and check commands read (SPEC's names, camelCase).
    assert set(outputs) == {
        "roleArn",
        "roleName",
        "endpointSecurityGroupId",
        "sagemakerSecurityGroupId",
        "vpcId",
        "subnetIds",
        "vpcEndpointIds",
        "sagemakerVpcConfig",
        "notebookInstanceName",
    }
    assert set(outputs["vpcEndpointIds"]) == {
        "com.amazonaws.us-east-1.sagemaker.api",
        "com.amazonaws.us-east-1.sagemaker.runtime",
        "aws.sagemaker.us-east-1.notebook",
        "com.amazonaws.us-east-1.s3",
    }
    (notebook,) = [r for r in result["resources"] if r["type"] == NOTEBOOK]
    properties = notebook["properties"]
    assert properties["directInternetAccess"] == "Disabled"
    assert properties["subnetId"] == outputs["subnetIds"][0]
    assert properties["securityGroups"] == [outputs["sagemakerSecurityGroupId"]]
    assert properties["roleArn"] == outputs["roleArn"]
    assert {"private-notebook-sagemaker-api-endpoint", "private-notebook-sagemaker-to-s3"} <= set(
        notebook["depends_on"]
    )
    assert not [w for w in result["warnings"] if "end of life" in w]


def test_the_example_reads_its_settings_from_the_stack_under_its_own_namespace(capsys) -> None:
    result = plan(
        capsys,
        "--config",
        'features=["notebook", "training"]',
        "--config",
        'extraServices=["ecr.api"]',
        "--config",
        "vpcId=vpc-0123456789abcdef0",
        "--config",
        'subnetIds=["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]',
    )
    assert "com.amazonaws.us-east-1.ecr.api" in result["outputs"]["vpcEndpointIds"]
    assert result["outputs"]["subnetIds"] == ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]
    within = [t for t in result["traffic"] if t["from"] == t["to"] == "private-notebook-sagemaker-sg"]
    assert within, "training's traffic within the SageMaker group"


def test_bad_settings_are_named_by_their_stack_key(capsys) -> None:
    assert main(["plan", "--project-dir", str(EXAMPLE), "--config", 'features=["notebooks"]']) == 1
    assert capsys.readouterr().err.startswith("error: private-notebook:features: item '0'")


def test_no_features_in_the_stack_means_none_not_the_default(capsys) -> None:
    """`features: []` is a choice, not an unset key: only the extra services, or an error without them."""
    result = plan(capsys, "--config", "features=[]", "--config", 'extraServices=["ecr.api"]')
    assert set(result["outputs"]["vpcEndpointIds"]) == {"com.amazonaws.us-east-1.ecr.api"}
    assert main(["plan", "--project-dir", str(EXAMPLE), "--config", "features=[]"]) == 1
    assert capsys.readouterr().err.startswith(
        "error: private-notebook:features: names no feature, and private-notebook:extraServices no service"
    )
