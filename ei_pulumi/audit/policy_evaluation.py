"""Does a set of IAM policies allow an action? A small, conservative evaluator.

Follows IAM's order for identity policies: an explicit Deny wins, then any Allow, else the
implicit deny. Wildcards (``*``, ``?``) in actions and resources, ``NotAction`` and
``NotResource`` are honoured. Conditions cannot be judged offline, so the audit leans to
the safe side: a conditional Allow does not count, a conditional Deny does.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

ASSUME_ROLE = "sts:AssumeRole"


@dataclass(frozen=True)
class NamedPolicy:
    """A policy document and where it came from (for messages)."""

    source: str
    document: Mapping[str, Any]


@dataclass(frozen=True)
class Decision:
    """The outcome for one action, and the policy that decided it."""

    allowed: bool
    reason: str


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _matches(patterns: Iterable[str], value: str, case_sensitive: bool) -> bool:
    if case_sensitive:
        return any(fnmatch.fnmatchcase(value, p) for p in patterns)
    return any(fnmatch.fnmatchcase(value.lower(), p.lower()) for p in patterns)


def statement_applies(statement: Mapping[str, Any], action: str, resource: str) -> bool:
    """Whether ``statement`` covers ``action`` on ``resource`` (conditions aside)."""
    if "Action" in statement:
        action_ok = _matches(_as_list(statement["Action"]), action, case_sensitive=False)
    else:
        action_ok = not _matches(_as_list(statement.get("NotAction")), action, case_sensitive=False)
    if "Resource" in statement:
        resource_ok = _matches(_as_list(statement["Resource"]), resource, case_sensitive=True)
    elif "NotResource" in statement:
        resource_ok = not _matches(_as_list(statement["NotResource"]), resource, case_sensitive=True)
    else:
        resource_ok = False
    return action_ok and resource_ok


def _statements(policies: Sequence[NamedPolicy]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    for policy in policies:
        for statement in _as_list(policy.document.get("Statement")):
            if isinstance(statement, Mapping):
                yield policy.source, statement


def decide(action: str, resource: str, policies: Sequence[NamedPolicy]) -> Decision:
    """IAM's verdict for ``action`` on ``resource`` under ``policies``."""
    allowed_by = None
    conditional_allow = None
    for source, statement in _statements(policies):
        if not statement_applies(statement, action, resource):
            continue
        if statement.get("Effect") == "Deny":
            conditional = " (under a condition)" if statement.get("Condition") else ""
            return Decision(False, f"{action} is explicitly denied by {source}{conditional}")
        if statement.get("Effect") == "Allow":
            if statement.get("Condition"):
                conditional_allow = conditional_allow or source
            else:
                allowed_by = allowed_by or source
    if allowed_by:
        return Decision(True, f"{action} is allowed by {allowed_by}")
    if conditional_allow:
        return Decision(False, f"{action} is allowed by {conditional_allow} only under a condition")
    return Decision(False, f"no policy allows {action}")


def _covers_assume_role(statement: Mapping[str, Any]) -> bool:
    """Whether a trust-policy statement is about sts:AssumeRole (by Action, or by NotAction)."""
    if "Action" in statement:
        return _matches(_as_list(statement["Action"]), ASSUME_ROLE, case_sensitive=False)
    return "NotAction" in statement and not _matches(
        _as_list(statement["NotAction"]), ASSUME_ROLE, case_sensitive=False
    )


def _names_service(principal: Any, service: str) -> bool:
    """Whether a Principal element names ``service`` itself."""
    return isinstance(principal, Mapping) and service in _as_list(principal.get("Service"))


def _may_name_service(principal: Any, service: str) -> bool:
    """Whether a Principal element may cover ``service``: by name, or as every principal ("*", or
    {"AWS": "*"}, which some services read the same, as AWS CDK's AnyPrincipal notes)."""
    if principal == "*" or _names_service(principal, service):
        return True
    return isinstance(principal, Mapping) and any("*" in _as_list(value) for value in principal.values())


def decide_trust(trust_policy: Mapping[str, Any], service: str) -> Decision:
    """Whether a role's trust policy lets ``service`` assume it (sts:AssumeRole).

    An explicit Deny wins over any Allow, as for every policy
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
    Leaning to the safe side as ``decide`` does: a Deny that may cover the service counts (under a
    condition, or of every principal), an Allow counts only if it names the service, unconditionally.
    A trust policy takes no NotPrincipal
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
    """
    allowed = False
    for statement in _as_list(trust_policy.get("Statement")):
        if not isinstance(statement, Mapping) or not _covers_assume_role(statement):
            continue
        principal = statement.get("Principal")
        if statement.get("Effect") == "Deny" and _may_name_service(principal, service):
            conditional = " (under a condition)" if statement.get("Condition") else ""
            return Decision(False, f"its trust policy explicitly denies {service} {ASSUME_ROLE}{conditional}")
        if statement.get("Effect") == "Allow" and not statement.get("Condition"):
            allowed = allowed or _names_service(principal, service)
    if allowed:
        return Decision(True, f"its trust policy lets {service} {ASSUME_ROLE}")
    return Decision(False, f"its trust policy does not let {service} {ASSUME_ROLE} (unconditionally)")
