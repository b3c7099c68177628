"""The endpoint step's choices and refusals, each message whole (issue 19): a user acts on these words.

Pure: plain values in, a choice or a ConfigError out.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from ei_pulumi.config import SETUP_TAG, ConfigError
from ei_pulumi.steps.endpoint import (
    EndpointsInVpc,
    EndpointSubnets,
    LeftOut,
    check_region,
    check_single_private_dns,
    check_vpc_dns,
    choose_endpoint_subnets,
)
from ei_pulumi.steps.placement import endpoint_warnings
from ei_pulumi.steps.security_groups import sagemaker_to_endpoint_traffic

VPC = "vpc-1"
EI = "com.amazonaws.us-east-1.elastic-inference.runtime"
OFFERED = ["us-east-1a", "us-east-1b", "us-east-1c"]


def refusal(call: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
    """The key and the message of the ConfigError ``call`` raises."""
    with pytest.raises(ConfigError) as caught:
        call(*args, **kwargs)
    return caught.value.key, caught.value.problem


def test_a_region_without_ei_is_refused_with_the_regions_that_had_it() -> None:
    assert refusal(check_region, "eu-central-1", allow_any_region=False) == (
        "aws:region",
        "Elastic Inference is not offered in 'eu-central-1'; use one of us-east-1, us-east-2, us-west-2, "
        "eu-west-1, ap-northeast-1, ap-northeast-2 (or set allow_any_region: true)",
    )


def test_each_left_out_subnet_and_each_uncovered_az_is_a_warning_of_its_own() -> None:
    choice = choose_endpoint_subnets(
        [
            ("subnet-b", "us-east-1b"),
            ("subnet-a", "us-east-1a"),
            ("subnet-a2", "us-east-1a"),
            ("subnet-d", "us-east-1d"),
        ],
        OFFERED + ["us-east-1e"],
        service="sagemaker.api",
    )
    assert choice.left_out == [LeftOut("subnet-a2", "us-east-1a", "subnet-a"), LeftOut("subnet-d", "us-east-1d")]
    assert choice.warnings() == [
        "subnet_ids: subnet-a2 left out: subnet-a already covers us-east-1a (one subnet per AZ)",
        "subnet_ids: subnet-d left out: sagemaker.api is not offered in its AZ us-east-1d",
        "subnet_ids: no subnet in us-east-1c, us-east-1e, where sagemaker.api is also offered; "
        "AWS's page asks for every such AZ",
    ]


def test_a_left_out_subnet_names_the_service_generically_by_default() -> None:
    assert LeftOut("subnet-d", "us-east-1d").reason() == "the service is not offered in its AZ us-east-1d"


@pytest.mark.parametrize(
    ("offered", "shown"),
    [(["us-east-1a"], "1 Availability Zone(s) here (us-east-1a)"), ([], "0 Availability Zone(s) here (none)")],
)
def test_a_region_offering_too_few_azs_is_refused_whatever_the_subnets(offered: list[str], shown: str) -> None:
    assert refusal(choose_endpoint_subnets, [("s1", "us-east-1a")], offered) == (
        "subnet_ids",
        f"EI is offered in only {shown}; it needs at least 2, so no choice of subnets can work in this region",
    )


def test_two_offered_azs_are_enough_and_one_is_enough_for_a_minimum_of_one() -> None:
    assert choose_endpoint_subnets([("s1", "a"), ("s2", "b")], ["a", "b"]).subnet_ids == ["s1", "s2"]
    assert choose_endpoint_subnets([("s1", "a")], ["a"], minimum=1).availability_zones == ["a"]


@pytest.mark.parametrize(
    ("subnets", "covered"),
    [
        ([("s1", "us-east-1a"), ("s2", "us-east-1a")], "1 Availability Zone(s) offering EI (us-east-1a)"),
        ([], "0 Availability Zone(s) offering EI (none)"),
    ],
)
def test_subnets_covering_too_few_offered_azs_are_refused_with_the_azs_to_choose(
    subnets: list[tuple[str, str]], covered: str
) -> None:
    assert refusal(choose_endpoint_subnets, subnets, OFFERED) == (
        "subnet_ids",
        f"the subnets cover {covered}; EI needs at least 2: give subnets in distinct AZs among "
        "us-east-1a, us-east-1b, us-east-1c",
    )


@pytest.mark.parametrize(
    ("support", "hostnames", "off"),
    [
        (False, True, "enableDnsSupport"),
        (True, False, "enableDnsHostnames"),
        (False, False, "enableDnsSupport and enableDnsHostnames"),
    ],
)
def test_private_dns_names_each_vpc_dns_attribute_that_is_off(support: bool, hostnames: bool, off: str) -> None:
    assert refusal(check_vpc_dns, VPC, support, hostnames) == (
        "private_dns_enabled",
        f"needs {off} on vpc-1; turn them on in the VPC, or set private_dns_enabled: false",
    )


@pytest.mark.parametrize(("support", "hostnames"), [(True, True), (None, None), (None, True)])
def test_private_dns_is_not_refused_where_no_attribute_is_known_to_be_off(support: Any, hostnames: Any) -> None:
    check_vpc_dns(VPC, support, hostnames)


def endpoint(endpoint_id: str, private_dns: bool = True, **tags: str) -> SimpleNamespace:
    """A live endpoint as the lookup returns it (the fields of GetVpcEndpointResult the check reads)."""
    return SimpleNamespace(id=endpoint_id, vpc_id=VPC, service_name=EI, private_dns_enabled=private_dns, tags=tags)


def second_endpoint(holder: str, label: str = "EI") -> str:
    return (
        f"setup 'prod' would add a second private-DNS {label} endpoint to vpc-1, where {holder} has one; AWS refuses "
        "that (conflicting DNS domain): set private_dns_enabled: false on one of them, or use one setup per VPC"
    )


def test_a_live_endpoint_holding_the_name_is_refused_by_its_id() -> None:
    existing = EndpointsInVpc(holder=endpoint("vpce-1"))
    assert refusal(check_single_private_dns, "prod", VPC, EI, existing, None, "p/dev/prod") == (
        "private_dns_enabled",
        second_endpoint("vpce-1"),
    )


def test_the_setups_own_endpoint_or_one_without_private_dns_is_no_rival() -> None:
    for holder in (endpoint("vpce-1", **{SETUP_TAG: "p/dev/prod"}), endpoint("vpce-1", private_dns=False)):
        check_single_private_dns("prod", VPC, EI, EndpointsInVpc(holder=holder), None, "p/dev/prod")
    # another setup's marker is a rival's
    with pytest.raises(ConfigError):
        holder = endpoint("vpce-1", **{SETUP_TAG: "p/dev/staging"})
        check_single_private_dns("prod", VPC, EI, EndpointsInVpc(holder=holder), None, "p/dev/prod")


def test_an_earlier_setup_of_the_program_in_the_same_vpc_is_named_with_the_services_label() -> None:
    assert refusal(check_single_private_dns, "prod", VPC, EI, EndpointsInVpc(), "staging", "m", "sagemaker.api") == (
        "private_dns_enabled",
        second_endpoint("setup 'staging' in this program", "sagemaker.api"),
    )


def test_several_live_endpoints_none_the_setups_own_cannot_be_told_apart() -> None:
    assert refusal(check_single_private_dns, "prod", VPC, EI, EndpointsInVpc(several=True), None, "m") == (
        "private_dns_enabled",
        "vpc-1 already has several live EI endpoints, and which of them holds the private DNS name cannot be told; "
        "AWS allows one private-DNS endpoint per service in a VPC: set private_dns_enabled: false, or delete the "
        "endpoints not needed",
    )


def test_an_unknown_traffic_setting_is_refused_with_the_two_valid_ones() -> None:
    with pytest.raises(ValueError) as caught:
        sagemaker_to_endpoint_traffic("udp")
    assert str(caught.value) == "traffic must be 'https' or 'all' (got 'udp')"


def test_a_networks_warnings_give_each_reason_once_with_every_service_it_concerns() -> None:
    """A network's endpoints share the subnets: a subnet left out, or an AZ left uncovered, is one warning."""
    d, a2 = LeftOut("subnet-d", "us-east-1d"), LeftOut("subnet-a2", "us-east-1a", "subnet-a")
    choices = [
        EndpointSubnets("sagemaker.api", ["subnet-a"], ["us-east-1a"], [d], ["us-east-1c", "us-east-1e"]),
        EndpointSubnets("sagemaker.runtime", ["subnet-a"], ["us-east-1a"], [d, a2], ["us-east-1c", "us-east-1e"]),
        EndpointSubnets("ecr.api", ["subnet-a"], ["us-east-1a"], [], ["us-east-1f"]),
        EndpointSubnets("sts", ["subnet-a"], ["us-east-1a"]),
    ]
    assert endpoint_warnings(choices) == [
        "subnet_ids: subnet-d left out of the sagemaker.api, sagemaker.runtime endpoint(s): "
        "the service is not offered in its AZ us-east-1d",
        "subnet_ids: subnet-a2 left out of the sagemaker.runtime endpoint(s): "
        "subnet-a already covers us-east-1a (one subnet per AZ)",
        "subnet_ids: no subnet in us-east-1c, us-east-1e, where sagemaker.api, sagemaker.runtime are also offered; "
        "a subnet there would give the endpoint(s) an interface in that AZ",
        "subnet_ids: no subnet in us-east-1f, where ecr.api is also offered; "
        "a subnet there would give the endpoint(s) an interface in that AZ",
    ]


def test_below_a_higher_minimum_the_refusals_list_every_offered_and_covered_az() -> None:
    assert refusal(choose_endpoint_subnets, [("s1", "a"), ("s2", "b")], ["a", "b"], minimum=3) == (
        "subnet_ids",
        "EI is offered in only 2 Availability Zone(s) here (a, b); it needs at least 3, so no choice of subnets "
        "can work in this region",
    )
    assert refusal(choose_endpoint_subnets, [("s1", "a"), ("s2", "b")], ["a", "b", "c"], minimum=3) == (
        "subnet_ids",
        "the subnets cover 2 Availability Zone(s) offering EI (a, b); EI needs at least 3: give subnets in distinct "
        "AZs among a, b, c",
    )
