"""Step 1 of the page: the policy documents, statement by statement, in every partition."""

import pytest

from ei_pulumi.steps.permissions import (
    ei_connect_policy,
    ei_connect_statement,
    full_access_policy,
    managed_policy_arn,
    trust_policy,
)

PARTITIONS = ["aws", "aws-cn", "aws-us-gov"]


def test_minimal_statement_is_the_pages() -> None:
    assert ei_connect_statement() == {
        "Effect": "Allow",
        "Action": ["elastic-inference:Connect", "ec2:DescribeVpcEndpoints"],
        "Resource": "*",
    }
    assert ei_connect_policy() == {"Version": "2012-10-17", "Statement": [ei_connect_statement()]}


def test_trust_policy_lets_sagemaker_assume_the_role() -> None:
    assert trust_policy() == {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }


@pytest.mark.parametrize("partition", PARTITIONS)
def test_managed_policy_arn_follows_the_partition(partition: str) -> None:
    assert managed_policy_arn(partition) == f"arn:{partition}:iam::aws:policy/AmazonSageMakerFullAccess"


@pytest.mark.parametrize("partition", PARTITIONS)
def test_full_policy_has_the_pages_eight_statements(partition: str) -> None:
    policy = full_access_policy(partition)
    assert policy["Version"] == "2012-10-17"
    connect, sagemaker, services, s3_objects, s3_buckets, tagged_objects, linked_role, pass_role = policy["Statement"]

    assert connect == ei_connect_statement()
    assert sagemaker == {"Effect": "Allow", "Action": ["sagemaker:*"], "Resource": "*"}

    assert services["Effect"] == "Allow" and services["Resource"] == "*"
    assert len(services["Action"]) == 32
    by_service: dict[str, int] = {}
    for action in services["Action"]:
        by_service[action.split(":")[0]] = by_service.get(action.split(":")[0], 0) + 1
    assert by_service == {"ecr": 4, "cloudwatch": 4, "ec2": 9, "application-autoscaling": 10, "logs": 5}
    assert {"ec2:CreateNetworkInterface", "ec2:DescribeSecurityGroups", "logs:PutLogEvents"} <= set(services["Action"])

    assert s3_objects == {
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        "Resource": [f"arn:{partition}:s3:::*{word}*" for word in ("SageMaker", "Sagemaker", "sagemaker")],
    }
    assert s3_buckets == {
        "Effect": "Allow",
        "Action": ["s3:CreateBucket", "s3:GetBucketLocation", "s3:ListBucket", "s3:ListAllMyBuckets"],
        "Resource": "*",
    }
    assert tagged_objects == {
        "Effect": "Allow",
        "Action": ["s3:GetObject"],
        "Resource": "*",
        "Condition": {"StringEqualsIgnoreCase": {"s3:ExistingObjectTag/SageMaker": "true"}},
    }
    assert linked_role == {
        "Action": "iam:CreateServiceLinkedRole",
        "Effect": "Allow",
        "Resource": f"arn:{partition}:iam::*:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/"
        "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
        "Condition": {"StringLike": {"iam:AWSServiceName": "sagemaker.application-autoscaling.amazonaws.com"}},
    }
    assert pass_role == {
        "Effect": "Allow",
        "Action": ["iam:PassRole"],
        "Resource": "*",
        "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
    }


def test_no_arn_outside_the_partition() -> None:
    text = str(full_access_policy("aws-us-gov"))
    assert "arn:aws:" not in text and text.count("arn:aws-us-gov:") == 4
