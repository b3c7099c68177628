"""Audit a live EI setup against AWS's page: read-only, whoever built it.

``gather`` asks AWS (describe/get/list calls only) and returns a plain ``Snapshot``;
``run_checks`` judges the snapshot, so every rule is a pure function tested without AWS.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Optional
from urllib.parse import unquote

from ..aws_rules import EndpointFacts
from ..aws_rules.endpoints import dns_attributes_off, private_dns_conflicts
from ..aws_rules.regions import regions
from ..notebook import StackOutputError
from ..offline.simulated_aws import SIMULATED_ACCOUNT_ID, SIMULATED_ID_MARK
from ..steps.endpoint import MIN_AVAILABILITY_ZONES, service_name
from ..steps.permissions import EI_ACTIONS, SAGEMAKER_SERVICE
from ..steps.security_groups import HTTPS_PORT
from .policy_evaluation import NamedPolicy, decide, decide_trust

# What the audit calls, for the README's list of read permissions.
READ_PERMISSIONS = (
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeVpcEndpointServices",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "iam:GetRole",
    "iam:ListAttachedRolePolicies",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:ListRolePolicies",
    "iam:GetRolePolicy",
)


def role_name_of(role: str) -> str:
    """A role's name, from its name or its ARN (arn:aws:iam::111122223333:role/path/NAME)."""
    return role.rsplit("/", 1)[-1] if role.startswith("arn:") else role


class AuditCannotRun(Exception):
    """The audit could not look at the setup (credentials, permissions, a missing endpoint)."""


@dataclass(frozen=True)
class Target:
    """What to audit."""

    region: str
    vpc_endpoint_id: str
    role_name: Optional[str] = None
    endpoint_security_group_id: Optional[str] = None
    sagemaker_security_group_id: Optional[str] = None
    outputs_region: Optional[str] = None
    """The region the stack outputs name (their serviceName), if they name one: a hint, not a choice."""


def _output(outputs: Mapping[str, Any], key: str) -> Optional[str]:
    """A text output, or None where the stack has none."""
    value = outputs.get(key)
    if value is not None and (not isinstance(value, str) or not value):
        raise StackOutputError(key, f"must be a non-empty string (got {value!r})")
    return value


def target_from_stack_outputs(outputs: Mapping[str, Any], region: str) -> Target:
    """The target named by ``pulumi stack output --json`` of an ei_pulumi stack."""
    endpoint_id = _output(outputs, "vpcEndpointId")
    if endpoint_id is None:
        raise StackOutputError("vpcEndpointId", "is missing; was the stack deployed with ei_pulumi's program?")
    role_arn = _output(outputs, "roleArn")
    endpoint_service = _output(outputs, "serviceName")
    return Target(
        region=region,
        vpc_endpoint_id=endpoint_id,
        role_name=_output(outputs, "roleName") or (role_name_of(role_arn) if role_arn else None),
        endpoint_security_group_id=_output(outputs, "endpointSecurityGroupId"),
        sagemaker_security_group_id=_output(outputs, "sagemakerSecurityGroupId"),
        outputs_region=next((r for r in regions() if service_name(r) == endpoint_service), None),
    )


def _not_found_hint(target: Target) -> str:
    """Why the endpoint may be missing: it is a placeholder of `plan`, or it lives in another region."""
    if target.vpc_endpoint_id.partition("-")[2].startswith(SIMULATED_ID_MARK):
        return (
            f": {target.vpc_endpoint_id} is a placeholder of `plan` (simulated IDs start with {SIMULATED_ID_MARK}, "
            f"in account {SIMULATED_ACCOUNT_ID}); audit a deployed stack's `pulumi stack output --json`"
        )
    if target.outputs_region and target.outputs_region != target.region:
        return (
            f": the stack's outputs are of {target.outputs_region} (serviceName); pass --region {target.outputs_region}"
        )
    return "; if the setup is in another region, pass that --region"


@dataclass(frozen=True)
class RoleSnapshot:
    """A role's trust policy and every identity policy on it."""

    name: str
    arn: str
    trust_policy: Mapping[str, Any]
    policies: list[NamedPolicy]


@dataclass
class Snapshot:
    """What AWS said about the setup."""

    target: Target
    partition: str
    endpoint: Mapping[str, Any]
    vpc_dns_support: bool
    vpc_dns_hostnames: bool
    vpc_cidrs: list[str]
    subnet_azs: dict[str, str]
    """Every subnet of the endpoint's VPC and its AZ."""
    offered_azs: list[str]
    vpc_endpoints: list[Mapping[str, Any]]
    """Every endpoint of the VPC, this one included."""
    groups: dict[str, Mapping[str, Any]]
    role: Optional[RoleSnapshot] = None
    role_problem: Optional[str] = None


# --- gathering (boto3, read-only) -----------------------------------------------------------


def _document(value: Any) -> Mapping[str, Any]:
    """IAM returns documents URL-encoded; boto3 decodes most, not all."""
    return json.loads(unquote(value)) if isinstance(value, str) else value


def _role(iam: Any, name: str) -> RoleSnapshot:
    role = iam.get_role(RoleName=name)["Role"]
    policies = []
    for page in iam.get_paginator("list_attached_role_policies").paginate(RoleName=name):
        for attached in page["AttachedPolicies"]:
            version = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]["DefaultVersionId"]
            document = iam.get_policy_version(PolicyArn=attached["PolicyArn"], VersionId=version)["PolicyVersion"][
                "Document"
            ]
            policies.append(NamedPolicy(f"managed policy {attached['PolicyName']}", _document(document)))
    for page in iam.get_paginator("list_role_policies").paginate(RoleName=name):
        for policy_name in page["PolicyNames"]:
            document = iam.get_role_policy(RoleName=name, PolicyName=policy_name)["PolicyDocument"]
            policies.append(NamedPolicy(f"inline policy {policy_name}", _document(document)))
    return RoleSnapshot(name, role["Arn"], _document(role["AssumeRolePolicyDocument"]), policies)


def _guarded(call: Callable[[], Any]) -> Any:
    """Turn the ways the audit cannot run into one AuditCannotRun naming what is missing."""
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        NoCredentialsError,
        NoRegionError,
        ProfileNotFound,
    )

    try:
        return call()
    except NoCredentialsError:
        raise AuditCannotRun(
            "no AWS credentials found: set AWS_PROFILE, use --profile, or configure the standard chain"
        ) from None
    except ProfileNotFound as exc:
        raise AuditCannotRun(str(exc)) from None
    except NoRegionError:
        raise AuditCannotRun("no region: pass --region") from None
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation"):
            needed = {p.split(":")[1]: p for p in READ_PERMISSIONS}.get(exc.operation_name, exc.operation_name)
            raise AuditCannotRun(f"access denied: the audit needs {needed} ({code})") from None
        raise AuditCannotRun(
            f"{exc.operation_name} failed: {code}: {exc.response['Error'].get('Message', '')}"
        ) from None
    except BotoCoreError as exc:  # no connection, or a reply that is not AWS's
        raise AuditCannotRun(f"AWS could not be asked: {' '.join(str(exc).split())}") from None
    except (KeyError, IndexError) as exc:  # a reply without what every AWS reply holds
        raise AuditCannotRun(f"the reply is not AWS's: it lacks {exc}") from None


def _admitted_groups(groups: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every group that the inbound rules of ``groups`` admit."""
    return {
        pair["GroupId"]
        for group in groups
        for permission in group.get("IpPermissions", [])
        for pair in permission.get("UserIdGroupPairs", [])
    }


def _groups(ec2: Any, group_ids: set[str]) -> dict[str, Mapping[str, Any]]:
    if not group_ids:
        return {}
    return {g["GroupId"]: g for g in ec2.describe_security_groups(GroupIds=sorted(group_ids))["SecurityGroups"]}


CONNECT_TIMEOUT = 5
"""Seconds each request may take to connect (botocore's default is 60)."""
READ_TIMEOUT = 10
"""Seconds each request may wait for AWS's answer (botocore's default is 60)."""
DEFAULT_TIMEOUT = 45.0
"""Seconds the whole reading may take: an endpoint that never answers ends the audit within a minute."""


def client_config() -> Any:
    """How every client of the audit asks AWS: short timeouts, and botocore's "standard" retries,
    3 attempts unless AWS_MAX_ATTEMPTS or the profile's max_attempts says otherwise (botocore
    args.py ``_compute_retry_max_attempts``, retries/standard.py ``DEFAULT_MAX_ATTEMPTS``)."""
    from botocore.config import Config

    return Config(connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT, retries={"mode": "standard"})


@dataclass(frozen=True)
class _Deadline:
    """When the audit stops asking AWS, and what it then says."""

    at: float
    seconds: float

    def passed(self) -> bool:
        return time.monotonic() > self.at

    def error(self) -> AuditCannotRun:
        return AuditCannotRun(
            f"the audit did not finish within {self.seconds:g} s (--timeout); is AWS's endpoint reachable?"
        )


def gather(session: Any, target: Target, timeout: float = DEFAULT_TIMEOUT) -> Snapshot:
    """Read everything the checks need, through a boto3 ``session``, within ``timeout`` seconds.

    The reading runs in a thread of its own, given up when the time is over: a socket that never
    answers cannot hold the audit. The thread itself stops at its next request.
    """
    deadline = _Deadline(time.monotonic() + timeout, timeout)
    outcome: dict[str, Any] = {}

    def read() -> None:
        try:
            outcome["snapshot"] = _guarded(lambda: _gather(session, target, deadline))
        except BaseException as exc:  # handed over to the caller's thread below
            outcome["error"] = exc

    reader = threading.Thread(target=read, name="ei-pulumi-audit", daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        raise deadline.error()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["snapshot"]


def _client(session: Any, service: str, region: str, deadline: _Deadline) -> Any:
    """A client of ``service`` that asks as ``client_config`` says, and asks nothing after ``deadline``."""

    def stop_after_deadline(**_: Any) -> None:
        if deadline.passed():
            raise deadline.error()

    client = session.client(service, region_name=region, config=client_config())
    client.meta.events.register("before-send", stop_after_deadline)
    return client


def _gather(session: Any, target: Target, deadline: _Deadline) -> Snapshot:
    from botocore.exceptions import ClientError

    ec2 = _client(session, "ec2", target.region, deadline)
    try:
        found = ec2.describe_vpc_endpoints(VpcEndpointIds=[target.vpc_endpoint_id])["VpcEndpoints"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "InvalidVpcEndpointId.NotFound":
            raise
        found = []
    if not found:
        raise AuditCannotRun(
            f"endpoint.exists: {target.vpc_endpoint_id} not found in {target.region}{_not_found_hint(target)}"
        )
    endpoint = found[0]
    vpc_id = endpoint["VpcId"]
    vpc = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    # moto's service-name filter fails; ServiceNames is the same question.
    services = ec2.describe_vpc_endpoint_services(ServiceNames=[service_name(target.region)]).get("ServiceDetails", [])
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
    groups = _groups(
        ec2,
        {g["GroupId"] for g in endpoint.get("Groups", [])}
        | {g for g in (target.endpoint_security_group_id, target.sagemaker_security_group_id) if g},
    )
    # Without the stack's outputs, the SageMaker group is whichever group the endpoint group admits.
    groups.update(_groups(ec2, _admitted_groups(groups.values()) - set(groups)))
    snapshot = Snapshot(
        target=target,
        partition=session.get_partition_for_region(target.region),
        endpoint=endpoint,
        vpc_dns_support=ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsSupport")["EnableDnsSupport"][
            "Value"
        ],
        vpc_dns_hostnames=ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")[
            "EnableDnsHostnames"
        ]["Value"],
        vpc_cidrs=[a["CidrBlock"] for a in vpc.get("CidrBlockAssociationSet", [])] or [vpc["CidrBlock"]],
        subnet_azs={s["SubnetId"]: s["AvailabilityZone"] for s in subnets},
        offered_azs=sorted(services[0]["AvailabilityZones"]) if services else [],
        vpc_endpoints=endpoints,
        groups=groups,
    )
    if target.role_name:
        try:
            snapshot.role = _role(_client(session, "iam", target.region, deadline), target.role_name)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "NoSuchEntity":
                raise
            snapshot.role_problem = f"role {target.role_name} does not exist"
    return snapshot


# --- checks (pure) --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """One line of the checklist."""

    id: str
    status: str  # "pass", "fail", "warn" or "skip"
    summary: str
    hint: str = ""


def _result(check_id: str, ok: bool, summary: str, hint: str) -> CheckResult:
    return CheckResult(check_id, "pass" if ok else "fail", summary, "" if ok else hint)


def _covers_https(permission: Mapping[str, Any]) -> bool:
    """Whether a rule lets TCP 443 through (all traffic does)."""
    if permission.get("IpProtocol") in ("-1", "all"):
        return True
    return permission.get("IpProtocol") == "tcp" and permission.get("FromPort", 0) <= HTTPS_PORT <= permission.get(
        "ToPort", -1
    )


def _sources(permission: Mapping[str, Any]) -> list[str]:
    """Every source (or destination) a rule names: groups, CIDRs, prefix lists."""
    return (
        [pair["GroupId"] for pair in permission.get("UserIdGroupPairs", [])]
        + [r["CidrIp"] for r in permission.get("IpRanges", [])]
        + [r["CidrIpv6"] for r in permission.get("Ipv6Ranges", [])]
        + [p["PrefixListId"] for p in permission.get("PrefixListIds", [])]
    )


@dataclass
class _Groups:
    """Which groups play which part of the page."""

    endpoint: list[str]
    """Every group attached to the endpoint."""
    sagemaker: Optional[str]
    problem: str = ""


def _identify_groups(snapshot: Snapshot) -> _Groups:
    target = snapshot.target
    # The endpoint admits what any group attached to it admits, however the target was named: the
    # stack's endpoint group only has to be among them (endpoint.security-groups).
    endpoint = [g["GroupId"] for g in snapshot.endpoint.get("Groups", [])]
    if target.sagemaker_security_group_id:
        return _Groups(endpoint, target.sagemaker_security_group_id)
    referenced = sorted(_admitted_groups(snapshot.groups.get(g, {}) for g in endpoint) - set(endpoint))
    if len(referenced) == 1:
        return _Groups(endpoint, referenced[0])
    return _Groups(
        endpoint,
        None,
        f"cannot tell the SageMaker group: the endpoint group admits {referenced or 'no group'}; "
        "name it with --sagemaker-security-group-id",
    )


def _endpoint_checks(snapshot: Snapshot) -> list[CheckResult]:
    endpoint, region = snapshot.endpoint, snapshot.target.region
    expected_service = service_name(region)
    endpoint_azs = sorted({snapshot.subnet_azs.get(s, "?") for s in endpoint.get("SubnetIds", [])})
    wanted = sorted(set(snapshot.offered_azs) & set(snapshot.subnet_azs.values()))
    missing = [az for az in wanted if az not in endpoint_azs]
    if len(endpoint_azs) < MIN_AVAILABILITY_ZONES:
        azs = CheckResult(
            "endpoint.availability-zones",
            "fail",
            f"spans {len(endpoint_azs)} AZ(s) ({', '.join(endpoint_azs) or 'none'})",
            f"add subnets in at least {MIN_AVAILABILITY_ZONES} AZs that offer EI: {', '.join(wanted)}",
        )
    elif missing:
        # Each missing AZ holds a subnet of the VPC already (that is what makes it wanted): name it.
        idle = [
            " or ".join(sorted(s for s, az in snapshot.subnet_azs.items() if az == missing_az)) + f" ({missing_az})"
            for missing_az in missing
        ]
        azs = CheckResult(
            "endpoint.availability-zones",
            "warn",
            f"spans {', '.join(endpoint_azs)}; not {', '.join(missing)}",
            f"AWS's page asks for every AZ that offers EI: attach the existing subnet {', '.join(idle)} "
            "to the endpoint",
        )
    else:
        azs = CheckResult("endpoint.availability-zones", "pass", f"spans {', '.join(endpoint_azs)}")
    return [
        CheckResult("endpoint.exists", "pass", f"{endpoint['VpcEndpointId']} in {endpoint['VpcId']}"),
        _result(
            "endpoint.interface",
            endpoint.get("VpcEndpointType") == "Interface",
            f"type {endpoint.get('VpcEndpointType')}",
            "recreate it as an Interface endpoint (PrivateLink)",
        ),
        _result(
            "endpoint.available",
            endpoint.get("State", "").lower() == "available",
            f"state {endpoint.get('State')}",
            "wait for it, or look at why AWS has not made it available",
        ),
        _result(
            "endpoint.service",
            endpoint.get("ServiceName") == expected_service,
            f"serves {endpoint.get('ServiceName')}",
            f"recreate it for {expected_service}",
        ),
        _result(
            "endpoint.private-dns",
            bool(endpoint.get("PrivateDnsEnabled")),
            f"private DNS {'on' if endpoint.get('PrivateDnsEnabled') else 'off'}",
            "turn on private DNS on the endpoint",
        ),
        azs,
    ]


def _endpoint_facts(endpoint: Mapping[str, Any]) -> EndpointFacts:
    return EndpointFacts(
        endpoint.get("VpcId", ""),
        endpoint.get("ServiceName", ""),
        bool(endpoint.get("PrivateDnsEnabled")),
        endpoint.get("VpcEndpointId", ""),
    )


def _vpc_checks(snapshot: Snapshot) -> list[CheckResult]:
    endpoint = snapshot.endpoint
    vpc_id = endpoint["VpcId"]
    # The same rules the simulated account applies, judged on what AWS reports.
    off = " and ".join(dns_attributes_off(bool(snapshot.vpc_dns_support), bool(snapshot.vpc_dns_hostnames)))
    others = private_dns_conflicts(
        dataclasses.replace(_endpoint_facts(endpoint), private_dns_enabled=True),
        [
            _endpoint_facts(e)
            for e in snapshot.vpc_endpoints
            if e["VpcEndpointId"] != endpoint["VpcEndpointId"]
            and e.get("State", "").lower() not in ("deleted", "deleting", "rejected", "failed")
        ],
    )
    return [
        _result(
            "vpc.dns",
            not off,
            f"{vpc_id}: " + (f"{off} off" if off else "DNS support and hostnames on"),
            f"turn on {off} on {vpc_id}",
        ),
        _result(
            "vpc.single-private-dns-endpoint",
            not others,
            f"other private-DNS EI endpoints: {', '.join(others)}" if others else "no other private-DNS EI endpoint",
            "delete the extra endpoint, or turn its private DNS off",
        ),
    ]


def _group_checks(snapshot: Snapshot, roles: _Groups) -> list[CheckResult]:
    results = []
    attached = [g["GroupId"] for g in snapshot.endpoint.get("Groups", [])]
    expected = snapshot.target.endpoint_security_group_id
    results.append(
        _result(
            "endpoint.security-groups",
            expected is None or expected in attached,
            f"endpoint carries {', '.join(attached) or 'no group'}",
            f"attach the endpoint security group {expected} to the endpoint",
        )
    )

    sagemaker = roles.sagemaker
    strangers, reaches = [], False
    for group_id in roles.endpoint:
        for permission in snapshot.groups.get(group_id, {}).get("IpPermissions", []):
            sources = _sources(permission)
            strangers += [s for s in sources if s != sagemaker]
            reaches = reaches or (sagemaker in sources and _covers_https(permission))
    if roles.problem:
        inbound = CheckResult(
            "endpoint-sg.inbound", "fail", roles.problem, "let the endpoint group admit only the SageMaker group"
        )
    else:
        inbound = _result(
            "endpoint-sg.inbound",
            not strangers and reaches,
            f"also admits {', '.join(sorted(set(strangers)))}"
            if strangers
            else (f"admits only {sagemaker}" if reaches else f"no rule admits {sagemaker} on 443 or all traffic"),
            f"let {', '.join(roles.endpoint)} admit only {sagemaker}, on TCP 443 or all traffic",
        )
    results.append(inbound)

    if sagemaker is None:
        return results + [
            CheckResult(c, "fail", roles.problem, "name the SageMaker group with --sagemaker-security-group-id")
            for c in ("sagemaker-sg.no-inbound", "sagemaker-sg.outbound")
        ]
    group = snapshot.groups.get(sagemaker, {})
    inbound_rules = group.get("IpPermissions", [])
    results.append(
        _result(
            "sagemaker-sg.no-inbound",
            not inbound_rules,
            f"{sagemaker} admits {', '.join(s for p in inbound_rules for s in _sources(p))}"
            if inbound_rules
            else f"{sagemaker} admits nothing",
            f"remove every inbound rule of {sagemaker}",
        )
    )
    vpc_networks = [ipaddress.IPv4Network(c) for c in snapshot.vpc_cidrs]

    def reaches_endpoint(permission: Mapping[str, Any]) -> bool:
        if not _covers_https(permission):
            return False
        if any(pair["GroupId"] in roles.endpoint for pair in permission.get("UserIdGroupPairs", [])):
            return True
        return any(
            all(n.subnet_of(ipaddress.IPv4Network(r["CidrIp"])) for n in vpc_networks)
            for r in permission.get("IpRanges", [])
        )

    path = any(reaches_endpoint(p) for p in group.get("IpPermissionsEgress", []))
    results.append(
        _result(
            "sagemaker-sg.outbound",
            path,
            f"{sagemaker} reaches {', '.join(roles.endpoint)} on 443"
            if path
            else f"{sagemaker} has no outbound path to {', '.join(roles.endpoint)} on 443",
            f"add an outbound rule on {sagemaker} to {', '.join(roles.endpoint)}, TCP 443 or all traffic",
        )
    )
    return results


def _role_checks(snapshot: Snapshot) -> list[CheckResult]:
    if snapshot.role is None:
        if snapshot.role_problem:
            return [
                CheckResult(c, "fail", snapshot.role_problem, "check the role name")
                for c in ("role.trust", "role.ei-permissions")
            ]
        return [
            CheckResult(c, "skip", "no role given (--role-name or stack outputs)")
            for c in ("role.trust", "role.ei-permissions")
        ]
    role = snapshot.role
    account = role.arn.split(":")[4]
    accelerator = (
        f"arn:{snapshot.partition}:elastic-inference:{snapshot.target.region}:{account}:elastic-inference-accelerator/*"
    )
    decisions = [
        decide(action, accelerator if action.startswith("elastic-inference:") else "*", role.policies)
        for action in EI_ACTIONS
    ]
    refused = [d.reason for d in decisions if not d.allowed]
    trust = decide_trust(role.trust_policy, SAGEMAKER_SERVICE)
    return [
        _result(
            "role.trust",
            trust.allowed,
            f"{role.name}: {trust.reason}",
            f"let {SAGEMAKER_SERVICE} assume {role.name} (sts:AssumeRole), and remove any Deny of it",
        ),
        _result(
            "role.ei-permissions",
            not refused,
            "; ".join(refused) if refused else "; ".join(d.reason for d in decisions),
            "attach AmazonSageMakerFullAccess or the statement allowing elastic-inference:Connect "
            "and ec2:DescribeVpcEndpoints, and remove any Deny of them",
        ),
    ]


def run_checks(snapshot: Snapshot) -> list[CheckResult]:
    """Every check, in the page's order: endpoint, VPC, security groups, role."""
    return (
        _endpoint_checks(snapshot)
        + _vpc_checks(snapshot)
        + _group_checks(snapshot, _identify_groups(snapshot))
        + _role_checks(snapshot)
    )


def exit_code(results: list[CheckResult]) -> int:
    """0 when nothing failed (warnings allowed), 1 otherwise."""
    return 1 if any(r.status == "fail" for r in results) else 0


def render_table(target: Target, results: list[CheckResult]) -> str:
    """The checklist for a person."""
    width = max(len(r.id) for r in results)
    lines = [f"EI audit of {target.vpc_endpoint_id} in {target.region}", ""]
    for r in results:
        lines.append(f"  {r.status.upper():4}  {r.id:{width}}  {r.summary}")
        if r.hint:
            lines.append(f"        {'':{width}}  fix: {r.hint}")
    counts = {status: sum(r.status == status for r in results) for status in ("pass", "fail", "warn", "skip")}
    lines += ["", ", ".join(f"{n} {status}" for status, n in counts.items())]
    return "\n".join(lines)


def render_json(target: Target, results: list[CheckResult]) -> str:
    """The checklist for a machine."""
    return json.dumps(
        {"target": target.__dict__, "passed": exit_code(results) == 0, "checks": [r.__dict__ for r in results]},
        indent=2,
        sort_keys=True,
    )
