package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.node.Fleet;
import netshell.node.FleetResult;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.Node;
import netshell.node.NodeSpec;
import netshell.node.Outcome;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.testing.NeedsRoot;
import netshell.testing.TestTimeouts;

/**
 * A real estate in namespaces: 60 OpenSSH sshd nodes (bench/fanout.sh runs 200 on this 2-core machine), bastions
 * reached by ProxyJump with direct access blocked, first contact with many unknown host keys, a hung node.
 * Commands log in as a second uid-0 account whose shell is /bin/sh, so that root's shell start-up files on
 * the test machine (pyenv and the like) are not run once per node.
 */
@NeedsRoot("ip netns, sshd")
class SshEstateLabTest {
    static final int NODES = 60;
    static final LocalNode HOST = new LocalNode("local");
    static Lab lab;
    static String user;
    static Path dir;

    @BeforeAll
    static void up() throws IOException {
        lab = TestLabs.newLab("ns12-" + UUID.randomUUID().toString().substring(0, 5));
        lab.up(NODES, true);
        user = "ns12" + lab.name().substring(5);
        HOST.run("useradd", "-o", "-u", "0", "-g", "0", "-M", "-d", "/", "-s", "/bin/sh", user).orThrow();
        HOST.run("usermod", "-p", "*", user).orThrow();
        dir = Files.createTempDirectory("ns12-estate");
    }

    @AfterAll
    static void down() {
        if (lab == null) return;
        for (int i = 1; i <= NODES; i++)
            LabSsh.pid(lab.stateDir(), i).ifPresent(p -> HOST.run("kill", "-CONT", "" + p));
        if (user != null) HOST.run("userdel", "-f", user);
        lab.down();
        if (dir != null) HOST.run("rm", "-rf", dir.toString());
    }

    /** The lab's ssh_config with our user, and `extra` lines added to the named Host blocks. */
    static Path config(String file, String global, Map<String, String> extra) throws IOException {
        StringBuilder out = new StringBuilder(global);
        for (String line : Files.readAllLines(lab.sshConfig())) {
            out.append(line.equals("  User root") ? "  User " + user : line).append('\n');
            if (line.startsWith("Host ") && extra.containsKey(line.substring(5)))
                out.append(extra.get(line.substring(5))).append('\n');
        }
        Path p = dir.resolve(file);
        Files.writeString(p, out);
        return p;
    }

    static String ns(int i) { return lab.name() + "-node" + i; }

    static String eth1(Node n) { return n.run("ip", "-4", "-o", "addr", "show", "dev", "eth1").orThrow().stdout(); }

    @Test
    void bastionsCarryNodesThatCannotBeReachedDirectly() throws Exception {
        // node2 and node3 refuse the lab's direct path (socat inside their own namespace, over lo);
        // node3 also refuses node1, so only the second hop (node2) reaches it.
        for (int i : new int[]{2, 3})
            HOST.run("ip", "netns", "exec", ns(i), "iptables", "-I", "INPUT", "-i", "lo", "-p", "tcp", "--dport",
                    "22", "-j", "DROP").orThrow();
        HOST.run("ip", "netns", "exec", ns(3), "iptables", "-I", "INPUT", "-s", Lab.address(1), "-p", "tcp",
                "--dport", "22", "-j", "DROP").orThrow();
        try {
            Path direct = config("direct.ssh", "Host *\n  ConnectTimeout 2\n", Map.of());
            try (Fleet f = Fleet.of(Inventory.load(direct), SshNode.Options.defaults())) {
                FleetResult<String> r = f.each(f.select("node2"), SshEstateLabTest::eth1);
                assertTrue(r.outcomes().get(0).error().contains("timed out"), r.outcomes().toString());
            }
            Path jumps = config("jumps.ssh", "", Map.of("node2", "  ProxyJump node1", "node3",
                    "  ProxyJump node1," + user + "@node2:22"));
            Inventory inv = Inventory.load(jumps);
            assertEquals(List.of("node1", "node2"), inv.node("node3").orElseThrow().jumps().stream()
                    .map(NodeSpec::name).toList());
            SshNode.Options options = SshNode.Options.defaults();
            try (Fleet f = Fleet.of(inv, options)) {
                FleetResult<String> r = f.each(f.select("node[2-3]"), SshEstateLabTest::eth1);
                assertTrue(r.allOk(), r.outcomes().toString());
                assertTrue(r.outcomes().get(0).value().contains(Lab.address(2) + "/24"), r.outcomes().toString());
                assertTrue(r.outcomes().get(1).value().contains(Lab.address(3) + "/24"), r.outcomes().toString());
                // One login on the bastion carries both nodes: a single TCP connection to node1's sshd.
                assertEquals(1, established(1), "connections to the bastion");
                assertEquals(2, options.shared().jumpSessions(), "node1, and node2 as the second hop");
            }
        } finally {
            for (int i : new int[]{2, 3}) HOST.run("ip", "netns", "exec", ns(i), "iptables", "-F", "INPUT");
        }
    }

    static int established(int i) {
        return (int) HOST.run("ip", "netns", "exec", ns(i), "ss", "-Htn", "state", "established", "( sport = :22 )")
                .orThrow().stdout().lines().filter(l -> !l.isBlank()).count();
    }

    @Test
    void thirtyFirstContactsInParallelSaveThirtyEntriesOnce() throws Exception {
        Path known = dir.resolve("known_hosts_50");
        // A hashed line (from ssh-keygen -H), a comment and a plain line without a newline at the end.
        Path other = dir.resolve("other_key");
        HOST.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).orThrow();
        String key = Files.readString(Path.of(other + ".pub")).split("\\s+")[1];
        Path hashed = dir.resolve("hashed_other");
        Files.writeString(hashed, "hashed.example ssh-ed25519 " + key + "\n");
        HOST.run("ssh-keygen", "-q", "-H", "-f", hashed.toString()).orThrow();
        String before = Files.readString(hashed) + "# kept as it is\nother.example ssh-ed25519 " + key;
        Files.writeString(known, before);
        Path cfg = config("first.ssh", "", Map.of());
        String text = Files.readString(cfg).replace("StrictHostKeyChecking yes", "StrictHostKeyChecking ask")
                .replaceAll("UserKnownHostsFile .*", "UserKnownHostsFile " + known);
        Files.writeString(cfg, text);
        try (Fleet f = Fleet.of(Inventory.load(cfg), SshNode.Options.defaults().withAcceptNewHostKeys(true))) {
            FleetResult<String> r = f.each(f.select("node[11-40]"), n -> n.run("true").orThrow().stdout(), 50);
            assertTrue(r.allOk(), r.outcomes().get(0).error());
        }
        String after = Files.readString(known);
        assertTrue(after.startsWith(before + "\n"), "pre-existing lines unchanged");
        List<String> added = after.substring(before.length() + 1).lines().toList();
        assertEquals(30, added.size(), after);
        for (int i = 11; i <= 40; i++) {
            String host = Lab.address(i);
            assertEquals(1, added.stream().filter(l -> l.startsWith(host + " ssh-ed25519 ")).count(), host);
        }
        // A second run finds every key and changes nothing.
        try (Fleet f = Fleet.of(Inventory.load(cfg), SshNode.Options.defaults())) {
            assertTrue(f.each(f.select("node[11-40]"), n -> n.run("true").exit(), 50).allOk());
        }
        assertEquals(after, Files.readString(known));
    }

    @Test
    void hashedEntriesWithPortsAreWrittenAsOpenSshReadsThem() throws Exception {
        Path known = dir.resolve("known_hosts_hashed");
        // sshd answers on 2222 too (the lab's path is local to each namespace: nat OUTPUT).
        for (int i = 41; i <= 44; i++)
            HOST.run("ip", "netns", "exec", ns(i), "iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "--dport",
                    "2222", "-j", "DNAT", "--to-destination", Lab.address(i) + ":22").orThrow();
        Path cfg = config("hashed.ssh", "Host *\n  HashKnownHosts yes\n", Map.of());
        Files.writeString(cfg, Files.readString(cfg).replace("Port 22", "Port 2222")
                .replace("StrictHostKeyChecking yes", "StrictHostKeyChecking accept-new")
                .replaceAll("UserKnownHostsFile .*", "UserKnownHostsFile " + known));
        try (Fleet f = Fleet.of(Inventory.load(cfg), SshNode.Options.defaults())) {
            FleetResult<Integer> r = f.each(f.select("node[41-44]"), n -> n.run("true").exit());
            assertTrue(r.allOk(), r.outcomes().get(0).error());
        }
        List<String> lines = Files.readAllLines(known);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("|1|")), lines.toString());
        for (int i = 41; i <= 44; i++) {
            // OpenSSH itself finds each one under [address]:2222.
            String found = HOST.run("ssh-keygen", "-F", "[" + Lab.address(i) + "]:2222", "-f", known.toString())
                    .stdout();
            assertTrue(found.contains("ssh-ed25519"), "node" + i + ": " + found);
        }
        try (Fleet f = Fleet.of(Inventory.load(cfg), SshNode.Options.defaults())) {
            Files.writeString(cfg, Files.readString(cfg).replace("accept-new", "yes"));
            assertTrue(f.each(f.select("node[41-44]"), n -> n.run("true").exit()).allOk(), "read back");
        }
        assertEquals(lines, Files.readAllLines(known));
    }

    @Test
    void anUnknownHostIsRefusedWithTheExactFix() throws Exception {
        Path cfg = config("refuse.ssh", "", Map.of());
        Files.writeString(cfg, Files.readString(cfg).replace("StrictHostKeyChecking yes", "StrictHostKeyChecking ask")
                .replaceAll("UserKnownHostsFile .*", "UserKnownHostsFile " + dir.resolve("none")));
        try (Fleet f = Fleet.of(Inventory.load(cfg), SshNode.Options.defaults())) {
            String error = f.each(f.select("node45"), n -> n.run("true")).outcomes().get(0).error();
            assertTrue(error.contains("ssh-keyscan -H " + Lab.address(45) + " >> " + dir.resolve("none")), error);
            assertTrue(error.contains("--accept-new-host-keys") && error.contains("StrictHostKeyChecking accept-new"),
                    error);
        }
        assertFalse(Files.exists(dir.resolve("none")));
    }

    @Test
    void theReplAsksOnceForABatchOfNewHosts() throws Exception {
        Path known = dir.resolve("known_hosts_repl");
        Path cfg = config("repl.ssh", "", Map.of());
        Files.writeString(cfg, Files.readString(cfg).replace("StrictHostKeyChecking yes", "StrictHostKeyChecking ask")
                .replaceAll("UserKnownHostsFile .*", "UserKnownHostsFile " + known));
        Process p = new ProcessBuilder("./shell", "-i", cfg.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write("on node[46-48] true\nall\nexit\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(TestTimeouts.scaledMillis(60_000), TimeUnit.MILLISECONDS));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("(yes / no / all 3)"), text);
        assertTrue(text.contains("SHA256:"), text);
        assertEquals(3, Files.readAllLines(known).size(), text);
    }

    @Test
    void sixtyNodesAnswerAndAHungOneTimesOutAlone() throws Exception {
        Path cfg = config("all.ssh", "Host *\n  ConnectTimeout 5\n", Map.of());
        try (Fleet f = Fleet.of(Inventory.load(cfg), SshNode.Options.defaults())) {
            FleetResult<String> r = f.each(f.nodes(), SshEstateLabTest::eth1);
            assertTrue(r.allOk(), r.failedNodes().toString());
            for (int i = 1; i <= NODES; i++)
                assertTrue(r.outcomes().get(i - 1).value().contains(Lab.address(i) + "/24"), "node" + i);
        }
        long sshd = LabSsh.pid(lab.stateDir(), NODES).orElseThrow();
        HOST.run("kill", "-STOP", "" + sshd).orThrow();
        try (Fleet f = Fleet.of(Inventory.load(cfg), SshNode.Options.defaults())) {
            List<Node> targets = new ArrayList<>(f.nodes());
            FleetResult<String> r = f.each(targets, SshEstateLabTest::eth1);
            Outcome<String> hung = r.outcomes().get(NODES - 1);
            assertTrue(hung.error() != null && hung.error().contains("timed out"), String.valueOf(hung.error()));
            assertTrue(hung.duration().compareTo(Duration.ofSeconds(5)) >= 0, hung.duration().toString());
            assertEquals(List.of("node" + NODES), r.failedNodes());
        } finally {
            HOST.run("kill", "-CONT", "" + sshd);
        }
    }
}
