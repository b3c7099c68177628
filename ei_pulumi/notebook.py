"""The next step after `pulumi up`: notebook instances and models in the prepared VPC.

Turns the stack's outputs (``pulumi stack output --json``) into the arguments SageMaker's
APIs take. Plain functions: other code can call them with the outputs it already has.
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from typing import Any, Mapping, Optional

from .config import did_you_mean

DEFAULT_INSTANCE_TYPE = "ml.t3.medium"
DEFAULT_NOTEBOOK_NAME = "ei-notebook"
SUCCESSOR_INSTANCE_TYPES = ("ml.g4dn.xlarge", "ml.inf2.xlarge")
"""Notebook instance types with an accelerator of their own (GPU, Inferentia): what replaces an EI accelerator."""

ELASTIC_INFERENCE_SETUP = "ElasticInferenceSetup"
PRIVATE_NETWORK = "SageMakerPrivateNetwork"

_ROLE_ARN = re.compile(r"^arn:aws(-[a-z]+)*:iam::\d{12}:role/.+$")
_EXPORT_ALL = "export it, or every output with ei_pulumi.stack.export_outputs(setup)"
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


def component_of(outputs: Mapping[str, Any]) -> Optional[str]:
    """Which component's outputs these are, as far as they tell: ``vpcEndpointIds`` is a
    SageMakerPrivateNetwork's, ``vpcEndpointId`` or ``serviceName`` an ElasticInferenceSetup's.
    A program that exports neither (``roleArn`` and ``sagemakerVpcConfig`` alone) does not tell: None."""
    if "vpcEndpointIds" in outputs:
        return PRIVATE_NETWORK
    if "vpcEndpointId" in outputs or "serviceName" in outputs:
        return ELASTIC_INFERENCE_SETUP
    return None


@cache
def _sagemaker_shapes() -> Mapping[str, Any]:
    """Every shape of SageMaker's API model as botocore ships it (botocore/data/sagemaker/<version>/
    service-2.json; botocore comes with boto3): constraints from AWS's own model, not a copy that
    would age. https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstance.html
    """
    import botocore.loaders

    return botocore.loaders.create_loader().load_service_model("sagemaker", "service-2")["shapes"]


def _shape(member: str) -> Mapping[str, Any]:
    """The shape of one of CreateNotebookInstance's members."""
    shapes = _sagemaker_shapes()
    return shapes[shapes["CreateNotebookInstanceInput"]["members"][member]["shape"]]


def _text(outputs: Mapping[str, Any], key: str, pattern: re.Pattern[str], example: str) -> str:
    if key not in outputs:
        raise StackOutputError(key, f"is missing; {_EXPORT_ALL}")
    value = outputs[key]
    if not isinstance(value, str) or not pattern.match(value):
        raise StackOutputError(key, f"must look like {example} (got {value!r})")
    return value


def _subnets(outputs: Mapping[str, Any]) -> list[str]:
    if "subnetIds" not in outputs:
        raise StackOutputError("subnetIds", f"is missing; {_EXPORT_ALL}")
    value = outputs["subnetIds"]
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and _SUBNET_ID.match(s) for s in value):
        raise StackOutputError("subnetIds", f"must be a non-empty list of subnet IDs (got {value!r})")
    return value


def _exported_vpc_config(value: Any) -> dict[str, list[str]]:
    """The ``sagemakerVpcConfig`` output, checked against SageMaker's VpcConfig shape."""
    shapes = _sagemaker_shapes()
    members = shapes["VpcConfig"]["members"]
    limits = {key: shapes[member["shape"]] for key, member in members.items()}  # Subnets, SecurityGroupIds
    patterns = {"Subnets": _SUBNET_ID, "SecurityGroupIds": _GROUP_ID}
    if not (
        isinstance(value, dict)
        and set(value) == set(members)
        and all(
            isinstance(value[key], list)
            and limit["min"] <= len(value[key]) <= limit["max"]
            and all(isinstance(item, str) and patterns[key].match(item) for item in value[key])
            for key, limit in limits.items()
        )
    ):
        shape = ", ".join(f'"{key}": [{limit["min"]} to {limit["max"]} IDs]' for key, limit in limits.items())
        raise StackOutputError("sagemakerVpcConfig", f"must be SageMaker's VpcConfig, {{{shape}}} (got {value!r})")
    return {"Subnets": value["Subnets"], "SecurityGroupIds": value["SecurityGroupIds"]}


def vpc_config(outputs: Mapping[str, Any]) -> dict[str, list[str]]:
    """``vpc_config`` for the SageMaker Python SDK's ``Model(...)``: the endpoint's subnets, the SageMaker group.

    From ``sagemakerVpcConfig`` where the stack exports it (a program that uses the component
    often exports just that and ``roleArn``, as examples/compose does), else from ``subnetIds``
    and ``sagemakerSecurityGroupId``.
    """
    if "sagemakerVpcConfig" in outputs:
        return _exported_vpc_config(outputs["sagemakerVpcConfig"])
    if "subnetIds" not in outputs and "sagemakerSecurityGroupId" not in outputs:
        raise StackOutputError(
            "sagemakerVpcConfig", f"is missing, and so are subnetIds and sagemakerSecurityGroupId; {_EXPORT_ALL}"
        )
    group = _text(outputs, "sagemakerSecurityGroupId", _GROUP_ID, "sg-0123456789abcdef0")
    return {"Subnets": _subnets(outputs), "SecurityGroupIds": [group]}


def instance_types() -> list[str]:
    """Every instance type a notebook instance can have (the InstanceType enum)."""
    return list(_shape("InstanceType")["enum"])


def accelerator_types() -> list[str]:
    """Every EI accelerator type a notebook instance could have (the AcceleratorTypes members' enum)."""
    return list(_sagemaker_shapes()[_shape("AcceleratorTypes")["member"]["shape"]]["enum"])


def check_notebook(name: str, instance_type: str) -> None:
    """Refuse what CreateNotebookInstance would refuse in the name and instance type."""
    name_shape = _shape("NotebookInstanceName")
    # The model's patterns are unanchored; SageMaker matches the whole name.
    if not (len(name) <= name_shape["max"] and re.fullmatch(name_shape["pattern"], name)):
        raise ValueError(
            f"notebook name {name!r}: SageMaker takes 1 to {name_shape['max']} letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
    if instance_type in accelerator_types():
        raise ValueError(
            f"instance type {instance_type!r} is an Elastic Inference accelerator, not an instance type: "
            f"give it as the accelerator type (--accelerator-type), with an instance type such as {DEFAULT_INSTANCE_TYPE}"
        )
    if instance_type not in instance_types():
        hint = did_you_mean(instance_type, instance_types()) or f" (such as {DEFAULT_INSTANCE_TYPE})"
        raise ValueError(f"instance type {instance_type!r} is not one SageMaker offers for notebooks{hint}")


def check_accelerator(accelerator_type: Optional[str], outputs: Mapping[str, Any]) -> None:
    """Only EI accelerators exist for notebooks, and only an EI setup (or outputs that do not tell) takes one."""
    if accelerator_type is None:
        return
    if component_of(outputs) == PRIVATE_NETWORK:
        raise ValueError(
            f"accelerator type {accelerator_type!r}: these are a {PRIVATE_NETWORK}'s outputs (vpcEndpointIds), and "
            "Elastic Inference ended in April 2024; drop --accelerator-type and choose an instance type with an "
            f"accelerator of its own, such as {' or '.join(SUCCESSOR_INSTANCE_TYPES)}"
        )
    if accelerator_type not in accelerator_types():
        raise ValueError(
            f"accelerator type {accelerator_type!r} is not an EI accelerator; use one of "
            f"{', '.join(accelerator_types())}"
        )


def notebook_instance_kwargs(
    outputs: Mapping[str, Any],
    *,
    instance_type: str = DEFAULT_INSTANCE_TYPE,
    accelerator_type: Optional[str] = None,
    name: str = DEFAULT_NOTEBOOK_NAME,
) -> dict[str, Any]:
    """Keyword arguments of boto3's ``sagemaker.create_notebook_instance`` for this stack.

    No direct internet access: the notebook reaches AWS through the stack's endpoints (EI's, or a
    SageMakerPrivateNetwork's), from one of the subnets of ``sagemakerVpcConfig``.
    """
    check_notebook(name, instance_type)
    check_accelerator(accelerator_type, outputs)
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
