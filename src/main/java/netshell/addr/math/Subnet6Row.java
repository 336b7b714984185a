package netshell.addr.math;

import java.math.BigInteger;

/** One line of the IPv6 `net split` table; the component names are the JSON keys. */
public record Subnet6Row(BigInteger index, String cidr, String first, String last, BigInteger addresses) {

    static Subnet6Row of(BigInteger index, Ipv6Block part) {
        return new Subnet6Row(index, part.toString(), part.first(), part.last(), part.total());
    }
}
