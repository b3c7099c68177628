"""The pack's three policies: ``aws_rules`` judging any program's resources, and EI's end of life.

Nothing here states a rule: each policy hands what the engine sends to ``check_resource``, the
function the simulated account (``plan``) applies, with an ``AccountState`` in an open world,
since a policy sees one program and not the account. A rule added to ``aws_rules`` reaches the
pack with no edit here; its ``scope`` says which policy reports it.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from ..aws_rules import AccountState, Violation, check_resource, record
from ..aws_rules.resources import VPC_ENDPOINT, VPC_PEERING
from ..aws_rules.services import ELASTIC_INFERENCE
from ..component import END_OF_LIFE, SUCCESSORS
from .properties import region_of, split, with_unknowns
from .stack import linked

PACK_NAME = "ei-pulumi-aws-rules"
RESOURCE_POLICY = "aws-would-refuse"
STACK_POLICY = "aws-would-refuse-stack"
END_OF_LIFE_POLICY = "elastic-inference-end-of-life"
ENDPOINT_CONFIGURATION = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"


def _open_account(region: str) -> AccountState:
    """An account the policy knows nothing of but the region (if that): IDs it does not hold are not judged."""
    return AccountState(region=region, open_world=True)


def _short(type_token: str) -> str:
    return type_token.rsplit(":", 1)[-1]


def judge_resource(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """``aws-would-refuse``: one resource's inputs (as the provider's Check left them) against the rules."""
    props, pending = split(with_unknowns(args.props))
    account = _open_account(region_of(args.provider))
    for violation in check_resource(args.resource_type, args.name, props, account, pending):
        report(str(violation), None)


def _beyond(found: list[Violation], alone: list[Violation]) -> list[Violation]:
    """What ``found`` holds beyond ``alone`` (each violation of ``alone`` taken out once)."""
    rest, beyond = list(alone), []
    for violation in found:
        if violation in rest:
            rest.remove(violation)
        else:
            beyond.append(violation)
    return beyond


def judge_stack(args: StackValidationArgs, report: ReportViolation) -> None:
    """``aws-would-refuse-stack``: the stack's resources rebuilt into one account, in dependency order.

    Each resource is judged against those before it, and reported for what it breaks there and not
    alone: the rules between resources. What it breaks alone is ``aws-would-refuse``'s to report.
    """
    accounts: dict[str, AccountState] = {}
    resources = linked(args.resources)
    # A resource not created yet stands for itself by its URN; a message names it as a user does.
    stand_ins = {
        r.id: f"<{_short(r.resource.resource_type)} {r.resource.name}>" for r in resources if r.id == r.resource.urn
    }
    # A peering joins its VPCs for every rule of the stack, whichever the engine lists first: a rule
    # that references a group across it need not depend on it once both exist.
    for r in resources:
        if r.resource.resource_type == VPC_PEERING:
            account = accounts.setdefault(r.region, _open_account(r.region))
            record(VPC_PEERING, r.resource.name, r.id, r.props, account, r.pending)
    for r in resources:
        account = accounts.setdefault(r.region, _open_account(r.region))
        type_token, name = r.resource.resource_type, r.resource.name
        alone = check_resource(type_token, name, r.props, _open_account(r.region), r.pending)
        for violation in _beyond(check_resource(type_token, name, r.props, account, r.pending), alone):
            message = str(violation)
            for urn, stand_in in stand_ins.items():
                message = message.replace(urn, stand_in)
            report(message, r.resource.urn)
        record(type_token, name, r.id, r.props, account, r.pending)


def _is_ei_service(name: str) -> bool:
    parts = name.split(".")
    return len(parts) > 3 and name == ELASTIC_INFERENCE.name(parts[2])


def _asks_for_ei(type_token: str, props: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(property, value) of each part of a resource that asks for Elastic Inference; a value not known is not judged.

    pulumi-aws v7 has EI only here: a SageMaker endpoint configuration's variants (their
    ``accelerator_type`` is an EI accelerator, ``ml.eia1.*`` or ``ml.eia2.*``), and an interface
    endpoint to EI's service. ``accelerator_types`` of notebook instances is gone, and EC2 instances
    and launch templates have no EI property.
    """
    if type_token == ENDPOINT_CONFIGURATION:
        for key, name in (
            ("productionVariants", "production_variants"),
            ("shadowProductionVariants", "shadow_production_variants"),
        ):
            variants = props.get(key)
            for index, variant in enumerate(variants if isinstance(variants, list) else []):
                accelerator = variant.get("acceleratorType") if isinstance(variant, Mapping) else None
                if isinstance(accelerator, str) and accelerator:
                    yield f"{name}[{index}].accelerator_type", accelerator
    elif type_token == VPC_ENDPOINT:
        service = props.get("serviceName")
        if isinstance(service, str) and _is_ei_service(service):
            yield "service_name", service


def judge_inference(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """``elastic-inference-end-of-life``: anything that still asks for an EI accelerator or EI's endpoint."""
    for prop, value in _asks_for_ei(args.resource_type, with_unknowns(args.props)):
        report(
            f"{_short(args.resource_type)} {args.name}: {prop}: {value!r} asks for Elastic Inference. {END_OF_LIFE} "
            f"Use {SUCCESSORS} instead; for SageMaker in a VPC without internet, ei_pulumi's successor path "
            "(SageMakerPrivateNetwork, in its README) builds the network they need.",
            None,
        )


POLICIES = [
    ResourceValidationPolicy(
        name=RESOURCE_POLICY,
        description="AWS's API would refuse this resource: one of its values breaks a rule AWS documents.",
        validate=judge_resource,
        enforcement_level=EnforcementLevel.MANDATORY,
    ),
    StackValidationPolicy(
        name=STACK_POLICY,
        description=(
            "AWS's API would refuse this resource beside another of the stack: a second private-DNS endpoint "
            "for a service in one VPC, overlapping subnets, a subnet or group outside its endpoint's or rule's VPC."
        ),
        validate=judge_stack,
        enforcement_level=EnforcementLevel.MANDATORY,
    ),
    ResourceValidationPolicy(
        name=END_OF_LIFE_POLICY,
        description="Amazon Elastic Inference is gone: AWS ended the service in April 2024.",
        validate=judge_inference,
        enforcement_level=EnforcementLevel.ADVISORY,
    ),
]
"""The pack's policies, as ``policy/__main__.py`` serves them."""
