package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import netshell.addr.math.Membership.Containment;
import netshell.addr.math.Membership.Overlap;
import netshell.core.BadInput;

class MembershipTest {

    @Test
    void containmentExplainsWithTheRange() {
        assertEquals(new Containment("10.0.0.0/25", "10.0.0.130", false,
                "10.0.0.130 is outside 10.0.0.0/25 (10.0.0.0 – 10.0.0.127)"),
                Containment.check("10.0.0.0/25", "10.0.0.130"));
        assertEquals(new Containment("10.0.0.0/25", "10.0.0.5", true,
                "10.0.0.5 is inside 10.0.0.0/25 (10.0.0.0 – 10.0.0.127)"),
                Containment.check("10.0.0.9/25", "10.0.0.5"));
    }

    @Test
    void containmentPointsOutNetworkAndBroadcastExceptOnSlash31() {
        assertEquals("10.0.0.0 is inside 10.0.0.0/24 (10.0.0.0 – 10.0.0.255); it is the network address,"
                + " not usable by a host", Containment.check("10.0.0.0/24", "10.0.0.0").explanation());
        assertEquals("10.0.0.255 is inside 10.0.0.0/24 (10.0.0.0 – 10.0.0.255); it is the broadcast address,"
                + " not usable by a host", Containment.check("10.0.0.0/24", "10.0.0.255").explanation());
        assertEquals("10.0.0.1 is inside 10.0.0.0/31 (10.0.0.0 – 10.0.0.1)",
                Containment.check("10.0.0.0/31", "10.0.0.1").explanation());
    }

    @Test
    void overlapExplainsNestingOrDisjointness() {
        assertEquals(new Overlap("10.0.0.0/24", "10.0.0.128/25", true, "10.0.0.0/24 contains 10.0.0.128/25 entirely"),
                Overlap.check("10.0.0.0/24", "10.0.0.128/25"));
        assertEquals(new Overlap("10.0.0.128/25", "10.0.0.0/24", true, "10.0.0.0/24 contains 10.0.0.128/25 entirely"),
                Overlap.check("10.0.0.128/25", "10.0.0.0/24"));
        assertEquals(new Overlap("10.0.0.0/25", "10.0.0.128/25", false,
                "10.0.0.0/25 (10.0.0.0 – 10.0.0.127) and 10.0.0.128/25 (10.0.0.128 – 10.0.0.255) do not overlap"),
                Overlap.check("10.0.0.0/25", "10.0.0.128/25"));
        assertEquals(new Overlap("10.0.0.0/24", "10.0.0.0/24", true,
                "10.0.0.0/24 and 10.0.0.0/24 are the same range (10.0.0.0 – 10.0.0.255)"),
                Overlap.check("10.0.0.1/24", "10.0.0.0/24"));
    }

    @Test
    void badInputComesFromTheParsers() {
        assertEquals("10.0.0.0/33: prefix length must be 0..32",
                assertThrows(BadInput.class, () -> Containment.check("10.0.0.0/33", "10.0.0.1")).getMessage());
        assertEquals("10.0.0.256: octet 256 is out of range 0..255",
                assertThrows(BadInput.class, () -> Containment.check("10.0.0.0/24", "10.0.0.256")).getMessage());
        assertEquals("empty address",
                assertThrows(BadInput.class, () -> Overlap.check("10.0.0.0/24", "")).getMessage());
    }
}
