"""Both sides of every boundary AWS's rules state (issue 19), pure: each limit at the limit and one
past it, each character class with a character just inside and just outside it, and every
violation asserted whole (rule, property, value and detail), so a rule that fires for the wrong
reason, on the wrong property or with the wrong value fails here.

The rules' sources are cited where each rule is defined (``ei_pulumi/aws_rules/``).
"""

from __future__ import annotations

import hashlib
import ipaddress
import string
from typing import Callable

import pytest

from ei_pulumi.aws_rules import (
    RULES,
    AccountState,
    SubnetFacts,
    Violation,
    VpcFacts,
    cidr,
    iam,
    naming,
    network,
    rules_markdown,
    tags,
)
from ei_pulumi.aws_rules import security_groups as sg
from ei_pulumi.aws_rules.base import Rule, violated

NameCheck = Callable[[str], list[Violation]]

# --- IAM: names, descriptions, document sizes ---------------------------------------------------

IAM_NAME_CHARACTERS = string.ascii_letters + string.digits + "+=,.@_-"
# Just outside [\w+=,.@-] (ASCII): a space, the punctuation IAM does not take, a letter and a digit
# that are not ASCII (Python's \w would take them without re.ASCII).
NOT_IAM_NAME_CHARACTERS = [" ", "/", ":", "#", "*", "!", "\t", "é", "٣"]


@pytest.mark.parametrize(
    ("check", "rule", "limit"),
    [(iam.role_name, iam.ROLE_NAME, 64), (iam.policy_name, iam.POLICY_NAME, 128)]
    + [(iam.inline_policy_name, iam.INLINE_POLICY_NAME, 128)],
    ids=["role", "policy", "inline-policy"],
)
def test_an_iam_name_is_1_to_its_limit_of_its_characters(check: NameCheck, rule: Rule, limit: int) -> None:
    assert check("a" * limit) == []
    assert check("a" * (limit + 1)) == [Violation(rule, "name", "a" * (limit + 1))]
    assert check("") == [Violation(rule, "name", "")]
    for ch in IAM_NAME_CHARACTERS:
        assert check(ch) == [], ch
    for ch in NOT_IAM_NAME_CHARACTERS:
        assert check(f"a{ch}b") == [Violation(rule, "name", f"a{ch}b")], repr(ch)


def test_a_role_description_is_at_most_1000_characters_of_its_pattern() -> None:
    """CreateRole's Description: [\\t\\n\\r\\u0020-\\u007E\\u00A1-\\u00FF]*, at most 1000."""
    for text in ("", "x" * 1000, "\t\n\r", " ~", "\u00a1\u00ff", "Rôle SageMaker: EI"):
        assert iam.role_description(text) == [], repr(text)
    assert iam.role_description("x" * 1001) == [Violation(iam.ROLE_DESCRIPTION, "description", "x" * 1001)]
    # Just outside each range: vertical tab, unit separator, DEL, no-break space, U+0100, and a symbol.
    for ch in ("\x0b", "\x1f", "\x7f", "\u00a0", "\u0100", "✓"):
        text = f"role{ch}"
        assert iam.role_description(text) == [Violation(iam.ROLE_DESCRIPTION, "description", text)], repr(ch)


def test_a_managed_policy_description_is_at_most_1000_characters_of_any_kind() -> None:
    assert iam.policy_description("✓" * 1000) == []
    assert iam.policy_description("x" * 1001) == [Violation(iam.POLICY_DESCRIPTION, "description", "x" * 1001)]


def document_of(size: int) -> str:
    """A document of ``size`` characters as IAM counts them, padded with whitespace it does not count."""
    return " {\n\t" + "x" * (size - 2) + "}\r\n "


def test_iam_counts_a_document_without_its_whitespace() -> None:
    assert iam.document_size('{ "a" :\n\t1 }\r\n') == 7
    assert iam.document_size(document_of(2048)) == 2048


@pytest.mark.parametrize(
    ("check", "rule", "prop", "limit"),
    [
        (iam.trust_policy_size, iam.TRUST_POLICY_SIZE, "assume_role_policy", 2048),
        (iam.managed_policy_size, iam.MANAGED_POLICY_SIZE, "policy", 6144),
    ],
    ids=["trust", "managed"],
)
def test_a_policy_document_is_at_most_its_quota(check: NameCheck, rule: Rule, prop: str, limit: int) -> None:
    assert check(document_of(limit)) == []
    assert check(document_of(limit + 1)) == [Violation(rule, prop, f"{limit + 1} characters", f"limit {limit}")]


def test_a_roles_inline_policies_together_are_at_most_10240_characters() -> None:
    assert iam.inline_policies_size(document_of(10240), 0) == []
    assert iam.inline_policies_size(document_of(240), 10000) == []
    too_much = [Violation(iam.INLINE_POLICY_SIZE, "policy", "10241 characters", "limit 10240")]
    assert iam.inline_policies_size(document_of(241), 10000) == too_much
    assert iam.inline_policies_size(document_of(2), 10239) == too_much


# --- EC2 security groups: names, descriptions, protocols and ports, peers ----------------------

EC2_PUNCTUATION = "._-:/()#,@[]+=&;{}!$* "
# Just outside a-zA-Z0-9 and that punctuation: ASCII punctuation EC2 does not take, a tab, and a
# letter and a digit that are not ASCII (str.isalnum would take them).
NOT_EC2_CHARACTERS = ["%", "'", '"', "?", "<", ">", "^", "`", "|", "~", "\\", "\t", "é", "٣"]


def test_a_group_name_is_1_to_255_characters_of_ec2s_set_not_starting_with_sg() -> None:
    for name in ("a", "a" * 255, "sg", "sg_web", "web-sg-1", string.ascii_letters + string.digits + EC2_PUNCTUATION):
        assert sg.group_name(name) == [], name
    for name in ("", "a" * 256, "sg-web", "SG-web", "Sg-"):
        assert sg.group_name(name) == [Violation(sg.GROUP_NAME, "name", name)], name
    for ch in NOT_EC2_CHARACTERS:
        assert sg.group_name(f"web{ch}") == [Violation(sg.GROUP_NAME, "name", f"web{ch}")], repr(ch)


def test_a_group_description_is_at_most_255_characters_of_ec2s_set() -> None:
    for text in ("", "x" * 255, string.ascii_letters + string.digits + EC2_PUNCTUATION):
        assert sg.group_description(text) == [], text
    assert sg.group_description("x" * 256) == [Violation(sg.GROUP_DESCRIPTION, "description", "x" * 256)]
    for ch in NOT_EC2_CHARACTERS:
        text = f"EI{ch}"
        assert sg.group_description(text) == [Violation(sg.GROUP_DESCRIPTION, "description", text)], repr(ch)


@pytest.mark.parametrize(
    ("references_group", "rule", "punctuation"),
    [
        (False, sg.RULE_DESCRIPTION, EC2_PUNCTUATION),
        (True, sg.GROUP_PAIR_DESCRIPTION, EC2_PUNCTUATION.replace("&", "")),
    ],
    ids=["cidr-rule", "group-rule"],
)
def test_a_rule_description_is_at_most_255_characters_and_a_group_rule_takes_no_ampersand(
    references_group: bool, rule: Rule, punctuation: str
) -> None:
    def check(text: str) -> list[Violation]:
        return sg.rule_description(text, references_group=references_group)

    for text in ("", "x" * 255, string.ascii_letters + string.digits + punctuation):
        assert check(text) == [], text
    assert check("x" * 256) == [Violation(rule, "description", "x" * 256)]
    outside = NOT_EC2_CHARACTERS + (["&"] if references_group else [])
    for ch in outside:
        assert check(f"443{ch}") == [Violation(rule, "description", f"443{ch}")], repr(ch)


def ports(protocol: str, from_port: object, to_port: object) -> list[Violation]:
    return sg.protocol_and_ports(protocol, from_port, to_port)


def test_the_protocol_is_a_name_ec2_knows_or_a_number_0_to_255() -> None:
    for protocol in ("tcp", "udp", "TCP", "Udp"):
        assert ports(protocol, 443.0, 443.0) == [], protocol
    for protocol in ("icmp", "icmpv6", "ICMP", "-1", "0", "50", "255"):
        assert ports(protocol, None, None) == [], protocol
    # Just outside the numbers: 256, a sign, a decimal point, a digit that is not ASCII (and one int() cannot read).
    for protocol in ("256", "-2", "http", "", "6.0", " tcp", "٣", "²"):
        assert ports(protocol, 443.0, 443.0) == [Violation(sg.PROTOCOL, "ip_protocol", protocol)], protocol


@pytest.mark.parametrize("protocol", ["tcp", "udp", "6", "17"])
def test_tcp_and_udp_ports_are_0_to_65535_from_no_higher_than_to(protocol: str) -> None:
    for low, high in ((0, 65535), (443.0, 443.0), (0.0, 0.0), (65535, 65535), (1024, 2048)):
        assert ports(protocol, low, high) == [], (low, high)
    for low, high in ((-1, 443), (0, 65536), (444, 443), (65536, 65536), (None, 443), (443, None), (None, None)):
        assert ports(protocol, low, high) == [Violation(sg.PORTS, "from_port/to_port", (low, high))], (low, high)
    # Not whole numbers: a flag, text, a fraction.
    for low, high in ((True, 443), (0, True), ("443", 443), (443, "443"), (442.5, 443)):
        assert ports(protocol, low, high) == [Violation(sg.PORTS, "from_port/to_port", (low, high))], (low, high)


@pytest.mark.parametrize("protocol", ["icmp", "icmpv6", "1", "58"])
def test_icmp_types_and_codes_are_minus_1_to_255_in_any_order(protocol: str) -> None:
    # A type and a code, not a range: type 8 with code 0 is an echo request.
    for low, high in ((-1, -1), (255, 255), (8, 0), (None, None), (-1.0, 255.0)):
        assert ports(protocol, low, high) == [], (low, high)
    for low, high in ((-2, 0), (0, -2), (256, 0), (0, 256)):
        assert ports(protocol, low, high) == [Violation(sg.PORTS, "from_port/to_port", (low, high))], (low, high)


def test_other_protocols_ports_are_minus_1_to_65535() -> None:
    """EC2 ignores them, but pulumi-aws validates from_port and to_port as -1 to 65535 for any protocol."""
    for protocol in ("-1", "50"):
        for low, high in ((-1, 65535), (65535, -1), (None, None), (None, 80)):
            assert ports(protocol, low, high) == [], (protocol, low, high)
        for low, high in ((-2, 0), (0, 65536), (65536, None), (None, -2)):
            expected = [Violation(sg.PORTS, "from_port/to_port", (low, high))]
            assert ports(protocol, low, high) == expected, (protocol, low, high)


def test_a_rule_names_exactly_one_peer() -> None:
    for peer in (
        {"cidrIpv4": "10.0.0.0/16"},
        {"cidrIpv6": "2001:db8::/32"},
        {"prefixListId": "pl-0123"},
        {"referencedSecurityGroupId": "sg-0123"},
        {"cidrIpv4": "", "cidrIpv6": None, "prefixListId": "pl-0123"},  # empty values are not given
    ):
        assert sg.peer(peer) == [], peer
    assert sg.peer({}, pending={"referencedSecurityGroupId"}) == []  # not known yet, but given
    assert sg.peer({}) == [Violation(sg.PEER, "peer", [], "0 given")]
    both = ["cidrIpv4", "prefixListId"]
    assert sg.peer({"cidrIpv4": "0.0.0.0/0", "prefixListId": "pl-1"}) == [Violation(sg.PEER, "peer", both, "2 given")]
    assert sg.peer({"cidrIpv4": "0.0.0.0/0"}, pending={"prefixListId"}) == [Violation(sg.PEER, "peer", both, "2 given")]
    every = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"]
    all_four = {
        "cidrIpv4": "0.0.0.0/0",
        "cidrIpv6": "::/0",
        "prefixListId": "pl-1",
        "referencedSecurityGroupId": "sg-1",
    }
    assert sg.peer(all_four) == [Violation(sg.PEER, "peer", every, "4 given")]


@pytest.mark.parametrize(
    ("key", "block", "detail"),
    [
        ("cidrIpv4", "10.0.0.1/16", "not a network address; did you mean '10.0.0.0/16'?"),
        ("cidrIpv4", "10.0.0.0/255.255.0.0", "not an IPv4 CIDR block; did you mean '10.0.0.0/16'?"),
        ("cidrIpv4", "2001:db8::/32", "not an IPv4 CIDR block"),
        ("cidrIpv6", "2001:db8::1/32", "not a network address; did you mean '2001:db8::/32'?"),
        ("cidrIpv6", "10.0.0.0/16", "not an IPv6 CIDR block"),
        ("cidrIpv6", "fe80::%eth0/64", "not an IPv6 CIDR block; did you mean 'fe80::/64'?"),  # Go takes no zone
        ("cidrIpv6", "fe80::1%eth0/64", "not an IPv6 CIDR block; did you mean 'fe80::/64'?"),
    ],
)
def test_a_cidr_peer_is_a_network_address_of_its_family(key: str, block: str, detail: str) -> None:
    assert sg.peer({key: block}) == [Violation(sg.PEER, key, block, detail)]


def test_a_rule_references_a_known_group_of_its_own_groups_vpc() -> None:
    account = AccountState("us-east-1", security_groups={"sg-a": "vpc-a", "sg-a2": "vpc-a", "sg-b": "vpc-b"})
    assert sg.same_vpc("sg-a", "sg-a2", account) == []
    assert sg.same_vpc("sg-a", "sg-b", account) == [
        Violation(sg.SAME_VPC, "referenced_security_group_id", "sg-b", "in vpc-b, not vpc-a")
    ]
    assert sg.same_vpc("sg-x", "sg-y", account) == [
        Violation(sg.KNOWN_ID, "security_group_id", "sg-x", "not found"),
        Violation(sg.KNOWN_ID, "referenced_security_group_id", "sg-y", "not found"),
    ]
    assert sg.same_vpc("sg-a", "sg-y", account) == [
        Violation(sg.KNOWN_ID, "referenced_security_group_id", "sg-y", "not found")
    ]
    assert sg.known("vpc_id", "vpc-a", {"vpc-a": None}, account) == []
    # A group whose VPC is not known yet (created by the same program, in a preview) is not judged, either side.
    account.security_groups["sg-new"] = ""
    assert sg.same_vpc("sg-new", "sg-b", account) == [] and sg.same_vpc("sg-b", "sg-new", account) == []


# --- CIDR blocks as pulumi-aws parses them ------------------------------------------------------


def test_a_cidr_parses_as_gos_net_parsecidr_reads_it() -> None:
    v4, v6 = ipaddress.IPv4Address("10.0.0.0"), ipaddress.IPv6Address("2001:db8::")
    assert cidr.parse("10.0.0.0/16") == (v4, 16)
    assert cidr.parse("10.0.0.0/016") == (v4, 16)  # the prefix's leading zeros are digits like any other
    assert cidr.parse("10.0.0.0/32") == (v4, 32)
    assert cidr.parse("2001:db8::/128") == (v6, 128)
    refused = ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0", "10.0.0.0/", "10.0.0.0/1a", "10.0.0.0/ 16", "10.0.0.0/-1"]
    refused += ["10.0.0.0/²", "010.0.0.0/8", "10.0.0.0/255.255.0.0", "fe80::1%eth0/64", "10.0.0/8", "/8"]
    for text in refused:
        assert cidr.parse(text) is None, text


def test_a_lenient_reading_is_only_a_hint() -> None:
    assert cidr.lenient("10.0.0.1/255.255.0.0") == ipaddress.IPv4Network("10.0.0.0/16")
    assert cidr.lenient("fe80::%eth0/64") == ipaddress.IPv6Network("fe80::/64")
    assert cidr.lenient("ten/8") is None


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        ("10.0.0.0/16", None),
        ("10.0.0.0/28", None),
        ("10.0.0.0/15", "prefix /15 is not /16 to /28"),
        ("10.0.0.0/29", "prefix /29 is not /16 to /28"),
        ("10.0.0.0/016", "not written as its network, exactly; did you mean '10.0.0.0/16'?"),
        ("10.0.0.1/16", "not written as its network, exactly; did you mean '10.0.0.0/16'?"),
        ("10.0.0.0/255.255.0.0", "not written as its network, exactly; did you mean '10.0.0.0/16'?"),
        ("2001:db8::/48", "not an IPv4 CIDR block"),
        ("ten/16", "not an IPv4 CIDR block"),
        ("", "not an IPv4 CIDR block"),
    ],
)
def test_a_vpc_block_is_gos_rendering_of_its_network_with_a_prefix_of_16_to_28(block: str, problem: str | None) -> None:
    assert cidr.canonical_problem(block, 16, 28) == problem
    expected = [] if problem is None else [Violation(network.VPC_CIDR, "cidr_block", block, problem)]
    assert network.vpc_cidr(block) == expected


# --- VPC subnets ------------------------------------------------------------------------------


def network_account() -> AccountState:
    """us-east-1: a VPC with a secondary block and two subnets (one known by its block only), a small
    VPC, a VPC whose range IPAM allocates, and another VPC holding a subnet of the same block."""
    return AccountState(
        "us-east-1",
        vpcs={
            "vpc-a": VpcFacts("10.0.0.0/16", secondary_cidr_blocks=("10.9.0.0/16",)),
            "vpc-small": VpcFacts("10.5.0.0/24"),
            "vpc-ipam": VpcFacts(""),
            "vpc-other": VpcFacts("10.0.0.0/16"),
        },
        subnets={
            "subnet-1": SubnetFacts("vpc-a", "us-east-1a", "10.0.0.0/24", "subnet-1"),
            "subnet-2": SubnetFacts("vpc-a", "us-east-1b", "10.0.1.0/24"),
            "subnet-o": SubnetFacts("vpc-other", "us-east-1a", "10.0.2.0/24", "subnet-o"),
        },
    )


def new_subnet(block: str, vpc: str = "vpc-a", az: str = "us-east-1a") -> list[Violation]:
    return network.subnet(SubnetFacts(vpc, az, block), network_account())


def test_a_subnet_block_is_a_network_address_with_a_prefix_of_16_to_28() -> None:
    for block in ("10.9.0.0/16", "10.0.2.0/28", "10.0.2.0/024"):
        assert new_subnet(block) == [], block
    for block, problem in (
        ("10.8.0.0/15", "prefix /15 is not /16 to /28"),
        ("10.0.2.0/29", "prefix /29 is not /16 to /28"),
        ("10.0.2.1/24", "not a network address; did you mean '10.0.2.0/24'?"),
        ("10.0.2.0/255.255.255.0", "not an IPv4 CIDR block; did you mean '10.0.2.0/24'?"),
        ("2001:db8::/64", "not an IPv4 CIDR block"),
        ("10.8.0.0/255.254.0.0", "not an IPv4 CIDR block; did you mean '10.8.0.0/15'?"),  # pulumi-aws's word first
    ):
        # A block pulumi-aws refuses is not judged for containment or overlap.
        assert new_subnet(block) == [Violation(network.SUBNET_CIDR, "cidr_block", block, problem)], block


def test_a_subnet_lies_inside_one_of_its_vpcs_blocks() -> None:
    assert new_subnet("10.9.4.0/24") == []  # in the secondary block
    assert new_subnet("10.8.0.0/24") == [
        Violation(network.SUBNET_IN_VPC, "cidr_block", "10.8.0.0/24", "VPC vpc-a is 10.0.0.0/16, 10.9.0.0/16")
    ]
    # Larger than its VPC: it holds the VPC's block, it does not lie in it.
    assert new_subnet("10.5.0.0/23", vpc="vpc-small") == [
        Violation(network.SUBNET_IN_VPC, "cidr_block", "10.5.0.0/23", "VPC vpc-small is 10.5.0.0/24")
    ]
    assert new_subnet("10.77.0.0/24", vpc="vpc-ipam") == []  # a range not known: containment waits
    assert new_subnet("10.77.0.0/24", vpc="vpc-unknown") == []  # whether the VPC exists is another rule's


def test_a_subnet_overlaps_no_other_subnet_of_its_vpc() -> None:
    assert new_subnet("10.0.2.0/24") == []  # subnet-o holds it, in another VPC
    assert new_subnet("10.0.0.0/23") == [
        Violation(network.SUBNET_OVERLAP, "cidr_block", "10.0.0.0/23", "overlaps subnet-1, 10.0.1.0/24")
    ]
    assert new_subnet("10.0.1.128/25") == [
        Violation(network.SUBNET_OVERLAP, "cidr_block", "10.0.1.128/25", "overlaps 10.0.1.0/24")
    ]
    # A block pulumi-aws refuses has no network to overlap: the subnet rule alone speaks of it.
    for block in ("not a block", "10.0.0.1/24"):
        assert network.overlapping(block, network_account().subnets.values()) == [], block


def test_a_subnets_az_is_one_of_its_regions() -> None:
    assert new_subnet("10.0.2.0/24", az="us-east-1f") == []
    assert new_subnet("10.0.2.0/24", az="") == []  # not known yet
    assert new_subnet("10.0.2.0/24", az="us-east-2a") == [
        Violation(network.SUBNET_AZ, "availability_zone", "us-east-2a")
    ]
    # Not known yet: the block waits, the AZ is judged.
    assert new_subnet("", az="eu-west-1a") == [Violation(network.SUBNET_AZ, "availability_zone", "eu-west-1a")]


def test_a_replaced_subnet_overlaps_no_block_still_standing() -> None:
    """AWS creates the replacement before it deletes the old subnet: every changed or new block must
    overlap no deployed block, its own old one included; an unchanged subnet is no replacement."""
    deployed = {"a": "10.0.0.0/24", "b": "10.0.1.0/24"}
    assert network.replacement_overlaps(deployed, {"a": "10.0.0.0/24", "b": "10.0.1.0/24", "c": "10.0.2.0/24"}) == []
    assert network.replacement_overlaps(deployed, {"a": "10.0.0.0/24", "b": "10.0.0.0/23"}) == [
        Violation(network.SUBNET_OVERLAP, "cidr_block", "10.0.0.0/23", "overlaps a, b", resource="b")
    ]
    assert network.replacement_overlaps(deployed, {"b": "10.0.1.0/25", "c": "10.0.1.128/25"}) == [
        Violation(network.SUBNET_OVERLAP, "cidr_block", "10.0.1.0/25", "overlaps b", resource="b"),
        Violation(network.SUBNET_OVERLAP, "cidr_block", "10.0.1.128/25", "overlaps b", resource="c"),
    ]


# --- What a violation says ---------------------------------------------------------------------


def test_a_violation_reads_as_value_detail_rule_and_source() -> None:
    rule = Rule("x.rule", "the rule", "https://docs.example/page.html")
    plain = Violation(rule, "name", "bad")
    assert plain.problem == "AWS would refuse 'bad': the rule"
    assert str(plain) == "name: AWS would refuse 'bad': the rule [x.rule, https://docs.example/page.html]"
    located = Violation(rule, "name", "bad", "too long").at("Role r")
    assert located == Violation(rule, "name", "bad", "too long", "Role r")
    assert located.problem == "AWS would refuse 'bad' (too long): the rule"
    assert (
        str(located)
        == "Role r: name: AWS would refuse 'bad' (too long): the rule [x.rule, https://docs.example/page.html]"
    )
    assert violated(rule, "name", "good", True, "unused") == []
    assert violated(rule, "name", "bad", False, "too long") == [Violation(rule, "name", "bad", "too long")]


def test_the_readme_table_has_a_row_per_rule_linking_its_source() -> None:
    lines = rules_markdown().splitlines()
    assert lines[:2] == ["| Rule | AWS refuses unless | Judged by | Source |", "|---|---|---|---|"]
    assert len(lines) == 2 + len(RULES)
    assert (
        f"| `iam.role-name` | {iam.ROLE_NAME.text} | `plan`, pack (`aws-would-refuse`) | "
        "[API_CreateRole.html](https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html) |"
    ) in lines


# --- Tags: the limits every service shares, and IAM's own ---------------------------------------


def test_a_resource_takes_at_most_50_tags() -> None:
    assert tags.ec2_tags({f"k{i}": "v" for i in range(50)}) == []
    assert tags.ec2_tags({f"k{i}": "v" for i in range(51)}) == [Violation(tags.TAG_COUNT, "tags", "51 tags")]


def test_a_tag_key_is_1_to_128_characters_not_starting_with_aws() -> None:
    for key in ("k", "k" * 128, "aws", "aws-team", "awsx:team", "team:aws:x"):
        assert tags.ec2_tags({key: "v"}) == [], key
    for key in ("", "k" * 129):
        assert tags.ec2_tags({key: "v"}) == [Violation(tags.TAG_KEY, "tags", key, "length")], key
    for key in ("aws:team", "AWS:team", "Aws:"):
        assert tags.ec2_tags({key: "v"}) == [Violation(tags.TAG_KEY, "tags", key, "reserved prefix aws:")], key
    reserved_and_long = "aws:" + "k" * 125
    assert tags.ec2_tags({reserved_and_long: "v", "": "v"}) == [
        Violation(tags.TAG_KEY, "tags", reserved_and_long, "length"),
        Violation(tags.TAG_KEY, "tags", reserved_and_long, "reserved prefix aws:"),
        Violation(tags.TAG_KEY, "tags", "", "length"),
    ]


def test_a_tag_value_is_at_most_256_characters() -> None:
    for value in ("", "v" * 256):
        assert tags.ec2_tags({"team": value}) == []
    assert tags.ec2_tags({"team": "v" * 257}) == [Violation(tags.TAG_VALUE, "tags", "team=" + "v" * 257, "length")]
    # A value that is not text is the type checks' to refuse, not these rules'.
    assert tags.iam_tags({"team": 5}, keys_ignore_case=True) == []


def test_every_broken_tag_is_reported_with_the_count() -> None:
    many = {f"k{i}": "v" for i in range(50)} | {"aws:x": "v" * 257}
    assert tags.ec2_tags(many) == [
        Violation(tags.TAG_COUNT, "tags", "51 tags"),
        Violation(tags.TAG_KEY, "tags", "aws:x", "reserved prefix aws:"),
        Violation(tags.TAG_VALUE, "tags", "aws:x=" + "v" * 257, "length"),
    ]


# IAM's [\p{L}\p{Z}\p{N}_.:/=+\-@]: letters, separators and numbers of any script, and 8 marks.
IAM_TAG_TEXT = ["Team", "équipe", "チーム", "a b", "a\u00a0b", "a\u3000b", "x²", "٣", "Ⅻ", "_.:/=+-@"]
# Just outside it: control characters, the punctuation and symbols it does not list, a combining mark.
NOT_IAM_TAG_CHARACTERS = ["\t", "\n", "\x85", "#", "*", "&", ",", ";", "!", "~", "$", "^", "'", "\u0301"]


def test_iam_tags_hold_letters_separators_numbers_and_eight_marks() -> None:
    for text in IAM_TAG_TEXT:
        assert tags.iam_tags({text: text}, keys_ignore_case=False) == [], text
    for ch in NOT_IAM_TAG_CHARACTERS:
        key, value = f"team{ch}", f"ml{ch}"
        assert tags.iam_tags({key: "ml"}, keys_ignore_case=False) == [
            Violation(tags.IAM_TAG_CHARACTERS, "tags", key, "in the key")
        ], repr(ch)
        assert tags.iam_tags({"team": value}, keys_ignore_case=False) == [
            Violation(tags.IAM_TAG_CHARACTERS, "tags", f"team={value}", "in the value")
        ], repr(ch)
        assert tags.ec2_tags({key: value}) == [], repr(ch)  # EC2 takes any character


def test_iam_reads_a_roles_tag_keys_without_case() -> None:
    keys = {"Team": "ml", "team": "ai", "TEAM": "ops", "owner": "me"}
    assert tags.iam_tags(keys, keys_ignore_case=False) == []
    assert tags.iam_tags(keys, keys_ignore_case=True) == [
        Violation(tags.IAM_TAG_KEY_CASE, "tags", "team", "'Team' is the same key to IAM"),
        Violation(tags.IAM_TAG_KEY_CASE, "tags", "TEAM", "'Team' is the same key to IAM"),
    ]
    # IAM's own rules come after the shared ones, tag by tag.
    assert tags.iam_tags({"aws:x": "a\tb", "AWS:X": "c"}, keys_ignore_case=True) == [
        Violation(tags.TAG_KEY, "tags", "aws:x", "reserved prefix aws:"),
        Violation(tags.TAG_KEY, "tags", "AWS:X", "reserved prefix aws:"),
        Violation(tags.IAM_TAG_CHARACTERS, "tags", "aws:x=a\tb", "in the value"),
        Violation(tags.IAM_TAG_KEY_CASE, "tags", "AWS:X", "'aws:x' is the same key to IAM"),
    ]


# --- Physical names: the resource's own, a prefix completed, or pulumi-aws's auto-name ----------


def test_a_physical_name_is_the_given_one_or_made_the_way_the_provider_makes_it() -> None:
    digest = hashlib.sha256(b"ei-role").hexdigest()
    assert naming.physical_name("ei-role", {"name": "my-role", "namePrefix": "x"}) == "my-role"
    assert naming.physical_name("ei-role", {"name": ""}) == f"ei-role-{digest[:7]}"
    assert naming.physical_name("ei-role", {}) == f"ei-role-{digest[:7]}"
    # helper/id.PrefixedUniqueId: an 18-digit timestamp and an 8-hex-digit counter after the prefix.
    unique = f"{int(digest[:16], 16) % 10**18:018d}{digest[16:24]}"
    assert naming.physical_name("ei-role", {"namePrefix": "ml-"}) == f"ml-{unique}"
    assert naming.physical_name("ei-role", {"namePrefix": ""}) == f"terraform-{unique}"
    assert naming.physical_name("other", {}) != naming.physical_name("ei-role", {})


def test_a_name_prefix_leaves_room_for_the_26_character_suffix() -> None:
    role_text = f"iam.role-name: {iam.ROLE_NAME.text}"
    assert naming.named(iam.role_name, "r", {"namePrefix": "p" * 38}) == []
    assert naming.named(iam.role_name, "r", {"namePrefix": "p" * 39}) == [
        Violation(naming.NAME_PREFIX, "name", "p" * 39 + "0" * 26, role_text)
    ]
    assert naming.named(iam.role_name, "r", {"namePrefix": "p/"}) == [
        Violation(naming.NAME_PREFIX, "name", "p/" + "0" * 26, role_text)
    ]
    # An empty prefix is the provider's own, "terraform-" (10 + 26 = 36 characters).
    assert naming.named(lambda name: iam._name(iam.ROLE_NAME, name, 35), "r", {"namePrefix": ""}) == [
        Violation(naming.NAME_PREFIX, "name", "terraform-" + "0" * 26, role_text)
    ]
    assert naming.named(lambda name: iam._name(iam.ROLE_NAME, name, 36), "r", {"namePrefix": ""}) == []


def test_an_auto_name_leaves_room_for_the_dash_and_7_hex_digits() -> None:
    role_text = f"iam.role-name: {iam.ROLE_NAME.text}"
    assert naming.named(iam.role_name, "a" * 56, {}) == []
    assert naming.named(iam.role_name, "a" * 57, {}) == [
        Violation(naming.AUTO_NAME, "name", "a" * 57 + "-xxxxxxx", role_text)
    ]
    assert naming.auto_named(iam.role_name, "a" * 57) == [
        Violation(naming.AUTO_NAME, "name", "a" * 57 + "-xxxxxxx", role_text, resource="a" * 57)
    ]
    assert naming.named(iam.role_name, "a b", {"name": ""}) == [
        Violation(naming.AUTO_NAME, "name", "a b-xxxxxxx", role_text)
    ]


def test_a_given_name_is_judged_as_it_is() -> None:
    assert naming.named(iam.role_name, "r" * 80, {"name": "ml"}) == []
    assert naming.named(iam.role_name, "r", {"name": "m l"}) == [Violation(iam.ROLE_NAME, "name", "m l")]
    assert naming.named(iam.role_name, "r", {"name": "ml", "namePrefix": "ml-"}) == [
        Violation(naming.NAME_PREFIX, "name_prefix", "ml-", "conflicts with name")
    ]
    # A name or prefix not known yet (a preview) waits; a name known wins over a pending prefix.
    for pending in ({"name"}, {"namePrefix"}, {"name", "namePrefix"}):
        assert naming.named(iam.role_name, "r" * 80, {}, pending) == [], pending
    assert naming.named(iam.role_name, "r", {"name": "m l"}, {"namePrefix"}) == [
        Violation(iam.ROLE_NAME, "name", "m l")
    ]
    assert naming.named(iam.role_name, "r" * 80, {}, {"description"}) != []
