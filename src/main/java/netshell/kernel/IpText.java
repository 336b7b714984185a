package netshell.kernel;

import java.util.regex.Pattern;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * An address read from a node (kernel JSON, docker inspect) is data: it is parsed as one IP address before any
 * command gets it, so that a hostile node cannot hand over an option ({@code -oProxyCommand=…}), a second word or a
 * host name where an address belongs.
 */
public final class IpText {
    /** Hex digits, colons and dots only: no prefix, zone, wildcard, range, sign or blank can pass. */
    private static final Pattern ADDRESS_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** A dotted quad without leading zeros (which some tools read as octal). */
    private static final Pattern DOTTED_QUAD = Pattern
            .compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private IpText() {}

    /** The address in its canonical text (RFC 5952 for IPv6), or null when the text is not exactly one address. */
    public static String canonical(String text) {
        if (text == null || !ADDRESS_CHARS.matcher(text).matches()) return null;
        if (text.indexOf(':') < 0) return DOTTED_QUAD.matcher(text).matches() ? text : null;
        IPAddress a = new IPAddressString(text).getAddress();
        if (a == null || !a.isIPv6() || a.isMultiple()) return null;
        return a.toCanonicalString();
    }

    public static boolean isAddress(String text) { return canonical(text) != null; }
}
