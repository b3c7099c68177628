"""Where the endpoints go in a VPC the user gives, and which existing role the workloads run as.

Both depend on IDs the user gives. Given as plain values, they are looked up and checked at
once, before anything registers. Given as Outputs (of resources in the same program, of a
StackReference), the same lookups and checks run once the values are known, inside an
``apply`` whose result everything built on them waits for: a bad value stops the run before
the endpoints, or anything else that uses them, are created. In a preview whose values are
unknown, the checks wait and the resources register with unknown inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from ..aws_rules.services import GATEWAY, INTERFACE
from ..config import ConfigError, ElasticInferenceConfig, SageMakerPrivateNetworkConfig, SettingsModel
from ..deferred import Deferred, when_known
from .endpoint import EndpointsInVpc, EndpointSubnets, check_single_private_dns, choose_endpoint_subnets
from .lookups import (
    ServiceFacts,
    deployment_memory,
    look_up_given_vpc,
    look_up_role,
    look_up_route_tables,
    provider_key,
)
from .permissions import ExistingRole


@dataclass(frozen=True)
class EndpointPlacement:
    """The checked VPC, the subnets the endpoint takes (one per offered AZ) and what to tell the user."""

    vpc_id: str
    subnet_ids: list[str]
    warnings: list[str]


def _claim_private_dns(
    setup: str,
    vpc_id: str,
    service: ServiceFacts,
    existing: EndpointsInVpc,
    marker: str,
    opts: pulumi.InvokeOptions,
    label: str,
) -> None:
    """Refuse a second private-DNS endpoint of the service in the VPC, and claim it for this setup."""
    claims = deployment_memory()
    claim = ("private-dns", provider_key(opts), vpc_id, service.name)
    check_single_private_dns(setup, vpc_id, service.name, existing, claims.get(claim), marker, label)
    claims[claim] = setup


def place_in_given_vpc(
    setup: str, config: ElasticInferenceConfig, service: ServiceFacts, opts: pulumi.InvokeOptions, marker: str
) -> EndpointPlacement:
    """Check the given VPC and subnets, choose one subnet per offered AZ, and claim private DNS in the VPC."""
    vpc_id, subnet_ids = str(config.vpc_id), list(config.subnet_ids or [])  # known: checked by when_known
    private_dns = [service.name] if config.private_dns_enabled else []
    facts = look_up_given_vpc(vpc_id, subnet_ids, private_dns, marker, opts)
    chosen = choose_endpoint_subnets(facts.subnet_azs, service.availability_zones)
    if config.private_dns_enabled:
        _claim_private_dns(setup, vpc_id, service, facts.existing_endpoints[service.name], marker, opts, "EI")
    return EndpointPlacement(vpc_id, chosen.subnet_ids, chosen.warnings())


@dataclass(frozen=True)
class NetworkPlacement:
    """The checked VPC, the workloads' subnets, each interface endpoint's subnets, the gateway's route tables."""

    vpc_id: str
    subnet_ids: list[str]
    endpoint_subnets: dict[str, list[str]]
    """Full service name -> the subnets its endpoint takes (one per AZ that offers it)."""
    route_table_ids: list[str]
    """The route tables the workload subnets use; none where the network has no gateway."""
    warnings: list[str]


def place_network_in_given_vpc(
    setup: str,
    config: SageMakerPrivateNetworkConfig,
    services: list[ServiceFacts],
    opts: pulumi.InvokeOptions,
    marker: str,
) -> NetworkPlacement:
    """Check the given VPC and subnets (two AZs at least), choose each interface endpoint's subnets, claim
    private DNS for each service, and look up the route tables the gateway goes on."""
    vpc_id, subnet_ids = str(config.vpc_id), list(config.subnet_ids or [])  # known: checked by when_known
    interfaces = [s for s in services if s.service.kind == INTERFACE]
    private_dns = [s.name for s in interfaces] if config.private_dns_enabled else []
    facts = look_up_given_vpc(vpc_id, subnet_ids, private_dns, marker, opts)
    azs = sorted({az for _, az in facts.subnet_azs})
    if len(azs) < 2:
        raise ConfigError(
            "subnet_ids",
            f"the subnets are all in {', '.join(azs)}; give subnets in at least two Availability Zones: AWS "
            "recommends two or more for the endpoints' availability, and SageMaker hosting requires them",
        )
    chosen = {
        s.name: choose_endpoint_subnets(facts.subnet_azs, s.availability_zones, service=s.service.key, minimum=1)
        for s in interfaces
    }
    for service in interfaces if config.private_dns_enabled else []:
        existing = facts.existing_endpoints[service.name]
        _claim_private_dns(setup, vpc_id, service, existing, marker, opts, service.service.key)
    has_gateway = any(s.service.kind == GATEWAY for s in services)
    tables = look_up_route_tables(vpc_id, subnet_ids, opts) if has_gateway else []
    return NetworkPlacement(
        vpc_id,
        subnet_ids,
        {name: choice.subnet_ids for name, choice in chosen.items()},
        tables,
        endpoint_warnings(list(chosen.values())),
    )


def endpoint_warnings(choices: list[EndpointSubnets]) -> list[str]:
    """What a network's user should hear about its endpoints' subnets: each reason once, naming its services."""
    left_out: dict[tuple[str, str], list[str]] = {}
    uncovered: dict[str, list[str]] = {}
    for choice in choices:
        for left in choice.left_out:
            left_out.setdefault((left.subnet_id, left.reason()), []).append(choice.service)
        if choice.uncovered_azs:
            uncovered.setdefault(", ".join(choice.uncovered_azs), []).append(choice.service)
    notes = [
        f"subnet_ids: {subnet} left out of the {', '.join(services)} endpoint(s): {reason}"
        for (subnet, reason), services in left_out.items()
    ]
    notes += [
        f"subnet_ids: no subnet in {azs}, where {', '.join(services)} {'is' if len(services) == 1 else 'are'} also "
        "offered; a subnet there would give the endpoint(s) an interface in that AZ"
        for azs, services in uncovered.items()
    ]
    return notes


def existing_role(config: SettingsModel, opts: pulumi.InvokeOptions) -> Deferred[ExistingRole]:
    """The role named by ``existing_role_name``, looked up now or once its name is known."""

    def look_up(known: SettingsModel) -> ExistingRole:
        role = look_up_role(str(known.existing_role_name), opts)
        return ExistingRole(role.name, role.arn)

    return when_known(config, ("existing_role_name",), look_up)
