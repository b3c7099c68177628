"""AWS's documented rules, as pure functions: what AWS refuses, each rule with its source.

One set of rules for several front-ends: the simulated account applies them to every
resource a program registers (so ``plan`` and the tests fail where ``pulumi up`` would),
the component uses them to refuse bad input up front, the ``check`` audit applies the
ones that concern live resources, and the policy pack (``ei_pulumi.policy_pack``) applies
those it can judge without the account to any Pulumi program.
"""

from . import endpoints, iam, naming, network, security_groups, tags
from .account import AccountState, EndpointFacts, SubnetFacts, VpcFacts
from .base import SCOPES, Rule, Scope, Violation
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


JUDGED_BY: dict[Scope, str] = {
    "resource": "`plan`, pack (`aws-would-refuse`)",
    "stack": "`plan`, pack (`aws-would-refuse-stack`)",
    "account": "`plan` only: needs the account",
}
"""Which front-ends judge a rule of each scope: ``plan`` (the simulated account) judges every one; the
policy pack one resource at a time, or between the resources of one stack, but never the account."""


def rules_markdown() -> str:
    """The README's table of rules: id, rule, who judges it, source."""
    rows = [
        f"| `{r.id}` | {r.text} | {JUDGED_BY[r.scope]} | [{r.source.rsplit('/', 1)[-1]}]({r.source}) |" for r in RULES
    ]
    return "\n".join(["| Rule | AWS refuses unless | Judged by | Source |", "|---|---|---|---|", *rows])


__all__ = [
    "JUDGED_BY",
    "RULES",
    "SCOPES",
    "AccountState",
    "EndpointFacts",
    "Rule",
    "Scope",
    "SubnetFacts",
    "Violation",
    "VpcFacts",
    "check_resource",
    "record",
    "rules_markdown",
]
