package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.node.LocalNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.trace.plan.Drop;
import netshell.trace.plan.Hop;

/**
 * Live trace on a real two-node lab (overlay 10.0.0.0/24, web1 10.0.0.65 on node1, web2 10.0.0.129 on node2, VIP
 * 10.0.0.100:80 on node1 with web2 behind it): one probe per trace, the verdict taken from what the kernel did (nft
 * trace, rule counters, conntrack), each fault made by hand and undone; and nothing of a trace left on any node
 * (rules, tables, processes), also when a node fails mid-way and when the trace is cancelled.
 */
@NeedsRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceLiveLabTest {
    private TestShell sh;

    @BeforeAll
    void lab() {
        sh = TestShell.lab("nslt", 2);
        ok("overlay create 10.0.0.0/24");
        ok("container run web1 --on node1");
        ok("container run web2 --on node2");
        ok("lb add-vip 10.0.0.100:80 --backend 10.0.0.129:80 --on node1");
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
    }

    @AfterEach
    void noStageHook() {
        LiveTrace.stages = (stage, node) -> {};
        Thread.interrupted();
    }

    @Test
    void healthyVipPathIsDnatedEncapsulatedAndDelivered() throws Exception {
        Path pcap = Files.createTempFile("nslt", ".pcapng");
        try {
            healthyVipPath(pcap);
        } finally {
            Files.deleteIfExists(pcap);
        }
    }

    private void healthyVipPath(Path pcap) throws Exception {
        TraceReport t = trace("trace web1 10.0.0.100:80 --pcap " + pcap);
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertEquals("live", t.trace().mode());
        assertTrue(t.hops().stream().noneMatch(Hop::dropped), t.text());
        Hop dnat = hop(t, "request", "node1", "NAT");
        assertTrue(dnat.detail().contains("to 10.0.0.129:80"), t.text());
        assertEquals("conntrack: DNAT to 10.0.0.129:80", dnat.live(), t.text());
        Hop encap = hop(t, "request", "node1", "VXLAN-ENCAP");
        assertTrue(encap.detail().contains("→ 192.168.56.11:4789"), t.text());
        assertNotNull(encap.live(), t.text());
        assertTrue(encap.live().contains("192.168.56.10") && encap.live().contains("→ 192.168.56.11:4789"), t.text());
        assertNotNull(hop(t, "request", "node2", "VXLAN-DECAP").live(), t.text());
        Hop deliver = hop(t, "request", "web2 on node2", "DELIVER");
        assertTrue(deliver.live().startsWith("the sender was answered"), t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
        assertTrue(t.notes().stream().anyMatch(n -> n.startsWith("node2 captured ")), t.text());

        // --pcap: the probe's flow as both underlays saw it, one interface each, in time order, VNI as comment.
        List<String> rows = run("tshark", "-r", pcap.toString(), "-T", "fields", "-e", "frame.interface_name", "-e",
                "frame.time_epoch", "-e", "frame.comment").lines().filter(l -> l.contains(":eth1\t")).toList();
        assertTrue(rows.size() >= 4, String.join("\n", rows));
        assertEquals(Set.of("node1:eth1", "node2:eth1"), rows.stream().map(r -> r.split("\t")[0])
                .collect(Collectors.toSet()), String.join("\n", rows));
        List<BigDecimal> times = rows.stream().map(r -> new BigDecimal(r.split("\t")[1])).toList();
        assertEquals(times.stream().sorted().toList(), times, String.join("\n", rows));
        assertTrue(rows.get(0).endsWith("VXLAN VNI 100: 10.0.0.1 > 10.0.0.129 TCP"), String.join("\n", rows));
        assertTrue(t.notes().stream().anyMatch(n -> n.startsWith("wrote " + rows.size() + " packets of the probe's"
                + " flow seen on 2 nodes to " + pcap)), t.text());
    }

    @Test
    void dropInForwardOnTheReceiver() throws Exception {
        List<String> rule = List.of("FORWARD", "-d", "10.0.0.129", "-p", "tcp", "--dport", "80", "-j", "DROP");
        iptables("node2", "-I", rule);
        try {
            droppedAt(trace("trace web1 web2:80"), "node2", "FILTER", "request",
                    "filter FORWARD rule 1: -A FORWARD -d 10.0.0.129/32 -p tcp -m tcp --dport 80 -j DROP",
                    "(nft trace: verdict drop)");
        } finally {
            iptables("node2", "-D", rule);
        }
    }

    @Test
    void vxlanPortDroppedInInputOnTheReceiver() throws Exception {
        List<String> rule = List.of("INPUT", "-p", "udp", "--dport", "4789", "-j", "DROP");
        // web1 knows web2's MAC first: else its ARP request, dropped the same way, is all that leaves.
        assertEquals(0, sh.run("container exec web1 ping -c 1 -W 2 10.0.0.129").status());
        iptables("node2", "-I", rule);
        try {
            droppedAt(trace("trace web1 web2:80"), "node2", "FILTER", "request", "udp 192.168.56.10:",
                    "→ 192.168.56.11:4789", "filter INPUT rule 1: -A INPUT -p udp -m udp --dport 4789 -j DROP",
                    "(nft trace: verdict drop)");
        } finally {
            iptables("node2", "-D", rule);
        }
    }

    @Test
    void ipForwardOff() throws Exception {
        String before = sh.sh("node1", "sysctl", "-n", "net.ipv4.ip_forward").stdout().strip();
        sh.sh("node1", "sysctl", "-qw", "net.ipv4.ip_forward=0");
        try {
            TraceReport t = trace("trace web1 node2");
            droppedAt(t, "node1", "ROUTE", "request", "net.ipv4.ip_forward is 0", "live: the sender got",
                    "last seen on node1");
        } finally {
            sh.sh("node1", "sysctl", "-qw", "net.ipv4.ip_forward=" + before);
        }
    }

    @Test
    void nothingIsLeftAfterATraceAFailingNodeOrCtrlC() throws Exception {
        Map<String, String> before = state();
        trace("trace web1 10.0.0.100:80");
        trace("trace node1 web2:81 --proto udp");
        assertEquals(before, state(), "after two traces");

        TraceAsserts.node2FailsMidWay(() -> trace("trace web1 web2:80"));
        assertEquals(before, state(), "after a node failed mid-way");

        TraceAsserts.ctrlCWhileWaiting(() -> trace("trace web1 web2:80"));
        assertEquals(before, state(), "after Ctrl-C");
    }

    /** Per lab namespace: its iptables rules, nft ruleset and processes (counters and pids left out). */
    private Map<String, String> state() {
        Map<String, String> out = new TreeMap<>();
        List<String> namespaces = NamespaceState.namespaces(ns -> ns.startsWith(sh.lab().name() + "-"));
        assertTrue(namespaces.size() >= 4, "the lab's nodes and containers: " + namespaces);
        for (String ns : namespaces) {
            out.put(ns + " iptables", NamespaceState.iptables(ns, "iptables-save"));
            out.put(ns + " nft", NamespaceState.nft(ns));
            out.put(ns + " processes", NamespaceState.processes(ns, args -> true));
        }
        return out;
    }

    private TraceReport trace(String line) throws Exception {
        return (TraceReport) sh.invoke(line);
    }

    private static Hop hop(TraceReport t, String direction, String at, String phase) {
        return t.hops().stream().filter(h -> h.direction().equals(direction) && h.at().equals(at)
                && h.phase().equals(phase)).findFirst().orElseThrow(() -> new AssertionError(direction + " " + at
                        + " " + phase + " in " + t.text()));
    }

    private static void droppedAt(TraceReport t, String at, String phase, String direction, String... reason) {
        Drop d = TraceAsserts.droppedAt(t, at, phase, reason);
        assertEquals("live", t.trace().mode());
        assertEquals(direction, d.direction(), t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }

    private void iptables(String node, String op, List<String> rule) {
        List<String> argv = new ArrayList<>(List.of("iptables", op));
        argv.addAll(rule);
        sh.sh(node, argv.toArray(String[]::new));
    }

    private static String run(String... argv) {
        return new LocalNode("local").run(List.of(argv), null).stdout();
    }
}
