package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The counter checks on golden reads of a lab node's /proc/net/snmp, /proc/net/netstat and /proc/net/stat/nf_conntrack
 * (golden/counters/node.txt, all zero), and the same files with drops counted (node-later.txt: IPReversePathFilter 7,
 * UdpInCsumErrors 3, TcpInCsumErrors 1, conntrack drop 0xa + 0x5 over two CPUs, insert_failed 2).
 */
class CounterChecksTest {
    static final Counters ZERO = Counters.parse(golden("node.txt"));
    static final Counters LATER = Counters.parse(golden("node-later.txt"));

    static String golden(String name) {
        try (InputStream in = CounterChecksTest.class.getResourceAsStream("/golden/counters/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** node2's counters as given, node1's steady; both nodes' cause facts healthy. */
    static List<Finding> notOk(CounterFacts node2, CauseFacts causes2) {
        Map<String, CounterFacts> counters = new LinkedHashMap<>();
        counters.put("node1", new CounterFacts(ZERO, ZERO, 800));
        counters.put("node2", node2);
        return Doctor.check(DoctorTest.healthy(), CauseChecksTest.causes(causes2), counters).stream()
                .filter(f -> f.status() != Status.OK).toList();
    }

    @Test
    void theProcFilesAreReadAsNstatAndConntrackShowThem() {
        assertEquals(0L, ZERO.get("TcpExt.IPReversePathFilter"));
        assertEquals(7L, LATER.get("TcpExt.IPReversePathFilter"));
        assertEquals(3L, LATER.get("Udp.InCsumErrors"));
        assertEquals(1L, LATER.get("Tcp.InCsumErrors"));
        assertEquals(0L, LATER.get("UdpLite.InCsumErrors"));
        assertEquals(15L, LATER.get("conntrack.drop"), "summed over the CPUs");
        assertEquals(2L, LATER.get("conntrack.insert_failed"));
        assertEquals(17L, LATER.get("conntrack.entries"), "the table's size, taken once, not summed");
        assertEquals(-1L, LATER.get("Tcp.MaxConn"));
        assertNull(LATER.get("Ip.NoSuchCounter"));
        assertEquals(Map.of(), Counters.parse("garbage\nTcp: 1 2\n").values());
    }

    @Test
    void steadyCountersGiveOkRowsOnEveryNode() {
        Map<String, CounterFacts> counters = Map.of("node1", new CounterFacts(ZERO, ZERO, 800), "node2",
                new CounterFacts(LATER, LATER, 900));
        List<Finding> all = Doctor.check(DoctorTest.healthy(), CauseChecksTest.causes(CauseChecksTest.healthy()),
                counters);
        assertEquals(List.of(), all.stream().filter(f -> f.status() != Status.OK).toList());
        for (String check : List.of("rp-filter-drops", "csum-errors", "conntrack-drops"))
            for (String node : List.of("node1", "node2"))
                assertTrue(all.stream().anyMatch(f -> f.check().equals(check) && f.node().equals(node)),
                        check + " " + node + " did not run");
    }

    @Test
    void risingCountersAreEachFoundWithTheirEvidence() {
        List<Finding> bad = notOk(new CounterFacts(ZERO, LATER, 1234), CauseChecksTest.facts(Map.of("all", 0,
                "eth1", 1, "vxlan0", 2, "nsbr0", 2), 5L, 262144L, List.of(), ""));
        assertEquals(List.of("rp-filter-drops node2 FAIL", "csum-errors node2 FAIL", "conntrack-drops node2 FAIL"),
                bad.stream().map(f -> f.check() + " " + f.node() + " " + f.status()).toList());
        Finding rp = bad.get(0);
        assertTrue(rp.explanation().startsWith("7 packet(s) arriving on node2 were dropped by reverse-path filtering"),
                rp.explanation());
        assertTrue(rp.explanation().endsWith("[nstat -az TcpExtIPReversePathFilter; sysctl net.ipv4.conf:"
                + " IPReversePathFilter 0 → 7 (+7 in 1.2 s); net.ipv4.conf.eth1.rp_filter = 1]"), rp.explanation());
        assertEquals("sysctl -w net.ipv4.conf.eth1.rp_filter=2", rp.fix());
        Finding csum = bad.get(1);
        assertTrue(csum.explanation().startsWith("4 packet(s) reaching node2 were dropped for a bad checksum"));
        assertTrue(csum.explanation().endsWith("[nstat -az UdpInCsumErrors TcpInCsumErrors: UdpInCsumErrors 0 → 3"
                + " (+3 in 1.2 s); TcpInCsumErrors 0 → 1 (+1 in 1.2 s)]"), csum.explanation());
        assertEquals("ethtool -K vxlan0 tx-checksum-ip-generic off", csum.fix());
        Finding ct = bad.get(2);
        assertTrue(ct.explanation().startsWith("15 packet(s) on node2 were dropped by conntrack"), ct.explanation());
        assertTrue(ct.explanation().endsWith("[/proc/net/stat/nf_conntrack (conntrack -S): drop 0 → 15 (+15 in 1.2 s);"
                + " insert_failed 0 → 2 (+2 in 1.2 s)]"), ct.explanation());
        assertEquals("sysctl -w net.netfilter.nf_conntrack_max=1048576", ct.fix());
    }

    @Test
    void aRisingCounterJoinsTheEvidenceOfTheCauseThatExplainsIt() {
        // Strict rp_filter on the overlay and a full table: the counters are their evidence, not findings of their own.
        List<Finding> bad = notOk(new CounterFacts(ZERO, LATER, 1000), CauseChecksTest.facts(Map.of("all", 1,
                "vxlan0", 1, "nsbr0", 2), 262144L, 262144L, List.of(), ""));
        assertEquals(List.of("rp-filter node2", "conntrack-full node2", "csum-errors node2"),
                bad.stream().map(f -> f.check() + " " + f.node()).toList());
        assertTrue(bad.get(0).explanation()
                .endsWith("net.ipv4.conf.vxlan0.rp_filter = 1] [nstat -az TcpExtIPReversePathFilter:"
                        + " IPReversePathFilter 0 → 7 (+7 in 1.0 s)]"),
                bad.get(0).explanation());
        assertTrue(bad.get(1).explanation().endsWith(" [/proc/net/stat/nf_conntrack (conntrack -S): drop 0 → 15"
                + " (+15 in 1.0 s)]"), bad.get(1).explanation());
    }

    @Test
    void insertFailedAloneIsTheRaceAndOnlyAWarning() {
        Counters raced = new Counters(Map.of("conntrack.drop", 4L, "conntrack.insert_failed", 9L));
        Counters before = new Counters(Map.of("conntrack.drop", 4L, "conntrack.insert_failed", 1L));
        List<Finding> bad = notOk(new CounterFacts(before, raced, 500), CauseChecksTest.healthy());
        assertEquals(1, bad.size(), bad.toString());
        assertEquals(List.of("conntrack-drops", "node2", Status.WARN, ""),
                List.of(bad.get(0).check(), bad.get(0).node(), bad.get(0).status(), bad.get(0).fix()));
        assertTrue(bad.get(0).explanation().contains("lost a race"), bad.get(0).explanation());
    }

    @Test
    void aCounterThatFellOrIsMissingSaysNothing() {
        // A counter lower on the second read (a namespace made anew between reads) is no rise.
        assertEquals(List.of(), notOk(new CounterFacts(LATER, ZERO, 500), CauseChecksTest.healthy()));
        assertEquals(List.of(), notOk(new CounterFacts(new Counters(Map.of()), LATER, 500),
                CauseChecksTest.healthy()));
        // Without counters (the 0.2 set), no counter check runs at all.
        assertTrue(Doctor.check(DoctorTest.healthy(), CauseChecksTest.causes(CauseChecksTest.healthy())).stream()
                .noneMatch(f -> f.check().endsWith("-drops") || f.check().equals("csum-errors")));
    }
}
