"""Benchmark of ei_pulumi: `plan` against `import pulumi` and the import floor, cost per component, the suite.

    .venv/bin/python bench/run.py [--runs 7] [--skip-suite]

Whole commands are timed as processes, in rounds that alternate them with `python -c "import pulumi"`
and with the import floor (the modules `plan` cannot avoid loading), so that every figure is a ratio
to both measured in the same minutes: the machines are shared and noisy, so read the ratios, not the
seconds. A command that fails is reported as failed and left out of later rounds; the rest goes on.
Peak memory is the kernel's account of each process (``os.wait4``; the policy pack's VmHWM).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.plugin_process: the policy pack started as the Pulumi CLI starts it

import grpc  # noqa: E402
from google.protobuf import empty_pb2, struct_pb2  # noqa: E402
from pulumi.runtime import proto  # noqa: E402
from pulumi.runtime.proto import engine_pb2_grpc  # noqa: E402

from ei_pulumi import ElasticInferenceSetup  # noqa: E402
from ei_pulumi.offline.plan import PlanRequest, make_plan  # noqa: E402
from ei_pulumi.offline.runner import OfflineRun, run_offline  # noqa: E402
from ei_pulumi.offline.simulated_aws import SimulatedAws, SimulatedSubnet, SimulatedVpc  # noqa: E402
from tests.plugin_process import LoggingEngine, serving  # noqa: E402

PYTHON = sys.executable
IMPORT_PULUMI = "import pulumi"
FLOOR = "import pulumi, ruamel.yaml, pydantic, pulumi_aws as aws; aws.ec2.Vpc, aws.iam.Role, aws.vpc.SecurityGroupIngressRule"
"""What `plan` must load whatever it does: Pulumi, the YAML reader, pydantic, and the pulumi-aws
modules of the classes the dev stack creates (touching a class loads its module's package)."""
LEAN_FLOOR = f"import gc, os; gc.disable(); {FLOOR}; gc.freeze(); os._exit(0)"
"""The same loads as `plan` makes them: the cyclic collector paused while they load, no interpreter
teardown at the end (ei_pulumi/__main__.py, ei_pulumi/cli.py). What `plan` adds to this is its own."""
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
PROCESS_SIZES = (100, 200)
N_COMPONENTS_PROGRAM = """\
import pulumi

from ei_pulumi import ElasticInferenceSetup

for i in range(pulumi.Config().require_int("components")):
    ElasticInferenceSetup(f"ei-{i}", {})
"""
"""A project of ``bench:components`` setups, each creating its own VPC (as the in-process figures)."""


class Failed(Exception):
    """One run of a command failed: its exit status and the last line it wrote on stderr."""


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mib: float


Command = Callable[[], Measured]


PROBE = """\
import json, os, subprocess, sys, time
command, cwd = json.loads(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
said = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
lines = said.decode(errors="replace").strip().splitlines() or ["(nothing on stderr)"]
print(json.dumps([seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), lines[-1][:200]]))
"""
"""Runs a command and reports its wall time, peak memory, status and last line on stderr. A small
process of its own: a child's peak memory counts the pages of the process it was forked from, and
this one is small where the benchmark's own process holds Pulumi and pulumi-aws."""


def process(command: list[str], cwd: Path = ROOT) -> Measured:
    """Wall time and peak resident memory of one run of ``command``, which must exit 0."""
    probe = [PYTHON, "-S", "-c", PROBE, json.dumps(command), str(cwd)]
    seconds, max_rss_kib, status, said = json.loads(subprocess.run(probe, capture_output=True, check=True).stdout)
    if status:
        raise Failed(f"exit status {status}: {said}")
    return Measured(seconds, max_rss_kib / 1024)  # Linux counts ru_maxrss in KiB


def python_c(code: str) -> Command:
    return lambda: process([PYTHON, "-c", code])


def plan(*args: str) -> Command:
    return lambda: process([*PLAN, *args])


def rounds(commands: dict[str, Command], runs: int) -> dict[str, list[Measured] | str]:
    """Each command run ``runs`` times in turn, after one warm-up round: its runs, or why it failed."""
    results: dict[str, list[Measured] | str] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            done = results[name]
            if isinstance(done, str):
                continue  # failed before: left out
            try:
                measured = command()
            except Exception as exc:  # a failed run is a figure to report, not the end of the benchmark
                results[name] = f"failed: {exc}"
                continue
            if round_:
                done.append(measured)
    return results


def median_seconds(runs: list[Measured] | str) -> Optional[float]:
    return None if isinstance(runs, str) else statistics.median(m.seconds for m in runs)


def ratio(value: Optional[float], to: Optional[float], digits: int = 2) -> str:
    return "n/a" if value is None or not to else f"{value / to:.{digits}f}"


# --- the policy pack, as the engine runs it ----------------------------------------------------

PACK = ROOT / "policy"
PACK_PROVIDER = proto.AnalyzerProviderResource(
    type="pulumi:providers:aws",
    urn="urn:pulumi:dev::sagemaker-ei::pulumi:providers:aws::default",
    name="default",
    properties=struct_pb2.Struct(fields={"region": struct_pb2.Value(string_value="us-east-1")}),
)


def dev_stack_for_the_pack() -> Any:
    """The dev stack's cloud resources as AnalyzeStack receives them (inputs for outputs, as in a preview)."""
    planned = make_plan(PlanRequest(project_dir=ROOT))

    def urn(resource: dict[str, Any]) -> str:
        return f"urn:pulumi:dev::sagemaker-ei::{resource['type']}::{resource['name']}"

    by_name = {r["name"]: r for r in planned["resources"]}
    resources = []
    for r in planned["resources"]:
        properties = struct_pb2.Struct()
        properties.update(json.loads(json.dumps(r["properties"])))
        resources.append(
            proto.AnalyzerResource(
                type=r["type"],
                name=r["name"],
                urn=urn(r),
                properties=properties,
                provider=PACK_PROVIDER,
                dependencies=[urn(by_name[d]) for d in r["depends_on"]],
            )
        )
    return proto.AnalyzeStackRequest(resources=resources)


def policy_pack(engine_port: int, stack: Any) -> Command:
    """The pack's process, started as the CLI starts it, until it has answered one AnalyzeStack
    (after ConfigureStack, GetAnalyzerInfo and Configure, as the engine calls them)."""
    settings = {"PULUMI_PROJECT": "sagemaker-ei", "PULUMI_STACK": "dev", "PULUMI_DRY_RUN": "true"}
    env = {**os.environ, **settings, "PULUMI_CONFIG": json.dumps({"aws:region": "us-east-1"})}
    command = [PYTHON, "-u", "-m", "pulumi.policy", f"127.0.0.1:{engine_port}", "."]

    def answer() -> Measured:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=PACK, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            port = int(child.stdout.readline() or 0)  # type: ignore[union-attr]
            if not port:
                raise Failed("the pack wrote no port")
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = proto.AnalyzerStub(channel)
                stub.ConfigureStack(
                    proto.AnalyzerStackConfigureRequest(project="sagemaker-ei", stack="dev"), timeout=60
                )
                info = stub.GetAnalyzerInfo(empty_pb2.Empty(), timeout=60)
                levels = {p.name: proto.PolicyConfig(enforcementLevel=p.enforcementLevel) for p in info.policies}
                stub.Configure(proto.ConfigureAnalyzerRequest(policyConfig=levels), timeout=60)
                diagnostics = stub.AnalyzeStack(stack, timeout=60).diagnostics
            seconds = time.perf_counter() - start
            if diagnostics:
                raise Failed(f"the dev stack got {len(diagnostics)} diagnostics: {diagnostics[0].message[:200]}")
            peak_kib = _peak_kib(child.pid)
        finally:
            child.kill()
            child.wait()
            child.stdout.close()  # type: ignore[union-attr]
        return Measured(seconds, peak_kib / 1024)

    return answer


def _peak_kib(pid: int) -> int:
    """The peak resident memory of a running process since it started its program (Linux's VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def plan_table(runs: int) -> list[str]:
    engine = LoggingEngine()
    with serving(engine, engine_pb2_grpc.add_EngineServicer_to_server) as engine_port:
        commands = {
            f'`python -c "{IMPORT_PULUMI}"`': python_c(IMPORT_PULUMI),
            "the import floor (below)": python_c(FLOOR),
            "the import floor, loaded as `plan` loads it (below)": python_c(LEAN_FLOOR),
            "`plan --format json`, dev stack (`ElasticInferenceSetup`)": plan(),
            "`plan --format json --project-dir examples/private-notebook` (`SageMakerPrivateNetwork` and a notebook)": (
                plan("--project-dir", str(ROOT / "examples" / "private-notebook"))
            ),
            "the policy pack's process, until it answers AnalyzeStack for the dev stack": policy_pack(
                engine_port, dev_stack_for_the_pack()
            ),
        }
        results = rounds(commands, runs)
    import_pulumi, floor = (median_seconds(results[name]) for name in list(commands)[:2])
    rows = [
        "| command | median | ratio to `import pulumi` | ratio to the floor | peak memory |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, runs_ in results.items():
        if isinstance(runs_, str):
            rows.append(f"| {name} | {runs_} | | | |")
            continue
        seconds = median_seconds(runs_)
        peak = max(m.peak_mib for m in runs_)
        rows.append(
            f"| {name} | {seconds:.3f} s | {ratio(seconds, import_pulumi)} | {ratio(seconds, floor)} | {peak:.0f} MiB |"
        )
    return rows + [
        "",
        f"The import floor: `{FLOOR}`. Loaded as `plan` loads it: the collector paused, no teardown: `{LEAN_FLOOR}`.",
    ]


# --- the cost of each component ------------------------------------------------------------------


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

    def build() -> None:
        for i in range(instances):
            ElasticInferenceSetup(f"ei-{i}", further if i else config)

    return build


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
    import_pulumi = statistics.median(process([PYTHON, "-c", IMPORT_PULUMI]).seconds for _ in range(runs))
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
                f"| {per[n, collect_garbage] * 1000:.1f} ms | {per[n, collect_garbage] / import_pulumi:.3f} |"
            )
    rows += [
        "",
        f"`import pulumi`: {import_pulumi * 1000:.0f} ms. Extra cost of a component, 200 against 10 components: "
        f"{per[200, False] / per[10, False]:.2f}x with the collector paused, "
        f"{per[200, True] / per[10, True]:.2f}x with it on (1.00x is flat).",
    ]
    return rows


def process_component_table(runs: int) -> list[str]:
    """The extra cost of each component in a whole `plan` process, against a program of one."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "Pulumi.yaml").write_text("name: bench\nruntime: python\n")
        (project / "Pulumi.dev.yaml").write_text("config:\n  aws:region: us-east-1\n")
        (project / "__main__.py").write_text(N_COMPONENTS_PROGRAM)
        commands = {"import pulumi": python_c(IMPORT_PULUMI)}
        for n in (1, *PROCESS_SIZES):
            commands[str(n)] = plan("--project-dir", folder, "--config", f"components={n}")
        results = rounds(commands, runs)
    import_pulumi, one = median_seconds(results["import pulumi"]), median_seconds(results["1"])
    rows = [
        "| components | `plan` process | extra cost of each component | ratio to `import pulumi` |",
        "|---:|---:|---:|---:|",
    ]
    for n in (1, *PROCESS_SIZES):
        seconds = median_seconds(results[str(n)])
        if seconds is None or one is None:
            rows.append(f"| {n} | {results[str(n)] if seconds is None else results['1']} | | |")
            continue
        extra = (seconds - one) / (n - 1) if n > 1 else None
        rows.append(
            f"| {n} | {seconds:.3f} s | {'' if extra is None else f'{extra * 1000:.1f} ms'} "
            f"| {'' if extra is None else ratio(extra, import_pulumi, 3)} |"
        )
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


def suite() -> str:
    """pytest's own count of the suite's time (what the 20 s budget is about)."""
    done = subprocess.run([PYTHON, "-m", "pytest", "-q"], cwd=ROOT, capture_output=True, text=True)
    last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    if done.returncode:
        return f"failed (exit status {done.returncode}): {last}"
    return f"{float(last.rsplit(' in ', 1)[1].split('s')[0]):.1f} s of pytest time ({last.strip('= ')})"


def sections(args: argparse.Namespace) -> Iterator[tuple[str, Callable[[], list[str]]]]:
    yield (
        "`plan` against `import pulumi` and the import floor (whole processes, alternating)",
        lambda: plan_table(args.runs),
    )
    yield (
        "Cost per component, in-process (evaluation under the mock engine, each component creating its VPC)",
        (lambda: component_table(args.runs)),
    )
    yield "Cost per component, as a whole `plan` process (alternating)", lambda: process_component_table(args.runs)
    yield "Resource graph and lookups, per mode", graph_table
    if not args.skip_suite:
        yield "Test suite", lambda: [f"`python -m pytest -q`: {suite()}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--skip-suite", action="store_true", help="do not time the test suite")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
        f"Python {platform.python_version()}, pulumi {metadata.version('pulumi')}, "
        f"pulumi-aws {metadata.version('pulumi-aws')}; bytecode {'not ' if sys.dont_write_bytecode else ''}written\n"
    )
    for title, table in sections(args):
        print(f"#### {title}\n", flush=True)
        try:
            rows = table()
        except Exception as exc:  # one failed section is reported; the others still run
            rows = [f"failed: {type(exc).__name__}: {exc}"]
        print("\n".join(rows) + "\n", flush=True)
    print(f"Load at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
