"""AWS's regions and partitions come from botocore's partition data, not from a pattern."""

from __future__ import annotations

import pytest

from ei_pulumi.aws_rules.regions import is_region, partition_of, regions


@pytest.mark.parametrize(
    ("region", "partition"),
    [("us-east-1", "aws"), ("eu-west-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")],
)
def test_a_region_belongs_to_its_partition(region: str, partition: str) -> None:
    assert is_region(region)
    assert partition_of(region) == partition


@pytest.mark.parametrize("name", ["us-east-9", "us-esat-1", "aws-global", "aws-cn-global", "useast1", ""])
def test_a_name_of_a_region_s_shape_is_not_enough(name: str) -> None:
    assert not is_region(name)
    assert partition_of(name) is None


def test_the_list_holds_every_partition_s_regions_sorted() -> None:
    names = regions()
    assert names == sorted(names)
    assert {"us-east-1", "cn-northwest-1", "us-gov-east-1"} <= set(names)
    assert not [name for name in names if name.endswith("-global")]
