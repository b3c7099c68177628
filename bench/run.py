"""Benchmark of ei_pulumi: plan against the import floor, cost per component, the suite; Markdown out.

    .venv/bin/python bench/run.py [--runs 7] [--skip-suite]

Whole commands are timed as processes, alternating with `python -c "import pulumi"` so that
each figure is a ratio to that import measured in the same minutes (the machines are shared
and noisy: read the ratios, not the seconds). Not part of the test suite.
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
from ei_pulumi.offline.runner import OfflineRun, run_offline
from ei_pulumi.offline.simulated_aws import SimulatedAws, SimulatedSubnet, SimulatedVpc

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
IMPORT_PULUMI = [PYTHON, "-c", "import pulumi"]
PLAN = [PYTHON, "-m", "ei_pulumi", "plan", "--format", "json"]
VPC = "vpc-0123456789abcdef0"
SUBNETS = {"subnet-0aaaaaaaaaaaaaaa1": "us-east-1a", "subnet-0bbbbbbbbbbbbbbb1": "us-east-1b"}
OWN_VPC = {"vpc_id": VPC, "subnet_ids": list(SUBNETS)}
MODES: dict[str, dict[str, Any]] = {
    "managed, given VPC": OWN_VPC,
    "custom, given VPC": {**OWN_VPC, "permissions": "custom"},
    "existing role, given VPC": {**OWN_VPC, "existing_role_name": "ml-team-role"},
    "managed, creates VPC": {},
}
SIZES = (10, 100, 200)


def wall(command: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def alternating(command: list[str], runs: int, cwd: Path = ROOT) -> tuple[float, float]:
    """Medians of ``command`` and of `import pulumi`, run in turn after one warm-up of each."""
    wall(command, cwd), wall(IMPORT_PULUMI)
    mine, floor = [], []
    for _ in range(runs):
        mine.append(wall(command, cwd))
        floor.append(wall(IMPORT_PULUMI))
    return statistics.median(mine), statistics.median(floor)


def peak_mib(command: list[str]) -> float:
    """Peak resident memory of one run of ``command``, as the kernel accounts it."""
    probe = (
        f"import resource, subprocess; subprocess.run({command!r}, stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    return (
        int(subprocess.run([PYTHON, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout) / 1024
    )


def plan_table(runs: int) -> list[str]:
    plan, floor = alternating(PLAN, runs)
    return [
        "| command | median | ratio to `import pulumi` | peak memory |",
        "|---|---:|---:|---:|",
        f'| `python -c "import pulumi"` | {floor:.3f} s | 1.00 | {peak_mib(IMPORT_PULUMI):.0f} MiB |',
        f"| `python -m ei_pulumi plan --format json` (dev stack) | {plan:.3f} s | {plan / floor:.2f} | {peak_mib(PLAN):.0f} MiB |",
    ]


def account() -> SimulatedAws:
    return SimulatedAws(
        region="us-east-1",
        vpcs={VPC: SimulatedVpc()},
        subnets={s: SimulatedSubnet(VPC, az) for s, az in SUBNETS.items()},
        roles={"ml-team-role": "arn:aws:iam::111122223333:role/ml-team-role"},
    )


def program(instances: int, config: dict[str, Any]) -> Callable[[], None]:
    """``instances`` setups of ``config``; in a given VPC only the first takes private DNS (AWS allows one)."""
    further = {**config, "private_dns_enabled": False} if "vpc_id" in config else config
    return lambda: [ElasticInferenceSetup(f"ei-{i}", further if i else config) for i in range(instances)] and None


def evaluation(instances: int, collect_garbage: bool, runs: int) -> float:
    """Median seconds to evaluate a program of ``instances`` components (each its own VPC) in this process."""
    seconds = []
    for _ in range(runs):
        gc.collect()
        if not collect_garbage:
            gc.disable()
        try:
            start = time.perf_counter()
            run_offline(program(instances, {}), account())
            seconds.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(seconds)


def component_table(runs: int) -> list[str]:
    floor = statistics.median(wall(IMPORT_PULUMI) for _ in range(runs))
    rows = [
        "| components | collector | extra cost of each component | ratio to `import pulumi` |",
        "|---:|---|---:|---:|",
    ]
    per: dict[tuple[int, bool], float] = {}
    for collect_garbage in (False, True):
        one = evaluation(1, collect_garbage, runs)  # the program's fixed cost: first lookups, the stack
        for n in SIZES:
            per[n, collect_garbage] = (evaluation(n, collect_garbage, max(3, runs // 2)) - one) / (n - 1)
            rows.append(
                f"| {n} | {'on' if collect_garbage else 'paused (as `plan` runs)'} "
                f"| {per[n, collect_garbage] * 1000:.1f} ms | {per[n, collect_garbage] / floor:.3f} |"
            )
    rows += [
        "",
        f"`import pulumi`: {floor * 1000:.0f} ms. Extra cost of a component, 200 against 10 components: "
        f"{per[200, False] / per[10, False]:.2f}x with the collector paused, "
        f"{per[200, True] / per[10, True]:.2f}x with it on (1.00x is flat).",
    ]
    return rows


def graph_table() -> list[str]:
    rows = [
        "| mode | cloud resources | critical path | longest chain | lookups, first instance | lookups, each further instance |",
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
    """pytest's own count of the suite's time (what the 20 s budget is about)."""
    done = subprocess.run([PYTHON, "-m", "pytest", "-q"], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1].rsplit(" in ", 1)[1].split("s")[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--skip-suite", action="store_true", help="do not time the test suite")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pulumi {metadata.version('pulumi')}, pulumi-aws {metadata.version('pulumi-aws')}\n"
    )
    print("#### `plan` against the import floor (whole processes, alternating)\n")
    print("\n".join(plan_table(args.runs)) + "\n")
    print("#### Cost per component (evaluation under the mock engine, each component creating its VPC)\n")
    print("The extra cost of each component is (time for N - time for 1) / (N - 1).\n")
    print("\n".join(component_table(args.runs)) + "\n")
    print("#### Resource graph and lookups, per mode\n")
    print("\n".join(graph_table()) + "\n")
    if not args.skip_suite:
        print(f"#### Test suite\n\n`python -m pytest -q`: {suite_seconds():.1f} s of pytest time")


if __name__ == "__main__":
    main()
