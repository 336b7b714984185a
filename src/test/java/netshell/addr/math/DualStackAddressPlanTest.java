package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

/**
 * The IPv6 half of a dual-stack address plan against golden rows made by Python's ipaddress module
 * (src/test/resources/golden/ipv6/dualstack.py; the command is in its header).
 */
class DualStackAddressPlanTest {
    static Stream<Arguments> golden() throws IOException {
        return Ipv6GoldenTest.golden("dualstack.tsv");
    }

    static AddressPlan plan(String subnet, int nodes, String prefix) {
        List<String> names = IntStream.rangeClosed(1, nodes).mapToObj(i -> "n" + i).toList();
        return AddressPlan.of(Cidr.parse(subnet), names).withIpv6(AddressPlan.parseIpv6Prefix(prefix));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("golden")
    void matchesPython(String[] g) {
        AddressPlan plan = plan(g[0], Integer.parseInt(g[1]), g[2]);
        if (g[3].equals("vips")) {
            assertEquals(g[5], plan.vipRange6().toString());
            return;
        }
        AddressPlan.NodeAddresses<Ipv6Block> n = plan.node6(g[3]);
        assertEquals(g[4], n.hostAddress(), "host");
        assertEquals(g[5], n.containerRange().toString(), "range");
        assertEquals(g[6], n.firstContainer(), "first");
        assertEquals(g[7], n.lastContainer(), "last");
    }

    @Test
    void aContainerKeepsItsOffsetInBothFamilies() {
        AddressPlan plan = plan("10.0.0.0/24", 3, "fd00:10::/64");
        assertEquals("fd00:10::41", plan.map6("10.0.0.65"));
        assertEquals("fd00:10::c1", plan.map6("10.0.0.193"));
        assertEquals("fd00:10::41/64", plan.withPrefix6(plan.map6("10.0.0.65")));
        assertThrows(BadInput.class, () -> plan.map6("10.0.1.1"));
    }

    @Test
    void nodeRangesNeverOverlapNorHoldAHostAddress() {
        for (int nodes = 1; nodes <= 40; nodes++) {
            AddressPlan plan = plan("10.0.0.0/16", nodes, "fd00:10::/64");
            List<AddressPlan.NodeAddresses<Ipv6Block>> ns = plan.nodes6();
            for (var a : ns) {
                assertTrue(a.containerRange().containsAddress(a.firstContainer()));
                assertTrue(a.containerRange().containsAddress(a.lastContainer()));
                assertFalse(plan.vipRange6().overlaps(a.containerRange()));
                for (var b : ns) {
                    if (a != b) assertFalse(a.containerRange().overlaps(b.containerRange()), a + " / " + b);
                    assertFalse(a.containerRange().containsAddress(b.hostAddress()), a + " holds " + b.hostAddress());
                }
            }
        }
    }

    @Test
    void aPrefixSmallerThanTheSubnetIsRefusedWithTheSizeThatFits() {
        BadInput e = assertThrows(BadInput.class, () -> plan("10.0.0.0/24", 3, "fd00:10::/121"));
        assertEquals("fd00:10::/121 is too small for 10.0.0.0/24: it has 128 addresses, and each of the IPv4"
                + " subnet's 256 needs its IPv6 twin at the same offset; use a /120 or larger", e.getMessage());
        assertEquals("fd00:10::/120", plan("10.0.0.0/24", 3, "fd00:10::/120").prefix6().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/24", "fd00:10::", "fd00:10::/129", "fe80::1%eth0/64", "fd00:10::/64%eth0",
            "fe80::/64", "ff02::/16", "fd00:10::/6x", "fd00:::/64", "", " "})
    void badPrefixesAreOneLine(String text) {
        BadInput e = assertThrows(BadInput.class, () -> AddressPlan.parseIpv6Prefix(text));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badPrefixMessagesSayWhatIsWrong() {
        assertTrue(message("10.0.0.0/24").contains("is not an IPv6 prefix"), message("10.0.0.0/24"));
        assertTrue(message("fd00:10::").contains("has no prefix length"));
        assertTrue(message("fe80::1%eth0/64").contains("zone id"), message("fe80::1%eth0/64"));
        assertTrue(message("fe80::/64").contains("link-local"));
        assertTrue(message("fd00:10::/129").contains("0..128"));
    }

    private static String message(String text) {
        return assertThrows(BadInput.class, () -> AddressPlan.parseIpv6Prefix(text)).getMessage();
    }

    @Test
    void anIpv4OnlyPlanHasNoIpv6Half() {
        AddressPlan plan = AddressPlan.of(Cidr.parse("10.0.0.0/24"), List.of("n1", "n2"));
        assertEquals(null, plan.prefix6());
        assertTrue(plan.nodes6().isEmpty());
        assertEquals(plan.nodes(), plan.withIpv6(Ipv6Block.parse("fd00:10::/64")).nodes(), "IPv4 side unchanged");
        assertThrows(IllegalStateException.class, () -> plan.node6("n1"));
    }
}
