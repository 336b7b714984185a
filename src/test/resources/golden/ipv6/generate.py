#!/usr/bin/env python3
"""Golden IPv6 address maths from Python's ipaddress module, an oracle independent of netshell's library.

Regenerate with:  python3 src/test/resources/golden/ipv6/generate.py src/test/resources/golden/ipv6
Writes info.tsv, split.tsv and membership.tsv; Ipv6GoldenTest compares netshell's answers with them.
"""
import ipaddress
import sys
from pathlib import Path

INFO = [
    "::/0", "2001:db8::/32", "2001:db8:abcd::/48", "2001:db8::1/64", "2001:db8::1:2/112",
    "2001:db8::5/126", "2001:db8::1/127", "2001:db8::1/128", "2001:db8:0:0:1:0:0:1/128",
    "2001:db8:0:0:1:0:0:1/127", "::", "::1", "::ffff:192.0.2.1", "::ffff:0:0/96", "fe80::1/64",
    "FE80::A:B:C:D/10", "fd12:3456:789a::1/48", "ff02::1", "2002:c000:204::1/48", "2606:4700::1111/32",
    "2001:0:0:1:0:0:0:1/64", "2001:db8:0:1:1:1:1:1/64", "1:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:2",
    "2001:db8::/31",
]
SPLITS = [("2001:db8::/48", 64), ("2001:db8::/64", 66), ("2001:db8::/126", 127), ("fd00:10::/64", 128),
          ("::/0", 3), ("2001:db8:ffff:fffc::/62", 64)]
MEMBERSHIP = [
    ("contains", "2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff"), ("contains", "2001:db8::/64", "2001:db8:0:1::"),
    ("contains", "::/0", "ff02::1"), ("contains", "fe80::/10", "febf::1"), ("contains", "fe80::/10", "fec0::1"),
    ("contains", "2001:db8::1/127", "2001:db8::"), ("contains", "2001:db8::1/128", "2001:db8::"),
    ("overlap", "2001:db8::/32", "2001:db8:1::/48"), ("overlap", "2001:db8::/48", "2001:db8:1::/48"),
    ("overlap", "fc00::/7", "fd00::/8"), ("overlap", "::/0", "::1/128"), ("overlap", "2001:db8::/127", "2001:db8::2/127"),
]
SPECIAL = [
    ("unspecified", "::/128"), ("loopback", "::1/128"), ("IPv4-mapped", "::ffff:0:0/96"),
    ("documentation", "2001:db8::/32"), ("6to4", "2002::/16"), ("link-local", "fe80::/10"),
    ("unique local", "fc00::/7"), ("multicast", "ff00::/8"), ("global unicast", "2000::/3"),
]


def kind(net):
    if net.prefixlen == 0:
        return "the whole IPv6 address space"
    for name, cidr in SPECIAL:
        if net.subnet_of(ipaddress.ip_network(cidr)):
            return name
    return "reserved"


def first_last(net):
    if net.prefixlen >= 127:
        return net.network_address, net.broadcast_address, net.num_addresses
    return net.network_address + 1, net.broadcast_address, net.num_addresses - 1


def binary(addr):
    bits = format(int(addr), "0128b")
    return ":".join(bits[i:i + 16] for i in range(0, 128, 16))


def main(out):
    out = Path(out)
    rows = ["input\taddress\tnetwork\tfirst\tlast\tusable\ttotal\tprefix\tbinary\tkind"]
    for text in INFO:
        iface = ipaddress.ip_interface(text)
        net = iface.network
        first, last, usable = first_last(net)
        rows.append("\t".join(map(str, [text, iface.ip.compressed, net.network_address.compressed, first.compressed,
                                         last.compressed, usable, net.num_addresses, net.prefixlen, binary(iface.ip),
                                         kind(net)])))
    (out / "info.tsv").write_text("\n".join(rows) + "\n")

    rows = ["cidr\tprefix\tcount\tindex\tpart\tfirst\tlast"]
    for cidr, prefix in SPLITS:
        net = ipaddress.ip_network(cidr)
        count = 2 ** (prefix - net.prefixlen)
        size = 2 ** (128 - prefix)
        for index in sorted({0, 1, count // 2, count - 1}):
            part = ipaddress.IPv6Network((int(net.network_address) + index * size, prefix))
            first, last, _ = first_last(part)
            rows.append("\t".join(map(str, [cidr, prefix, count, index, part.compressed, first.compressed,
                                             last.compressed])))
    (out / "split.tsv").write_text("\n".join(rows) + "\n")

    rows = ["verb\ta\tb\tanswer"]
    for verb, a, b in MEMBERSHIP:
        na = ipaddress.ip_network(a, strict=False)
        if verb == "contains":
            answer = ipaddress.ip_address(b) in na
        else:
            answer = na.overlaps(ipaddress.ip_network(b, strict=False))
        rows.append("\t".join([verb, a, b, str(answer).lower()]))
    (out / "membership.tsv").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
