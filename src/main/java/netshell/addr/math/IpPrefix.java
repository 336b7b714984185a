package netshell.addr.math;

import java.util.List;

import netshell.core.IpFamily;

/**
 * A block of addresses of either family: 10.0.0.0/24 ({@link Cidr}, on commons-net) or 2001:db8::/64
 * ({@link Ipv6Block}, on the ipaddress library). What `net` shows, splits and draws is written once against this
 * type; only what a family lacks differs (IPv6 has no netmask and no broadcast: those are null).
 */
public sealed interface IpPrefix permits Cidr, Ipv6Block {

    /** "10.0.0.1/24" or "2001:db8::1/64" (the address given is kept); a bare address is a host block. */
    static IpPrefix parse(String text) {
        return IpFamily.of(text) == IpFamily.V6 ? Ipv6Block.parse(text) : Cidr.parse(text);
    }

    IpFamily family();

    int prefix();

    /** The address as given, e.g. 10.0.0.1 of 10.0.0.1/24. */
    String address();

    String network();

    /** The last address of the block: the broadcast address in IPv4, an ordinary one in IPv6. */
    String top();

    /** First usable address (what a host may take). */
    String first();

    /** Last usable address. */
    String last();

    /** Null in IPv6, which has none. */
    String netmask();

    /** The inverted netmask (ACLs, OSPF); null in IPv6. */
    String wildcard();

    /** Null in IPv6, which has none. */
    String broadcast();

    /** How many addresses the block holds: a Long for IPv4, a BigInteger for IPv6. */
    Number addressCount();

    /** How many of them a host may take: a Long for IPv4, a BigInteger for IPv6. */
    Number usableCount();

    /** The address given in binary, grouped as its family writes it (octets, 16-bit groups). */
    String binary();

    /** The block with its network address (10.0.0.0/24 for 10.0.0.1/24). */
    IpPrefix normalized();

    /** Whether every address of {@code other} lies in this block; never across families. */
    boolean containsPrefix(IpPrefix other);

    /** Whether a bare address of this family lies in the block (network and top included). */
    boolean containsAddress(String address);

    /** Blocks either nest or are disjoint, so they overlap exactly when one holds the other. */
    default boolean overlapsPrefix(IpPrefix other) {
        return containsPrefix(other) || other.containsPrefix(this);
    }

    /** The block in {@code parts} equal blocks (a power of two), in order. */
    List<? extends IpPrefix> split(int parts);
}
