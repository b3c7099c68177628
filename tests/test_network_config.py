"""SageMakerPrivateNetworkConfig, pure: the same strict model and messages as ElasticInferenceConfig, its own settings."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic.alias_generators import to_camel

from ei_pulumi.config import (
    ConfigError,
    ElasticInferenceConfig,
    SageMakerPrivateNetworkConfig,
    choices,
    setting_kind,
    validated,
    vocabulary,
)

VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"]


def test_defaults_are_a_notebook_network_in_a_vpc_of_its_own() -> None:
    config = SageMakerPrivateNetworkConfig()
    assert config.features == ["notebook"] and config.extra_services == []
    assert config.vpc_id is None and config.private_dns_enabled is True and config.replaces_ei_setup is None
    assert validated(SageMakerPrivateNetworkConfig, {"features": None}).features == ["notebook"]  # None: the default


BAD: list[tuple[str, dict[str, Any], str, str]] = [
    ("an unknown feature", {"features": ["notebok"]}, "features", "'notebook', 'hosting', 'training' or 'studio'"),
    ("features as a string", {"features": "notebook"}, "features", "valid list"),
    ("a feature twice", {"features": ["studio", "studio"]}, "features", "studio more than once"),
    ("no endpoint at all", {"features": []}, "features", "names no feature, and extra_services no service"),
    ("a service name with spaces", {"extra_services": ["ecr api"]}, "extra_services", "is not a service name"),
    ("a service name in capitals", {"extra_services": ["ECR.api"]}, "extra_services", "item '0'"),
    ("one subnet", {"vpc_id": VPC, "subnet_ids": SUBNETS[:1]}, "subnet_ids", "AWS recommends two AZs or more"),
    ("subnets without their vpc", {"subnet_ids": SUBNETS}, "vpc_id", "is required with subnet_ids"),
    ("a vpc without subnets", {"vpc_id": VPC}, "subnet_ids", "is required with vpc_id"),
    ("an EI setting", {"permissions": "custom"}, "permissions", "valid settings are: features, extra_services"),
    ("a typo", {"extra_service": ["sts"]}, "extra_service", "did you mean 'extra_services'"),
    ("one AZ", {"availability_zone_count": 1}, "availability_zone_count", "2 to 6 (got 1)"),
    ("SageMaker's own range", {"vpc_cidr": "172.17.0.0/16"}, "vpc_cidr", "overlaps 172.17.0.0/16"),
    ("the component's own tag", {"tags": {"ei-pulumi:setup": "x"}}, "tags", "set by the component itself"),
    ("no EI setup named", {"replaces_ei_setup": ""}, "replaces_ei_setup", "is not a component's name"),
]


@pytest.mark.parametrize(("case", "settings", "key", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_settings_name_the_key_and_what_would_be_valid(case: str, settings: dict, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validated(SageMakerPrivateNetworkConfig, settings)
    assert caught.value.key == key and words in str(caught.value), str(caught.value)


def test_each_model_keeps_its_own_reason_for_two_azs() -> None:
    with pytest.raises(ConfigError, match="EI does not work with fewer than two AZs"):
        ElasticInferenceConfig(vpc_id=VPC, subnet_ids=SUBNETS[:1])


def test_messages_name_settings_in_the_vocabulary_of_their_context() -> None:
    with vocabulary(lambda field: f"private-notebook:{to_camel(field)}"):
        with pytest.raises(ConfigError) as caught:
            SageMakerPrivateNetworkConfig(features=[], extra_services=[])
    assert str(caught.value).startswith(
        "private-notebook:features: names no feature, and private-notebook:extraServices"
    )


def test_each_setting_has_a_kind_and_features_their_choices() -> None:
    kinds = {
        field: setting_kind(field, SageMakerPrivateNetworkConfig)
        for field in SageMakerPrivateNetworkConfig.model_fields
    }
    assert kinds == {
        "features": "list",
        "extra_services": "list",
        "vpc_id": "string",
        "subnet_ids": "list",
        "vpc_cidr": "string",
        "availability_zone_count": "integer",
        "existing_role_name": "string",
        "private_dns_enabled": "boolean",
        "tags": "map",
        "replaces_ei_setup": "string",
    }
    assert choices("features", SageMakerPrivateNetworkConfig) == ("notebook", "hosting", "training", "studio")
    assert choices("permissions") == ("managed", "custom") and choices("vpc_id") == ()
