"""The audit's IAM evaluation, on plain documents."""

from __future__ import annotations

import pytest

from ei_pulumi.audit.policy_evaluation import (
    NamedPolicy,
    decide,
    statement_applies,
    trusts_service,
)
from ei_pulumi.steps.permissions import (
    ei_connect_policy,
    full_access_policy,
    trust_policy,
)

ACCELERATOR = "arn:aws:elastic-inference:us-east-1:111122223333:elastic-inference-accelerator/*"


def policy(*statements: dict) -> NamedPolicy:
    return NamedPolicy("p", {"Version": "2012-10-17", "Statement": list(statements)})


@pytest.mark.parametrize(
    ("statement", "applies"),
    [
        ({"Effect": "Allow", "Action": "elastic-inference:Connect", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "Elastic-Inference:connect", "Resource": "*"}, True),  # actions ignore case
        ({"Effect": "Allow", "Action": "elastic-inference:*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "elastic-inference:Con?ect", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "*", "Resource": ACCELERATOR}, True),
        ({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}, True),
        ({"Effect": "Allow", "NotAction": "elastic-inference:*", "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "elastic-inference:Connect", "NotResource": ACCELERATOR}, False),
        ({"Effect": "Allow", "Action": "elastic-inference:Connect", "Resource": "arn:aws:s3:::*"}, False),
        ({"Effect": "Allow", "Action": "ec2:DescribeVpcEndpoints", "Resource": "*"}, False),
    ],
)
def test_statement_matching(statement: dict, applies: bool) -> None:
    assert statement_applies(statement, "elastic-inference:Connect", ACCELERATOR) is applies


def test_the_pages_policies_allow_both_ei_actions() -> None:
    for document in (ei_connect_policy(), full_access_policy("aws")):
        assert decide("elastic-inference:Connect", ACCELERATOR, [NamedPolicy("page", document)]).allowed
        assert decide("ec2:DescribeVpcEndpoints", "*", [NamedPolicy("page", document)]).allowed


def test_explicit_deny_wins_over_any_allow() -> None:
    decision = decide(
        "elastic-inference:Connect",
        ACCELERATOR,
        [
            NamedPolicy("page", ei_connect_policy()),
            NamedPolicy(
                "guardrail", {"Statement": {"Effect": "Deny", "Action": "elastic-inference:*", "Resource": "*"}}
            ),
        ],
    )
    assert not decision.allowed and "explicitly denied by guardrail" in decision.reason


def test_conditions_lean_to_the_safe_side() -> None:
    conditional = {"Condition": {"Bool": {"aws:SecureTransport": "true"}}}
    allow = policy({"Effect": "Allow", "Action": "elastic-inference:Connect", "Resource": "*", **conditional})
    assert "only under a condition" in decide("elastic-inference:Connect", ACCELERATOR, [allow]).reason
    deny = policy({"Effect": "Deny", "Action": "elastic-inference:Connect", "Resource": "*", **conditional})
    assert not decide(
        "elastic-inference:Connect", ACCELERATOR, [NamedPolicy("page", ei_connect_policy()), deny]
    ).allowed


def test_nothing_allows_is_an_implicit_deny() -> None:
    assert decide("elastic-inference:Connect", ACCELERATOR, []).reason == "no policy allows elastic-inference:Connect"


def test_trust_policy() -> None:
    assert trusts_service(trust_policy(), "sagemaker.amazonaws.com")
    assert not trusts_service(trust_policy(), "ec2.amazonaws.com")
    listed = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["ec2.amazonaws.com", "sagemaker.amazonaws.com"]},
                "Action": ["sts:AssumeRole", "sts:TagSession"],
            }
        ]
    }
    assert trusts_service(listed, "sagemaker.amazonaws.com")
