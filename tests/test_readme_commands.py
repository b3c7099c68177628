"""The README's commands run as written: the two set-up commands, the plan examples, and the errors
"When something goes wrong" quotes are the errors users get."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from ei_pulumi.cli import main
from tests.test_secrets import SALT, SECRET, wrong_key

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text()


def section(heading: str) -> str:
    return README.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def sh_blocks(heading: str) -> list[str]:
    return [
        " ".join(block.replace("\\\n", " ").split()) for block in re.findall(r"```sh\n(.*?)```", section(heading), re.S)
    ]


def requirements(name: str) -> list[str]:
    lines = (PROJECT / name).read_text().splitlines()
    return [line.split(">")[0].split("[")[0] for line in lines if line and not line.startswith("#")]


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    main_job, tests = sh_blocks("Quick start")[:2]
    ci = (PROJECT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == tests
    assert "-r requirements-dev.txt" in tests and "-r requirements.txt" in main_job


def test_the_deployments_requirements_are_the_programs_and_the_tests_add_theirs() -> None:
    """`pulumi up` builds the project's venv from requirements.txt (pulumi/pulumi sdk/python/toolchain/pip.go)."""
    runtime, dev = requirements("requirements.txt"), requirements("requirements-dev.txt")
    assert not {"pytest", "moto", "parliament"} & set(runtime)
    assert dev[0] == "-r requirements.txt" and {"pytest", "moto", "parliament"} <= set(dev)


def ei_pulumi_args(command: str) -> list[str]:
    """The arguments after `python -m ei_pulumi` in a README command."""
    words = shlex.split(command)
    return words[words.index("ei_pulumi") + 1 :]


def test_the_offline_plan_example_with_a_vpc_of_yours(capsys, monkeypatch) -> None:
    (command,) = sh_blocks("Offline plan")
    monkeypatch.chdir(PROJECT)
    assert main([*ei_pulumi_args(command), "--format", "json"]) == 0
    assert '"subnet-0fedcba9876543210"' in capsys.readouterr().out


def copy_project(tmp_path: Path, stacks: dict[str, str]) -> Path:
    for name in ("Pulumi.yaml", "__main__.py"):
        (tmp_path / name).write_text((PROJECT / name).read_text())
    for name, text in stacks.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_bring_your_own_vpc_stack_plans_as_the_readme_says(capsys, monkeypatch, tmp_path: Path) -> None:
    stack_file = re.search(r"```yaml\n(.*?)```", section("Bring your own VPC"), re.S).group(1)  # type: ignore[union-attr]
    (command,) = sh_blocks("Bring your own VPC")
    monkeypatch.chdir(copy_project(tmp_path, {"Pulumi.prod.yaml": stack_file}))
    assert main(ei_pulumi_args(command)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Plan for sagemaker-ei (stack prod) in eu-west-1")
    assert all(subnet in out for subnet in re.findall(r"subnet-\w+", stack_file))


SECRET_STACK = f"encryptionsalt: {SALT}\nconfig:\n  aws:region: us-east-1\n  sagemaker-ei:existingRoleName:\n    secure: {SECRET}\n"
BYO = ["--config", "vpcId=vpc-0123456789abcdef0", "--config", 'subnetIds=["subnet-01", "subnet-02"]']
# Each message the README quotes, and how a user gets it: plan's arguments, stack files, environment.
WENT_WRONG = [
    ("aws:region: is not set for stack dev", [], {"Pulumi.dev.yaml": "config: {}\n"}, {}),
    (
        "aws:region: 'us-east-1a' is not an AWS region (did you mean 'us-east-1'?)",
        [],
        {"Pulumi.dev.yaml": "config:\n  aws:region: us-east-1a\n"},
        {},
    ),
    ("aws:region: Elastic Inference is not offered in 'eu-central-1'", ["--region", "eu-central-1"], {}, {}),
    ("sagemaker-ei:trafic: is not a setting (did you mean 'traffic'?)", ["--config", "trafic=all"], {}, {}),
    (
        "sagemaker_ei:permissions: is in namespace 'sagemaker_ei', which this program does not read",
        ["--config", "sagemaker_ei:permissions=custom"],
        {},
        {},
    ),
    (
        "sagemaker-ei:subnetIds: is required with sagemaker-ei:vpcId",
        ["--config", "vpcId=vpc-0123456789abcdef0"],
        {},
        {},
    ),
    ("sagemaker-ei:privateDnsEnabled: needs enableDnsHostnames on vpc-", [*BYO, "--no-vpc-dns-hostnames"], {}, {}),
    (
        "sagemaker-ei:existingRoleName: is a secret, and Pulumi.dev.yaml uses a passphrase",
        [],
        {"Pulumi.dev.yaml": SECRET_STACK},
        {},
    ),
    (
        "sagemaker-ei:existingRoleName: is a secret, and the passphrase does not open Pulumi.dev.yaml",
        [],
        {"Pulumi.dev.yaml": SECRET_STACK},
        {"PULUMI_CONFIG_PASSPHRASE": "password"},
    ),
    ("Pulumi.prod.yaml: not found in", ["--stack", "prod"], {}, {}),
    (
        "Pulumi.yaml: runtime is 'nodejs'; plan runs Python programs only",
        [],
        {"Pulumi.yaml": "name: web\nruntime: nodejs\n"},
        {},
    ),
    (
        "SecurityGroup web: description: AWS would refuse",
        [],
        {"__main__.py": "import pulumi_aws as aws\naws.ec2.SecurityGroup('web', description=\"Team's web servers\")\n"},
        {},
    ),
]


@pytest.mark.parametrize(("message", "args", "files", "environ"), WENT_WRONG, ids=[m for m, *_ in WENT_WRONG])
def test_when_something_goes_wrong_quotes_the_real_errors(
    capsys, monkeypatch, tmp_path: Path, message: str, args: list[str], files: dict[str, str], environ: dict
) -> None:
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    if "PULUMI_CONFIG_PASSPHRASE" in environ:
        wrong_key(monkeypatch)
    project = copy_project(tmp_path, {"Pulumi.dev.yaml": (PROJECT / "Pulumi.dev.yaml").read_text(), **files})
    assert f"| `{message}" in section("When something goes wrong")
    assert main(["plan", "--project-dir", str(project), *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"error: {message}") and captured.err.count("\n") == 1
