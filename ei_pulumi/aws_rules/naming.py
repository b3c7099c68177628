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
    "a resource without a name is named <logical name>-<7 random hex digits>, which must fit the service's name rule",
    "https://github.com/pulumi/pulumi-aws/blob/master/provider/resources.go (tfbridge.AutoName)",
)
RULES = (AUTO_NAME,)


def physical_name(logical_name: str, props: Mapping[str, Any]) -> tuple[str, bool]:
    """The name AWS will see, with ``x`` standing for the random digits, and whether it is auto-named."""
    if props.get("name"):
        return str(props["name"]), False
    return f"{logical_name}-{'x' * (AUTO_NAME_SUFFIX - 1)}", True


def auto_named_detail(auto_named: bool) -> str:
    """What a name violation should add when the user never chose the name."""
    return "auto-named from the logical name plus '-' and 7 random hex digits" if auto_named else ""


def auto_named(check: Callable[[str, str], list[Violation]], logical_name: str) -> list[Violation]:
    """``check`` applied to the name pulumi-aws will give a resource named ``logical_name``."""
    physical, auto = physical_name(logical_name, {})
    return [v.at(logical_name) for v in check(physical, auto_named_detail(auto))]
