"""Step 2 of AWS's page: two security groups that reference each other.

Final state the page asks for: the SageMaker group has no inbound rule and one outbound rule
to the endpoint group; the endpoint group allows inbound only from the SageMaker group, and
all outbound. The rules are standalone resources: inline rules on groups that name each
other would make a dependency cycle.

A SageMaker network adds to the same two groups what its features need: egress to the S3
prefix list where the gateway is, and rules within the SageMaker group (training, Studio).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pulumi
import pulumi_aws as aws

from ..aws_rules import Violation
from ..aws_rules.naming import auto_named
from ..aws_rules.security_groups import ALL_PROTOCOLS, HTTPS_PORT, TrafficRule, group_name


def sagemaker_to_endpoint_traffic(traffic: str) -> TrafficRule:
    """What SageMaker may send to the endpoint.

    The page names no port and says "all traffic"; EI clients speak HTTPS, so ``https``
    narrows it to TCP 443.
    """
    if traffic == "https":
        return TrafficRule("tcp", HTTPS_PORT, HTTPS_PORT)
    if traffic == "all":
        return TrafficRule(ALL_PROTOCOLS)
    raise ValueError(f"traffic must be 'https' or 'all' (got {traffic!r})")


HTTPS = TrafficRule("tcp", HTTPS_PORT, HTTPS_PORT)
ENDPOINT_OUTBOUND = TrafficRule(ALL_PROTOCOLS)
ANYWHERE_IPV4 = "0.0.0.0/0"


@dataclass(frozen=True)
class Wording:
    """The descriptions of the two groups and their three rules. A group's description cannot change
    without replacing the group (CreateSecurityGroup sets it; no call modifies it), so a network that
    takes over an EI setup's groups keeps EI's."""

    endpoint_group: str
    sagemaker_group: str
    endpoint_from_sagemaker: str
    endpoint_outbound: str
    sagemaker_to_endpoint: str


EI_WORDING = Wording(
    endpoint_group="Elastic Inference interface endpoint: inbound from SageMaker only",
    sagemaker_group="SageMaker notebooks and models: no inbound, outbound to the EI endpoint",
    endpoint_from_sagemaker="EI clients in the SageMaker group",
    endpoint_outbound="All outbound, as the AWS page asks",
    sagemaker_to_endpoint="To the Elastic Inference endpoint",
)
NETWORK_WORDING = Wording(
    endpoint_group="SageMaker interface endpoints: HTTPS from the SageMaker group only",
    sagemaker_group="SageMaker workloads: outbound to the interface endpoints and S3",
    endpoint_from_sagemaker="HTTPS from the SageMaker group",
    endpoint_outbound="All outbound, as the AWS page asks",
    sagemaker_to_endpoint="HTTPS to the interface endpoints",
)


@dataclass(frozen=True)
class PrefixListEgress:
    """An outbound rule of the SageMaker group to an AWS-managed prefix list (a gateway's service)."""

    suffix: str
    description: str
    prefix_list_id: pulumi.Input[str]
    traffic: TrafficRule = HTTPS


@dataclass(frozen=True)
class WithinGroupTraffic:
    """Traffic the SageMaker group allows between its members: an inbound and an outbound rule naming itself."""

    suffix: str
    description: str
    traffic: TrafficRule


def _group_names(name: str) -> tuple[str, str]:
    """Logical names of the endpoint group and the SageMaker group."""
    return f"{name}-endpoint-sg", f"{name}-sagemaker-sg"


def name_violations(name: str) -> list[Violation]:
    """What AWS would refuse in the group names pulumi-aws derives from the component's ``name``."""
    return [v for logical in _group_names(name) for v in auto_named(group_name, logical)]


@dataclass(frozen=True)
class SecurityGroups:
    """The two groups of the page, and the rules between them."""

    endpoint_security_group: aws.ec2.SecurityGroup
    sagemaker_security_group: aws.ec2.SecurityGroup
    rules: list[pulumi.Resource]
    """Until these exist, SageMaker's traffic cannot reach the endpoints."""


def create_security_groups(
    name: str,
    *,
    vpc_id: pulumi.Input[str],
    traffic: TrafficRule,
    tags: pulumi.Input[Mapping[str, str]],
    parent: pulumi.Resource,
    wording: Wording = EI_WORDING,
    to_prefix_lists: Sequence[PrefixListEgress] = (),
    within_group: Sequence[WithinGroupTraffic] = (),
) -> SecurityGroups:
    """Create both groups, their three rules (SageMaker's ``traffic`` to the endpoints), and the extra rules."""
    opts = pulumi.ResourceOptions(parent=parent)
    endpoint_group_name, sagemaker_group_name = _group_names(name)
    endpoint_security_group = aws.ec2.SecurityGroup(
        endpoint_group_name,
        description=wording.endpoint_group,
        vpc_id=vpc_id,
        tags=tags,
        opts=opts,
    )
    sagemaker_security_group = aws.ec2.SecurityGroup(
        sagemaker_group_name,
        description=wording.sagemaker_group,
        vpc_id=vpc_id,
        tags=tags,
        opts=opts,
    )

    def rule(
        kind: type, suffix: str, description: str, group: aws.ec2.SecurityGroup, traffic: TrafficRule, **peer: Any
    ) -> pulumi.Resource:
        return kind(
            f"{name}-{suffix}",
            description=description,
            security_group_id=group.id,
            ip_protocol=traffic.ip_protocol,
            from_port=traffic.from_port,
            to_port=traffic.to_port,
            tags=tags,
            opts=opts,
            **peer,
        )

    rules = [
        rule(
            aws.vpc.SecurityGroupIngressRule,
            "endpoint-from-sagemaker",
            wording.endpoint_from_sagemaker,
            endpoint_security_group,
            traffic,
            referenced_security_group_id=sagemaker_security_group.id,
        ),
        rule(
            aws.vpc.SecurityGroupEgressRule,
            "endpoint-all-outbound",
            wording.endpoint_outbound,
            endpoint_security_group,
            ENDPOINT_OUTBOUND,
            cidr_ipv4=ANYWHERE_IPV4,
        ),
        rule(
            aws.vpc.SecurityGroupEgressRule,
            "sagemaker-to-endpoint",
            wording.sagemaker_to_endpoint,
            sagemaker_security_group,
            traffic,
            referenced_security_group_id=endpoint_security_group.id,
        ),
    ]
    for egress in to_prefix_lists:
        rules.append(
            rule(
                aws.vpc.SecurityGroupEgressRule,
                egress.suffix,
                egress.description,
                sagemaker_security_group,
                egress.traffic,
                prefix_list_id=egress.prefix_list_id,
            )
        )
    for within in within_group:
        itself = sagemaker_security_group.id
        for kind, direction in ((aws.vpc.SecurityGroupIngressRule, "from"), (aws.vpc.SecurityGroupEgressRule, "to")):
            suffix = f"sagemaker-{direction}-itself-{within.suffix}"
            rules.append(
                rule(
                    kind,
                    suffix,
                    within.description,
                    sagemaker_security_group,
                    within.traffic,
                    referenced_security_group_id=itself,
                )
            )
    return SecurityGroups(endpoint_security_group, sagemaker_security_group, rules)
