package netshell.addr.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import netshell.core.BadInput;

/**
 * An IPv6 split: a /48 in /64s is 65536 parts, so unless every row is asked for, only the first and last
 * {@link #EDGE} rows are listed and the count says what lies between.
 */
public record Ipv6Split(String whole, int prefix, BigInteger count, List<SubnetRow> head, List<SubnetRow> tail) {
    public static final int EDGE = 4;

    /** Split into {@code parts} equal blocks (a power of two). */
    public static Ipv6Split intoParts(Ipv6Block whole, int parts, boolean all) {
        return toPrefix(whole, whole.prefix() + whole.partsBits(parts), all);
    }

    /** Split into every block of newPrefix; {@code all} lists them all (at most Cidr.MAX_PARTS). */
    public static Ipv6Split toPrefix(Ipv6Block given, int newPrefix, boolean all) {
        Ipv6Block whole = given.normalized();
        BigInteger count = whole.countOf(newPrefix);
        BigInteger limit = BigInteger.valueOf(Cidr.MAX_PARTS);
        boolean everything = count.compareTo(BigInteger.valueOf(2L * EDGE)) <= 0 || all;
        if (all && count.compareTo(limit) > 0) {
            throw new BadInput(whole + " in /" + newPrefix + " blocks gives " + count + " parts; --all lists at most "
                    + Cidr.MAX_PARTS);
        }
        List<SubnetRow> head = new ArrayList<>();
        List<SubnetRow> tail = new ArrayList<>();
        if (everything) {
            var parts = whole.parts(newPrefix);
            for (BigInteger i = BigInteger.ZERO; parts.hasNext(); i = i.add(BigInteger.ONE)) {
                head.add(SubnetRow.of(i, parts.next()));
            }
        } else {
            for (int i = 0; i < EDGE; i++) head.add(row(whole, newPrefix, BigInteger.valueOf(i)));
            for (int i = EDGE; i > 0; i--) tail.add(row(whole, newPrefix, count.subtract(BigInteger.valueOf(i))));
        }
        return new Ipv6Split(whole.toString(), newPrefix, count, List.copyOf(head), List.copyOf(tail));
    }

    private static SubnetRow row(Ipv6Block whole, int newPrefix, BigInteger index) {
        return SubnetRow.of(index, whole.part(newPrefix, index));
    }

    /** Parts not listed between head and tail. */
    public BigInteger omitted() {
        return count.subtract(BigInteger.valueOf(head.size() + tail.size()));
    }
}
