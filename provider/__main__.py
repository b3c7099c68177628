"""Hosts ElasticInferenceSetup as the component package ei-pulumi (token ei-pulumi:index:ElasticInferenceSetup)."""

from pulumi.provider.experimental import component_provider_host

from ei_pulumi.component import PACKAGE
from ei_pulumi.multilang.component import ElasticInferenceSetup
from ei_pulumi.multilang.schema import package_version

if __name__ == "__main__":
    component_provider_host([ElasticInferenceSetup], PACKAGE, version=package_version())
