package netshell.overlay.plan;

import java.util.regex.Pattern;

/** Syntax checks for address literals; never resolves names. */
final class IpLiteral {
    private static final Pattern V4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private IpLiteral() {}

    static boolean isV4(String s) { return s != null && V4.matcher(s).matches(); }

    static boolean isIp(String s) { return isV4(s) || (s != null && V6.matcher(s).matches() && s.length() >= 2); }

    static long v4ToLong(String s) {
        long v = 0;
        for (String part : s.split("\\.")) v = (v << 8) | Integer.parseInt(part);
        return v;
    }
}
