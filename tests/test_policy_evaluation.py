"""The audit's IAM evaluation, on plain documents."""

from __future__ import annotations

import pytest

from ei_pulumi.audit.policy_evaluation import (
    NamedPolicy,
    decide,
    decide_trust,
    statement_applies,
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


SAGEMAKER = "sagemaker.amazonaws.com"
ALLOW = {"Effect": "Allow", "Principal": {"Service": SAGEMAKER}, "Action": "sts:AssumeRole"}


@pytest.mark.parametrize(
    ("statements", "allowed", "reason"),
    [
        (trust_policy()["Statement"], True, "its trust policy lets sagemaker.amazonaws.com sts:AssumeRole"),
        (
            [{"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", SAGEMAKER]}, "Action": ["sts:*"]}],
            True,
            "lets",
        ),
        ([{**ALLOW, "Principal": {"Service": "ec2.amazonaws.com"}}], False, "does not let"),
        ([{**ALLOW, "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}], False, "does not let"),
        ([ALLOW, {**ALLOW, "Effect": "Deny"}], False, "explicitly denies sagemaker.amazonaws.com sts:AssumeRole"),
        ([ALLOW, {"Effect": "Deny", "Principal": "*", "Action": "sts:*"}], False, "explicitly denies"),
        ([ALLOW, {"Effect": "Deny", "Principal": {"AWS": "*"}, "NotAction": "sts:TagSession"}], False, "denies"),
        (
            [ALLOW, {**ALLOW, "Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}],
            False,
            "condition",
        ),
        ([ALLOW, {**ALLOW, "Effect": "Deny", "Action": "sts:TagSession"}], True, "lets"),
        ([ALLOW, {**ALLOW, "Effect": "Deny", "Principal": {"Service": "ec2.amazonaws.com"}}], True, "lets"),
    ],
    ids=[
        "the page's trust policy",
        "one of several services, by wildcard action",
        "another service only",
        "a conditional allow",
        "an explicit deny of the service",
        "a deny of every principal",
        "a deny of every AWS principal, by NotAction",
        "a conditional deny",
        "a deny of another action",
        "a deny of another service",
    ],
)
def test_trust_policy(statements: list[dict], allowed: bool, reason: str) -> None:
    decision = decide_trust({"Version": "2012-10-17", "Statement": statements}, SAGEMAKER)
    assert decision.allowed is allowed and reason in decision.reason
