"""ElasticInferenceSetup: AWS's "Set up to use EI" page as one Pulumi component."""

from __future__ import annotations

from typing import Any, Mapping, Optional, TypeVar, Union

import pulumi

from . import permissions, security_groups
from .config import SETUP_TAG, ConfigError, ElasticInferenceConfig, ignored_settings, validate_config
from .endpoint import (
    check_single_private_dns,
    choose_endpoint_subnets,
    create_interface_endpoint,
    marker_violations,
    setup_marker,
)
from .lookups import deployment_memory, invoke_options, look_up, provider_key
from .private_vpc import choose_vpc_azs, create_private_vpc

T = TypeVar("T")

RESOURCE_TYPE = "ei-pulumi:sagemaker:ElasticInferenceSetup"

END_OF_LIFE_WARNING = (
    "Amazon Elastic Inference reached end of life: AWS stopped onboarding customers on "
    "2023-04-15 and ended the service in April 2024. This builds the documented setup; for new "
    "work use AWS Inferentia (ml.inf2) or GPU instances (ml.g4dn, ml.g5) instead."
)


OUTPUTS = (
    "role_arn",
    "role_name",
    "endpoint_security_group_id",
    "sagemaker_security_group_id",
    "vpc_endpoint_id",
    "vpc_endpoint_dns_names",
    "vpc_id",
    "subnet_ids",
    "service_name",
    "sagemaker_vpc_config",
)
"""The component's output attributes; the stack exports each under its camelCase name."""


def _check_name(name: str, config: ElasticInferenceConfig, marker: str) -> None:
    """Refuse a component name from which pulumi-aws would derive names (or the marker tag) AWS refuses."""
    violations = (
        permissions.name_violations(
            name, permissions=config.permissions, existing_role=config.existing_role_name is not None
        )
        + security_groups.name_violations(name)
        + marker_violations(marker)
    )
    if violations:
        raise ConfigError("name", f"{name!r} cannot name this setup's resources: {violations[0]}")


def _waiting_for(value: pulumi.Input[T], resources: list[pulumi.Resource]) -> pulumi.Output[T]:
    """``value``, carrying a dependency on ``resources`` as well: whatever consumes it waits for them.

    The value itself is untouched, so what is known in a preview stays known (an ``apply`` over
    the resources' IDs would make it unknown there).
    """
    output = pulumi.Output.from_input(value)

    async def dependencies() -> set[pulumi.Resource]:
        return set(await output.resources()) | set(resources)

    return pulumi.Output(dependencies(), output.future(), output.is_known(), output.is_secret())


class ElasticInferenceSetup(pulumi.ComponentResource):
    """The IAM role, the two security groups and the PrivateLink endpoint SageMaker needs to use EI.

    :param name: The component's logical name; children's names start with it.
    :param config: An ElasticInferenceConfig, or a mapping validated into one.
    :param opts: Resource options; a provider given here reaches every child and every lookup.

    Bad input raises ``ConfigError`` before any resource, the component included, is registered.
    """

    role_arn: pulumi.Output[str]
    """ARN of the role notebooks and models run as."""
    role_name: pulumi.Output[str]
    """Name of that role."""
    endpoint_security_group_id: pulumi.Output[str]
    """The group attached to the interface endpoint."""
    sagemaker_security_group_id: pulumi.Output[str]
    """The group to give notebook instances and models."""
    vpc_endpoint_id: pulumi.Output[str]
    """The EI interface endpoint."""
    vpc_endpoint_dns_names: pulumi.Output[list[str]]
    """DNS names of the endpoint."""
    vpc_id: pulumi.Output[str]
    """The VPC set up (given, or created)."""
    subnet_ids: pulumi.Output[list[str]]
    """The subnets the endpoint uses, one per AZ; put notebooks and models in these."""
    service_name: pulumi.Output[str]
    """The endpoint service, com.amazonaws.<region>.elastic-inference.runtime."""
    sagemaker_vpc_config: pulumi.Output[dict[str, list[str]]]
    """``{"Subnets": [...], "SecurityGroupIds": [...]}``, the shape SageMaker's VpcConfig takes."""

    def __init__(
        self,
        name: str,
        config: Union[ElasticInferenceConfig, Mapping[str, Any]],
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        # Everything that can refuse the config runs before the component registers: bad input
        # leaves nothing behind, not even an empty component.
        config = validate_config(config)
        marker = setup_marker(pulumi.get_project(), pulumi.get_stack(), name)
        _check_name(name, config, marker)
        lookup_opts = invoke_options(opts)
        facts = look_up(config, lookup_opts)
        notes = ignored_settings(config)
        if config.vpc_id is None:
            vpc_azs = choose_vpc_azs(facts.service_azs, config.availability_zone_count)
        else:
            endpoint_subnets = choose_endpoint_subnets(facts.subnet_azs, facts.service_azs)
            notes += endpoint_subnets.warnings()
            if config.private_dns_enabled:
                claims = deployment_memory()
                claim = ("private-dns", provider_key(lookup_opts), config.vpc_id)
                check_single_private_dns(
                    name, config.vpc_id, facts.service_name, facts.existing_endpoint, claims.get(claim), marker
                )
                claims[claim] = name

        super().__init__(RESOURCE_TYPE, name, None, opts)
        pulumi.log.warn(END_OF_LIFE_WARNING, resource=self)
        for note in notes:
            pulumi.log.warn(note, resource=self)

        tags = config.tags
        if config.vpc_id is None:
            private_vpc = create_private_vpc(
                name, vpc_cidr=config.vpc_cidr, availability_zones=vpc_azs, tags=tags, parent=self
            )
            vpc_id: pulumi.Input[str] = private_vpc.vpc.id
            subnet_ids: list[pulumi.Input[str]] = [subnet.id for subnet in private_vpc.subnets]
        else:
            vpc_id = config.vpc_id
            subnet_ids = list(endpoint_subnets.subnet_ids)

        role = permissions.create_permissions(
            name,
            permissions=config.permissions,
            existing_role=facts.existing_role,
            partition=facts.partition,
            tags=tags,
            parent=self,
        )
        groups = security_groups.create_security_groups(
            name, vpc_id=vpc_id, traffic=config.traffic, tags=tags, parent=self
        )
        interface_endpoint = create_interface_endpoint(
            name,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            region=facts.region,
            endpoint_security_group_id=groups.endpoint_security_group.id,
            private_dns_enabled=config.private_dns_enabled,
            tags={**tags, SETUP_TAG: marker},
            parent=self,
        )

        # What SageMaker is given must make it wait for what makes EI reachable: the role for its
        # permissions, the subnets and group for the endpoint and the rules between the groups.
        path_to_endpoint = [interface_endpoint, *groups.rules]
        self.role_arn = _waiting_for(role.arn, role.grants)
        self.role_name = _waiting_for(role.name, role.grants)
        self.endpoint_security_group_id = groups.endpoint_security_group.id
        self.sagemaker_security_group_id = _waiting_for(groups.sagemaker_security_group.id, path_to_endpoint)
        self.vpc_endpoint_id = interface_endpoint.id
        self.vpc_endpoint_dns_names = interface_endpoint.dns_entries.apply(
            lambda entries: [entry.dns_name for entry in entries or [] if entry.dns_name]
        )
        self.vpc_id = pulumi.Output.from_input(vpc_id)
        self.subnet_ids = _waiting_for(pulumi.Output.all(*subnet_ids), path_to_endpoint)
        self.service_name = pulumi.Output.from_input(facts.service_name)
        self.sagemaker_vpc_config = pulumi.Output.all(self.subnet_ids, self.sagemaker_security_group_id).apply(
            lambda args: {"Subnets": list(args[0]), "SecurityGroupIds": [args[1]]}
        )
        self.register_outputs({output: getattr(self, output) for output in OUTPUTS})
