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


def trusts_service(trust_policy: Mapping[str, Any], service: str) -> bool:
    """Whether a role's trust policy lets ``service`` assume it, unconditionally."""
    for statement in _as_list(trust_policy.get("Statement")):
        if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        principal = statement.get("Principal")
        services = _as_list(principal.get("Service")) if isinstance(principal, Mapping) else []
        if service in services and _matches(_as_list(statement.get("Action")), "sts:AssumeRole", case_sensitive=False):
            return True
    return False
