"""Every command on a real terminal and on real pipes: what reaches stdout, what stderr, how it ends."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ei_pulumi.cli import main

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
