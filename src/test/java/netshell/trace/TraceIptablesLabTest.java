package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
import netshell.node.LocalNode;
import netshell.node.Node;
import netshell.node.TestLabs;
import netshell.testing.NeedsRoot;
import netshell.testing.SshLabContainers;
import netshell.testing.TestShell;
import netshell.trace.plan.Hop;
import netshell.trace.plan.TraceTools;

/**
 * A live trace on nodes without nft, as many servers are: each node's sshd runs in a mount namespace where nft is
 * /bin/false (see {@link SshdMounts}), so whatever netshell runs over SSH finds no working nft, as on such a machine.
 * iptables is iptables-nft: the probe is marked by iptables TRACE rules in raw and read with xtables-monitor. Two
 * nodes, web1 on node1, web2 on node2, VIP 10.0.0.100:80 on node1 over web2. And node2 once as an iptables-legacy
 * node (its iptables binaries bound to xtables-legacy-multi): a network namespace, whose TRACE the kernel does not
 * log, so the trace says so in one line and goes on with counters, conntrack and capture.
 */
@NeedsRoot("ip netns, sshd, mount namespaces")
@SshLabContainers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceIptablesLabTest {
    private static final List<String> FORWARD_DROP = List.of("FORWARD", "-d", "10.0.0.129", "-p", "tcp", "--dport",
            "80", "-j", "DROP");
    private static final String EMPTY_RAW = "*raw\n:PREROUTING ACCEPT \n:OUTPUT ACCEPT \nCOMMIT\n";
    private Lab lab;
    private TestShell sh;

    @BeforeAll
    void up() {
        lab = TestLabs.newLab("nsxt-" + UUID.randomUUID().toString().substring(0, 6));
        try {
            lab.up(2, true);
            sh = WithoutNft.shell(lab, 2);
            for (String node : List.of("node1", "node2"))
                assertTrue(sh.node(node).run("iptables", "-V").stdout().contains("(nf_tables)"), node);
            ok("overlay create 10.0.0.0/24");
            ok("container run web1 --on node1");
            ok("container run web2 --on node2");
            ok("lb add-vip 10.0.0.100:80 --backend 10.0.0.129:80 --on node1");
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
        LiveTrace.toolsRead = (node, tools) -> tools;
        Thread.interrupted();
    }

    @Test
    void healthyVipPathTracedByIptables() throws Exception {
        TraceReport t = trace(sh, "trace web1 10.0.0.100:80");
        assertEquals("ALLOWED", t.verdict(), t.text());
        assertEquals("live", t.trace().mode(), t.text());
        assertTrue(t.hops().stream().noneMatch(Hop::dropped), t.text());
        assertEquals("conntrack: DNAT to 10.0.0.129:80", hop(t, "node1", "NAT").live(), t.text());
        // The FILTER phase's rule (lb's accept of DNATed traffic), named by node1's TRACE events.
        assertEquals("iptables TRACE: ip filter NETSHELL-FORWARD rule -A NETSHELL-FORWARD -p tcp -m comment --comment"
                + " \"netshell:10.0.0.100:80/tcp\" -m conntrack --ctstate DNAT --ctorigdst 10.0.0.100"
                + " --ctorigdstport 80 -j ACCEPT (verdict accept)", hop(t, "node1", "FILTER").live(), t.text());
        // The TRACE rules inside VXLAN (u32) saw the probe leave node1 for node2's VTEP and come in there.
        assertTrue(hop(t, "node1", "VXLAN-ENCAP").live().matches("iptables TRACE: udp 192\\.168\\.56\\.10:\\d+ →"
                + " 192\\.168\\.56\\.11:4789 leaves by eth1"), t.text());
        assertTrue(hop(t, "node2", "VXLAN-DECAP").live().endsWith("came in by eth1"), t.text());
        assertTrue(hop(t, "web2 on node2", "DELIVER").live().startsWith("the sender was answered"), t.text());
        assertTrue(t.notes().contains("node1: no nft: iptables TRACE rules in raw, read with xtables-monitor --trace"),
                t.text());
        assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
    }

    @Test
    void dropInForwardOnTheReceiverNamedFromTrace() throws Exception {
        inside("node2", "iptables", "-I", FORWARD_DROP);
        try {
            TraceReport t = trace(sh, "trace web1 web2:80");
            TraceAsserts.droppedAt(t, "node2", "FILTER", "filter FORWARD rule 1: -A FORWARD -d 10.0.0.129/32 -p tcp -m"
                    + " tcp --dport 80 -j DROP", "(iptables TRACE: verdict drop)");
            TraceAsserts.liveAt(t, "node2", "FILTER");
            assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());
        } finally {
            inside("node2", "iptables", "-D", FORWARD_DROP);
        }
    }

    @Test
    void nothingIsLeftAfterATraceAFailingNodeOrCtrlC() throws Exception {
        Map<String, String> before = state();
        trace(sh, "trace web1 10.0.0.100:80");
        trace(sh, "trace node1 web2:81 --proto udp");
        trace(sh, "trace web1 web2");
        assertEquals(before, state(), "after three traces");

        TraceAsserts.node2FailsMidWay(() -> trace(sh, "trace web1 web2:80"));
        assertEquals(before, state(), "after a node failed mid-way");

        TraceAsserts.ctrlCWhileWaiting(() -> trace(sh, "trace web1 web2:80"));
        assertEquals(before, state(), "after Ctrl-C");
    }

    /**
     * node2 as an iptables-legacy node: a network namespace, so no TRACE line reaches the kernel log; the drop is
     * placed by the simulation, from the legacy ruleset, and the trace says in one line why no rule was traced there.
     * Then node2 taken for a machine of its own, as over SSH to a real one: its TRACE read from the kernel log.
     */
    @Test
    void aLegacyNamespaceNodeSaysWhyNoRuleIsTracedAndGoesOn() throws Exception {
        String iptables = new LocalNode("local").run("sh", "-c", "command -v iptables").stdout().strip();
        List<String> drop = new ArrayList<>(List.of("ip", "netns", "exec", namespace("node2"), "iptables-legacy",
                "-I"));
        drop.addAll(FORWARD_DROP);
        SshdMounts.restart(lab, 2, Map.of("/bin/false", "/usr/sbin/nft", "/usr/sbin/xtables-legacy-multi",
                iptables));
        try (TestShell legacy = WithoutNft.sshShell(lab)) {
            assertTrue(legacy.node("node2").run("iptables", "-V").stdout().contains("(legacy)"));
            run(drop);
            TraceReport t = trace(legacy, "trace web1 web2:80");
            TraceAsserts.droppedAt(t, "node2", "FILTER", "filter FORWARD rule 1: -A FORWARD -d 10.0.0.129/32 -p tcp"
                    + " -m tcp --dport 80 -j DROP", "live: ", "node2 counted it: filter FORWARD rule 1 (");
            assertTrue(t.notes().contains("node2: iptables-legacy: the kernel logs TRACE only from the initial"
                    + " network namespace (net.netfilter.nf_log_all_netns, a host-wide setting netshell leaves"
                    + " alone), and this node is another one: no rule is traced here; its counters, conntrack and"
                    + " capture still are"), t.text());
            assertTrue(t.notes().stream().noneMatch(n -> n.contains("disagree")), t.text());

            Map<String, String> before = state();
            TraceReport logged = tracedFromTheKernelLog(legacy);
            TraceAsserts.droppedAt(logged, "node2", "FILTER", "filter FORWARD rule 1: -A FORWARD -d 10.0.0.129/32"
                    + " -p tcp -m tcp --dport 80 -j DROP", "(iptables TRACE: verdict drop)");
            TraceAsserts.liveAt(logged, "node2", "FILTER");
            assertTrue(logged.notes().contains("node2: iptables-legacy: iptables TRACE rules in raw, read from the"
                    + " kernel log (dmesg)"), logged.text());
            assertEquals(before, state(), "after a trace read from the kernel log");
        } finally {
            drop.set(5, "-D");
            run(drop);
            SshdMounts.restart(lab, 2, WithoutNft.NO_NFT);
        }
    }

    /**
     * A trace with node2 taken for the initial namespace of its machine. The kernel logs a namespace's TRACE only with
     * net.netfilter.nf_log_all_netns=1, a host-wide setting: set for this one trace and given its old value back in
     * finally (other namespaces' LOG and TRACE rules log meanwhile too).
     */
    private TraceReport tracedFromTheKernelLog(TestShell shell) throws Exception {
        Path allNetns = Path.of("/proc/sys/net/netfilter/nf_log_all_netns");
        String old = Files.readString(allNetns).strip();
        LiveTrace.toolsRead = (node, tools) -> node.equals("node2")
                ? new TraceTools(tools.nft(), tools.iptables(),
                        tools.xtablesMonitor(), tools.stdbuf(), tools.dmesg(), tools.dmesgFollowNew(),
                        tools.ipv4Logger(), tools.ipv6Logger(), true, tools.rawTable())
                : tools;
        try {
            Files.writeString(allNetns, "1");
            return trace(shell, "trace web1 web2:80");
        } finally {
            Files.writeString(allNetns, old);
            LiveTrace.toolsRead = (node, tools) -> tools;
        }
    }

    /**
     * Per namespace of the lab and of its containers: the iptables rules of both back ends (iptables-nft and
     * iptables-legacy) and the processes, sshd's own left out (its sessions come and go with netshell's channels).
     */
    private Map<String, String> state() {
        Map<String, String> out = new TreeMap<>();
        List<String> namespaces = NamespaceState.namespaces(ns -> ns.startsWith(lab.name() + "-")
                || ns.startsWith("netshell-"));
        assertTrue(namespaces.size() >= 4, "the lab's nodes and containers: " + namespaces);
        for (String ns : namespaces) {
            for (String save : List.of("iptables-nft-save", "iptables-legacy-save")) {
                String rules = NamespaceState.iptables(ns, save);
                // A legacy table, once made in a namespace, stays as long as it (no command removes it): the raw
                // table the TRACE rules were in is left, empty.
                if (save.contains("legacy")) rules = rules.replace(EMPTY_RAW, "");
                out.put(ns + " " + save, rules);
            }
            out.put(ns + " processes", NamespaceState.processes(ns, args -> !args.startsWith("sshd")));
        }
        return out;
    }

    private String namespace(String node) {
        return lab.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().hostNamespace()
                .orElseThrow();
    }

    private static String run(List<String> argv) {
        ExecResult r = new LocalNode("local").run(argv, null);
        return r.stdout();
    }

    private static TraceReport trace(TestShell shell, String line) throws Exception {
        return (TraceReport) shell.invoke(line);
    }

    private static Hop hop(TraceReport t, String at, String phase) {
        return t.hops().stream().filter(h -> h.direction().equals("request") && h.at().equals(at)
                && h.phase().equals(phase)).findFirst().orElseThrow(() -> new AssertionError(at + " " + phase + " in "
                        + t.text()));
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }

    /** A command in the node's own namespace, not over SSH: the fault is made by hand beside netshell. */
    private void inside(String node, String tool, String op, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(tool, op));
        argv.addAll(args);
        Node n = lab.nodes().stream().filter(x -> x.name().equals(node)).findFirst().orElseThrow();
        ExecResult r = n.run(argv);
        assertEquals(0, r.exit(), argv + ": " + r.stderr());
    }
}
