"""The component's typed configuration, and the one error type bad input gets.

Everything here is a plain function of plain values: it runs before any lookup or resource.
IDs and tag values may also be Pulumi Inputs (Outputs of other resources, of a
StackReference): those pass through, and the same model judges their values once known.
"""

from __future__ import annotations

import difflib
import inspect
import ipaddress
import re
import typing
from contextlib import contextmanager
from contextvars import ContextVar
from typing import (
    Annotated,
    Any,
    Callable,
    ClassVar,
    Iterable,
    Iterator,
    Literal,
    Mapping,
    Optional,
    TypeVar,
    Union,
)

import pulumi
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import Self

from .aws_rules import cidr
from .aws_rules.iam import ROLE_NAME, role_name
from .aws_rules.tags import IAM_TAG_CHARACTER_NAMES, MAX_TAGS, iam_tags

# The prefix and hex digits of AWS's IDs; whether one exists is the lookup's job.
_VPC_ID = re.compile(r"^vpc-[0-9a-f]+$")
_RFC1918 = tuple(ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
# "Some AWS services use the 172.17.0.0/16 CIDR range [...] services like Amazon SageMaker AI
# can experience IP address conflicts if you use this range."
# https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
_SAGEMAKER_RESERVED = ipaddress.IPv4Network("172.17.0.0/16")

DEFAULT_VPC_CIDR = "10.0.0.0/16"
SETUP_TAG = "ei-pulumi:setup"
"""The tag that marks each setup's own endpoint (``<project>/<stack>/<name>``); the component sets it."""


# How the settings are named where the user gives them: field names in Python (the default),
# stack keys in a Pulumi stack (stack.py), camelCase for other languages (multilang/). Errors
# and warnings are written with field names and rendered in the vocabulary of the context, so
# one message never mixes `sagemaker-ei:subnetIds` with `vpc_id`.
_VOCABULARY: ContextVar[Callable[[str], str]] = ContextVar("ei_pulumi_vocabulary", default=lambda field: field)
# Whether the values were written in YAML (a stack file), where a number meant as text needs quotes.
_WRITTEN_IN_YAML: ContextVar[bool] = ContextVar("ei_pulumi_written_in_yaml", default=False)


@contextmanager
def vocabulary(name: Callable[[str], str], *, written_in_yaml: bool = False) -> Iterator[None]:
    """Within the block, errors and warnings call each setting ``name(field)``; ``written_in_yaml``
    says the values come from a stack file, so a number given for text gets the hint to quote it."""
    token, yaml_token = _VOCABULARY.set(name), _WRITTEN_IN_YAML.set(written_in_yaml)
    try:
        yield
    finally:
        _WRITTEN_IN_YAML.reset(yaml_token)
        _VOCABULARY.reset(token)


def in_vocabulary(text: str) -> str:
    """``text`` with every setting it mentions named as the current context names it.

    A message may start with the setting it is about (``permissions: ignored, ...``); within the
    text, settings are recognised by their snake_case names, which no English word shares.
    """
    key, sep, rest = text.partition(": ")
    if sep and key in SETTINGS:
        return f"{_VOCABULARY.get()(key)}: {_renamed(rest)}"
    return _renamed(text)


def _renamed(text: str) -> str:
    """``text`` with the snake_case settings it mentions named in the current vocabulary."""
    name = _VOCABULARY.get()
    return _MENTIONED.sub(lambda match: name(match.group(0)), text)


class ConfigError(ValueError):
    """Bad input, found before anything is created.

    ``key`` names the offending setting (a config field, or ``aws:region``) as the context names
    it (``subnet_ids`` in Python, ``sagemaker-ei:subnetIds`` in a stack); the message says what
    was wrong and what would be valid.
    """

    def __init__(self, key: str, problem: str) -> None:
        self.field = key
        """The setting's field name, whatever the context calls it."""
        self.key = _VOCABULARY.get()(key) if key in SETTINGS else key
        self.problem = _renamed(problem)
        super().__init__(f"{self.key}: {self.problem}")


def config_error_in(exc: Optional[BaseException]) -> Optional[ConfigError]:
    """The ConfigError among ``exc`` and its causes: the SDK wraps an error raised in an ``apply`` in
    the errors of each resource and value that waited for it, and a provider's own in ComponentInitError."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, ConfigError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def is_input(value: Any) -> bool:
    """Whether ``value`` is a Pulumi Input that may not be known yet: an Output or an awaitable."""
    return isinstance(value, pulumi.Output) or inspect.isawaitable(value)


def holds_inputs(value: Any) -> bool:
    """Whether ``value``, or an item of it (of a list, or a value of a map), is an Input not known yet."""
    items = value.values() if isinstance(value, Mapping) else value if isinstance(value, list) else []
    return is_input(value) or any(is_input(v) for v in items)


def _text_or_input(value: Any) -> Any:
    if not is_input(value) and not isinstance(value, str):
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        hint = "; quote it in YAML" if number and _WRITTEN_IN_YAML.get() else ""
        raise ValueError(f"expected a string or an Output of one (got {type(value).__name__}{hint})")
    return value


def _id_input(valid: Callable[[str], object], what: str) -> Callable[[Any], Any]:
    """A validator for an ID that may be an Input: a plain ID must look like ``what``."""

    def check(value: Any) -> Any:
        value = _text_or_input(value)
        if isinstance(value, str) and not valid(value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return check


_check_subnet_id = _id_input(re.compile(r"^subnet-[0-9a-f]+$").match, "a subnet ID like subnet-0123456789abcdef0")


def _duplicates(items: list[Any]) -> list[str]:
    """The plain strings ``items`` lists more than once."""
    plain = [item for item in items if isinstance(item, str)]
    return sorted({item for item in plain if plain.count(item) > 1})


def _subnet_ids_input(why_two: str) -> Callable[[Any], Any]:
    """A validator for a list of subnet IDs, each possibly an Input, or one Input of the whole list;
    ``why_two`` says why it needs two of them."""

    def check(value: Any) -> Any:
        if is_input(value):
            return value  # judged item by item once known
        if not isinstance(value, list):
            raise ValueError(f"expected a list of subnet IDs, or an Output of one (got {type(value).__name__})")
        for index, item in enumerate(value):
            try:
                _check_subnet_id(item)
            except ValueError as exc:
                raise ValueError(f"item {str(index)!r}: {exc}") from None
        if _duplicates(value):
            raise ValueError(f"lists {', '.join(_duplicates(value))} more than once")
        if len(value) < 2:
            raise ValueError(
                f"needs at least two subnets in different Availability Zones (got {len(value)}); {why_two}"
            )
        return value

    return check


_EI_NEEDS_TWO = "EI does not work with fewer than two AZs"
# "AWS recommends two AZs or more": PrivateLink endpoints' availability, and SageMaker hosting, which
# asks for "at least two subnets in different availability zones [...] even if you have only one hosting
# instance" (https://docs.aws.amazon.com/sagemaker/latest/dg/host-vpc.html).
_NETWORK_NEEDS_TWO = (
    "AWS recommends two AZs or more for the endpoints' availability, and SageMaker hosting requires them"
)

VpcIdInput = Annotated[Any, PlainValidator(_id_input(_VPC_ID.match, "a VPC ID like vpc-0123456789abcdef0"))]
"""A VPC ID, or an Input of one."""
SubnetIdsInput = Annotated[Any, PlainValidator(_subnet_ids_input(_EI_NEEDS_TWO))]
"""Subnet IDs: a list whose items may be Inputs, or one Input of a list."""
NetworkSubnetIdsInput = Annotated[Any, PlainValidator(_subnet_ids_input(_NETWORK_NEEDS_TWO))]
"""Subnet IDs for a SageMakerPrivateNetwork: the same, for its own reason to want two AZs."""
RoleNameInput = Annotated[
    Any, PlainValidator(_id_input(lambda name: not role_name(name), f"an IAM role name: {ROLE_NAME.text}"))
]
"""An IAM role name, or an Input of one."""
TagValueInput = Annotated[Any, PlainValidator(_text_or_input)]
"""A tag value, or an Input of one."""


def _conflict(key: str, problem: str) -> PydanticCustomError:
    """A whole-config rule's error, carrying the key it is about (pydantic gives it no location)."""
    return PydanticCustomError("config_conflict", "{problem}", {"key": key, "problem": problem})


_VPC_ID_DESCRIPTION = "Existing VPC to set up (vpc-...). Omit it to have the component create a small private VPC."
_VPC_CIDR_DESCRIPTION = (
    "IPv4 range of the VPC the component creates, written as its network (10.0.0.0/16, not a netmask "
    "or leading zeros, which pulumi-aws refuses): within 10.0.0.0/8, 172.16.0.0/12 or "
    "192.168.0.0/16, /16 to /24, not overlapping 172.17.0.0/16 (where SageMaker can hit address conflicts). "
    "Each subnet is a fixed eighth of it. Ignored with vpc_id."
)


class _Settings(BaseModel):
    """What both components' configurations share: strictness, errors, and the rules of shared settings.

    A subclass declares its fields (the order is theirs: tables and schemas list them so); the validators
    here apply to those it has, and ``_WHY_TWO_AZS`` says why it needs two AZs.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    _WHY_TWO_AZS: ClassVar[str] = ""

    def __init__(self, **settings: Any) -> None:
        """Raises ConfigError, naming the first setting that is wrong, as validate_config does."""
        try:
            super().__init__(**settings)
        except ValidationError as exc:
            raise _describe(exc.errors()[0], type(self)) from None

    @model_validator(mode="before")
    @classmethod
    def _none_means_default(cls, data: Any) -> Any:
        """``None`` for a setting means its default, as in Pulumi's own args."""
        if isinstance(data, Mapping):
            return {key: value for key, value in data.items() if value is not None}
        return data

    @field_validator("vpc_cidr", check_fields=False)
    @classmethod
    def _vpc_cidr_range(cls, value: str) -> str:
        # Refused, not normalised, where pulumi-aws would refuse it (netmask form, leading zeros, host
        # bits): the user sees the block AWS gets, written as they wrote it.
        problem = cidr.canonical_problem(value, 0, 32)
        if problem:
            raise ValueError(
                f"must be an IPv4 CIDR block written as pulumi-aws takes it, like {DEFAULT_VPC_CIDR} ({problem})"
            )
        network = ipaddress.IPv4Network(value)
        if not 16 <= network.prefixlen <= 24:
            raise ValueError(f"prefix must be /16 to /24 (got /{network.prefixlen})")
        if not any(network.subnet_of(private) for private in _RFC1918):
            raise ValueError("must lie in a private range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")
        if network.overlaps(_SAGEMAKER_RESERVED):
            raise ValueError(
                f"overlaps {_SAGEMAKER_RESERVED}, where AWS's VPC guide warns that SageMaker can hit IP "
                f"address conflicts; choose another range, such as {DEFAULT_VPC_CIDR}"
            )
        return value

    @field_validator("availability_zone_count", check_fields=False)
    @classmethod
    def _az_count_range(cls, value: int) -> int:
        if not 2 <= value <= 6:
            raise ValueError(f"must be 2 to 6 (got {value}); {cls._WHY_TWO_AZS}")
        return value

    @field_validator("tags", check_fields=False)
    @classmethod
    def _tags_within_limits(cls, value: dict[str, Any]) -> dict[str, Any]:
        if SETUP_TAG in value:
            raise ValueError(f"{SETUP_TAG!r} is set by the component itself: it marks each setup's endpoint")
        if len(value) >= MAX_TAGS:
            raise ValueError(
                f"at most {MAX_TAGS - 1} tags (got {len(value)}): AWS allows {MAX_TAGS} on a resource, "
                f"and the endpoint also carries {SETUP_TAG}"
            )
        violations = iam_tags(value, keys_ignore_case=True)  # the strictest: they reach the role
        if violations:
            raise ValueError(violations[0].problem)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        vpc_id, subnet_ids = getattr(self, "vpc_id", None), getattr(self, "subnet_ids", None)
        if vpc_id is not None and subnet_ids is None:
            raise _conflict("subnet_ids", "is required with vpc_id: list two or more of its subnets")
        if vpc_id is None and subnet_ids is not None:
            raise _conflict("vpc_id", "is required with subnet_ids: name the VPC they belong to")
        return self


class ElasticInferenceConfig(_Settings):
    """What one Elastic Inference setup needs: where it goes and how permissive it is.

    Give ``vpc_id`` and ``subnet_ids`` to use an existing VPC, or neither to let the component
    create a small private VPC of its own.
    """

    _WHY_TWO_AZS: ClassVar[str] = "EI needs at least two AZs"

    vpc_id: Optional[VpcIdInput] = Field(default=None, description=_VPC_ID_DESCRIPTION)
    subnet_ids: Optional[SubnetIdsInput] = Field(
        default=None,
        description="Subnets of vpc_id for the endpoint: at least two, no duplicates, in distinct AZs that offer "
        "EI; the first in each such AZ is used. Required with vpc_id, refused without it.",
    )
    vpc_cidr: str = Field(default=DEFAULT_VPC_CIDR, description=_VPC_CIDR_DESCRIPTION)
    availability_zone_count: int = Field(
        default=2,
        description="How many AZs the created VPC spans, 2 to 6: the first, by name, that offer EI. "
        "Ignored with vpc_id.",
    )
    permissions: Literal["managed", "custom"] = Field(
        default="managed",
        description="How the new role gets the EI permissions: 'managed' attaches AmazonSageMakerFullAccess, "
        "'custom' the page's full custom policy. Ignored with existing_role_name.",
    )
    existing_role_name: Optional[RoleNameInput] = Field(
        default=None,
        description="Existing IAM role to give the minimal EI statement "
        "(elastic-inference:Connect, ec2:DescribeVpcEndpoints) instead of creating a role.",
    )
    traffic: Literal["https", "all"] = Field(
        default="https",
        description="What the SageMaker group may send to the endpoint group: 'https' (TCP 443, what EI "
        "clients use) or 'all' (all traffic, the page's wording).",
    )
    private_dns_enabled: bool = Field(
        default=True,
        description="Private DNS on the endpoint, so SDKs reach EI by its usual name; needs DNS support and "
        "hostnames on the VPC, and no other private-DNS EI endpoint there.",
    )
    tags: dict[str, TagValueInput] = Field(
        default_factory=dict,
        description="Tags for every taggable resource: at most 49, as the endpoint also carries ei-pulumi:setup; "
        f"keys 1 to 128 and values up to 256 characters of {IAM_TAG_CHARACTER_NAMES} (IAM's rules: they reach the "
        "role); no aws: prefix; no two keys that differ only in case. Values given as Outputs are checked once known.",
    )
    allow_any_region: bool = Field(
        default=False,
        description="Allow a region outside us-east-1, us-east-2, us-west-2, eu-west-1, ap-northeast-1 and "
        "ap-northeast-2, where EI never existed.",
    )


Feature = Literal["notebook", "hosting", "training", "studio"]
"""A SageMaker feature whose endpoints a SageMakerPrivateNetwork creates (aws_rules.services.FEATURES)."""
DEFAULT_FEATURES: tuple[Feature, ...] = ("notebook",)
# A short name (ecr.api) or a full one (com.amazonaws.us-east-1.ecr.api, aws.sagemaker.us-east-1.studio):
# the lower-case letters, digits, dots and hyphens of AWS's service names.
_SERVICE_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


class SageMakerPrivateNetworkConfig(_Settings):
    """What one SageMaker network without internet needs: which features, and where it goes.

    Give ``vpc_id`` and ``subnet_ids`` to use an existing VPC, or neither to let the component
    create a small private VPC of its own.
    """

    _WHY_TWO_AZS: ClassVar[str] = "AWS recommends two AZs or more"

    features: list[Feature] = Field(
        default_factory=lambda: list(DEFAULT_FEATURES),
        description="SageMaker features to reach without internet, each with the endpoints AWS's guide lists for "
        "it: notebook (sagemaker.api, sagemaker.runtime, the notebook UI, S3), hosting (sagemaker.runtime, S3), "
        "training (S3; traffic within the SageMaker group), studio (sagemaker.api, sagemaker.runtime, the Studio "
        "UI, S3; NFS and TCP 8192-65535 within the group).",
    )
    extra_services: list[str] = Field(
        default_factory=list,
        description="More interface services: a short name such as ecr.api (named by the partition's rule) or a "
        "full name such as com.amazonaws.us-east-1.ecr.dkr. Each is looked up before anything is created.",
    )
    vpc_id: Optional[VpcIdInput] = Field(default=None, description=_VPC_ID_DESCRIPTION)
    subnet_ids: Optional[NetworkSubnetIdsInput] = Field(
        default=None,
        description="Subnets of vpc_id for the workloads: at least two, no duplicates, in at least two AZs. Each "
        "interface endpoint takes the first in each AZ that offers its service; the S3 gateway takes their route "
        "tables. Required with vpc_id, refused without it.",
    )
    vpc_cidr: str = Field(default=DEFAULT_VPC_CIDR, description=_VPC_CIDR_DESCRIPTION)
    availability_zone_count: int = Field(
        default=2,
        description="How many AZs the created VPC spans, 2 to 6: the first, by name, that offer every interface "
        "service of the network. Ignored with vpc_id.",
    )
    existing_role_name: Optional[RoleNameInput] = Field(
        default=None,
        description="Existing IAM role for the workloads, used as it is, instead of a new role with "
        "AmazonSageMakerFullAccess.",
    )
    private_dns_enabled: bool = Field(
        default=True,
        description="Private DNS on every interface endpoint, so SDKs reach each service by its usual name; needs "
        "DNS support and hostnames on the VPC, and no other private-DNS endpoint of the same service there.",
    )
    tags: dict[str, TagValueInput] = Field(
        default_factory=dict,
        description="Tags for every taggable resource: at most 49, as the endpoints also carry ei-pulumi:setup; "
        f"keys 1 to 128 and values up to 256 characters of {IAM_TAG_CHARACTER_NAMES} (IAM's rules: they reach the "
        "role); no aws: prefix; no two keys that differ only in case. Values given as Outputs are checked once known.",
    )
    replaces_ei_setup: Optional[str] = Field(
        default=None,
        description="Name of the ElasticInferenceSetup this network replaces in the same stack: its VPC, subnets, "
        "role and security groups are kept (under aliases, the groups with their descriptions, which AWS cannot "
        "change in place) and its EI endpoint is deleted.",
    )

    @field_validator("features")
    @classmethod
    def _features_once(cls, value: list[str]) -> list[str]:
        if _duplicates(value):
            raise ValueError(f"lists {', '.join(_duplicates(value))} more than once")
        return value

    @field_validator("extra_services")
    @classmethod
    def _service_names(cls, value: list[str]) -> list[str]:
        for index, name in enumerate(value):
            if not _SERVICE_NAME.match(name):
                raise ValueError(
                    f"item {str(index)!r}: {name!r} is not a service name: a short one such as ecr.api, or a full "
                    "one such as com.amazonaws.us-east-1.ecr.api"
                )
        if _duplicates(value):
            raise ValueError(f"lists {', '.join(_duplicates(value))} more than once")
        return value

    @field_validator("replaces_ei_setup")
    @classmethod
    def _component_name(cls, value: str) -> str:
        if not value or "::" in value:
            raise ValueError(
                f"{value!r} is not a component's name: it names the ElasticInferenceSetup, as the program did"
            )
        return value

    @model_validator(mode="after")
    def _some_endpoint(self) -> Self:
        if not self.features and not self.extra_services:
            raise _conflict(
                "features",
                f"names no feature, and extra_services no service: choose from {', '.join(typing.get_args(Feature))}",
            )
        return self


Settings = Union[ElasticInferenceConfig, SageMakerPrivateNetworkConfig]
"""Either component's configuration."""
SettingsModel = TypeVar("SettingsModel", ElasticInferenceConfig, SageMakerPrivateNetworkConfig)

SETTINGS: tuple[str, ...] = tuple(
    dict.fromkeys([*ElasticInferenceConfig.model_fields, *SageMakerPrivateNetworkConfig.model_fields])
)
"""Every setting either component takes, by field name: what messages name in the current vocabulary."""

_INPUT_KINDS: dict[Any, str] = {
    VpcIdInput: "string",
    RoleNameInput: "string",
    SubnetIdsInput: "list",
    NetworkSubnetIdsInput: "list",
}


def _without_none(annotation: Any) -> Any:
    """``X`` for ``Optional[X]``."""
    if typing.get_origin(annotation) is Union:
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def setting_kind(field: str, model: type[_Settings] = ElasticInferenceConfig) -> str:
    """What a setting holds: ``string``, ``enum`` (of strings), ``integer``, ``boolean``, ``list`` or ``map``."""
    annotation = _without_none(model.model_fields[field].annotation)
    if annotation in _INPUT_KINDS:
        return _INPUT_KINDS[annotation]
    if typing.get_origin(annotation) is Literal:
        return "enum"
    origin = typing.get_origin(annotation)
    kinds: dict[Any, str] = {str: "string", int: "integer", bool: "boolean", list: "list", dict: "map"}
    return kinds[origin or annotation]


def choices(field: str, model: type[_Settings] = ElasticInferenceConfig) -> tuple[str, ...]:
    """The values an enum setting, or the items of a list of enums, may take; none for any other setting."""
    annotation = _without_none(model.model_fields[field].annotation)
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    return typing.get_args(annotation) if typing.get_origin(annotation) is Literal else ()


_MENTIONED = re.compile(r"\b(" + "|".join(f for f in SETTINGS if "_" in f) + r")\b")


def ignored_settings(config: Settings) -> list[str]:
    """Warnings for settings the user gave that do not apply together."""
    given = config.model_fields_set
    notes = []
    if config.vpc_id is not None:
        notes += [
            f"{key}: ignored, it applies only to the VPC the component creates"
            for key in ("vpc_cidr", "availability_zone_count")
            if key in given
        ]
    if config.existing_role_name is not None and "permissions" in given:
        notes.append("permissions: ignored, existing_role_name gets the minimal EI statement instead")
    return notes


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices`` to a typo, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(error: Mapping[str, Any], model: type[_Settings]) -> ConfigError:
    """One pydantic error as a ConfigError naming the key and what would be valid."""
    ctx = error.get("ctx") or {}
    if error["type"] == "config_conflict":
        return ConfigError(ctx["key"], ctx["problem"])
    key, *within = [str(part) for part in error["loc"]] or ["config"]
    if error["type"] == "extra_forbidden":
        return ConfigError(
            key,
            f"is not a setting{did_you_mean(key, model.model_fields)}; "
            f"valid settings are: {', '.join(model.model_fields)}",
        )
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] != "value_error":
        message += f" (got {error['input']!r})"
    if within:  # an item of a list or map: name it, keep the setting as the key
        message = f"item {'.'.join(within)!r}: {message}"
    return ConfigError(key, message)


def validated(model: type[SettingsModel], config: SettingsModel | Mapping[str, Any]) -> SettingsModel:
    """Return ``config`` as a ``model``, or raise ConfigError for the first problem."""
    if isinstance(config, model):
        return config
    if not isinstance(config, Mapping):
        raise ConfigError("config", f"must be a {model.__name__} or a mapping (got {type(config).__name__})")
    if not all(isinstance(key, str) for key in config):
        raise ConfigError("config", "must be keyed by setting names (strings)")
    return model(**config)


def validate_config(config: ElasticInferenceConfig | Mapping[str, Any]) -> ElasticInferenceConfig:
    """Return ``config`` as an ElasticInferenceConfig, or raise ConfigError for the first problem."""
    return validated(ElasticInferenceConfig, config)
