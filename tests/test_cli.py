"""`python -m ei_pulumi plan` and `notebook-config`, as a user runs them."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from ei_pulumi.cli import main
from ei_pulumi.steps.permissions import ei_connect_policy, full_access_policy

PROJECT = Path(__file__).resolve().parent.parent
BYO = [
    "--config",
    "vpcId=vpc-0123456789abcdef0",
    "--config",
    'subnetIds=["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]',
]


def plan(capsys, *args: str) -> dict:
    assert main(["plan", "--project-dir", str(PROJECT), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def types(result: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for resource in result["resources"]:
        counts[resource["type"].rsplit(":", 1)[-1]] = counts.get(resource["type"].rsplit(":", 1)[-1], 0) + 1
    return counts


def test_plan_json_of_the_dev_stack(capsys) -> None:
    result = plan(capsys)
    assert result["simulated"] is True and "placeholders" in result["note"]
    assert (result["project"], result["stack"], result["region"]) == ("sagemaker-ei", "dev", "us-east-1")
    assert types(result) == {
        "ElasticInferenceSetup": 1,
        "Vpc": 1,
        "Subnet": 2,
        "SecurityGroup": 2,
        "SecurityGroupIngressRule": 1,
        "SecurityGroupEgressRule": 2,
        "VpcEndpoint": 1,
        "Role": 1,
        "RolePolicyAttachment": 1,
    }
    endpoint = next(r for r in result["resources"] if r["type"].endswith("VpcEndpoint"))
    assert endpoint["parent"] == "sagemaker-ei"
    assert endpoint["properties"]["serviceName"] == "com.amazonaws.us-east-1.elastic-inference.runtime"
    assert endpoint["properties"]["privateDnsEnabled"] is True
    assert "sagemaker-ei-endpoint-sg" in endpoint["depends_on"]
    assert [(t["from"], t["to"], t["protocol"]) for t in result["traffic"]] == [
        ("sagemaker-ei-endpoint-sg", "0.0.0.0/0", "all"),
        ("sagemaker-ei-sagemaker-sg", "sagemaker-ei-endpoint-sg", "tcp/443"),
        ("sagemaker-ei-sagemaker-sg", "sagemaker-ei-endpoint-sg", "tcp/443"),
    ]
    assert {t["allowed_by"] for t in result["traffic"][1:]} == {
        "inbound rule of sagemaker-ei-endpoint-sg",
        "outbound rule of sagemaker-ei-sagemaker-sg",
    }
    assert [d["property"] for d in result["iam_documents"]] == ["assumeRolePolicy"]
    assert len(result["critical_path"]) == 3 and result["critical_path"][0] == "sagemaker-ei-vpc"
    assert any("end of life" in w for w in result["warnings"])
    assert result["outputs"]["sagemakerVpcConfig"]["Subnets"] == result["outputs"]["subnetIds"]
    assert "aws:ec2/getVpcEndpointService:getVpcEndpointService" in result["lookups"]


def test_plan_json_is_stable(capsys) -> None:
    first = main(["plan", "--project-dir", str(PROJECT), "--format", "json"]), capsys.readouterr().out
    second = main(["plan", "--project-dir", str(PROJECT), "--format", "json"]), capsys.readouterr().out
    assert first == second
    assert first[1].strip() == json.dumps(json.loads(first[1]), indent=2, sort_keys=True)


def test_plan_custom_mode_shows_the_full_policy(capsys) -> None:
    result = plan(capsys, *BYO, "--config", "permissions=custom", "--config", "traffic=all")
    assert types(result)["Policy"] == 1 and "Vpc" not in types(result)
    policy = next(d for d in result["iam_documents"] if d["property"] == "policy")
    assert policy["document"] == full_access_policy("aws")
    assert {t["protocol"] for t in result["traffic"]} == {"all"}
    assert len(result["critical_path"]) == 2
    assert result["outputs"]["subnetIds"] == ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]


def test_plan_existing_role_mode(capsys) -> None:
    result = plan(capsys, *BYO, "--config", "existingRoleName=ml-team-role")
    assert "Role" not in types(result) and types(result)["RolePolicy"] == 1
    (inline,) = result["iam_documents"]
    assert inline["document"] == ei_connect_policy()
    assert result["outputs"]["roleName"] == "ml-team-role"


def test_plan_simulates_offered_azs_and_subnet_placement(capsys) -> None:
    result = plan(
        capsys,
        *BYO,
        "--config",
        'subnetIds=["subnet-01", "subnet-02", "subnet-03"]',
        "--region",
        "us-west-2",
        "--service-azs",
        "us-west-2a,us-west-2c",
        "--subnet-az",
        "subnet-02=us-west-2b",
    )
    assert result["region"] == "us-west-2"
    assert result["outputs"]["subnetIds"] == ["subnet-01", "subnet-03"]
    assert any("subnet-02" in w and "us-west-2b" in w for w in result["warnings"])


def test_plan_table_for_a_person(capsys) -> None:
    assert main(["plan", "--project-dir", str(PROJECT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Plan for sagemaker-ei (stack dev) in us-east-1\nSimulated:")
    for section in (
        "Resources (12)",
        "IAM documents",
        "Allowed traffic",
        "Critical path (3 deep)",
        "Outputs (simulated)",
    ):
        assert section in out
    assert "sagemaker-ei-sagemaker-sg → sagemaker-ei-endpoint-sg : tcp/443" in out
    assert '"Service": "sagemaker.amazonaws.com"' in out
    assert "    + VpcEndpoint sagemaker-ei-endpoint" in out  # a child of the component


def test_plan_mermaid_draws_resources_and_traffic(capsys) -> None:
    assert main(["plan", "--project-dir", str(PROJECT), "--format", "mermaid"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "flowchart LR"
    nodes = {line.split("[", 1)[0].strip(): line for line in lines if "<br/>" in line}
    sagemaker = next(n for n, line in nodes.items() if "sagemaker-ei-sagemaker-sg" in line)
    endpoint_sg = next(n for n, line in nodes.items() if "sagemaker-ei-endpoint-sg" in line)
    assert f"  {sagemaker} ==>|tcp/443| {endpoint_sg}" in lines
    assert sum("==>" in line for line in lines) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--config", "permissions=admin"], "error: sagemaker-ei:permissions: Input should be 'managed' or 'custom'"),
        (["--region", "eu-central-1"], "error: aws:region: Elastic Inference is not offered in 'eu-central-1'"),
        (["--service-azs", "us-east-1a"], "error: sagemaker-ei:availabilityZoneCount:"),
        (["--stack", "nope"], "error: Pulumi.nope.yaml: not found"),
    ],
)
def test_plan_bad_config_is_one_error_and_exit_1(capsys, args: list[str], message: str) -> None:
    assert main(["plan", "--project-dir", str(PROJECT), *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message) and captured.err.count("\n") == 1


def test_adding_an_az_to_the_created_vpc_keeps_every_deployed_subnet(capsys) -> None:
    def subnets(count: int) -> dict[str, str]:
        result = plan(
            capsys, "--config", f"availabilityZoneCount={count}", "--service-azs", "us-east-1a,us-east-1b,us-east-1c"
        )
        return {r["name"]: r["properties"]["cidrBlock"] for r in result["resources"] if r["type"].endswith(":Subnet")}

    two, three = subnets(2), subnets(3)
    assert len(three) == 3 and {name: three[name] for name in two} == two


def test_plan_fails_where_aws_would_refuse_a_resource(capsys, tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: refused\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi_aws as aws\naws.ec2.SecurityGroup('web', description=\"Team's web servers\")\n"
    )
    assert main(["plan", "--project-dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith('error: SecurityGroup web: description: AWS would refuse "Team\'s web servers"')
    assert (
        "[ec2.group-description, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html]"
        in captured.err
    )


def test_plan_of_an_example_that_passes_outputs_to_the_component(capsys) -> None:
    result = plan(capsys, "--project-dir", str(PROJECT / "examples" / "compose"))
    assert (result["project"], result["region"]) == ("ei-compose", "us-west-2")
    endpoint = next(r for r in result["resources"] if r["type"].endswith(":VpcEndpoint"))
    assert endpoint["properties"]["subnetIds"] == result["outputs"]["sagemakerVpcConfig"]["Subnets"]
    assert {"ml", "ml-a", "ml-b", "ml-c", "ml-endpoint-sg"} <= set(endpoint["depends_on"])
    assert len(endpoint["properties"]["subnetIds"]) == 3


def test_plan_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ei_pulumi", "plan", "--config", "vpcCidr=8.8.0.0/16"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("error: sagemaker-ei:vpcCidr: must lie in a private range")


# --- notebook-config -----------------------------------------------------------------------

OUTPUTS = {
    "roleArn": "arn:aws:iam::111122223333:role/sagemaker-ei-role-abc1234",
    "subnetIds": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"],
    "sagemakerSecurityGroupId": "sg-0123456789abcdef0",
    "endpointSecurityGroupId": "sg-0fedcba9876543210",
}


@pytest.fixture
def outputs_file(tmp_path: Path) -> Path:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(OUTPUTS))
    return path


def test_notebook_kwargs_for_boto3(capsys, outputs_file: Path) -> None:
    assert main(["notebook-config", "--outputs", str(outputs_file), "--accelerator-type", "ml.eia2.medium"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {
        "NotebookInstanceName": "ei-notebook",
        "InstanceType": "ml.t3.medium",
        "RoleArn": OUTPUTS["roleArn"],
        "SubnetId": "subnet-0aaaaaaaaaaaaaaa1",
        "SecurityGroupIds": ["sg-0123456789abcdef0"],
        "DirectInternetAccess": "Disabled",
        "AcceleratorTypes": ["ml.eia2.medium"],
    }
    assert "end of life" in captured.err and "ml.inf2" in captured.err


def test_notebook_without_accelerator_reads_stdin(capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(OUTPUTS)))
    assert main(["notebook-config", "--instance-type", "ml.c5.xlarge", "--name", "team-a"]) == 0
    captured = capsys.readouterr()
    kwargs = json.loads(captured.out)
    assert "AcceleratorTypes" not in kwargs and kwargs["InstanceType"] == "ml.c5.xlarge"
    assert kwargs["NotebookInstanceName"] == "team-a"
    assert captured.err.startswith("warning: Amazon Elastic Inference reached end of life")  # with every format


def test_notebook_as_an_aws_cli_command(capsys, outputs_file: Path) -> None:
    assert (
        main(
            [
                "notebook-config",
                "--outputs",
                str(outputs_file),
                "--format",
                "cli",
                "--accelerator-type",
                "ml.eia1.large",
            ]
        )
        == 0
    )
    words = shlex.split(capsys.readouterr().out)
    assert words[:3] == ["aws", "sagemaker", "create-notebook-instance"]
    options = dict(zip(words[3::2], words[4::2]))
    assert options == {
        "--notebook-instance-name": "ei-notebook",
        "--instance-type": "ml.t3.medium",
        "--role-arn": OUTPUTS["roleArn"],
        "--subnet-id": "subnet-0aaaaaaaaaaaaaaa1",
        "--security-group-ids": "sg-0123456789abcdef0",
        "--direct-internet-access": "Disabled",
        "--accelerator-types": "ml.eia1.large",
    }


def test_model_vpc_config(capsys, outputs_file: Path) -> None:
    assert main(["notebook-config", "--outputs", str(outputs_file), "--format", "vpc-config"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "Subnets": OUTPUTS["subnetIds"],
        "SecurityGroupIds": ["sg-0123456789abcdef0"],
    }


@pytest.mark.parametrize(
    ("outputs", "args", "message"),
    [
        ({k: v for k, v in OUTPUTS.items() if k != "roleArn"}, [], "stack output roleArn: is missing"),
        ({k: v for k, v in OUTPUTS.items() if k != "subnetIds"}, [], "stack output subnetIds: is missing"),
        ({**OUTPUTS, "subnetIds": []}, [], "stack output subnetIds: must be a non-empty list"),
        ({**OUTPUTS, "sagemakerSecurityGroupId": 7}, [], "stack output sagemakerSecurityGroupId: must look like sg-"),
        ({**OUTPUTS, "roleArn": "my-role"}, [], "stack output roleArn: must look like arn:aws:iam::"),
        (OUTPUTS, ["--accelerator-type", "ml.g4dn.xlarge"], "is not an EI accelerator; use one of ml.eia1.medium"),
        ("not json", [], "stack output (all): not JSON"),
    ],
)
def test_notebook_bad_outputs(capsys, tmp_path: Path, outputs, args: list[str], message: str) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(outputs if isinstance(outputs, str) else json.dumps(outputs))
    assert main(["notebook-config", "--outputs", str(path), *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_the_plans_json_feeds_notebook_config_as_it_is(capsys, tmp_path: Path) -> None:
    """`plan --format json | notebook-config`: no hand edit between the two."""
    assert main(["plan", "--project-dir", str(PROJECT), "--format", "json"]) == 0
    path = tmp_path / "plan.json"
    path.write_text(capsys.readouterr().out)
    outputs = json.loads(path.read_text())["outputs"]
    assert main(["notebook-config", "--outputs", str(path)]) == 0
    kwargs = json.loads(capsys.readouterr().out)
    assert kwargs["SubnetId"] in outputs["subnetIds"]
    assert kwargs["SecurityGroupIds"] == [outputs["sagemakerSecurityGroupId"]]


def test_notebook_config_takes_what_a_program_using_the_component_exports(capsys, tmp_path: Path) -> None:
    """examples/compose exports roleArn and sagemakerVpcConfig only, as the README shows."""
    assert main(["plan", "--project-dir", str(PROJECT / "examples" / "compose"), "--format", "json"]) == 0
    outputs = json.loads(capsys.readouterr().out)["outputs"]
    assert set(outputs) == {"roleArn", "sagemakerVpcConfig"}
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(outputs))
    assert main(["notebook-config", "--outputs", str(path)]) == 0
    kwargs = json.loads(capsys.readouterr().out)
    assert kwargs["RoleArn"] == outputs["roleArn"]
    assert kwargs["SubnetId"] == outputs["sagemakerVpcConfig"]["Subnets"][0]
    assert kwargs["SecurityGroupIds"] == outputs["sagemakerVpcConfig"]["SecurityGroupIds"]
    assert main(["notebook-config", "--outputs", str(path), "--format", "vpc-config"]) == 0
    assert json.loads(capsys.readouterr().out) == outputs["sagemakerVpcConfig"]


VPC_CONFIG = {"Subnets": OUTPUTS["subnetIds"], "SecurityGroupIds": [OUTPUTS["sagemakerSecurityGroupId"]]}


@pytest.mark.parametrize(
    "value",
    [
        ["subnet-0aaaaaaaaaaaaaaa1"],
        {"Subnets": VPC_CONFIG["Subnets"]},
        {**VPC_CONFIG, "Subnets": []},
        {**VPC_CONFIG, "SecurityGroupIds": [f"sg-0{i}" for i in range(6)]},
        {**VPC_CONFIG, "Subnets": ["sg-0123456789abcdef0"]},
        {**VPC_CONFIG, "VpcId": "vpc-01"},
    ],
    ids=["not a map", "no groups", "no subnets", "six groups", "a group among the subnets", "another key"],
)
def test_notebook_config_checks_sagemaker_vpc_config_as_sagemaker_would(capsys, tmp_path: Path, value) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"roleArn": OUTPUTS["roleArn"], "sagemakerVpcConfig": value}))
    assert main(["notebook-config", "--outputs", str(path)]) == 1
    assert capsys.readouterr().err.startswith(
        'error: stack output sagemakerVpcConfig: must be SageMaker\'s VpcConfig, {"SecurityGroupIds": [1 to 5 IDs], '
        '"Subnets": [1 to 16 IDs]}'
    )


def test_notebook_config_without_the_network_outputs_says_how_to_export_them(capsys, tmp_path: Path) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"roleArn": OUTPUTS["roleArn"]}))
    assert main(["notebook-config", "--outputs", str(path)]) == 1
    assert capsys.readouterr().err == (
        "error: stack output sagemakerVpcConfig: is missing, and so are subnetIds and sagemakerSecurityGroupId; "
        "export it, or every output with ei_pulumi.stack.export_outputs(setup)\n"
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--name", "team_a"], "error: notebook name 'team_a': SageMaker takes 1 to 63 letters, digits and hyphens"),
        (["--name", "a" * 64], "SageMaker takes 1 to 63"),
        (["--name=team-"], "starting and ending with a letter or digit"),
        (["--name", "a" + "-" * 62 + "b"], "SageMaker takes 1 to 63"),  # SageMaker's pattern alone allows it
        (
            ["--instance-type", "t3.medium"],
            "error: instance type 't3.medium' is not one SageMaker offers for notebooks (did you mean 'ml.t3.medium'?)",
        ),
        (["--instance-type", "ml.q9.xlarge"], "is not one SageMaker offers for notebooks (did you mean"),
        (["--instance-type", "gpu"], "error: instance type 'gpu' is not one SageMaker offers for notebooks (such as"),
        (
            ["--instance-type", "ml.eia2.medium"],
            "error: instance type 'ml.eia2.medium' is an Elastic Inference accelerator, not an instance type: "
            "give it as the accelerator type (--accelerator-type)",
        ),
        (["--format", "vpc-config", "--accelerator-type", "ml.eia2.medium"], "vpc-config is a model's"),
    ],
)
def test_notebook_config_refuses_what_sagemaker_would(capsys, outputs_file: Path, args: list[str], words: str) -> None:
    assert main(["notebook-config", "--outputs", str(outputs_file), *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and words in captured.err


# --- plan reads a stack as Pulumi does --------------------------------------------------------


def project_copy(tmp_path: Path, stack_file: str) -> Path:
    """This project's Pulumi.yaml and program, with ``stack_file`` as Pulumi.dev.yaml."""
    for name in ("Pulumi.yaml", "__main__.py"):
        (tmp_path / name).write_text((PROJECT / name).read_text())
    (tmp_path / "Pulumi.dev.yaml").write_text(stack_file)
    return tmp_path


def plan_error(capsys, *args: str) -> str:
    assert main(["plan", *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    return captured.err


@pytest.mark.parametrize(
    ("stack_file", "words"),
    [
        (
            "config:\n  sagemaker-ei:traffic: all\n",
            "error: aws:region: is not set for stack dev; set it with `pulumi config set aws:region <region>`",
        ),
        (
            "aws:region: us-east-1\n",
            "error: Pulumi.dev.yaml: has an unknown top-level key 'aws:region'; put stack settings under config:",
        ),
        (
            "confg:\n  aws:region: us-east-1\n",
            "error: Pulumi.dev.yaml: has an unknown top-level key 'confg' (did you mean 'config'?)",
        ),
        ("config: [aws:region]\n", "error: Pulumi.dev.yaml: config: must be a map of namespace:key to value"),
    ],
    ids=["no region", "keys not under config", "a typo at the top", "config not a map"],
)
def test_plan_refuses_a_stack_pulumi_would_refuse(capsys, tmp_path: Path, stack_file: str, words: str) -> None:
    assert plan_error(capsys, "--project-dir", str(project_copy(tmp_path, stack_file))).startswith(words)


def test_plan_finds_pulumi_yaml_above_the_current_folder(capsys, tmp_path: Path, monkeypatch) -> None:
    project = project_copy(tmp_path, "config:\n  aws:region: eu-west-1\n")
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")
    assert main(["plan", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["region"] == "eu-west-1"
    monkeypatch.chdir(tmp_path.parent)
    assert "or any folder above it; run in a project, or give --project-dir" in plan_error(capsys)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--subnet-az", "subnet-0ccccccccccccccc1=us-east-1c"],
            "error: --subnet-az: subnet-0ccccccccccccccc1 is not one of sagemaker-ei:subnetIds",
        ),
        (
            ["--subnet-az", "subnet-0aaaaaaaaaaaaaaa1=eu-west-1a"],
            "error: --subnet-az: subnet-0aaaaaaaaaaaaaaa1=eu-west-1a: eu-west-1a is not an AZ of us-east-1",
        ),
        (
            ["--no-vpc-dns-hostnames"],
            "error: sagemaker-ei:privateDnsEnabled: needs enableDnsHostnames on vpc-0123456789abcdef0",
        ),
    ],
)
def test_plan_simulator_inputs_are_checked_and_can_turn_vpc_dns_off(capsys, args: list[str], words: str) -> None:
    assert plan_error(capsys, "--project-dir", str(PROJECT), *BYO, *args).startswith(words)
