package netshell.addr.math;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The special-purpose range of an IPv6 block (RFC 6890 registry), for Net6Info's note. */
final class Ipv6Kinds {
    private record Special(Ipv6Block range, String name, String detail) {}

    // Most specific first, so that ::1 is "loopback" before anything wider.
    private static final List<Special> SPECIALS = List.of(
            special("::/128", "unspecified", "RFC 4291"),
            special("::1/128", "loopback", "RFC 4291"),
            special("::ffff:0:0/96", "IPv4-mapped", "RFC 4291"),
            special("64:ff9b::/96", "NAT64 well-known prefix", "RFC 6052"),
            special("2001:db8::/32", "documentation", "RFC 3849"),
            special("2002::/16", "6to4", "RFC 3056"),
            special("fe80::/10", "link-local", "RFC 4291"),
            special("fc00::/7", "unique local", "RFC 4193"),
            special("ff00::/8", "multicast", "RFC 4291"),
            special("2000::/3", "global unicast", "RFC 4291"));

    private Ipv6Kinds() {}

    private static Special special(String range, String name, String rfc) {
        return new Special(Ipv6Block.parse(range), name, rfc + " " + range);
    }

    /** e.g. "documentation (RFC 3849 2001:db8::/32)" or "global unicast (RFC 4291 2000::/3)". */
    static String describe(Ipv6Block block) {
        if (block.prefix() == 0) return "the whole IPv6 address space (the default route)";
        for (Special s : SPECIALS) {
            if (s.range().contains(block)) return s.name() + " (" + s.detail() + ")";
        }
        Set<String> included = new LinkedHashSet<>();
        for (Special s : SPECIALS) if (block.overlaps(s.range())) included.add(s.name());
        if (included.isEmpty()) return "reserved by the IETF (not assigned for use)";
        return "reserved, but includes " + String.join(", ", included) + " ranges";
    }
}
