"""An offline plan: the project's real program, run against a simulated AWS, described.

The description is one plain dict (the ``json`` format); ``table`` and ``mermaid`` render it.
"""

from __future__ import annotations

import json
import os
import re
import runpy
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional

import pulumi
from pulumi.runtime import config as runtime_config
from pulumi.runtime import rpc

from ..aws_rules.regions import is_region, regions
from ..aws_rules.services import ELASTIC_INFERENCE, resolve
from ..config import ConfigError, did_you_mean
from .project_files import Project, StackConfig, config_key, find_project_dir, load_project, read_stack
from .runner import OfflineRun, Registration, run_offline
from .secrets import ConfigWithSecrets, SecretUnavailable
from .simulated_aws import SimulatedAws, SimulatedSubnet, SimulatedVpc

SIMULATED_NOTE = (
    "Simulated: no AWS call was made. IDs and ARNs (…-0ff11e…, account 111122223333) are "
    "placeholders that only AWS can fill in."
)
SECRET = "[secret]"
"""How a secret value shows in a plan, as in ``pulumi preview``."""
_POLICY_PROPERTIES = ("assumeRolePolicy", "policy")
_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
_EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
# Where pulumi-aws takes the region from when aws:region is not set, in order: the `region`
# property of pulumi_aws/config/vars.py, `__config__.get('region') or get_env('AWS_REGION',
# 'AWS_DEFAULT_REGION')`, where get_env returns the first variable that is set.
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: a stack of a project, with overrides and a simulated account."""

    project_dir: Optional[Path] = None
    """Folder of Pulumi.yaml; None: the current folder or the first above it that has one."""
    stack: str = "dev"
    """The stack, as ``pulumi --stack`` takes it: ``dev``, ``org/dev`` or ``org/project/dev``."""
    overrides: dict[str, str] = field(default_factory=dict)
    """``key=value`` as ``pulumi config set`` takes them; a key without namespace is the project's."""
    region: Optional[str] = None
    service_azs: Optional[list[str]] = None
    subnet_azs: dict[str, str] = field(default_factory=dict)
    """AZ of each simulated subnet of a given VPC; the others take the offered AZs left, in turn."""
    vpc_dns_support: bool = True
    """Whether the simulated VPC of ``vpcId`` has enableDnsSupport on."""
    vpc_dns_hostnames: bool = True
    """Whether the simulated VPC of ``vpcId`` has enableDnsHostnames on."""
    environ: Optional[Mapping[str, str]] = None
    """Environment variables (the region's, the passphrase's); None: this process's."""

    def resolved_project_dir(self) -> Path:
        """The project's folder, searched upward from the current one as the Pulumi CLI does."""
        return (self.project_dir or find_project_dir(Path.cwd())).resolve()

    def environment(self) -> Mapping[str, str]:
        """The environment the plan reads."""
        return os.environ if self.environ is None else self.environ


def _region(stack: StackConfig, request: PlanRequest) -> str:
    """The stack's region, from where pulumi-aws takes it, and one AWS has."""
    environ = request.environment()
    variable = next((name for name in REGION_VARIABLES if environ.get(name) is not None), None)
    candidates = [("--region", request.region), ("aws:region", stack.values.get("aws:region"))]
    if variable:
        candidates.append((variable, environ[variable]))
    source, region = next(((source, value) for source, value in candidates if value), ("", None))
    if region is None:
        # `pulumi up` fails without a region; planning one anyway would plan something else.
        raise ConfigError(
            "aws:region",
            f"is not set for stack {stack.stack}; set it with `pulumi config set aws:region <region>` "
            f"or {' or '.join(REGION_VARIABLES)} (or plan with --region)",
        )
    if not is_region(region):
        raise ConfigError(source, f"{region!r} is not an AWS region{did_you_mean(region, regions())}")
    return region


def _stack_config(request: PlanRequest, project: Project) -> tuple[StackConfig, str]:
    """The stack's config with the request's overrides, and its region."""
    stack = read_stack(project, request.stack)
    for key, value in request.overrides.items():
        stack.set(config_key(key, project.name), value)
    if request.region:
        stack.set("aws:region", request.region)
    return stack, _region(stack, request)


def _is_az_of(az: str, region: str) -> bool:
    """Whether ``az`` names an AZ of ``region``: "The code for an Availability Zone is its Region code
    followed by a letter identifier" (https://docs.aws.amazon.com/global-infrastructure/latest/regions/
    aws-availability-zones.html)."""
    return re.fullmatch(re.escape(region) + "[a-z]", az) is not None


def _json_list(text: Optional[str]) -> list[str]:
    """A list setting's IDs; anything else is the program's to report."""
    try:
        value = json.loads(text or "[]")
    except json.JSONDecodeError:
        return []
    return [str(item) for item in value] if isinstance(value, list) else []


def _simulated_account(stack: StackConfig, region: str, request: PlanRequest) -> SimulatedAws:
    """An account holding whatever VPC, subnets, role and extra endpoint services the stack names."""
    namespace = stack.project
    if request.service_azs == []:
        raise ConfigError("--service-azs", f"names no AZ; give at least one, such as {region}a")
    for az in request.service_azs or []:
        if not _is_az_of(az, region):
            raise ConfigError(
                "--service-azs", f"{az} is not an AZ of {region} (AZs there are {region}a, {region}b, ...)"
            )
    world = SimulatedAws(region=region, service_azs=_service_azs(stack, region, request.service_azs))
    for subnet_id, az in request.subnet_azs.items():
        if not _is_az_of(az, region):
            raise ConfigError("--subnet-az", f"{subnet_id}={az}: {az} is not an AZ of {region}")
    role_name = stack.values.get(f"{namespace}:existingRoleName")
    if role_name:
        world.roles[role_name] = world.arn("iam", f"role/{role_name}")
    vpc_id = stack.values.get(f"{namespace}:vpcId")
    subnet_ids = _json_list(stack.values.get(f"{namespace}:subnetIds")) if vpc_id else []
    for flag, on in (
        ("--no-vpc-dns-support", request.vpc_dns_support),
        ("--no-vpc-dns-hostnames", request.vpc_dns_hostnames),
    ):
        if not on and not vpc_id:
            raise ConfigError(
                flag,
                f"simulates the VPC of {namespace}:vpcId, and the stack sets none (the VPC the "
                "component creates always has DNS support and hostnames on)",
            )
    strangers = sorted(set(request.subnet_azs) - set(subnet_ids))
    if strangers:
        raise ConfigError(
            "--subnet-az",
            f"{strangers[0]} is not one of {namespace}:subnetIds ({', '.join(subnet_ids) or 'none'})",
        )
    if vpc_id:
        world.vpcs[vpc_id] = SimulatedVpc(
            enable_dns_support=request.vpc_dns_support, enable_dns_hostnames=request.vpc_dns_hostnames
        )
        for subnet_id, az in _subnet_placement(subnet_ids, request.subnet_azs, world.offered_azs).items():
            world.subnets[subnet_id] = SimulatedSubnet(vpc_id, az)
    return world


def _service_azs(stack: StackConfig, region: str, ei_azs: Optional[list[str]]) -> Optional[dict[str, list[str]]]:
    """Where the simulated region offers the services the account does not know by default: EI in the AZs
    --service-azs names, and each of the stack's extraServices in the region's a, b and c."""
    offered = {ELASTIC_INFERENCE.name(region): ei_azs} if ei_azs else {}
    for extra in _json_list(stack.values.get(f"{stack.project}:extraServices")):
        offered.setdefault(resolve(extra, region).name(region), [f"{region}{letter}" for letter in "abc"])
    return offered or None


def _subnet_placement(subnet_ids: list[str], pinned: Mapping[str, str], offered: list[str]) -> dict[str, str]:
    """Each subnet's AZ: its pin, else the next offered AZ no pin holds; once those run out, the
    offered AZs again in turn (more subnets than AZs must share one)."""
    free = [az for az in offered if az not in pinned.values()]
    in_turn = iter(free + offered * len(subnet_ids))
    return {subnet_id: pinned.get(subnet_id) or next(in_turn) for subnet_id in subnet_ids}


@contextmanager
def _working_directory(folder: Path) -> Iterator[None]:
    """The program runs from its own folder, as the engine runs it (pkg/engine/project.go getPwdMain)."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def _unavailable(key: str, reason: SecretUnavailable) -> ConfigError:
    return ConfigError(key, f"is a secret, and {reason}; or give its value with --config {key}=...")


def _program(project: Project, stack: StackConfig, environ: Mapping[str, str]) -> Callable[[], None]:
    """The project's program, given the stack's config as the engine gives it: secrets as secrets,
    each decrypted when the program reads it, and run from its folder."""
    folder, main = project.program()

    def reveal(value: Any) -> Callable[[], str]:
        return lambda: stack.encryption.reveal(value, environ)

    def program() -> None:
        pulumi.runtime.set_all_config(stack.values, list(stack.secrets))
        secrets = {key: reveal(value) for key, value in stack.secrets.items()}
        runtime_config.CONFIG.set(ConfigWithSecrets(stack.values, secrets, _unavailable))
        with _working_directory(folder):
            runpy.run_path(str(main), run_name="__main__")

    return program


def run_stack(
    project: Project, stack: StackConfig, world: pulumi.runtime.Mocks, environ: Optional[Mapping[str, str]] = None
) -> OfflineRun:
    """Run the project's program with one stack's config against ``world``, as ``pulumi up`` would;
    ``environ`` (default: this process's) holds the passphrase, if the program reads a secret."""
    program = _program(project, stack, os.environ if environ is None else environ)
    return run_offline(program, world, project=stack.project, stack=stack.stack, config=stack.values)


def _name_of(run: OfflineRun) -> dict[str, str]:
    """Simulated ID -> logical name, to show wiring by name."""
    return {r.id: r.name for r in run.registrations if r.id}


def _plain(value: Any) -> Any:
    """Inputs as written, secrets masked: the engine hands every number back as a float."""
    if rpc.is_rpc_secret(value):
        return SECRET
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _resource(r: Registration, by_urn: dict[str, Registration]) -> dict[str, Any]:
    properties = {k: _plain(v) for k, v in sorted(r.inputs.items()) if k not in _POLICY_PROPERTIES}
    return {
        "type": r.type,
        "name": r.name,
        "id": r.id or None,
        "parent": by_urn[r.parent].name if r.parent in by_urn else None,
        "depends_on": sorted(by_urn[d].name for d in r.dependencies if d in by_urn),
        "properties": properties,
    }


def _traffic(run: OfflineRun) -> list[dict[str, str]]:
    """Each security-group rule as who may reach whom, by resource name."""
    names = _name_of(run)
    lines = []
    for rule in run.of_type(_INGRESS) + run.of_type(_EGRESS):
        inputs = _plain(rule.inputs)
        group = names.get(inputs["securityGroupId"], inputs["securityGroupId"])
        peers = ("referencedSecurityGroupId", "cidrIpv4", "cidrIpv6", "prefixListId")
        peer_id = next((inputs[key] for key in peers if inputs.get(key)), "?")
        peer = names.get(peer_id, peer_id)
        inbound = rule.type == _INGRESS
        source, target = (peer, group) if inbound else (group, peer)
        protocol = inputs["ipProtocol"]
        lines.append(
            {
                "from": source,
                "to": target,
                "allowed_by": f"{'inbound' if inbound else 'outbound'} rule of {group}",
                "protocol": "all"
                if protocol == "-1"
                else f"{protocol}/{inputs.get('fromPort')}"
                + (f"-{inputs['toPort']}" if inputs.get("toPort") != inputs.get("fromPort") else ""),
                "rule": rule.name,
            }
        )
    return sorted(lines, key=lambda line: (line["from"], line["to"], line["allowed_by"]))


def describe(stack: StackConfig, run: OfflineRun, region: str) -> dict[str, Any]:
    """The plan as plain data: the ``json`` format."""
    by_urn = run.by_urn()
    return {
        "project": stack.project,
        "stack": stack.stack,
        "region": region,
        "simulated": True,
        "note": SIMULATED_NOTE,
        "resources": [_resource(r, by_urn) for r in run.registrations],
        "iam_documents": [
            {"resource": r.name, "property": key, "document": json.loads(r.inputs[key])}
            for r in sorted(run.registrations, key=lambda r: r.name)
            for key in _POLICY_PROPERTIES
            if key in r.inputs
        ],
        "traffic": _traffic(run),
        "critical_path": [r.name for r in run.critical_path()],
        "lookups": [i.token for i in run.invocations],
        "warnings": stack.warnings + run.warnings,
        "outputs": {name: SECRET if name in run.secret_outputs else value for name, value in run.outputs.items()},
    }


def make_plan(request: PlanRequest) -> dict[str, Any]:
    """Run the project's program for ``request`` and describe what it would create."""
    project = load_project(request.resolved_project_dir())
    stack, region = _stack_config(request, project)
    run = run_stack(project, stack, _simulated_account(stack, region, request), request.environment())
    plan = describe(stack, run, region)
    # Registration order depends on the event loop; a stable plan lists by parent, then name.
    plan["resources"].sort(key=lambda r: (r["parent"] is not None, r["type"], r["name"]))
    return plan


# --- renderings ---------------------------------------------------------------------------


def _short_type(type_: str) -> str:
    return type_.rsplit(":", 1)[-1]


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "[]"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_value(v)}" for k, v in sorted(value.items())) or "{}"
    return json.dumps(value) if isinstance(value, bool) else str(value)


def render_table(plan: dict[str, Any]) -> str:
    """The plan for a person: resource tree, IAM documents, traffic, outputs (warnings go to stderr)."""
    out = [f"Plan for {plan['project']} (stack {plan['stack']}) in {plan['region']}", plan["note"], ""]
    resources = plan["resources"]
    out.append(f"Resources ({len(resources)})")
    children: dict[Optional[str], list[dict[str, Any]]] = {}
    for r in resources:
        children.setdefault(r["parent"], []).append(r)

    def tree(parent: Optional[str], depth: int) -> None:
        for r in children.get(parent, []):
            indent = "  " * depth
            out.append(f"{indent}+ {_short_type(r['type'])} {r['name']}  [{r['type']}]")
            for key, value in r["properties"].items():
                out.append(f"{indent}    {key}: {_value(value)}")
            if r["depends_on"]:
                out.append(f"{indent}    (waits for: {', '.join(r['depends_on'])})")
            tree(r["name"], depth + 1)

    tree(None, 1)
    out += ["", "IAM documents"]
    for doc in plan["iam_documents"]:
        out.append(f"  {doc['resource']}.{doc['property']}:")
        out += ["    " + line for line in json.dumps(doc["document"], indent=2).splitlines()]
    out += ["", "Allowed traffic (security-group rules)"]
    out += [f"  {t['from']} → {t['to']} : {t['protocol']}  ({t['allowed_by']})" for t in plan["traffic"]]
    out += ["", f"Critical path ({len(plan['critical_path'])} deep): {' → '.join(plan['critical_path'])}"]
    out += ["", "Outputs (simulated)"]
    out += [f"  {key}: {json.dumps(value)}" for key, value in sorted(plan["outputs"].items())]
    return "\n".join(out)


def render_json(plan: dict[str, Any]) -> str:
    """The plan for a machine: stable key order."""
    return json.dumps(plan, indent=2, sort_keys=True)


def render_mermaid(plan: dict[str, Any]) -> str:
    """A Mermaid flowchart: resources, what waits for what (dotted), allowed traffic (solid)."""
    rule_types = {_INGRESS, _EGRESS}
    shown = [r for r in plan["resources"] if r["type"] not in rule_types]
    node = {r["name"]: f"n{index}" for index, r in enumerate(shown)}
    lines = ["flowchart LR"]
    parents = {r["parent"] for r in shown}
    for top in (r for r in shown if r["parent"] is None):
        if top["name"] not in parents:  # a resource of the program's own, beside the components
            lines.append(f'  {node[top["name"]]}["{_short_type(top["type"])}<br/>{top["name"]}"]')
            continue
        lines.append(f'  subgraph {node[top["name"]]}["{_short_type(top["type"])} {top["name"]}"]')
        for r in shown:
            if r["parent"] == top["name"]:
                lines.append(f'    {node[r["name"]]}["{_short_type(r["type"])}<br/>{r["name"]}"]')
        lines.append("  end")
    for r in shown:
        for dependency in r["depends_on"]:
            if dependency in node:
                lines.append(f"  {node[r['name']]} -.-> {node[dependency]}")
    external: dict[str, str] = {}
    # A flow needs the outbound rule of one group and the inbound rule of the other: one arrow.
    flows = sorted({(t["from"], t["to"], t["protocol"]) for t in plan["traffic"]})
    for source, target, protocol in flows:
        for end in (source, target):
            if end not in node and end not in external:
                external[end] = f"x{len(external)}"
                lines.append(f'  {external[end]}(["{end}"])')
        ends = [node.get(end) or external[end] for end in (source, target)]
        lines.append(f"  {ends[0]} ==>|{protocol}| {ends[1]}")
    return "\n".join(lines)


RENDERERS = {"table": render_table, "json": render_json, "mermaid": render_mermaid}
