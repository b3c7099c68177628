"""The README's commands run as written."""

from __future__ import annotations

import re
from pathlib import Path

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
