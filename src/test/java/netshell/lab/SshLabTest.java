package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.node.ExecResult;
import netshell.node.Fleet;
import netshell.node.FleetResult;
import netshell.node.Inventory;
import netshell.node.LineStream;
import netshell.node.LocalNode;
import netshell.node.Node;
import netshell.node.NodeException;
import netshell.node.NodeSpec;
import netshell.node.Outcome;
import netshell.node.ShellQuoteTest;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestTimeouts;

/** Real OpenSSH sshd in eight lab namespaces, reached with JSch through the lab's ProxyCommand. */
@NeedsRoot("ip netns, sshd")
class SshLabTest {
    static final LocalNode HOST = new LocalNode("local");
    static Lab lab;
    static Inventory inventory;
    static Fleet fleet;
    static String user;

    @BeforeAll
    static void up() {
        lab = TestLabs.newLab(TestLabs.uniqueName());
        lab.up(8, true);
        inventory = Inventory.load(lab.sshConfig());
        fleet = Fleet.of(inventory, SshNode.Options.defaults());
    }

    @AfterAll
    static void down() {
        if (fleet != null) fleet.close();
        if (user != null) {
            HOST.run("rm", "-f", "/etc/sudoers.d/" + user);
            HOST.run("userdel", user);
        }
        if (lab != null) lab.down();
    }

    static SshNode node(int i) { return (SshNode) fleet.nodes().get(i - 1); }

    static NodeSpec spec(int i) { return inventory.nodes().get(i - 1); }

    @Test
    void inventoryDescribesTheLab() {
        NodeSpec s = spec(1);
        assertEquals("192.168.56.10", s.host());
        assertEquals("root", s.user());
        assertEquals("eth1", s.underlay());
        assertTrue(s.proxyCommand().contains(lab.name() + "-node1"));
        assertTrue(lab.status().stream().allMatch(Lab.NodeStatus::sshdRunning));
    }

    @Test
    void runsWithLiteralWordsAndStdin() {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\n"));
        argv.addAll(ShellQuoteTest.NASTY);
        ExecResult r = node(1).run(argv, null);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(String.join("\n", ShellQuoteTest.NASTY) + "\n", r.stdout());
        assertEquals("fed\n", node(1).run(List.of("cat"), "fed\n").stdout());
        assertEquals("eth1", node(1).underlay());
        ExecResult failing = node(1).run("sh", "-c", "echo oops >&2; exit 4");
        assertEquals(4, failing.exit());
        assertEquals("oops\n", failing.stderr());
    }

    @Test
    void fanOutGivesEachNodeItsOwnResult() {
        FleetResult<String> result = fleet.each(fleet.select("all"),
                n -> n.run("ip", "-4", "-o", "addr", "show", "dev", "eth1").orThrow().stdout());
        assertTrue(result.allOk(), result.failedNodes().toString());
        for (int i = 1; i <= 8; i++) {
            Outcome<String> o = result.outcomes().get(i - 1);
            assertEquals("node" + i, o.node());
            assertTrue(o.value().contains(Lab.address(i) + "/24"), o.value());
        }
    }

    @Test
    void sixtyFourConcurrentCommandsNeitherDeadlockNorLeak() throws Exception {
        List<Node> targets = new ArrayList<>();
        for (int round = 0; round < 8; round++) targets.addAll(fleet.nodes());
        List<Thread> threads = new ArrayList<>();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        for (int k = 0; k < targets.size(); k++) {
            Node n = targets.get(k);
            String word = "w" + k;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    String out = n
                            .run(List.of("sh", "-c", "sleep 0.1; cat; echo \"$1\"", "sh", word), "in" + word + "\n")
                            .stdout();
                    if (!out.equals("in" + word + "\n" + word + "\n")) errors.add(n.name() + ": " + out);
                } catch (Exception e) {
                    errors.add(n.name() + ": " + e);
                }
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) t.join(TestTimeouts.scaledMillis(30_000));
        assertTrue(errors.isEmpty(), errors.toString());
        for (Node n : fleet.nodes()) {
            SshNode s = (SshNode) n;
            assertEquals(0, s.openChannels(), n.name() + " channels");
            assertTrue(s.logins() <= 2, n.name() + " logins " + s.logins());
        }
    }

    @Test
    void streamCancelLeavesNoRemoteProcess() throws Exception {
        SshNode n = node(2);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LineStream stream = n.stream(List.of("sh", "-c", "echo started; sleep 4721 & sleep 4722; wait"), lines::add);
        Eventually.until(Duration.ofSeconds(4), () -> !lines.isEmpty(), "the first line");
        assertEquals(List.of("started"), lines);
        String ns = lab.name() + "-node2";
        Eventually.until(Duration.ofSeconds(4), () -> TestLabs.commandsIn(ns),
                c -> c.stream().anyMatch(l -> l.contains("sleep 4721")), "sleep 4721 running in " + ns);
        stream.cancel();
        assertEquals(-1, stream.waitFor());
        Eventually.until(Duration.ofSeconds(3), () -> TestLabs.commandsIn(ns),
                c -> c.stream().noneMatch(l -> l.contains("sleep 472")), "no sleep 472x left in " + ns);
        assertEquals(0, n.openChannels());
    }

    /**
     * Ctrl-C lands at any moment of a command: its channel may be closed by then, and a TERM signal asked for on a
     * channel sshd has freed makes sshd end the whole session, and with it every stream on it (whose remote process
     * stays). Interrupted at many moments, the session stays (no new login) and a stream on it lives on.
     */
    @Test
    void interruptingCommandsAtAnyMomentKeepsTheSessionAndItsStreams() throws Exception {
        SshNode n = node(5);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LineStream stream = n.stream(List.of("sh", "-c", "echo up; exec sleep 4731"), lines::add);
        try {
            Eventually.until(Duration.ofSeconds(4), () -> !lines.isEmpty(), "the stream's first line");
            int logins = n.logins();
            Random moments = new Random(4731);
            for (int i = 0; i < 300; i++) {
                Thread command = new Thread(() -> {
                    try {
                        n.run(List.of("true"));
                    } catch (NodeException expected) {
                        // interrupted: what Ctrl-C does
                    }
                });
                command.start();
                LockSupport.parkNanos(moments.nextInt(4_000_000));
                command.interrupt();
                command.join();
            }
            assertEquals(logins, n.logins(), "the session was ended and logged into again");
            assertEquals("ok\n", n.run(List.of("echo", "ok")).stdout());
            String ns = lab.name() + "-node5";
            assertTrue(TestLabs.commandsIn(ns).stream().anyMatch(l -> l.contains("sleep 4731")), "the stream lives");
        } finally {
            stream.cancel();
        }
        assertEquals(0, n.openChannels());
    }

    @Test
    void unknownHostKeyIsRefusedThenAcceptedWhenAllowed() throws Exception {
        Path known = lab.stateDir().resolve("empty_known_hosts");
        NodeSpec s = spec(3);
        NodeSpec fresh = new NodeSpec(s.name(), s.host(), s.port(), s.user(), s.identityFiles(), known.toString(), null,
                s.proxyCommand(), null);
        try (SshNode strict = new SshNode(fresh)) {
            NodeException e = assertThrows(NodeException.class, () -> strict.run("true"));
            assertTrue(e.getMessage().contains("not known") && e.getMessage().contains("SHA256:"), e.getMessage());
        }
        try (SshNode accepting = new SshNode(fresh, SshNode.Options.defaults().withAcceptNewHostKeys(true))) {
            assertFalse(accepting.ready(), "not logged in yet: background work must leave it alone");
            assertTrue(accepting.run("true").ok());
            assertTrue(accepting.ready(), "a live session costs no login");
        }
        assertTrue(Files.readString(known).contains("192.168.56.12 ssh-ed25519"));
    }

    @Test
    void changedHostKeyIsAlwaysRefused() throws Exception {
        Path other = lab.stateDir().resolve("other_key");
        HOST.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).orThrow();
        String[] pub = Files.readString(Path.of(other + ".pub")).split("\\s+");
        Path known = lab.stateDir().resolve("changed_known_hosts");
        Files.writeString(known, "192.168.56.13 " + pub[0] + " " + pub[1] + "\n");
        NodeSpec s = spec(4);
        NodeSpec changed = new NodeSpec(s.name(), s.host(), s.port(), s.user(), s.identityFiles(), known.toString(),
                "no", s.proxyCommand(), null);
        try (SshNode n = new SshNode(changed, SshNode.Options.defaults().withAcceptNewHostKeys(true))) {
            NodeException e = assertThrows(NodeException.class, () -> n.run("true"));
            assertTrue(e.getMessage().contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), e.getMessage());
        }
    }

    /**
     * The lab's sshd has an ed25519 key; with only an RSA key recorded for the host, JSch asks for RSA first and
     * gets ed25519: a key of another type than the recorded one, refused as changed with both fingerprints (JSch
     * alone would call it a new host, and accept-new would append it).
     */
    @Test
    void aKeyOfAnotherTypeThanTheRecordedOneIsRefusedAsChanged() throws Exception {
        Path rsa = lab.stateDir().resolve("other_rsa_key");
        HOST.run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString()).orThrow();
        String[] pub = Files.readString(Path.of(rsa + ".pub")).split("\\s+");
        String rsaPrint = HOST.run("ssh-keygen", "-l", "-f", rsa + ".pub").orThrow().stdout().split("\\s+")[1];
        String edPrint = HOST.run("ssh-keygen", "-l", "-f",
                LabSsh.nodeDir(lab.stateDir(), 5).resolve("ssh_host_ed25519_key.pub").toString()).orThrow().stdout()
                .split("\\s+")[1];
        Path known = lab.stateDir().resolve("rsa_known_hosts");
        String recorded = "192.168.56.14 " + pub[0] + " " + pub[1] + "\n";
        Files.writeString(known, recorded);
        NodeSpec s = spec(5);
        NodeSpec other = new NodeSpec(s.name(), s.host(), s.port(), s.user(), s.identityFiles(), known.toString(),
                "accept-new", s.proxyCommand(), null);
        try (SshNode n = new SshNode(other, SshNode.Options.defaults().withAcceptNewHostKeys(true))) {
            NodeException e = assertThrows(NodeException.class, () -> n.run("true"));
            assertTrue(e.getMessage().contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), e.getMessage());
            assertTrue(e.getMessage().contains("offers ssh-ed25519 key fingerprint is " + edPrint), e.getMessage());
            assertTrue(e.getMessage().contains("records ssh-rsa key " + rsaPrint), e.getMessage());
        }
        assertEquals(recorded, Files.readString(known), "nothing appended");
    }

    @Test
    void nonRootLoginUsesSudoAndExplainsAPasswordPrompt() throws Exception {
        user = "nst" + lab.name().substring(4).replace("-", "");
        HOST.run("useradd", "-M", "-d", "/", "-s", "/bin/sh", user).orThrow();
        HOST.run("usermod", "-p", "*", user).orThrow();
        Path sudoers = Path.of("/etc/sudoers.d", user);
        Files.writeString(sudoers,
                user + " ALL=(ALL) ALL\n" + user + " ALL=(root) NOPASSWD: /usr/sbin/ip, /usr/bin/id\n");
        Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
        NodeSpec s = spec(5);
        NodeSpec asUser = new NodeSpec(s.name(), s.host(), s.port(), user, s.identityFiles(), s.knownHostsFile(),
                s.strictHostKeyChecking(), s.proxyCommand(), s.underlay());
        try (SshNode n = new SshNode(asUser)) {
            assertEquals("0", n.run("id", "-u").orThrow().stdout().strip());
            ExecResult added = n.run("ip", "link", "add", "nstdummy0", "type", "veth", "peer", "name", "nstdummy1");
            assertEquals(0, added.exit(), added.stderr());
            assertTrue(lab.nodes().get(4).run("ip", "link", "show", "nstdummy0").ok(), "privileged change happened");
            n.run("ip", "link", "del", "nstdummy0").orThrow();
            NodeException e = assertThrows(NodeException.class, () -> n.run("iptables", "-S"));
            assertTrue(e.getMessage().contains("wants a password"), e.getMessage());
        }
    }

    @Test
    void aNodeCommandDoesNotRunTheLoginsBashrc() throws Exception {
        String login = "nsb" + lab.name().substring(4).replace("-", "");
        Path home = Files.createTempDirectory("nsb-home");
        Path sourced = home.resolve("sourced");
        try {
            HOST.run("useradd", "-M", "-d", home.toString(), "-s", "/bin/bash", login).orThrow();
            HOST.run("usermod", "-p", "*", login).orThrow();
            Files.writeString(home.resolve(".bashrc"), "touch " + sourced + "\n");
            HOST.run("chown", "-R", login, home.toString()).orThrow();
            Path sudoers = Path.of("/etc/sudoers.d", login);
            Files.writeString(sudoers, login + " ALL=(root) NOPASSWD: /usr/bin/id\n");
            Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
            NodeSpec s = spec(7);
            NodeSpec asLogin = new NodeSpec(s.name(), s.host(), s.port(), login, s.identityFiles(),
                    s.knownHostsFile(), s.strictHostKeyChecking(), s.proxyCommand(), s.underlay());
            try (SshNode n = new SshNode(asLogin)) {
                ExecResult r = n.run(List.of("id", "-un"), null); // the login's own shell, then sudo
                assertEquals("root", r.stdout().strip(), r.stderr());
            }
            assertFalse(Files.exists(sourced), "bash ran ~/.bashrc for a node command");
        } finally {
            HOST.run("rm", "-f", "/etc/sudoers.d/" + login);
            HOST.run("userdel", login);
            HOST.run("rm", "-rf", home.toString());
        }
    }

    @Test
    void killedAndRestartedSshdIsReconnectedOnTheNextCommand() {
        SshNode n = node(6);
        assertTrue(n.run("true").ok());
        int logins = n.logins();
        String ns = lab.name() + "-node6";
        // Kill everything in the namespace: listener, session processes and the proxy's nc.
        HOST.run("ip", "netns", "pids", ns).stdout().lines()
                .forEach(
                        pid -> ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly));
        Eventually.until(Duration.ofSeconds(5), () -> TestLabs.commandsIn(ns), List::isEmpty, "nothing left in " + ns);
        lab.up(8, true);
        assertEquals("back\n", n.run("echo", "back").orThrow().stdout());
        assertEquals(logins + 1, n.logins());
    }
}
