"""Audit a live setup against AWS's pages: read-only, whoever built it.

Two kinds of setup, told apart by what the stack outputs (or the endpoints) hold: an EI setup
(``ElasticInferenceSetup``, or AWS's page by hand: one interface endpoint for EI) and a SageMaker
private network (``SageMakerPrivateNetwork``: an interface endpoint per service, and the S3
gateway). ``gather`` asks AWS (describe/get/list calls only) and returns a plain ``Snapshot``;
``run_checks`` judges the snapshot, so every rule is a pure function tested without AWS.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence
from urllib.parse import unquote

from ..aws_rules import EndpointFacts
from ..aws_rules.endpoints import dns_attributes_off, holds_dns_name, private_dns_conflicts
from ..aws_rules.regions import regions
from ..aws_rules.services import ELASTIC_INFERENCE
from ..notebook import PRIVATE_NETWORK, StackOutputError, component_of, vpc_config
from ..offline.simulated_aws import SIMULATED_ACCOUNT_ID, SIMULATED_ID_MARK
from ..steps.endpoint import MIN_AVAILABILITY_ZONES
from ..steps.permissions import EI_ACTIONS, SAGEMAKER_SERVICE
from ..steps.security_groups import ANYWHERE_IPV4, HTTPS_PORT
from . import DEFAULT_TIMEOUT
from .policy_evaluation import NamedPolicy, decide, decide_trust

# What the audit calls, for the README's list of read permissions.
READ_PERMISSIONS = (
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeVpcEndpointServices",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeRouteTables",  # a gateway endpoint's
    "ec2:DescribePrefixLists",  # a gateway endpoint's
    "iam:GetRole",
    "iam:ListAttachedRolePolicies",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:ListRolePolicies",
    "iam:GetRolePolicy",
)

INTERFACE = "Interface"
GATEWAY = "Gateway"

# Sources of the SageMaker private network's checks (SPEC "Beyond EI"):
_GATEWAY_ROUTING = "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-routing"
_GATEWAY_SECURITY = (
    "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-security"
)
_MAIN_ROUTE_TABLE = "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html"
_TRAINING_GROUP = "https://docs.aws.amazon.com/sagemaker/latest/dg/train-vpc.html"
_STUDIO_GROUP = "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-notebooks-and-internet-access.html"


def role_name_of(role: str) -> str:
    """A role's name, from its name or its ARN (arn:aws:iam::111122223333:role/path/NAME)."""
    return role.rsplit("/", 1)[-1] if role.startswith("arn:") else role


class AuditCannotRun(Exception):
    """The audit could not look at the setup (credentials, permissions, a missing endpoint)."""


@dataclass(frozen=True)
class EndpointTarget:
    """One endpoint to audit."""

    vpc_endpoint_id: str
    service: str = ""
    """The service it must serve (the stack's key for it, or EI's); empty where only its ID was given."""


@dataclass(frozen=True)
class Target:
    """What to audit."""

    region: str
    endpoints: tuple[EndpointTarget, ...]
    role_name: Optional[str] = None
    endpoint_security_group_id: Optional[str] = None
    sagemaker_security_group_id: Optional[str] = None
    vpc_id: Optional[str] = None
    """The setup's VPC (the stack's vpcId); without it, that of the first endpoint found."""
    workload_subnet_ids: tuple[str, ...] = ()
    """The subnets SageMaker's workloads use (a SageMakerPrivateNetwork's subnetIds); none: every subnet of the VPC."""
    outputs_region: Optional[str] = None
    """The region the stack outputs' service names name, if they name one: a hint, not a choice."""

    @classmethod
    def of_endpoint_ids(cls, region: str, vpc_endpoint_ids: Iterable[str]) -> Target:
        """The endpoints named by their IDs alone: each is judged by the service it serves."""
        return cls(region, tuple(EndpointTarget(i) for i in dict.fromkeys(vpc_endpoint_ids)))


def _output(outputs: Mapping[str, Any], key: str) -> Optional[str]:
    """A text output, or None where the stack has none."""
    value = outputs.get(key)
    if value is not None and (not isinstance(value, str) or not value):
        raise StackOutputError(key, f"must be a non-empty string (got {value!r})")
    return value


def _endpoint_ids(outputs: Mapping[str, Any]) -> dict[str, str]:
    """A SageMakerPrivateNetwork's ``vpcEndpointIds``: each endpoint's full service name and its ID."""
    value = outputs["vpcEndpointIds"]
    if not (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and k and isinstance(v, str) and v.startswith("vpce-") for k, v in value.items())
    ):
        raise StackOutputError(
            "vpcEndpointIds",
            f'must map each endpoint\'s service name to its ID, {{"com.amazonaws.<region>.s3": "vpce-...", ...}} '
            f"(got {value!r})",
        )
    return value


def _region_of(service_names: Iterable[Optional[str]]) -> Optional[str]:
    """The region that service names name (``com.amazonaws.<region>.x``, ``aws.sagemaker.<region>.x``), if any."""
    known = set(regions())
    return next((label for name in service_names for label in (name or "").split(".") if label in known), None)


def target_from_stack_outputs(outputs: Mapping[str, Any], region: str) -> Target:
    """The target named by ``pulumi stack output --json`` of an ei_pulumi stack.

    ``vpcEndpointIds`` makes it a SageMakerPrivateNetwork's, ``vpcEndpointId`` an EI setup's.
    """
    role_arn = _output(outputs, "roleArn")
    target = Target(
        region,
        (),
        role_name=_output(outputs, "roleName") or (role_name_of(role_arn) if role_arn else None),
        endpoint_security_group_id=_output(outputs, "endpointSecurityGroupId"),
        sagemaker_security_group_id=_output(outputs, "sagemakerSecurityGroupId"),
    )
    if component_of(outputs) != PRIVATE_NETWORK:
        endpoint_id = _output(outputs, "vpcEndpointId")
        if endpoint_id is None:
            raise StackOutputError(
                "vpcEndpointIds",
                "is missing, and so is vpcEndpointId; was the stack deployed with ei_pulumi's components? Export "
                "the setup's outputs (ei_pulumi.stack.export_outputs), or name the endpoints with --vpc-endpoint-id",
            )
        return dataclasses.replace(
            target,
            endpoints=(EndpointTarget(endpoint_id, ELASTIC_INFERENCE.name(region)),),
            outputs_region=_region_of([_output(outputs, "serviceName")]),
        )
    endpoints = _endpoint_ids(outputs)
    sagemaker_group = target.sagemaker_security_group_id
    subnets: tuple[str, ...] = ()
    # The workload subnets and the SageMaker group, from sagemakerVpcConfig or subnetIds and the group's ID.
    if "sagemakerVpcConfig" in outputs or {"subnetIds", "sagemakerSecurityGroupId"} <= outputs.keys():
        network = vpc_config(outputs)
        subnets = tuple(network["Subnets"])
        if sagemaker_group is None and len(network["SecurityGroupIds"]) == 1:
            sagemaker_group = network["SecurityGroupIds"][0]
    return dataclasses.replace(
        target,
        endpoints=tuple(EndpointTarget(endpoint_id, service) for service, endpoint_id in endpoints.items()),
        sagemaker_security_group_id=sagemaker_group,
        vpc_id=_output(outputs, "vpcId"),
        workload_subnet_ids=subnets,
        outputs_region=_region_of(endpoints),
    )


def _not_found_hint(target: Target) -> str:
    """Why the endpoints may be missing: they are placeholders of `plan`, or they live in another region."""
    placeholders = [
        e.vpc_endpoint_id for e in target.endpoints if e.vpc_endpoint_id.partition("-")[2].startswith(SIMULATED_ID_MARK)
    ]
    if placeholders:
        return (
            f": {', '.join(placeholders)} {'is a placeholder' if len(placeholders) == 1 else 'are placeholders'} of "
            f"`plan` (simulated IDs start with {SIMULATED_ID_MARK}, in account {SIMULATED_ACCOUNT_ID}); audit a "
            "deployed stack's `pulumi stack output --json`"
        )
    if target.outputs_region and target.outputs_region != target.region:
        return (
            f": the stack's outputs are of {target.outputs_region} (their service names); "
            f"pass --region {target.outputs_region}"
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
    endpoints: dict[str, Mapping[str, Any]]
    """Each endpoint of the target that AWS knows, by ID, as DescribeVpcEndpoints reports it."""
    vpc_id: str
    vpc_dns_support: bool
    vpc_dns_hostnames: bool
    vpc_cidrs: list[str]
    subnet_azs: dict[str, str]
    """Every subnet of the VPC and its AZ."""
    offers: dict[str, dict[str, list[str]]]
    """For each service looked up: each endpoint type AWS offers it as, and the AZs that offer it so.
    A service AWS does not know is absent."""
    vpc_endpoints: list[Mapping[str, Any]]
    """Every endpoint of the VPC, the audited ones included."""
    groups: dict[str, Mapping[str, Any]]
    route_tables: list[Mapping[str, Any]] = field(default_factory=list)
    """Every route table of the VPC, where a gateway endpoint is audited."""
    prefix_lists: dict[str, str] = field(default_factory=dict)
    """The prefix list ID of each gateway endpoint's service."""
    role: Optional[RoleSnapshot] = None
    role_problem: Optional[str] = None

    def service_of(self, wanted: EndpointTarget) -> str:
        """The service an endpoint must serve: the target's, else the one it serves."""
        return wanted.service or self.endpoints.get(wanted.vpc_endpoint_id, {}).get("ServiceName", "")

    def expected_type(self, service: str) -> str:
        """Gateway for a service AWS offers as one (S3: SageMakerPrivateNetwork makes it a gateway), else Interface."""
        return GATEWAY if GATEWAY in self.offers.get(service, {}) else INTERFACE

    def audited(self) -> list[tuple[EndpointTarget, Mapping[str, Any]]]:
        """The target's endpoints that exist in the setup's VPC, with what AWS says of each."""
        return [
            (wanted, self.endpoints[wanted.vpc_endpoint_id])
            for wanted in self.target.endpoints
            if self.endpoints.get(wanted.vpc_endpoint_id, {}).get("VpcId") == self.vpc_id
        ]

    def of_type(self, endpoint_type: str) -> list[tuple[EndpointTarget, Mapping[str, Any]]]:
        """The audited endpoints that must be of ``endpoint_type``."""
        return [(w, e) for w, e in self.audited() if self.expected_type(self.service_of(w)) == endpoint_type]

    @property
    def elastic_inference(self) -> bool:
        """Whether this is an EI setup: an endpoint that is, or must be, EI's."""
        ei = ELASTIC_INFERENCE.name(self.target.region)
        return any(self.service_of(wanted) == ei for wanted in self.target.endpoints)

    def workload_subnets(self) -> dict[str, str]:
        """The subnets SageMaker's workloads use, and their AZs: the target's, else every subnet of the VPC."""
        wanted = self.target.workload_subnet_ids or tuple(self.subnet_azs)
        return {s: self.subnet_azs.get(s, "?") for s in wanted}


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


def _error_code(exc: Any) -> str:
    return exc.response.get("Error", {}).get("Code", "")


def _endpoint(ec2: Any, endpoint_id: str) -> Optional[Mapping[str, Any]]:
    """One endpoint as AWS reports it, or None where AWS knows no such endpoint."""
    from botocore.exceptions import ClientError

    try:
        found = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
    except ClientError as exc:
        if _error_code(exc) != "InvalidVpcEndpointId.NotFound":
            raise
        return None
    return found[0] if found else None


def _offers(ec2: Any, service: str) -> Optional[dict[str, list[str]]]:
    """Each endpoint type AWS offers ``service`` as, with the AZs that offer it so; None for a service AWS
    does not know (InvalidServiceName: EI's, since it ended, or a name of another region).

    One service a request: AWS refuses a whole request for one unknown name. moto's service-name
    filter fails; ServiceNames is the same question. S3 comes as two entries, Interface and Gateway.
    """
    from botocore.exceptions import ClientError

    try:
        details = ec2.describe_vpc_endpoint_services(ServiceNames=[service]).get("ServiceDetails", [])
    except ClientError as exc:
        if _error_code(exc) != "InvalidServiceName":
            raise
        return None
    offers: dict[str, list[str]] = {}
    for detail in details:
        if detail.get("ServiceName") == service:
            for kind in detail.get("ServiceType", []):
                offers.setdefault(kind["ServiceType"], sorted(detail.get("AvailabilityZones", [])))
    return offers


def _gather(session: Any, target: Target, deadline: _Deadline) -> Snapshot:
    from botocore.exceptions import ClientError

    ec2 = _client(session, "ec2", target.region, deadline)
    endpoints = {
        wanted.vpc_endpoint_id: found
        for wanted in target.endpoints
        if (found := _endpoint(ec2, wanted.vpc_endpoint_id)) is not None
    }
    if not endpoints:
        ids = [e.vpc_endpoint_id for e in target.endpoints]
        missing = f"{ids[0]} not found" if len(ids) == 1 else f"none of {', '.join(ids)} found"
        raise AuditCannotRun(f"endpoint.exists: {missing} in {target.region}{_not_found_hint(target)}")
    vpc_id = target.vpc_id or next(
        endpoints[e.vpc_endpoint_id]["VpcId"] for e in target.endpoints if e.vpc_endpoint_id in endpoints
    )
    vpc = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    services = sorted(
        {e.service for e in target.endpoints if e.service} | {e["ServiceName"] for e in endpoints.values()}
    )
    offers = {service: offered for service in services if (offered := _offers(ec2, service)) is not None}
    snapshot = Snapshot(
        target=target,
        partition=session.get_partition_for_region(target.region),
        endpoints=endpoints,
        vpc_id=vpc_id,
        vpc_dns_support=ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsSupport")["EnableDnsSupport"][
            "Value"
        ],
        vpc_dns_hostnames=ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")[
            "EnableDnsHostnames"
        ]["Value"],
        vpc_cidrs=[a["CidrBlock"] for a in vpc.get("CidrBlockAssociationSet", [])] or [vpc["CidrBlock"]],
        subnet_azs={s["SubnetId"]: s["AvailabilityZone"] for s in subnets},
        offers=offers,
        vpc_endpoints=ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"],
        groups={},
    )
    gateways = sorted({snapshot.service_of(wanted) for wanted, _ in snapshot.of_type(GATEWAY)})
    if gateways:
        snapshot.route_tables = [
            table
            for page in ec2.get_paginator("describe_route_tables").paginate(
                Filters=[{"Name": "vpc-id", "Values": [vpc_id]}]
            )
            for table in page["RouteTables"]
        ]
        snapshot.prefix_lists = {
            p["PrefixListName"]: p["PrefixListId"]
            for p in ec2.describe_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": gateways}])[
                "PrefixLists"
            ]
        }
    snapshot.groups = _groups(
        ec2,
        {g["GroupId"] for _, endpoint in snapshot.of_type(INTERFACE) for g in endpoint.get("Groups", [])}
        | {g for g in (target.endpoint_security_group_id, target.sagemaker_security_group_id) if g},
    )
    # Without the stack's outputs, the SageMaker group is whichever group the endpoint groups admit.
    snapshot.groups.update(_groups(ec2, _admitted_groups(snapshot.groups.values()) - set(snapshot.groups)))
    if target.role_name:
        try:
            snapshot.role = _role(_client(session, "iam", target.region, deadline), target.role_name)
        except ClientError as exc:
            if _error_code(exc) != "NoSuchEntity":
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
    vpc_endpoint_id: str = ""
    """The endpoint that a check of one endpoint is about; empty for the checks of the whole setup."""
    service: str = ""
    """That endpoint's service: the one it must serve."""


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


def _label(snapshot: Snapshot, service: str) -> str:
    """How messages name a service: EI's as the page does."""
    return "EI" if service == ELASTIC_INFERENCE.name(snapshot.target.region) else service


@dataclass
class _Groups:
    """Which groups play which part of the page."""

    endpoint: list[str]
    """Every group attached to an interface endpoint of the setup."""
    sagemaker: Optional[str]
    problem: str = ""


def _identify_groups(snapshot: Snapshot) -> _Groups:
    target = snapshot.target
    # The endpoints admit what any group attached to them admits, however the target was named: the
    # stack's endpoint group only has to be among them (endpoint.security-groups).
    endpoint = list(
        dict.fromkeys(g["GroupId"] for _, found in snapshot.of_type(INTERFACE) for g in found.get("Groups", []))
    )
    if target.sagemaker_security_group_id:
        return _Groups(endpoint, target.sagemaker_security_group_id)
    referenced = sorted(_admitted_groups(snapshot.groups.get(g, {}) for g in endpoint) - set(endpoint))
    if len(referenced) == 1:
        return _Groups(endpoint, referenced[0])
    return _Groups(
        endpoint,
        None,
        f"cannot tell the SageMaker group: the endpoint groups admit {referenced or 'no group'}; "
        "name it with --sagemaker-security-group-id",
    )


def _availability_zones(snapshot: Snapshot, endpoint: Mapping[str, Any], service: str) -> CheckResult:
    """An interface endpoint spans the AZs of the workload subnets that offer its service (EI: two at least)."""
    label = _label(snapshot, service)
    minimum = MIN_AVAILABILITY_ZONES if label == "EI" else 1
    workload = snapshot.workload_subnets()
    endpoint_azs = sorted({snapshot.subnet_azs.get(s, "?") for s in endpoint.get("SubnetIds", [])})
    wanted = sorted(set(snapshot.offers.get(service, {}).get(INTERFACE, [])) & set(workload.values()))
    missing = [az for az in wanted if az not in endpoint_azs]
    check = "endpoint.availability-zones"
    if len(endpoint_azs) < minimum:
        at_least = f"at least {minimum} AZs" if minimum > 1 else "an AZ"
        return CheckResult(
            check,
            "fail",
            f"spans {len(endpoint_azs)} AZ(s) ({', '.join(endpoint_azs) or 'none'})",
            f"add subnets in {at_least} that offer{'s' if minimum == 1 else ''} {label}: {', '.join(wanted)}",
        )
    if not missing:
        return CheckResult(check, "pass", f"spans {', '.join(endpoint_azs)}")
    # Each missing AZ holds a workload subnet already (that is what makes it wanted): name it.
    idle = [
        " or ".join(sorted(s for s, az in workload.items() if az == missing_az)) + f" ({missing_az})"
        for missing_az in missing
    ]
    why = (
        "AWS's page asks for every AZ that offers EI"
        if label == "EI"
        else f"{service} is offered where your workloads run, in {', '.join(missing)}"
    )
    return CheckResult(
        check,
        "warn",
        f"spans {', '.join(endpoint_azs)}; not {', '.join(missing)}",
        f"{why}: attach the existing subnet {', '.join(idle)} to the endpoint",
    )


def _endpoint_facts(endpoint: Mapping[str, Any]) -> EndpointFacts:
    return EndpointFacts(
        endpoint.get("VpcId", ""),
        endpoint.get("ServiceName", ""),
        bool(endpoint.get("PrivateDnsEnabled")),
        endpoint.get("VpcEndpointId", ""),
    )


def _single_private_dns(snapshot: Snapshot, endpoint: Mapping[str, Any], service: str) -> CheckResult:
    """No other interface endpoint of the VPC holds the private DNS name of the endpoint's service."""
    # The same rule the simulated account applies, judged on what AWS reports; an endpoint holds the
    # name in the states aws_rules says, and a gateway holds none.
    others = private_dns_conflicts(
        dataclasses.replace(_endpoint_facts(endpoint), private_dns_enabled=True),
        [
            _endpoint_facts(e)
            for e in snapshot.vpc_endpoints
            if e["VpcEndpointId"] != endpoint["VpcEndpointId"]
            and e.get("VpcEndpointType", INTERFACE) == INTERFACE
            and holds_dns_name(e.get("State", ""))
        ],
    )
    of = "of EI" if _label(snapshot, service) == "EI" else "of this service"
    return _result(
        "vpc.single-private-dns-endpoint",
        not others,
        f"other private-DNS endpoints {of}: {', '.join(others)}"
        if others
        else f"no other private-DNS endpoint {of} in {snapshot.vpc_id}",
        "delete the extra endpoint, or turn its private DNS off",
    )


def _carries_endpoint_group(snapshot: Snapshot, endpoint: Mapping[str, Any]) -> CheckResult:
    attached = [g["GroupId"] for g in endpoint.get("Groups", [])]
    expected = snapshot.target.endpoint_security_group_id
    return _result(
        "endpoint.security-groups",
        expected is None or expected in attached,
        f"endpoint carries {', '.join(attached) or 'no group'}",
        f"attach the endpoint security group {expected} to the endpoint",
    )


def _workload_route_tables(snapshot: Snapshot) -> dict[str, tuple[str, bool]]:
    """Each workload subnet's route table, and whether the subnet is associated with it explicitly:
    a subnet without an explicit association uses its VPC's main route table (_MAIN_ROUTE_TABLE)."""
    main, explicit = "", {}
    for table in snapshot.route_tables:
        for association in table.get("Associations", []):
            if association.get("AssociationState", {}).get("State", "associated") != "associated":
                continue
            if association.get("Main"):
                main = table["RouteTableId"]
            elif association.get("SubnetId"):
                explicit[association["SubnetId"]] = table["RouteTableId"]
    return {s: (explicit[s], True) if s in explicit else (main, False) for s in snapshot.workload_subnets()}


def _gateway_route_tables(snapshot: Snapshot, endpoint: Mapping[str, Any], service: str) -> CheckResult:
    """A gateway endpoint routes the workload subnets only through their route tables (_GATEWAY_ROUTING)."""
    on = set(endpoint.get("RouteTableIds", []))
    tables = _workload_route_tables(snapshot)
    left_out: dict[tuple[str, bool], list[str]] = {}
    for subnet, (table, explicit) in tables.items():
        if table not in on:
            left_out.setdefault((table, explicit), []).append(subnet)
    if not left_out:
        return CheckResult(
            "gateway.route-tables",
            "pass",
            f"on {', '.join(sorted({t for t, _ in tables.values()}))}, the route tables of every workload subnet",
        )
    missed = [
        f"{table} (of {', '.join(subnets)})"
        if explicit
        else f"{table or 'no main table'}, the VPC's main table (of {', '.join(subnets)}, which have none of their own)"
        for (table, explicit), subnets in left_out.items()
    ]
    return CheckResult(
        "gateway.route-tables",
        "fail",
        f"not on {'; '.join(missed)}",
        f"add {', '.join(t for t, _ in left_out if t)} to the endpoint's route tables, or those subnets reach "
        f"{service} by no route",
    )


def _gateway_egress(snapshot: Snapshot, service: str, roles: _Groups) -> CheckResult:
    """The SageMaker group sends TCP 443 to the gateway's prefix list (_GATEWAY_SECURITY), or anywhere."""
    check = "sagemaker-sg.prefix-list"
    sagemaker = roles.sagemaker
    if sagemaker is None:
        return CheckResult(check, "fail", roles.problem, "name the SageMaker group with --sagemaker-security-group-id")
    prefix_list = snapshot.prefix_lists.get(service)
    destination = f"{prefix_list} ({service})" if prefix_list else f"the prefix list of {service}"
    ok = any(
        _covers_https(p) and (prefix_list in _sources(p) or ANYWHERE_IPV4 in _sources(p))
        for p in snapshot.groups.get(sagemaker, {}).get("IpPermissionsEgress", [])
    )
    return _result(
        check,
        ok,
        f"{sagemaker} sends 443 to {destination}" if ok else f"{sagemaker} sends nothing to {destination} on 443",
        f"add an outbound rule on {sagemaker} to {destination}, TCP 443",
    )


def _endpoint_checks(snapshot: Snapshot, wanted: EndpointTarget, roles: _Groups) -> list[CheckResult]:
    """Every check of one endpoint: it exists in the VPC, has the type, state and service it must,
    and then what an interface endpoint (DNS, AZs, groups) or a gateway (route tables, egress) needs."""
    service = snapshot.service_of(wanted)
    endpoint = snapshot.endpoints.get(wanted.vpc_endpoint_id)
    region = snapshot.target.region
    if endpoint is None:
        results = [
            CheckResult(
                "endpoint.exists",
                "fail",
                f"{wanted.vpc_endpoint_id} not found in {region}",
                "recreate it (pulumi up), or correct the endpoint's ID",
            )
        ]
    elif endpoint.get("VpcId") != snapshot.vpc_id:
        results = [
            CheckResult(
                "endpoint.exists",
                "fail",
                f"{wanted.vpc_endpoint_id} is in {endpoint.get('VpcId')}, not the setup's {snapshot.vpc_id}",
                f"recreate it in {snapshot.vpc_id}",
            )
        ]
    else:
        expected_type = snapshot.expected_type(service)
        results = [
            CheckResult("endpoint.exists", "pass", f"{endpoint['VpcEndpointId']} in {endpoint['VpcId']}"),
            _result(
                "endpoint.interface" if expected_type == INTERFACE else "endpoint.gateway",
                endpoint.get("VpcEndpointType") == expected_type,
                f"type {endpoint.get('VpcEndpointType')}",
                "recreate it as an Interface endpoint (PrivateLink)"
                if expected_type == INTERFACE
                else "recreate it as a Gateway endpoint, on the workload subnets' route tables",
            ),
            _result(
                "endpoint.available",
                endpoint.get("State", "").lower() == "available",
                f"state {endpoint.get('State')}",
                "wait for it, or look at why AWS has not made it available",
            ),
            _result(
                "endpoint.service",
                endpoint.get("ServiceName") == service,
                f"serves {endpoint.get('ServiceName')}",
                f"recreate it for {service}",
            ),
        ]
        if expected_type == INTERFACE:
            results += [
                _result(
                    "endpoint.private-dns",
                    bool(endpoint.get("PrivateDnsEnabled")),
                    f"private DNS {'on' if endpoint.get('PrivateDnsEnabled') else 'off'}",
                    "turn on private DNS on the endpoint",
                ),
                _availability_zones(snapshot, endpoint, service),
                _carries_endpoint_group(snapshot, endpoint),
                _single_private_dns(snapshot, endpoint, service),
            ]
        else:
            results += [_gateway_route_tables(snapshot, endpoint, service), _gateway_egress(snapshot, service, roles)]
    return [dataclasses.replace(r, vpc_endpoint_id=wanted.vpc_endpoint_id, service=service) for r in results]


def _vpc_dns(snapshot: Snapshot) -> CheckResult:
    # The same rule the simulated account applies, judged on what AWS reports.
    off = " and ".join(dns_attributes_off(bool(snapshot.vpc_dns_support), bool(snapshot.vpc_dns_hostnames)))
    return _result(
        "vpc.dns",
        not off,
        f"{snapshot.vpc_id}: " + (f"{off} off" if off else "DNS support and hostnames on"),
        f"turn on {off} on {snapshot.vpc_id}",
    )


def _group_checks(snapshot: Snapshot, roles: _Groups) -> list[CheckResult]:
    """The endpoint groups admit only the SageMaker group; it admits nothing (but itself, where training
    or Studio need it) and reaches the endpoint groups. Without an interface endpoint, its inbound rules alone."""
    results = []
    interface = bool(snapshot.of_type(INTERFACE))
    sagemaker = roles.sagemaker
    if interface:
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

    own_checks = ("sagemaker-sg.no-inbound", "sagemaker-sg.outbound") if interface else ("sagemaker-sg.no-inbound",)
    if sagemaker is None:
        return results + [
            CheckResult(c, "fail", roles.problem, "name the SageMaker group with --sagemaker-security-group-id")
            for c in own_checks
        ]
    group = snapshot.groups.get(sagemaker, {})
    # A SageMaker private network's group may admit itself: distributed training needs traffic between
    # its instances (_TRAINING_GROUP), Studio in VpcOnly mode TCP 2049 and 8192-65535 (_STUDIO_GROUP).
    itself = () if snapshot.elastic_inference else (sagemaker,)
    admitted = [s for p in group.get("IpPermissions", []) for s in _sources(p) if s not in itself]
    admits_itself = any(sagemaker in _sources(p) for p in group.get("IpPermissions", []))
    results.append(
        _result(
            "sagemaker-sg.no-inbound",
            not admitted,
            f"{sagemaker} admits {', '.join(admitted)}"
            if admitted
            else f"{sagemaker} admits {'only itself' if admits_itself else 'nothing'}",
            f"remove every inbound rule of {sagemaker}" + (" but those from itself" if itself else ""),
        )
    )
    if not interface:
        return results
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
    """The role trusts SageMaker; an EI setup's role may also use EI."""
    checks = ("role.trust", "role.ei-permissions") if snapshot.elastic_inference else ("role.trust",)
    if snapshot.role is None:
        if snapshot.role_problem:
            return [CheckResult(c, "fail", snapshot.role_problem, "check the role name") for c in checks]
        return [CheckResult(c, "skip", "no role given (--role-name or stack outputs)") for c in checks]
    role = snapshot.role
    trust = decide_trust(role.trust_policy, SAGEMAKER_SERVICE)
    results = [
        _result(
            "role.trust",
            trust.allowed,
            f"{role.name}: {trust.reason}",
            f"let {SAGEMAKER_SERVICE} assume {role.name} (sts:AssumeRole), and remove any Deny of it",
        )
    ]
    if not snapshot.elastic_inference:
        return results
    account = role.arn.split(":")[4]
    accelerator = (
        f"arn:{snapshot.partition}:elastic-inference:{snapshot.target.region}:{account}:elastic-inference-accelerator/*"
    )
    decisions = [
        decide(action, accelerator if action.startswith("elastic-inference:") else "*", role.policies)
        for action in EI_ACTIONS
    ]
    refused = [d.reason for d in decisions if not d.allowed]
    return results + [
        _result(
            "role.ei-permissions",
            not refused,
            "; ".join(refused) if refused else "; ".join(d.reason for d in decisions),
            "attach AmazonSageMakerFullAccess or the statement allowing elastic-inference:Connect "
            "and ec2:DescribeVpcEndpoints, and remove any Deny of them",
        )
    ]


def run_checks(snapshot: Snapshot) -> list[CheckResult]:
    """Every check, in the page's order: each endpoint, then the VPC, the security groups, the role."""
    roles = _identify_groups(snapshot)
    results = [r for wanted in snapshot.target.endpoints for r in _endpoint_checks(snapshot, wanted, roles)]
    if snapshot.of_type(INTERFACE):
        results.append(_vpc_dns(snapshot))
    return results + _group_checks(snapshot, roles) + _role_checks(snapshot)


def exit_code(results: Sequence[CheckResult]) -> int:
    """0 when nothing failed (warnings allowed), 1 otherwise."""
    return 1 if any(r.status == "fail" for r in results) else 0


def render_table(snapshot: Snapshot, results: Sequence[CheckResult]) -> str:
    """The checklist for a person: each endpoint's checks under its name, then the rest."""
    target = snapshot.target
    if snapshot.elastic_inference:
        title = f"EI audit of {', '.join(e.vpc_endpoint_id for e in target.endpoints)} in {target.region}"
    else:
        endpoints = f"{len(target.endpoints)} endpoint{'s' if len(target.endpoints) > 1 else ''}"
        title = f"SageMaker private network audit of {endpoints} in {snapshot.vpc_id} ({target.region})"
    width = max(len(r.id) for r in results)
    lines, subject = [title], None
    for r in results:
        about = (
            f"{r.service} ({r.vpc_endpoint_id})" if r.vpc_endpoint_id else f"{snapshot.vpc_id}, its groups, the role"
        )
        if about != subject:
            lines += ["", f"  {about}"]
            subject = about
        lines.append(f"    {r.status.upper():4}  {r.id:{width}}  {r.summary}")
        if r.hint:
            lines.append(f"          {'':{width}}  fix: {r.hint}")
    counts = {status: sum(r.status == status for r in results) for status in ("pass", "fail", "warn", "skip")}
    lines += ["", ", ".join(f"{n} {status}" for status, n in counts.items())]
    return "\n".join(lines)


def render_json(snapshot: Snapshot, results: Sequence[CheckResult]) -> str:
    """The checklist for a machine."""
    return json.dumps(
        {
            "target": dataclasses.asdict(snapshot.target),
            "passed": exit_code(results) == 0,
            "checks": [dataclasses.asdict(r) for r in results],
        },
        indent=2,
        sort_keys=True,
    )
