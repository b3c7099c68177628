"""`plan` reads a project and its stacks as the Pulumi CLI reads them (pulumi/pulumi's loaders)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ei_pulumi.cli import main
from ei_pulumi.config import ConfigError
from ei_pulumi.offline.plan import PlanRequest, make_plan

# A program that shows what it was given: its config, its stack's name and its folder.
ECHO = """
import os
import pulumi
from pulumi.runtime import config

pulumi.export("config", dict(config.CONFIG.get()))
pulumi.export("stack", pulumi.get_stack())
pulumi.export("cwd", os.getcwd())
"""
REPOSITORY = Path(__file__).resolve().parent.parent
PROJECT = "name: proj\nruntime: python\n"
STACK = "config:\n  aws:region: us-east-1\n"


def make_project(tmp_path: Path, files: dict[str, str]) -> Path:
    """A project in ``tmp_path``: Pulumi.yaml, the echo program and a dev stack unless ``files`` say otherwise."""
    for name, text in {"Pulumi.yaml": PROJECT, "__main__.py": ECHO, "Pulumi.dev.yaml": STACK, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def plan(project_dir: Path, environ: dict[str, str] | None = None, **request: Any) -> dict[str, Any]:
    return make_plan(PlanRequest(project_dir=project_dir, environ=environ or {}, **request))


def plan_error(project_dir: Path, environ: dict[str, str] | None = None, **request: Any) -> str:
    with pytest.raises(ConfigError) as caught:
        plan(project_dir, environ, **request)
    return str(caught.value)


# --- Pulumi.yaml --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("main_line", "program"),
    [("main: src\n", "src/__main__.py"), ("main: src/app.py\n", "src/app.py")],
    ids=["a folder", "a file"],
)
def test_main_names_the_program_and_it_runs_from_its_folder(tmp_path: Path, main_line: str, program: str) -> None:
    """project.go `Main`; the engine runs the program from main's folder (engine/project.go getPwdMain)."""
    project = make_project(
        tmp_path,
        {
            "Pulumi.yaml": PROJECT + main_line,
            "__main__.py": "raise SystemExit('the top-level program must not run')\n",
            program: ECHO + "pulumi.export('data', open('data.txt').read())\n",
            "src/data.txt": "next to the program",
        },
    )
    outputs = plan(project)["outputs"]
    assert outputs["data"] == "next to the program"
    assert outputs["cwd"] == str(project / "src")


def test_main_that_does_not_exist_is_one_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"Pulumi.yaml": PROJECT + "main: nowhere/\n"})
    assert plan_error(project).startswith("Pulumi.yaml: main: nowhere/ does not exist")


@pytest.mark.parametrize(
    ("runtime", "words"),
    [
        ("runtime: nodejs\n", "Pulumi.yaml: runtime is 'nodejs'; plan runs Python programs only"),
        ("runtime:\n  name: yaml\n", "Pulumi.yaml: runtime is 'yaml'; plan runs Python programs only"),
        ("", "Pulumi.yaml: has no runtime; plan runs Python programs only"),
    ],
)
def test_a_runtime_other_than_python_is_one_line(capsys, tmp_path: Path, runtime: str, words: str) -> None:
    project = make_project(tmp_path, {"Pulumi.yaml": "name: proj\n" + runtime})
    assert main(["plan", "--project-dir", str(project)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"error: {words} (runtime: python)\n"


@pytest.mark.parametrize("spelling", ["stackConfigDir: stacks\n", "config: stacks\n"], ids=["stackConfigDir", "config"])
def test_stack_files_live_where_the_project_says(tmp_path: Path, spelling: str) -> None:
    """project.go `StackConfigDir`, and the older `config: <folder>` (RewriteConfigPathIntoStackConfigDir)."""
    project = make_project(
        tmp_path,
        {
            "Pulumi.yaml": PROJECT + spelling,
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
            "stacks/Pulumi.dev.yaml": "config:\n  aws:region: us-west-2\n",
        },
    )
    assert plan(project)["region"] == "us-west-2"


def test_both_stack_folder_spellings_at_once_are_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"Pulumi.yaml": PROJECT + "config: a\nstackConfigDir: b\n"})
    assert "sets both config: and stackConfigDir:" in plan_error(project)


def test_declared_config_gives_defaults_values_and_required_keys(tmp_path: Path) -> None:
    """pkg/workspace/config.go mergeConfig: a declared key the stack does not set takes its value or
    default; a key of the project's namespace with neither is required."""
    declarations = (
        "config:\n"
        "  size: small\n"  # shorthand: the project's default
        "  count:\n    type: integer\n    default: 3\n"
        "  aws:profile: ml\n"  # shorthand for another namespace: a value
        "  proj:config:flag:\n    value: true\n"
    )
    project = make_project(tmp_path, {"Pulumi.yaml": PROJECT + declarations})
    config = plan(project)["outputs"]["config"]
    assert {key: config[key] for key in ("proj:size", "proj:count", "aws:profile", "proj:flag")} == {
        "proj:size": "small",
        "proj:count": "3",
        "aws:profile": "ml",
        "proj:flag": "true",
    }
    required = make_project(tmp_path, {"Pulumi.yaml": PROJECT + "config:\n  token:\n    type: string\n"})
    assert plan_error(required) == (
        "proj:token: is declared in Pulumi.yaml without a default, and stack dev does not set it"
    )


# --- keys -----------------------------------------------------------------------------------------


def test_keys_follow_pulumis_grammar(tmp_path: Path) -> None:
    """key.go ParseKey: `ns:name` and `ns:config:name` are one key; loaders.go gives a bare key the
    project's namespace; values of other types reach the program as JSON, empty ones as "", and dates
    as written (go-yaml v3 keeps a timestamp's text when it decodes into interface{})."""
    stack = (
        "config:\n"
        "  aws:region: us-east-1\n"
        "  proj:config:old: form\n"
        "  bare: key\n"
        "  proj:list: [b, a]\n"
        "  proj:map: {z: 1, a: true}\n"
        "  proj:empty:\n"
        "  proj:day: 2024-01-31\n"
        "  proj:dates: {at: 2024-01-31T10:00:00Z}\n"
    )
    result = plan(make_project(tmp_path, {"Pulumi.dev.yaml": stack}))
    config = result["outputs"]["config"]
    assert config["proj:old"] == "form" and config["proj:bare"] == "key"
    assert config["proj:list"] == '["b","a"]' and config["proj:map"] == '{"a":true,"z":1}'
    assert config["proj:empty"] == ""
    assert config["proj:day"] == "2024-01-31" and config["proj:dates"] == '{"at":"2024-01-31T10:00:00Z"}'
    assert "Pulumi.dev.yaml: no value for proj:empty; Pulumi reads it as an empty string" in result["warnings"]


@pytest.mark.parametrize(
    ("stack", "words"),
    [
        ("  proj:data:x: 1\n", "proj:data:x: is not a config key: Pulumi reads namespace:name"),
        ("  a:b:c:d: 1\n", "a:b:c:d: is not a config key"),
        ("  proj:x: 1\n  proj:config:x: 2\n", "Pulumi.dev.yaml: sets proj:x twice (as proj:x and proj:config:x)"),
    ],
)
def test_keys_pulumi_cannot_parse_are_refused(tmp_path: Path, stack: str, words: str) -> None:
    project = make_project(tmp_path, {"Pulumi.dev.yaml": STACK + stack})
    assert plan_error(project).startswith(words)


def test_config_overrides_take_keys_as_pulumi_config_set_does(tmp_path: Path) -> None:
    """`pulumi config set` (pkg/cmd/pulumi/config/io.go parseConfigKey): a bare key is the project's."""
    result = plan(make_project(tmp_path, {}), overrides={"x": "1", "proj:config:y": "2", "other:z": "3"})
    config = result["outputs"]["config"]
    assert (config["proj:x"], config["proj:y"], config["other:z"]) == ("1", "2", "3")


def test_an_esc_environment_gets_one_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"Pulumi.dev.yaml": "environment:\n  - ml/dev\n" + STACK})
    warnings = plan(project)["warnings"]
    assert [w for w in warnings if "environment" in w] == [
        "Pulumi.dev.yaml: environment: Pulumi ESC environments are not read offline; config they set is "
        "missing from this plan (give it with --config)"
    ]


# --- stack names ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dev", "organization/dev", "my-org/proj/dev"])
def test_every_form_of_a_stack_name_reads_the_stacks_own_file(tmp_path: Path, name: str) -> None:
    """paths.go: the file is Pulumi.<name>.yaml for the stack's own name (store.go ParseReference)."""
    result = plan(make_project(tmp_path, {}), stack=name)
    assert result["stack"] == "dev" and result["outputs"]["stack"] == "dev"
    assert result["outputs"]["config"]["aws:region"] == "us-east-1"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("org/other/dev", "--stack: 'org/other/dev' is a stack of project 'other', and Pulumi.yaml is 'proj'"),
        ("a/b/c/d", "--stack: 'a/b/c/d' is not a stack name"),
        ("my stack", "--stack: 'my stack' is not a stack name: 1 to 100 letters"),
    ],
)
def test_stack_names_pulumi_refuses_are_refused(tmp_path: Path, name: str, words: str) -> None:
    assert plan_error(make_project(tmp_path, {}), stack=name).startswith(words)


# --- the region -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stack", "environ", "region"),
    [
        ("config: {}\n", {"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"}, "eu-west-1"),
        ("config: {}\n", {"AWS_DEFAULT_REGION": "us-west-2"}, "us-west-2"),
        (STACK, {"AWS_REGION": "eu-west-1"}, "us-east-1"),
    ],
    ids=["AWS_REGION first", "then AWS_DEFAULT_REGION", "aws:region before both"],
)
def test_the_region_comes_from_where_pulumi_aws_takes_it(
    tmp_path: Path, stack: str, environ: dict[str, str], region: str
) -> None:
    result = plan(make_project(tmp_path, {"Pulumi.dev.yaml": stack}), environ)
    assert result["region"] == region
    # The program's config is the stack's: a region from the environment is not added to it.
    assert result["outputs"]["config"].get("aws:region") == ("us-east-1" if stack == STACK else None)


def test_no_region_anywhere_is_one_error(tmp_path: Path) -> None:
    message = plan_error(make_project(tmp_path, {"Pulumi.dev.yaml": "config: {}\n"}))
    assert message == (
        "aws:region: is not set for stack dev; set it with `pulumi config set aws:region <region>` "
        "or AWS_REGION or AWS_DEFAULT_REGION (or plan with --region)"
    )


@pytest.mark.parametrize(
    ("stack", "environ", "request_", "words"),
    [
        (
            "config:\n  aws:region: us-east-1a\n",
            {},
            {},
            "aws:region: 'us-east-1a' is not an AWS region (did you mean 'us-east-1'?)",
        ),
        ("config: {}\n", {"AWS_REGION": "eu-west-9"}, {}, "AWS_REGION: 'eu-west-9' is not an AWS region"),
        (STACK, {}, {"region": "mars-1"}, "--region: 'mars-1' is not an AWS region"),
    ],
)
def test_a_region_is_one_aws_has(tmp_path: Path, stack: str, environ: dict, request_: dict, words: str) -> None:
    assert plan_error(make_project(tmp_path, {"Pulumi.dev.yaml": stack}), environ, **request_).startswith(words)


def test_allow_any_region_allows_regions_without_ei_not_names_that_are_not_regions(capsys) -> None:
    """The dev stack with allowAnyRegion: a real region without EI plans; a misspelt one does not."""
    allow = ["plan", "--project-dir", str(REPOSITORY), "--format", "json", "--config", "allowAnyRegion=true"]
    assert main([*allow, "--region", "eu-central-1", "--service-azs", "eu-central-1a,eu-central-1b"]) == 0
    assert json.loads(capsys.readouterr().out)["region"] == "eu-central-1"
    assert main([*allow, "--region", "eu-centrl-1"]) == 1
    assert capsys.readouterr().err == (
        "error: --region: 'eu-centrl-1' is not an AWS region (did you mean 'eu-central-1'?)\n"
    )


# --- the simulated account's flags ----------------------------------------------------------------

BYO = ["--config", "vpcId=vpc-0123456789abcdef0"]
SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1", "subnet-0ccccccccccccccc1"]


def plan_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["plan", "--project-dir", str(REPOSITORY), "--format", "json", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--service-azs", "us-east-1a,eu-west-1b"],
            "error: --service-azs: eu-west-1b is not an AZ of us-east-1 (AZs there are us-east-1a, us-east-1b, ...)\n",
        ),
        (["--service-azs", ""], "error: --service-azs: names no AZ; give at least one, such as us-east-1a\n"),
        (
            ["--no-vpc-dns-support"],
            "error: --no-vpc-dns-support: simulates the VPC of sagemaker-ei:vpcId, and the stack sets none "
            "(the VPC the component creates always has DNS support and hostnames on)\n",
        ),
        (["--no-vpc-dns-hostnames"], "error: --no-vpc-dns-hostnames: simulates the VPC of sagemaker-ei:vpcId"),
    ],
)
def test_simulator_flags_are_checked_and_named(capsys, args: list[str], error: str) -> None:
    code, out, err = plan_cli(capsys, *args)
    assert (code, out) == (1, "") and err.startswith(error) and err.count("\n") == 1


def test_a_pinned_subnet_keeps_its_az_to_itself(capsys) -> None:
    """Pinning one subnet to us-east-1b: the others take the offered AZs left, a and c, not b again."""
    code, out, _ = plan_cli(
        capsys, *BYO, "--config", f"subnetIds={json.dumps(SUBNETS)}", "--subnet-az", f"{SUBNETS[0]}=us-east-1b"
    )
    result = json.loads(out)
    assert code == 0 and result["outputs"]["subnetIds"] == SUBNETS
    assert not [w for w in result["warnings"] if "subnet-" in w]
