package netshell.addr.math;

import java.util.regex.Pattern;

/** Whether a word is an address literal (never resolves names); the IPv4 test is Ipv4's own parser. */
public final class IpLiteral {
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private IpLiteral() {}

    public static boolean isV4(String s) {
        if (s == null) return false;
        try {
            Ipv4.parse(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static boolean isIp(String s) {
        return isV4(s) || (s != null && V6.matcher(s).matches() && s.length() >= 2);
    }
}
