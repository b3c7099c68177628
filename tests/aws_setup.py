"""An EI setup and a SageMaker private network, built with boto3 from ei_pulumi's own rules and
documents, and ways to break them."""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

import boto3
import botocore.loaders
import botocore.session
import pytest
from moto import mock_aws

from ei_pulumi.aws_rules.services import ELASTIC_INFERENCE
from ei_pulumi.steps.permissions import full_access_policy, trust_policy
from ei_pulumi.steps.private_vpc import private_subnet_cidrs
from ei_pulumi.steps.security_groups import (
    ANYWHERE_IPV4,
    ENDPOINT_OUTBOUND,
    TrafficRule,
    sagemaker_to_endpoint_traffic,
)

REGION = "us-east-1"
AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]
MOTO_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    # moto otherwise loads tens of thousands of AMIs for every EC2 mock; no test here uses one.
    "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
}

# One loader for every session of the run: botocore parses each service's model once, not once
# a session (the audit tests make dozens of sessions).
_LOADER = botocore.loaders.create_loader()
_SESSION = boto3.Session  # the class itself, whoever replaces boto3.Session later


def session(**kwargs: Any) -> boto3.Session:
    """A boto3 Session, as ``boto3.Session(**kwargs)``, on the run's shared model loader."""
    core = botocore.session.get_session()
    core.register_component("data_loader", _LOADER)
    return _SESSION(botocore_session=core, **kwargs)


@contextmanager
def moto_account() -> Iterator[boto3.Session]:
    """moto's emulated AWS, one account for a test module, without AWS's managed policies (slow to load):
    each test builds in a VPC of its own, with names of its own, so moto starts once."""
    with pytest.MonkeyPatch.context() as patch:
        for key, value in {**MOTO_ENVIRONMENT, "MOTO_IAM_LOAD_MANAGED_POLICIES": "false"}.items():
            patch.setenv(key, value)
        patch.delenv("AWS_PROFILE", raising=False)
        patch.setattr(boto3, "Session", session)  # `check` makes its own session: on the shared loader too
        with mock_aws():
            yield session(region_name=REGION)


def ip_permission(
    rule: TrafficRule, *, group: Optional[str] = None, cidr: Optional[str] = None, prefix_list: Optional[str] = None
) -> dict[str, Any]:
    """One of ei_pulumi's rules as EC2's IpPermission."""
    permission: dict[str, Any] = {"IpProtocol": rule.ip_protocol}
    if rule.from_port is not None:
        permission.update(FromPort=rule.from_port, ToPort=rule.to_port)
    if group:
        permission["UserIdGroupPairs"] = [{"GroupId": group}]
    if cidr:
        permission["IpRanges"] = [{"CidrIp": cidr}]
    if prefix_list:
        permission["PrefixListIds"] = [{"PrefixListId": prefix_list}]
    return permission


@dataclass
class _Network:
    vpc_id: str
    subnet_ids: list[str]
    endpoint_security_group_id: str
    sagemaker_security_group_id: str


def _network(ec2: Any, name: str) -> _Network:
    """A VPC with DNS on, a subnet in each AZ, and the page's two groups with their rules on TCP 443."""
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    subnet_ids = [
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
        for az, cidr in zip(AZS, private_subnet_cidrs("10.0.0.0/16", len(AZS)))
    ]
    groups = {}
    for role in ("endpoint", "sagemaker"):
        groups[role] = ec2.create_security_group(GroupName=f"{name}-{role}", Description=role, VpcId=vpc_id)["GroupId"]
        # Pulumi's AWS provider removes AWS's default allow-all egress when it creates a group.
        ec2.revoke_security_group_egress(
            GroupId=groups[role], IpPermissions=[ip_permission(ENDPOINT_OUTBOUND, cidr=ANYWHERE_IPV4)]
        )
    https = sagemaker_to_endpoint_traffic("https")
    ec2.authorize_security_group_ingress(
        GroupId=groups["endpoint"], IpPermissions=[ip_permission(https, group=groups["sagemaker"])]
    )
    ec2.authorize_security_group_egress(
        GroupId=groups["endpoint"], IpPermissions=[ip_permission(ENDPOINT_OUTBOUND, cidr=ANYWHERE_IPV4)]
    )
    ec2.authorize_security_group_egress(
        GroupId=groups["sagemaker"], IpPermissions=[ip_permission(https, group=groups["endpoint"])]
    )
    return _Network(vpc_id, subnet_ids, groups["endpoint"], groups["sagemaker"])


@dataclass
class Setup:
    """IDs of a built setup, and the clients that built it."""

    ec2: Any
    iam: Any
    vpc_id: str
    subnet_ids: list[str]
    endpoint_security_group_id: str
    sagemaker_security_group_id: str
    vpc_endpoint_id: str
    role_name: str
    role_arn: str
    policy_arn: str

    def stack_outputs(self) -> dict[str, Any]:
        """What `pulumi stack output --json` would print for this setup."""
        return {
            "roleArn": self.role_arn,
            "roleName": self.role_name,
            "endpointSecurityGroupId": self.endpoint_security_group_id,
            "sagemakerSecurityGroupId": self.sagemaker_security_group_id,
            "vpcEndpointId": self.vpc_endpoint_id,
            "vpcId": self.vpc_id,
            "subnetIds": self.subnet_ids,
            "serviceName": ELASTIC_INFERENCE.name(REGION),
        }

    def create_endpoint(
        self,
        *,
        subnet_ids: list[str],
        group: str,
        private_dns: bool = True,
        service: str = ELASTIC_INFERENCE.name(REGION),
    ) -> str:
        return self.ec2.create_vpc_endpoint(
            VpcId=self.vpc_id,
            ServiceName=service,
            VpcEndpointType="Interface",
            SubnetIds=subnet_ids,
            SecurityGroupIds=[group],
            PrivateDnsEnabled=private_dns,
        )["VpcEndpoint"]["VpcEndpointId"]


def build_setup(
    session: Any,
    name: str = "ei",
    *,
    endpoint_subnets: int = 3,
    endpoint_options: Optional[dict[str, Any]] = None,
    endpoint_url: Optional[str] = None,
) -> Setup:
    """The page's final state: what ElasticInferenceSetup creates in `custom` mode, in a VPC of its own,
    its role, policy and groups named after ``name`` (setups that share an account need their own)."""
    ec2 = session.client("ec2", region_name=REGION, endpoint_url=endpoint_url)
    iam = session.client("iam", region_name=REGION, endpoint_url=endpoint_url)
    network = _network(ec2, name)
    role = iam.create_role(RoleName=f"{name}-sagemaker-role", AssumeRolePolicyDocument=json.dumps(trust_policy()))[
        "Role"
    ]
    policy_arn = iam.create_policy(
        PolicyName=f"{name}-full-access", PolicyDocument=json.dumps(full_access_policy("aws"))
    )["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=role["RoleName"], PolicyArn=policy_arn)
    setup = Setup(
        ec2,
        iam,
        network.vpc_id,
        network.subnet_ids[:endpoint_subnets],
        network.endpoint_security_group_id,
        network.sagemaker_security_group_id,
        "",
        role["RoleName"],
        role["Arn"],
        policy_arn,
    )
    setup.vpc_endpoint_id = setup.create_endpoint(
        subnet_ids=setup.subnet_ids, group=setup.endpoint_security_group_id, **(endpoint_options or {})
    )
    return setup


# The notebook preset's endpoints (SPEC "Beyond EI"): the control plane, the runtime, the notebook UI
# (a name outside the com.amazonaws. pattern) and the S3 gateway.
INTERFACE_SERVICES = [
    f"com.amazonaws.{REGION}.sagemaker.api",
    f"com.amazonaws.{REGION}.sagemaker.runtime",
    f"aws.sagemaker.{REGION}.notebook",
]
S3_SERVICE = f"com.amazonaws.{REGION}.s3"


@dataclass
class PrivateNetwork:
    """IDs of a built SageMaker private network, and the client that built it."""

    ec2: Any
    vpc_id: str
    subnet_ids: list[str]
    route_table_id: str
    """The first subnet's own route table; the others use the VPC's main table."""
    main_route_table_id: str
    endpoint_security_group_id: str
    sagemaker_security_group_id: str
    prefix_list_id: str
    role_arn: str
    vpc_endpoint_ids: dict[str, str] = field(default_factory=dict)

    def stack_outputs(self) -> dict[str, Any]:
        """What `pulumi stack output --json` would print for a SageMakerPrivateNetwork (SPEC's outputs)."""
        return {
            "roleArn": self.role_arn,
            "endpointSecurityGroupId": self.endpoint_security_group_id,
            "sagemakerSecurityGroupId": self.sagemaker_security_group_id,
            "vpcId": self.vpc_id,
            "subnetIds": self.subnet_ids,
            "vpcEndpointIds": dict(self.vpc_endpoint_ids),
            "sagemakerVpcConfig": {"Subnets": self.subnet_ids, "SecurityGroupIds": [self.sagemaker_security_group_id]},
        }

    def create_interface_endpoint(self, service: str, *, subnet_ids: list[str], private_dns: bool = True) -> str:
        endpoint_id = self.ec2.create_vpc_endpoint(
            VpcId=self.vpc_id,
            ServiceName=service,
            VpcEndpointType="Interface",
            SubnetIds=subnet_ids,
            SecurityGroupIds=[self.endpoint_security_group_id],
            PrivateDnsEnabled=private_dns,
        )["VpcEndpoint"]["VpcEndpointId"]
        self.vpc_endpoint_ids[service] = endpoint_id
        return endpoint_id


def build_private_network(session: Any, name: str) -> PrivateNetwork:
    """What SageMakerPrivateNetwork creates for `notebook` and `training` in a VPC of its own: the page's
    two groups, the SageMaker group admitting itself (distributed training) and sending 443 to the S3
    prefix list, an interface endpoint per service in every subnet, the S3 gateway on every subnet's
    route table (the first subnet's own, the main table of the others)."""
    ec2 = session.client("ec2", region_name=REGION)
    iam = session.client("iam", region_name=REGION)
    network = _network(ec2, name)
    sagemaker = network.sagemaker_security_group_id
    ec2.authorize_security_group_ingress(
        GroupId=sagemaker, IpPermissions=[ip_permission(ENDPOINT_OUTBOUND, group=sagemaker)]
    )
    ec2.authorize_security_group_egress(
        GroupId=sagemaker, IpPermissions=[ip_permission(ENDPOINT_OUTBOUND, group=sagemaker)]
    )
    (prefix_list,) = ec2.describe_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [S3_SERVICE]}])[
        "PrefixLists"
    ]
    ec2.authorize_security_group_egress(
        GroupId=sagemaker,
        IpPermissions=[ip_permission(sagemaker_to_endpoint_traffic("https"), prefix_list=prefix_list["PrefixListId"])],
    )
    (main_table,) = ec2.describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [network.vpc_id]}, {"Name": "association.main", "Values": ["true"]}]
    )["RouteTables"]
    own_table = ec2.create_route_table(VpcId=network.vpc_id)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=own_table, SubnetId=network.subnet_ids[0])
    role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps(trust_policy()))["Role"]
    built = PrivateNetwork(
        ec2,
        network.vpc_id,
        network.subnet_ids,
        own_table,
        main_table["RouteTableId"],
        network.endpoint_security_group_id,
        sagemaker,
        prefix_list["PrefixListId"],
        role["Arn"],
    )
    for service in INTERFACE_SERVICES:
        built.create_interface_endpoint(service, subnet_ids=network.subnet_ids)
    built.vpc_endpoint_ids[S3_SERVICE] = ec2.create_vpc_endpoint(
        VpcId=network.vpc_id,
        ServiceName=S3_SERVICE,
        VpcEndpointType="Gateway",
        RouteTableIds=[own_table, main_table["RouteTableId"]],
    )["VpcEndpoint"]["VpcEndpointId"]
    return built
