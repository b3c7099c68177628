"""The offline runner's shortcuts stay what they claim to be."""

from __future__ import annotations

import pulumi_aws as aws
import pytest

from ei_pulumi.offline import runner as offline
from ei_pulumi.offline.runner import run_offline
from tests.conftest import make_world


def test_stack_traces_are_skipped_through_the_sdk_function_it_replaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner replaces pulumi.runtime.resource._get_stack_trace (private): if the SDK renames it
    or stops calling it, this fails, and the shortcut must be revisited."""
    calls: list[None] = []
    empty_trace = offline.source_pb2.StackTrace
    monkeypatch.setattr(offline.source_pb2, "StackTrace", lambda: calls.append(None) or empty_trace())
    original = offline.resource_runtime._get_stack_trace
    run_offline(lambda: aws.ec2.Vpc("v", cidr_block="10.9.0.0/16"), make_world())
    assert calls, "the SDK no longer asks _get_stack_trace for a resource's stack trace"
    assert offline.resource_runtime._get_stack_trace is original  # restored after the run


def test_a_run_leaves_no_event_loop_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops left open are collected at exit, where they once printed "Invalid file descriptor"."""
    import asyncio

    made: list[asyncio.AbstractEventLoop] = []
    new_event_loop = asyncio.new_event_loop
    monkeypatch.setattr(asyncio, "new_event_loop", lambda: made.append(new_event_loop()) or made[-1])
    run_offline(lambda: aws.ec2.Vpc("v", cidr_block="10.9.0.0/16"), make_world())
    assert len(made) >= 2 and all(loop.is_closed() for loop in made)  # the run's own, and its threads'
