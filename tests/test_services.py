"""The catalogue of endpoint services and the features' presets: pure facts, each with its source."""

from __future__ import annotations

import pytest

from ei_pulumi.aws_rules import services
from ei_pulumi.aws_rules.services import CATALOGUE, FEATURES, GATEWAY, INTERFACE, resolve, services_for

GUIDE = "https://docs.aws.amazon.com/sagemaker/latest/dg/"


@pytest.mark.parametrize(
    ("key", "region", "name"),
    [
        ("sagemaker.api", "us-east-1", "com.amazonaws.us-east-1.sagemaker.api"),
        ("sagemaker.runtime", "us-gov-west-1", "com.amazonaws.us-gov-west-1.sagemaker.runtime"),
        ("sagemaker.api", "cn-north-1", "cn.com.amazonaws.cn-north-1.sagemaker.api"),
        (
            "sagemaker.featurestore-runtime",
            "cn-northwest-1",
            "cn.com.amazonaws.cn-northwest-1.sagemaker.featurestore-runtime",
        ),
        ("sts", "cn-north-1", "cn.com.amazonaws.cn-north-1.sts"),
        ("servicecatalog", "cn-north-1", "cn.com.amazonaws.cn-north-1.servicecatalog"),
        ("logs", "cn-north-1", "com.amazonaws.cn-north-1.logs"),  # not among China's exceptions
        ("s3", "cn-north-1", "com.amazonaws.cn-north-1.s3"),  # a gateway keeps com.amazonaws
        ("sagemaker.notebook", "us-east-1", "aws.sagemaker.us-east-1.notebook"),
        ("sagemaker.notebook", "cn-north-1", "aws.sagemaker.cn-north-1.notebook"),
        ("sagemaker.studio", "us-gov-west-1", "aws.sagemaker.us-gov-west-1.studio"),
        ("elastic-inference.runtime", "us-east-1", "com.amazonaws.us-east-1.elastic-inference.runtime"),
    ],
)
def test_each_service_is_named_as_aws_names_it_in_each_partition(key: str, region: str, name: str) -> None:
    assert CATALOGUE[key].name(region) == name


@pytest.mark.parametrize(
    ("given", "region", "name"),
    [
        ("ecr.api", "us-east-1", "com.amazonaws.us-east-1.ecr.api"),
        ("ecr.dkr", "cn-north-1", "cn.com.amazonaws.cn-north-1.ecr.dkr"),  # a short name follows the partition rule
        ("kms", "cn-north-1", "com.amazonaws.cn-north-1.kms"),
        ("transcribe", "cn-northwest-1", "cn.com.amazonaws.cn-northwest-1.transcribe.cn"),
        ("polly", "cn-north-1", "com.amazonaws.cn-north-1.polly"),  # an exception in cn-northwest-1 only
        ("polly", "cn-northwest-1", "cn.com.amazonaws.cn-northwest-1.polly"),
        ("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "us-east-1", None),  # a full name, as given
        ("aws.sagemaker.us-east-1.studio", "us-east-1", None),
    ],
)
def test_extra_services_take_a_short_or_a_full_name(given: str, region: str, name: str | None) -> None:
    service = resolve(given, region)
    assert service.name(region) == (name or given) and service.kind == INTERFACE


def test_a_full_name_of_a_catalogued_service_is_that_entry() -> None:
    assert resolve("aws.sagemaker.us-east-1.studio", "us-east-1") is CATALOGUE["sagemaker.studio"]
    assert resolve("com.amazonaws.us-east-1.s3", "us-east-1").kind == GATEWAY


def test_only_ei_refuses_an_endpoint_policy_and_the_ui_endpoints_need_the_api_first() -> None:
    assert [s.key for s in CATALOGUE.values() if not s.takes_policy] == ["elastic-inference.runtime"]
    assert {s.key: s.requires for s in CATALOGUE.values() if s.requires} == {
        "sagemaker.notebook": ("sagemaker.api",),
        "sagemaker.studio": ("sagemaker.api",),
    }
    assert [s.key for s in CATALOGUE.values() if s.kind == GATEWAY] == ["s3"]


def test_every_entry_and_every_preset_need_cites_an_aws_page() -> None:
    for service in CATALOGUE.values():
        assert service.source.startswith(GUIDE), service.key
    for feature in FEATURES.values():
        for need in feature.needs:
            assert need.service in CATALOGUE and need.source.startswith(GUIDE) and need.why, (feature.name, need)
        for rule in feature.within_group:
            assert rule.source.startswith(GUIDE) and rule.why


def test_each_preset_lists_what_aws_guide_asks_for() -> None:
    presets = {name: [need.service for need in feature.needs] for name, feature in FEATURES.items()}
    assert presets == {
        "notebook": ["sagemaker.api", "sagemaker.runtime", "sagemaker.notebook", "s3"],
        "hosting": ["sagemaker.runtime", "s3"],
        "training": ["s3"],
        "studio": ["sagemaker.api", "sagemaker.runtime", "sagemaker.studio", "s3"],
    }
    within = {
        name: [(r.traffic.ip_protocol, r.traffic.from_port, r.traffic.to_port) for r in f.within_group]
        for name, f in FEATURES.items()
    }
    assert within == {
        "notebook": [],
        "hosting": [],
        "training": [("-1", None, None)],
        "studio": [("tcp", 2049, 2049), ("tcp", 8192, 65535)],
    }


def test_services_for_features_come_once_the_api_before_what_requires_it() -> None:
    chosen = services_for(["studio", "notebook"], ["ecr.api", "com.amazonaws.us-east-1.sagemaker.api"], "us-east-1")
    names = [s.name("us-east-1") for s in chosen]
    assert len(names) == len(set(names))
    assert names.index("com.amazonaws.us-east-1.sagemaker.api") < names.index("aws.sagemaker.us-east-1.studio")
    assert set(names) == {
        "com.amazonaws.us-east-1.sagemaker.api",
        "com.amazonaws.us-east-1.sagemaker.runtime",
        "aws.sagemaker.us-east-1.studio",
        "aws.sagemaker.us-east-1.notebook",
        "com.amazonaws.us-east-1.s3",
        "com.amazonaws.us-east-1.ecr.api",
    }


def test_the_china_prefix_applies_only_in_the_china_partition() -> None:
    assert services.interface_service_name("sagemaker.api", "eu-west-1") == "com.amazonaws.eu-west-1.sagemaker.api"
    assert services.interface_service_name("sagemaker.api", "cn-northwest-1").startswith("cn.com.amazonaws.")
