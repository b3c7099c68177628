"""Hosts ElasticInferenceSetup as the component package ei-pulumi (token ei-pulumi:index:ElasticInferenceSetup).

Pulumi's ``component_provider_host`` would serve the SDK's own ComponentProvider; ``main`` serves ours,
which refuses bad input as the engine expects (ei_pulumi/multilang/provider.py).
"""

import sys

from pulumi.provider import main

from ei_pulumi.multilang.provider import component_provider

if __name__ == "__main__":
    main(component_provider(), sys.argv[1:])
