"""How a service named in ``features`` or ``extra_services`` becomes one endpoint (issue 19): a key, a short
name or a full name of the same service is one endpoint, a full name of a catalogued service keeps that
entry's kind and order, and an uncatalogued one is an interface service taken as named. Pure."""

from __future__ import annotations

import pytest

from ei_pulumi.aws_rules import services
from ei_pulumi.aws_rules.services import (
    CATALOGUE,
    GATEWAY,
    INTERFACE,
    by_name,
    interface_service_name,
    names_a_region,
    resolve,
    services_for,
)

R = "us-east-1"
ENDPOINT_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"


def names(services: list, region: str = R) -> list[str]:
    return [s.name(region) for s in services]


def test_a_short_name_and_the_full_name_it_makes_are_one_endpoint() -> None:
    chosen = services_for([], ["ecr.api", f"com.amazonaws.{R}.ecr.api", "ecr.api"], R)
    assert names(chosen) == [f"com.amazonaws.{R}.ecr.api"]
    china = services_for([], ["sts", "cn.com.amazonaws.cn-north-1.sts"], "cn-north-1")
    assert names(china, "cn-north-1") == ["cn.com.amazonaws.cn-north-1.sts"]


def test_a_full_name_of_a_catalogued_service_keeps_its_kind_and_its_place_after_what_it_requires() -> None:
    chosen = services_for([], [f"aws.sagemaker.{R}.studio", f"com.amazonaws.{R}.s3", "sagemaker.api"], R)
    assert chosen == [CATALOGUE["s3"], CATALOGUE["sagemaker.api"], CATALOGUE["sagemaker.studio"]]
    assert [s.kind for s in chosen] == [GATEWAY, INTERFACE, INTERFACE]


def test_an_uncatalogued_full_name_is_an_interface_service_taken_as_named_in_any_region() -> None:
    service = resolve(ENDPOINT_SERVICE, R)
    assert (service.key, service.kind, service.takes_policy, service.requires) == (
        ENDPOINT_SERVICE,
        INTERFACE,
        True,
        (),
    )
    assert service.name(R) == service.name("eu-west-1") == ENDPOINT_SERVICE


def test_an_uncatalogued_short_name_follows_the_partition_rule() -> None:
    service = resolve("ecr.dkr", R)
    assert (service.key, service.kind, service.takes_policy, service.requires) == ("ecr.dkr", INTERFACE, True, ())
    assert service.name(R) == f"com.amazonaws.{R}.ecr.dkr"
    assert service.name("cn-northwest-1") == "cn.com.amazonaws.cn-northwest-1.ecr.dkr"


def test_a_full_name_is_one_that_names_a_region() -> None:
    assert names_a_region(ENDPOINT_SERVICE) == R
    assert names_a_region("cn.com.amazonaws.cn-north-1.sts") == "cn-north-1"
    assert names_a_region("ecr.api") is None
    assert names_a_region("com.amazonaws.us-east-9.sts") is None  # no such region: a short name
    assert by_name(f"aws.sagemaker.{R}.notebook", R) is CATALOGUE["sagemaker.notebook"]
    assert by_name(f"aws.sagemaker.{R}.notebook", "eu-west-1") is None
    assert by_name(ENDPOINT_SERVICE, R) is None


def test_the_cn_suffix_is_only_for_china_and_only_where_the_prefix_is() -> None:
    assert interface_service_name("transcribe", "cn-north-1") == "cn.com.amazonaws.cn-north-1.transcribe.cn"
    assert interface_service_name("transcribe", R) == f"com.amazonaws.{R}.transcribe"
    assert interface_service_name("polly", "cn-north-1") == "com.amazonaws.cn-north-1.polly"


def test_a_china_region_the_table_does_not_list_yet_keeps_the_usual_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore may learn of a third aws-cn region before the table of prefixed services does: no service
    there is known to take cn.com.amazonaws, so each keeps com.amazonaws (describe-vpc-endpoint-services decides)."""
    monkeypatch.setattr(services, "partition_of", lambda region: "aws-cn")
    assert interface_service_name("sagemaker.api", "cn-south-1") == "com.amazonaws.cn-south-1.sagemaker.api"
    assert interface_service_name("transcribe", "cn-south-1") == "com.amazonaws.cn-south-1.transcribe"
