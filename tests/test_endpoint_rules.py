"""The endpoint rules at their boundaries (issue 19): each side of every condition of
``ei_pulumi/aws_rules/endpoints.py`` (CreateVpcEndpoint, PrivateLink's interface and gateway endpoint
pages, cited there), every violation asserted whole, and the order the rules are judged in: what
waits for what, and what stops the rest. Pure: an ``AccountState``, no mocks."""

from __future__ import annotations

from typing import Any

import pytest

from ei_pulumi.aws_rules import AccountState, EndpointFacts, SubnetFacts, Violation, VpcFacts
from ei_pulumi.aws_rules import endpoints as ep
from ei_pulumi.aws_rules.security_groups import KNOWN_ID

EI = "com.amazonaws.us-east-1.elastic-inference.runtime"
API = "com.amazonaws.us-east-1.sagemaker.api"
S3 = "com.amazonaws.us-east-1.s3"


def account(**changes: Any) -> AccountState:
    """us-east-1: EI and the API offered in a and b, S3 as a gateway only; vpc-a with subnets in a, a again, b
    and c (and one not known yet), vpc-b with one; a group and a route table in each."""
    state = AccountState(
        "us-east-1",
        services={EI: ["us-east-1a", "us-east-1b"], API: ["us-east-1a", "us-east-1b"]},
        services_without_policy={EI},
        gateway_services={S3},
        vpcs={"vpc-a": VpcFacts("10.0.0.0/16"), "vpc-b": VpcFacts("10.1.0.0/16")},
        subnets={
            "subnet-a": SubnetFacts("vpc-a", "us-east-1a", "10.0.0.0/24"),
            "subnet-a2": SubnetFacts("vpc-a", "us-east-1a", "10.0.1.0/24"),
            "subnet-a3": SubnetFacts("vpc-a", "us-east-1a", "10.0.4.0/24"),
            "subnet-b": SubnetFacts("vpc-a", "us-east-1b", "10.0.2.0/24"),
            "subnet-c": SubnetFacts("vpc-a", "us-east-1c", "10.0.3.0/24"),
            "subnet-new": SubnetFacts("", "", ""),  # created by the same program, not known yet
            "subnet-other": SubnetFacts("vpc-b", "us-east-1b", "10.1.0.0/24"),
        },
        security_groups={"sg-a": "vpc-a", "sg-new": "", "sg-b": "vpc-b"},
        route_tables={"rtb-a": "vpc-a", "rtb-a2": "vpc-a", "rtb-new": "", "rtb-b": "vpc-b"},
    )
    for key, value in changes.items():
        setattr(state, key, value)
    return state


def interface(
    *,
    subnets: tuple[str, ...] = ("subnet-a", "subnet-b"),
    groups: tuple[str, ...] = ("sg-a",),
    service: str = EI,
    vpc: str = "vpc-a",
    dns: bool = True,
    policy: Any = None,
    tables: tuple[str, ...] = (),
    state: AccountState | None = None,
) -> list[Violation]:
    facts = EndpointFacts(vpc, service, dns, "e")
    return ep.interface_endpoint(facts, list(subnets), list(groups), policy, state or account(), tables)


def gateway(
    *,
    tables: tuple[str, ...] = ("rtb-a",),
    subnets: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    service: str = S3,
    vpc: str = "vpc-a",
    dns: bool = False,
    policy: Any = None,
    state: AccountState | None = None,
) -> list[Violation]:
    facts = EndpointFacts(vpc, service, dns, "g")
    return ep.gateway_endpoint(facts, list(tables), list(subnets), list(groups), policy, state or account())


# --- Private DNS: who holds the name, and the VPC's attributes ---------------------------------


@pytest.mark.parametrize("state", ["pendingAcceptance", "pending", "available", "Available", "PENDINGACCEPTANCE"])
def test_an_endpoint_holds_its_dns_name_while_pending_or_available_in_any_case(state: str) -> None:
    assert ep.holds_dns_name(state)


@pytest.mark.parametrize("state", ["deleting", "deleted", "rejected", "failed", "expired", "partial", "Deleted", ""])
def test_an_endpoint_going_or_gone_holds_it_no_more(state: str) -> None:
    assert not ep.holds_dns_name(state)


def test_a_private_dns_endpoint_conflicts_with_each_of_the_same_service_in_the_same_vpc_with_private_dns() -> None:
    ours = EndpointFacts("vpc-a", EI, True, "ours")
    others = [
        EndpointFacts("vpc-a", EI, True, "vpce-1"),
        EndpointFacts("vpc-a", EI, False, "no-dns"),
        EndpointFacts("vpc-b", EI, True, "other-vpc"),
        EndpointFacts("vpc-a", API, True, "other-service"),
        EndpointFacts("vpc-a", EI, True, "vpce-2"),
    ]
    assert ep.private_dns_conflicts(ours, others) == ["vpce-1", "vpce-2"]
    assert ep.private_dns_conflicts(EndpointFacts("vpc-a", EI, False, "ours"), others) == []
    assert ep.single_private_dns(ours, others) == [
        Violation(ep.SINGLE_PRIVATE_DNS, "private_dns_enabled", True, "vpce-1, vpce-2 already has it in vpc-a")
    ]
    assert ep.single_private_dns(ours, others[1:4]) == []


@pytest.mark.parametrize(
    ("support", "hostnames", "off"),
    [
        (True, True, []),
        (None, None, []),  # not known yet: not judged
        (None, False, ["enableDnsHostnames"]),
        (False, None, ["enableDnsSupport"]),
        (False, True, ["enableDnsSupport"]),
        (True, False, ["enableDnsHostnames"]),
        (False, False, ["enableDnsSupport", "enableDnsHostnames"]),
    ],
)
def test_private_dns_needs_both_dns_attributes_on(support: Any, hostnames: Any, off: list[str]) -> None:
    assert ep.dns_attributes_off(support, hostnames) == off
    expected = [Violation(ep.DNS_ATTRIBUTES, "private_dns_enabled", True, f"{' and '.join(off)} off on vpc-a")]
    assert ep.dns_attributes("vpc-a", support, hostnames) == (expected if off else [])


# --- Interface endpoints -----------------------------------------------------------------------


def test_an_interface_endpoint_of_the_page_passes() -> None:
    assert interface() == []
    assert interface(service=API, policy='{"Statement": []}') == []  # a service that takes a policy


def test_the_service_exists_in_the_region_and_offers_interface_endpoints() -> None:
    missing = "com.amazonaws.us-east-1.nothing"
    assert interface(service=missing) == [Violation(ep.SERVICE, "service_name", missing, "not in us-east-1")]
    assert interface(service=S3) == [
        Violation(ep.SERVICE_TYPE, "vpc_endpoint_type", "Interface", f"{S3} offers no Interface endpoint")
    ]
    assert interface(service=missing, state=account(open_world=True)) == []


def test_a_service_without_endpoint_policies_takes_none() -> None:
    policy = '{"Statement": []}'
    assert interface(policy=policy) == [Violation(ep.NO_POLICY, "policy", policy)]
    assert interface(policy="") == [] and interface(policy=None) == []


def test_an_interface_endpoint_takes_no_route_tables() -> None:
    assert interface(tables=("rtb-a",)) == [
        Violation(ep.TYPE_TARGETS, "route_table_ids", ["rtb-a"], "an Interface endpoint takes none")
    ]


def test_a_broken_service_or_vpc_stops_the_rules_that_need_them() -> None:
    """A subnet, group or DNS rule judged against the wrong service or VPC would only add noise."""
    elsewhere = {"subnets": ("subnet-other",), "groups": ("sg-b",)}
    assert interface(vpc="vpc-x", **elsewhere) == [Violation(KNOWN_ID, "vpc_id", "vpc-x", "not found")]
    missing = "com.amazonaws.us-east-1.nothing"
    assert interface(service=missing, **elsewhere) == [
        Violation(ep.SERVICE, "service_name", missing, "not in us-east-1")
    ]
    # A VPC not known yet (a preview) waits, and so do the rules that need it.
    assert interface(vpc="", **elsewhere) == []


def test_each_subnet_is_known_in_the_endpoints_vpc_in_an_offered_az_and_alone_in_its_az() -> None:
    assert interface(subnets=("subnet-x", "subnet-other", "subnet-c", "subnet-a", "subnet-a2", "subnet-a3")) == [
        Violation(KNOWN_ID, "subnet_ids", "subnet-x", "not found"),
        Violation(ep.SUBNET_VPC, "subnet_ids", "subnet-other", "in vpc-b"),
        Violation(ep.OFFERED_AZ, "subnet_ids", "subnet-c", "us-east-1c does not offer it"),
        Violation(ep.ONE_SUBNET_PER_AZ, "subnet_ids", "subnet-a2", "subnet-a covers us-east-1a"),
        Violation(ep.ONE_SUBNET_PER_AZ, "subnet_ids", "subnet-a3", "subnet-a covers us-east-1a"),
    ]


def test_a_subnet_not_known_yet_waits_for_the_rules_that_need_its_vpc_or_az() -> None:
    # Listed first, so that the subnets after it are still judged.
    assert interface(subnets=("subnet-new", "subnet-c", "subnet-b")) == [
        Violation(ep.OFFERED_AZ, "subnet_ids", "subnet-c", "us-east-1c does not offer it")
    ]
    assert interface(subnets=("subnet-x", "subnet-c"), state=account(open_world=True)) == [
        Violation(ep.OFFERED_AZ, "subnet_ids", "subnet-c", "us-east-1c does not offer it")
    ]
    # A service the account does not hold (an open world): where it is offered is not known.
    missing = "com.amazonaws.us-east-1.nothing"
    assert interface(service=missing, subnets=("subnet-c",), state=account(open_world=True)) == []


def test_each_group_is_known_and_in_the_endpoints_vpc() -> None:
    assert interface(groups=("sg-x", "sg-b", "sg-new", "sg-a")) == [
        Violation(KNOWN_ID, "security_group_ids", "sg-x", "not found"),
        Violation(ep.GROUP_VPC, "security_group_ids", "sg-b", "in vpc-b"),
    ]
    assert interface(groups=("sg-x",), state=account(open_world=True)) == []


def test_private_dns_is_judged_on_the_vpcs_attributes_and_the_endpoints_already_there() -> None:
    state = account(vpcs={"vpc-a": VpcFacts("10.0.0.0/16", enable_dns_support=False)})
    assert interface(state=state) == [
        Violation(ep.DNS_ATTRIBUTES, "private_dns_enabled", True, "enableDnsSupport off on vpc-a")
    ]
    assert interface(state=state, dns=False) == []
    state = account(endpoints={"vpce-1": EndpointFacts("vpc-a", EI, True, "vpce-1")})
    assert interface(state=state) == [
        Violation(ep.SINGLE_PRIVATE_DNS, "private_dns_enabled", True, "vpce-1 already has it in vpc-a")
    ]
    assert interface(state=state, dns=False) == []
    # A service not known yet (a preview) has no rival to name; the VPC's attributes are still judged.
    assert interface(state=state, service="") == []
    state.vpcs["vpc-a"] = VpcFacts("10.0.0.0/16", enable_dns_hostnames=False)
    assert interface(state=state, service="") == [
        Violation(ep.DNS_ATTRIBUTES, "private_dns_enabled", True, "enableDnsHostnames off on vpc-a")
    ]
    open_world = account(open_world=True, vpcs={})
    assert interface(state=open_world, vpc="vpc-given", subnets=(), groups=()) == []


# --- Gateway endpoints -------------------------------------------------------------------------


def test_a_gateway_endpoint_of_s3_on_its_vpcs_route_tables_passes() -> None:
    assert gateway(tables=("rtb-a", "rtb-a2", "rtb-new")) == []
    assert gateway(policy='{"Statement": []}') == []


def test_the_service_exists_and_offers_gateway_endpoints() -> None:
    missing = "com.amazonaws.us-east-1.nothing"
    assert gateway(service=missing) == [Violation(ep.SERVICE, "service_name", missing, "not in us-east-1")]
    assert gateway(service=API) == [
        Violation(ep.SERVICE_TYPE, "vpc_endpoint_type", "Gateway", f"{API} offers no Gateway endpoint")
    ]
    assert gateway(service=missing, state=account(open_world=True)) == []
    state = account(services_without_policy={S3})  # the rule, not S3's fact, under test
    assert gateway(policy="{}", state=state) == [Violation(ep.NO_POLICY, "policy", "{}")]


def test_a_gateway_endpoint_takes_no_subnets_groups_or_private_dns() -> None:
    assert gateway(subnets=("subnet-a",), groups=("sg-a",), dns=True) == [
        Violation(ep.TYPE_TARGETS, "subnet_ids", ["subnet-a"], "a Gateway endpoint takes none"),
        Violation(ep.TYPE_TARGETS, "security_group_ids", ["sg-a"], "a Gateway endpoint takes none"),
        Violation(ep.TYPE_TARGETS, "private_dns_enabled", True, "Interface only"),
    ]


def test_a_gateways_route_tables_are_known_and_its_vpcs_own() -> None:
    assert gateway(tables=("rtb-x", "rtb-y", "rtb-b")) == [
        Violation(KNOWN_ID, "route_table_ids", "rtb-x", "not found"),
        Violation(KNOWN_ID, "route_table_ids", "rtb-y", "not found"),
        Violation(ep.ROUTE_TABLE_VPC, "route_table_ids", "rtb-b", "in vpc-b"),
    ]
    assert gateway(tables=("rtb-x",), state=account(open_world=True)) == []


def test_a_broken_gateway_or_vpc_stops_the_route_table_rules() -> None:
    assert gateway(vpc="vpc-x", tables=("rtb-b",)) == [Violation(KNOWN_ID, "vpc_id", "vpc-x", "not found")]
    assert gateway(dns=True, tables=("rtb-b",)) == [
        Violation(ep.TYPE_TARGETS, "private_dns_enabled", True, "Interface only")
    ]
    assert gateway(vpc="", tables=("rtb-b",)) == []
    assert gateway(service="", tables=("rtb-b",)) == [
        Violation(ep.ROUTE_TABLE_VPC, "route_table_ids", "rtb-b", "in vpc-b")
    ]
