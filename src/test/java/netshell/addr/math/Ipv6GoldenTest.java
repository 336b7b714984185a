package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.core.BadInput;

/**
 * IPv6 maths against golden files made by Python's ipaddress module, an oracle independent of the ipaddress
 * library netshell uses: src/test/resources/golden/ipv6/generate.py writes them (the command is in its header).
 */
class Ipv6GoldenTest {

    static List<String[]> rows(String file) throws IOException {
        try (InputStream in = Ipv6GoldenTest.class.getResourceAsStream("/golden/ipv6/" + file)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            return lines.stream().map(l -> l.split("\t", -1)).toList();
        }
    }

    static Stream<Arguments> golden(String file) throws IOException {
        return rows(file).stream().map(r -> Arguments.of((Object) r));
    }

    static Stream<Arguments> info() throws IOException { return golden("info.tsv"); }
    static Stream<Arguments> split() throws IOException { return golden("split.tsv"); }
    static Stream<Arguments> membership() throws IOException { return golden("membership.tsv"); }

    @ParameterizedTest(name = "{index}")
    @MethodSource("info")
    void infoMatchesPython(String[] g) {
        NetInfo info = NetInfo.of(Ipv6Block.parse(g[0]));
        assertEquals(g[1], info.address(), "address");
        assertEquals(g[2], info.network(), "network");
        assertEquals(g[3], info.first(), "first");
        assertEquals(g[4], info.last(), "last");
        assertEquals(new BigInteger(g[5]), info.usable(), "usable");
        assertEquals(new BigInteger(g[6]), info.total(), "total");
        assertEquals(Integer.parseInt(g[7]), info.prefix(), "prefix");
        assertEquals(g[8], info.binary(), "binary");
        assertTrue(info.note().startsWith(g[9]), info.note() + " should start with " + g[9]);
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("split")
    void splitPartsMatchPython(String[] g) {
        Ipv6Block whole = Ipv6Block.parse(g[0]);
        int prefix = Integer.parseInt(g[1]);
        assertEquals(new BigInteger(g[2]), whole.countOf(prefix));
        Ipv6Block part = whole.part(prefix, new BigInteger(g[3]));
        assertEquals(g[4], part.toString());
        assertEquals(g[5], part.first());
        assertEquals(g[6], part.last());
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("membership")
    void membershipMatchesPython(String[] g) {
        boolean expected = Boolean.parseBoolean(g[3]);
        boolean answer = g[0].equals("contains")
                ? Membership.Containment.check(g[1], g[2]).contains()
                : Membership.Overlap.check(g[1], g[2]).overlap();
        assertEquals(expected, answer);
    }

    @Test
    void aSlash48InSlash64sListsHeadAndTailOnly() {
        Ipv6Split split = Ipv6Split.toPrefix(Ipv6Block.parse("2001:db8::/48"), 64, false);
        assertEquals(BigInteger.valueOf(65536), split.count());
        assertEquals(Ipv6Split.EDGE, split.head().size());
        assertEquals(Ipv6Split.EDGE, split.tail().size());
        assertEquals("2001:db8:0:ffff::/64", split.tail().get(Ipv6Split.EDGE - 1).cidr());
        assertEquals(BigInteger.valueOf(65536 - 2 * Ipv6Split.EDGE), split.omitted());
        Ipv6Split all = Ipv6Split.toPrefix(Ipv6Block.parse("2001:db8::/48"), 64, true);
        assertEquals(65536, all.head().size());
        assertEquals("2001:db8:0:8000::/64", all.head().get(32768).cidr());
        assertTrue(all.tail().isEmpty());
    }

    @Test
    void smallSplitsListEveryPart() {
        Ipv6Split split = Ipv6Split.intoParts(Ipv6Block.parse("2001:db8::/126"), 2, false);
        assertEquals(List.of("2001:db8::/127", "2001:db8::2/127"),
                split.head().stream().map(SubnetRow::cidr).toList());
        assertTrue(split.tail().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1%eth0", "fe80::1%eth0/64", "2001:db8::/129", "2001:db8::/1000", "2001:db8::/",
            "2001:db8::1::2", "2001:db8:::1", "2001:db8::g", "1:2:3:4:5:6:7:8:9", "/64", "2001:db8::/64/64",
            ":::", "2001:db8::/-1", "2001:db8::/ 64", "*::/64", "2001:db8::1-2"})
    void badInputIsOneClearLine(String input) {
        BadInput e = assertThrows(BadInput.class, () -> Ipv6Block.parse(input));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 160, e.getMessage());
    }

    @Test
    void zoneIdsAndLongPrefixesSayWhy() {
        assertTrue(assertThrows(BadInput.class, () -> Ipv6Block.parse("fe80::1%eth0/64")).getMessage()
                .contains("zone id"));
        assertTrue(assertThrows(BadInput.class, () -> Ipv6Block.parse("2001:db8::/129")).getMessage()
                .contains("0..128"));
    }

    @Test
    void mixedFamiliesAreOneError() {
        BadInput e = assertThrows(BadInput.class, () -> Membership.Overlap.check("10.0.0.0/8", "2001:db8::/32"));
        assertEquals("mixed address families: 10.0.0.0/8 is IPv4 but 2001:db8::/32 is IPv6; two networks must be"
                + " of one family", e.getMessage());
        assertThrows(BadInput.class, () -> Membership.Containment.check("2001:db8::/32", "10.0.0.1"));
    }
}
