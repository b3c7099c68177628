"""The next step after `pulumi up`: notebook instances and models in the prepared VPC.

Turns the stack's outputs (``pulumi stack output --json``) into the arguments SageMaker's
APIs take. Plain functions: other code can call them with the outputs it already has.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any, Mapping, Optional

ACCELERATOR_TYPES = tuple(
    f"ml.{family}.{size}" for family in ("eia1", "eia2") for size in ("medium", "large", "xlarge")
)
DEFAULT_INSTANCE_TYPE = "ml.t3.medium"
DEFAULT_NOTEBOOK_NAME = "ei-notebook"

_ROLE_ARN = re.compile(r"^arn:aws(-[a-z]+)*:iam::\d{12}:role/.+$")
# CreateNotebookInstance: NotebookInstanceName is at most 63 characters of [a-zA-Z0-9](-*[a-zA-Z0-9])*;
# InstanceType is one of SageMaker's ml.<family>.<size> types.
# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstance.html
_NOTEBOOK_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
_INSTANCE_TYPE = re.compile(r"^ml\.[a-z][a-z0-9-]*\.(medium|large|\d*xlarge)$")
_SUBNET_ID = re.compile(r"^subnet-[0-9a-z]+$")
_GROUP_ID = re.compile(r"^sg-[0-9a-z]+$")


class StackOutputError(ValueError):
    """A stack output the next step needs is missing or malformed; ``output`` names it."""

    def __init__(self, output: str, problem: str) -> None:
        self.output = output
        super().__init__(f"stack output {output}: {problem}")


def parse_stack_outputs(text: str) -> dict[str, Any]:
    """The JSON object ``pulumi stack output --json`` prints, or the outputs of ``plan --format json``."""
    try:
        outputs = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StackOutputError("(all)", f"not JSON ({exc}); pipe `pulumi stack output --json`") from None
    if not isinstance(outputs, dict):
        raise StackOutputError("(all)", "must be a JSON object of outputs")
    if outputs.get("simulated") is True and isinstance(outputs.get("outputs"), dict):
        return outputs["outputs"]  # a plan: its simulated outputs, for trying the next step offline
    return outputs


def _text(outputs: Mapping[str, Any], key: str, pattern: re.Pattern[str], example: str) -> str:
    if key not in outputs:
        raise StackOutputError(key, "is missing; was the stack deployed with ei_pulumi's program?")
    value = outputs[key]
    if not isinstance(value, str) or not pattern.match(value):
        raise StackOutputError(key, f"must look like {example} (got {value!r})")
    return value


def _subnets(outputs: Mapping[str, Any]) -> list[str]:
    if "subnetIds" not in outputs:
        raise StackOutputError("subnetIds", "is missing; was the stack deployed with ei_pulumi's program?")
    value = outputs["subnetIds"]
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and _SUBNET_ID.match(s) for s in value):
        raise StackOutputError("subnetIds", f"must be a non-empty list of subnet IDs (got {value!r})")
    return value


def vpc_config(outputs: Mapping[str, Any]) -> dict[str, list[str]]:
    """``vpc_config`` for the SageMaker Python SDK's ``Model(...)``: the endpoint's subnets, the SageMaker group."""
    group = _text(outputs, "sagemakerSecurityGroupId", _GROUP_ID, "sg-0123456789abcdef0")
    return {"Subnets": _subnets(outputs), "SecurityGroupIds": [group]}


def check_notebook(name: str, instance_type: str) -> None:
    """Refuse what CreateNotebookInstance would refuse in the name and instance type."""
    if not _NOTEBOOK_NAME.match(name):
        raise ValueError(
            f"notebook name {name!r}: SageMaker takes 1 to 63 letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
    if not _INSTANCE_TYPE.match(instance_type):
        raise ValueError(f"instance type {instance_type!r} is not a SageMaker type like {DEFAULT_INSTANCE_TYPE}")


def check_accelerator(accelerator_type: Optional[str]) -> None:
    """Only EI accelerators exist for notebooks."""
    if accelerator_type is not None and accelerator_type not in ACCELERATOR_TYPES:
        raise ValueError(
            f"accelerator type {accelerator_type!r} is not an EI accelerator; use one of {', '.join(ACCELERATOR_TYPES)}"
        )


def notebook_instance_kwargs(
    outputs: Mapping[str, Any],
    *,
    instance_type: str = DEFAULT_INSTANCE_TYPE,
    accelerator_type: Optional[str] = None,
    name: str = DEFAULT_NOTEBOOK_NAME,
) -> dict[str, Any]:
    """Keyword arguments of boto3's ``sagemaker.create_notebook_instance`` for this stack.

    No direct internet access: the notebook reaches EI through the endpoint, in one of its subnets.
    """
    check_notebook(name, instance_type)
    check_accelerator(accelerator_type)
    network = vpc_config(outputs)
    kwargs: dict[str, Any] = {
        "NotebookInstanceName": name,
        "InstanceType": instance_type,
        "RoleArn": _text(outputs, "roleArn", _ROLE_ARN, "arn:aws:iam::111122223333:role/NAME"),
        "SubnetId": network["Subnets"][0],
        "SecurityGroupIds": network["SecurityGroupIds"],
        "DirectInternetAccess": "Disabled",
    }
    if accelerator_type is not None:
        kwargs["AcceleratorTypes"] = [accelerator_type]
    return kwargs


def aws_cli_command(kwargs: Mapping[str, Any]) -> str:
    """The same request as one ``aws sagemaker create-notebook-instance`` command line."""
    words = ["aws", "sagemaker", "create-notebook-instance"]
    for key, value in kwargs.items():
        option = "--" + re.sub(r"(?<!^)(?=[A-Z])", "-", key).lower()
        words += [option, *value] if isinstance(value, list) else [option, value]
    return " ".join(shlex.quote(word) for word in words)
