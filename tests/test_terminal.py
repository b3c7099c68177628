"""Every command on a real terminal and on real pipes: what reaches stdout, what stderr, how it ends."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Iterator

import pytest

from ei_pulumi.cli import main
from tests.aws_setup import MOTO_ENVIRONMENT

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("format_", ["table", "json", "mermaid"])
def test_plan_warnings_reach_stderr_in_every_format(capsys, format_: str) -> None:
    assert main(["plan", "--project-dir", str(PROJECT), "--format", "json"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert any("end of life" in w for w in warnings)

    assert main(["plan", "--project-dir", str(PROJECT), "--format", format_]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"warning: {w}" for w in warnings]


# --- processes: what only a real process shows -----------------------------------------------

OUTPUTS = {
    "roleArn": "arn:aws:iam::111122223333:role/sagemaker-ei-role-abc1234",
    "subnetIds": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1"],
    "sagemakerSecurityGroupId": "sg-0123456789abcdef0",
}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ei_pulumi", *args]


def test_an_output_stdout_cannot_take_is_one_error_line(tmp_path: Path) -> None:
    """A full disk, or stdout closed (`>&-`): one line saying so, exit 1, no second complaint at exit."""
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps(OUTPUTS))
    notebook_config = command("notebook-config", "--outputs", str(outputs))
    with open("/dev/full", "w") as full:
        to_full_disk = subprocess.Popen(notebook_config, stdout=full, stderr=subprocess.PIPE, text=True)
    closed = subprocess.Popen(
        notebook_config, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1)
    )
    full_err, closed_err = (p.communicate(timeout=60)[1] for p in (to_full_disk, closed))
    assert to_full_disk.returncode == closed.returncode == 1
    assert full_err.splitlines()[1:] == ["error: cannot write the output to stdout: No space left on device"]
    assert closed_err.splitlines() == [
        "error: stdout is closed, so no output could be written; redirect it to a file or a pipe"
    ]


class TerminalInput(io.StringIO):
    """What a person types at a terminal, as stdin."""

    def isatty(self) -> bool:
        return True


def test_notebook_config_on_a_terminal_says_what_it_reads(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", TerminalInput(json.dumps(OUTPUTS)))
    assert main(["notebook-config"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(
        "reading `pulumi stack output --json` from the terminal: paste it, then press Ctrl-D on an empty line "
        "(or pipe it in, or give --outputs FILE)\n"
    )
    assert json.loads(captured.out)["RoleArn"] == OUTPUTS["roleArn"]


def test_a_closed_stdin_is_one_error_line(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # how Python starts with stdin closed (`<&-`)
    assert main(["notebook-config"]) == 1
    assert capsys.readouterr().err == (
        "error: stack output (all): stdin is closed; pipe `pulumi stack output --json`, or give --outputs FILE\n"
    )


def _next_line(stream: IO[str], within: float = 60) -> str:
    """The next line a process writes to ``stream``, waiting at most ``within`` seconds."""
    ready, _, _ = select.select([stream], [], [], within)
    assert ready, f"no line within {within} s"
    return stream.readline()


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """A socket on 127.0.0.1 that accepts connections and never answers."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(60)
        yield server


def moto_style_environment(server: socket.socket) -> dict[str, str]:
    """Credentials that need no network, and AWS's endpoint moved to ``server``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    host, port = server.getsockname()
    env.update(MOTO_ENVIRONMENT, AWS_ENDPOINT_URL=f"http://{host}:{port}")
    return env


def project_of(tmp_path: Path, program: str) -> Path:
    """A project of one stack, dev, in us-east-1, whose __main__.py is ``program``."""
    (tmp_path / "Pulumi.yaml").write_text("name: mine\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (tmp_path / "__main__.py").write_text(program)
    return tmp_path


def test_ctrl_c_is_one_line_and_status_130_in_every_command(tmp_path: Path, silent_server: socket.socket) -> None:
    """Each command interrupted while it surely runs: waiting on a terminal, inside the user's
    program, waiting on AWS. The three run side by side to keep the test short."""
    sleeper = project_of(
        tmp_path, "import sys, time\nprint('program running', file=sys.stderr, flush=True)\ntime.sleep(60)\n"
    )
    terminal, terminal_side = pty.openpty()
    processes = {
        "notebook-config": subprocess.Popen(
            command("notebook-config"), stdin=terminal_side, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ),
        "plan": subprocess.Popen(
            command("plan", "--project-dir", str(sleeper)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ),
        "check": subprocess.Popen(
            command("check", "--region", "us-east-1", "--vpc-endpoint-id", "vpce-0123456789abcdef0"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=moto_style_environment(silent_server),
        ),
    }
    os.close(terminal_side)
    try:
        assert _next_line(processes["notebook-config"].stderr).startswith("reading `pulumi stack output --json`")
        processes["notebook-config"].send_signal(signal.SIGINT)
        assert _next_line(processes["plan"].stderr) == "program running\n"
        processes["plan"].send_signal(signal.SIGINT)
        connection, _ = silent_server.accept()  # check has asked AWS, and waits for an answer
        processes["check"].send_signal(signal.SIGINT)
        for name, process in processes.items():
            out, err = process.communicate(timeout=60)
            assert (name, process.returncode, out, err) == (name, 130, "", "interrupted\n")
        connection.close()
    finally:
        os.close(terminal)
        for process in processes.values():
            process.kill()


def test_plan_into_a_reader_that_leaves(capsys) -> None:
    """`plan | head`: a plan that fits in the pipe's buffer is written whole before the reader
    leaves, status 0; a reader gone before plan writes ends it quietly, 141 (128 + SIGPIPE)."""
    assert main(["plan", "--project-dir", str(PROJECT)]) == 0
    assert len(capsys.readouterr().out.encode()) < 65536  # Linux's pipe capacity, pipe(7)
    plan = command("plan", "--project-dir", str(PROJECT))
    reads_a_line, gone = (subprocess.Popen(plan, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2))
    gone.stdout.close()  # type: ignore[union-attr]
    assert reads_a_line.stdout.readline().startswith(b"Plan for sagemaker-ei")  # type: ignore[union-attr]
    reads_a_line.stdout.close()  # type: ignore[union-attr]
    for process, status in ((reads_a_line, 0), (gone, 141)):
        assert process.wait(timeout=120) == status
        stderr = process.stderr.read().decode()  # type: ignore[union-attr]
        assert stderr.startswith("warning: Amazon Elastic Inference reached end of life")
        assert stderr.count("\n") == 1  # the warning alone: no "Broken pipe"


HEADING = "error: the program failed (the traceback shows its own frames only):"


@pytest.mark.parametrize(
    ("program", "stderr"),
    [
        (
            "import pulumi\n\ndef network():\n    return vpcc.id\n\nnetwork()\n",
            [
                HEADING,
                "Traceback (most recent call last):",
                '  File "{main}", line 6, in <module>',
                "    network()",
                '  File "{main}", line 4, in network',
                "    return vpcc.id",
                "NameError: name 'vpcc' is not defined",
            ],
        ),
        (
            "import pulumi\n\ndef check(name):\n    raise ValueError(f'{name} is taken')\n\n"
            "pulumi.Output.from_input('ml').apply(check)\n",
            [
                HEADING,
                "Traceback (most recent call last):",
                '  File "{main}", line 4, in check',
                "    raise ValueError(f'{{name}} is taken')",
                "ValueError: ml is taken",
            ],
        ),
        (
            "import pulumi\nvpc = (\n",
            [HEADING, '  File "{main}", line 2', "    vpc = (", "SyntaxError: '(' was never closed"],
        ),
        ("import pulumi\nraise pulumi.RunError('set mine:team first')\n", ["error: set mine:team first"]),
    ],
    ids=["an error in a function", "an error in an apply", "a syntax error", "pulumi.RunError"],
)
def test_an_error_in_the_program_shows_the_programs_frames(
    capsys, tmp_path: Path, program: str, stderr: list[str]
) -> None:
    project = project_of(tmp_path, program)
    assert main(["plan", "--project-dir", str(project)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    shown = [line for line in captured.err.splitlines() if line.strip(" ^~")]  # carets vary with Python's version
    assert shown == [line.format(main=project / "__main__.py") for line in stderr]


def test_check_against_an_endpoint_that_never_answers_ends_at_its_timeout(silent_server: socket.socket) -> None:
    started = time.monotonic()
    done = subprocess.run(
        command("check", "--region", "us-east-1", "--vpc-endpoint-id", "vpce-0123456789abcdef0", "--timeout", "1"),
        env=moto_style_environment(silent_server),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: AWS did not answer within 1 s (--timeout); is the endpoint reachable?\n"
    assert time.monotonic() - started < 30  # the process's start, and 1 s; not botocore's 3 x 60 s


def test_docs_and_schema_in_an_installed_copy_say_they_need_a_checkout(tmp_path: Path) -> None:
    """The package alone, as pip installs it in site-packages: no README, Pulumi.yaml or provider/ beside it."""
    site = tmp_path / "site-packages"
    shutil.copytree(PROJECT / "ei_pulumi", site / "ei_pulumi", ignore=shutil.ignore_patterns("__pycache__"))
    script = (
        "import sys, ei_pulumi\n"
        "from ei_pulumi.cli import main\n"
        "print(ei_pulumi.__file__)\n"
        "print(main(['docs']), main(['schema', '--check']), main(['schema']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    where, statuses = done.stdout.splitlines()
    assert where == str(site / "ei_pulumi" / "__init__.py") and statuses == "1 1 1"
    assert done.stderr.splitlines() == [
        f"error: {command}: rewrites README.md, Pulumi.yaml, provider/schema.json of a checkout of the ei_pulumi "
        f"repository, and this copy (in {site}) is installed, not a checkout; run it in a clone"
        for command in ("docs", "schema", "schema")
    ]
    assert sorted(p.name for p in site.iterdir()) == ["ei_pulumi"]  # nothing written beside the package
