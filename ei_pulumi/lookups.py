"""What the component must learn from AWS before it creates anything.

Every lookup runs before the first resource is registered, so bad input (a region without
EI, a subnet of another VPC, too few AZs) stops the program with nothing half-built.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Mapping, Optional, TypeVar

import pulumi
import pulumi_aws as aws
from pulumi.runtime import settings

from .config import ConfigError, ElasticInferenceConfig
from .endpoint import check_region, check_vpc_dns, service_name

T = TypeVar("T")


@dataclass(frozen=True)
class AwsFacts:
    """The account's answers the component is built from."""

    partition: str
    region: str
    service_name: str
    service_azs: list[str]
    subnet_azs: list[tuple[str, str]]
    existing_role: Optional[aws.iam.GetRoleResult]
    existing_endpoint: Optional[aws.ec2.GetVpcEndpointResult] = None
    """An EI endpoint already in the given VPC, if there is one."""


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


def look_up(config: ElasticInferenceConfig, opts: pulumi.InvokeOptions) -> AwsFacts:
    """Ask AWS what the config depends on, checking each answer before the next question."""
    partition_result = _lookup(
        "aws:region", "the partition", opts, ("partition",), partial(aws.get_partition, opts=opts)
    )
    partition = partition_result.partition
    region_result = _lookup("aws:region", "the region", opts, ("region",), partial(aws.get_region, opts=opts))
    region = region_result.region or region_result.name
    check_region(region, config.allow_any_region)
    name = service_name(region)
    service = _lookup(
        "aws:region",
        f"the EI service {name}",
        opts,
        ("service", name),
        partial(aws.ec2.get_vpc_endpoint_service, service_name=name, opts=opts),
    )

    subnet_azs: list[tuple[str, str]] = []
    existing_endpoint = None
    if config.vpc_id is not None:
        vpc_id = config.vpc_id
        vpc = _lookup("vpc_id", vpc_id, opts, ("vpc", vpc_id), partial(aws.ec2.get_vpc, id=vpc_id, opts=opts))
        if config.private_dns_enabled:
            check_vpc_dns(vpc_id, vpc.enable_dns_support, vpc.enable_dns_hostnames)
        for subnet_id in config.subnet_ids or []:
            subnet = _lookup(
                "subnet_ids",
                subnet_id,
                opts,
                ("subnet", subnet_id),
                partial(aws.ec2.get_subnet, id=subnet_id, opts=opts),
            )
            if subnet.vpc_id not in (None, vpc_id):
                raise ConfigError("subnet_ids", f"{subnet_id} belongs to {subnet.vpc_id}, not to vpc_id {vpc_id}")
            subnet_azs.append((subnet_id, subnet.availability_zone))
        if config.private_dns_enabled:
            existing_endpoint = _existing_endpoint(vpc_id, name, opts)

    existing_role = None
    if config.existing_role_name is not None:
        role_name = config.existing_role_name
        existing_role = _lookup(
            "existing_role_name",
            f"role {role_name}",
            opts,
            ("role", role_name),
            partial(aws.iam.get_role, name=role_name, opts=opts),
        )

    return AwsFacts(
        partition=partition,
        region=region,
        service_name=name,
        service_azs=list(service.availability_zones or []),
        subnet_azs=subnet_azs,
        existing_role=existing_role,
        existing_endpoint=existing_endpoint,
    )


def _existing_endpoint(vpc_id: str, name: str, opts: pulumi.InvokeOptions) -> Optional[aws.ec2.GetVpcEndpointResult]:
    """The EI endpoint already in ``vpc_id``, or None.

    The data source fails where nothing matches, which is the usual answer; it also fails where
    several match, and then no single one can be named: both read as "none found".
    """
    try:
        return _remembered(
            opts, ("endpoint", vpc_id, name), partial(aws.ec2.get_vpc_endpoint, vpc_id=vpc_id, service_name=name, opts=opts)
        )
    except Exception:  # the provider's "no matching VPC Endpoint found", whatever its type
        return None
