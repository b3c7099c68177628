"""Values known now or later: settings checked once their Inputs are known, Outputs that wait.

A user's IDs may be plain values or Outputs (of resources in the same program, of a
StackReference). ``when_known`` runs a check at once on plain values, or inside an ``apply``
once Outputs resolve; ``attribute`` reads either. ``waiting_for`` gives a consumer of a value a
dependency on more resources without touching the value, so what is known in a preview stays
known.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Generator, TypeVar, Union

import pulumi

from .config import SettingsModel, holds_inputs, validated

T = TypeVar("T")
U = TypeVar("U")
Deferred = Union[T, pulumi.Output[T]]
"""A value known now, or one an Output will hold once the user's Inputs resolve."""


def when_known(config: SettingsModel, keys: tuple[str, ...], check: Callable[[SettingsModel], T]) -> Deferred[T]:
    """``check(config)`` now if the settings ``keys`` are plain; else once they are known.

    Known values are validated by the same model as plain ones, so a bad value arriving through
    an Output gets the same ConfigError naming its setting.
    """
    values = {key: getattr(config, key) for key in keys}
    if not any(holds_inputs(value) for value in values.values()):
        return check(config)
    given = {field: getattr(config, field) for field in config.model_fields_set}

    def known(resolved: dict[str, Any]) -> T:
        return check(validated(type(config), {**given, **resolved}))

    return pulumi.Output.all(**{key: pulumi.Output.from_input(value) for key, value in values.items()}).apply(known)


def then(value: Deferred[T], make: Callable[[T], U]) -> Deferred[U]:
    """``make(value)`` for a value known now, or an Output of it for one known later."""
    if isinstance(value, pulumi.Output):
        return value.apply(make)
    return make(value)


def attribute(value: Deferred[Any], name: str) -> Any:
    """An attribute of a value known now, or an Output of the attribute of one known later."""
    return then(value, lambda known: getattr(known, name))


class _Lazily:
    """An awaitable that makes its coroutine only when awaited: one never awaited (a run that
    failed first) leaves no "coroutine was never awaited" warning behind."""

    def __init__(self, make: Callable[[], Awaitable[Any]]) -> None:
        self._make = make

    def __await__(self) -> Generator[Any, None, Any]:
        return self._make().__await__()


def waiting_for(value: pulumi.Input[T], resources: list[pulumi.Resource]) -> pulumi.Output[T]:
    """``value``, carrying a dependency on ``resources`` as well: whatever consumes it waits for them.

    The value itself is untouched, so what is known in a preview stays known (an ``apply`` over
    the resources' IDs would make it unknown there).
    """
    output = pulumi.Output.from_input(value)

    async def dependencies() -> set[pulumi.Resource]:
        return set(await output.resources()) | set(resources)

    return pulumi.Output(
        _Lazily(dependencies), _Lazily(output.future), _Lazily(output.is_known), _Lazily(output.is_secret)
    )
