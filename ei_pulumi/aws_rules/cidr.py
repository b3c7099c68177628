"""CIDR blocks as pulumi-aws reads them, before AWS sees them.

pulumi-aws runs terraform-provider-aws's validators on every CIDR property, and they parse with
Go's ``net.ParseCIDR``, which is stricter than Python's ``ipaddress``: no netmask form
(``10.0.0.0/255.255.0.0``), no leading zeros in an IPv4 octet, no IPv6 zone. Two validators
matter here:

- ``verify.ValidateIPv4CIDRBlock`` (a subnet's ``cidr_block``, a rule's ``cidr_ipv4``) and its
  IPv6 twin: the block parses, is of its family, and its address is the network address
  (terraform-provider-aws ``internal/verify/validate.go``, ``CIDRBlocksEqual`` in ``internal/types``);
- ``validation.IsCIDRNetwork(min, max)`` (a VPC's and a secondary block's ``cidr_block``): the text
  is exactly Go's own rendering of the network, and its prefix is ``min`` to ``max``
  (terraform-plugin-sdk ``helper/validation/network.go``; ``internal/service/ec2/vpc_.go``).
"""

from __future__ import annotations

import ipaddress
from typing import Optional, Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


def parse(text: str) -> Optional[tuple[Union[ipaddress.IPv4Address, ipaddress.IPv6Address], int]]:
    """(address, prefix length) as Go's ``net.ParseCIDR`` reads ``text``, or None where it refuses it.

    The address is what ``netip.ParseAddr`` takes (IPv4: four decimal octets without leading zeros;
    IPv6 without a zone); the prefix is decimal digits (``dtoi``: leading zeros allowed), at most the
    address's length. (An IPv4-mapped IPv6 address, which Go would read as IPv4, is read as IPv6.)
    """
    address, slash, prefix = text.partition("/")
    if not slash or not (prefix.isascii() and prefix.isdigit()) or "%" in address:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    length = int(prefix)
    return (parsed, length) if length <= parsed.max_prefixlen else None


def _network(address: Union[ipaddress.IPv4Address, ipaddress.IPv6Address], length: int) -> Network:
    return ipaddress.ip_network(f"{address}/{length}", strict=False)


def lenient(text: str) -> Optional[Network]:
    """The network Python's ``ipaddress`` reads in ``text`` (netmask form, host bits and all), for a hint.

    An IPv6 zone is dropped: Go refuses one, and ``ipaddress`` would keep it in the hint.
    """
    address, slash, prefix = text.partition("/")
    try:
        return ipaddress.ip_network(address.partition("%")[0] + slash + prefix, strict=False)
    except ValueError:
        return None


def network_address_problem(text: str, version: int) -> Optional[str]:
    """What ``verify.ValidateIPv4CIDRBlock`` (``version`` 4) or its IPv6 twin finds wrong in ``text``; None if nothing."""
    parsed = parse(text)
    if parsed is None or parsed[0].version != version:
        hint = lenient(text)
        return f"not an IPv{version} CIDR block" + (
            f"; did you mean {str(hint)!r}?" if hint and hint.version == version else ""
        )
    network = _network(*parsed)
    if network.network_address != parsed[0]:
        return f"not a network address; did you mean {str(network)!r}?"
    return None


def canonical_problem(text: str, shortest: int, longest: int) -> Optional[str]:
    """What ``validation.IsCIDRNetwork(shortest, longest)`` finds wrong in an IPv4 ``text``; None if nothing."""
    parsed = parse(text)
    network = _network(*parsed) if parsed else lenient(text)
    if network is None or network.version != 4:
        return "not an IPv4 CIDR block"
    if parsed is None or str(network) != text:
        return f"not written as its network, exactly; did you mean {str(network)!r}?"
    if not shortest <= network.prefixlen <= longest:
        return f"prefix /{network.prefixlen} is not /{shortest} to /{longest}"
    return None
