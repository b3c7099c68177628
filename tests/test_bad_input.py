"""Bad input stops before anything is registered, with one message naming the key."""

from __future__ import annotations

from typing import Any

import pytest

from ei_pulumi import ElasticInferenceConfig
from ei_pulumi.config import ConfigError
from tests.conftest import (
    OTHER_VPC,
    SUBNET_A,
    SUBNET_B,
    SUBNET_D,
    SUBNET_ELSEWHERE,
    VPC,
    byo,
    make_world,
    run_setup,
)

BAD_CONFIGS: list[tuple[str, Any, str, str]] = [
    # (case, config, key named, words the message must hold)
    ("vpc id of the wrong type", byo(vpc_id=123), "vpc_id", "string"),
    ("vpc id not an id", byo(vpc_id="my-vpc"), "vpc_id", "vpc-"),
    ("vpc without subnets", {"vpc_id": VPC}, "subnet_ids", "required"),
    ("subnets without vpc", {"subnet_ids": [SUBNET_A, SUBNET_B]}, "vpc_id", "required"),
    ("one subnet", byo(subnet_ids=[SUBNET_A]), "subnet_ids", "at least two"),
    ("the same subnet twice", byo(subnet_ids=[SUBNET_A, SUBNET_A]), "subnet_ids", "more than once"),
    ("subnet id not an id", byo(subnet_ids=["subnet-xyz", SUBNET_B]), "subnet_ids", "subnet-xyz"),
    ("subnets as a string", byo(subnet_ids=f"{SUBNET_A},{SUBNET_B}"), "subnet_ids", "list"),
    ("unknown permissions mode", {"permissions": "admin"}, "permissions", "'managed' or 'custom'"),
    ("unknown traffic", {"traffic": "udp"}, "traffic", "'https' or 'all'"),
    ("public vpc range", {"vpc_cidr": "8.8.0.0/16"}, "vpc_cidr", "10.0.0.0/8"),
    ("vpc range too large", {"vpc_cidr": "10.0.0.0/8"}, "vpc_cidr", "/16 to /24"),
    ("vpc range not a cidr", {"vpc_cidr": "10.0.0.1/16"}, "vpc_cidr", "CIDR"),
    ("vpc range as a netmask", {"vpc_cidr": "10.0.0.0/255.255.0.0"}, "vpc_cidr", "did you mean '10.0.0.0/16'"),
    ("vpc range with a leading zero", {"vpc_cidr": "10.0.0.0/016"}, "vpc_cidr", "did you mean '10.0.0.0/16'"),
    ("vpc range with a zero-padded octet", {"vpc_cidr": "010.0.0.0/16"}, "vpc_cidr", "not an IPv4 CIDR block"),
    ("SageMaker's own range", {"vpc_cidr": "172.17.0.0/16"}, "vpc_cidr", "overlaps 172.17.0.0/16"),
    ("a range inside SageMaker's", {"vpc_cidr": "172.17.4.0/24"}, "vpc_cidr", "SageMaker can hit IP address conflicts"),
    ("the component's own tag", {"tags": {"ei-pulumi:setup": "x"}}, "tags", "set by the component itself"),
    ("too many tags", {"tags": {f"k{i}": "v" for i in range(50)}}, "tags", "at most 49 tags (got 50)"),
    ("one availability zone", {"availability_zone_count": 1}, "availability_zone_count", "2 to 6"),
    ("role name with spaces", byo(existing_role_name="my role"), "existing_role_name", "IAM role name"),
    ("reserved tag prefix", {"tags": {"aws:owner": "me"}}, "tags", "aws:"),
    ("a tab in a tag value", {"tags": {"team": "ml\tplatform"}}, "tags", "no tab or line break"),
    ("a newline in a tag key", {"tags": {"team\nname": "ml"}}, "tags", "in the key"),
    ("tag keys that differ in case", {"tags": {"Team": "ml", "team": "ai"}}, "tags", "'Team' is the same key to IAM"),
    ("tags as a list", {"tags": ["team"]}, "tags", "dictionary"),
    ("a tag value that is no string", {"tags": {"team": 7}}, "tags", "item 'team'"),
    ("a subnet id that is no string", byo(subnet_ids=[SUBNET_A, 7]), "subnet_ids", "item '1'"),
    ("private dns as text", {"private_dns_enabled": "yes"}, "private_dns_enabled", "boolean"),
    ("camelCase key", {"vpcId": VPC}, "vpcId", "valid settings are: vpc_id"),
    ("unknown key", {"endpoint_policy": "{}"}, "endpoint_policy", "not a setting"),
    ("subnets in one offered AZ", byo(subnet_ids=[SUBNET_A, SUBNET_D]), "subnet_ids", "at least 2"),
    ("subnet of another vpc", byo(subnet_ids=[SUBNET_A, SUBNET_ELSEWHERE]), "subnet_ids", OTHER_VPC),
    (
        "subnet that does not exist",
        byo(subnet_ids=[SUBNET_A, "subnet-0123456789abcdef0"]),
        "subnet_ids",
        "could not be looked up",
    ),
    ("vpc that does not exist", byo(vpc_id="vpc-0123456789abcdef0"), "vpc_id", "could not be looked up"),
    ("not a mapping", "vpc_id=vpc-1", "config", "mapping"),
]


@pytest.mark.parametrize(("case", "config", "key", "words"), BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_bad_config_names_the_key_and_registers_nothing(case: str, config: Any, key: str, words: str) -> None:
    world = make_world()
    with pytest.raises(ConfigError) as caught:
        run_setup(world, config)
    assert caught.value.key == key
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{key}: ") and "\n" not in str(caught.value)
    assert world.registered == []


def test_region_without_ei_registers_nothing() -> None:
    world = make_world(region="eu-central-1")
    with pytest.raises(ConfigError, match="us-east-1, us-east-2, us-west-2, eu-west-1") as caught:
        run_setup(world, {})
    assert caught.value.key == "aws:region" and world.registered == []


def test_the_model_itself_is_strict_and_raises_config_error() -> None:
    with pytest.raises(ConfigError, match="^unknown: is not a setting;"):
        ElasticInferenceConfig(vpc_id=VPC, subnet_ids=[SUBNET_A, SUBNET_B], unknown=1)
    with pytest.raises(ConfigError, match="^permissions: Input should be 'managed' or 'custom'"):
        ElasticInferenceConfig(permissions="everything")
    with pytest.raises(ConfigError) as caught:
        ElasticInferenceConfig(trafic="all")
    assert str(caught.value).startswith("trafic: is not a setting (did you mean 'traffic'?)")
    assert "\n" not in str(caught.value)
    config = ElasticInferenceConfig()
    assert (config.permissions, config.traffic, config.private_dns_enabled, config.vpc_cidr) == (
        "managed",
        "https",
        True,
        "10.0.0.0/16",
    )
