package netshell.addr.math;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.IpFamily;

/**
 * The special-purpose range of a block (RFC 6890's registries), for NetInfo's note; an IPv4 block also gets its
 * historical class (A–E).
 */
final class AddressKinds {
    private record Special(IpPrefix range, String name, String detail) {}

    // Most specific first, so that 255.255.255.255 is "limited broadcast" before "reserved", ::1 "loopback".
    private static final Map<IpFamily, List<Special>> SPECIALS = Map.of(
            IpFamily.V4, mostSpecificFirst(
                    special("255.255.255.255/32", "limited broadcast", "RFC 919"),
                    special("192.0.2.0/24", "documentation", "RFC 5737"),
                    special("198.51.100.0/24", "documentation", "RFC 5737"),
                    special("203.0.113.0/24", "documentation", "RFC 5737"),
                    special("169.254.0.0/16", "link-local", "RFC 3927"),
                    special("192.168.0.0/16", "private", "RFC 1918"),
                    special("172.16.0.0/12", "private", "RFC 1918"),
                    special("100.64.0.0/10", "CGNAT shared address space", "RFC 6598"),
                    special("10.0.0.0/8", "private", "RFC 1918"),
                    special("127.0.0.0/8", "loopback", "RFC 1122"),
                    special("0.0.0.0/8", "\"this network\"", "RFC 1122"),
                    special("224.0.0.0/4", "multicast", "RFC 5771"),
                    special("240.0.0.0/4", "reserved", "RFC 1112")),
            IpFamily.V6, mostSpecificFirst(
                    special("::/128", "unspecified", "RFC 4291"),
                    special("::1/128", "loopback", "RFC 4291"),
                    special("::ffff:0:0/96", "IPv4-mapped", "RFC 4291"),
                    special("64:ff9b::/96", "NAT64 well-known prefix", "RFC 6052"),
                    special("2001:db8::/32", "documentation", "RFC 3849"),
                    special("2002::/16", "6to4", "RFC 3056"),
                    special("fe80::/10", "link-local", "RFC 4291"),
                    special("fc00::/7", "unique local", "RFC 4193"),
                    special("ff00::/8", "multicast", "RFC 4291"),
                    special("2000::/3", "global unicast", "RFC 4291")));

    private AddressKinds() {}

    private static Special special(String range, String name, String rfc) {
        return new Special(IpPrefix.parse(range), name, rfc + " " + range);
    }

    private static List<Special> mostSpecificFirst(Special... specials) {
        return List.of(specials).stream().sorted(Comparator.comparingInt((Special s) -> -s.range().prefix()))
                .toList();
    }

    /**
     * e.g. "class A, private (RFC 1918 10.0.0.0/8)", "class C, public" or "documentation (RFC 3849
     * 2001:db8::/32)".
     */
    static String describe(IpPrefix block) {
        boolean v4 = block.family() == IpFamily.V4;
        if (block.prefix() == 0)
            return "the whole " + block.family() + " address space (the default route)" + (v4 ? ", classes A–E" : "");
        String classes = v4 ? classes((Cidr) block) + ", " : "";
        List<Special> specials = SPECIALS.get(block.family());
        for (Special s : specials) {
            if (s.range().containsPrefix(block)) return classes + s.name() + " (" + s.detail() + ")";
        }
        Set<String> included = new LinkedHashSet<>();
        for (Special s : specials) if (block.overlapsPrefix(s.range())) included.add(s.name());
        // Every IPv4 address outside the registry is public; in IPv6 only 2000::/3 is assigned so far.
        if (included.isEmpty()) return classes + (v4 ? "public" : "reserved by the IETF (not assigned for use)");
        return classes + (v4 ? "public but" : "reserved, but") + " includes " + String.join(", ", included)
                + " ranges";
    }

    private static String classes(Cidr cidr) {
        char low = classOf(cidr.networkInt());
        char high = classOf(cidr.broadcastInt());
        return low == high ? "class " + low : "classes " + low + "–" + high;
    }

    /** Classful addressing by leading bits: 0 A, 10 B, 110 C, 1110 D (multicast), 1111 E. */
    static char classOf(int address) {
        if (address >>> 31 == 0) return 'A';
        if (address >>> 30 == 0b10) return 'B';
        if (address >>> 29 == 0b110) return 'C';
        if (address >>> 28 == 0b1110) return 'D';
        return 'E';
    }
}
