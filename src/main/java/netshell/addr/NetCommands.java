package netshell.addr;

import java.util.List;

import netshell.addr.math.Cidr;
import netshell.addr.math.IpPrefix;
import netshell.addr.math.Ipv6Block;
import netshell.addr.math.Ipv6Split;
import netshell.addr.math.Membership;
import netshell.addr.math.NetInfo;
import netshell.addr.math.SplitDiagram;
import netshell.addr.math.SubnetRow;
import netshell.command.Args;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Text;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.IpFamily;

/** {@code net}: address maths from walkthrough 3, no nodes needed. */
public final class NetCommands {
    private NetCommands() {}

    public static CommandSpec spec() {
        return CommandSpec.of("net", "address maths: CIDR info, splits, diagrams, containment, overlap",
                Verb.of("info", "everything about one address/prefix: network, mask, range, counts, binary",
                        NetCommands::info,
                        Param.positional("cidr", "an address with prefix, e.g. 10.0.0.1/24 or 2001:db8::1/64")).local(),
                Verb.of("split", "split a network into N equal parts (a power of two), or into /P parts",
                        NetCommands::split,
                        Param.positional("cidr", "the network to split, e.g. 10.0.0.0/24"),
                        Param.optionalPositional("parts", "how many equal parts (a power of two)"),
                        Param.option("prefix", "the prefix length of each part instead of N, e.g. 25"),
                        Param.flag("all", "IPv6: list every part, not only the first and last few"))
                        .details("""
                                Each part keeps its own network and broadcast address, so a /25 holds
                                126 usable hosts, not 128. Walkthrough 2 gives node1 10.0.0.0/25 and node2
                                10.0.0.128/25; 'overlay create' plans ranges so that host addresses sit
                                outside every node's container range. IPv6 has no broadcast: a part's
                                network address is its Subnet-Router anycast address, so a /64 has 2^64 - 1
                                usable addresses, and a /127 link (RFC 6164) uses both. An IPv6 split of more
                                than 8 parts lists the first and last 4 unless --all.""").local(),
                Verb.of("diagram", "an ASCII picture of a split, with network and broadcast addresses marked",
                        (a, c) -> new Text(diagram(a.get("cidr"), Cidr.parseParts(a.get("parts", "2")))),
                        Param.positional("cidr", "the network to draw, e.g. 10.0.0.0/24"),
                        Param.optionalPositional("parts", "how many equal parts (default 2)")).local(),
                Verb.of("contains", "whether a network contains an address, and why",
                        (a, c) -> Membership.Containment.check(a.get("cidr"), a.get("address")),
                        Param.positional("cidr", "the network, e.g. 10.0.0.0/25"),
                        Param.positional("address", "the address, e.g. 10.0.0.130")).local(),
                Verb.of("overlap", "whether two networks overlap, and how",
                        (a, c) -> Membership.Overlap.check(a.get("a"), a.get("b")),
                        Param.positional("a", "a network, e.g. 10.0.0.0/24"),
                        Param.positional("b", "another network, e.g. 10.0.0.128/25")).local());
    }

    private static Object info(Args a, Context c) {
        return NetInfo.of(IpPrefix.parse(a.get("cidr")));
    }

    private static String diagram(String cidr, int parts) {
        return SplitDiagram.render(IpPrefix.parse(cidr), parts);
    }

    private static Object split(Args a, Context c) {
        String prefix = a.get("prefix");
        String parts = a.get("parts");
        if (prefix != null && parts != null) throw new BadInput("give N parts or --prefix, not both");
        if (IpFamily.isV6(a.get("cidr"))) return split6(a, prefix, parts);
        if (a.flag("all")) throw new BadInput("--all is for IPv6 splits; an IPv4 split always lists every part");
        Cidr whole = Cidr.parse(a.get("cidr"));
        if (prefix != null) return SubnetRow.splitToPrefix(whole, (int) Args.parseBounded("--prefix", prefix, 0, 32));
        if (parts == null)
            throw new BadInput("missing N (usage: net split CIDR N, or net split CIDR --prefix P)");
        return SubnetRow.split(whole, Cidr.parseParts(parts));
    }

    private static Split6Table split6(Args a, String prefix, String parts) {
        Ipv6Block whole = Ipv6Block.parse(a.get("cidr"));
        boolean all = a.flag("all");
        if (prefix != null)
            return new Split6Table(Ipv6Split.toPrefix(whole, (int) Args.parseBounded("--prefix", prefix, 0, 128), all));
        if (parts == null)
            throw new BadInput("missing N (usage: net split CIDR N, or net split CIDR --prefix P)");
        return new Split6Table(Ipv6Split.intoParts(whole, Cidr.parseParts(parts), all));
    }
}
