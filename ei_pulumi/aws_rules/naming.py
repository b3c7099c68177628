"""Physical names: what pulumi-aws sends when a resource is given no name of its own."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from .base import Rule, Violation

# pulumi-aws auto-names a resource "<logical name>-<7 random hex digits>" (tfbridge.AutoName,
# separator "-", Randlen 7) and caps it at the resource's limit: an IAM role at 64, everything
# else at 255. A longer name is an error before AWS is asked; a name under 255 that the service
# limits further (IAM policies: 128) is refused by AWS.
AUTO_NAME_SUFFIX = 1 + 7
AUTO_NAME = Rule(
    "pulumi.auto-name",
    "a resource given no name is named after its logical name plus '-' and 7 random hex digits "
    "(tfbridge.AutoName), and that name must fit the service's rule",
    "https://github.com/pulumi/pulumi-aws/blob/master/provider/resources.go",
)
RULES = (AUTO_NAME,)


def named(check: Callable[[str], list[Violation]], logical_name: str, props: Mapping[str, Any]) -> list[Violation]:
    """``check`` applied to the name AWS will see: the resource's own, or the one pulumi-aws derives.

    A derived name that breaks the service's rule is reported as this rule, with the service's
    rule as the detail: the user never wrote that name, only the logical name it comes from.
    """
    if props.get("name"):
        return check(str(props["name"]))
    derived = f"{logical_name}-{'x' * (AUTO_NAME_SUFFIX - 1)}"
    return [Violation(AUTO_NAME, "name", derived, f"{v.rule.id}: {v.rule.text}") for v in check(derived)]


def auto_named(check: Callable[[str], list[Violation]], logical_name: str) -> list[Violation]:
    """``check`` applied to the name pulumi-aws will derive for a resource named ``logical_name``."""
    return [v.at(logical_name) for v in named(check, logical_name, {})]
