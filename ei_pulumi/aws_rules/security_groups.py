"""EC2 security groups and their rules."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Collection, Mapping, Optional

from . import cidr
from .account import AccountState
from .base import Rule, Violation, violated

_CREATE_GROUP = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html"
_IP_RANGE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html"
_GROUP_PAIR = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UserIdGroupPair.html"
_IP_PERMISSION = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html"
_RULE_REQUEST = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRuleRequest.html"
_RULES_GUIDE = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"
_ERRORS = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html"

GROUP_CHARACTERS = "a-z A-Z 0-9, spaces and ._-:/()#,@[]+=&;{}!$*"
GROUP_PAIR_CHARACTERS = "a-z A-Z 0-9, spaces and ._-:/()#,@[]+=;{}!$*"
_GROUP_TEXT = frozenset("._-:/()#,@[]+=&;{}!$* ")
_GROUP_PAIR_TEXT = _GROUP_TEXT - {"&"}

GROUP_NAME = Rule(
    "ec2.group-name",
    f"a security group name is 1 to 255 characters of {GROUP_CHARACTERS}, not starting with sg-",
    _CREATE_GROUP,
)
GROUP_DESCRIPTION = Rule(
    "ec2.group-description",
    f"a security group description is at most 255 characters of {GROUP_CHARACTERS}",
    _CREATE_GROUP,
)
RULE_DESCRIPTION = Rule(
    "ec2.rule-description", f"a rule description is at most 255 characters of {GROUP_CHARACTERS}", _IP_RANGE
)
GROUP_PAIR_DESCRIPTION = Rule(
    "ec2.group-rule-description",
    f"a rule that references a group takes a description of at most 255 characters of {GROUP_PAIR_CHARACTERS} (no &)",
    _GROUP_PAIR,
)
PROTOCOL = Rule(
    "ec2.rule-protocol", "the protocol is tcp, udp, icmp, icmpv6, -1 (all) or a number 0 to 255", _IP_PERMISSION
)
PORTS = Rule(
    "ec2.rule-ports",
    "tcp and udp rules give from and to ports 0 to 65535, from <= to; icmp types and codes are -1 to 255; "
    "any other protocol's ports, which EC2 ignores, are -1 to 65535 (pulumi-aws checks them)",
    _IP_PERMISSION,
)
PEER = Rule(
    "ec2.rule-peer",
    "a rule names exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id, "
    "and a CIDR is a network address and a prefix length (no netmask; pulumi-aws refuses it)",
    _RULE_REQUEST,
)
SAME_VPC = Rule(
    "ec2.rule-same-vpc",
    "a rule references a group of its own group's VPC, or of a VPC peered with it in the same region",
    _RULES_GUIDE,
    "stack",
)
KNOWN_ID = Rule(
    "ec2.known-id",
    "a VPC, subnet, security group, route table or prefix list named by ID exists in the account and region",
    _ERRORS,
    "account",
)
RULES = (
    GROUP_NAME,
    GROUP_DESCRIPTION,
    RULE_DESCRIPTION,
    GROUP_PAIR_DESCRIPTION,
    PROTOCOL,
    PORTS,
    PEER,
    SAME_VPC,
    KNOWN_ID,
)

_PROTOCOL_NAMES = {"tcp", "udp", "icmp", "icmpv6", "-1"}
HTTPS_PORT = 443
ALL_PROTOCOLS = "-1"


@dataclass(frozen=True)
class TrafficRule:
    """Protocol and ports of one rule; ports are None for all protocols."""

    ip_protocol: str
    from_port: Optional[int] = None
    to_port: Optional[int] = None


def _in(text: str, allowed: frozenset[str]) -> bool:
    return all(ch.isascii() and (ch.isalnum() or ch in allowed) for ch in text)


def group_name(name: str) -> list[Violation]:
    """A group's name as AWS takes it (CreateSecurityGroup, GroupName)."""
    ok = 1 <= len(name) <= 255 and _in(name, _GROUP_TEXT) and not name.lower().startswith("sg-")
    return violated(GROUP_NAME, "name", name, ok)


def group_description(text: str) -> list[Violation]:
    """A group's description (CreateSecurityGroup, GroupDescription)."""
    return violated(GROUP_DESCRIPTION, "description", text, len(text) <= 255 and _in(text, _GROUP_TEXT))


def rule_description(text: str, *, references_group: bool) -> list[Violation]:
    """A rule's description: a rule that references a group takes one character fewer (no ``&``)."""
    if references_group:
        return violated(GROUP_PAIR_DESCRIPTION, "description", text, len(text) <= 255 and _in(text, _GROUP_PAIR_TEXT))
    return violated(RULE_DESCRIPTION, "description", text, len(text) <= 255 and _in(text, _GROUP_TEXT))


def _number(value: Any) -> Optional[int]:
    """A port as the engine hands it (ints arrive as floats); None where it is no whole number."""
    # Infinity and NaN are doubles the engine can send, and no port (nor can int() take them).
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    if value != int(value):
        return None
    return int(value)


def protocol_and_ports(protocol: str, from_port: Any, to_port: Any, *, ports_pending: bool = False) -> list[Violation]:
    """A rule's protocol, and the ports (or ICMP type and code) it needs; ports not known yet are not judged."""
    text = str(protocol).lower()
    # A number is ASCII digits: str.isdigit also takes "٣", which EC2 does not read, and "²", which int() cannot.
    number = int(text) if text.isascii() and text.isdigit() else None
    if text not in _PROTOCOL_NAMES and not (number is not None and 0 <= number <= 255):
        return violated(PROTOCOL, "ip_protocol", protocol, False)
    if ports_pending:
        return []
    low, high = _number(from_port), _number(to_port)
    if text in ("tcp", "udp", "6", "17"):
        ok = low is not None and high is not None and 0 <= low <= high <= 65535
        return violated(PORTS, "from_port/to_port", (from_port, to_port), ok)
    if text in ("icmp", "icmpv6", "1", "58"):
        ok = all(v is None or -1 <= v <= 255 for v in (low, high))
        return violated(PORTS, "from_port/to_port", (from_port, to_port), ok)
    # EC2 ignores the ports of any other protocol, but pulumi-aws validates them whatever the protocol
    # (int64validator.Between(-1, 65535) on from_port and to_port in terraform-provider-aws
    # internal/service/ec2/vpc_security_group_ingress_rule.go, which the egress rule shares).
    ok = all(v is None or -1 <= v <= 65535 for v in (low, high))
    return violated(PORTS, "from_port/to_port", (from_port, to_port), ok)


def peer(props: dict[str, Any], pending: Collection[str] = ()) -> list[Violation]:
    """Exactly one peer (a peer not known yet counts), and a CIDR peer that is a network address."""
    peers = ("cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId")
    given = [key for key in peers if props.get(key) or key in pending]
    found = violated(PEER, "peer", given, len(given) == 1, f"{len(given)} given")
    for key, version in (("cidrIpv4", 4), ("cidrIpv6", 6)):
        # pulumi-aws: verify.ValidateIPv4CIDRBlock / ValidateIPv6CIDRBlock (fwvalidators.IPv4CIDRNetworkAddress)
        problem = cidr.network_address_problem(props[key], version) if props.get(key) else None
        found += violated(PEER, key, props.get(key), problem is None, problem or "")
    return found


def known(prop: str, resource_id: str, table: Mapping[str, Any], account: AccountState) -> list[Violation]:
    """An ID the account must hold (``table`` is the account's table of such IDs); in an open world,
    one it does not hold is not judged."""
    return violated(KNOWN_ID, prop, resource_id, resource_id in table or account.open_world, "not found")


def same_vpc(group_id: str, referenced_id: str, account: AccountState) -> list[Violation]:
    """A referenced group lives in the VPC of the rule's own group, or in one peered with it; a VPC
    not known is not judged."""
    found = known("security_group_id", group_id, account.security_groups, account)
    found += known("referenced_security_group_id", referenced_id, account.security_groups, account)
    own, other = account.security_groups.get(group_id), account.security_groups.get(referenced_id)
    if found or not own or not other:
        return found
    ok = own == other or frozenset((own, other)) in account.peered_vpcs
    return violated(SAME_VPC, "referenced_security_group_id", referenced_id, ok, f"in {other}, not {own}")
