package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.trace.plan.Drop;
import netshell.trace.plan.Hop;

/**
 * IPv6 traces on a real two-node lab with an IPv6 underlay (lab up --ipv6: fd56::a, fd56::b): a dual-stack overlay
 * 10.0.0.0/24 with fd00:10::/64 over IPv4 (web1 fd00:10::41 on node1, web2 fd00:10::81 on node2), a VIP
 * [fd56::100]:80 on node1 with web2 behind it, and an IPv4 overlay 10.1.0.0/24 over the IPv6 underlay (--underlay6:
 * web3 on node1, web4 on node2). Each drop is made by hand, shown real by the traffic it stops, named by the
 * simulation and by a live probe (node, phase, reason), and undone.
 */
@NeedsRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceIpv6LabTest {
    private TestShell sh;

    @BeforeAll
    void lab() {
        sh = TestShell.lab("nsv6t", 2, true);
        ok("overlay create 10.0.0.0/24 --ipv6 fd00:10::/64");
        ok("overlay create 10.1.0.0/24 --underlay6 --vni 200 --bridge nsbr1 --name vxlan1");
        ok("container run web1 --on node1 --bridge nsbr0");
        ok("container run web2 --on node2 --bridge nsbr0");
        ok("container run web3 --on node1 --bridge nsbr1");
        ok("container run web4 --on node2 --bridge nsbr1");
        ok("lb add-vip [fd56::100]:80 --backend [fd00:10::81]:80 --on node1");
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
    }

    @Test
    void healthyPathsHaveNoDroppedPhaseAndLeaveNothing() throws Exception {
        Map<String, String> before = state();
        for (String mode : List.of(" --simulate", "")) {
            TraceReport t = trace("trace web1 web2:80 -6" + mode);
            allowed(t);
            assertTrue(hop(t, "request", "node1", "VXLAN-ENCAP").detail().contains("→ 192.168.56.11:4789"), t.text());
            assertTrue(hop(t, "request", "web2 on node2", "DELIVER").detail().startsWith("tcp [fd00:10::41]:"),
                    t.text());
        }
        // The address typed picks the family as -6 does for the name, and so does a name in brackets.
        for (String to : List.of("[fd00:10::81]:80", "[web2]:80"))
            assertEquals("fd00:10::81", hop(trace("trace web1 " + to + " --simulate"), "request", "web1 on node1",
                    "ROUTE").detail().split(" ")[0]);
        // An echo with no neighbour known: the sender's neighbour solicitations are not the probe.
        sh.run("container exec web1 ip -6 neigh flush dev eth0");
        TraceReport echo = trace("trace web1 web2 -6");
        allowed(echo);
        for (String node : List.of("node1", "node2"))
            assertTrue(echo.notes().stream().anyMatch(n -> n.startsWith(node + " captured 2 packets of the probe's"
                    + " flow")), echo.text());
        assertEquals(before, state(), "a trace leaves no table, rule or process");
    }

    @Test
    void ip6tablesDropInForwardOnTheReceiver() throws Exception {
        List<String> rule = List.of("FORWARD", "-d", "fd00:10::81", "-p", "tcp", "--dport", "80", "-j", "DROP");
        ip6tables("node2", "-I", rule);
        try {
            assertTrue(!reaches("web1", "curl -6 -s -m 2 -o /dev/null http://[fd00:10::81]/"), "the rule drops");
            String text = "filter FORWARD rule 1: -A FORWARD -d fd00:10::81/128 -p tcp -m tcp --dport 80 -j DROP";
            Drop d = droppedAt(trace("trace web1 web2:80 -6 --simulate"), "node2", "FILTER", text);
            assertEquals("node2 ip6tables -t filter -L FORWARD -v -n --line-numbers", d.command());
            droppedAt(trace("trace web1 web2:80 -6"), "node2", "FILTER", text, "(nft trace: verdict drop)");
        } finally {
            ip6tables("node2", "-D", rule);
        }
    }

    @Test
    void forwardingOffOnAForwardingNode() throws Exception {
        sh.sh("node1", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=0");
        try {
            assertTrue(!reaches("web1", "ping -6 -c 1 -W 1 fd56::b"), "node1 does not forward");
            droppedAt(trace("trace web1 node2 -6 --simulate"), "node1", "ROUTE", "net.ipv6.conf.all.forwarding is 0");
            droppedAt(trace("trace web1 node2 -6"), "node1", "ROUTE", "net.ipv6.conf.all.forwarding is 0",
                    "live: the sender got no answer", "last seen on node1");
        } finally {
            sh.sh("node1", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        }
    }

    @Test
    void containerVethDown() throws Exception {
        String veth = hostVeth("node2", "nsbr0");
        sh.sh("node2", "ip", "link", "set", veth, "down");
        try {
            assertTrue(!reaches("web1", "ping -6 -c 1 -W 1 fd00:10::81"), "web2 is cut off");
            droppedAt(trace("trace web1 web2:80 -6 --simulate"), "node2", "BRIDGE", "port " + veth + " is down");
            droppedAt(trace("trace web1 web2:80 -6"), "node2", "BRIDGE", "port " + veth + " is down",
                    "last seen on node2");
        } finally {
            sh.sh("node2", "ip", "link", "set", veth, "up");
        }
    }

    @Test
    void noRouteOnceAnIpv6RouteIsRemoved() throws Exception {
        sh.sh("node1", "ip", "-6", "route", "del", "fd56::/64", "dev", "eth1");
        try {
            assertTrue(!reaches("web1", "ping -6 -c 1 -W 1 fd56::b"), "node1 has no way to fd56::b");
            droppedAt(trace("trace web1 node2 -6 --simulate"), "node1", "ROUTE", "no route to fd56::b");
            droppedAt(trace("trace web1 node2 -6"), "node1", "ROUTE", "no route to fd56::b",
                    "Destination unreachable: No route");
        } finally {
            sh.sh("node1", "ip", "-6", "route", "add", "fd56::/64", "dev", "eth1", "proto", "kernel", "metric", "256");
        }
    }

    @Test
    void anIpv6VipIsDnatedToItsBackend() throws Exception {
        assertTrue(reaches("web1", "curl -6 -s -m 3 -o /dev/null http://[fd56::100]/"), "the VIP answers");
        for (String mode : List.of(" --simulate", "")) {
            TraceReport t = trace("trace web1 [fd56::100]:80" + mode);
            allowed(t);
            Hop dnat = t.hops().stream().filter(h -> h.phase().equals("NAT") && h.detail().startsWith("DNAT"))
                    .findFirst().orElseThrow(() -> new AssertionError(t.text()));
            assertTrue(dnat.detail().startsWith("DNAT tcp [fd00:10::41]:") && dnat.detail().contains(
                    "→ [fd56::100]:80 to [fd00:10::81]:80"), t.text());
            assertTrue(hop(t, "request", "node1", "VXLAN-ENCAP").detail().contains("→ 192.168.56.11:4789"), t.text());
            assertNotNull(hop(t, "request", "web2 on node2", "DELIVER"));
            if (!mode.isEmpty()) continue;
            assertEquals("conntrack: DNAT to [fd00:10::81]:80", dnat.live(), t.text());
            TraceAsserts.liveAt(t, "node2", "VXLAN-DECAP");
        }
    }

    @Test
    void anIpv4TraceOverTheIpv6UnderlayTakesItsVtepInIpv6() throws Exception {
        for (String mode : List.of(" --simulate", "")) {
            TraceReport t = trace("trace web3 web4:80" + mode);
            allowed(t);
            Hop encap = hop(t, "request", "node1", "VXLAN-ENCAP");
            assertTrue(encap.detail().contains("vxlan1 VNI 200") && encap.detail().contains("inside udp fd56::a → "
                    + "[fd56::b]:4789") && encap.detail().contains("outer packet 130 bytes"), t.text());
            if (mode.isEmpty()) TraceAsserts.liveAt(t, "node1", "UNDERLAY");
        }
        TestShell.Run none = sh.run("trace web1 web4 -6 --simulate");
        assertEquals(2, none.status(), none.err());
        assertEquals("netshell: trace: web4 on node2 has no IPv6 address: its overlay is IPv4 only (overlay create"
                + " SUBNET --ipv6 PREFIX makes a dual-stack one)", none.err().strip());
    }

    private void allowed(TraceReport t) {
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertTrue(t.hops().stream().noneMatch(Hop::dropped), t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
    }

    private static Drop droppedAt(TraceReport t, String at, String phase, String... reason) {
        Drop d = TraceAsserts.droppedAt(t, at, phase, reason);
        assertEquals("request", d.direction(), t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
        return d;
    }

    private TraceReport trace(String line) throws Exception {
        return (TraceReport) sh.invoke(line);
    }

    private static Hop hop(TraceReport t, String direction, String at, String phase) {
        return t.hops().stream().filter(h -> h.direction().equals(direction) && h.at().equals(at)
                && h.phase().equals(phase)).findFirst()
                .orElseThrow(() -> new AssertionError(direction + " " + at + " " + phase + " in " + t.text()));
    }

    private boolean reaches(String container, String command) {
        return sh.run("container exec " + container + " " + command).status() == 0;
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }

    private void ip6tables(String node, String op, List<String> rule) {
        List<String> argv = new ArrayList<>(List.of("ip6tables", op));
        argv.addAll(rule);
        sh.sh(node, argv.toArray(String[]::new));
    }

    /** The node's end of a container's veth on the bridge. */
    private String hostVeth(String node, String bridge) {
        List<Link> links = Links.parse(sh.sh(node, "ip", "-j", "-d", "link").stdout());
        return links.stream().filter(l -> "veth".equals(l.kind()) && bridge.equals(l.master())).findFirst()
                .orElseThrow().name();
    }

    /** Per lab namespace: its nft ruleset (both families' iptables-nft tables in it) and processes, no counters. */
    private Map<String, String> state() {
        Map<String, String> out = new TreeMap<>();
        List<String> namespaces = NamespaceState.namespaces(ns -> ns.startsWith(sh.lab().name() + "-"));
        assertTrue(namespaces.size() >= 6, "the lab's nodes and containers: " + namespaces);
        for (String ns : namespaces) {
            out.put(ns + " nft", NamespaceState.nft(ns));
            out.put(ns + " processes", NamespaceState.processes(ns, args -> true));
        }
        return out;
    }
}
