"""A network of its own, then EI on it: every ID reaches the component as an Output."""

import pulumi
import pulumi_aws as aws

from ei_pulumi import ElasticInferenceSetup

vpc = aws.ec2.Vpc("ml", cidr_block="10.60.0.0/16", enable_dns_support=True, enable_dns_hostnames=True)
subnets = [
    aws.ec2.Subnet(f"ml-{az}", vpc_id=vpc.id, cidr_block=f"10.60.{index}.0/24", availability_zone=f"us-west-2{az}")
    for index, az in enumerate("abc")
]
ei = ElasticInferenceSetup(
    "ml",
    {"vpc_id": vpc.id, "subnet_ids": [subnet.id for subnet in subnets], "tags": {"team": "ml-platform"}},
)
pulumi.export("sagemakerVpcConfig", ei.sagemaker_vpc_config)
pulumi.export("roleArn", ei.role_arn)
