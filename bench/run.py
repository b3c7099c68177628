"""Benchmark of ei_pulumi under Pulumi's in-process mock engine; prints Markdown tables.

    .venv/bin/python bench/run.py [--skip-suite]

Not part of the test suite: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from ei_pulumi import ElasticInferenceSetup
from ei_pulumi.offline import OfflineRun, run_offline
from ei_pulumi.simulated_aws import SimulatedAws, SimulatedSubnet, SimulatedVpc

ROOT = Path(__file__).resolve().parent.parent
VPC = "vpc-0123456789abcdef0"
SUBNETS = {"subnet-0aaaaaaaaaaaaaaa1": "us-east-1a", "subnet-0bbbbbbbbbbbbbbb1": "us-east-1b"}
OWN_VPC = {"vpc_id": VPC, "subnet_ids": list(SUBNETS)}
MODES: dict[str, dict[str, Any]] = {
    "managed, given VPC": OWN_VPC,
    "custom, given VPC": {**OWN_VPC, "permissions": "custom"},
    "existing role, given VPC": {**OWN_VPC, "existing_role_name": "ml-team-role"},
    "managed, creates VPC": {},
}
REPEATS = 5


def account() -> SimulatedAws:
    return SimulatedAws(
        region="us-east-1",
        vpcs={VPC: SimulatedVpc()},
        subnets={s: SimulatedSubnet(VPC, az) for s, az in SUBNETS.items()},
        roles={"ml-team-role": "arn:aws:iam::111122223333:role/ml-team-role"},
    )


def program(instances: int, config: dict[str, Any]) -> Callable[[], None]:
    return lambda: [ElasticInferenceSetup(f"ei-{i}", config) for i in range(instances)] and None


def timed(instances: int, config: dict[str, Any], collect_garbage: bool) -> float:
    """Median seconds of REPEATS runs of a program holding ``instances`` components."""
    seconds = []
    for _ in range(REPEATS):
        gc.collect()
        if not collect_garbage:
            gc.disable()
        try:
            start = time.perf_counter()
            run_offline(program(instances, config), account())
            seconds.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(seconds)


def evaluation_table() -> list[str]:
    config = MODES["managed, creates VPC"]
    rows = [
        "| instances | evaluation | per instance | per instance, cyclic GC paused |",
        "|---:|---:|---:|---:|",
    ]
    per_instance: dict[bool, dict[int, float]] = {True: {}, False: {}}
    for instances in (1, 10, 100):
        for collect_garbage in (True, False):
            per_instance[collect_garbage][instances] = timed(instances, config, collect_garbage) / instances
        with_gc, without_gc = per_instance[True][instances] * 1000, per_instance[False][instances] * 1000
        rows.append(f"| {instances} | {with_gc * instances:.0f} ms | {with_gc:.1f} ms | {without_gc:.1f} ms |")
    rows.append("")
    rows.append(
        f"Per-instance cost, 100 vs 10 instances: {per_instance[True][100] / per_instance[True][10]:.2f}x, "
        f"{per_instance[False][100] / per_instance[False][10]:.2f}x with the cyclic GC paused (1.00x is linear). "
        f"Medians of {REPEATS} runs."
    )
    return rows


def graph_table() -> list[str]:
    rows = [
        "| mode | cloud resources | critical path | longest chain "
        "| lookups, first instance | lookups, each further instance |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for mode, config in MODES.items():
        single: OfflineRun = run_offline(program(1, config), account())
        tenfold: OfflineRun = run_offline(program(10, config), account())
        chain = single.critical_path()
        custom = [r for r in single.registrations if r.custom]
        rows.append(
            f"| {mode} | {len(custom)} | {len(chain)} | {' → '.join(r.name for r in chain)} "
            f"| {len(single.invocations)} | {(len(tenfold.invocations) - len(single.invocations)) / 9:g} |"
        )
    return rows


def suite_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-suite", action="store_true", help="do not time the test suite")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pulumi {metadata.version('pulumi')}, pulumi-aws {metadata.version('pulumi-aws')}\n"
    )
    print("## Program evaluation under the mock engine (N components with the dev stack's config)\n")
    print("\n".join(evaluation_table()) + "\n")
    print("## Resource graph and lookups, per mode\n")
    print("\n".join(graph_table()) + "\n")
    if not args.skip_suite:
        print(f"## Test suite\n\nWall time of `python -m pytest -q`: {suite_seconds():.1f} s")


if __name__ == "__main__":
    main()
