"""Step 2 of AWS's page: two security groups that reference each other.

Final state the page asks for: the SageMaker group has no inbound rule and one outbound rule
to the endpoint group; the endpoint group allows inbound only from the SageMaker group, and
all outbound. The rules are standalone resources: inline rules on groups that name each
other would make a dependency cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

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


ENDPOINT_OUTBOUND = TrafficRule(ALL_PROTOCOLS)
ANYWHERE_IPV4 = "0.0.0.0/0"


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
    """Until these exist, SageMaker's traffic cannot reach the endpoint."""


def create_security_groups(
    name: str,
    *,
    vpc_id: pulumi.Input[str],
    traffic: str,
    tags: pulumi.Input[Mapping[str, str]],
    parent: pulumi.Resource,
) -> SecurityGroups:
    """Create both groups and their three rules."""
    opts = pulumi.ResourceOptions(parent=parent)
    sagemaker_rule = sagemaker_to_endpoint_traffic(traffic)
    endpoint_group_name, sagemaker_group_name = _group_names(name)
    endpoint_security_group = aws.ec2.SecurityGroup(
        endpoint_group_name,
        description="Elastic Inference interface endpoint: inbound from SageMaker only",
        vpc_id=vpc_id,
        tags=tags,
        opts=opts,
    )
    sagemaker_security_group = aws.ec2.SecurityGroup(
        sagemaker_group_name,
        description="SageMaker notebooks and models: no inbound, outbound to the EI endpoint",
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
            "EI clients in the SageMaker group",
            endpoint_security_group,
            sagemaker_rule,
            referenced_security_group_id=sagemaker_security_group.id,
        ),
        rule(
            aws.vpc.SecurityGroupEgressRule,
            "endpoint-all-outbound",
            "All outbound, as the AWS page asks",
            endpoint_security_group,
            ENDPOINT_OUTBOUND,
            cidr_ipv4=ANYWHERE_IPV4,
        ),
        rule(
            aws.vpc.SecurityGroupEgressRule,
            "sagemaker-to-endpoint",
            "To the Elastic Inference endpoint",
            sagemaker_security_group,
            sagemaker_rule,
            referenced_security_group_id=endpoint_security_group.id,
        ),
    ]
    return SecurityGroups(endpoint_security_group, sagemaker_security_group, rules)
