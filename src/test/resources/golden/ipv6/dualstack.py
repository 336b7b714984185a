#!/usr/bin/env python3
"""Golden dual-stack overlay plans from Python's ipaddress module, an oracle independent of netshell's code.

Regenerate with:  python3 src/test/resources/golden/ipv6/dualstack.py src/test/resources/golden/ipv6
Writes dualstack.tsv; DualStackAddressPlanTest compares netshell's plan with it.

The IPv4 plan: the subnet split into P parts (P the next power of two >= nodes + 1); part 0 holds the host
addresses (node i: network + i) in its lower half and the VIPs in its upper half; part i is node i's container
range (first = network + 1, last = broadcast, but one less in the part that ends the subnet). The IPv6 plan puts
every address at the same offset from the IPv6 prefix's start; a range of 2^k IPv4 addresses becomes a /(128 - k).
"""
import ipaddress
import sys
from pathlib import Path

CASES = [
    ("10.0.0.0/24", 3, "fd00:10::/64"),
    ("10.0.0.0/24", 1, "fd00:10::/120"),
    ("10.0.0.0/24", 2, "2001:db8:1::/48"),
    ("10.1.0.0/16", 5, "fd00:ab::/112"),
    ("192.168.4.0/22", 7, "fd12:3456:789a:1::/64"),
    ("172.16.0.0/12", 100, "fd00::/64"),
    ("10.9.8.0/26", 2, "fd00:10::1/64"),
    ("10.0.0.0/8", 3, "2001:db8:ffff:ffff:ffff:ffff:ff00:0/104"),
]


def v6(net6, subnet, address):
    return net6.network_address + (int(address) - int(subnet.network_address))


def rows(subnet_text, n, prefix_text):
    subnet = ipaddress.ip_network(subnet_text)
    net6 = ipaddress.ip_network(prefix_text, strict=False)
    parts = 1
    while parts < n + 1:
        parts *= 2
    split = list(subnet.subnets(prefixlen_diff=parts.bit_length() - 1))
    infra = split[0]
    vips = list(infra.subnets(prefixlen_diff=1))[1]
    out = []
    for i in range(n):
        rng = split[i + 1]
        host = infra.network_address + i + 1
        first = rng.network_address + 1
        last = rng.broadcast_address - 1 if rng.broadcast_address == subnet.broadcast_address else rng.broadcast_address
        range6 = ipaddress.ip_network((v6(net6, subnet, rng.network_address), 128 - (32 - rng.prefixlen)))
        out.append(("n%d" % (i + 1), v6(net6, subnet, host), range6, v6(net6, subnet, first), v6(net6, subnet, last)))
    vips6 = ipaddress.ip_network((v6(net6, subnet, vips.network_address), 128 - (32 - vips.prefixlen)))
    out.append(("vips", "-", vips6, "-", "-"))
    return out


def main(directory):
    lines = ["subnet\tnodes\tprefix6\tnode\thost6\trange6\tfirst6\tlast6"]
    for subnet, n, prefix in CASES:
        for node, host, rng, first, last in rows(subnet, n, prefix):
            lines.append("\t".join(str(x) for x in (subnet, n, prefix, node, host, rng, first, last)))
    Path(directory, "dualstack.tsv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
