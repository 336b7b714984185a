package netshell.trace.plan;

/** IPv4 addresses as numbers, and prefix matching: what a FIB lookup and an iptables -s/-d match need. */
final class V4 {
    private V4() {}

    /** The address as an unsigned 32-bit value, or -1 when the text is not a dotted IPv4 address. */
    static long parse(String text) {
        if (text == null) return -1;
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return -1;
        long v = 0;
        for (String p : parts) {
            if (!p.matches("\\d{1,3}")) return -1;
            int b = Integer.parseInt(p);
            if (b > 255) return -1;
            v = (v << 8) | b;
        }
        return v;
    }

    static boolean isAddress(String text) { return parse(text) >= 0; }

    /** True when {@code address} lies in {@code cidr} ("10.0.0.0/24", a bare address is a /32, "default" all). */
    static boolean contains(String cidr, String address) {
        long a = parse(address);
        if (a < 0 || cidr == null) return false;
        if (cidr.equals("default") || cidr.equals("all") || cidr.equals("0.0.0.0/0")) return true;
        int slash = cidr.indexOf('/');
        long net = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int len = slash < 0 ? 32 : prefixLength(cidr.substring(slash + 1));
        if (net < 0 || len < 0) return false;
        long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
        return (a & mask) == (net & mask);
    }

    /** The prefix length of "10.0.0.0/24" (24), a bare address (32) or "default" (0). */
    static int length(String cidr) {
        if (cidr == null || cidr.equals("default")) return 0;
        int slash = cidr.indexOf('/');
        return slash < 0 ? 32 : prefixLength(cidr.substring(slash + 1));
    }

    private static int prefixLength(String s) {
        if (s.matches("\\d{1,2}") && Integer.parseInt(s) <= 32) return Integer.parseInt(s);
        long mask = parse(s);
        return mask < 0 ? -1 : Long.bitCount(mask);
    }
}
