"""The steps' pure parts at their boundaries (issue 19): the page's policy word for word, the IAM
names pulumi-aws derives from the component's name at their limits, and the created VPC's AZs and
subnet blocks at theirs. No mocks."""

from __future__ import annotations

import pytest

from ei_pulumi.aws_rules import Violation, iam, naming, security_groups
from ei_pulumi.config import ConfigError
from ei_pulumi.steps import security_groups as groups
from ei_pulumi.steps.permissions import full_access_policy, name_violations
from ei_pulumi.steps.private_vpc import choose_vpc_azs, private_subnet_cidrs

# The page's third statement, in its order (AWS's "Set up to use EI", custom policy).
SERVICE_ACTIONS = [
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
]


def test_the_custom_policy_grants_the_pages_service_actions_word_for_word() -> None:
    services = full_access_policy("aws")["Statement"][2]
    assert services == {"Effect": "Allow", "Action": SERVICE_ACTIONS, "Resource": "*"}


# --- IAM names derived from the component's name ------------------------------------------------

ROLE_RULE = f"iam.role-name: {iam.ROLE_NAME.text}"
POLICY_RULE = f"iam.policy-name: {iam.POLICY_NAME.text}"
INLINE_RULE = f"iam.inline-policy-name: {iam.INLINE_POLICY_NAME.text}"


def too_long(logical_name: str, rule_text: str) -> Violation:
    """The auto-name rule broken by ``logical_name`` plus pulumi-aws's 8-character suffix."""
    return Violation(naming.AUTO_NAME, "name", f"{logical_name}-xxxxxxx", rule_text, resource=logical_name)


def test_the_role_name_leaves_room_for_its_suffix() -> None:
    """<name>-role plus "-" and 7 hex digits: a name of 51 characters makes a 64-character role name."""
    for permissions in ("managed", "custom"):
        assert name_violations("a" * 51, permissions=permissions, existing_role=False) == []
    assert name_violations("a" * 52, permissions="managed", existing_role=False) == [
        too_long("a" * 52 + "-role", ROLE_RULE)
    ]


def test_the_custom_policy_name_leaves_room_for_its_suffix() -> None:
    """<name>-full-access plus 8: 108 characters make a 128-character policy name; managed mode makes none."""
    assert name_violations("a" * 108, permissions="custom", existing_role=False) == [
        too_long("a" * 108 + "-role", ROLE_RULE)
    ]
    assert name_violations("a" * 109, permissions="custom", existing_role=False) == [
        too_long("a" * 109 + "-role", ROLE_RULE),
        too_long("a" * 109 + "-full-access", POLICY_RULE),
    ]
    assert name_violations("a" * 109, permissions="managed", existing_role=False) == [
        too_long("a" * 109 + "-role", ROLE_RULE)
    ]


def test_an_existing_role_only_gets_an_inline_policy_name() -> None:
    """<name>-ei-connect plus 8: 109 characters make a 128-character inline policy name; no role is named."""
    for permissions in ("managed", "custom"):
        assert name_violations("a" * 109, permissions=permissions, existing_role=True) == []
    assert name_violations("a" * 110, permissions="managed", existing_role=True) == [
        too_long("a" * 110 + "-ei-connect", INLINE_RULE)
    ]


GROUP_RULE = f"ec2.group-name: {security_groups.GROUP_NAME.text}"


def test_the_group_names_leave_room_for_their_suffix() -> None:
    """<name>-sagemaker-sg plus "-" and 7 hex digits: 234 characters make a 255-character group name, and
    <name>-endpoint-sg is one shorter; no group name may start with sg-, in any case."""
    assert groups.name_violations("a" * 234) == []
    assert groups.name_violations("a" * 235) == [too_long("a" * 235 + "-sagemaker-sg", GROUP_RULE)]
    assert groups.name_violations("a" * 236) == [
        too_long("a" * 236 + "-endpoint-sg", GROUP_RULE),
        too_long("a" * 236 + "-sagemaker-sg", GROUP_RULE),
    ]
    assert groups.name_violations("SG-team") == [
        too_long("SG-team-endpoint-sg", GROUP_RULE),
        too_long("SG-team-sagemaker-sg", GROUP_RULE),
    ]
    assert groups.name_violations("sgx-team") == []


# --- The created VPC: AZs and subnet blocks -----------------------------------------------------


def test_the_created_vpc_takes_up_to_every_offered_az() -> None:
    offered = ["us-east-1c", "us-east-1a", "us-east-1b", "us-east-1a"]  # unsorted, one listed twice
    assert choose_vpc_azs(offered, 3) == ["us-east-1a", "us-east-1b", "us-east-1c"]
    assert choose_vpc_azs(offered, 2) == ["us-east-1a", "us-east-1b"]
    with pytest.raises(ConfigError) as caught:
        choose_vpc_azs(offered, 4)
    assert caught.value.field == "availability_zone_count"
    assert caught.value.problem == (
        "is 4, but EI is offered in 3 AZ(s) here (us-east-1a, us-east-1b, us-east-1c); ask for 2 to 3"
    )


@pytest.mark.parametrize(
    ("offered", "problem"),
    [
        (
            ["us-east-1b", "us-east-1a"],
            "is 3, but EI is offered in 2 AZ(s) here (us-east-1a, us-east-1b); ask for 2 to 2",
        ),
        (["us-east-1a"], "is 3, but EI is offered in 1 AZ(s) here (us-east-1a); EI needs at least two"),
        ([], "is 3, but EI is offered in 0 AZ(s) here (none); EI needs at least two"),
    ],
)
def test_too_few_offered_azs_say_what_to_ask_for(offered: list[str], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        choose_vpc_azs(offered, 3)
    assert caught.value.field == "availability_zone_count" and caught.value.problem == problem


def test_a_vpc_holds_at_most_eight_subnets_of_the_layout() -> None:
    eighths = private_subnet_cidrs("10.0.0.0/16", 8)
    assert eighths == [f"10.0.{32 * i}.0/19" for i in range(8)]
    assert private_subnet_cidrs("10.0.0.0/16", 1) == ["10.0.0.0/19"]
    assert private_subnet_cidrs("10.0.0.0/16", 0) == []
    with pytest.raises(ValueError, match=r"^a VPC holds at most 8 subnets of this layout \(asked for 9\)$"):
        private_subnet_cidrs("10.0.0.0/16", 9)
