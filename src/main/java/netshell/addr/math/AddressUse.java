package netshell.addr.math;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import netshell.core.IpFamily;

/**
 * Which addresses can do a job: a VIP or a backend must be one host that packets are sent to and answered from
 * (not loopback, multicast, broadcast, unspecified or IPv4-mapped); an overlay subnet must hold such hosts only.
 * Each answer is the reason a value is refused, or null when it is fine.
 */
public final class AddressUse {
    private record Range(String cidr, String name) {}

    private static final List<Range> NOT_HOSTS_V4 = List.of(
            new Range("255.255.255.255/32", "the limited broadcast address"),
            new Range("0.0.0.0/8", "\"this network\""),
            new Range("127.0.0.0/8", "loopback"),
            new Range("224.0.0.0/4", "multicast"),
            new Range("240.0.0.0/4", "reserved"));

    private static final List<Range> NOT_HOSTS_V6 = List.of(
            new Range("::/128", "the unspecified address"),
            new Range("::1/128", "loopback"),
            new Range("::ffff:0:0/96", "IPv4-mapped"),
            new Range("fe80::/10", "link-local"),
            new Range("ff00::/8", "multicast"));

    private AddressUse() {}

    /**
     * Why a bare address cannot be a VIP or a backend, e.g. "224.0.0.1 is multicast (224.0.0.0/4)"; null when it
     * can. IPv6 link-local addresses need a zone, which neither iptables nor nft rules carry, so they are refused.
     */
    public static String notAHost(String address) {
        boolean v6 = IpFamily.isV6(address);
        for (Range r : v6 ? NOT_HOSTS_V6 : NOT_HOSTS_V4) {
            boolean in = v6
                    ? Ipv6Block.parse(r.cidr()).containsAddress(address)
                    : Cidr.parse(r.cidr()).contains(address);
            if (in) return address + " is " + r.name() + " (" + r.cidr() + ")";
        }
        return null;
    }

    /** Why an IPv4 subnet cannot hold an overlay, e.g. "127.0.0.0/8 is loopback (127.0.0.0/8)"; null when it can. */
    public static String notForOverlay(Cidr subnet) {
        Cidr whole = subnet.normalized();
        return notForOverlay(whole.toString(), whole.prefix(), "IPv4", NOT_HOSTS_V4,
                r -> Cidr.parse(r).contains(whole), r -> whole.overlaps(Cidr.parse(r)));
    }

    /** Why an IPv6 prefix cannot hold an overlay; null when it can. */
    public static String notForOverlay(Ipv6Block prefix) {
        Ipv6Block whole = prefix.normalized();
        return notForOverlay(whole.toString(), whole.prefix(), "IPv6", NOT_HOSTS_V6,
                r -> Ipv6Block.parse(r).contains(whole), r -> whole.overlaps(Ipv6Block.parse(r)));
    }

    /** The first range that holds the whole block, else every range it overlaps; null when there is none. */
    private static String notForOverlay(String whole, int prefix, String family, List<Range> ranges,
            Predicate<String> within, Predicate<String> overlaps) {
        if (prefix == 0) return whole + " is every " + family + " address";
        List<String> overlapped = new ArrayList<>();
        for (Range r : ranges) {
            if (within.test(r.cidr())) return whole + " is " + r.name() + " (" + r.cidr() + ")";
            if (overlaps.test(r.cidr())) overlapped.add(r.name() + " " + r.cidr());
        }
        return overlapped.isEmpty() ? null : whole + " includes " + String.join(", ", overlapped);
    }
}
