package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.NodeSpec;
import netshell.node.SshNode;
import netshell.testing.NeedsRoot;
import netshell.testing.ShellProcess;

/**
 * OpenSSH's view of an ssh_config over the lab's real sshd: a host reached only through a `Match host … exec …`
 * block logs in with that block's settings (resolved by ssh -G); `--debug` shows a failed login's SSH conversation
 * (the authentication methods tried) and no key text.
 */
@NeedsRoot("ip netns, sshd")
class SshMatchAndDebugLabTest {
    static final LocalNode HOST = new LocalNode("local");
    static SshLab ssh;
    static Lab lab;
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        ssh = SshLab.up(2);
        lab = ssh.lab();
        dir = ssh.dir();
    }

    @AfterAll
    static void down() {
        if (ssh != null) ssh.close();
    }

    /** A config where `target` has settings only from a Match block whose exec tests for a flag file. */
    static Path matchConfig() throws Exception {
        Path state = lab.stateDir();
        String config = Files.readString(lab.sshConfig()) + "\n"
                + "Match host target exec \"test -e " + dir.resolve("flag") + "\"\n"
                + "  HostName " + Lab.address(2) + "\n"
                + "  User root\n"
                + "  IdentityFile " + state.resolve("id_ed25519") + "\n"
                + "  UserKnownHostsFile " + state.resolve("known_hosts") + "\n"
                + "  StrictHostKeyChecking yes\n"
                + "  ProxyCommand ip netns exec " + lab.namespace(2) + " socat - TCP:%h:%p,nodelay\n";
        Path p = dir.resolve("match.ssh");
        Files.writeString(p, config);
        return p;
    }

    @Test
    void hostReachedOnlyThroughMatchExecLogsInWithThatBlocksSettings() throws Exception {
        Path config = matchConfig();
        NodeSpec unmatched = Inventory.load(config).node("target").orElseThrow();
        assertEquals("target", unmatched.host(), "exec fails without the flag: the block does not apply");

        Files.writeString(dir.resolve("flag"), "");
        NodeSpec target = Inventory.load(config).node("target").orElseThrow();
        assertEquals(Lab.address(2), target.host());
        try (SshNode node = new SshNode(target)) {
            String eth1 = node.run("ip", "-4", "-o", "addr", "show", "dev", "eth1").orThrow().stdout();
            assertTrue(eth1.contains(Lab.address(2) + "/24"), eth1);
        }
    }

    @Test
    void debugShowsTheAuthenticationsTriedAndNoKeyText() throws Exception {
        Path key = dir.resolve("stranger_ed25519");
        HOST.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).orThrow();
        String config = Files.readString(lab.sshConfig()).replace(lab.stateDir().resolve("id_ed25519").toString(),
                key.toString());
        Path file = dir.resolve("stranger.ssh");
        Files.writeString(file, config);

        ShellProcess.Run run = ShellProcess.shell(Map.of(), "-i", file.toString(), "--debug", "-c", "node1 true");
        assertEquals(1, run.status(), run.err());
        List<String> ssh = run.err().lines().filter(l -> l.startsWith("debug: ssh node1: ")).toList();
        assertTrue(ssh.stream().anyMatch(l -> l.contains("Authentications that can continue: publickey")), run.err());
        assertTrue(ssh.stream().anyMatch(l -> l.contains("Next authentication method: publickey")), run.err());
        assertTrue(ssh.stream().anyMatch(l -> l.contains("kex: algorithm:")), run.err());
        assertTrue((run.out() + run.err()).contains("authentication failed for root@" + Lab.address(1)),
                run.out() + run.err());

        String privateKey = Files.readString(key);
        String publicKey = Files.readString(Path.of(key + ".pub")).split("\\s+")[1];
        for (String line : privateKey.lines().filter(l -> !l.startsWith("-----")).toList())
            assertFalse((run.out() + run.err()).contains(line), "private key text in the output: " + line);
        assertFalse((run.out() + run.err()).contains(publicKey), "public key text in the output");
        // Nor the key's bytes in another encoding.
        byte[] raw = Base64.getDecoder().decode(publicKey);
        assertFalse(run.err().contains(Base64.getEncoder().encodeToString(raw).substring(20, 60)));
    }
}
