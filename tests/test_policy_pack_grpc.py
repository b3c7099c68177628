"""The policy pack as the engine runs it: policy/ started as the CLI starts it, and called over gRPC.

pulumi's ``pulumi-analyzer-policy-python`` runs ``<virtualenv>/bin/python -u -m pulumi.policy <engine
address> .`` in the pack's folder (sdk/python/dist), with the stack's project, name and config in the
environment (sdk/go/common/resource/plugin/analyzer_plugin.go, ``constructEnv``); here the project's
own virtualenv stands for the pack's. The engine then calls ConfigureStack, GetAnalyzerInfo and
Configure, Analyze for each resource (its inputs) and AnalyzeStack once (every resource's outputs).
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

try:
    import tomllib
except ImportError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib

import pytest
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime import proto, rpc
from pulumi.runtime.proto import engine_pb2_grpc
from ruamel.yaml import YAML

from ei_pulumi.policy_pack import END_OF_LIFE_POLICY, PACK_NAME, RESOURCE_POLICY, STACK_POLICY
from tests.plugin_process import LoggingEngine, plugin_channel, serving

PROJECT = Path(__file__).resolve().parent.parent
PACK = PROJECT / "policy"
README = (PROJECT / "README.md").read_text()
EI = "com.amazonaws.us-east-1.elastic-inference.runtime"
PROVIDER = proto.AnalyzerProviderResource(
    type="pulumi:providers:aws",
    urn="urn:pulumi:dev::consumer::pulumi:providers:aws::default",
    name="default",
    properties=struct_pb2.Struct(fields={"region": struct_pb2.Value(string_value="us-east-1")}),
)


def urn(type_token: str, name: str) -> str:
    return f"urn:pulumi:dev::consumer::{type_token}::{name}"


def properties(values: dict[str, Any]) -> struct_pb2.Struct:
    """Values as the engine marshals them: numbers as floats, an unknown as its sentinel string."""
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


@dataclass
class Pack:
    """The pack's process, configured as the engine configures it."""

    stub: Any
    info: Any
    engine: LoggingEngine

    def configure(self, file: Optional[dict[str, Any]] = None) -> None:
        """Configure as the CLI does: every policy at its default level, but those a config file sets
        (``all`` for every policy, a policy's own entry over it; a level, or ``{"enforcementLevel": ...}``)."""
        file = file or {}

        def level(entry: Any) -> Optional[int]:
            text = entry.get("enforcementLevel") if isinstance(entry, dict) else entry
            return proto.EnforcementLevel.Value(text.upper()) if text else None

        def chosen(policy: Any) -> int:
            levels = (level(file.get(policy.name)), level(file.get("all")), policy.enforcementLevel)
            return next(chosen for chosen in levels if chosen is not None)

        config = {p.name: proto.PolicyConfig(enforcementLevel=chosen(p)) for p in self.info.policies}
        self.stub.Configure(proto.ConfigureAnalyzerRequest(policyConfig=config), timeout=60)

    def analyze(self, type_token: str, name: str, values: dict[str, Any]) -> list[Any]:
        request = proto.AnalyzeRequest(
            type=type_token, name=name, urn=urn(type_token, name), properties=properties(values), provider=PROVIDER
        )
        return list(self.stub.Analyze(request, timeout=60).diagnostics)


@pytest.fixture(scope="module")
def pack() -> Iterator[Pack]:
    engine = LoggingEngine()
    with serving(engine, engine_pb2_grpc.add_EngineServicer_to_server) as port:
        stack = {"PULUMI_PROJECT": "consumer", "PULUMI_STACK": "dev", "PULUMI_DRY_RUN": "true"}
        env = {**os.environ, **stack, "PULUMI_CONFIG": json.dumps({"aws:region": "us-east-1"})}
        command = [sys.executable, "-u", "-m", "pulumi.policy", f"127.0.0.1:{port}", "."]
        with plugin_channel(command, PACK, env) as channel:
            stub = proto.AnalyzerStub(channel)
            stub.ConfigureStack(proto.AnalyzerStackConfigureRequest(project="consumer", stack="dev"), timeout=60)
            started = Pack(stub, stub.GetAnalyzerInfo(empty_pb2.Empty(), timeout=60), engine)
            started.configure()
            yield started


def test_the_pack_declares_its_three_policies_at_their_levels(pack: Pack) -> None:
    assert pack.info.name == PACK_NAME and pack.info.supportsConfig
    declared = {p.name: (p.enforcementLevel, p.policy_type) for p in pack.info.policies}
    assert declared == {
        RESOURCE_POLICY: (proto.MANDATORY, proto.PolicyType.POLICY_TYPE_RESOURCE),
        STACK_POLICY: (proto.MANDATORY, proto.PolicyType.POLICY_TYPE_STACK),
        END_OF_LIFE_POLICY: (proto.ADVISORY, proto.PolicyType.POLICY_TYPE_RESOURCE),
    }
    manifest = YAML(typ="safe", pure=True).load((PACK / "PulumiPolicy.yaml").read_text())
    assert manifest["runtime"]["name"] == "python"
    assert manifest["version"] == tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]


def test_the_pack_installs_pulumi_policy_and_this_checkout_and_the_program_does_not() -> None:
    """pulumi-policy is the pack's dependency (and the tests'), never the component's."""
    pack = [line for line in (PACK / "requirements.txt").read_text().splitlines() if line and line[0] != "#"]
    assert pack[0].startswith("pulumi-policy>=") and "-e .." in pack
    runtime = (PROJECT / "requirements.txt").read_text() + (PROJECT / "pyproject.toml").read_text()
    assert "pulumi-policy" not in runtime and "pulumi-policy" in (PROJECT / "requirements-dev.txt").read_text()


def rendered(diagnostic: Any, type_token: str, name: str) -> str:
    """A diagnostic as the CLI's diff display heads it (pkg/backend/display/diff.go, renderDiffPolicyViolationEvent)."""
    level = proto.EnforcementLevel.Name(diagnostic.enforcementLevel).lower()
    return f"[{level}]  {diagnostic.policyName}  ({type_token}: {name})\n{diagnostic.message}"


def test_a_refused_resource_gets_one_mandatory_diagnostic_as_the_readme_shows_it(pack: Pack) -> None:
    group = "aws:ec2/securityGroup:SecurityGroup"
    (refused,) = pack.analyze(
        group, "web", {"name": "web-4f2a9c1", "description": "Team's web servers", "vpcId": "vpc-0123"}
    )
    assert refused.policyPackName == PACK_NAME and refused.enforcementLevel == proto.MANDATORY
    assert f"```\n{rendered(refused, group, 'web')}\n```" in README
    assert pack.analyze(group, "web", {"name": "web-4f2a9c1", "description": "Web servers", "vpcId": "vpc-0123"}) == []


def test_unknown_values_and_types_without_rules_get_nothing_not_even_cant_run(pack: Pack) -> None:
    rule = {
        "securityGroupId": rpc.UNKNOWN,
        "ipProtocol": rpc.UNKNOWN,
        "fromPort": 443.0,
        "toPort": 443.0,
        "cidrIpv4": "10.0.0.0/16",
    }
    assert pack.analyze("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", rule) == []
    assert pack.analyze("aws:s3/bucket:Bucket", "b", {"bucket": rpc.UNKNOWN, "tags": {"aws:x": "y"}}) == []


def test_the_readmes_config_file_sets_the_policies_enforcement_levels(pack: Pack) -> None:
    """The CLI reads --policy-pack-config and Configures the pack with it; the rest keep their levels."""
    (file,) = re.findall(r"<<'JSON'\n(.*?)\nJSON", README, re.S)
    bad_group = {"name": "web-4f2a9c1", "description": "Team's", "vpcId": "vpc-0123"}
    ei = {"productionVariants": [{"modelName": "m", "acceleratorType": "ml.eia2.medium"}]}
    try:
        pack.configure(json.loads(file))
        assert [d.enforcementLevel for d in pack.analyze("aws:ec2/securityGroup:SecurityGroup", "web", bad_group)] == [
            proto.MANDATORY
        ]
        assert pack.analyze("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "serving", ei) == []
        (conflict,) = pack.stub.AnalyzeStack(two_private_dns_endpoints_in_a_new_vpc(), timeout=60).diagnostics
        assert conflict.enforcementLevel == proto.ADVISORY
        pack.configure({"all": "disabled"})
        assert pack.analyze("aws:ec2/securityGroup:SecurityGroup", "web", bad_group) == []
    finally:
        pack.configure()


def test_an_ei_accelerator_gets_an_advisory_diagnostic(pack: Pack) -> None:
    config = {
        "productionVariants": [{"modelName": "m", "instanceType": "ml.m5.large", "acceleratorType": "ml.eia2.medium"}]
    }
    (advice,) = pack.analyze("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "serving", config)
    assert advice.policyName == END_OF_LIFE_POLICY and advice.enforcementLevel == proto.ADVISORY
    assert "production_variants[0].accelerator_type: 'ml.eia2.medium'" in advice.message


def stack_resource(type_token: str, name: str, values: dict[str, Any], **depends_on: str) -> Any:
    """A resource as AnalyzeStack sends it in a preview: outputs, with the URN each unknown came from."""
    deps = {key: proto.AnalyzerPropertyDependencies(urns=[dep]) for key, dep in depends_on.items()}
    return proto.AnalyzerResource(
        type=type_token,
        name=name,
        urn=urn(type_token, name),
        properties=properties(values),
        provider=PROVIDER,
        dependencies=sorted(set(depends_on.values())),
        propertyDependencies=deps,
    )


VPC_T, ENDPOINT_T = "aws:ec2/vpc:Vpc", "aws:ec2/vpcEndpoint:VpcEndpoint"


def two_private_dns_endpoints_in_a_new_vpc() -> Any:
    """A preview's stack: VPCs main and other, not created yet; EI endpoints first and second in main
    (a conflict), elsewhere in other (none); sent in no particular order."""
    vpcs = [
        stack_resource(
            VPC_T, name, {"id": rpc.UNKNOWN, "cidrBlock": cidr, "enableDnsSupport": True, "enableDnsHostnames": True}
        )
        for name, cidr in (("main", "10.0.0.0/16"), ("other", "10.1.0.0/16"))
    ]
    endpoint = {
        "id": rpc.UNKNOWN,
        "vpcId": rpc.UNKNOWN,
        "serviceName": EI,
        "vpcEndpointType": "Interface",
        "privateDnsEnabled": True,
    }
    endpoints = [
        stack_resource(ENDPOINT_T, name, endpoint, vpcId=urn(VPC_T, in_vpc))
        for name, in_vpc in (("first", "main"), ("second", "main"), ("elsewhere", "other"))
    ]
    return proto.AnalyzeStackRequest(resources=[endpoints[1], endpoints[2], vpcs[0], endpoints[0], vpcs[1]])


def test_analyze_stack_links_a_new_vpcs_endpoints_through_property_dependencies(pack: Pack) -> None:
    (conflict,) = pack.stub.AnalyzeStack(two_private_dns_endpoints_in_a_new_vpc(), timeout=60).diagnostics
    assert conflict.policyName == STACK_POLICY and conflict.enforcementLevel == proto.MANDATORY
    assert conflict.urn in (urn(ENDPOINT_T, "first"), urn(ENDPOINT_T, "second"))
    assert "[endpoint.single-private-dns, " in conflict.message and "already has it in <Vpc main>" in conflict.message
    assert pack.engine.logged == []
