"""A stack's resources, linked to one another as the rules between resources need them.

AnalyzeStack hands the policy every resource of the stack with its outputs, in no promised order
(pulumi ``pkg/resource/deploy/step_generator.go``, ``AnalyzeResources``). After ``pulumi up`` every
ID is known, and a subnet's ``vpcId`` is its VPC's ``id``. In a preview, a resource the stack has not
created yet has no ID, and whatever names it holds an unknown value; but the engine also sends, for
each property, the URNs of the resources its value came from (``propertyDependencies``). So each
resource is read after the ones it depends on, stands for itself by its ID or, while that is not
known, by its URN, and an unknown ID is replaced by the stand-in of the one resource of the right
type the property depends on. A property that depends on several, or on none of that type, stays
unknown, and is not judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from graphlib import TopologicalSorter
from typing import Any, Sequence

from pulumi_policy import PolicyResource

from ..aws_rules.resources import REFERENCES
from .properties import UNKNOWN, has_unknown, region_of, split, with_unknowns


@dataclass(frozen=True)
class LinkedResource:
    """One resource of the stack as the rules read it."""

    resource: PolicyResource
    id: str
    """Its ID, or its URN while its ID is not known (a preview)."""
    props: dict[str, Any]
    """Its outputs that are known, unknown IDs linked where they can be."""
    pending: frozenset[str]
    """Its outputs still not known."""
    region: str


def _in_dependency_order(resources: Sequence[PolicyResource]) -> list[PolicyResource]:
    by_urn = {r.urn: r for r in resources}
    graph = {
        r.urn: {d.urn for d in r.dependencies} | {d.urn for ds in r.property_dependencies.values() for d in ds}
        for r in resources
    }
    return [by_urn[urn] for urn in TopologicalSorter(graph).static_order() if urn in by_urn]


def _fill(value: Any, stand_ins: list[str]) -> Any:
    """``value`` with its unknown IDs replaced by ``stand_ins``, where they fill every gap exactly."""
    if value is UNKNOWN:
        return stand_ins[0] if len(stand_ins) == 1 else UNKNOWN
    if isinstance(value, list):
        spare = [s for s in dict.fromkeys(stand_ins) if s not in value]  # an ID the list holds already fills no gap
        if sum(v is UNKNOWN for v in value) == len(spare):
            fill = iter(spare)
            return [next(fill) if v is UNKNOWN else v for v in value]
    return value


def linked(resources: Sequence[PolicyResource]) -> list[LinkedResource]:
    """The stack's resources, each after those it depends on, with the unknown IDs that can be linked linked."""
    ids: dict[str, str] = {}
    result = []
    for resource in _in_dependency_order(resources):
        props = with_unknowns(resource.props)
        for key, refers_to in REFERENCES.items():
            if key in props and has_unknown(props[key]):
                sources = resource.property_dependencies.get(key, [])
                props[key] = _fill(props[key], [ids[d.urn] for d in sources if d.resource_type == refers_to])
        known, pending = split(props)
        own = known.get("id")
        ids[resource.urn] = own if isinstance(own, str) and own else resource.urn
        result.append(LinkedResource(resource, ids[resource.urn], known, pending, region_of(resource.provider)))
    return result
