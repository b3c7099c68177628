"""AWS's documented rules, as pure functions: what AWS refuses, each rule with its source.

One set of rules for several front-ends: the simulated account applies them to every
resource a program registers (so ``plan`` and the tests fail where ``pulumi up`` would),
the component uses them to refuse bad input up front, and the ``check`` audit applies the
ones that concern live resources.
"""

from . import endpoints, iam, naming, network, security_groups, tags
from .account import AccountState, EndpointFacts, SubnetFacts, VpcFacts
from .base import Rule, Violation
from .resources import check_resource, record

RULES: tuple[Rule, ...] = (
    *security_groups.RULES,
    *iam.RULES,
    *naming.RULES,
    *network.RULES,
    *endpoints.RULES,
    *tags.RULES,
)
"""Every rule, in the order of the README's table."""


def rules_markdown() -> str:
    """The README's table of rules: id, rule, source."""
    rows = [f"| `{r.id}` | {r.text} | [{r.source.rsplit('/', 1)[-1]}]({r.source}) |" for r in RULES]
    return "\n".join(["| Rule | AWS refuses unless | Source |", "|---|---|---|", *rows])


__all__ = [
    "RULES",
    "AccountState",
    "EndpointFacts",
    "Rule",
    "SubnetFacts",
    "Violation",
    "VpcFacts",
    "check_resource",
    "record",
    "rules_markdown",
]
