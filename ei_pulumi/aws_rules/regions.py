"""AWS's regions and their partitions, as botocore's partition data lists them.

botocore (a dependency through boto3) ships ``data/partitions.json``, the table the AWS SDKs
resolve endpoints from: each partition (``aws``, ``aws-cn``, ``aws-us-gov``, ...) with the
regions it holds. A name that is not in it is not a region, whatever its shape.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Optional


@cache
def _partitions() -> dict[str, str]:
    """Region name -> partition, read once; ``*-global`` entries are endpoints, not regions."""
    data = json.loads((files("botocore") / "data" / "partitions.json").read_text())
    return {
        region: partition["id"]
        for partition in data["partitions"]
        for region in partition["regions"]
        if not region.endswith("-global")
    }


def is_region(name: str) -> bool:
    """Whether ``name`` is one of AWS's regions."""
    return name in _partitions()


def partition_of(region: str) -> Optional[str]:
    """The partition ``region`` belongs to (``aws``, ``aws-cn``, ``aws-us-gov``, ...), or None for no region."""
    return _partitions().get(region)


def regions() -> list[str]:
    """Every region, sorted by name."""
    return sorted(_partitions())
