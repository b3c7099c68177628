"""Run a Pulumi program in-process against a simulated AWS, without the CLI.

Records what the program registers (with parents and dependencies, from which the resource
graph follows), every lookup it makes, every warning it raises and the stack's outputs.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Optional

import pulumi
from pulumi.output import Unknown
from pulumi.runtime import mocks, rpc, settings
from pulumi.runtime import resource as resource_runtime
from pulumi.runtime.proto import source_pb2
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from ..config import config_error_in
from .simulated_aws import AwsRefusal


@dataclass(frozen=True)
class Registration:
    """One resource the program registered, as the engine would have seen it."""

    urn: str
    id: str
    type: str
    name: str
    parent: str
    custom: bool
    provider: str
    dependencies: list[str]
    inputs: dict[str, Any]
    aliases: list[dict[str, Any]] = field(default_factory=list)
    """The aliases the program gave, as the engine gets them: ``{"urn": ...}``, or a spec's ``name``,
    ``type`` and ``parentUrn`` (the engine resolves specs, and gives children their parent's)."""


@dataclass(frozen=True)
class Invocation:
    """One lookup (invoke) the program made."""

    token: str
    args: dict[str, Any]
    provider: str


@dataclass
class OfflineRun:
    """Everything a run recorded."""

    registrations: list[Registration] = field(default_factory=list)
    invocations: list[Invocation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    secret_outputs: set[str] = field(default_factory=set)
    """Names of the stack outputs that are secrets (a secret config value, or derived from one), as
    ``pulumi stack output`` lists them; their values are in ``outputs`` all the same."""

    def of_type(self, type_: str) -> list[Registration]:
        """The registered resources of one type token, in registration order."""
        return [r for r in self.registrations if r.type == type_]

    def by_urn(self) -> dict[str, Registration]:
        """The registered resources keyed by URN."""
        return {r.urn: r for r in self.registrations}

    def critical_path(self) -> list[Registration]:
        """The longest chain of cloud resources that must wait for one another during ``pulumi up``.

        Derived from each registration's dependencies (the resources its inputs came from);
        components take no time, so only custom resources count.
        """
        by_urn = self.by_urn()
        longest: dict[str, list[Registration]] = {}

        def chain(urn: str) -> list[Registration]:
            if urn not in longest:
                resource = by_urn[urn]
                before = max(
                    (chain(d) for d in resource.dependencies if d in by_urn), key=_length_then_names, default=[]
                )
                longest[urn] = before + [resource] if resource.custom else before
            return longest[urn]

        return max((chain(r.urn) for r in self.registrations), key=_length_then_names, default=[])


def _length_then_names(chain: list[Registration]) -> tuple[int, list[str]]:
    """Longest first; among equals, a fixed choice whatever the registration order."""
    return len(chain), [r.name for r in chain]


class _Witness(pulumi.runtime.Mocks):
    """The world, as the mock monitor calls it, keeping the inputs of the resource each thread registers:
    the monitor deserialises them for the world, and the recording takes them from here rather than
    deserialising them a second time."""

    def __init__(self, world: pulumi.runtime.Mocks) -> None:
        self._world = world
        self._seen = threading.local()

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[Optional[str], dict]:
        self._seen.inputs = args.inputs
        return self._world.new_resource(args)

    def call(self, args: pulumi.runtime.MockCallArgs) -> Any:
        return self._world.call(args)

    def inputs_seen(self) -> dict[str, Any]:
        """The inputs of the resource this thread has just registered with the world."""
        inputs: dict[str, Any] = self._seen.__dict__.pop("inputs")
        return inputs


class _RecordingMonitor(mocks.MockMonitor):
    def __init__(self, world: pulumi.runtime.Mocks, run: OfflineRun) -> None:
        self._witness = _Witness(world)
        super().__init__(self._witness)
        self._run = run
        self._thread_loops: list[asyncio.AbstractEventLoop] = []
        self._lock = threading.Lock()

    def _thread_loop(self) -> None:
        """Give an executor thread the event loop the mock monitor needs, and keep it to close.

        The SDK's own helper makes one per thread and never closes it; collected at exit, such a
        loop sometimes printed "Exception ignored in BaseEventLoop.__del__ ... Invalid file descriptor".
        """
        try:
            asyncio.get_event_loop()
        except RuntimeError:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            with self._lock:
                self._thread_loops.append(loop)

    def close_thread_loops(self) -> None:
        """Close the loops of the executor threads (they have finished by now)."""
        with self._lock:
            for loop in self._thread_loops:
                loop.close()
            self._thread_loops.clear()

    def ReadResource(self, request: Any) -> Any:
        self._thread_loop()
        return super().ReadResource(request)

    def RegisterResource(self, request: Any) -> Any:
        self._thread_loop()
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self._run.registrations.append(
                Registration(
                    urn=response.urn,
                    id=response.id,
                    type=request.type,
                    name=request.name,
                    parent=request.parent,
                    custom=request.custom,
                    provider=request.provider,
                    dependencies=sorted(set(request.dependencies)),
                    inputs=self._witness.inputs_seen(),
                    aliases=[_alias(alias) for alias in request.aliases],
                )
            )
        return response

    def Invoke(self, request: Any) -> Any:
        self._thread_loop()
        self._run.invocations.append(
            Invocation(request.tok, rpc.deserialize_properties(request.args), request.provider)
        )
        return super().Invoke(request)


def _alias(alias: Any) -> dict[str, Any]:
    """One alias of a RegisterResourceRequest (alias_pb2.Alias), as plain data."""
    if alias.WhichOneof("alias") == "urn":
        return {"urn": alias.urn}
    spec = alias.spec
    return {
        key: value for key, value in (("name", spec.name), ("type", spec.type), ("parentUrn", spec.parentUrn)) if value
    }


class _WarningRecorder(logging.Handler):
    def __init__(self, run: OfflineRun) -> None:
        super().__init__(logging.WARNING)
        self._run = run

    def emit(self, record: logging.LogRecord) -> None:
        self._run.warnings.append(record.getMessage())


def run_offline(
    program: Callable[[], object],
    world: pulumi.runtime.Mocks,
    *,
    project: str = "project",
    stack: str = "stack",
    config: Optional[dict[str, str]] = None,
    preview: bool = False,
) -> OfflineRun:
    """Run ``program`` against ``world`` as ``pulumi up`` would, or as ``pulumi preview`` with ``preview``
    (then what only AWS can know, such as new resources' IDs, stays unknown).

    Exceptions from the program propagate once the work it started is done.
    """
    run = OfflineRun()
    logger = logging.Logger("ei_pulumi.offline.runner", logging.WARNING)  # Pulumi's debug messages are never built
    logger.addHandler(_WarningRecorder(run))
    monitor = _RecordingMonitor(world, run)
    with _fresh_event_loop(monitor), _without_stack_traces(), _plain_urns_at_once():
        settings.set_root_resource(None)  # type: ignore[arg-type]  # a fresh stack for every run
        pulumi.runtime.set_mocks(world, project=project, stack=stack, preview=preview, logger=logger, monitor=monitor)
        pulumi.runtime.set_all_config(dict(config or {}))
        root = settings.get_root_resource()

        def body() -> Any:
            program()
            exported = root.outputs  # type: ignore[union-attr]
            run.secret_outputs = {
                name for name, value in exported.items() if _sync_await(pulumi.Output.from_input(value).is_secret())
            }
            return _sync_await(_settled(exported))

        result: dict[str, Any] = {}
        try:
            _sync_await(run_pulumi_func(lambda: result.update(outputs=body())))
        except Exception as exc:
            # A refusal, or a ConfigError raised once an Output's value was known, surfaces
            # wrapped in the errors of whatever depended on it; report it alone, as `pulumi up` does.
            refusals = getattr(world, "refusals", None)
            if refusals:
                raise AwsRefusal(refusals) from exc
            raise config_error_in(exc) or exc
    run.outputs = result.get("outputs") or {}
    return run


class _Unknown:
    """The marker of a value a preview does not know yet, which ``pulumi preview`` shows as output<string>."""

    def __repr__(self) -> str:
        return "[unknown]"


UNKNOWN: Any = _Unknown()
"""A stack output (or a part of one) that a preview does not know yet; compare with ``is``."""


async def _settled(value: Any) -> Any:
    """``value`` with every Output in it resolved: known values as they are, unknown ones as UNKNOWN.

    One unknown value leaves the rest known, as in ``pulumi preview`` (resolving the whole stack
    output map at once gave None for all of it).
    """
    if isinstance(value, pulumi.Output):
        if not await value.is_known():
            return UNKNOWN
        value = await value.future(with_unknowns=True)
    elif inspect.isawaitable(value):
        value = await value
    if isinstance(value, Mapping):
        return {key: await _settled(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [await _settled(item) for item in value]
    if isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN):
        return UNKNOWN
    return value


@contextmanager
def _without_stack_traces() -> Iterator[None]:
    """Skip the stack trace Pulumi captures for every resource: the engine shows it in diagnostics,
    and an offline run reads none of it, yet it is a fifth of the time of a large program.

    Pulumi has no switch for it; this replaces the SDK's private ``_get_stack_trace`` for the run
    (tests/test_offline.py fails if the SDK stops calling it, or renames it).
    """
    capture = resource_runtime._get_stack_trace
    resource_runtime._get_stack_trace = source_pb2.StackTrace
    try:
        yield
    finally:
        resource_runtime._get_stack_trace = capture


def _joined_urn(
    name: Any, type_: Any, parent: Any = None, project: Optional[str] = None, stack: Optional[str] = None
) -> Optional[str]:
    """The URN the SDK's ``create_urn`` makes of plain, known strings (parent's ``urn:...::type::name``
    or the stack's prefix, then ``type::name``), or None when any part is something else."""

    def plain(part: Any) -> bool:
        return isinstance(part, str) and part != rpc.UNKNOWN

    if not (plain(name) and plain(type_) and all(part is None or plain(part) for part in (parent, project, stack))):
        return None
    if parent is not None:
        prefix = parent[: parent.rfind("::")] + "$"
    else:
        prefix = f"urn:pulumi:{settings.get_stack() if stack is None else stack}::"
        prefix += f"{settings.get_project() if project is None else project}::"
    return f"{prefix}{type_}::{name}"


@contextmanager
def _plain_urns_at_once() -> Iterator[None]:
    """Compute a URN of plain strings at once, rather than through the SDK's chain of Outputs.

    For every registration the SDK builds the URN a run without a resource monitor would use (its
    ``create_urn``: three Outputs and two applies) and then drops it, as a monitor is always there.
    For plain, known strings the result is the same known string whichever way it is computed
    (``_joined_urn``); anything else (an Output, a Resource, an unknown) goes to the SDK's own.
    Pulumi has no switch for it; tests/test_offline.py fails if the SDK stops calling it, or renames it.
    """
    create_urn = resource_runtime.create_urn

    def plain_first(
        name: Any, type_: Any, parent: Any = None, project: Optional[str] = None, stack: Optional[str] = None
    ) -> pulumi.Output[str]:
        urn = _joined_urn(name, type_, parent, project, stack)
        return create_urn(name, type_, parent, project, stack) if urn is None else pulumi.Output.from_input(urn)

    resource_runtime.create_urn = plain_first
    try:
        yield
    finally:
        resource_runtime.create_urn = create_urn


@contextmanager
def _fresh_event_loop(monitor: _RecordingMonitor) -> Iterator[None]:
    """A loop of the run's own, closed after it: nothing is left for garbage collection at exit."""
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_unless_reported)
    asyncio.set_event_loop(loop)
    try:
        yield
    finally:
        # A failed run leaves the work it started behind: finish it here, and forget it, so the
        # next run (Pulumi's settings are global) does not wait on tasks of a closed loop.
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        settings.SETTINGS.outputs.clear()
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
        monitor.close_thread_loops()
        asyncio.set_event_loop(None)


def _unless_reported(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The loop's error report, except for refusals and config errors: the run reports those itself, once."""
    exc = context.get("exception")
    if not (isinstance(exc, AwsRefusal) or config_error_in(exc)):
        loop.default_exception_handler(context)
