"""ElasticInferenceSetup: AWS's "Set up to use EI" page as one Pulumi component."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

import pulumi

from .aws_rules.services import ELASTIC_INFERENCE
from .config import (
    SETUP_TAG,
    ConfigError,
    ElasticInferenceConfig,
    ignored_settings,
    in_vocabulary,
    validate_config,
)
from .deferred import Deferred, attribute, then, waiting_for, when_known
from .steps import permissions, security_groups
from .steps.endpoint import check_region, create_interface_endpoint, marker_violations, setup_marker
from .steps.lookups import invoke_options, look_up_region, look_up_service
from .steps.permissions import ExistingRole
from .steps.placement import existing_role, place_in_given_vpc
from .steps.private_vpc import choose_vpc_azs, create_private_vpc

PACKAGE = "ei-pulumi"
"""The component package's name: other languages' SDKs are generated under it."""
RESOURCE_TYPE = f"{PACKAGE}:index:ElasticInferenceSetup"
FIRST_RESOURCE_TYPE = "ei-pulumi:sagemaker:ElasticInferenceSetup"
"""The first token; the alias keeps stacks deployed under it from replacing their setup."""
_OLD_TOKEN = pulumi.ResourceOptions(aliases=[pulumi.Alias(type_=FIRST_RESOURCE_TYPE)])

END_OF_LIFE = (
    "Amazon Elastic Inference reached end of life: AWS stopped onboarding customers on "
    "2023-04-15 and ended the service in April 2024."
)
SUCCESSORS = "AWS Inferentia (ml.inf2) or GPU instances (ml.g4dn, ml.g5)"
END_OF_LIFE_WARNING = f"{END_OF_LIFE} This builds the documented setup; for new work use {SUCCESSORS} instead."


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


class ElasticInferenceSetup(pulumi.ComponentResource):
    """The IAM role, the two security groups and the PrivateLink endpoint SageMaker needs to use EI.

    :param name: The component's logical name; children's names start with it.
    :param config: An ElasticInferenceConfig, or a mapping validated into one.
    :param opts: Resource options; a provider given here reaches every child and every lookup.

    Bad input raises ``ConfigError`` before any resource, the component included, is registered.
    """

    role_arn: pulumi.Output[str]
    """ARN of the role notebooks and models run as; it waits for the policy that grants EI."""
    role_name: pulumi.Output[str]
    """Name of the role notebooks and models run as; it waits for the policy that grants EI."""
    endpoint_security_group_id: pulumi.Output[str]
    """The endpoint security group, on the interface endpoint: inbound only from the SageMaker group."""
    sagemaker_security_group_id: pulumi.Output[str]
    """The SageMaker security group, to give notebook instances and models; it waits for the endpoint and the rules."""
    vpc_endpoint_id: pulumi.Output[str]
    """ID of the Elastic Inference interface endpoint (vpce-...)."""
    vpc_endpoint_dns_names: pulumi.Output[list[str]]
    """DNS names of the interface endpoint."""
    vpc_id: pulumi.Output[str]
    """The VPC set up: the one given, or the one created."""
    subnet_ids: pulumi.Output[list[str]]
    """The subnets the endpoint uses, one per AZ; put notebooks and models in these. They wait for the endpoint."""
    service_name: pulumi.Output[str]
    """The endpoint service: com.amazonaws.REGION.elastic-inference.runtime."""
    sagemaker_vpc_config: pulumi.Output[dict[str, list[str]]]
    """The subnets and the SageMaker group as SageMaker's VpcConfig takes them: {"Subnets": [...], "SecurityGroupIds": [...]}."""

    def __init__(
        self,
        name: str,
        config: Union[ElasticInferenceConfig, Mapping[str, Any]],
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        # Everything that can refuse the config runs before the component registers: bad input
        # leaves nothing behind, not even an empty component. IDs given as Outputs are checked
        # once known, and whatever uses them waits for that check (see placement.py).
        config = validate_config(config)
        marker = setup_marker(pulumi.get_project(), pulumi.get_stack(), name)
        _check_name(name, config, marker)
        lookup_opts = invoke_options(opts)
        region = look_up_region(lookup_opts)
        check_region(region.region, config.allow_any_region)
        service = look_up_service(ELASTIC_INFERENCE, region.region, "aws:region", "EI", lookup_opts)
        notes = ignored_settings(config)
        if config.vpc_id is None:
            vpc_azs = choose_vpc_azs(service.availability_zones, config.availability_zone_count)
        else:
            placement = when_known(
                config,
                ("vpc_id", "subnet_ids"),
                lambda known: place_in_given_vpc(name, known, service, lookup_opts, marker),
            )
        role_facts = None if config.existing_role_name is None else existing_role(config, lookup_opts)

        super().__init__(RESOURCE_TYPE, name, None, pulumi.ResourceOptions.merge(opts, _OLD_TOKEN))
        pulumi.log.warn(END_OF_LIFE_WARNING, resource=self)
        warn_about(self, notes)

        # Tag values given as Outputs are judged once known; every taggable child waits for that.
        tags = when_known(config, ("tags",), lambda known: dict(known.tags))
        if config.vpc_id is None:
            private_vpc = create_private_vpc(
                name, vpc_cidr=config.vpc_cidr, availability_zones=vpc_azs, tags=tags, parent=self
            )
            vpc_id: pulumi.Input[str] = private_vpc.vpc.id
            subnet_ids: pulumi.Input[list[str]] = pulumi.Output.all(*[subnet.id for subnet in private_vpc.subnets])
        else:
            vpc_id = attribute(placement, "vpc_id")
            subnet_ids = attribute(placement, "subnet_ids")
            warn_about(self, attribute(placement, "warnings"))

        role = permissions.create_permissions(
            name,
            permissions=config.permissions,
            existing_role=None
            if role_facts is None
            else ExistingRole(attribute(role_facts, "name"), attribute(role_facts, "arn")),
            partition=region.partition,
            tags=tags,
            parent=self,
        )
        groups = security_groups.create_security_groups(
            name,
            vpc_id=vpc_id,
            traffic=security_groups.sagemaker_to_endpoint_traffic(config.traffic),
            tags=tags,
            parent=self,
        )
        interface_endpoint = create_interface_endpoint(
            f"{name}-endpoint",
            service=service.name,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            endpoint_security_group_id=groups.endpoint_security_group.id,
            private_dns_enabled=config.private_dns_enabled,
            tags=then(tags, lambda known: {**known, SETUP_TAG: marker}),
            parent=self,
        )

        # What SageMaker is given must make it wait for what makes EI reachable: the role for its
        # permissions, the subnets and group for the endpoint and the rules between the groups.
        path_to_endpoint = [interface_endpoint, *groups.rules]
        self.role_arn = waiting_for(role.arn, role.grants)
        self.role_name = waiting_for(role.name, role.grants)
        self.endpoint_security_group_id = groups.endpoint_security_group.id
        self.sagemaker_security_group_id = waiting_for(groups.sagemaker_security_group.id, path_to_endpoint)
        self.vpc_endpoint_id = interface_endpoint.id
        self.vpc_endpoint_dns_names = interface_endpoint.dns_entries.apply(
            lambda entries: [entry.dns_name for entry in entries or [] if entry.dns_name]
        )
        self.vpc_id = pulumi.Output.from_input(vpc_id)
        self.subnet_ids = waiting_for(pulumi.Output.from_input(subnet_ids), path_to_endpoint)
        self.service_name = pulumi.Output.from_input(service.name)
        self.sagemaker_vpc_config = sagemaker_vpc_config(self.subnet_ids, self.sagemaker_security_group_id)
        self.register_outputs({output: getattr(self, output) for output in OUTPUTS})


def sagemaker_vpc_config(
    subnet_ids: pulumi.Output[list[str]], security_group_id: pulumi.Output[str]
) -> pulumi.Output[dict[str, list[str]]]:
    """The subnets and the SageMaker group as SageMaker's VpcConfig takes them (CreateModel, CreateTrainingJob)."""
    return pulumi.Output.all(subnet_ids, security_group_id).apply(
        lambda args: {"Subnets": list(args[0]), "SecurityGroupIds": [args[1]]}
    )


def warn_about(resource: pulumi.Resource, notes: Deferred[list[str]]) -> None:
    """Tell the user about settings that do not apply and subnets left out, now or once known."""
    if isinstance(notes, pulumi.Output):
        notes.apply(lambda known: warn_about(resource, known))
        return
    for note in notes:
        pulumi.log.warn(in_vocabulary(note), resource=resource)


OUTPUTS: tuple[str, ...] = tuple(ElasticInferenceSetup.__annotations__)
"""The component's outputs, as its annotated attributes declare them; the stack exports each in camelCase."""
