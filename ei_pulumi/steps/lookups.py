"""What the component must learn from AWS before it creates anything.

Each lookup runs before the first resource that depends on it is registered: for plain values,
before anything at all (placement.py runs those of IDs given as Outputs once they are known),
so bad input (a region without the service, a subnet of another VPC, too few AZs) stops the
program with nothing half-built.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Mapping, Optional, Sequence, TypeVar

import pulumi
import pulumi_aws as aws
from pulumi.runtime import settings

from ..aws_rules.endpoints import DNS_HOLDING_STATES
from ..aws_rules.services import EndpointService
from ..config import SETUP_TAG, ConfigError
from .endpoint import EndpointsInVpc, check_vpc_dns

T = TypeVar("T")


@dataclass(frozen=True)
class RegionFacts:
    """Where the component runs: the partition and the region."""

    partition: str
    region: str


@dataclass(frozen=True)
class ServiceFacts:
    """An endpoint service as AWS offers it here: its catalogue entry, its full name and the AZs that offer it."""

    service: EndpointService
    name: str
    availability_zones: list[str]


@dataclass(frozen=True)
class GivenVpcFacts:
    """What AWS says of a given VPC: each given subnet's AZ, and the endpoints already there, by service name."""

    subnet_azs: list[tuple[str, str]]
    existing_endpoints: dict[str, EndpointsInVpc]
    """Looked up only for the services that ask for private DNS."""


def invoke_options(opts: Optional[pulumi.ResourceOptions]) -> pulumi.InvokeOptions:
    """Invoke options that reach the same AWS provider the component's children will use.

    The component is not registered yet, so ``parent=self`` cannot carry its provider: take it
    from ``opts`` (``provider``, or the ``aws`` entry of ``providers``) and inherit the rest
    from the component's own parent.
    """
    opts = opts or pulumi.ResourceOptions()
    candidates = [opts.provider] if opts.provider is not None else []
    if opts.providers:
        candidates += opts.providers.values() if isinstance(opts.providers, Mapping) else opts.providers
    # A provider of another package serves none of the AWS lookups, as it serves none of the children.
    provider = next((p for p in candidates if getattr(p, "package", None) == "aws"), None)
    return pulumi.InvokeOptions(parent=opts.parent, provider=provider)


# What this deployment already knows, per engine connection (a new one for every program run,
# and for every set_mocks in tests): the answers AWS gave, and which setup took private DNS in
# which VPC. Pulumi's synchronous invokes cost more the more the program has registered, so
# asking the same question once per component would make a program of N components quadratic.
_DEPLOYMENTS: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()


def deployment_memory() -> dict[tuple[Any, ...], Any]:
    """A dict that lives as long as this deployment (a throwaway one outside a deployment)."""
    monitor = settings.get_monitor()
    return {} if monitor is None else _DEPLOYMENTS.setdefault(monitor, {})


def provider_key(opts: pulumi.InvokeOptions) -> Any:
    """Which provider answers for ``opts``: the same VPC ID under two providers may be two VPCs."""
    return opts.provider or (opts.parent.get_provider("aws:index:getRegion") if opts.parent else None)


def _remembered(opts: pulumi.InvokeOptions, question: tuple[Any, ...], ask: Callable[[], T]) -> T:
    """``ask()``, or the answer it gave earlier in this deployment through the same provider."""
    answers = deployment_memory()
    key = ("answer", provider_key(opts), *question)
    if key not in answers:
        answers[key] = ask()
    return answers[key]


def _lookup(key: str, what: str, opts: pulumi.InvokeOptions, question: tuple[Any, ...], ask: Callable[[], T]) -> T:
    """A remembered lookup of a user-given value; a failure names the key it came from."""
    try:
        return _remembered(opts, question, ask)
    except Exception as exc:  # the provider's own error, whatever its type
        raise ConfigError(key, f"{what} could not be looked up: {exc}") from exc


def look_up_region(opts: pulumi.InvokeOptions) -> RegionFacts:
    """The partition and the region the component's provider serves."""
    partition = _lookup("aws:region", "the partition", opts, ("partition",), partial(aws.get_partition, opts=opts))
    region_result = _lookup("aws:region", "the region", opts, ("region",), partial(aws.get_region, opts=opts))
    return RegionFacts(partition.partition, region_result.region or region_result.name)


def look_up_service(
    service: EndpointService, region: str, key: str, label: str, opts: pulumi.InvokeOptions
) -> ServiceFacts:
    """The service as ``region`` offers it (its name confirmed, its AZs); a failure names ``key``.

    The lookup asks for the service's own type: S3 is both an Interface and a Gateway service, and
    pulumi-aws's data source refuses a name that matches two (vpc_endpoint_service_data_source.go).
    """
    name = service.name(region)
    found = _lookup(
        key,
        f"the {label} service {name}",
        opts,
        ("service", name, service.kind),
        partial(aws.ec2.get_vpc_endpoint_service, service_name=name, service_type=service.kind, opts=opts),
    )
    return ServiceFacts(service, name, list(found.availability_zones or []))


def look_up_availability_zones(opts: pulumi.InvokeOptions) -> list[str]:
    """The region's available AZs, for a VPC whose endpoints are gateways only."""
    found = _lookup(
        "aws:region",
        "the Availability Zones",
        opts,
        ("availability-zones",),
        partial(aws.get_availability_zones, state="available", opts=opts),
    )
    return list(found.names or [])


def look_up_given_vpc(
    vpc_id: str,
    subnet_ids: list[str],
    private_dns_services: Sequence[str],
    marker: str,
    opts: pulumi.InvokeOptions,
) -> GivenVpcFacts:
    """Check the given VPC (its DNS, if a service asks for private DNS) and that each subnet is one of its own."""
    vpc = _lookup("vpc_id", vpc_id, opts, ("vpc", vpc_id), partial(aws.ec2.get_vpc, id=vpc_id, opts=opts))
    if private_dns_services:
        check_vpc_dns(vpc_id, vpc.enable_dns_support, vpc.enable_dns_hostnames)
    subnet_azs: list[tuple[str, str]] = []
    for subnet_id in subnet_ids:
        subnet = _lookup(
            "subnet_ids", subnet_id, opts, ("subnet", subnet_id), partial(aws.ec2.get_subnet, id=subnet_id, opts=opts)
        )
        if subnet.vpc_id not in (None, vpc_id):
            raise ConfigError("subnet_ids", f"{subnet_id} belongs to {subnet.vpc_id}, not to vpc_id {vpc_id}")
        subnet_azs.append((subnet_id, subnet.availability_zone))
    existing = {service: _existing_endpoints(vpc_id, service, marker, opts) for service in private_dns_services}
    return GivenVpcFacts(subnet_azs, existing)


# pulumi-aws's get_route_table fails where nothing matches: "query returned no results"
# (vpc_route_table_data_source.go), or "no matching EC2 Route Table found" where the provider reports
# it through tfresource.SingularDataSourceFindError.
_NO_ROUTE_TABLE = ("no results", "no matching")


def look_up_route_tables(vpc_id: str, subnet_ids: list[str], opts: pulumi.InvokeOptions) -> list[str]:
    """The route tables the subnets use, each once: a subnet's own association, else its VPC's main table.

    DescribeRouteTables finds a subnet's table by association.subnet-id only where the subnet was
    associated explicitly; "a subnet that is not explicitly associated with any route table is
    implicitly associated with the main route table" (https://docs.aws.amazon.com/vpc/latest/userguide/
    RouteTables.html#RouteTableDetails), which association.main=true finds.
    """

    def own_table(subnet_id: str) -> Optional[str]:
        try:
            return aws.ec2.get_route_table(subnet_id=subnet_id, opts=opts).route_table_id
        except Exception as exc:  # the provider's error, whatever its type
            if any(words in str(exc) for words in _NO_ROUTE_TABLE):
                return None
            raise

    def main_table() -> str:
        main = aws.ec2.GetRouteTableFilterArgs(name="association.main", values=["true"])
        return aws.ec2.get_route_table(vpc_id=vpc_id, filters=[main], opts=opts).route_table_id

    tables: list[str] = []
    for subnet_id in subnet_ids:
        table = _lookup(
            "subnet_ids",
            f"the route table of {subnet_id}",
            opts,
            ("route-table", subnet_id),
            partial(own_table, subnet_id),
        )
        if table is None:
            table = _lookup(
                "vpc_id", f"the main route table of {vpc_id}", opts, ("main-route-table", vpc_id), main_table
            )
        if table not in tables:
            tables.append(table)
    return tables


def look_up_role(role_name: str, opts: pulumi.InvokeOptions) -> aws.iam.GetRoleResult:
    """The existing role that gets the minimal EI statement."""
    return _lookup(
        "existing_role_name",
        f"role {role_name}",
        opts,
        ("role", role_name),
        partial(aws.iam.get_role, name=role_name, opts=opts),
    )


def _live_endpoint(
    vpc_id: str, service: str, tags: Mapping[str, str], opts: pulumi.InvokeOptions
) -> tuple[str, Optional[aws.ec2.GetVpcEndpointResult]]:
    """("none" | "one" | "several", the one) among the service's live endpoints in ``vpc_id`` carrying ``tags``.

    pulumi-aws has only the singular data source, which fails on no match and on several alike
    (tfresource.SingularDataSourceFindError: "no matching ... found", "multiple ... matched"); the
    EC2 filter on DNS_HOLDING_STATES keeps out endpoints that hold the name no more.
    """

    def ask() -> tuple[str, Optional[aws.ec2.GetVpcEndpointResult]]:
        live = aws.ec2.GetVpcEndpointFilterArgs(name="vpc-endpoint-state", values=list(DNS_HOLDING_STATES))
        try:
            found = aws.ec2.get_vpc_endpoint(
                vpc_id=vpc_id, service_name=service, tags=dict(tags) or None, filters=[live], opts=opts
            )
        except Exception as exc:  # the provider's error, whatever its type
            for words, kind in (("no matching", "none"), ("multiple", "several")):
                if words in str(exc):
                    return kind, None
            raise
        return "one", found

    question = ("endpoints", vpc_id, service, tuple(sorted(tags.items())))
    return _lookup("private_dns_enabled", f"the {service} endpoints in {vpc_id}", opts, question, ask)


def _existing_endpoints(vpc_id: str, service: str, marker: str, opts: pulumi.InvokeOptions) -> EndpointsInVpc:
    """The service's live endpoints in ``vpc_id``, as far as they bear on its private DNS name.

    Where several are live, AWS's one private-DNS endpoint per service per VPC means that if this
    setup's own (tagged with its ``marker``) holds the name, none of the others can.
    """
    kind, found = _live_endpoint(vpc_id, service, {}, opts)
    if kind != "several":
        return EndpointsInVpc(holder=found)
    _, own = _live_endpoint(vpc_id, service, {SETUP_TAG: marker}, opts)
    if own is not None and own.private_dns_enabled:
        return EndpointsInVpc(holder=own)
    return EndpointsInVpc(several=True)
