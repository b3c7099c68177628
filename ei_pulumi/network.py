"""SageMakerPrivateNetwork: the page's pattern, for the SageMaker services that replaced EI.

A role, a SageMaker group that workloads carry, an endpoint group that admits it on TCP 443, one
PrivateLink endpoint per service in the AZs that offer it, and the S3 gateway on the workloads'
route tables: each SageMaker feature's endpoints as AWS's guide lists them
(``aws_rules.services.FEATURES``), built by the same steps as ElasticInferenceSetup.
"""

from __future__ import annotations

import dataclasses
from operator import itemgetter
from typing import Any, Mapping, Optional, Union

import pulumi
import pulumi_aws as aws

from .aws_rules.services import FEATURES, GATEWAY, INTERFACE, names_a_region, services_for
from .component import FIRST_RESOURCE_TYPE, PACKAGE, sagemaker_vpc_config, warn_about
from .component import RESOURCE_TYPE as EI_RESOURCE_TYPE
from .config import SETUP_TAG, ConfigError, SageMakerPrivateNetworkConfig, ignored_settings, validated
from .deferred import attribute, then, waiting_for, when_known
from .steps import permissions, security_groups
from .steps.endpoint import create_gateway_endpoint, create_interface_endpoint, marker_violations, setup_marker
from .steps.lookups import (
    ServiceFacts,
    invoke_options,
    look_up_availability_zones,
    look_up_region,
    look_up_service,
)
from .steps.permissions import ExistingRole
from .steps.placement import existing_role, place_network_in_given_vpc
from .steps.private_vpc import choose_vpc_azs, create_private_vpc
from .steps.security_groups import HTTPS, PrefixListEgress, WithinGroupTraffic

RESOURCE_TYPE = f"{PACKAGE}:index:SageMakerPrivateNetwork"
NETWORK_ROLE_DESCRIPTION = "SageMaker execution role for notebooks, jobs and models in a private network"


def _check_name(name: str, config: SageMakerPrivateNetworkConfig, marker: str) -> None:
    """Refuse a component name from which pulumi-aws would derive names (or the marker tag) AWS refuses."""
    role = (
        []
        if config.existing_role_name is not None
        else permissions.name_violations(name, permissions="managed", existing_role=False)
    )
    violations = role + security_groups.name_violations(name) + marker_violations(marker)
    if violations:
        raise ConfigError("name", f"{name!r} cannot name this network's resources: {violations[0]}")


def _look_up_services(
    config: SageMakerPrivateNetworkConfig, region: str, opts: pulumi.InvokeOptions
) -> list[ServiceFacts]:
    """Each service of the features and extra services, confirmed by looking it up, in the order to create them."""
    from_features = {need.service for feature in config.features for need in FEATURES[feature].needs}
    for extra in config.extra_services:
        named = names_a_region(extra)
        if named and named != region:
            raise ConfigError("extra_services", f"{extra} is a service of {named}, and this network is in {region}")
    found = []
    for service in services_for(list(config.features), list(config.extra_services), region):
        key = "features" if service.key in from_features else "extra_services"
        found.append(look_up_service(service, region, key, service.key, opts))
    return found


def _within_group(features: list[str]) -> list[WithinGroupTraffic]:
    """The features' traffic within the SageMaker group, each kind once."""
    wanted: dict[tuple[Any, ...], WithinGroupTraffic] = {}
    for feature in features:
        for need in FEATURES[feature].within_group:
            traffic = need.traffic
            ports = "all" if traffic.from_port is None else f"{traffic.ip_protocol}-{traffic.from_port}"
            if traffic.to_port != traffic.from_port:
                ports += f"-{traffic.to_port}"
            description = f"Within the SageMaker group, for {feature}"
            key = (traffic.ip_protocol, traffic.from_port, traffic.to_port)
            wanted.setdefault(key, WithinGroupTraffic(ports, description, traffic))
    return list(wanted.values())


def _slug(service: ServiceFacts, region: str) -> str:
    """The service in a logical name: its key, or what follows the region in a full name (ecr-dkr)."""
    return service.service.key.split(f".{region}.", 1)[-1].replace(".", "-")


def _aliases(config: SageMakerPrivateNetworkConfig) -> Optional[pulumi.ResourceOptions]:
    """Where the network takes over an ElasticInferenceSetup: the old component's name and types.

    The engine gives each child the alias of its parent's alias (pkg/resource/deploy/step_generator.go,
    generateAliases and inheritedChildAlias), with the old component's name in place of this one's at the
    start of the child's name: the children of the same name and type are the same resources.
    """
    if config.replaces_ei_setup is None:
        return None
    old = config.replaces_ei_setup
    return pulumi.ResourceOptions(
        aliases=[pulumi.Alias(name=old, type_=token) for token in (EI_RESOURCE_TYPE, FIRST_RESOURCE_TYPE)]
    )


class SageMakerPrivateNetwork(pulumi.ComponentResource):
    """A VPC's way to SageMaker without internet: role, two security groups, PrivateLink endpoints, S3 gateway.

    :param name: The component's logical name; children's names start with it.
    :param config: A SageMakerPrivateNetworkConfig, or a mapping validated into one.
    :param opts: Resource options; a provider given here reaches every child and every lookup.

    Bad input raises ``ConfigError`` before any resource, the component included, is registered.
    """

    role_arn: pulumi.Output[str]
    """ARN of the role notebooks, jobs and models run as; a new role waits for its AmazonSageMakerFullAccess attachment."""
    role_name: pulumi.Output[str]
    """Name of the role notebooks, jobs and models run as."""
    endpoint_security_group_id: pulumi.Output[str]
    """The endpoint security group, on every interface endpoint: HTTPS only from the SageMaker group."""
    sagemaker_security_group_id: pulumi.Output[str]
    """The SageMaker security group, for notebooks, jobs, models and Studio; it waits for the endpoints and the rules."""
    vpc_id: pulumi.Output[str]
    """The VPC set up: the one given, or the one created."""
    subnet_ids: pulumi.Output[list[str]]
    """The workloads' subnets: those given, or the created VPC's; they wait for the endpoints and the rules."""
    vpc_endpoint_ids: pulumi.Output[dict[str, str]]
    """Each endpoint's ID (vpce-...) by its full service name, the S3 gateway's included."""
    sagemaker_vpc_config: pulumi.Output[dict[str, list[str]]]
    """The subnets and the SageMaker group as SageMaker's VpcConfig takes them: {"Subnets": [...], "SecurityGroupIds": [...]}."""

    def __init__(
        self,
        name: str,
        config: Union[SageMakerPrivateNetworkConfig, Mapping[str, Any]],
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        # As in ElasticInferenceSetup: whatever can refuse the config runs before the component registers.
        config = validated(SageMakerPrivateNetworkConfig, config)
        marker = setup_marker(pulumi.get_project(), pulumi.get_stack(), name)
        _check_name(name, config, marker)
        lookup_opts = invoke_options(opts)
        region = look_up_region(lookup_opts)
        services = _look_up_services(config, region.region, lookup_opts)
        interfaces = [s for s in services if s.service.kind == INTERFACE]
        gateways = [s for s in services if s.service.kind == GATEWAY]
        notes = ignored_settings(config)
        if config.vpc_id is None:
            offered = set.intersection(*[set(s.availability_zones) for s in interfaces]) if interfaces else None
            vpc_azs = choose_vpc_azs(
                look_up_availability_zones(lookup_opts) if offered is None else offered,
                config.availability_zone_count,
                offered_by=f"every interface service ({', '.join(s.service.key for s in interfaces)}) is"
                if interfaces
                else "the region is",
                too_few="AWS recommends two AZs or more",
            )
        else:
            placement = when_known(
                config,
                ("vpc_id", "subnet_ids"),
                lambda known: place_network_in_given_vpc(name, known, services, lookup_opts, marker),
            )
        role_facts = None if config.existing_role_name is None else existing_role(config, lookup_opts)

        super().__init__(RESOURCE_TYPE, name, None, pulumi.ResourceOptions.merge(opts, _aliases(config)))
        warn_about(self, notes)

        tags = when_known(config, ("tags",), lambda known: dict(known.tags))
        routing: list[pulumi.Resource] = []  # what puts the workloads' subnets on the gateway's route tables
        if config.vpc_id is None:
            private_vpc = create_private_vpc(
                name,
                vpc_cidr=config.vpc_cidr,
                availability_zones=vpc_azs,
                tags=tags,
                parent=self,
                route_table=bool(gateways),
            )
            vpc_id: pulumi.Input[str] = private_vpc.vpc.id
            subnet_ids: pulumi.Input[list[str]] = pulumi.Output.all(*[subnet.id for subnet in private_vpc.subnets])
            endpoint_subnets: dict[str, Any] = {s.name: subnet_ids for s in interfaces}  # every AZ offers them all
            route_table_ids: Any = [private_vpc.route_table.id] if private_vpc.route_table else []
            routing += private_vpc.associations
        else:
            vpc_id = attribute(placement, "vpc_id")
            subnet_ids = attribute(placement, "subnet_ids")
            chosen = attribute(placement, "endpoint_subnets")
            endpoint_subnets = {s.name: then(chosen, itemgetter(s.name)) for s in interfaces}
            route_table_ids = attribute(placement, "route_table_ids")
            warn_about(self, attribute(placement, "warnings"))

        if role_facts is None:
            role = permissions.create_managed_role(
                name, description=NETWORK_ROLE_DESCRIPTION, partition=region.partition, tags=tags, parent=self
            )
        else:
            role = permissions.existing_sagemaker_role(
                ExistingRole(attribute(role_facts, "name"), attribute(role_facts, "arn"))
            )
        endpoints_by_name: dict[str, aws.ec2.VpcEndpoint] = {}
        for gateway in gateways:
            endpoints_by_name[gateway.name] = create_gateway_endpoint(
                f"{name}-{_slug(gateway, region.region)}-endpoint",
                service=gateway.name,
                vpc_id=vpc_id,
                route_table_ids=route_table_ids,
                tags=tags,
                parent=self,
            )
        groups = security_groups.create_security_groups(
            name,
            vpc_id=vpc_id,
            traffic=HTTPS,
            tags=tags,
            parent=self,
            wording=_wording(config),
            to_prefix_lists=[
                PrefixListEgress(
                    f"sagemaker-to-{_slug(g, region.region)}",
                    f"HTTPS to {g.service.key} through its gateway endpoint",
                    endpoints_by_name[g.name].prefix_list_id,
                )
                for g in gateways
            ],
            within_group=_within_group(list(config.features)),
        )
        endpoint_tags = then(tags, lambda known: {**known, SETUP_TAG: marker})
        for interface in interfaces:
            endpoints_by_name[interface.name] = create_interface_endpoint(
                f"{name}-{_slug(interface, region.region)}-endpoint",
                service=interface.name,
                vpc_id=vpc_id,
                subnet_ids=endpoint_subnets[interface.name],
                endpoint_security_group_id=groups.endpoint_security_group.id,
                private_dns_enabled=config.private_dns_enabled,
                tags=endpoint_tags,
                parent=self,
                after=[endpoints_by_name[r.name] for r in interfaces if r.service.key in interface.service.requires],
            )

        # What workloads are given must make them wait for what makes the services reachable: the role for
        # its permissions, the subnets and group for the endpoints, their routes and the group rules.
        path = [*endpoints_by_name.values(), *groups.rules, *routing]
        self.role_arn = waiting_for(role.arn, role.grants)
        self.role_name = waiting_for(role.name, role.grants)
        self.endpoint_security_group_id = groups.endpoint_security_group.id
        self.sagemaker_security_group_id = waiting_for(groups.sagemaker_security_group.id, path)
        self.vpc_id = pulumi.Output.from_input(vpc_id)
        self.subnet_ids = waiting_for(pulumi.Output.from_input(subnet_ids), path)
        self.vpc_endpoint_ids = pulumi.Output.all(
            **{service: endpoint.id for service, endpoint in endpoints_by_name.items()}
        )
        self.sagemaker_vpc_config = sagemaker_vpc_config(self.subnet_ids, self.sagemaker_security_group_id)
        self.register_outputs({output: getattr(self, output) for output in NETWORK_OUTPUTS})


def _wording(config: SageMakerPrivateNetworkConfig) -> security_groups.Wording:
    """The network's descriptions; an EI setup's groups keep theirs, which AWS cannot change in place."""
    if config.replaces_ei_setup is None:
        return security_groups.NETWORK_WORDING
    return dataclasses.replace(
        security_groups.NETWORK_WORDING,
        endpoint_group=security_groups.EI_WORDING.endpoint_group,
        sagemaker_group=security_groups.EI_WORDING.sagemaker_group,
    )


NETWORK_OUTPUTS: tuple[str, ...] = tuple(SageMakerPrivateNetwork.__annotations__)
"""The network's outputs, as its annotated attributes declare them; the stack exports each in camelCase."""
