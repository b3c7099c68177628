"""The audit's IAM evaluation at its boundaries (issue 19): each element a statement may hold or lack,
each verdict asserted whole (``allowed`` and the reason naming the deciding policy), and the order in
which statements decide. Pure documents, no mocks.

IAM's evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
(an explicit Deny wins, then an Allow, else the implicit deny); actions ignore case, resources do not
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
reference_policies_elements_resource.html).
"""

from __future__ import annotations

from typing import Any

import pytest

from ei_pulumi.audit.policy_evaluation import Decision, NamedPolicy, decide, decide_trust, statement_applies

CONNECT = "elastic-inference:Connect"
BUCKET = "arn:aws:s3:::SageMaker-data"
CONDITION = {"Bool": {"aws:SecureTransport": "true"}}


def applies(statement: dict[str, Any], action: str = CONNECT, resource: str = BUCKET) -> bool:
    return statement_applies({"Effect": "Allow", **statement}, action, resource)


def test_actions_match_in_any_case_both_ways_resources_only_in_their_own() -> None:
    for action in ("elastic-inference:Connect", "ELASTIC-INFERENCE:CONNECT", "elastic-inference:connect"):
        assert applies({"Action": action, "Resource": "*"}), action
        assert applies({"Action": "Elastic-Inference:*", "Resource": "*"}, action=action), action
    assert applies({"Action": "*", "Resource": "arn:aws:s3:::SageMaker-*"})
    assert not applies({"Action": "*", "Resource": "arn:aws:s3:::sagemaker-*"})
    assert not applies({"Action": "*", "Resource": "arn:aws:s3:::SAGEMAKER-*"})
    assert not applies(
        {"Action": "*", "Resource": "arn:aws:s3:::SageMaker-data"}, resource="arn:aws:s3:::sagemaker-data"
    )


def test_one_pattern_of_a_list_is_enough() -> None:
    assert applies({"Action": ["s3:GetObject", CONNECT], "Resource": ["arn:aws:s3:::other", BUCKET]})
    assert not applies({"Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"})
    assert not applies({"Action": [], "Resource": "*"})


def test_not_action_and_not_resource_apply_to_everything_they_do_not_name() -> None:
    assert applies({"NotAction": "s3:*", "Resource": "*"})
    assert not applies({"NotAction": ["s3:*", "ELASTIC-INFERENCE:*"], "Resource": "*"})
    assert applies({"Action": CONNECT, "NotResource": "arn:aws:s3:::other"})
    assert applies({"Action": CONNECT, "NotResource": ["arn:aws:s3:::other", "arn:aws:s3:::sagemaker-data"]})
    assert not applies({"Action": CONNECT, "NotResource": ["arn:aws:s3:::other", "arn:aws:s3:::SageMaker-*"]})


def test_a_statement_without_resource_or_not_resource_applies_to_nothing() -> None:
    """IAM refuses such a statement in an identity policy; the audit lets it allow nothing."""
    assert applies({"Action": "*"}) is False
    assert decide(CONNECT, BUCKET, [NamedPolicy("p", {"Statement": {"Effect": "Allow", "Action": "*"}})]) == Decision(
        False, f"no policy allows {CONNECT}"
    )


def policies(*documents: Any) -> list[NamedPolicy]:
    return [NamedPolicy(f"p{i}", {"Statement": statements}) for i, statements in enumerate(documents, 1)]


ALLOW = {"Effect": "Allow", "Action": CONNECT, "Resource": "*"}
DENY = {"Effect": "Deny", "Action": CONNECT, "Resource": "*"}


@pytest.mark.parametrize(
    ("documents", "decision"),
    [
        ((ALLOW,), Decision(True, f"{CONNECT} is allowed by p1")),
        (([ALLOW],), Decision(True, f"{CONNECT} is allowed by p1")),  # a list or one statement alone
        (([{**ALLOW, "Condition": CONDITION}], ALLOW), Decision(True, f"{CONNECT} is allowed by p2")),
        (([ALLOW], [ALLOW]), Decision(True, f"{CONNECT} is allowed by p1")),  # the first that allows is named
        (
            ([{**ALLOW, "Condition": CONDITION}], [{**ALLOW, "Condition": CONDITION}]),
            Decision(False, f"{CONNECT} is allowed by p1 only under a condition"),
        ),
        (([ALLOW], [DENY]), Decision(False, f"{CONNECT} is explicitly denied by p2")),
        (([DENY], [{**DENY, "Condition": CONDITION}]), Decision(False, f"{CONNECT} is explicitly denied by p1")),
        (
            ([ALLOW], [{**DENY, "Condition": CONDITION}]),
            Decision(False, f"{CONNECT} is explicitly denied by p2 (under a condition)"),
        ),
        (([{**DENY, "Action": "s3:*"}, ALLOW],), Decision(True, f"{CONNECT} is allowed by p1")),  # another action
        (([{**ALLOW, "Effect": "allow"}],), Decision(False, f"no policy allows {CONNECT}")),  # Effect keeps its case
        (([{**DENY, "Effect": "deny"}, ALLOW],), Decision(True, f"{CONNECT} is allowed by p1")),
        ((["not a statement", ALLOW],), Decision(True, f"{CONNECT} is allowed by p1")),
        ((None, [ALLOW]), Decision(True, f"{CONNECT} is allowed by p2")),  # a document without statements
        (([{**ALLOW, "Condition": {}}],), Decision(True, f"{CONNECT} is allowed by p1")),  # an empty condition
    ],
    ids=[
        "an allow",
        "an allow in a list",
        "an unconditional allow after a conditional one",
        "two allows",
        "conditional allows only",
        "an allow and a deny",
        "two denies",
        "a conditional deny",
        "a deny of another action",
        "an unknown effect",
        "a deny with an unknown effect",
        "a statement that is no object",
        "a policy without statements",
        "an empty condition",
    ],
)
def test_a_decision_and_the_policy_it_names(documents: tuple[Any, ...], decision: Decision) -> None:
    assert decide(CONNECT, BUCKET, policies(*documents)) == decision


SAGEMAKER = "sagemaker.amazonaws.com"
TRUST = {"Effect": "Allow", "Principal": {"Service": SAGEMAKER}, "Action": "sts:AssumeRole"}
LETS = Decision(True, f"its trust policy lets {SAGEMAKER} sts:AssumeRole")
DOES_NOT = Decision(False, f"its trust policy does not let {SAGEMAKER} sts:AssumeRole (unconditionally)")
DENIES = Decision(False, f"its trust policy explicitly denies {SAGEMAKER} sts:AssumeRole")


@pytest.mark.parametrize(
    ("statements", "decision"),
    [
        ([TRUST], LETS),
        (TRUST, LETS),  # one statement alone
        ([{**TRUST, "Action": "sts:TagSession"}, TRUST], LETS),  # the first does not match, the second does
        (["not a statement", TRUST], LETS),
        ([{**TRUST, "Principal": {"Service": "ec2.amazonaws.com"}}, TRUST], LETS),
        ([{**TRUST, "Action": "STS:ASSUMEROLE"}], LETS),
        ([{**TRUST, "Principal": {"Service": ["ec2.amazonaws.com", SAGEMAKER]}}], LETS),
        ([{**TRUST, "Principal": "*"}], DOES_NOT),  # an allow counts only if it names the service
        ([{**TRUST, "Principal": {"AWS": "*"}}], DOES_NOT),
        ([{**TRUST, "Principal": SAGEMAKER}], DOES_NOT),  # a principal is an object, or "*"
        ([{**TRUST, "Condition": CONDITION}], DOES_NOT),
        ([{**TRUST, "Effect": "allow"}], DOES_NOT),
        ([{key: value for key, value in TRUST.items() if key != "Action"}], DOES_NOT),  # neither Action nor NotAction
        ([{**{k: v for k, v in TRUST.items() if k != "Action"}, "NotAction": "sts:TagSession"}], LETS),
        ([{**{k: v for k, v in TRUST.items() if k != "Action"}, "NotAction": "sts:*"}], DOES_NOT),
        ([{**{k: v for k, v in TRUST.items() if k != "Action"}, "NotAction": "STS:ASSUMEROLE"}], DOES_NOT),
        ([], DOES_NOT),
        ([TRUST, {**TRUST, "Effect": "Deny"}], DENIES),
        ([TRUST, {**TRUST, "Effect": "Deny", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}}], DENIES),
        ([TRUST, {**TRUST, "Effect": "Deny", "Principal": {"Federated": "cognito-identity.amazonaws.com"}}], LETS),
        ([TRUST, {**TRUST, "Effect": "Deny", "Principal": "arn:aws:iam::111122223333:root"}], LETS),
        ([TRUST, {**TRUST, "Effect": "Deny", "Principal": None}], LETS),
        (
            [TRUST, {**TRUST, "Effect": "Deny", "Condition": CONDITION}],
            Decision(False, f"its trust policy explicitly denies {SAGEMAKER} sts:AssumeRole (under a condition)"),
        ),
    ],
    ids=[
        "the page's",
        "one statement alone",
        "a first statement of another action",
        "a statement that is no object",
        "a first statement of another service",
        "the action in upper case",
        "one of several services",
        "an allow of every principal",
        "an allow of every AWS principal",
        "a principal that is no object",
        "a conditional allow",
        "an unknown effect",
        "neither action nor not-action",
        "a not-action of another action",
        "a not-action of every sts action",
        "a not-action of the action in upper case",
        "no statement",
        "a deny of the service",
        "a deny of every AWS principal among others",
        "a deny of a federated principal",
        "a deny of an account by text",
        "a deny without a principal",
        "a conditional deny",
    ],
)
def test_a_trust_decision_whole(statements: Any, decision: Decision) -> None:
    assert decide_trust({"Version": "2012-10-17", "Statement": statements}, SAGEMAKER) == decision


def test_a_trust_policy_without_statements_lets_nobody() -> None:
    assert decide_trust({"Version": "2012-10-17"}, SAGEMAKER) == DOES_NOT
