package netshell.lb.rules;

import java.math.BigInteger;

import netshell.addr.math.AddressFamily;
import netshell.addr.math.AddressUse;
import netshell.addr.math.Ipv6Block;
import netshell.core.BadInput;
import netshell.core.IpFamily;

/**
 * An address and a port: a VIP or a backend. IPv4 is {@code 10.0.0.2:80}; IPv6 is {@code [fd00::41]:80} (the
 * brackets keep the port apart from the address's colons) and is kept in RFC 5952 text, the form iptables-save
 * and nft print, so what we write and what we read back compare equal.
 */
public record Endpoint(String address, int port) {

    public Endpoint {
        if (IpFamily.isV6(address)) {
            address = Ipv6Block.canonical(address);
            if (address.equals("::")) throw new BadInput(":: cannot be a destination");
        } else {
            if (!isDottedQuad(address)) throw new BadInput("not an IPv4 address: '" + address + "'");
            if (address.equals("0.0.0.0")) throw new BadInput("0.0.0.0 cannot be a destination");
        }
        if (port < 1 || port > 65535) throw new BadInput("port must be 1-65535, got " + port);
    }

    /** Parses {@code ADDRESS:PORT} or {@code [IPV6]:PORT}; anything else is rejected with one clear line. */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) throw new BadInput("missing endpoint, expected ADDRESS:PORT");
        String t = text.trim();
        if (t.startsWith("[")) return parseBracketed(t);
        int colon = t.lastIndexOf(':');
        if (colon < 0) throw new BadInput("missing port in '" + t + "', expected ADDRESS:PORT");
        if (t.indexOf(':') != colon) {
            throw new BadInput("'" + t + "': write an IPv6 endpoint as [ADDRESS]:PORT, e.g. [fd00::41]:80");
        }
        return new Endpoint(t.substring(0, colon), port(t.substring(colon + 1), t));
    }

    /** A VIP the user gives: one unicast address (not multicast, broadcast, loopback, IPv4-mapped …). */
    public static Endpoint vip(String text) {
        Endpoint e = parse(text);
        String why = AddressUse.notAHost(e.address());
        if (why != null) throw new BadInput("VIP " + e + ": " + why + "; a VIP must be one unicast address");
        return e;
    }

    /**
     * A backend the user gives: a unicast address that DNAT can send to; loopback is refused too, as the kernel
     * drops packets routed to 127.0.0.0/8 from outside (martians).
     */
    public static Endpoint backend(String text) {
        Endpoint e = parse(text);
        String why = AddressUse.notAHost(e.address());
        if (why != null)
            throw new BadInput("backend " + e + ": " + why + "; a backend must be a unicast address "
                    + "other hosts reach (DNAT to loopback is dropped)");
        return e;
    }

    private static Endpoint parseBracketed(String t) {
        int close = t.indexOf("]:");
        if (close < 0) throw new BadInput("missing port in '" + t + "', expected [ADDRESS]:PORT");
        String address = t.substring(1, close);
        if (!IpFamily.isV6(address)) throw new BadInput("'" + t + "': brackets are for IPv6 addresses");
        return new Endpoint(address, port(t.substring(close + 2), t));
    }

    private static int port(String portText, String whole) {
        if (!portText.matches("[0-9]{1,5}")) throw new BadInput("bad port in '" + whole + "', expected 1-65535");
        return Integer.parseInt(portText);
    }

    /** Strict dotted quad: four decimal octets 0-255, no leading zeros (which some tools read as octal). */
    static boolean isDottedQuad(String s) {
        if (s == null) return false;
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    public boolean isV6() { return family() == IpFamily.V6; }

    public IpFamily family() { return IpFamily.of(address); }

    /** The prefix length of the address alone: /32 or /128. */
    public int hostBits() { return family().bits(); }

    /** The address as a number, for ordering within a family. */
    BigInteger numeric() {
        if (!isV6()) return BigInteger.valueOf(IptablesRules.ipv4AsLong(address));
        return new BigInteger(Ipv6Block.parse(address).binary().replace(":", ""), 2);
    }

    @Override
    public String toString() { return isV6() ? "[" + address + "]:" + port : address + ":" + port; }
}
