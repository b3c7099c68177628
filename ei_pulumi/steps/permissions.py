"""Step 1 of AWS's page: the permissions the SageMaker role needs to use EI.

The documents are plain functions of the partition (``aws``, ``aws-cn``, ``aws-us-gov``):
the page writes every ARN for ``aws``, and the same role elsewhere needs that partition's ARNs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping, Optional

import pulumi
import pulumi_aws as aws

from ..aws_rules import Violation, iam
from ..aws_rules.naming import auto_named

PolicyDocument = dict[str, Any]
Statement = dict[str, Any]

SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"
EI_ROLE_DESCRIPTION = "SageMaker execution role allowed to use Elastic Inference"
MANAGED_POLICY_NAME = "AmazonSageMakerFullAccess"
EI_ACTIONS = ("elastic-inference:Connect", "ec2:DescribeVpcEndpoints")
_AUTOSCALING_SERVICE = "sagemaker.application-autoscaling.amazonaws.com"


def _document(*statements: Statement) -> PolicyDocument:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def managed_policy_arn(partition: str) -> str:
    """ARN of the AWS managed policy that already holds the EI permissions."""
    return f"arn:{partition}:iam::aws:policy/{MANAGED_POLICY_NAME}"


def trust_policy() -> PolicyDocument:
    """Lets SageMaker (notebook instances, models) assume the role."""
    return _document({"Effect": "Allow", "Principal": {"Service": SAGEMAKER_SERVICE}, "Action": "sts:AssumeRole"})


def ei_connect_statement() -> Statement:
    """The page's minimal statement "to add to a particular policy"."""
    return {"Effect": "Allow", "Action": list(EI_ACTIONS), "Resource": "*"}


def ei_connect_policy() -> PolicyDocument:
    """The minimal statement as a policy document of its own."""
    return _document(ei_connect_statement())


def full_access_policy(partition: str) -> PolicyDocument:
    """The page's complete custom policy: all eight statements, ARNs in ``partition``."""
    return _document(
        ei_connect_statement(),
        {"Effect": "Allow", "Action": ["sagemaker:*"], "Resource": "*"},
        {
            "Effect": "Allow",
            "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "ecr:BatchCheckLayerAvailability",
                "cloudwatch:PutMetricData",
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:DescribeAlarms",
                "cloudwatch:DeleteAlarms",
                "ec2:CreateNetworkInterface",
                "ec2:CreateNetworkInterfacePermission",
                "ec2:DeleteNetworkInterface",
                "ec2:DeleteNetworkInterfacePermission",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeVpcs",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "application-autoscaling:DeleteScalingPolicy",
                "application-autoscaling:DeleteScheduledAction",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:DescribeScalingActivities",
                "application-autoscaling:DescribeScalingPolicies",
                "application-autoscaling:DescribeScheduledActions",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:PutScheduledAction",
                "application-autoscaling:RegisterScalableTarget",
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DescribeLogStreams",
                "logs:GetLogEvents",
                "logs:PutLogEvents",
            ],
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            "Resource": [
                f"arn:{partition}:s3:::*SageMaker*",
                f"arn:{partition}:s3:::*Sagemaker*",
                f"arn:{partition}:s3:::*sagemaker*",
            ],
        },
        {
            "Effect": "Allow",
            "Action": ["s3:CreateBucket", "s3:GetBucketLocation", "s3:ListBucket", "s3:ListAllMyBuckets"],
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": "*",
            "Condition": {"StringEqualsIgnoreCase": {"s3:ExistingObjectTag/SageMaker": "true"}},
        },
        {
            "Action": "iam:CreateServiceLinkedRole",
            "Effect": "Allow",
            "Resource": f"arn:{partition}:iam::*:role/aws-service-role/{_AUTOSCALING_SERVICE}/"
            "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
            "Condition": {"StringLike": {"iam:AWSServiceName": _AUTOSCALING_SERVICE}},
        },
        {
            "Effect": "Allow",
            "Action": ["iam:PassRole"],
            "Resource": "*",
            "Condition": {"StringEquals": {"iam:PassedToService": SAGEMAKER_SERVICE}},
        },
    )


def _role(name: str) -> str:
    return f"{name}-role"


def _full_access(name: str) -> str:
    return f"{name}-full-access"


def _ei_connect(name: str) -> str:
    return f"{name}-ei-connect"


def name_violations(name: str, *, permissions: str, existing_role: bool) -> list[Violation]:
    """What AWS would refuse in the IAM names pulumi-aws derives from the component's ``name``."""
    if existing_role:
        return auto_named(iam.inline_policy_name, _ei_connect(name))
    found = auto_named(iam.role_name, _role(name))
    if permissions == "custom":
        found += auto_named(iam.policy_name, _full_access(name))
    return found


@dataclass(frozen=True)
class ExistingRole:
    """A role the user already has, to which the minimal EI statement is added."""

    name: pulumi.Input[str]
    arn: pulumi.Input[str]


@dataclass(frozen=True)
class SageMakerRole:
    """The role notebooks and models run as, whether created here or given."""

    arn: pulumi.Output[str]
    name: pulumi.Output[str]
    grants: list[pulumi.Resource]
    """What gives the role the EI permissions: a role is of no use to SageMaker before these exist."""


def create_permissions(
    name: str,
    *,
    permissions: str,
    existing_role: Optional[ExistingRole],
    partition: str,
    tags: pulumi.Input[Mapping[str, str]],
    parent: pulumi.Resource,
) -> SageMakerRole:
    """Create the role (or extend ``existing_role``) with the EI permissions."""
    opts = pulumi.ResourceOptions(parent=parent)
    if existing_role is not None:
        inline_policy = aws.iam.RolePolicy(
            _ei_connect(name),
            role=existing_role.name,
            policy=json.dumps(ei_connect_policy()),
            opts=opts,
        )
        return SageMakerRole(
            arn=pulumi.Output.from_input(existing_role.arn),
            name=pulumi.Output.from_input(existing_role.name),
            grants=[inline_policy],
        )

    if permissions == "managed":
        return create_managed_role(name, description=EI_ROLE_DESCRIPTION, partition=partition, tags=tags, parent=parent)
    role = _new_role(name, EI_ROLE_DESCRIPTION, tags, opts)
    policy = aws.iam.Policy(
        _full_access(name),
        description="AWS's complete custom policy for using Elastic Inference in SageMaker",
        policy=json.dumps(full_access_policy(partition)),
        tags=tags,
        opts=opts,
    )
    attachment = aws.iam.RolePolicyAttachment(
        f"{name}-{permissions}-policy", role=role.name, policy_arn=policy.arn, opts=opts
    )
    return SageMakerRole(arn=role.arn, name=role.name, grants=[policy, attachment])


def _new_role(
    name: str, description: str, tags: pulumi.Input[Mapping[str, str]], opts: pulumi.ResourceOptions
) -> aws.iam.Role:
    """A role SageMaker may assume."""
    return aws.iam.Role(
        _role(name), description=description, assume_role_policy=json.dumps(trust_policy()), tags=tags, opts=opts
    )


def create_managed_role(
    name: str,
    *,
    description: str,
    partition: str,
    tags: pulumi.Input[Mapping[str, str]],
    parent: pulumi.Resource,
) -> SageMakerRole:
    """A new role with AmazonSageMakerFullAccess attached: what notebooks, jobs and models run as."""
    opts = pulumi.ResourceOptions(parent=parent)
    role = _new_role(name, description, tags, opts)
    attachment = aws.iam.RolePolicyAttachment(
        f"{name}-managed-policy", role=role.name, policy_arn=managed_policy_arn(partition), opts=opts
    )
    return SageMakerRole(arn=role.arn, name=role.name, grants=[attachment])


def existing_sagemaker_role(role: ExistingRole) -> SageMakerRole:
    """A role the user already has, used as it is: nothing is attached to it."""
    return SageMakerRole(arn=pulumi.Output.from_input(role.arn), name=pulumi.Output.from_input(role.name), grants=[])
