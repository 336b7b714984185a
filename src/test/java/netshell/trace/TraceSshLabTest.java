package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.command.Target;
import netshell.lab.Lab;
import netshell.node.ExecResult;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.Node;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.node.Transport;
import netshell.testing.NeedsRoot;
import netshell.testing.SshLabContainers;
import netshell.testing.TestShell;
import netshell.trace.plan.Hop;

/**
 * trace over real SSH (the lab's sshd in each node, reached through its ssh_config): the same reads in one SSH
 * channel per node, a healthy path and four drop reasons, each made by hand inside the node's namespace.
 */
@NeedsRoot("ip netns, sshd")
@SshLabContainers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceSshLabTest {
    private Lab lab;
    private TestShell sh;

    @BeforeAll
    void up() {
        lab = TestLabs.newLab(TestLabs.uniqueName());
        try {
            lab.up(2, true);
            Fleet fleet = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
            sh = TestShell.on(new Target(Transport.SSH.label(), fleet, null, null));
            ok("overlay create 10.0.0.0/24");
            ok("container run web1 --on node1");
            ok("container run web2 --on node2");
        } catch (RuntimeException e) {
            down();
            throw e;
        }
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
        if (lab != null) lab.down();
    }

    @Test
    void healthyPathOverSsh() throws Exception {
        TraceReport t = trace("trace web1 web2:80 --simulate");
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertTrue(t.hops().stream().noneMatch(Hop::dropped), t.text());
        assertTrue(t.hops().stream().anyMatch(h -> h.phase().equals("VXLAN-ENCAP") && h.at().equals("node1")
                && h.detail().contains("→ 192.168.56.11:4789")), t.text());
        // The typed result from Groovy, as a script reads it.
        TestShell.Run groovy = sh.run("t = trace('web1', 'web2:99', simulate: true); println t.verdict + ' at '"
                + " + t.dropAt.at + ' ' + t.dropAt.phase + ', ' + t.hops.size() + ' phases'");
        assertEquals(0, groovy.status(), groovy.err());
        assertTrue(groovy.out().startsWith("DROPPED at web2 on node2 DELIVER, "), groovy.out());
    }

    @Test
    void fourDropReasonsOverSsh() throws Exception {
        List<String> forward = List.of("FORWARD", "-d", "10.0.0.129", "-p", "tcp", "--dport", "80", "-j", "DROP");
        inside("node2", "iptables", "-I", forward);
        try {
            TraceAsserts.droppedAt(trace("trace web1 web2:80 --simulate"), "node2", "FILTER", "filter FORWARD rule 1");
        } finally {
            inside("node2", "iptables", "-D", forward);
        }

        List<String> vxlan = List.of("INPUT", "-p", "udp", "--dport", "4789", "-j", "DROP");
        inside("node2", "iptables", "-I", vxlan);
        try {
            TraceAsserts.droppedAt(trace("trace web1 web2:80 --simulate"), "node2", "FILTER", "filter INPUT rule 1");
        } finally {
            inside("node2", "iptables", "-D", vxlan);
        }

        String forwarding = inside("node1", "sysctl", "-n", List.of("net.ipv4.ip_forward")).stdout().strip();
        inside("node1", "sysctl", "-qw", List.of("net.ipv4.ip_forward=0"));
        try {
            TraceAsserts.droppedAt(trace("trace web1 node2 --simulate"), "node1", "ROUTE", "net.ipv4.ip_forward is 0");
        } finally {
            inside("node1", "sysctl", "-qw", List.of("net.ipv4.ip_forward=" + forwarding));
        }

        String rp = inside("node2", "sysctl", "-n", List.of("net.ipv4.conf.all.rp_filter")).stdout().strip();
        inside("node2", "sysctl", "-qw", List.of("net.ipv4.conf.all.rp_filter=1"));
        try {
            TraceAsserts.droppedAt(trace("trace web1 node2 --simulate"), "node2", "ROUTE",
                    "strict rp_filter (1) on eth1");
        } finally {
            inside("node2", "sysctl", "-qw", List.of("net.ipv4.conf.all.rp_filter=" + rp));
        }
        assertEquals("ALLOWED", trace("trace web1 web2:80 --simulate").verdict());
    }

    /** Live over SSH: the probe traced on both nodes through their sshd, a drop named by its rule, nothing left. */
    @Test
    void liveTraceOverSsh() throws Exception {
        String before1 = inside("node1", "nft", "list", List.of("tables")).stdout();
        TraceReport t = trace("trace web1 web2:80");
        assertEquals("live", t.trace().mode(), t.text());
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertTrue(t.hops().stream().anyMatch(h -> h.phase().equals("VXLAN-ENCAP") && h.at().equals("node1")
                && h.live() != null && h.live().contains("→ 192.168.56.11:4789")), t.text());

        List<String> forward = List.of("FORWARD", "-d", "10.0.0.129", "-p", "tcp", "--dport", "80", "-j", "DROP");
        inside("node2", "iptables", "-I", forward);
        try {
            TraceReport dropped = trace("trace web1 web2:80");
            TraceAsserts.droppedAt(dropped, "node2", "FILTER", "filter FORWARD rule 1");
            TraceAsserts.liveAt(dropped, "node2", "FILTER");
        } finally {
            inside("node2", "iptables", "-D", forward);
        }
        // No trace table stays on either node.
        assertEquals(before1, inside("node1", "nft", "list", List.of("tables")).stdout());
        assertTrue(!inside("node2", "nft", "list", List.of("tables")).stdout().contains("netshell_trace"));
    }

    private TraceReport trace(String line) throws Exception {
        return (TraceReport) sh.invoke(line);
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }

    /** A command in the node's own namespace, not over SSH: the fault is made by hand beside netshell. */
    private ExecResult inside(String node, String tool, String op, List<String> args) {
        List<String> argv = new java.util.ArrayList<>(List.of(tool, op));
        argv.addAll(args);
        Node n = lab.nodes().stream().filter(x -> x.name().equals(node)).findFirst().orElseThrow();
        ExecResult r = n.run(argv);
        assertEquals(0, r.exit(), argv + ": " + r.stderr());
        return r;
    }
}
