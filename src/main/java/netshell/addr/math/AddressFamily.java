package netshell.addr.math;

import netshell.core.BadInput;
import netshell.core.IpFamily;

/** The one error for mixing address families ({@link IpFamily} says which family a text is in). */
public final class AddressFamily {
    private AddressFamily() {}

    /**
     * True when both are IPv6, false when both are IPv4; mixed families are a BadInput naming both
     * ({@code what}: "a VIP and its backends").
     */
    public static boolean sameFamily(String a, String b, String what) {
        IpFamily fa = IpFamily.of(a);
        IpFamily fb = IpFamily.of(b);
        if (fa != fb) {
            throw new BadInput("mixed address families: " + Shown.input(a) + " is " + fa + " but " + Shown.input(b)
                    + " is " + fb + "; " + what + " must be of one family");
        }
        return fa == IpFamily.V6;
    }
}
