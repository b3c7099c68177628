"""The endpoint services a SageMaker network uses, and what each SageMaker feature needs: AWS's facts, as data.

One catalogue, below the steps: the steps build endpoints from it, the simulated account offers
what it lists, and the audit reads the names it makes. Modelled on AWS CDK's ``vpc-endpoint.ts``
(``InterfaceVpcEndpointAwsService``: a short name per service, the China regions' ``cn.com.amazonaws``
prefix, and the ``aws.sagemaker.<region>.notebook|studio`` services that break the naming rule).
A name made here is what to look up: the authority is ``DescribeVpcEndpointServices``, which the
component asks before it creates anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .regions import partition_of
from .security_groups import ALL_PROTOCOLS, TrafficRule

INTERFACE = "Interface"
GATEWAY = "Gateway"

_GUIDE = "https://docs.aws.amazon.com/sagemaker/latest/dg/"
CONNECT_IN_VPC = _GUIDE + "interface-vpc-endpoint.html"
"""SageMaker developer guide, "Connect to SageMaker AI Within your VPC": the API and runtime endpoints."""
NOTEBOOK_ENDPOINT = _GUIDE + "notebook-interface-endpoint.html"
""""Connect to a Notebook Instance Through a VPC Interface Endpoint": aws.sagemaker.<region>.notebook,
created after the API's endpoint."""
NOTEBOOK_IN_VPC = _GUIDE + "appendix-notebook-and-internet-access.html"
""""Connect a Notebook Instance to Resources in a VPC": without direct internet access a notebook trains
and hosts only through interface endpoints, and reaches gateway endpoints (S3) only then."""
STUDIO_ENDPOINT = _GUIDE + "studio-interface-endpoint.html"
""""Connect to SageMaker Studio Through an Interface VPC Endpoint": aws.sagemaker.<region>.studio, with
the API's endpoint beside it."""
STUDIO_VPC_ONLY = _GUIDE + "studio-notebooks-and-internet-access.html"
""""Connect Studio notebooks in a VPC to external resources": what VpcOnly mode needs."""
TRAINING_IN_VPC = _GUIDE + "train-vpc.html"
""""Give SageMaker Training Jobs Access to Resources in Your Amazon VPC"."""
HOSTING_IN_VPC = _GUIDE + "host-vpc.html"
""""Give SageMaker Hosted Endpoints Access to Resources in Your Amazon VPC"."""
EI_SETUP = _GUIDE + "ei-setup.html"
"""The page the project began with, "Set up to use EI"."""
CDK_ENDPOINTS = "https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts"
"""Where the China regions' exceptions come from (``getDefaultEndpointPrefix``, ``getDefaultEndpointSuffix``)."""

# Interface services named cn.com.amazonaws.<region>.<service> in the China regions (AWS CDK,
# vpc-endpoint.ts, getDefaultEndpointPrefix; "the vpc endpoint services could be fetched using
# aws ec2 describe-vpc-endpoint-services"). Every other service keeps com.amazonaws there, and so
# does every gateway (GatewayVpcEndpointAwsService's only prefix).
_CHINA_BOTH = frozenset(
    """application-autoscaling appmesh-envoy-management athena autoscaling awsconnector backup batch cassandra
    cloudcontrolapi cloudformation codedeploy-commands-secure databrew dms ebs ec2 ecr.api ecr.dkr eks elasticache
    elasticbeanstalk elasticfilesystem elasticfilesystem-fips emr-containers execute-api fsx imagebuilder iot.data
    kinesis-streams lambda license-manager monitoring rds redshift redshift-data s3 sagemaker.api
    sagemaker.featurestore-runtime sagemaker.runtime securityhub servicecatalog sms sqs states sts sync-states
    synthetics transcribe transcribestreaming transfer xray""".split()
)
_CHINA_PREFIXED = {
    "cn-north-1": _CHINA_BOTH | {"iotsitewise.api", "iotsitewise.data"},
    "cn-northwest-1": _CHINA_BOTH | {"account", "polly", "workspaces"},
}
_CHINA_PREFIX = "cn.com.amazonaws"
_PREFIX = "com.amazonaws"
# ... and those that also end in .cn there (getDefaultEndpointSuffix).
_CHINA_SUFFIXED = frozenset({"transcribe"})


def interface_service_name(suffix: str, region: str) -> str:
    """The name of the interface service ``suffix`` (``ecr.api``) in ``region``, by the partition rule."""
    if partition_of(region) == "aws-cn":
        china = _CHINA_PREFIXED.get(region, frozenset())
        prefix = _CHINA_PREFIX if suffix in china else _PREFIX
        ending = ".cn" if suffix in _CHINA_SUFFIXED and suffix in china else ""
        return f"{prefix}.{region}.{suffix}{ending}"
    return f"{_PREFIX}.{region}.{suffix}"


@dataclass(frozen=True)
class EndpointService:
    """One endpoint service: how it is named, what kind of endpoint it takes, and the page that says so."""

    key: str
    """Its short name (``sagemaker.api``): how ``extra_services`` and the presets name it."""
    kind: str
    """``Interface`` (PrivateLink: subnets and security groups) or ``Gateway`` (route tables)."""
    what: str
    """What it serves, in a phrase."""
    source: str
    """The AWS page that documents its endpoint."""
    takes_policy: bool = True
    """Whether its endpoint takes an endpoint policy (EI's takes none)."""
    requires: tuple[str, ...] = ()
    """Keys of the services whose endpoints must exist first."""
    template: Optional[str] = None
    """A name that breaks the partition rule, with ``{region}`` in it (the same in every partition)."""
    regions: Optional[tuple[str, ...]] = None
    """Where it was ever offered, if not wherever SageMaker is."""

    def name(self, region: str) -> str:
        """Its full name in ``region``: com.amazonaws.us-east-1.sagemaker.api, or its own template's."""
        if self.template is not None:
            return self.template.format(region=region)
        if self.kind == GATEWAY:
            return f"{_PREFIX}.{region}.{self.key}"
        return interface_service_name(self.key, region)


ELASTIC_INFERENCE = EndpointService(
    "elastic-inference.runtime",
    INTERFACE,
    "Elastic Inference accelerators (ended in April 2024)",
    EI_SETUP,
    takes_policy=False,  # "The EI endpoint does not support endpoint policies"
    regions=("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-northeast-2"),
)
SAGEMAKER_API = EndpointService(
    "sagemaker.api", INTERFACE, "the SageMaker API: notebooks, jobs, models, presigned URLs", CONNECT_IN_VPC
)
SAGEMAKER_RUNTIME = EndpointService(
    "sagemaker.runtime", INTERFACE, "SageMaker Runtime: InvokeEndpoint on hosted models", CONNECT_IN_VPC
)
FEATURESTORE_RUNTIME = EndpointService(
    "sagemaker.featurestore-runtime", INTERFACE, "SageMaker Feature Store's runtime", CONNECT_IN_VPC
)
NOTEBOOK = EndpointService(
    "sagemaker.notebook",
    INTERFACE,
    "the notebook instances' Jupyter UI",
    NOTEBOOK_ENDPOINT,
    requires=(
        SAGEMAKER_API.key,
    ),  # "Before you create an interface VPC endpoint to connect to a notebook instance, create [one] to [...] the SageMaker API"
    template="aws.sagemaker.{region}.notebook",
)
STUDIO = EndpointService(
    "sagemaker.studio",
    INTERFACE,
    "the Studio UI",
    STUDIO_ENDPOINT,
    requires=(
        SAGEMAKER_API.key,
    ),  # CreatePresignedDomainUrl "goes through the interface endpoint [...] to the SageMaker API"
    template="aws.sagemaker.{region}.studio",
)
STS = EndpointService("sts", INTERFACE, "AWS STS, for the SageMaker Python SDK's remote training", STUDIO_VPC_ONLY)
LOGS = EndpointService(
    "logs", INTERFACE, "CloudWatch Logs: the SageMaker Python SDK reads remote jobs' status", STUDIO_VPC_ONLY
)
SERVICE_CATALOG = EndpointService(
    "servicecatalog", INTERFACE, "Service Catalog, for SageMaker Projects", STUDIO_VPC_ONLY
)
S3 = EndpointService("s3", GATEWAY, "Amazon S3: data, model artifacts, the SDK's uploads", TRAINING_IN_VPC)

CATALOGUE: dict[str, EndpointService] = {
    service.key: service
    for service in (
        SAGEMAKER_API,
        SAGEMAKER_RUNTIME,
        FEATURESTORE_RUNTIME,
        NOTEBOOK,
        STUDIO,
        STS,
        LOGS,
        SERVICE_CATALOG,
        S3,
        ELASTIC_INFERENCE,
    )
}
"""Every service the project knows, by key."""


def names_a_region(service: str) -> Optional[str]:
    """The region a full service name names, if any (``com.amazonaws.us-east-1.sts`` names us-east-1)."""
    return next((part for part in service.split(".") if partition_of(part)), None)


def by_name(name: str, region: str) -> Optional[EndpointService]:
    """The catalogue's entry that is called ``name`` in ``region``, if any."""
    return next((s for s in CATALOGUE.values() if s.name(region) == name), None)


def custom_interface(name: str) -> EndpointService:
    """A full name the catalogue does not list: an interface service, taken as named, that takes a policy."""
    return EndpointService(name, INTERFACE, "a service named in extra_services", "", template=name)


def resolve(service: str, region: str) -> EndpointService:
    """The entry for a key (``sagemaker.api``), a short name by the partition rule (``ecr.api``) or a full name."""
    if service in CATALOGUE:
        return CATALOGUE[service]
    if names_a_region(service):
        return by_name(service, region) or custom_interface(service)
    return EndpointService(service, INTERFACE, "a service named in extra_services", "")


# --- what each SageMaker feature needs, per AWS's guide ------------------------------------------


@dataclass(frozen=True)
class Need:
    """One endpoint a feature needs: the service's key, why, and the page that asks for it."""

    service: str
    why: str
    source: str


@dataclass(frozen=True)
class WithinGroup:
    """Traffic a feature needs between members of the SageMaker security group (a self-referencing rule pair)."""

    traffic: TrafficRule
    why: str
    source: str


@dataclass(frozen=True)
class Feature:
    """What one SageMaker feature needs in a VPC without internet."""

    name: str
    needs: tuple[Need, ...]
    within_group: tuple[WithinGroup, ...] = ()


_S3_FOR_ARTIFACTS = "S3 without internet: data and model artifacts"
FEATURES: dict[str, Feature] = {
    feature.name: feature
    for feature in (
        Feature(
            "notebook",
            (
                Need(
                    SAGEMAKER_API.key,
                    "the notebook creates jobs and models; its presigned URL goes through it",
                    CONNECT_IN_VPC,
                ),
                Need(SAGEMAKER_RUNTIME.key, "the notebook invokes hosted models", CONNECT_IN_VPC),
                Need(NOTEBOOK.key, "users in the VPC open the notebook without the internet", NOTEBOOK_ENDPOINT),
                Need(
                    S3.key,
                    "a notebook without direct internet access reaches S3 only through a gateway",
                    NOTEBOOK_IN_VPC,
                ),
            ),
        ),
        Feature(
            "hosting",
            (
                Need(SAGEMAKER_RUNTIME.key, "clients in the VPC invoke the hosted models", CONNECT_IN_VPC),
                Need(S3.key, "model containers fetch their artifacts from S3", HOSTING_IN_VPC),
            ),
        ),
        Feature(
            "training",
            (Need(S3.key, "training containers read data and write model artifacts in S3", TRAINING_IN_VPC),),
            within_group=(
                WithinGroup(
                    TrafficRule(ALL_PROTOCOLS),
                    "distributed training: the containers of one job talk to each other",
                    TRAINING_IN_VPC,
                ),
            ),
        ),
        Feature(
            "studio",
            (
                Need(
                    SAGEMAKER_API.key,
                    "Studio calls the SageMaker API; its presigned URL goes through it",
                    STUDIO_ENDPOINT,
                ),
                Need(SAGEMAKER_RUNTIME.key, "VpcOnly: required to run Studio notebooks", STUDIO_VPC_ONLY),
                Need(STUDIO.key, "users in the VPC open Studio without the internet", STUDIO_ENDPOINT),
                Need(S3.key, "VpcOnly: Studio reaches S3 through the VPC", STUDIO_VPC_ONLY),
            ),
            within_group=(
                WithinGroup(TrafficRule("tcp", 2049, 2049), "NFS to the domain's EFS volume", STUDIO_VPC_ONLY),
                WithinGroup(
                    TrafficRule("tcp", 8192, 65535),
                    "JupyterServer to KernelGateway apps within the group",
                    STUDIO_VPC_ONLY,
                ),
            ),
        ),
    )
}
"""The presets of ``features``, by name: each need and rule cited with the page that asks for it."""


def services_for(features: list[str], extra: list[str], region: str) -> list[EndpointService]:
    """The services of ``features`` and ``extra`` (keys, short or full names), each once, those another requires first."""
    wanted: dict[str, EndpointService] = {}
    for service in [need.service for f in features for need in FEATURES[f].needs] + list(extra):
        entry = resolve(service, region)
        wanted.setdefault(entry.name(region), entry)
    first = [s for s in wanted.values() if not s.requires]
    return first + [s for s in wanted.values() if s.requires]
