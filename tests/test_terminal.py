"""Every command on a real terminal and on real pipes: what reaches stdout, what stderr, how it ends."""

from __future__ import annotations

import json
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
