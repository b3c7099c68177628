"""The README's examples run as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from ei_pulumi import ConfigError, ElasticInferenceConfig
from ei_pulumi.aws_rules import rules_markdown
from ei_pulumi.offline.plan import run_stack
from ei_pulumi.offline.project_files import load_project, read_stack
from ei_pulumi.offline.simulated_aws import SimulatedAws, SimulatedSubnet, SimulatedVpc

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text()


def block(after_heading: str, language: str) -> str:
    section = README.split(f"## {after_heading}\n", 1)[1]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def blocks(after_heading: str, language: str) -> list[str]:
    section = README.split(f"## {after_heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def test_the_example_from_another_program_is_the_compose_example() -> None:
    program, _ = blocks("Using the component from another Pulumi program", "python")
    assert program == (PROJECT / "examples" / "compose" / "__main__.py").read_text()


def test_the_readmes_test_with_ei_pulumi_testing_passes(monkeypatch) -> None:
    _, test_code = blocks("Using the component from another Pulumi program", "python")
    monkeypatch.chdir(PROJECT)
    namespace: dict[str, Any] = {}
    exec(test_code, namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_")]
    assert len(tests) == 1
    tests[0]()


def test_bring_your_own_vpc_stack_file(tmp_path: Path) -> None:
    shutil.copy(PROJECT / "Pulumi.yaml", tmp_path)
    shutil.copy(PROJECT / "__main__.py", tmp_path)
    (tmp_path / "Pulumi.prod.yaml").write_text(block("Bring your own VPC", "yaml"))
    project = load_project(tmp_path)
    stack = read_stack(project, "prod")
    world = SimulatedAws(region="eu-west-1", vpcs={"vpc-0123456789abcdef0": SimulatedVpc()})
    for subnet, az in re.findall(r"- (subnet-\w+)\s+# (\S+)", block("Bring your own VPC", "yaml")):
        world.subnets[subnet] = SimulatedSubnet("vpc-0123456789abcdef0", az)
    run = run_stack(project, stack, world)
    assert len(run.outputs["subnetIds"]) == 3 and run.outputs["serviceName"].startswith("com.amazonaws.eu-west-1.")
    assert len(run.of_type("aws:iam/policy:Policy")) == 1


def test_the_rules_table_lists_every_rule_the_plan_enforces() -> None:
    table = README.split("<!-- rules:start -->\n", 1)[1].split("\n<!-- rules:end -->", 1)[0]
    assert table == rules_markdown(), (
        "README's rules table differs from ei_pulumi.aws_rules; paste the output of "
        "`.venv/bin/python -c 'from ei_pulumi.aws_rules import rules_markdown; print(rules_markdown())'`"
    )


def test_the_example_error_is_the_error_the_component_raises() -> None:
    section = README.split("Any bad input raises", 1)[1]
    quoted = re.search(r"```\n(.*?)\n```", section, re.S).group(1)  # type: ignore[union-attr]
    with pytest.raises(ConfigError) as caught:
        ElasticInferenceConfig(vpc_id="vpc-0123456789abcdef0", subnet_ids=["subnet-0123456789abcdef0"])
    assert str(caught.value) == quoted


def test_the_private_notebook_in_the_readme_is_the_example() -> None:
    program, *_ = blocks("A private notebook, from the outputs", "python")
    assert program == (PROJECT / "examples" / "private-notebook" / "__main__.py").read_text()


def test_the_readmes_picture_of_the_notebook_preset_is_what_plan_draws(capsys) -> None:
    from ei_pulumi.cli import main

    picture = block("A private notebook, from the outputs", "mermaid")
    assert main(["plan", "--project-dir", str(PROJECT / "examples" / "private-notebook"), "--format", "mermaid"]) == 0
    assert capsys.readouterr().out == picture


def test_the_readmes_plans_of_the_example_run(capsys, monkeypatch) -> None:
    import shlex

    from ei_pulumi.cli import main

    monkeypatch.chdir(PROJECT)
    commands = blocks("A private notebook, from the outputs", "sh")[0].splitlines()
    assert len(commands) == 2
    for command in commands:
        words = shlex.split(command)
        assert main([*words[words.index("ei_pulumi") + 1 :], "--format", "json"]) == 0
    assert '"com.amazonaws.us-east-1.sagemaker.api"' in capsys.readouterr().out
