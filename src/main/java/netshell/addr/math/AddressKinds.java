package netshell.addr.math;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The historical class (A–E) and the special-purpose range of a block, for NetInfo's note. */
final class AddressKinds {
    private record Special(Cidr range, String name, String detail) {}

    // Most specific first, so that 255.255.255.255 is "limited broadcast" before "reserved".
    private static final List<Special> SPECIALS = List.of(
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
            special("240.0.0.0/4", "reserved", "RFC 1112"))
            .stream().sorted(Comparator.comparingInt((Special s) -> -s.range().prefix())).toList();

    private AddressKinds() {}

    private static Special special(String range, String name, String rfc) {
        return new Special(Cidr.parse(range), name, rfc + " " + range);
    }

    /** e.g. "class A, private (RFC 1918 10.0.0.0/8)" or "class C, public". */
    static String describe(Cidr cidr) {
        if (cidr.prefix() == 0) return "the whole IPv4 address space (the default route), classes A–E";
        char low = classOf(cidr.networkInt());
        char high = classOf(cidr.broadcastInt());
        String classes = low == high ? "class " + low : "classes " + low + "–" + high;
        for (Special s : SPECIALS) {
            if (s.range().contains(cidr)) return classes + ", " + s.name() + " (" + s.detail() + ")";
        }
        Set<String> included = new LinkedHashSet<>();
        for (Special s : SPECIALS) if (cidr.overlaps(s.range())) included.add(s.name());
        if (included.isEmpty()) return classes + ", public";
        return classes + ", public but includes " + String.join(", ", included) + " ranges";
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
