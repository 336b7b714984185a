package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.lab.Lab;
import netshell.lab.SshdMounts;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.node.TestLabs;
import netshell.testing.NeedsRoot;
import netshell.testing.SshLabContainers;
import netshell.testing.TestShell;
import netshell.trace.plan.Hop;

/**
 * Live IPv6 traces on nodes without nft (their sshd in a mount namespace where nft is /bin/false, see {@link
 * SshdMounts}): iptables-nft's TRACE rules in ip6tables, read by xtables-monitor -6, beside iptables' read by -4. A
 * two-node lab with an IPv6 underlay (fd56::a, fd56::b): a dual-stack overlay over IPv4 (web1 fd00:10::41 on node1,
 * web2 fd00:10::81 on node2), a VIP [fd56::100]:80 on node1 over web2, and an IPv4 overlay over the IPv6 underlay
 * (web3 on node1, web4 on node2), whose tunnel packets only ip6tables' u32 rules mark.
 */
@NeedsRoot("ip netns, sshd, mount namespaces")
@SshLabContainers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceIp6tablesLabTest {
    private static final List<String> FORWARD_DROP = List.of("FORWARD", "-d", "fd00:10::81", "-p", "tcp", "--dport",
            "80", "-j", "DROP");
    private Lab lab;
    private TestShell sh;

    @BeforeAll
    void up() {
        lab = TestLabs.newLab("nsxt6-" + UUID.randomUUID().toString().substring(0, 6));
        try {
            lab.up(2, true);
            lab.upIpv6(2);
            sh = WithoutNft.shell(lab, 2);
            ok("overlay create 10.0.0.0/24 --ipv6 fd00:10::/64");
            ok("overlay create 10.1.0.0/24 --underlay6 --vni 200 --bridge nsbr1 --name vxlan1");
            ok("container run web1 --on node1 --bridge nsbr0");
            ok("container run web2 --on node2 --bridge nsbr0");
            ok("container run web3 --on node1 --bridge nsbr1");
            ok("container run web4 --on node2 --bridge nsbr1");
            ok("lb add-vip [fd56::100]:80 --backend [fd00:10::81]:80 --on node1");
        } catch (RuntimeException | Error e) {
            down();
            throw e;
        }
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
        if (lab != null) lab.down();
    }

    @AfterEach
    void noStageHook() {
        LiveTrace.stages = (stage, node) -> {};
        Thread.interrupted();
    }

    @Test
    void anIpv6VipPathIsTracedByIp6tables() throws Exception {
        TraceReport t = trace("trace web1 [fd56::100]:80");
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertEquals("live", t.trace().mode(), t.text());
        assertTrue(t.hops().stream().noneMatch(Hop::dropped), t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
        assertTrue(t.notes().contains("node1: no nft: ip6tables TRACE rules in raw, read with xtables-monitor --trace"),
                t.text());
        // The probe marked by ip6tables in node1's prerouting, and the DNAT to the backend it took.
        assertTrue(hop(t, "node1", "ROUTE").live().startsWith("seen in prerouting (iif nsbr0): tcp [fd00:10::41]:"),
                t.text());
        assertEquals("conntrack: DNAT to [fd00:10::81]:80", hop(t, "node1", "NAT").live(), t.text());
        // xtables-monitor of iptables 1.8.9 stops at the VIP's rule (it matches the port), and the trace says so.
        t.notes().stream().filter(n -> n.contains("xtables-monitor -6 exited")).forEach(n -> assertTrue(n.startsWith(
                "node1: xtables-monitor -6 exited at ip6 nat NETSHELL-SERVICES, a rule it cannot print"), t.text()));
        // node2's FILTER phase (the bridged packet crosses ip6tables' FORWARD there), named from its TRACE events.
        assertTrue(hop(t, "node2", "FILTER").live().startsWith("iptables TRACE: ip6 filter FORWARD "), t.text());
        // Inside VXLAN over IPv4, the IPv6 probe's tunnel packets were marked by iptables' u32 rules.
        assertTrue(hop(t, "node1", "VXLAN-ENCAP").live().matches("iptables TRACE: udp 192\\.168\\.56\\.10:\\d+ →"
                + " 192\\.168\\.56\\.11:4789 leaves by eth1"), t.text());
    }

    @Test
    void anIp6tablesDropInForwardIsNamedByTableChainPositionAndText() throws Exception {
        inside("node2", "-I", FORWARD_DROP);
        try {
            TraceReport t = trace("trace web1 web2:80 -6");
            TraceAsserts.droppedAt(t, "node2", "FILTER", "filter FORWARD rule 1: -A FORWARD -d fd00:10::81/128 -p tcp"
                    + " -m tcp --dport 80 -j DROP", "(iptables TRACE: verdict drop)");
            assertEquals("node2 ip6tables -t filter -L FORWARD -v -n --line-numbers", t.dropAt().command(), t.text());
            TraceAsserts.liveAt(t, "node2", "FILTER");
            assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
        } finally {
            inside("node2", "-D", FORWARD_DROP);
        }
    }

    @Test
    void anIpv4TunnelOverTheIpv6UnderlayIsMarkedByIp6tables() throws Exception {
        TraceReport t = trace("trace web3 web4:80");
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertTrue(hop(t, "node1", "VXLAN-ENCAP").live().matches("iptables TRACE: udp \\[fd56::a]:\\d+ → \\[fd56::b]"
                + ":4789 leaves by eth1"), t.text());
        assertTrue(hop(t, "node2", "VXLAN-DECAP").live().endsWith("came in by eth1"), t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
    }

    @Test
    void nothingIsLeftAfterATraceAFailingNodeOrCtrlC() throws Exception {
        Map<String, String> before = state();
        trace("trace web1 [fd56::100]:80");
        trace("trace web1 web2 -6");
        trace("trace web3 web4:80");
        assertEquals(before, state(), "after three traces");

        TraceAsserts.node2FailsMidWay(() -> trace("trace web1 web2:80 -6"));
        assertEquals(before, state(), "after a node failed mid-way");

        TraceAsserts.ctrlCWhileWaiting(() -> trace("trace web3 web4:80"));
        assertEquals(before, state(), "after Ctrl-C");
    }

    /**
     * Ctrl-C at a dozen moments spread over a whole trace (reading facts, marking, sending, reading evidence, taking
     * everything away): after each, every node and container is as before. A command cut short there could leave
     * its rules in, or end the SSH session under the monitors and captures still running.
     */
    @Test
    void ctrlCAtAnyMomentLeavesNothing() throws Exception {
        Map<String, String> before = state();
        long start = System.nanoTime();
        trace("trace web3 web4:80");
        long whole = (System.nanoTime() - start) / 1_000_000;
        for (int k = 0; k < 12; k++) {
            long at = whole * k / 12;
            String what = TraceAsserts.interruptedAfter(at, () -> trace("trace web3 web4:80"));
            assertEquals(before, state(), "after Ctrl-C at " + at + " ms of " + whole + " (" + what + ")");
        }
    }

    /**
     * Per namespace of the lab and of its containers: the rules of both families in both iptables back ends, and the
     * processes (sshd's own left out: its sessions come and go with netshell's channels).
     */
    private Map<String, String> state() {
        Map<String, String> out = new TreeMap<>();
        List<String> namespaces = NamespaceState.namespaces(ns -> ns.startsWith(lab.name() + "-")
                || ns.startsWith("netshell-"));
        assertTrue(namespaces.size() >= 6, "the lab's nodes and containers: " + namespaces);
        for (String ns : namespaces) {
            for (String save : List.of("iptables-nft-save", "ip6tables-nft-save", "iptables-legacy-save",
                    "ip6tables-legacy-save"))
                out.put(ns + " " + save, NamespaceState.iptables(ns, save));
            out.put(ns + " processes", NamespaceState.processes(ns, args -> !args.startsWith("sshd")));
        }
        return out;
    }

    private TraceReport trace(String line) throws Exception {
        return (TraceReport) sh.invoke(line);
    }

    private static Hop hop(TraceReport t, String at, String phase) {
        return t.hops().stream().filter(h -> h.direction().equals("request") && h.at().equals(at)
                && h.phase().equals(phase) && h.live() != null).findFirst()
                .orElseThrow(() -> new AssertionError("live " + at + " " + phase + " in " + t.text()));
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }

    /** An ip6tables rule made in the node's own namespace, not over SSH: the fault is made by hand beside netshell. */
    private void inside(String node, String op, List<String> rule) {
        List<String> argv = new ArrayList<>(List.of("ip6tables", op));
        argv.addAll(rule);
        Node n = lab.nodes().stream().filter(x -> x.name().equals(node)).findFirst().orElseThrow();
        ExecResult r = n.run(argv);
        assertEquals(0, r.exit(), argv + ": " + r.stderr());
    }
}
