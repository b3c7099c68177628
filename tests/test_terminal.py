"""Every command on a real terminal and on real pipes: what reaches stdout, what stderr, how it ends."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO

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


def test_a_closed_stdout_is_refused_before_any_work(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)  # how Python starts with stdout closed (`>&-`)
    assert main(["plan", "--project-dir", "/nonexistent"]) == 1  # refused before looking for the project
    assert capsys.readouterr().err == (
        "error: stdout is closed, so no output could be written; redirect it to a file or a pipe\n"
    )


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


def silent_server() -> socket.socket:
    """A socket on 127.0.0.1 that accepts connections (the kernel does) and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(60)
    return server


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


def _ctrl_c_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_commands_that_wait_end_on_ctrl_c_and_check_at_its_timeout(tmp_path: Path) -> None:
    """Ctrl-C while each command surely runs (still loading Pulumi and pydantic, waiting on a
    terminal, inside the user's program, waiting on AWS): one line and status 130. And check
    against an endpoint that never answers ends at its --timeout (not botocore's 60 s a read,
    three times), exit 2. The processes run side by side to keep the test short."""
    sleeper = project_of(
        tmp_path, "import sys, time\nprint('program running', file=sys.stderr, flush=True)\ntime.sleep(60)\n"
    )
    check = ("check", "--region", "us-east-1", "--vpc-endpoint-id", "vpce-0123456789abcdef0")
    interrupted_server, timed_out_server = silent_server(), silent_server()
    terminal, terminal_side = pty.openpty()
    # As a terminal starts a foreground job: Ctrl-C at its default, even where this run ignores it (a
    # background job of a shell without job control), which the commands would rightly keep ignoring.
    pipe = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, "preexec_fn": _ctrl_c_default}
    # -X importtime: Python says on stderr as each module is loaded, so the test knows when.
    loading = [sys.executable, "-X", "importtime", *command("plan", "--project-dir", str(sleeper))[1:]]
    processes = {
        "plan, loading": subprocess.Popen(loading, **pipe),
        "notebook-config": subprocess.Popen(command("notebook-config"), stdin=terminal_side, **pipe),
        "plan": subprocess.Popen(command("plan", "--project-dir", str(sleeper)), **pipe),
        "check": subprocess.Popen(command(*check), env=moto_style_environment(interrupted_server), **pipe),
        "check --timeout 1": subprocess.Popen(
            command(*check, "--timeout", "1"), env=moto_style_environment(timed_out_server), **pipe
        ),
    }
    os.close(terminal_side)
    try:
        while "pydantic" not in _next_line(processes["plan, loading"].stderr):
            pass
        processes["plan, loading"].send_signal(signal.SIGINT)
        assert _next_line(processes["notebook-config"].stderr).startswith("reading `pulumi stack output --json`")
        processes["notebook-config"].send_signal(signal.SIGINT)
        assert _next_line(processes["plan"].stderr) == "program running\n"
        processes["plan"].send_signal(signal.SIGINT)
        connection, _ = interrupted_server.accept()  # check has asked AWS, and waits for an answer
        processes["check"].send_signal(signal.SIGINT)
        # The cap: 60 s each. Only the audit's own deadline says "within 1 s", not botocore's read timeouts.
        results = {name: (process.communicate(timeout=60), process.returncode) for name, process in processes.items()}
        connection.close()
        (_, loading_err), loading_status = results.pop("plan, loading")
    finally:
        os.close(terminal)
        for process in processes.values():
            process.kill()
        interrupted_server.close()
        timed_out_server.close()
    assert (loading_status, loading_err.splitlines()[-1]) == (130, "interrupted")
    assert "Traceback" not in loading_err
    assert results == {
        "notebook-config": (("", "interrupted\n"), 130),
        "plan": (("", "interrupted\n"), 130),
        "check": (("", "interrupted\n"), 130),
        "check --timeout 1": (
            ("", "error: the audit did not finish within 1 s (--timeout); is AWS's endpoint reachable?\n"),
            2,
        ),
    }


def test_stdout_that_cannot_take_the_whole_output(capsys, tmp_path: Path) -> None:
    """`plan | head`: a plan that fits in the pipe's buffer is written whole before the reader
    leaves, status 0; a reader gone before the command writes ends it quietly, 141 (128 + SIGPIPE);
    a full disk is one line saying what failed, exit 1, with no second complaint as Python exits.
    The processes run side by side to keep the test short."""
    assert main(["plan", "--project-dir", str(PROJECT)]) == 0
    assert len(capsys.readouterr().out.encode()) < 65536  # Linux's pipe capacity, pipe(7)
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps(OUTPUTS))
    notebook_config = command("notebook-config", "--outputs", str(outputs))
    pipe = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    with open("/dev/full", "w") as full:
        processes = {
            "plan | head": subprocess.Popen(command("plan", "--project-dir", str(PROJECT)), **pipe),
            "reader gone": subprocess.Popen(notebook_config, **pipe),
            "full disk": subprocess.Popen(notebook_config, stdout=full, stderr=subprocess.PIPE, text=True),
        }
    processes["reader gone"].stdout.close()  # type: ignore[union-attr]
    assert processes["plan | head"].stdout.readline().startswith("Plan for sagemaker-ei")  # type: ignore[union-attr]
    processes["plan | head"].stdout.close()  # type: ignore[union-attr]
    results = {name: (p.wait(timeout=120), p.stderr.read().splitlines()) for name, p in processes.items()}  # type: ignore[union-attr]
    warning = "warning: Amazon Elastic Inference reached end of life"
    assert {name: (status, [line[: len(warning)] for line in err[:1]]) for name, (status, err) in results.items()} == {
        "plan | head": (0, [warning]),
        "reader gone": (141, [warning]),
        "full disk": (1, [warning]),
    }
    assert [err[1:] for _, err in results.values()] == [
        [],
        [],  # no "Broken pipe"
        ["error: cannot write the output to stdout: No space left on device"],
    ]


UNNEEDED = ("ei_pulumi.audit.checks", "boto3", "cryptography", "ei_pulumi.docs", "ei_pulumi.multilang")
"""Modules `plan` does not load for a stack without secrets: the audit's, the decryption's, the docs'."""


def test_plan_ends_as_python_would_and_loads_only_what_it_needs(tmp_path: Path) -> None:
    """plan ends its process without Python's teardown, yet as Python ends one: what the program
    registered with atexit runs, and a thread it left running is waited for. By the end it has
    loaded none of the modules it does not need. Side by side."""
    programs = {
        "exit function": "import atexit, sys\n\n"
        f"def unneeded():\n    return [m for m in {UNNEEDED!r} if m in sys.modules]\n\n"
        "atexit.register(lambda: print(f'exit function ran, unneeded modules: {unneeded()}', file=sys.stderr))\n",
        "thread": "import sys, threading, time\n\n"
        "def late():\n    time.sleep(0.2)\n    print('thread finished', file=sys.stderr)\n\n"
        "threading.Thread(target=late).start()\n",
    }
    processes = {}
    for name, program in programs.items():
        (tmp_path / name).mkdir()
        plan = command("plan", "--project-dir", str(project_of(tmp_path / name, program)), "--format", "json")
        processes[name] = subprocess.Popen(plan, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = {name: (*p.communicate(timeout=60), p.returncode) for name, p in processes.items()}
    assert {
        name: (json.loads(out)["resources"], err.splitlines(), status) for name, (out, err, status) in results.items()
    } == {
        "exit function": ([], ["exit function ran, unneeded modules: []"], 0),
        "thread": ([], ["thread finished"], 0),
    }


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


def test_docs_and_schema_in_an_installed_copy_say_they_need_a_checkout(capsys, monkeypatch, tmp_path: Path) -> None:
    """Installed, the package's folder is site-packages: no README, Pulumi.yaml or provider/ beside it."""
    from ei_pulumi import docs
    from ei_pulumi.multilang import schema

    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(docs, "ROOT", site)
    monkeypatch.setattr(schema, "SCHEMA_FILE", site / "provider" / "schema.json")
    assert [main(["docs"]), main(["schema", "--check"]), main(["schema"])] == [1, 1, 1]
    assert capsys.readouterr().err.splitlines() == [
        f"error: {name}: rewrites README.md, Pulumi.yaml, provider/schema.json of a checkout of the ei_pulumi "
        f"repository, and this copy (in {site}) is installed, not a checkout; run it in a clone"
        for name in ("docs", "schema", "schema")
    ]
    assert list(site.iterdir()) == []  # nothing written beside the package
