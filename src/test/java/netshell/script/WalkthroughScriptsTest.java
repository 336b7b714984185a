package netshell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import netshell.lab.Lab;
import netshell.testing.NeedsRoot;
import netshell.testing.SshLabContainers;
import netshell.testing.ShellProcess;
import netshell.testing.ShellProcess.Run;

/**
 * The walkthroughs as users run them: every script in scripts/ against a lab of this test's own,
 * twice in a row (re-running is safe), then two-node-vxlan-lb over real SSH to the lab's sshd nodes.
 */
@NeedsRoot("ip netns, sshd")
@SshLabContainers
class WalkthroughScriptsTest {
    static final String LAB = "nsw-" + UUID.randomUUID().toString().substring(0, 6);
    static final Map<String, String> ENV = Map.of("NETSHELL_LAB", LAB);

    @AfterAll
    static void down() { new Lab(LAB).down(); }

    static void greenTwice(String script, String mustSay) throws Exception {
        for (int i = 1; i <= 2; i++) {
            Run r = ShellProcess.shell(ENV, "scripts/" + script);
            assertEquals(0, r.status(), script + " run " + i + ":\n" + r.out() + r.err());
            assertFalse(r.out().contains("✗"), r.out());
            assertTrue(r.out().contains(mustSay), script + " run " + i + ":\n" + r.out());
        }
    }

    @Test
    void walkthroughsRunTwiceThenOverSsh() throws Exception {
        greenTwice("cidr-explained.groovy", "✓");
        greenTwice("single-machine-lb.groovy", "✓");
        greenTwice("two-node-vxlan-lb.groovy", "are answered by both web1 and web2");
        greenTwice("docker-vxlan-demo.groovy", "✓");
        Run cleanup = ShellProcess.shell(ENV, "scripts/two-node-vxlan-lb.groovy", "--cleanup");
        assertEquals(0, cleanup.status(), cleanup.out() + cleanup.err());

        Lab lab = new Lab(LAB);
        lab.up(2, true);
        Run ssh = ShellProcess.shell(ENV, "-i", lab.sshConfig().toString(), "scripts/two-node-vxlan-lb.groovy");
        assertEquals(0, ssh.status(), ssh.out() + ssh.err());
        assertTrue(ssh.out().contains("are answered by both web1 and web2"), ssh.out());
        Run sshCleanup = ShellProcess.shell(ENV, "-i", lab.sshConfig().toString(), "scripts/two-node-vxlan-lb.groovy",
                "--cleanup");
        assertEquals(0, sshCleanup.status(), sshCleanup.out() + sshCleanup.err());
    }
}
