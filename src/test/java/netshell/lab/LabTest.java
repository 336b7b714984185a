package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.node.ExecResult;
import netshell.node.LineStream;
import netshell.node.LocalNode;
import netshell.node.NetnsNode;
import netshell.node.Node;
import netshell.node.NodeException;
import netshell.node.ShellQuoteTest;
import netshell.node.TestLabs;
import netshell.node.UnderlayLookup;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;

/** A real two/three-node lab (as root): topology via `ip -j`, idempotency, NetnsNode behaviour, down. */
@NeedsRoot
class LabTest {
    static Lab lab;
    static final LocalNode HOST = new LocalNode("local");

    @BeforeAll
    static void up() {
        lab = TestLabs.newLab(TestLabs.uniqueName());
        lab.up(2, false);
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.down();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> json(String... argv) {
        ExecResult r = HOST.run(argv).orThrow();
        return (List<Map<String, Object>>) new JsonSlurper().parseText(r.stdout());
    }

    @SuppressWarnings("unchecked")
    static String eth1Address(String ns) {
        List<Map<String, Object>> addrs = json("ip", "-j", "-n", ns, "-4", "addr", "show", "dev", "eth1");
        return (String) ((List<Map<String, Object>>) addrs.get(0).get("addr_info")).get(0).get("local");
    }

    @Test
    void topologyMatchesTheVagrantAddresses() {
        assertEquals("192.168.56.10", eth1Address(lab.name() + "-node1"));
        assertEquals("192.168.56.11", eth1Address(lab.name() + "-node2"));
        List<Map<String, Object>> ports = json("ip", "-j", "-n", lab.name() + "-lan", "link", "show", "master", "br0");
        assertEquals(2, ports.size());
        assertEquals(List.of("node1", "node2"), lab.nodes().stream().map(Node::name).toList());
        Node node1 = lab.nodes().get(0);
        assertEquals("lab", node1.transport());
        assertEquals("eth1", node1.underlay());
        assertEquals("192.168.56.10", node1.address());
        assertTrue(node1.run("ping", "-c1", "-W2", "192.168.56.11").ok(), "node1 reaches node2 over the lab LAN");
        assertEquals("1", node1.run("sysctl", "-n", "net.ipv4.ip_forward").stdout().strip());
        assertEquals("eth1", UnderlayLookup.detect(node1));
    }

    @Test
    void upIsIdempotentAndGrows() {
        Object index = json("ip", "-j", "-n", lab.name() + "-node1", "link", "show", "dev", "eth1").get(0)
                .get("ifindex");
        lab.up(3, false);
        lab.up(3, false);
        assertEquals(index,
                json("ip", "-j", "-n", lab.name() + "-node1", "link", "show", "dev", "eth1").get(0).get("ifindex"));
        assertEquals(1, json("ip", "-j", "-n", lab.name() + "-node1", "-4", "addr", "show", "dev", "eth1").size());
        assertEquals("192.168.56.12", eth1Address(lab.name() + "-node3"));
        assertEquals(3, lab.status().size());
        assertTrue(lab.status().stream().allMatch(Lab.NodeStatus::exists));
        assertFalse(lab.status().get(0).sshdRunning());
        assertTrue(
                json("ip", "-j", "link", "show").stream()
                        .noneMatch(l -> String.valueOf(l.get("ifname")).startsWith("veth")
                                && String.valueOf(l.get("master")).equals("br0")),
                "nothing of ours in the root namespace");
    }

    @Test
    void tooManyNodesIsBadInput() {
        assertThrows(BadInput.class, () -> lab.up(246, false));
    }

    @Test
    void runFeedsStdinAndKeepsWordsLiteral() {
        Node node = lab.nodes().get(0);
        assertEquals("line one\nline two\n", node.run(List.of("cat"), "line one\nline two\n").stdout());
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\n"));
        argv.addAll(ShellQuoteTest.NASTY);
        ExecResult r = node.run(argv, null);
        assertEquals(String.join("\n", ShellQuoteTest.NASTY) + "\n", r.stdout());
        ExecResult failing = node.run("sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, failing.exit());
        assertEquals("out\n", failing.stdout());
        assertEquals("err\n", failing.stderr());
        String big = "x".repeat(1 << 20);
        ExecResult both = node.run(List.of("sh", "-c", "cat; cat >&2 </dev/null; head -c 1048576 /dev/zero >&2"), big);
        assertEquals(big.length(), both.stdout().length());
        assertEquals(1 << 20, both.stderr().length());
    }

    @Test
    void streamCancelLeavesNothingInTheNamespace() throws Exception {
        NetnsNode node = (NetnsNode) lab.nodes().get(1);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LineStream stream = node.stream(List.of("sh", "-c", "echo started; sleep 4711 & sleep 4712; wait"), lines::add);
        Eventually.until(Duration.ofSeconds(2), () -> !lines.isEmpty(), "the first line");
        assertEquals(List.of("started"), lines);
        Eventually.until(Duration.ofSeconds(2), () -> TestLabs.commandsIn(node.namespace()), c -> c.stream()
                .anyMatch(l -> l.contains("sleep 4711")), "sleep 4711 running in " + node.namespace());
        stream.cancel();
        assertEquals(-1, stream.waitFor());
        assertTrue(TestLabs.commandsIn(node.namespace()).isEmpty(), TestLabs.commandsIn(node.namespace()).toString());
    }

    @Test
    void interruptKillsTheCommand() throws Exception {
        NetnsNode node = (NetnsNode) lab.nodes().get(1);
        Thread caller = Thread.currentThread();
        AtomicReference<AssertionError> notStarted = new AtomicReference<>();
        Thread interrupter = new Thread(() -> {
            try {
                Eventually.until(Duration.ofSeconds(5), () -> TestLabs.commandsIn(node.namespace()).stream()
                        .anyMatch(c -> c.contains("sleep 4713")), "sleep 4713 running in " + node.namespace());
            } catch (AssertionError e) {
                notStarted.set(e);
            } finally {
                caller.interrupt();
            }
        });
        interrupter.start();
        assertThrows(NodeException.class, () -> node.run("sleep", "4713"));
        assertTrue(Thread.interrupted(), "interrupt flag kept for the caller");
        interrupter.join();
        if (notStarted.get() != null) throw notStarted.get();
        Eventually.until(Duration.ofSeconds(2), () -> TestLabs.commandsIn(node.namespace()), List::isEmpty,
                "nothing left in " + node.namespace());
    }

    @Test
    void downRemovesEverythingEvenWithoutState() {
        Lab other = TestLabs.newLab(TestLabs.uniqueName());
        try {
            other.up(1, false);
            assertTrue(other.exists());
            HOST.run("rm", "-rf", other.stateDir().toString());
        } finally {
            other.down();
        }
        assertFalse(other.exists());
        assertFalse(Files.exists(other.stateDir()));
        assertTrue(HOST.run("ip", "netns", "list").stdout().lines().noneMatch(l -> l.startsWith(other.name() + "-")));
    }
}
