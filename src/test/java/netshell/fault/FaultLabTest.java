package netshell.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.doctor.DoctorReport;
import netshell.doctor.checks.Finding;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.node.TestLabs;
import netshell.node.RoundTrips;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestTimeouts;
import netshell.testing.TestShell;

/** Each catalogue fault planted on a healthy lab: doctor names exactly it; fault clear makes doctor clean again. */
@NeedsRoot
class FaultLabTest {
    static FaultLab lab;

    @BeforeAll
    static void up() { lab = new FaultLab("nsflt"); }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    /** A fault as typed, and the finding doctor must then give alone: "CHECK NODE", FAIL (or WARN with warn). */
    record Case(String line, String finding, boolean warn) {}

    @Test
    void eachFaultIsFoundAloneAndClearedByFaultClear() throws Exception {
        assertClean("the healthy lab");
        List<Case> cases = List.of(
                new Case("fault inject mtu --on node2", "mtu node2", false),
                new Case("fault inject rp-filter --on node2", "rp-filter node2", false),
                new Case("fault inject firewall-vxlan --on node2", "firewall-vxlan node2", false),
                new Case("fault inject fdb-missing --on node1", "fdb node1", false),
                new Case("fault inject wrong-vni --on node3", "vxlan-agree node3", false),
                new Case("fault inject ip-forward --on node1", "ip_forward node1", false),
                new Case("fault inject vxlan-port-clash --on node2", "vxlan-port-clash node2", false),
                new Case("fault inject mixed-backends --on node2", "mixed-backends node2", false),
                new Case("fault inject link-down --on node3", "vxlan-up node3", false),
                new Case("fault inject loss --on node2 --percent 30", "loss node2", false),
                new Case("fault inject backend-dead --backend " + lab.backends.get(1) + ":80", "lb-backends node1",
                        false),
                new Case("fault inject route-localnet --on node3", "route-localnet node3", true));
        for (Case c : cases) {
            String planted = lab.ok(c.line());
            assertTrue(planted.startsWith("fault ") && planted.contains("'fault clear "), planted);
            DoctorReport r = lab.doctor();
            if (c.warn()) {
                assertEquals(Set.of(), FaultLab.failing(r), c.line() + ":\n" + r.text());
                assertEquals(Set.of(c.finding()), FaultLab.warning(r), c.line() + ":\n" + r.text());
            } else {
                assertEquals(Set.of(c.finding()), FaultLab.failing(r), c.line() + ":\n" + r.text());
            }
            String ls = lab.ok("fault ls");
            assertEquals(2, ls.strip().lines().count(), ls);
            assertTrue(ls.contains(c.line().split(" ")[2]), ls);
            lab.ok("fault clear");
            assertEquals("no faults planted", lab.ok("fault ls").strip());
            assertClean("after clearing " + c.line());
        }
        String reach = lab.ok("pingall --overlay");
        assertTrue(reach.contains("6/6 reachable"), reach);
    }

    @Test
    void faultsThatCannotBePlantedHereAreRefusedInOneLine() throws Exception {
        for (String line : List.of("fault inject conntrack-full --on node1", "fault inject vtep-mac --on node1",
                "fault inject backend-dead --backend 10.9.9.9", "fault inject mtu --on node1 --mtu 9x",
                "fault inject mtu --on node1 --dev nosuch")) {
            TestShell.Run r = lab.shell.run(line);
            assertEquals(2, r.status(), line + ":\n" + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), line + ":\n" + r.err());
            assertTrue(r.err().contains("nothing was changed") || r.err().contains("must be"), r.err());
        }
        assertEquals("no faults planted", lab.ok("fault ls").strip());
    }

    @Test
    void theCatalogueDescribesEveryFault() {
        String out = lab.ok("fault ls --describe");
        for (String kind : List.of("mtu", "rp-filter", "firewall-vxlan", "fdb-missing", "wrong-vni", "ip-forward",
                "conntrack-full", "vxlan-port-clash", "vtep-mac", "mixed-backends", "link-down", "loss",
                "backend-dead")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(kind + " ")), kind + " missing:\n" + out);
        }
        assertTrue(out.contains("no netem"), out);
    }

    /** A fault made by hand with plain tools on a node, and the one finding doctor must give for it. */
    record ByHand(String node, List<String> argv, String finding) {}

    @Test
    void faultsMadeByHandAreFoundTheSameWayAndDoctorsFixesWork() throws Exception {
        String nftDrop = "nft add table inet handfw && nft 'add chain inet handfw input { type filter hook input"
                + " priority 0; }' && nft add rule inet handfw input udp dport 4789 counter drop";
        List<ByHand> faults = List.of(
                new ByHand("node2", List.of("iptables", "-I", "INPUT", "-p", "udp", "--dport", "4789", "-j", "DROP"),
                        "firewall-vxlan node2"),
                new ByHand("node3", List.of("sh", "-c", nftDrop), "firewall-vxlan node3"),
                new ByHand("node2", List.of("sh", "-c", "sysctl -w net.ipv4.conf.all.rp_filter=1"
                        + " && sysctl -w net.ipv4.conf.vxlan0.rp_filter=1"), "rp-filter node2"),
                new ByHand("node1", List.of("iptables-legacy", "-A", "INPUT", "-p", "tcp", "--dport", "9", "-j",
                        "DROP"), "mixed-backends node1"),
                new ByHand("node2", List.of("ip", "link", "add", "vxhand", "type", "vxlan", "external", "dstport",
                        "4789", "dev", "eth1"), "vxlan-port-clash node2"),
                new ByHand("node3", List.of("iptables", "-I", "INPUT", "-p", "udp", "--dport", "4789", "-m",
                        "statistic", "--mode", "random", "--probability", "0.3", "-j", "DROP"), "loss node3"));
        try {
            for (ByHand f : faults) {
                lab.shell.sh(f.node(), f.argv().toArray(String[]::new)).orThrow();
                DoctorReport r = lab.doctor();
                assertEquals(Set.of(f.finding()), FaultLab.failing(r), f.argv() + ":\n" + r.text());
                for (var x : r.failures()) {
                    assertTrue(x.explanation().contains("["), "no evidence: " + x.explanation());
                    lab.shell.sh(x.node(), "sh", "-c", x.fix()).orThrow();
                }
                assertClean("after doctor's fix for " + f.argv());
            }
        } finally {
            lab.shell.sh("node3", "nft", "delete", "table", "inet", "handfw");
        }
    }

    @Test
    void undoAndTheRollbackOfAnUnconfirmedInjectTakeTheMarkerWithTheFault() throws Exception {
        lab.ok("fault inject ip-forward --on node1");
        assertTrue(lab.ok("fault ls").contains("ip-forward"));
        lab.ok("undo");
        assertEquals("no faults planted", lab.ok("fault ls").strip(), "after undo of the inject");
        assertClean("after undo of the inject");
        lab.ok("fault inject ip-forward --on node1 --confirm 2");
        assertTrue(lab.ok("fault ls").contains("ip-forward"));
        Eventually.until(TestTimeouts.scaled(20_000), () -> lab.ok("fault ls").strip(), "no faults planted"::equals,
                "the rollback of the unconfirmed inject takes its marker");
        assertClean("after the rollback of the inject");
    }

    @Test
    void doctorFixAppliesTheFixesAsOneChangeThatUndoReverts() throws Exception {
        lab.shell.sh("node2", "iptables", "-I", "INPUT", "-p", "udp", "--dport", "4789", "-j", "DROP").orThrow();
        lab.shell.sh("node1", "sysctl", "-w", "net.ipv4.ip_forward=0").orThrow();
        Set<String> both = Set.of("firewall-vxlan node2", "ip_forward node1");
        assertEquals(both, FaultLab.failing(lab.doctor()));
        String fixed = lab.ok("doctor --fix");
        assertTrue(fixed.contains("node1: 1 change(s)") && fixed.contains("node2: 1 change(s)"), fixed);
        assertClean("after doctor --fix");
        lab.ok("undo");
        assertEquals(both, FaultLab.failing(lab.doctor()), "undo of doctor --fix puts the faults back");
        lab.ok("doctor --fix");
        assertClean("after doctor --fix again");
    }

    /**
     * A counter that rises while doctor runs: node2 filters strictly on its underlay device (conf/all and eth1 at 1;
     * the overlay's devices keep their loose 2, so the rp-filter check stays quiet) and routes 10.99.0.0/24 into the
     * overlay bridge;
     * node1 pings node2 from 10.99.0.1, so node2 drops each ping, counted in IPReversePathFilter. node1 asks ARP
     * with its eth1 address (arp_announce=2): node2 would refuse an ARP request from 10.99.0.1 uncounted.
     */
    @Test
    void aReversePathCounterRisingWhileDoctorRunsIsFoundAndItsFixWorks() throws Exception {
        String ns = lab.shell.lab().name() + "-node1";
        String all = lab.shell.sh("node2", "sysctl", "-n", "net.ipv4.conf.all.rp_filter").stdout().strip();
        String eth1 = lab.shell.sh("node2", "sysctl", "-n", "net.ipv4.conf.eth1.rp_filter").stdout().strip();
        lab.shell.sh("node2", "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=1", "net.ipv4.conf.eth1.rp_filter=1");
        lab.shell.sh("node2", "ip", "route", "add", "10.99.0.0/24", "dev", "nsbr0");
        lab.shell.sh("node1", "ip", "addr", "add", "10.99.0.1/32", "dev", "lo");
        lab.shell.sh("node1", "sysctl", "-qw", "net.ipv4.conf.eth1.arp_announce=2");
        long seconds = TestTimeouts.scaled(Duration.ofSeconds(30)).toSeconds();
        ExecutorService pinger = Executors.newSingleThreadExecutor();
        Future<ExecResult> ping = pinger.submit(() -> lab.shell.node("node1").run("ping", "-q", "-i", "0.05", "-w",
                String.valueOf(seconds), "-I", "10.99.0.1", "192.168.56.11"));
        try {
            Eventually.until(Duration.ofSeconds(10), () -> !TestLabs.pidsIn(ns, "ping").isEmpty() || ping.isDone(),
                    "ping starts on node1");
            if (ping.isDone()) throw new AssertionError("ping ended: " + ping.get().stderr());
            DoctorReport r = Eventually.until(Duration.ofSeconds(20), lab::doctor,
                    d -> !FaultLab.failing(d).isEmpty(), "doctor finds the dropped pings");
            assertEquals(Set.of("rp-filter-drops node2"), FaultLab.failing(r), r.text());
            Finding f = r.failures().get(0);
            assertTrue(f.explanation().matches(".*\\[nstat -az TcpExtIPReversePathFilter; sysctl net.ipv4.conf:"
                    + " IPReversePathFilter \\d+ → \\d+ \\(\\+[1-9]\\d* in [0-9.]+ s\\);"
                    + " net.ipv4.conf.all.rp_filter = 1; net.ipv4.conf.eth1.rp_filter = 1\\]"), f.explanation());
            assertEquals("sysctl -w net.ipv4.conf.all.rp_filter=2 && sysctl -w net.ipv4.conf.eth1.rp_filter=2",
                    f.fix());
            lab.shell.sh("node2", "sh", "-c", f.fix());
            // Loose filtering lets the pings in (node2 has a route back to their source), so the counter rests.
            Eventually.until(Duration.ofSeconds(20), lab::doctor, d -> FaultLab.failing(d).isEmpty(),
                    "doctor clean once loose");
        } finally {
            TestLabs.pidsIn(ns, "ping").forEach(pid -> new LocalNode("local").run("kill", pid));
            pinger.shutdown();
            assertTrue(pinger.awaitTermination(10, TimeUnit.SECONDS), "ping did not end");
            lab.shell.node("node1").run("ip", "addr", "del", "10.99.0.1/32", "dev", "lo");
            lab.shell.node("node1").run("sysctl", "-qw", "net.ipv4.conf.eth1.arp_announce=0");
            lab.shell.node("node2").run("ip", "route", "del", "10.99.0.0/24", "dev", "nsbr0");
            lab.shell.node("node2").run("sysctl", "-qw", "net.ipv4.conf.all.rp_filter=" + all,
                    "net.ipv4.conf.eth1.rp_filter=" + eth1);
        }
        assertClean("after the spoofed pings");
    }

    /** The cause checks' reads ride in doctor's one batch: a read, its containers' addresses, one fping. */
    @Test
    void doctorStillReadsEachNodeInItsRoundTrips() throws Exception {
        RoundTrips.on(true);
        try {
            RoundTrips.take();
            lab.doctor();
            Map<String, Integer> trips = RoundTrips.take();
            assertEquals(Map.of("node1", 3, "node2", 3, "node3", 3), trips);
        } finally {
            RoundTrips.on(false);
        }
    }

    private static void assertClean(String when) throws Exception {
        DoctorReport r = lab.doctor();
        assertEquals(Set.of(), FaultLab.failing(r), when + ":\n" + r.text());
        assertEquals(Set.of(), FaultLab.warning(r), when + ":\n" + r.text());
    }
}
