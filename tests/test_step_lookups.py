"""The lookups before anything is created (issue 19): which provider answers, and what a failure names.

``invoke_options`` is pure: its providers here are plain stand-ins with a ``package``, as
pulumi's ProviderResource has.
"""

from __future__ import annotations

from types import SimpleNamespace

import pulumi
import pytest

from ei_pulumi.steps.lookups import invoke_options

AWS = SimpleNamespace(package="aws")
KUBERNETES = SimpleNamespace(package="kubernetes")
PARENT = SimpleNamespace(name="the component's parent")


@pytest.mark.parametrize(
    "opts",
    [
        pulumi.ResourceOptions(provider=AWS),
        pulumi.ResourceOptions(provider=AWS, providers=[KUBERNETES]),
        pulumi.ResourceOptions(provider=KUBERNETES, providers=[AWS]),
        pulumi.ResourceOptions(providers={"kubernetes": KUBERNETES, "aws": AWS}),
    ],
    ids=["provider", "provider before providers", "providers after another package's", "providers by package"],
)
def test_the_lookups_take_the_aws_provider_wherever_the_options_hold_it(opts: pulumi.ResourceOptions) -> None:
    assert invoke_options(opts).provider is AWS


@pytest.mark.parametrize(
    "opts", [None, pulumi.ResourceOptions(provider=KUBERNETES, providers={"kubernetes": KUBERNETES})]
)
def test_without_an_aws_provider_the_lookups_take_the_default_one(opts: pulumi.ResourceOptions) -> None:
    assert invoke_options(opts).provider is None


def test_the_lookups_inherit_from_the_components_parent() -> None:
    found = invoke_options(pulumi.ResourceOptions(parent=PARENT, provider=AWS))
    assert (found.parent, found.provider) == (PARENT, AWS)
