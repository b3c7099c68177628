"""IAM roles and policies: names, descriptions, document sizes."""

from __future__ import annotations

import re

from .base import Rule, Violation, violated

_CREATE_ROLE = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"
_CREATE_POLICY = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html"
_PUT_ROLE_POLICY = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html"
_QUOTAS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"

_NAME = re.compile(r"[\w+=,.@-]+", re.ASCII)
# CreateRole's Description pattern: tab, newline, carriage return, printable ASCII, U+00A1-U+00FF.
_ROLE_DESCRIPTION = re.compile(r"[\t\n\r\u0020-\u007E\u00A1-\u00FF]*")

ROLE_NAME = Rule("iam.role-name", "a role name is 1 to 64 characters of letters, digits and +=,.@_-", _CREATE_ROLE)
POLICY_NAME = Rule(
    "iam.policy-name", "a managed policy name is 1 to 128 characters of letters, digits and +=,.@_-", _CREATE_POLICY
)
INLINE_POLICY_NAME = Rule(
    "iam.inline-policy-name",
    "an inline policy name is 1 to 128 characters of letters, digits and +=,.@_-",
    _PUT_ROLE_POLICY,
)
ROLE_DESCRIPTION = Rule(
    "iam.role-description",
    "a role description is at most 1000 characters: printable ASCII, tab, newlines, U+00A1 to U+00FF",
    _CREATE_ROLE,
)
POLICY_DESCRIPTION = Rule(
    "iam.policy-description", "a managed policy description is at most 1000 characters", _CREATE_POLICY
)
TRUST_POLICY_SIZE = Rule(
    "iam.trust-policy-size", "a role trust policy is at most 2,048 characters, whitespace not counted", _QUOTAS
)
MANAGED_POLICY_SIZE = Rule(
    "iam.managed-policy-size", "a managed policy is at most 6,144 characters, whitespace not counted", _QUOTAS
)
INLINE_POLICY_SIZE = Rule(
    "iam.inline-policy-size",
    "a role's inline policies together are at most 10,240 characters, whitespace not counted",
    _QUOTAS,
    "stack",
)
RULES = (
    ROLE_NAME,
    POLICY_NAME,
    INLINE_POLICY_NAME,
    ROLE_DESCRIPTION,
    POLICY_DESCRIPTION,
    TRUST_POLICY_SIZE,
    MANAGED_POLICY_SIZE,
    INLINE_POLICY_SIZE,
)

TRUST_POLICY_LIMIT = 2048
MANAGED_POLICY_LIMIT = 6144
INLINE_POLICIES_LIMIT = 10240


def _name(rule: Rule, name: str, limit: int) -> list[Violation]:
    return violated(rule, "name", name, len(name) <= limit and _NAME.fullmatch(name) is not None)


def role_name(name: str) -> list[Violation]:
    """A role's name (CreateRole, RoleName)."""
    return _name(ROLE_NAME, name, 64)


def policy_name(name: str) -> list[Violation]:
    """A managed policy's name (CreatePolicy, PolicyName)."""
    return _name(POLICY_NAME, name, 128)


def inline_policy_name(name: str) -> list[Violation]:
    """An inline policy's name (PutRolePolicy, PolicyName)."""
    return _name(INLINE_POLICY_NAME, name, 128)


def role_description(text: str) -> list[Violation]:
    """A role's description (CreateRole, Description)."""
    ok = len(text) <= 1000 and _ROLE_DESCRIPTION.fullmatch(text) is not None
    return violated(ROLE_DESCRIPTION, "description", text, ok)


def policy_description(text: str) -> list[Violation]:
    """A managed policy's description (CreatePolicy, Description)."""
    return violated(POLICY_DESCRIPTION, "description", text, len(text) <= 1000)


def document_size(document: str) -> int:
    """A policy's size as IAM counts it against its quotas: whitespace is not counted."""
    return sum(1 for ch in document if not ch.isspace())


def _size(rule: Rule, prop: str, size: int, limit: int) -> list[Violation]:
    return violated(rule, prop, f"{size} characters", size <= limit, f"limit {limit}")


def trust_policy_size(document: str) -> list[Violation]:
    """A role's trust policy (the default quota; AWS can raise it to 4,096 on request)."""
    return _size(TRUST_POLICY_SIZE, "assume_role_policy", document_size(document), TRUST_POLICY_LIMIT)


def managed_policy_size(document: str) -> list[Violation]:
    """A customer managed policy's document."""
    return _size(MANAGED_POLICY_SIZE, "policy", document_size(document), MANAGED_POLICY_LIMIT)


def inline_policies_size(document: str, already_used: int) -> list[Violation]:
    """One more inline policy on a role whose inline policies already use ``already_used`` characters."""
    return _size(INLINE_POLICY_SIZE, "policy", already_used + document_size(document), INLINE_POLICIES_LIMIT)
