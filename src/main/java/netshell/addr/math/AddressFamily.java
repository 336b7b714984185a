package netshell.addr.math;

import netshell.core.BadInput;

/** Which family a piece of text means (a colon means IPv6), and the one error for mixing them. */
public final class AddressFamily {
    private AddressFamily() {}

    public static boolean isV6(String text) {
        return Ipv6Block.looksLikeV6(text);
    }

    /**
     * True when both are IPv6, false when both are IPv4; mixed families are a BadInput naming both
     * ({@code what}: "a VIP and its backends").
     */
    public static boolean sameFamily(String a, String b, String what) {
        boolean v6 = isV6(a);
        if (v6 != isV6(b)) {
            throw new BadInput("mixed address families: " + Shown.input(a) + " is " + name(v6) + " but "
                    + Shown.input(b) + " is " + name(!v6) + "; " + what + " must be of one family");
        }
        return v6;
    }

    public static String name(boolean v6) {
        return v6 ? "IPv6" : "IPv4";
    }
}
