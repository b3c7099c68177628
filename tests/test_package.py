"""The component package for other languages: its schema, Construct, and the engine's gRPC path."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent import futures
from pathlib import Path
from typing import Any, Iterator

import grpc
import pulumi
import pytest
from google.protobuf import empty_pb2
from pulumi.provider.experimental.analyzer import Analyzer
from pulumi.runtime import rpc
from pulumi.runtime.proto import (
    engine_pb2_grpc,
    errors_pb2,
    provider_pb2,
    provider_pb2_grpc,
    resource_pb2,
    resource_pb2_grpc,
    status_pb2,
)
from pulumi.runtime.sync_await import _sync_await

from ei_pulumi import ElasticInferenceConfig
from ei_pulumi.component import OUTPUTS, ElasticInferenceSetup
from ei_pulumi.config import in_vocabulary, vocabulary
from ei_pulumi.multilang import component as hosted
from ei_pulumi.multilang.schema import SCHEMA_FILE, component_provider, render_schema
from ei_pulumi.offline.runner import OfflineRun, _RecordingMonitor, run_offline
from ei_pulumi.stack import stack_key
from tests.conftest import SUBNET_A, SUBNET_B, VPC, make_world

PROJECT = Path(__file__).resolve().parent.parent
TOKEN = "ei-pulumi:index:ElasticInferenceSetup"


def test_the_checked_in_schema_is_what_the_analyzer_infers() -> None:
    assert SCHEMA_FILE.read_text() == render_schema(), "provider/schema.json is stale: run `python -m ei_pulumi schema`"


def test_the_schema_declares_the_component_for_other_languages() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    assert schema["name"] == "ei-pulumi"
    component = schema["resources"][TOKEN]
    assert component["isComponent"] is True
    assert component["requiredInputs"] == []  # every setting has a default: the component then creates its VPC
    inputs = component["inputProperties"]
    assert set(inputs) == {stack_key(f) for f in ElasticInferenceConfig.model_fields}
    for key in ("vpcId", "subnetIds", "existingRoleName", "tags"):  # Outputs of other resources are welcome
        assert "plain" not in inputs[key]
    assert inputs["subnetIds"]["type"] == "array" and inputs["subnetIds"]["items"]["type"] == "string"
    for field, info in ElasticInferenceConfig.model_fields.items():  # written once, in other languages' names
        with vocabulary(stack_key):
            assert inputs[stack_key(field)]["description"] == in_vocabulary(info.description or ""), field
    enums = {
        name: [e["value"] for e in schema["types"][f"ei-pulumi:index:{name}"]["enum"]]
        for name in ("Permissions", "Traffic")
    }
    assert enums == {"Permissions": ["managed", "custom"], "Traffic": ["https", "all"]}
    assert inputs["permissions"]["$ref"] == "#/types/ei-pulumi:index:Permissions"
    outputs = component["properties"]
    assert set(outputs) == {stack_key(o) for o in OUTPUTS} == set(component["required"])
    assert outputs["roleArn"]["type"] == "string" and outputs["subnetIds"]["items"]["type"] == "string"
    assert outputs["sagemakerVpcConfig"]["additionalProperties"]["items"]["type"] == "string"


def test_the_hosted_class_describes_its_outputs_as_the_python_class_does() -> None:
    analyzer = Analyzer("ei-pulumi")
    for output in OUTPUTS:
        python = analyzer.get_docstring(ElasticInferenceSetup, output)
        assert python and analyzer.get_docstring(hosted.ElasticInferenceSetup, output) == python, output


def registered(run: OfflineRun) -> list[tuple[str, str, Any]]:
    """What a run created, with the inputs that wire it (IDs are the simulated account's, the same both ways)."""
    return sorted((r.type, r.name, json.dumps(r.inputs, sort_keys=True, default=str)) for r in run.registrations)


def test_construct_with_outputs_builds_what_the_python_constructor_builds() -> None:
    provider = component_provider()

    def construct() -> None:
        inputs = {
            "vpcId": pulumi.Output.from_input(VPC),
            "subnetIds": pulumi.Output.from_input([SUBNET_A, SUBNET_B]),
            "permissions": "custom",
            "tags": {"team": pulumi.Output.from_input("ml")},
        }
        provider.construct("ei", TOKEN, inputs, pulumi.ResourceOptions())

    def python() -> None:
        ElasticInferenceSetup(
            "ei", {"vpc_id": VPC, "subnet_ids": [SUBNET_A, SUBNET_B], "permissions": "custom", "tags": {"team": "ml"}}
        )

    built = run_offline(construct, make_world())
    assert any(r.type == "aws:ec2/vpcEndpoint:VpcEndpoint" for r in built.registrations)
    assert registered(built) == registered(run_offline(python, make_world()))


def test_construct_errors_name_the_input_as_other_languages_know_it() -> None:
    provider = component_provider()
    with pytest.raises(Exception, match="subnetIds: is required with vpcId: list two or more of its subnets"):
        run_offline(lambda: provider.construct("ei", TOKEN, {"vpcId": VPC}, pulumi.ResourceOptions()), make_world())


# --- the engine's path: the plugin's own entry point as a process, over gRPC ---------------------


class _FakeEngine(resource_pb2_grpc.ResourceMonitorServicer, engine_pb2_grpc.EngineServicer):
    """The resource monitor and engine the plugin talks to, answered by the simulated account."""

    def __init__(self, monitor: _RecordingMonitor) -> None:
        self.monitor = monitor
        self.logged: list[str] = []

    def SupportsFeature(self, request: Any, context: Any) -> Any:
        # The mock monitor answers with a stand-in object; over the wire it must be the message.
        return resource_pb2.SupportsFeatureResponse(hasSupport=self.monitor.SupportsFeature(request).hasSupport)

    def GetDeploymentInfo(self, request: Any, context: Any) -> Any:
        return self.monitor.GetDeploymentInfo(request)

    def RegisterResource(self, request: Any, context: Any) -> Any:
        return self.monitor.RegisterResource(request)

    def RegisterResourceOutputs(self, request: Any, context: Any) -> Any:
        return self.monitor.RegisterResourceOutputs(request)

    def Invoke(self, request: Any, context: Any) -> Any:
        return self.monitor.Invoke(request)

    def RegisterPackage(self, request: Any, context: Any) -> Any:
        return self.monitor.RegisterPackage(request)

    def Log(self, request: Any, context: Any) -> Any:
        self.logged.append(request.message)
        return empty_pb2.Empty()


@pytest.fixture(scope="module")
def plugin() -> Iterator[tuple[Any, OfflineRun]]:
    """The plugin started as the engine starts it, and a stub to call it; what it registers is recorded."""
    recorded = OfflineRun()
    world = make_world()
    engine = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    fake = _FakeEngine(_RecordingMonitor(world, recorded))
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(fake, engine)
    engine_pb2_grpc.add_EngineServicer_to_server(fake, engine)
    port = engine.add_insecure_port("127.0.0.1:0")
    engine.start()
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "provider" / "__main__.py"), f"127.0.0.1:{port}"],
        cwd=PROJECT / "provider",
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        plugin_port = int(process.stdout.readline())  # type: ignore[union-attr]
        channel = grpc.insecure_channel(f"127.0.0.1:{plugin_port}")
        stub = provider_pb2_grpc.ResourceProviderStub(channel)
        yield stub, recorded, port
        channel.close()
    finally:
        process.kill()
        process.wait(timeout=10)
        engine.stop(None)


def construct_request(monitor_port: int, inputs: dict[str, Any]) -> Any:
    return provider_pb2.ConstructRequest(
        project="consumer",
        stack="dev",
        monitorEndpoint=f"127.0.0.1:{monitor_port}",
        type=TOKEN,
        name="ei",
        parent="urn:pulumi:dev::consumer::pulumi:pulumi:Stack::consumer-dev",
        inputs=_sync_await(rpc.serialize_properties(inputs, {})),
    )


def test_get_schema_over_grpc_serves_the_checked_in_schema(plugin: Any) -> None:
    stub, _, _ = plugin
    response = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
    assert json.loads(response.schema) == json.loads(SCHEMA_FILE.read_text())


def test_construct_over_grpc_builds_the_setup(plugin: Any) -> None:
    stub, recorded, port = plugin
    response = stub.Construct(construct_request(port, {"vpcId": VPC, "subnetIds": [SUBNET_A, SUBNET_B]}), timeout=60)
    assert response.urn.endswith(f"{TOKEN}::ei")
    state = rpc.deserialize_properties(response.state)
    assert state["vpcId"] == VPC and state["subnetIds"] == [SUBNET_A, SUBNET_B]
    assert state["vpcEndpointId"].startswith("vpce-0ff11e")
    types = {r.type for r in recorded.registrations}
    assert {"aws:ec2/vpcEndpoint:VpcEndpoint", "aws:iam/role:Role", "aws:ec2/securityGroup:SecurityGroup"} <= types


def test_an_input_outside_the_schema_answers_invalid_argument(plugin: Any) -> None:
    stub, _, port = plugin
    with pytest.raises(grpc.RpcError) as caught:
        stub.Construct(construct_request(port, {"permissions": "admin"}), timeout=60)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = dict(caught.value.trailing_metadata() or {}).get("grpc-status-details-bin", b"")
    status = status_pb2.Status.FromString(details)
    (error,) = [errors_pb2.InputPropertiesError.FromString(d.value) for d in status.details]
    assert [(e.property_path, "admin" in e.reason) for e in error.errors] == [("permissions", True)]


def test_the_yaml_example_uses_the_component_as_the_schema_declares_it() -> None:
    from ruamel.yaml import YAML

    program = YAML(typ="safe", pure=True).load((PROJECT / "examples" / "yaml" / "Pulumi.yaml").read_text())
    schema = json.loads(SCHEMA_FILE.read_text())["resources"][TOKEN]
    assert program["packages"]["ei-pulumi"] == "../../provider"
    (ei,) = [r for r in program["resources"].values() if r["type"] == TOKEN]
    assert set(ei["properties"]) <= set(schema["inputProperties"])
    referenced = {value.split(".", 1)[1].rstrip("}") for value in program["outputs"].values()}
    assert referenced <= set(schema["properties"])
