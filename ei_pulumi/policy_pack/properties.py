"""What the engine sends a policy, as ``aws_rules`` reads it: known values, and the keys not known yet.

pulumi_policy hands a policy each resource's properties behind a proxy that raises
``UnknownValueError`` when a value the engine sent as unknown (a preview) is read
(``pulumi_policy/proxy.py``). Uncaught, that error turns the whole policy into an advisory
"can't run policy" for the resource, so every value is read here, once, and what is not known is
named instead: ``aws_rules`` leaves those properties alone (``pending``), as ``plan`` does in a preview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Optional

from pulumi_policy import PolicyProviderResource
from pulumi_policy.proxy import UnknownValueError


class _Unknown:
    """A value the engine does not know yet."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""Stands where a value, or a part of one, is not known yet."""


def _read(container: Any, key: Any) -> Any:
    try:
        return with_unknowns(container[key])
    except UnknownValueError:
        return UNKNOWN


def with_unknowns(value: Any) -> Any:
    """``value`` as plain dicts and lists, with ``UNKNOWN`` wherever a part of it is not known yet."""
    if isinstance(value, Mapping):
        return {key: _read(value, key) for key in value}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_read(value, index) for index in range(len(value))]
    return value


def has_unknown(value: Any) -> bool:
    """Whether ``value`` (as ``with_unknowns`` reads it) is, or holds, a value not known yet."""
    if value is UNKNOWN:
        return True
    if isinstance(value, Mapping):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return False


def split(props: Mapping[str, Any]) -> tuple[dict[str, Any], frozenset[str]]:
    """Properties (as ``with_unknowns`` reads them) whose values are wholly known, and the keys of the others.

    A null is a property not set, as a program that leaves it out: the engine sends nulls to a policy
    (an unset output, after ``pulumi up``), where a provider never sees them.
    """
    pending = frozenset(key for key, value in props.items() if has_unknown(value))
    return {key: value for key, value in props.items() if key not in pending and value is not None}, pending


def region_of(provider: Optional[PolicyProviderResource]) -> str:
    """The region of the AWS provider behind a resource, where its inputs say it; else "" (not known).

    The default provider's inputs are the stack's ``aws:`` config (``aws:region``); a provider that takes
    its region from the environment (``AWS_REGION``) does not show it to a policy.
    """
    if provider is None or not provider.resource_type.startswith("pulumi:providers:aws"):
        return ""
    region = _read(provider.props, "region") if "region" in provider.props else ""
    return region if isinstance(region, str) else ""
