"""The `check` command as a process, against moto_server over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from ei_pulumi.security_groups import TrafficRule
from tests.aws_setup import (
    MOTO_ENVIRONMENT,
    REGION,
    build_setup,
    ip_permission,
    session,
)

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def moto_server() -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **MOTO_ENVIRONMENT},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


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


def test_check_over_http_passes_then_catches_a_cidr_rule(moto_server: str, tmp_path: Path) -> None:
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
    done = check(moto_server, outputs)
    assert done.returncode == 1
    failed = [c for c in json.loads(done.stdout)["checks"] if c["status"] == "fail"]
    assert [c["id"] for c in failed] == ["endpoint-sg.inbound"] and "0.0.0.0/0" in failed[0]["summary"]
