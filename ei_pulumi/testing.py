"""Test programs that use ElasticInferenceSetup or SageMakerPrivateNetwork, offline: a simulated
AWS account and a runner.

Pulumi's own mocks do not answer the components' lookups (partition, region, the endpoint
services' AZs, your VPC, subnets, route tables and role), so a program using one fails under them
(with "Elastic Inference is not offered in None", for EI). This module gives you an account that answers them, and
judges every resource by AWS's documented rules, as the project's own tests and ``plan`` do::

    from ei_pulumi.testing import SimulatedAccount, SimulatedSubnet, SimulatedVpc, run

    def test_my_program():
        account = SimulatedAccount(
            region="us-west-2",
            vpcs={"vpc-0123456789abcdef0": SimulatedVpc()},
            subnets={
                "subnet-0123456789abcdef0": SimulatedSubnet("vpc-0123456789abcdef0", "us-west-2a"),
                "subnet-0fedcba9876543210": SimulatedSubnet("vpc-0123456789abcdef0", "us-west-2b"),
            },
            roles={"my-sagemaker-role": "arn:aws:iam::111122223333:role/my-sagemaker-role"},
        )
        result = run(my_program, account)
        (endpoint,) = result.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
        assert endpoint.inputs["privateDnsEnabled"] is True

Everything here is a stable, typed part of ei_pulumi's API.
"""

from typing import Any, Callable, Optional

from .offline.runner import UNKNOWN, Invocation, OfflineRun, Registration, run_offline
from .offline.simulated_aws import (
    AwsRefusal,
    SimulatedAws,
    SimulatedEndpoint,
    SimulatedSubnet,
    SimulatedVpc,
)

SimulatedAccount = SimulatedAws
"""A ``pulumi.runtime.Mocks``: an account, seeded in one region. Seed it with ``region`` (the
default provider's), ``service_azs`` (a list: the AZs where EI is offered there; a mapping: the AZs
of each endpoint service by full name, ``[]`` for one not offered; every service of
``ei_pulumi.aws_rules.services`` not named is offered in the region's a, b and c), ``vpcs``
(``SimulatedVpc(..., main_route_table_id=None)``), ``subnets`` (``SimulatedSubnet(..., route_table_id=None)``:
a subnet without one uses its VPC's main route table), ``roles`` (name -> ARN), ``endpoints`` and
``stack_outputs`` (for ``pulumi.StackReference``). An explicit ``aws.Provider`` is served in its own
``region``, which holds none of the seeded network. Resources the program creates are added as it
runs; one account is one deployment."""

Result = OfflineRun
"""What a run recorded: ``registrations`` (each with type, name, parent, dependencies and
inputs; ``of_type(token)`` filters them), ``invocations``, ``warnings`` and ``outputs`` (in a
preview, each value, or part of one, not known yet is ``UNKNOWN``)."""


def run(
    program: Callable[[], Any],
    account: Optional[SimulatedAws] = None,
    *,
    preview: bool = False,
    config: Optional[dict[str, str]] = None,
    project: str = "project",
    stack: str = "stack",
) -> OfflineRun:
    """Run ``program`` as ``pulumi up`` would (or ``pulumi preview``, with unknown IDs) against ``account``.

    :param program: What ``__main__.py`` would do: create resources, export outputs.
    :param account: The simulated account; a fresh one in us-east-1 if omitted.
    :param preview: Run as a preview: IDs and what only AWS computes stay unknown (``UNKNOWN`` in the outputs).
    :param config: Stack config as Pulumi passes it, ``{"namespace:key": "value"}``.
    :raises ei_pulumi.ConfigError: bad input to the component.
    :raises AwsRefusal: a resource AWS would refuse; ``.violations`` says why.
    """
    return run_offline(program, account or SimulatedAws(), project=project, stack=stack, config=config, preview=preview)


__all__ = [
    "UNKNOWN",
    "AwsRefusal",
    "Invocation",
    "Registration",
    "Result",
    "SimulatedAccount",
    "SimulatedEndpoint",
    "SimulatedSubnet",
    "SimulatedVpc",
    "run",
]
