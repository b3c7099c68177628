"""Every list of settings and outputs is generated from its one source, and none has drifted."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ei_pulumi import docs
from ei_pulumi.cli import main
from ei_pulumi.component import OUTPUTS
from ei_pulumi.config import ElasticInferenceConfig, SageMakerPrivateNetworkConfig
from ei_pulumi.network import NETWORK_OUTPUTS

PROJECT = Path(__file__).resolve().parent.parent


def test_no_generated_part_differs_from_its_source() -> None:
    assert docs.stale() == [], "run `python -m ei_pulumi docs` and commit what it writes"


def test_a_hand_edit_to_any_generated_part_is_caught(capsys, monkeypatch) -> None:
    for part in docs.GENERATED:
        text = part.path.read_text()
        inside = text.index(part.start) + len(part.start) + 1  # the first line of the generated part
        edited = text[:inside] + "a hand edit " + text[inside:]
        original = Path.read_text
        monkeypatch.setattr(
            Path, "read_text", lambda self, *a, **k: edited if self == part.path else original(self, *a, **k)
        )
        assert str(part.path.relative_to(PROJECT)) in docs.stale()
        assert main(["docs", "--check"]) == 1
        assert "run `python -m ei_pulumi docs`" in capsys.readouterr().err
        monkeypatch.undo()


def test_pulumi_yaml_declares_every_setting_a_schema_can_declare() -> None:
    config = YAML(typ="safe", pure=True).load((PROJECT / "Pulumi.yaml").read_text())["config"]
    assert list(config) == [docs.to_camel(f) for f in ElasticInferenceConfig.model_fields if f != "tags"]
    assert config["vpcCidr"]["default"] == "10.0.0.0/16" and config["privateDnsEnabled"]["default"] is True
    assert "Required with vpcId" in config["subnetIds"]["description"]  # the stack's names, not vpc_id


def test_the_outputs_come_from_the_component_class() -> None:
    assert [o.name for o in docs.outputs()] == list(OUTPUTS)
    assert all(o.description and o.annotation.startswith("pulumi.Output[") for o in docs.outputs())


@pytest.mark.parametrize("generated", docs.GENERATED, ids=lambda g: f"{g.path.name}:{g.start[:20]}")
def test_each_generated_part_sits_between_its_markers(generated: docs.Generated) -> None:
    text = generated.path.read_text()
    assert generated.start in text and (generated.end is None or generated.end in text)


def test_the_readme_offers_an_output_exactly_where_the_schema_takes_one() -> None:
    import json

    from ei_pulumi.multilang.schema import SCHEMA_FILE

    inputs = json.loads(SCHEMA_FILE.read_text())["resources"]["ei-pulumi:index:ElasticInferenceSetup"][
        "inputProperties"
    ]
    table = (
        (PROJECT / "README.md").read_text().split("<!-- settings:start -->\n", 1)[1].split("<!-- settings:end", 1)[0]
    )
    types = {row.split(" | ")[0].strip("| `"): row.split(" | ")[2] for row in table.splitlines()[2:]}
    assert set(types) == set(ElasticInferenceConfig.model_fields)
    for field, shown in types.items():
        spec = inputs[docs.to_camel(field)]
        whole, _, alternative = shown.partition(", or ")
        assert ("Output" in alternative) is not spec.get("plain", False), field
        inner = spec.get("items") or spec.get("additionalProperties")
        if inner:  # a list's items, a map's values
            assert ("Output" in whole) is not inner.get("plain", False), field


def test_the_network_is_documented_from_its_own_model_and_class() -> None:
    example = YAML(typ="safe", pure=True).load((PROJECT / "examples" / "private-notebook" / "Pulumi.yaml").read_text())
    fields = SageMakerPrivateNetworkConfig.model_fields
    assert list(example["config"]) == [docs.to_camel(f) for f in fields if f != "tags"]
    assert example["config"]["features"]["default"] == ["notebook"]
    assert [o.name for o in docs.outputs(docs.NETWORK)] == list(NETWORK_OUTPUTS)
    readme = (PROJECT / "README.md").read_text()
    table = readme.split("<!-- network-settings:start -->\n", 1)[1].split("<!-- network-settings:end", 1)[0]
    assert [row.split(" | ")[0].strip("| `") for row in table.splitlines()[2:]] == list(fields)
    assert "`private-notebook:replacesEiSetup`" in table and "list of `notebook` \\| `hosting`" in table
