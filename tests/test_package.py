"""The component package for other languages: its schema, Construct, and the engine's gRPC path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

try:
    import tomllib
except ImportError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib

import grpc
import pulumi
import pytest
from pulumi.errors import InputPropertyError
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

from ei_pulumi import ElasticInferenceConfig, SageMakerPrivateNetwork, SageMakerPrivateNetworkConfig
from ei_pulumi.component import OUTPUTS, ElasticInferenceSetup
from ei_pulumi.config import choices, in_vocabulary, vocabulary
from ei_pulumi.multilang import component as hosted
from ei_pulumi.multilang.provider import component_provider
from ei_pulumi.multilang.schema import SCHEMA_FILE, render_schema
from ei_pulumi.network import NETWORK_OUTPUTS
from ei_pulumi.offline.runner import OfflineRun, _RecordingMonitor, run_offline
from ei_pulumi.stack import stack_key
from tests.conftest import ROLE_NAME, SUBNET_A, SUBNET_A2, SUBNET_B, VPC, make_world
from tests.plugin_process import LoggingEngine, plugin_channel, serving

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text()
TOKEN = "ei-pulumi:index:ElasticInferenceSetup"
NETWORK_TOKEN = "ei-pulumi:index:SageMakerPrivateNetwork"


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
    refused: list[InputPropertyError] = []

    def construct() -> None:
        with pytest.raises(InputPropertyError) as caught:
            provider.construct("ei", TOKEN, {"vpcId": VPC}, pulumi.ResourceOptions())
        refused.append(caught.value)

    assert run_offline(construct, make_world()).registrations == []
    assert [(e.property_path, e.reason) for e in refused] == [
        ("subnetIds", "is required with vpcId: list two or more of its subnets")
    ]


# --- the engine's path: the plugin's own entry point as a process, over gRPC ---------------------


class _FakeEngine(resource_pb2_grpc.ResourceMonitorServicer, LoggingEngine):
    """The resource monitor and engine the plugin talks to, answered by the simulated account."""

    def __init__(self, monitor: _RecordingMonitor) -> None:
        super().__init__()
        self.monitor = monitor

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


NETWORK = "urn:pulumi:dev::consumer::aws:ec2/vpc:Vpc::network"
"""Another resource of the consuming program, whose outputs the tests pass to the component."""


def output_of_network(value: Any = rpc.UNKNOWN) -> dict[str, Any]:
    """An output of NETWORK as the engine sends it to a provider that accepts outputs (the Python
    provider does): an output value, unknown without ``value``, as in a preview of a new network.
    sdk/go/common/resource/plugin/provider_plugin.go, Construct: KeepOutputValues."""
    sent = {rpc._special_sig_key: rpc._special_output_value_sig, "dependencies": [NETWORK]}
    return sent if value is rpc.UNKNOWN else {**sent, "value": value}


@dataclass
class Plugin:
    """The plugin's process, started as the engine starts it, and the fake engine it registers with."""

    stub: Any
    engine: _FakeEngine
    monitor_port: int

    def fresh_account(self, **world: Any) -> OfflineRun:
        """From now on, the engine answers from a new simulated account (``make_world(**world)``);
        what the plugin registers is returned."""
        recorded = OfflineRun()
        self.engine.monitor = _RecordingMonitor(make_world(**world), recorded)
        return recorded

    def construct(self, inputs: dict[str, Any], *, preview: bool = False, type_: str = TOKEN) -> Any:
        """Construct one component named "ei" (an ElasticInferenceSetup unless ``type_`` says otherwise),
        as a consumer's program in another language asks."""
        request = provider_pb2.ConstructRequest(
            project="consumer",
            stack="dev",
            monitorEndpoint=f"127.0.0.1:{self.monitor_port}",
            type=type_,
            name="ei",
            parent="urn:pulumi:dev::consumer::pulumi:pulumi:Stack::consumer-dev",
            inputs=_sync_await(rpc.serialize_properties(inputs, {})),
            inputDependencies={
                key: provider_pb2.ConstructRequest.PropertyDependencies(urns=[NETWORK])
                for key, value in inputs.items()
                if NETWORK in json.dumps(value)
            },
            dryRun=preview,
        )
        return self.stub.Construct(request, timeout=60)

    def refusal(
        self, inputs: dict[str, Any], *, preview: bool = False, type_: str = TOKEN
    ) -> tuple[str, list[tuple[str, str]]]:
        """What Construct answers to bad input: INVALID_ARGUMENT with the message and each (property, reason)."""
        with pytest.raises(grpc.RpcError) as caught:
            self.construct(inputs, preview=preview, type_=type_)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, caught.value.details()
        assert 'File "' not in caught.value.details()  # no Python stack trace for the user of another language
        details = dict(caught.value.trailing_metadata() or {}).get("grpc-status-details-bin", b"")
        status = status_pb2.Status.FromString(details)
        (error,) = [errors_pb2.InputPropertiesError.FromString(d.value) for d in status.details]
        return status.message, [(e.property_path, e.reason) for e in error.errors]


@pytest.fixture(scope="module")
def plugin() -> Iterator[Plugin]:
    """The plugin's own entry point as a process, called over gRPC, against a fake engine."""
    fake = _FakeEngine(_RecordingMonitor(make_world(), OfflineRun()))
    adders = (resource_pb2_grpc.add_ResourceMonitorServicer_to_server, engine_pb2_grpc.add_EngineServicer_to_server)
    with serving(fake, *adders) as port:
        command = [sys.executable, str(PROJECT / "provider" / "__main__.py"), f"127.0.0.1:{port}"]
        with plugin_channel(command, PROJECT / "provider") as channel:
            yield Plugin(provider_pb2_grpc.ResourceProviderStub(channel), fake, port)


def test_get_schema_over_grpc_serves_the_checked_in_schema(plugin: Plugin) -> None:
    response = plugin.stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
    assert json.loads(response.schema) == json.loads(SCHEMA_FILE.read_text())


def test_construct_over_grpc_builds_the_setup(plugin: Plugin) -> None:
    recorded = plugin.fresh_account()
    response = plugin.construct({"vpcId": VPC, "subnetIds": [SUBNET_A, SUBNET_B]})
    assert response.urn.endswith(f"{TOKEN}::ei")
    state = rpc.deserialize_properties(response.state)
    assert state["vpcId"] == VPC and state["subnetIds"] == [SUBNET_A, SUBNET_B]
    assert state["vpcEndpointId"].startswith("vpce-0ff11e")
    types = {r.type for r in recorded.registrations}
    assert {"aws:ec2/vpcEndpoint:VpcEndpoint", "aws:iam/role:Role", "aws:ec2/securityGroup:SecurityGroup"} <= types


def test_an_input_outside_the_schema_answers_invalid_argument(plugin: Plugin) -> None:
    _, errors = plugin.refusal({"permissions": "admin"})
    assert [(path, "admin" in reason) for path, reason in errors] == [("permissions", True)]


def test_bad_input_answers_as_an_input_property_error_naming_the_input(plugin: Plugin) -> None:
    recorded = plugin.fresh_account()
    _, errors = plugin.refusal({"vpcId": VPC})
    assert errors == [("subnetIds", "is required with vpcId: list two or more of its subnets")]
    assert recorded.registrations == []


def test_an_input_judged_once_its_output_is_known_answers_the_same_way(plugin: Plugin) -> None:
    plugin.fresh_account()
    one_az = [output_of_network(SUBNET_A), output_of_network(SUBNET_A2)]
    _, errors = plugin.refusal({"vpcId": output_of_network(VPC), "subnetIds": one_az})
    [(path, reason)] = errors
    assert path == "subnetIds"
    assert reason.startswith("the subnets cover 1 Availability Zone(s) offering EI (us-east-1a); EI needs at least 2")


def test_a_region_without_ei_answers_invalid_argument_naming_the_region(plugin: Plugin) -> None:
    recorded = plugin.fresh_account(region="eu-central-1")
    message, errors = plugin.refusal({})
    assert message.startswith("aws:region: Elastic Inference is not offered in 'eu-central-1'")
    assert "allowAnyRegion: true" in message and errors == []
    assert recorded.registrations == []


# A value for each setting that decides which resources exist: other languages give them as plain values.
PLAIN_SETTINGS = {
    "vpcCidr": "10.1.0.0/16",
    "availabilityZoneCount": 3,
    "permissions": "custom",
    "traffic": "all",
    "privateDnsEnabled": False,
    "allowAnyRegion": True,
    "tags": {"team": "ml"},
}


def test_settings_that_decide_which_resources_exist_are_plain_in_the_schema() -> None:
    inputs = json.loads(SCHEMA_FILE.read_text())["resources"][TOKEN]["inputProperties"]
    assert {key for key, spec in inputs.items() if spec.get("plain")} == set(PLAIN_SETTINGS)
    # IDs, and each tag's value, may be another resource's output.
    assert all("plain" not in inputs[key] for key in ("vpcId", "subnetIds", "existingRoleName"))
    assert "plain" not in inputs["subnetIds"]["items"] and "plain" not in inputs["tags"]["additionalProperties"]


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_an_output_for_a_plain_setting_is_refused_naming_each_one(plugin: Plugin, preview: bool) -> None:
    recorded = plugin.fresh_account()
    given = {key: output_of_network(rpc.UNKNOWN if preview else value) for key, value in PLAIN_SETTINGS.items()}
    _, errors = plugin.refusal(given, preview=preview)
    assert sorted(path for path, _ in errors) == sorted(PLAIN_SETTINGS)
    assert all(reason.startswith("is plain in the package schema") for _, reason in errors), errors
    assert recorded.registrations == []


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_outputs_for_ids_and_tag_values_build_the_setup(plugin: Plugin, preview: bool) -> None:
    recorded = plugin.fresh_account()
    given = {
        "vpcId": output_of_network(rpc.UNKNOWN if preview else VPC),
        "subnetIds": [output_of_network(SUBNET_A), output_of_network(rpc.UNKNOWN if preview else SUBNET_B)],
        "existingRoleName": output_of_network(ROLE_NAME),
        "tags": {"team": output_of_network(rpc.UNKNOWN if preview else "ml")},
    }
    state = rpc.deserialize_properties(plugin.construct(given, preview=preview).state, keep_unknowns=True)
    assert state["roleName"] == ROLE_NAME
    assert (state["vpcId"] == VPC) is not preview
    registered = {r.type for r in recorded.registrations}
    assert {"aws:ec2/vpcEndpoint:VpcEndpoint", "aws:iam/rolePolicy:RolePolicy"} <= registered
    assert "aws:iam/role:Role" not in registered


def test_a_whole_number_from_another_language_is_an_integer(plugin: Plugin) -> None:
    # The wire carries numbers as floats, and the SDK's conversion to int is lost (see provider.py).
    recorded = plugin.fresh_account()
    plugin.construct({"availabilityZoneCount": 3})
    assert len([r for r in recorded.registrations if r.type == "aws:ec2/subnet:Subnet"]) == 3


def test_both_install_paths_import_the_package_by_its_own_namespace() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    namespace, package = schema["namespace"], schema["name"]
    # Lower-case words joined by hyphens (pkg/codegen/schema/pulumi.json), and not Pulumi's own.
    assert re.fullmatch(r"([a-z][a-z0-9]*)(-[a-z0-9]+)*", namespace) and namespace != "pulumi"
    section = README.split("## Using it from TypeScript, Go, C#, Java or YAML\n", 1)[1].split("\n## ", 1)[0]
    # pkg/codegen/nodejs/gen.go, genNPMPackageMetadata; pkg/codegen/go/gen.go, ExtractImportBasePath
    assert f'from "@{namespace}/{package}"' in section
    assert f'"github.com/{namespace}/pulumi-{package}/sdk/go/{package.replace("-", "")}"' in section


def test_the_schema_pyproject_and_a_release_tag_name_one_version() -> None:
    version = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
    assert json.loads(SCHEMA_FILE.read_text())["version"] == version
    # A git install checks out refs/tags/v<version> (sdk/go/common/workspace/plugins.go, gitSource.Download).
    tags = subprocess.run(["git", "tag", "--points-at", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    releases = [tag for tag in tags.stdout.split() if re.fullmatch(r"v\d+\.\d+\.\d+.*", tag)]
    assert all(tag == f"v{version}" for tag in releases), f"tagged {releases}, pyproject.toml says {version}"


def test_the_virtualenv_the_cli_makes_beside_the_plugin_is_not_committed() -> None:
    from ruamel.yaml import YAML

    plugin = YAML(typ="safe", pure=True).load((PROJECT / "provider" / "PulumiPlugin.yaml").read_text())
    inside = f"provider/{plugin['runtime']['options']['virtualenv']}/bin/python"
    ignored = subprocess.run(["git", "check-ignore", "-q", inside], cwd=PROJECT)
    if ignored.returncode == 128:
        pytest.skip("not a git checkout")
    assert ignored.returncode == 0, f"{inside} would be committed"


def test_the_yaml_example_uses_the_component_as_the_schema_declares_it() -> None:
    from ruamel.yaml import YAML

    program = YAML(typ="safe", pure=True).load((PROJECT / "examples" / "yaml" / "Pulumi.yaml").read_text())
    resources = json.loads(SCHEMA_FILE.read_text())["resources"]
    assert program["packages"]["ei-pulumi"] == "../../provider"
    components = {name: r for name, r in program["resources"].items() if r["type"] in resources}
    assert sorted(r["type"] for r in components.values()) == [TOKEN, NETWORK_TOKEN]
    for resource in components.values():
        assert set(resource["properties"]) <= set(resources[resource["type"]]["inputProperties"])
    features = json.loads(SCHEMA_FILE.read_text())["types"]["ei-pulumi:index:Feature"]["enum"]
    assert set(components["private"]["properties"]["features"]) <= {e["value"] for e in features}
    for value in program["outputs"].values():
        name, output = value.strip("${}").split(".", 1)
        assert output in resources[components[name]["type"]]["properties"], value


# --- the second hosted component ----------------------------------------------------------------------


def test_the_schema_declares_the_network_from_its_model_and_class() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    network = schema["resources"][NETWORK_TOKEN]
    assert network["isComponent"] is True and network["requiredInputs"] == []
    inputs = network["inputProperties"]
    assert list(inputs) == [stack_key(f) for f in SageMakerPrivateNetworkConfig.model_fields]
    for field, info in SageMakerPrivateNetworkConfig.model_fields.items():
        with vocabulary(stack_key):
            assert inputs[stack_key(field)]["description"] == in_vocabulary(info.description or ""), field
    assert inputs["features"]["items"]["$ref"] == "#/types/ei-pulumi:index:Feature"
    features = [e["value"] for e in schema["types"]["ei-pulumi:index:Feature"]["enum"]]
    assert tuple(features) == choices("features", SageMakerPrivateNetworkConfig)
    plain = {key for key, spec in inputs.items() if spec.get("plain")}
    assert plain == {
        "features",
        "extraServices",
        "vpcCidr",
        "availabilityZoneCount",
        "privateDnsEnabled",
        "tags",
        "replacesEiSetup",
    }
    assert set(network["properties"]) == {stack_key(o) for o in NETWORK_OUTPUTS} == set(network["required"])
    assert network["properties"]["vpcEndpointIds"]["additionalProperties"]["type"] == "string"
    analyzer = Analyzer("ei-pulumi")
    for output in NETWORK_OUTPUTS:
        python = analyzer.get_docstring(SageMakerPrivateNetwork, output)
        assert python and analyzer.get_docstring(hosted.SageMakerPrivateNetwork, output) == python, output


def test_construct_of_the_network_builds_what_the_python_constructor_builds() -> None:
    provider = component_provider()

    def construct() -> None:
        inputs = {
            "vpcId": pulumi.Output.from_input(VPC),
            "subnetIds": [SUBNET_A, pulumi.Output.from_input(SUBNET_B)],
            "features": ["notebook", "training"],
            "extraServices": ["sts"],
        }
        provider.construct("net", NETWORK_TOKEN, inputs, pulumi.ResourceOptions())

    def python() -> None:
        SageMakerPrivateNetwork(
            "net",
            {
                "vpc_id": VPC,
                "subnet_ids": [SUBNET_A, SUBNET_B],
                "features": ["notebook", "training"],
                "extra_services": ["sts"],
            },
        )

    built = run_offline(construct, make_world())
    assert len([r for r in built.registrations if r.type == "aws:ec2/vpcEndpoint:VpcEndpoint"]) == 5
    assert registered(built) == registered(run_offline(python, make_world()))


def test_construct_over_grpc_builds_the_network_and_refuses_a_feature_by_its_input_name(plugin: Plugin) -> None:
    recorded = plugin.fresh_account()
    given = {"vpcId": output_of_network(VPC), "subnetIds": [SUBNET_A, SUBNET_B], "features": ["hosting"]}
    state = rpc.deserialize_properties(plugin.construct(given, type_=NETWORK_TOKEN).state)
    assert set(state["vpcEndpointIds"]) == {"com.amazonaws.us-east-1.sagemaker.runtime", "com.amazonaws.us-east-1.s3"}
    assert state["sagemakerVpcConfig"]["Subnets"] == state["subnetIds"] == [SUBNET_A, SUBNET_B]
    assert {"aws:ec2/vpcEndpoint:VpcEndpoint", "aws:iam/role:Role"} <= {r.type for r in recorded.registrations}
    _, errors = plugin.refusal({"features": ["notebook", "notebooks"]}, type_=NETWORK_TOKEN)
    assert errors == [
        ("features", "item '1': Input should be 'notebook', 'hosting', 'training' or 'studio' (got 'notebooks')")
    ]
