package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.trace.plan.Hop;

/**
 * trace on Docker lab nodes (an engine per node; the containers are Docker's, entered by nsenter, behind Docker's
 * FORWARD policy DROP and its DOCKER-USER chain): a healthy VIP path and four drop reasons made by hand.
 */
@NeedsRoot("ip netns, dockerd")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceDockerLabTest {
    private TestShell sh;

    @BeforeAll
    void up() {
        sh = TestShell.dockerLab("nstrd", 2);
        ok("overlay create 10.0.0.0/24");
        ok("container run web1 --on node1");
        ok("container run web2 --on node2");
        ok("lb add-vip 10.0.0.100:80 --backend 10.0.0.65:80 --backend 10.0.0.129:80 --on node1");
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
    }

    @Test
    void healthyVipPathAndFourDropReasons() throws Exception {
        TraceReport vip = trace("trace web1 10.0.0.100:80 --simulate");
        assertEquals("ALLOWED", vip.verdict(), vip.text());
        assertTrue(vip.hops().stream().noneMatch(Hop::dropped), vip.text());
        assertTrue(vip.hops().stream().anyMatch(h -> "backend 10.0.0.129:80".equals(h.branch())
                && h.phase().equals("VXLAN-ENCAP") && h.detail().contains("→ 192.168.56.11:4789")), vip.text());
        assertTrue(vip.hops().stream().anyMatch(h -> h.at().equals("node2") && h.phase().equals("FILTER")
                && h.detail().contains("filter FORWARD rule")), "Docker's FORWARD chain is walked: " + vip.text());

        List<String> user = List.of("DOCKER-USER", "-d", "10.0.0.129", "-p", "tcp", "--dport", "80", "-j", "DROP");
        iptables("node2", "-I", user);
        try {
            TraceAsserts.droppedAt(trace("trace web1 web2:80 --simulate"), "node2", "FILTER",
                    "filter DOCKER-USER rule 1");
        } finally {
            iptables("node2", "-D", user);
        }

        List<String> vxlan = List.of("INPUT", "-p", "udp", "--dport", "4789", "-j", "DROP");
        iptables("node2", "-I", vxlan);
        try {
            TraceAsserts.droppedAt(trace("trace web1 web2:80 --simulate"), "node2", "FILTER", "filter INPUT rule 1");
        } finally {
            iptables("node2", "-D", vxlan);
        }

        String forwarding = sh.sh("node1", "sysctl", "-n", "net.ipv4.ip_forward").stdout().strip();
        sh.sh("node1", "sysctl", "-qw", "net.ipv4.ip_forward=0");
        try {
            TraceAsserts.droppedAt(trace("trace web1 node2 --simulate"), "node1", "ROUTE", "net.ipv4.ip_forward is 0");
        } finally {
            sh.sh("node1", "sysctl", "-qw", "net.ipv4.ip_forward=" + forwarding);
        }

        String veth = Links.parse(sh.sh("node2", "ip", "-j", "-d", "link").stdout()).stream()
                .filter(l -> "veth".equals(l.kind()) && "nsbr0".equals(l.master())).map(Link::name).findFirst()
                .orElseThrow();
        sh.sh("node2", "ip", "link", "set", veth, "down");
        try {
            TraceAsserts.droppedAt(trace("trace web1 web2:80 --simulate"), "node2", "BRIDGE",
                    "port " + veth + " is down");
        } finally {
            sh.sh("node2", "ip", "link", "set", veth, "up");
        }
        assertEquals("ALLOWED", trace("trace web1 web2:80 --simulate").verdict());
    }

    /** Live on Docker lab nodes: the probe traced through the VIP, a drop in DOCKER-USER named by its rule. */
    @Test
    void liveTraceOnDockerNodes() throws Exception {
        TraceReport vip = trace("trace web1 10.0.0.100:80");
        assertEquals("live", vip.trace().mode(), vip.text());
        assertEquals("ALLOWED", vip.verdict(), vip.text());
        assertTrue(vip.hops().stream().anyMatch(h -> h.phase().equals("NAT") && h.at().equals("node1")
                && h.live() != null && h.live().contains("DNAT to 10.0.0.")), vip.text());

        List<String> user = List.of("DOCKER-USER", "-d", "10.0.0.129", "-p", "tcp", "--dport", "80", "-j", "DROP");
        iptables("node2", "-I", user);
        try {
            TraceReport dropped = trace("trace web1 web2:80");
            TraceAsserts.droppedAt(dropped, "node2", "FILTER", "filter DOCKER-USER rule 1");
            TraceAsserts.liveAt(dropped, "node2", "FILTER");
        } finally {
            iptables("node2", "-D", user);
        }
        assertTrue(!sh.sh("node2", "nft", "list", "tables").stdout().contains("netshell_trace"),
                "no trace table stays");
    }

    private TraceReport trace(String line) throws Exception {
        return (TraceReport) sh.invoke(line);
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
}
