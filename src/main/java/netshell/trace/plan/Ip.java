package netshell.trace.plan;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import netshell.core.IpFamily;

/**
 * Addresses and prefixes of either family, as the simulator compares them: prefix matching for routes, policy rules
 * and iptables {@code -s/-d}, and the text of an address beside a port. IPv4 goes through {@link V4} (a plain 32-bit
 * mask, the fast path of every IPv4 trace); IPv6 through seancfoley's ipaddress, where 128-bit masks and the text
 * forms are easy to get wrong. A prefix never contains an address of the other family.
 */
final class Ip {
    private Ip() {}

    /** The family the address or prefix is written in (decided by the colon, as everywhere in netshell). */
    static IpFamily family(String text) {
        return IpFamily.of(text);
    }

    /** Whether the text is one address of either family. */
    static boolean isAddress(String text) {
        if (text == null) return false;
        if (family(text) == IpFamily.V4) return V4.isAddress(text);
        IPAddress a = new IPAddressString(text).getAddress();
        return a != null && a.isIPv6() && !a.isMultiple() && !a.isPrefixed();
    }

    /**
     * True when {@code address} lies in {@code cidr} ("fd00:10::/64"; a bare address is a host prefix; "default" and
     * "all" hold every address of the family asked about).
     */
    static boolean contains(String cidr, String address) {
        if (cidr == null || address == null) return false;
        if (family(address) == IpFamily.V4) return V4.contains(cidr, address);
        if (cidr.equals("default") || cidr.equals("all")) return true;
        if (family(cidr) != IpFamily.V6) return false;
        IPAddress net = new IPAddressString(cidr).getAddress();
        IPAddress a = new IPAddressString(address).getAddress();
        if (net == null || a == null || !net.isIPv6() || !a.isIPv6()) return false;
        return net.toPrefixBlock().contains(a);
    }

    /** The prefix length of a route's destination: "default" 0, a bare address the family's full length. */
    static int length(String cidr) {
        if (cidr == null || cidr.equals("default")) return 0;
        if (family(cidr) == IpFamily.V4) return V4.length(cidr);
        int slash = cidr.indexOf('/');
        if (slash < 0) return 128;
        String len = cidr.substring(slash + 1);
        return len.matches("\\d{1,3}") && Integer.parseInt(len) <= 128 ? Integer.parseInt(len) : -1;
    }

    /** fe80::/10: an address that names a host on one link only. */
    static boolean linkLocal(String address) {
        return address != null && family(address) == IpFamily.V6 && address.toLowerCase().matches("fe[89ab].*");
    }

    /** "10.0.0.1:80", "[fd00::1]:80" (RFC 3986 brackets), or the address alone without a port. */
    static String hostPort(String address, Integer port) {
        if (port == null) return String.valueOf(address);
        return (address != null && family(address) == IpFamily.V6 ? "[" + address + "]" : address) + ":" + port;
    }

    /** What comes before a port: "10.0.0.1:" or "[fd00::1]:" (to find an address with any port in a text). */
    static String beforePort(String address) {
        return address != null && family(address) == IpFamily.V6 ? "[" + address + "]:" : address + ":";
    }

    /**
     * An iptables NAT target ({@code --to-destination}, {@code --to-source}): "10.0.0.129:80", "10.0.0.129",
     * "[fd00:10::81]:80" or "fd00:10::81"; a port that is a range (or absent) gives a null port.
     */
    record HostPort(String host, Integer port) {
        static HostPort parse(String to) {
            if (to == null || to.isEmpty()) return new HostPort("", null);
            if (to.startsWith("[")) {
                int close = to.indexOf(']');
                if (close < 0) return new HostPort(to, null);
                String rest = to.substring(close + 1);
                return new HostPort(to.substring(1, close), rest.matches(":\\d+")
                        ? Integer.valueOf(rest.substring(1))
                        : null);
            }
            if (to.indexOf(':') != to.lastIndexOf(':')) return new HostPort(to, null); // a bare IPv6 address
            int colon = to.indexOf(':');
            if (colon < 0) return new HostPort(to, null);
            String port = to.substring(colon + 1);
            return new HostPort(to.substring(0, colon), port.matches("\\d+") ? Integer.valueOf(port) : null);
        }
    }
}
