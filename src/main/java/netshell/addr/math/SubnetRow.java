package netshell.addr.math;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

import netshell.core.OptionalColumns;

/**
 * One line of the `net split` table; the component names are the JSON keys. An IPv4 row shows its network,
 * broadcast and usable hosts; an IPv6 row its index in the split and its address count (a split of a /48 into /64s
 * lists only some rows, so the index says where a row lies). What a family does not show is null and left out.
 */
public record SubnetRow(BigInteger index, String cidr, String network, String first, String last, String broadcast,
        Number usable, BigInteger addresses) implements OptionalColumns {

    /** An IPv4 row. */
    public static SubnetRow of(Cidr part) {
        return new SubnetRow(null, part.toString(), part.network(), part.first(), part.last(), part.broadcast(),
                part.usable(), null);
    }

    /** An IPv6 row: the index-th part of its split. */
    static SubnetRow of(BigInteger index, Ipv6Block part) {
        return new SubnetRow(index, part.toString(), null, part.first(), part.last(), null, null, part.total());
    }

    public static List<SubnetRow> split(Cidr whole, int parts) {
        return whole.split(parts).stream().map(SubnetRow::of).toList();
    }

    public static List<SubnetRow> splitToPrefix(Cidr whole, int newPrefix) {
        return whole.splitToPrefix(newPrefix).stream().map(SubnetRow::of).toList();
    }

    @Override
    public Set<String> optionalColumns() { return Set.of("index", "network", "broadcast", "usable", "addresses"); }
}
