"""A small simulated AWS account that answers the component's lookups under Pulumi's mocks.

It knows a region, the AZs where EI is offered, and any VPCs, subnets, endpoints and roles it
is given; it invents IDs and ARNs for created resources. Invented IDs have AWS's shape and
start with 0ff11e ("offline") after their prefix, in the documentation account 111122223333,
so nobody mistakes a plan for a deployment. Unknown lookups fail as AWS would,
and a resource that breaks one of AWS's documented rules (``ei_pulumi.aws_rules``) is refused
as AWS would refuse it: the run fails with ``AwsRefusal``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import threading
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Union

import pulumi
from pulumi.output import Unknown
from pulumi.runtime import rpc

from ..aws_rules import (
    AccountState,
    EndpointFacts,
    SubnetFacts,
    Violation,
    VpcFacts,
    check_resource,
    record,
    regions,
)
from ..aws_rules.endpoints import holds_dns_name
from ..aws_rules.naming import physical_name
from ..aws_rules.services import CATALOGUE, ELASTIC_INFERENCE, GATEWAY, interface_service_name
from ..config import SETUP_TAG

# AWS's documented example account: never a real one.
SIMULATED_ACCOUNT_ID = "111122223333"

_ID_PREFIXES = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation": "vpc-cidr-assoc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
    "prefix-list": "pl",
}


# Types whose physical name pulumi-aws or the provider makes when the program gives none.
_NAMED = {
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:ec2/securityGroup:SecurityGroup",
}

SIMULATED_ID_MARK = "0ff11e"
"""Every invented ID starts with these hex digits ("offline") after its prefix."""


def simulated_id(type_token: str, name: str) -> str:
    """An ID shaped like AWS's (prefix, 17 hex digits), marked, and derived from the logical name
    rather than the registration order, so plans are repeatable."""
    digest = hashlib.sha256(f"{type_token}/{name}".encode()).hexdigest()[:11]
    return f"{_ID_PREFIXES.get(type_token, 'simulated')}-{SIMULATED_ID_MARK}{digest}"


AWS_PROVIDER = "pulumi:providers:aws"


def partition_of(region: str) -> str:
    """The partition a region belongs to, by botocore's partition data.

    A name that is no region is taken as the commercial partition's: the provider itself would
    refuse it when configured, which is not simulated here.
    """
    return regions.partition_of(region) or "aws"


def _dns_suffix(partition: str) -> str:
    return "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"


def _failure(prop: str, reason: str) -> tuple[dict, list[tuple[str, str]]]:
    """A lookup that fails as the engine reports it: the program sees "invoke of ... failed"."""
    return {}, [(prop, reason)]


@dataclass(frozen=True)
class SimulatedVpc(VpcFacts):
    """A VPC the account already has: DNS support and hostnames on unless told otherwise."""

    cidr_block: str = "10.20.0.0/16"
    main_route_table_id: Optional[str] = None
    """Its main route table (every VPC has one); None: an ID made from the VPC's."""


@dataclass(frozen=True)
class SimulatedSubnet:
    """A subnet the account already has; without a block it takes the next free /24 of its VPC."""

    vpc_id: str
    availability_zone: str
    cidr_block: Optional[str] = None
    route_table_id: Optional[str] = None
    """The route table explicitly associated with it; None: it uses its VPC's main route table."""


@dataclass(frozen=True)
class SimulatedEndpoint:
    """An interface endpoint the account already has; ``state`` as the API writes it (``available``, ``deleted``, ...)."""

    vpc_id: str
    service_name: str
    private_dns_enabled: bool = True
    tags: dict[str, str] = field(default_factory=dict)
    state: str = "available"
    vpc_endpoint_type: str = "Interface"

    def filter_values(self, endpoint_id: str) -> dict[str, list[str]]:
        """What each of DescribeVpcEndpoints's filters (API_DescribeVpcEndpoints.html) sees of this endpoint."""
        values = {
            "vpc-id": [self.vpc_id],
            "service-name": [self.service_name],
            "vpc-endpoint-state": [self.state],
            "vpc-endpoint-id": [endpoint_id],
            "vpc-endpoint-type": [self.vpc_endpoint_type],
            "tag-key": list(self.tags),
        }
        return values | {f"tag:{key}": [value] for key, value in self.tags.items()}


_ENDPOINT_FILTERS = ("vpc-id", "service-name", "vpc-endpoint-state", "vpc-endpoint-id", "vpc-endpoint-type", "tag-key")


def _endpoint_filters(inputs: dict[str, Any]) -> dict[str, list[str]]:
    """The EC2 filters pulumi-aws's get_vpc_endpoint sends for its arguments (vpc_endpoint_data_source.go):
    vpc_id, service_name and state as filters, each tag as tag:<key>, the custom filters as given."""
    filters = {
        name: [str(inputs[arg])]
        for name, arg in (("vpc-id", "vpcId"), ("service-name", "serviceName"), ("vpc-endpoint-state", "state"))
        if inputs.get(arg)
    }
    filters.update({f"tag:{key}": [str(value)] for key, value in (inputs.get("tags") or {}).items()})
    for custom in inputs.get("filters") or []:
        filters[custom["name"]] = [str(v) for v in custom["values"]]
    if inputs.get("id"):
        filters["vpc-endpoint-id"] = [str(inputs["id"])]  # VpcEndpointIds, which narrows as a filter does
    return filters


_ROUTE_TABLE_FILTERS = ("route-table-id", "vpc-id", "association.subnet-id", "association.main")


def _route_table_filters(inputs: dict[str, Any]) -> dict[str, list[str]]:
    """The EC2 filters pulumi-aws's get_route_table sends for its arguments (vpc_route_table_data_source.go):
    route_table_id, vpc_id and subnet_id (association.subnet-id) as filters, the custom filters as given."""
    filters = {
        name: [str(inputs[arg])]
        for name, arg in (
            ("route-table-id", "routeTableId"),
            ("vpc-id", "vpcId"),
            ("association.subnet-id", "subnetId"),
        )
        if inputs.get(arg)
    }
    for custom in inputs.get("filters") or []:
        filters[custom["name"]] = [str(v) for v in custom["values"]]
    return filters


class AwsRefusal(Exception):
    """AWS would refuse a resource the program registered; ``violations`` says why."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__(str(violations[0]))


def _unknown(value: Any) -> bool:
    """Whether a value (or part of a list) is not known yet, as in a preview."""
    if isinstance(value, list):
        return any(_unknown(v) for v in value)
    return isinstance(value, Unknown) or value == rpc.UNKNOWN


@dataclass
class SimulatedAws(pulumi.runtime.Mocks):
    """Answers lookups from the fields below and makes up outputs for created resources.

    Every lookup and every resource is served in the region of the AWS provider behind it: an
    explicit ``aws.Provider``'s ``region``, or ``region`` for the default provider (``plan`` sets it
    from the stack's ``aws:region``). The seeded network lives in ``region``; roles are global, as IAM is.
    """

    region: str = "us-east-1"
    service_azs: Optional[Union[list[str], Mapping[str, list[str]]]] = None
    """Where endpoint services are offered in ``region``: a list is EI's AZs; a mapping gives the AZs of each
    service by full name (``[]``: not offered there). Every service of the catalogue not named is offered in
    the region's a, b and c, as in any other region."""
    vpcs: dict[str, SimulatedVpc] = field(default_factory=dict)
    subnets: dict[str, SimulatedSubnet] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    """Existing role names and their ARNs."""
    endpoints: dict[str, SimulatedEndpoint] = field(default_factory=dict)
    """Existing interface endpoints by ID."""
    stack_outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Outputs of other stacks, by stack name (``org/project/stack``), for ``pulumi.StackReference``."""
    registered: list[tuple[str, str]] = field(default_factory=list)
    """(type, logical name) of every resource registered, components included, in order."""
    refusals: list[Violation] = field(default_factory=list)
    """Every rule a registered resource broke; the run fails on the first."""
    _states: dict[str, AccountState] = field(default_factory=dict, init=False, repr=False)
    _created_endpoints: dict[str, dict[str, SimulatedEndpoint]] = field(default_factory=dict, init=False, repr=False)
    """Region -> the endpoints this deployment created there, as lookups see them."""
    _provider_regions: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    """The ID of each explicit AWS provider registered -> its region."""
    # Pulumi registers resources (and answers lookups) from executor threads: every reading and
    # writing of the account's state holds this lock, so no iteration meets a mutation.
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False, compare=False)

    @property
    def partition(self) -> str:
        """The region's partition."""
        return partition_of(self.region)

    @property
    def offered_azs(self) -> list[str]:
        """AZs where EI is offered in this account's region."""
        return self._offered(self.region).get(ELASTIC_INFERENCE.name(self.region), [])

    def _offered(self, region: str) -> dict[str, list[str]]:
        """Full service name -> AZs where it is offered as an interface service in ``region``."""
        default = [f"{region}{letter}" for letter in "abc"]
        offered = {
            interface_service_name(s.key, region) if s.kind == GATEWAY else s.name(region): default
            for s in CATALOGUE.values()
        }
        if region == self.region and isinstance(self.service_azs, Mapping):
            offered.update(self.service_azs)
        elif region == self.region and self.service_azs is not None:
            offered[ELASTIC_INFERENCE.name(region)] = list(self.service_azs)
        return {name: list(azs) for name, azs in offered.items()}

    @property
    def account(self) -> AccountState:
        """What the account holds in ``region``: the seeded VPCs, subnets and endpoints, then what AWS accepted.

        Built at first use, so fields set after construction count; one world is one deployment.
        """
        return self.state_in(self.region)

    def state_in(self, region: str) -> AccountState:
        """What the account holds in ``region`` (only ``region`` itself was seeded)."""
        with self._lock:
            if region not in self._states:
                offered = self._offered(region)
                state = AccountState(region=region, services={name: azs for name, azs in offered.items() if azs})
                for service in CATALOGUE.values():
                    name = service.name(region)
                    if not service.takes_policy:
                        state.services_without_policy.add(name)
                    if service.kind == GATEWAY and offered.get(name) != []:
                        state.gateway_services.add(name)
                        state.prefix_lists[simulated_id("prefix-list", name)] = name
                if region == self.region:
                    state.vpcs.update(self.vpcs)
                    state.subnets.update(self._subnet_facts())
                    self._seed_route_tables(state)
                    state.endpoints.update(
                        (endpoint_id, EndpointFacts(e.vpc_id, e.service_name, e.private_dns_enabled, endpoint_id))
                        for endpoint_id, e in self.endpoints.items()
                        if holds_dns_name(e.state)  # one deleted, rejected or failed is no rival
                    )
                self._states[region] = state
            return self._states[region]

    def _seed_route_tables(self, state: AccountState) -> None:
        """Each seeded VPC's main route table, and the tables seeded subnets are associated with."""
        for vpc_id, vpc in self.vpcs.items():
            self._add_main_route_table(state, vpc_id, vpc.main_route_table_id)
        for subnet_id, subnet in self.subnets.items():
            if subnet.route_table_id:
                state.route_tables[subnet.route_table_id] = subnet.vpc_id
                state.subnet_route_tables[subnet_id] = subnet.route_table_id

    @staticmethod
    def _add_main_route_table(state: AccountState, vpc_id: str, table_id: Optional[str] = None) -> str:
        """Give a VPC its main route table, as CreateVpc does."""
        table_id = table_id or simulated_id("aws:ec2/routeTable:RouteTable", f"{vpc_id} main")
        state.route_tables[table_id] = vpc_id
        state.main_route_tables[vpc_id] = table_id
        return table_id

    def region_of(self, provider: Optional[str]) -> str:
        """The region of the provider behind a resource or lookup (``provider``: the engine's ``urn::id`` reference)."""
        with self._lock:
            return self._provider_regions.get((provider or "").rsplit("::", 1)[-1], self.region)

    def _subnet_facts(self) -> dict[str, SubnetFacts]:
        """Seeded subnets, each without a block given the next /24 of its VPC's range."""
        free = {
            vpc_id: ipaddress.IPv4Network(vpc.cidr_block).subnets(new_prefix=24) for vpc_id, vpc in self.vpcs.items()
        }
        facts = {}
        for subnet_id, subnet in self.subnets.items():
            # A subnet seeded without its VPC has no range to take a block from: its own stays unknown.
            cidr = subnet.cidr_block or (str(next(free[subnet.vpc_id])) if subnet.vpc_id in free else "")
            facts[subnet_id] = SubnetFacts(subnet.vpc_id, subnet.availability_zone, cidr, subnet_id)
        return facts

    def _update_own_endpoint(self, tags: dict[str, Any]) -> None:
        """A seeded endpoint with the same setup marker is this one from an earlier deployment:
        registering it again updates it in place, so it is no rival of itself."""
        marker = tags.get(SETUP_TAG)
        for endpoint_id, endpoint in self.endpoints.items():
            if marker is not None and endpoint.tags.get(SETUP_TAG) == marker:
                self.account.endpoints.pop(endpoint_id, None)

    def arn(self, service: str, resource: str, region: str = "") -> str:
        """An ARN in this account: of ``region`` (none for a global service such as IAM), in its partition."""
        return f"arn:{partition_of(region or self.region)}:{service}:{region}:{SIMULATED_ACCOUNT_ID}:{resource}"

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, Optional[list[tuple[str, str]]]]:
        with self._lock:
            answer = self._answer(args.token, args.args, self.region_of(args.provider))
        return answer if isinstance(answer, tuple) else (answer, [])

    def _answer(self, token: str, inputs: dict, region: str) -> dict | tuple[dict, list[tuple[str, str]]]:
        state = self.state_in(region)
        partition = partition_of(region)
        if token == "aws:index/getPartition:getPartition":
            return {"id": partition, "partition": partition, "dnsSuffix": _dns_suffix(partition)}
        if token == "aws:index/getRegion:getRegion":
            return {"id": region, "name": region, "region": region}
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": SIMULATED_ACCOUNT_ID, "id": SIMULATED_ACCOUNT_ID}
        if token == "aws:ec2/getVpcEndpointService:getVpcEndpointService":
            return self._endpoint_service(str(inputs.get("serviceName")), inputs.get("serviceType"), state)
        if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            names = sorted({az for azs in state.services.values() for az in azs})
            return {"id": region, "names": names}
        if token == "aws:ec2/getRouteTable:getRouteTable":
            return self._one_route_table(_route_table_filters(inputs), state)
        if token == "aws:ec2/getVpc:getVpc":
            vpc_id = str(inputs.get("id"))
            vpc = state.vpcs.get(vpc_id)
            if vpc is None:
                return _failure("id", f"no matching EC2 VPC found for {vpc_id}")
            return {
                "id": vpc_id,
                "cidrBlock": vpc.cidr_block,
                "enableDnsSupport": vpc.enable_dns_support,
                "enableDnsHostnames": vpc.enable_dns_hostnames,
            }
        if token == "aws:ec2/getSubnet:getSubnet":
            subnet_id = inputs.get("id")
            if subnet_id not in state.subnets:
                return _failure("id", f"no matching EC2 Subnet found for {subnet_id}")
            subnet = state.subnets[subnet_id]
            return {
                "id": subnet_id,
                "vpcId": subnet.vpc_id,
                "availabilityZone": subnet.availability_zone,
                "cidrBlock": subnet.cidr_block,
            }
        if token == "aws:ec2/getVpcEndpoint:getVpcEndpoint":
            return self._one_endpoint(_endpoint_filters(inputs), region)
        if token == "aws:iam/getRole:getRole":
            role_name = inputs.get("name")
            if role_name not in self.roles:
                return _failure("name", f"NoSuchEntity: the role with name {role_name} cannot be found")
            return {"id": role_name, "name": role_name, "arn": self.roles[role_name]}
        return _failure("token", f"the simulated AWS does not answer {token}")

    @staticmethod
    def _endpoint_service(
        name: str, wanted: Optional[str], state: AccountState
    ) -> dict | tuple[dict, list[tuple[str, str]]]:
        """One service as pulumi-aws's get_vpc_endpoint_service reads DescribeVpcEndpointServices
        (vpc_endpoint_service_data_source.go): S3 is both an Interface and a Gateway service, so its
        name alone matches two, which the data source refuses; ``service_type`` narrows it to one."""
        kinds = [
            k for k, on in (("Interface", name in state.services), ("Gateway", name in state.gateway_services)) if on
        ]
        matches = [kind for kind in kinds if not wanted or kind == wanted]
        if not matches:
            return _failure("serviceName", f"no matching EC2 VPC Endpoint Service found for {name}")
        if len(matches) > 1:
            return _failure(
                "serviceName",
                "multiple EC2 VPC Endpoint Services matched; use additional constraints to reduce matches to a "
                "single EC2 VPC Endpoint Service",
            )
        every_az = sorted({az for azs in state.services.values() for az in azs})
        return {
            "id": name,
            "serviceName": name,
            "serviceType": matches[0],
            "availabilityZones": list(state.services[name]) if matches[0] == "Interface" else every_az,
            "vpcEndpointPolicySupported": name not in state.services_without_policy,
        }

    @staticmethod
    def _one_route_table(
        filters: dict[str, list[str]], state: AccountState
    ) -> dict | tuple[dict, list[tuple[str, str]]]:
        """The one route table every filter matches, as DescribeRouteTables filters them (association.main
        is true only for the VPC's main table) and pulumi-aws's get_route_table answers
        (vpc_route_table_data_source.go: an error for none and for several)."""
        unknown = sorted(set(filters) - set(_ROUTE_TABLE_FILTERS))
        if unknown:
            return _failure("filters", f"InvalidParameterValue: The filter '{unknown[0]}' is invalid")
        matches = []
        for table_id, vpc_id in state.route_tables.items():
            main = state.main_route_tables.get(vpc_id) == table_id
            values = {
                "route-table-id": [table_id],
                "vpc-id": [vpc_id],
                "association.subnet-id": [sub for sub, table in state.subnet_route_tables.items() if table == table_id],
                "association.main": ["true" if main else "false"],
            }
            if all(set(wanted) & set(values[name]) for name, wanted in filters.items()):
                matches.append((table_id, vpc_id, values))
        if not matches:
            return _failure("filters", "query returned no results. Please change your search criteria and try again")
        if len(matches) > 1:
            return _failure(
                "filters",
                "multiple Route Tables matched; use additional constraints to reduce matches to a single Route Table",
            )
        table_id, vpc_id, values = matches[0]
        associations = [
            {"routeTableId": table_id, "subnetId": sub, "main": False} for sub in values["association.subnet-id"]
        ]
        if values["association.main"] == ["true"]:
            associations.append({"routeTableId": table_id, "main": True})
        return {"id": table_id, "routeTableId": table_id, "vpcId": vpc_id, "associations": associations}

    def _one_endpoint(self, filters: dict[str, list[str]], region: str) -> dict | tuple[dict, list[tuple[str, str]]]:
        """The one endpoint of ``region`` that every filter matches (any of its values), as pulumi-aws's
        singular data source answers (tfresource.SingularDataSourceFindError for none or several)."""
        unknown = sorted(name for name in filters if name not in _ENDPOINT_FILTERS and not name.startswith("tag:"))
        if unknown:
            return _failure("filters", f"InvalidParameterValue: The filter '{unknown[0]}' is invalid")
        in_region = {**(self.endpoints if region == self.region else {}), **self._created_endpoints.get(region, {})}
        matches = [
            (endpoint_id, endpoint)
            for endpoint_id, endpoint in in_region.items()
            if all(
                set(wanted) & set(endpoint.filter_values(endpoint_id).get(name, [])) for name, wanted in filters.items()
            )
        ]
        if not matches:
            return _failure("filters", "no matching EC2 VPC Endpoint found")
        if len(matches) > 1:
            return _failure(
                "filters",
                "multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches "
                "to a single EC2 VPC Endpoint",
            )
        endpoint_id, endpoint = matches[0]
        return {
            "id": endpoint_id,
            "vpcId": endpoint.vpc_id,
            "serviceName": endpoint.service_name,
            "state": endpoint.state,
            "vpcEndpointType": endpoint.vpc_endpoint_type,
            "privateDnsEnabled": endpoint.private_dns_enabled,
            "tags": dict(endpoint.tags),
        }

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[Optional[str], dict]:
        with self._lock:
            return self._register(args)

    def _register(self, args: pulumi.runtime.MockResourceArgs) -> tuple[Optional[str], dict]:
        """A resource as AWS would take it, or AwsRefusal; the caller holds the lock."""
        self.registered.append((args.typ, args.name))
        if args.typ == "pulumi:pulumi:StackReference":
            stack = args.inputs.get("name", args.name)
            return stack, {"name": stack, "outputs": self.stack_outputs.get(stack, {}), "secretOutputNames": []}
        if not args.custom:
            return None, {}
        if args.typ == AWS_PROVIDER:
            # Known even in a preview here: what each resource's provider reference names is its region.
            provider_id = simulated_id(args.typ, args.name)
            self._provider_regions[provider_id] = str(args.inputs.get("region") or self.region)
            return provider_id, dict(args.inputs)
        region = self.region_of(args.provider)
        state = self.state_in(region)
        pending = {key for key, value in args.inputs.items() if _unknown(value)}
        known = {key: value for key, value in args.inputs.items() if key not in pending}
        if args.typ == "aws:ec2/vpcEndpoint:VpcEndpoint" and region == self.region:
            self._update_own_endpoint(known.get("tags") or {})
        violations = check_resource(args.typ, args.name, known, state, pending)
        if violations:
            self.refusals += violations
            raise AwsRefusal(violations)
        outputs = dict(args.inputs)
        resource_id = simulated_id(args.typ, args.name)
        record(args.typ, args.name, resource_id, known, state, pending)
        if pulumi.runtime.is_dry_run():
            # A preview: AWS has created nothing, so IDs and what only AWS computes stay unknown.
            return None, outputs
        if args.typ in _NAMED:
            outputs.update(name=physical_name(args.name, args.inputs))
        if args.typ == "aws:iam/role:Role":
            outputs.update(arn=self.arn("iam", f"role/{outputs['name']}"))
            self.roles[outputs["name"]] = outputs["arn"]  # get_role finds it from now on
            resource_id = outputs["name"]  # a role's ID is its name
        elif args.typ == "aws:iam/policy:Policy":
            outputs.update(arn=self.arn("iam", f"policy/{outputs['name']}"))
            resource_id = outputs["arn"]  # a policy's ID is its ARN
        elif args.typ == "aws:ec2/securityGroup:SecurityGroup":
            outputs.update(arn=self.arn("ec2", f"security-group/{resource_id}", region))
        elif args.typ == "aws:ec2/vpc:Vpc":
            main = self._add_main_route_table(state, resource_id)
            outputs.update(mainRouteTableId=main, defaultRouteTableId=main)
        elif args.typ == "aws:ec2/vpcEndpoint:VpcEndpoint":
            kind = known.get("vpcEndpointType") or "Gateway"  # the provider's default, and CreateVpcEndpoint's
            service = known.get("serviceName", "")
            outputs.update(state="available")
            if kind == "Gateway":
                prefix_lists = {name: pl for pl, name in state.prefix_lists.items()}
                outputs.update(prefixListId=prefix_lists.get(service, ""), dnsEntries=[])
            else:
                short = service.split(f".{region}.", 1)[-1]
                dns_name = f"{resource_id}.{short}.{region}.vpce.{_dns_suffix(partition_of(region))}"
                outputs.update(dnsEntries=[{"dnsName": dns_name, "hostedZoneId": "ZSIMULATED"}])
            self._created_endpoints.setdefault(region, {})[resource_id] = SimulatedEndpoint(
                known.get("vpcId", ""),
                service,
                bool(known.get("privateDnsEnabled", False)),
                dict(known.get("tags") or {}),
                vpc_endpoint_type=kind,
            )
        return resource_id, outputs
