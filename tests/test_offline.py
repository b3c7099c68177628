"""The offline runner's shortcuts stay what they claim to be."""

from __future__ import annotations

import contextlib
from typing import Any, Optional

import pulumi
import pulumi_aws as aws
import pytest

from ei_pulumi import ElasticInferenceSetup
from ei_pulumi.offline import runner as offline
from ei_pulumi.offline.runner import run_offline
from ei_pulumi.testing import UNKNOWN
from tests.conftest import ROLE_ARN, ROLE_NAME, SUBNET_A, SUBNET_B, byo, export_all, make_world


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


def test_urns_of_plain_strings_are_joined_as_the_sdk_joins_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner replaces pulumi.runtime.resource.create_urn for plain strings: a run records the same
    URNs, parents and aliases either way (the component has an alias), and the SDK still asks it for a
    URN at every registration; if it stops, this fails, and the shortcut must be revisited."""
    sdk_create_urn = offline.resource_runtime.create_urn
    calls: list[tuple[Any, ...]] = []

    def spy(*args: Any) -> Any:
        calls.append(args)
        return sdk_create_urn(*args)

    monkeypatch.setattr(offline.resource_runtime, "create_urn", spy)

    def recorded() -> list[tuple[str, str, list[dict[str, Any]]]]:
        calls.clear()
        run = run_offline(lambda: ElasticInferenceSetup("ei", byo()), make_world())
        assert offline.resource_runtime.create_urn is spy  # restored after the run
        return sorted((r.urn, r.parent, r.aliases) for r in run.registrations)

    with_shortcut, sdk_calls_left = recorded(), len(calls)
    monkeypatch.setattr(offline, "_plain_urns_at_once", contextlib.nullcontext)
    assert recorded() == with_shortcut
    assert len(calls) >= len(with_shortcut) > sdk_calls_left, "the SDK no longer asks create_urn for a URN"


def test_a_joined_urn_is_the_one_the_sdk_makes_of_the_same_strings() -> None:
    """What the shortcut computes at once is what the SDK's create_urn resolves to; anything but plain
    strings is left to the SDK."""
    parent = "urn:pulumi:dev::proj::ei-pulumi:index:ElasticInferenceSetup::ei"
    cases = [("vpc", "aws:ec2/vpc:Vpc", parent, None, None), ("ei", "t:index:T", None, None, None)]
    cases += [("ei", "t:index:T", None, "other", "prod"), ("ei", "t:index:T", parent, "other", "prod")]
    sdk_create_urn = offline.resource_runtime.create_urn  # the runner replaces it during a run
    found: dict[int, str] = {}
    joined: dict[int, Optional[str]] = {}

    def program() -> None:
        for i, case in enumerate(cases):
            sdk_create_urn(*case).apply(lambda urn, i=i: found.update({i: urn}))
            joined[i] = offline._joined_urn(*case)
        joined[-1] = offline._joined_urn("vpc", "aws:ec2/vpc:Vpc", pulumi.Output.from_input(parent))
        joined[-2] = offline._joined_urn(offline.rpc.UNKNOWN, "aws:ec2/vpc:Vpc", parent)

    run_offline(program, make_world(), project="proj", stack="dev")
    assert joined == {**found, -1: None, -2: None}


def test_a_run_leaves_no_event_loop_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops left open are collected at exit, where they once printed "Invalid file descriptor"."""
    import asyncio

    made: list[asyncio.AbstractEventLoop] = []
    new_event_loop = asyncio.new_event_loop
    monkeypatch.setattr(asyncio, "new_event_loop", lambda: made.append(new_event_loop()) or made[-1])
    run_offline(lambda: aws.ec2.Vpc("v", cidr_block="10.9.0.0/16"), make_world())
    assert len(made) >= 2 and all(loop.is_closed() for loop in made)  # the run's own, and its threads'


def test_a_preview_keeps_known_outputs_known_and_marks_unknown_ones() -> None:
    """One unknown output emptied them all; pulumi preview shows the known ones and output<string> for the rest."""

    def program() -> None:
        export_all(ElasticInferenceSetup("ei", byo(existing_role_name=ROLE_NAME)))
        vpc = aws.ec2.Vpc("v", cidr_block="10.9.0.0/16")
        pulumi.export("mixed", {"cidr": "10.9.0.0/16", "id": vpc.id, "ids": [vpc.id, "vpc-given"]})

    outputs = run_offline(program, make_world(), preview=True).outputs
    assert outputs["role_arn"] == ROLE_ARN and outputs["subnet_ids"] == [SUBNET_A, SUBNET_B]
    assert outputs["service_name"] == "com.amazonaws.us-east-1.elastic-inference.runtime"
    assert outputs["vpc_endpoint_id"] is UNKNOWN and outputs["sagemaker_vpc_config"] is UNKNOWN
    assert outputs["mixed"] == {"cidr": "10.9.0.0/16", "id": UNKNOWN, "ids": [UNKNOWN, "vpc-given"]}
    assert repr(UNKNOWN) == "[unknown]"
