"""Physical names: what pulumi-aws sends when a resource is not given a name of its own.

- Neither ``name`` nor ``name_prefix``: pulumi-aws auto-names it ``<logical name>-`` plus 7 random
  hex digits (tfbridge.AutoName, separator "-", Randlen 7; ``provider/autonaming.go`` caps every
  resource at 255, ``provider/resources.go`` the IAM role at 64). For every type judged here the
  service's own limit is at most that cap (a role's 64, a policy's 128, a group's 255), so the
  service's rule is what refuses a name too long.
- ``name_prefix``: the bridge applies no default to a property that ConflictsWith one the program
  set (pulumi-terraform-bridge ``pkg/tfbridge/schema.go``, ``applyDefaults``), and ``name`` conflicts
  with ``name_prefix``; terraform-provider-aws then names it the prefix plus a 26-character unique
  suffix (``internal/create/naming.go``, ``create.Name``; terraform-plugin-sdk ``helper/id``,
  ``UniqueIDSuffixLength``), and limits the prefix to the name's limit less 26 (``internal/service/iam/role.go``:
  ``roleNamePrefixMaxLen = roleNameMaxLen - id.UniqueIDSuffixLength``, 38). An empty prefix is the
  provider's own, ``terraform-``.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Collection, Mapping

from .base import Rule, Violation

AUTO_NAME_SUFFIX = 1 + 7
UNIQUE_ID_SUFFIX = 26
DEFAULT_PREFIX = "terraform-"
AUTO_NAME = Rule(
    "pulumi.auto-name",
    "a resource given no name is named after its logical name plus '-' and 7 random hex digits "
    "(tfbridge.AutoName), and that name must fit the service's rule",
    "https://github.com/pulumi/pulumi-aws/blob/master/provider/resources.go",
)
NAME_PREFIX = Rule(
    "pulumi.name-prefix",
    "a name_prefix is completed with a 26-character unique suffix, and that name must fit the service's rule "
    "(so a role's prefix is at most 38 characters)",
    "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/create/naming.go",
)
RULES = (AUTO_NAME, NAME_PREFIX)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def physical_name(logical_name: str, props: Mapping[str, Any]) -> str:
    """The name AWS gets: the resource's own, its prefix completed, or the one pulumi-aws derives.

    The random parts are made from the logical name, so a simulated plan is the same every time.
    """
    if props.get("name"):
        return str(props["name"])
    digest = _digest(logical_name)
    if "namePrefix" in props:
        # A timestamp to the 1/10,000 s and an 8-hex-digit counter, as helper/id.PrefixedUniqueId writes them.
        unique = f"{int(digest[:16], 16) % 10**18:018d}{digest[16:24]}"
        return f"{props['namePrefix'] or DEFAULT_PREFIX}{unique}"
    return f"{logical_name}-{digest[:7]}"


def named(
    check: Callable[[str], list[Violation]],
    logical_name: str,
    props: Mapping[str, Any],
    pending: Collection[str] = (),
) -> list[Violation]:
    """``check`` applied to the name AWS will see: the resource's own, or the one the provider makes.

    A made name that breaks the service's rule is reported as the naming rule, with the service's
    rule as the detail: the user never wrote that name, only the prefix or logical name it comes from.
    """
    if props.get("name") and "namePrefix" in props:  # the schema's ConflictsWith
        return [Violation(NAME_PREFIX, "name_prefix", props["namePrefix"], "conflicts with name")]
    if props.get("name"):
        return check(str(props["name"]))
    if {"name", "namePrefix"} & set(pending):
        return []  # not known yet (a preview)
    if "namePrefix" in props:
        rule, made = NAME_PREFIX, f"{props['namePrefix'] or DEFAULT_PREFIX}{'0' * UNIQUE_ID_SUFFIX}"
    else:
        rule, made = AUTO_NAME, f"{logical_name}-{'x' * (AUTO_NAME_SUFFIX - 1)}"
    return [Violation(rule, "name", made, f"{v.rule.id}: {v.rule.text}") for v in check(made)]


def auto_named(check: Callable[[str], list[Violation]], logical_name: str) -> list[Violation]:
    """``check`` applied to the name pulumi-aws will derive for a resource named ``logical_name``."""
    return [v.at(logical_name) for v in named(check, logical_name, {})]
