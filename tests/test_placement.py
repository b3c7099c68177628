"""Where the endpoint goes: region, subnet choice per AZ, and the created VPC's layout (pure)."""

import pytest

from ei_pulumi.aws_rules.network import replacement_overlaps
from ei_pulumi.aws_rules.services import ELASTIC_INFERENCE
from ei_pulumi.config import ConfigError
from ei_pulumi.steps.endpoint import (
    check_region,
    check_vpc_dns,
    choose_endpoint_subnets,
)
from ei_pulumi.steps.private_vpc import choose_vpc_azs, private_subnet_cidrs

OFFERED = ["us-east-1a", "us-east-1b", "us-east-1c"]


def test_service_name_has_the_dot_the_page_misprints() -> None:
    assert ELASTIC_INFERENCE.name("eu-west-1") == "com.amazonaws.eu-west-1.elastic-inference.runtime"


@pytest.mark.parametrize(
    "region", ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-northeast-2"]
)
def test_ei_regions_pass(region: str) -> None:
    check_region(region, allow_any_region=False)


def test_other_region_is_refused_unless_allowed() -> None:
    with pytest.raises(ConfigError) as caught:
        check_region("eu-central-1", allow_any_region=False)
    assert caught.value.key == "aws:region"
    assert "us-east-1" in str(caught.value) and "allow_any_region" in str(caught.value)
    check_region("eu-central-1", allow_any_region=True)


def test_one_subnet_per_offered_az_in_given_order() -> None:
    choice = choose_endpoint_subnets(
        [
            ("subnet-b", "us-east-1b"),
            ("subnet-a", "us-east-1a"),
            ("subnet-a2", "us-east-1a"),
            ("subnet-d", "us-east-1d"),
        ],
        OFFERED,
    )
    assert choice.subnet_ids == ["subnet-b", "subnet-a"]
    assert choice.availability_zones == ["us-east-1b", "us-east-1a"]
    assert choice.uncovered_azs == ["us-east-1c"]
    warnings = choice.warnings()
    assert len(warnings) == 3
    assert "subnet-a2" in warnings[0] and "one subnet per AZ" in warnings[0]
    assert "subnet-d" in warnings[1] and "us-east-1d" in warnings[1]
    assert "us-east-1c" in warnings[2]


def test_every_offered_az_covered_gives_no_warning() -> None:
    choice = choose_endpoint_subnets([("s1", "us-east-1a"), ("s2", "us-east-1b"), ("s3", "us-east-1c")], OFFERED)
    assert choice.warnings() == []


def test_fewer_than_two_offered_azs_is_an_error_naming_them() -> None:
    with pytest.raises(ConfigError) as caught:
        choose_endpoint_subnets([("s1", "us-east-1a"), ("s2", "us-east-1a"), ("s3", "us-east-1d")], OFFERED)
    assert caught.value.key == "subnet_ids"
    assert "us-east-1a, us-east-1b, us-east-1c" in str(caught.value)


def test_vpc_dns_must_be_on_for_private_dns() -> None:
    check_vpc_dns("vpc-1", True, True)
    with pytest.raises(ConfigError, match="enableDnsHostnames") as caught:
        check_vpc_dns("vpc-1", True, False)
    assert caught.value.key == "private_dns_enabled"


def test_created_vpc_takes_first_offered_azs() -> None:
    assert choose_vpc_azs(["us-east-1c", "us-east-1a", "us-east-1b"], 2) == ["us-east-1a", "us-east-1b"]
    with pytest.raises(ConfigError) as caught:
        choose_vpc_azs(OFFERED, 4)
    assert caught.value.key == "availability_zone_count" and "2 to 3" in str(caught.value)


@pytest.mark.parametrize(
    ("cidr", "count", "expected"),
    [
        ("10.0.0.0/16", 2, ["10.0.0.0/19", "10.0.32.0/19"]),
        ("10.0.0.0/16", 3, ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]),
        (
            "192.168.4.0/24",
            6,
            [
                "192.168.4.0/27",
                "192.168.4.32/27",
                "192.168.4.64/27",
                "192.168.4.96/27",
                "192.168.4.128/27",
                "192.168.4.160/27",
            ],
        ),
    ],
)
def test_private_subnets_are_fixed_eighths_of_the_range(cidr: str, count: int, expected: list[str]) -> None:
    assert private_subnet_cidrs(cidr, count) == expected


@pytest.mark.parametrize(("before", "after"), [(2, 3), (3, 6), (6, 2)])
def test_changing_the_az_count_keeps_every_remaining_block(before: int, after: int) -> None:
    """AWS creates a replacement subnet before deleting the old one: no block may move."""
    deployed = {f"subnet-{i}": cidr for i, cidr in enumerate(private_subnet_cidrs("10.0.0.0/16", before))}
    planned = {f"subnet-{i}": cidr for i, cidr in enumerate(private_subnet_cidrs("10.0.0.0/16", after))}
    assert all(planned[name] == deployed[name] for name in planned.keys() & deployed.keys())
    assert replacement_overlaps(deployed, planned) == []


def test_the_old_carving_would_have_overlapped_on_a_third_az() -> None:
    """What 2 -> 3 AZs did before: every block re-sized, each new subnet overlapping an old one."""
    deployed = {"a": "10.0.0.0/17", "b": "10.0.128.0/17"}
    planned = {"a": "10.0.0.0/18", "b": "10.0.64.0/18", "c": "10.0.128.0/18"}
    assert {v.resource for v in replacement_overlaps(deployed, planned)} == {"a", "b", "c"}
