"""What a rule is, and what breaking one looks like."""

from __future__ import annotations

import builtins
import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

Scope = Literal["resource", "stack", "account"]
"""What judging a rule needs: ``resource``, one resource's own properties (and its provider's
region); ``stack``, other resources a program may create beside it (the VPC of a subnet, the other
endpoints of a VPC); ``account``, what only the account knows (whether an ID exists, where a service
is offered). A judge that sees less than a rule needs leaves it alone (``AccountState.open_world``)."""

SCOPES: tuple[Scope, ...] = ("resource", "stack", "account")


@dataclass(frozen=True)
class Rule:
    """One thing AWS refuses, as its documentation states it."""

    id: str
    """Stable identifier, listed in the README's table of rules."""
    text: str
    """The rule in a sentence, as a user needs to hear it."""
    source: str
    """The AWS (or pulumi-aws) document that states it."""
    scope: Scope = "resource"
    """What judging it needs, and so which front-ends can apply it (see ``Scope``)."""


@dataclass(frozen=True)
class Violation:
    """A value that breaks a rule: the resource, the property, the value and the rule."""

    rule: Rule
    property: str
    value: Any
    detail: str = ""
    """What exactly is wrong with this value, where the rule alone does not say."""
    resource: str = ""

    def at(self, resource: str) -> "Violation":
        """The same violation, naming the resource it was found on."""
        return dataclasses.replace(self, resource=resource)

    @builtins.property  # the name `property` is this class's field
    def problem(self) -> str:
        """The value, what is wrong with it and the rule, without resource or source."""
        detail = f" ({self.detail})" if self.detail else ""
        return f"AWS would refuse {self.value!r}{detail}: {self.rule.text}"

    def __str__(self) -> str:
        where = f"{self.resource}: " if self.resource else ""
        return f"{where}{self.property}: {self.problem} [{self.rule.id}, {self.rule.source}]"


def violated(rule: Rule, prop: str, value: Any, ok: bool, detail: str = "") -> list[Violation]:
    """``[]`` where ``ok``, else the one violation: lets each rule read as a condition."""
    return [] if ok else [Violation(rule, prop, value, detail)]
