"""The `check` command as a process, against moto's HTTP server on 127.0.0.1 (a thread of this process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from moto.server import ThreadedMotoServer

from ei_pulumi.cli import main
from ei_pulumi.steps.security_groups import TrafficRule
from tests.aws_setup import (
    MOTO_ENVIRONMENT,
    REGION,
    build_setup,
    ip_permission,
    session,
)

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def moto_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto's HTTP server on 127.0.0.1, from a thread of this process: AWS's API over real HTTP."""
    for key, value in MOTO_ENVIRONMENT.items():  # the server's backends read these too
        monkeypatch.setenv(key, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def check(url: str, outputs: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(MOTO_ENVIRONMENT, AWS_ENDPOINT_URL=url)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ei_pulumi",
            "check",
            "--region",
            REGION,
            "--stack-outputs",
            str(outputs),
            "--format",
            "json",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_over_http_passes_then_catches_a_cidr_rule(moto_server: str, tmp_path: Path, capsys, monkeypatch) -> None:
    aws = session(region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")
    setup = build_setup(aws, endpoint_url=moto_server)
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps(setup.stack_outputs()))

    done = check(moto_server, outputs)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["passed"] is True and len(report["checks"]) == 14
    assert {c["status"] for c in report["checks"]} == {"pass"}

    setup.ec2.authorize_security_group_ingress(
        GroupId=setup.endpoint_security_group_id,
        IpPermissions=[ip_permission(TrafficRule("tcp", 443, 443), cidr="0.0.0.0/0")],
    )
    # The same command in this process, over the same HTTP: one process run is enough to prove the entry point.
    for key, value in {**MOTO_ENVIRONMENT, "AWS_ENDPOINT_URL": moto_server}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    assert main(["check", "--region", REGION, "--stack-outputs", str(outputs), "--format", "json"]) == 1
    failed = [c for c in json.loads(capsys.readouterr().out)["checks"] if c["status"] == "fail"]
    assert [c["id"] for c in failed] == ["endpoint-sg.inbound"] and "0.0.0.0/0" in failed[0]["summary"]
