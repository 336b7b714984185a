package netshell.overlay.plan;

import netshell.core.BadInput;

/** An IPv4 address with prefix length, e.g. 10.0.0.1/24; just enough arithmetic for containment checks. */
record Ipv4Cidr(String address, int prefixLen) {
    static Ipv4Cidr parse(String text, String what) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) throw new BadInput(what + " '" + text + "' is not ADDRESS/PREFIX");
        String address = text.substring(0, slash);
        String prefix = text.substring(slash + 1);
        if (!IpLiteral.isV4(address) || !prefix.matches("\\d{1,2}") || Integer.parseInt(prefix) > 32) {
            throw new BadInput(what + " '" + text + "' is not an IPv4 ADDRESS/PREFIX");
        }
        return new Ipv4Cidr(address, Integer.parseInt(prefix));
    }

    static void checkAddress(String address, String what) {
        if (!IpLiteral.isV4(address)) throw new BadInput(what + " '" + address + "' is not an IPv4 address");
    }

    long mask() { return prefixLen == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLen)) & 0xFFFFFFFFL; }

    long network() { return IpLiteral.v4ToLong(address) & mask(); }

    boolean contains(String other) { return (IpLiteral.v4ToLong(other) & mask()) == network(); }

    boolean contains(Ipv4Cidr other) { return other.prefixLen >= prefixLen && contains(other.address); }

    /** The network with the prefix, e.g. 10.0.0.0/24 for 10.0.0.1/24. */
    String networkCidr() {
        long n = network();
        return ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255) + "/" + prefixLen;
    }

    @Override public String toString() { return address + "/" + prefixLen; }
}
