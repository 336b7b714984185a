package netshell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import netshell.lab.Lab;
import netshell.node.Node;
import netshell.testing.NeedsRoot;
import netshell.testing.ShellProcess;
import netshell.testing.ShellProcess.Run;

/**
 * Walkthroughs 2 and 4 on real Docker: a lab whose nodes run their own engines (the scripts' --docker brings it
 * up), each script twice, then --cleanup leaves every node's networks, containers, links and rules as before.
 */
@NeedsRoot("ip netns, Docker")
class DockerWalkthroughScriptsTest {
    static final String LAB = "ns11w-" + UUID.randomUUID().toString().substring(0, 6);
    static final Map<String, String> ENV = Map.of("NETSHELL_LAB", LAB);

    @AfterAll
    static void down() { new Lab(LAB).down(); }

    /** What --cleanup must give back: Docker's networks and containers, links and iptables rules of each node. */
    static String snapshot() {
        StringBuilder out = new StringBuilder();
        for (Node n : new Lab(LAB).nodes()) {
            out.append("== ").append(n.name()).append('\n');
            out.append(n.run("docker", "network", "ls", "--format", "{{.Name}} {{.Driver}}").orThrow().stdout());
            out.append(n.run("docker", "ps", "-a", "--format", "{{.Names}}").orThrow().stdout());
            out.append(n.run("ip", "-o", "link").orThrow().stdout().replaceAll("link/ether \\S+", ""));
            out.append(n.run("iptables-save").orThrow().stdout().replaceAll("(?m)^#.*\n", "")
                    .replaceAll("\\[\\d+:\\d+\\]", ""));
        }
        return out.toString();
    }

    static void greenTwice(String script, String mustSay) throws Exception {
        for (int i = 1; i <= 2; i++) {
            Run r = ShellProcess.shell(ENV, "scripts/" + script, "--docker");
            assertEquals(0, r.status(), script + " run " + i + ":\n" + r.out() + r.err());
            assertFalse(r.out().contains("✗"), r.out());
            assertTrue(r.out().contains(mustSay), script + " run " + i + ":\n" + r.out());
            // Real Docker containers, with the plan's addresses.
            assertTrue(r.out().contains("web1  docker     10.0.0.65"), r.out());
            assertTrue(r.out().contains("web2  docker     10.0.0.129"), r.out());
        }
    }

    @Test
    void walkthroughsTwoAndFourOnDocker() throws Exception {
        Run up = ShellProcess.shell(ENV, "-c", "lab up --nodes 2 --docker");
        assertEquals(0, up.status(), up.out() + up.err());
        assertTrue(new Lab(LAB).hasDocker());
        String before = snapshot();

        greenTwice("two-node-vxlan-lb.groovy", "are answered by both web1 and web2");
        Run cleanup = ShellProcess.shell(ENV, "scripts/two-node-vxlan-lb.groovy", "--cleanup");
        assertEquals(0, cleanup.status(), cleanup.out() + cleanup.err());
        assertEquals(before, snapshot());

        // Walkthrough 4 on its own keeps the seed's names: device vxlan-demo, Docker network vxlan-net.
        greenTwice("docker-vxlan-demo.groovy", "web1 fetches web2's page and web2 fetches web1's");
        for (Node n : new Lab(LAB).nodes()) {
            assertTrue(n.run("ip", "-d", "link", "show", "vxlan-demo").orThrow().stdout()
                    .contains("master vxlan-net"), n.name());
            assertTrue(n.run("docker", "network", "inspect", "--format", "{{.Name}} {{.Options}}", "vxlan-net")
                    .orThrow().stdout().contains("com.docker.network.bridge.name:vxlan-net"), n.name());
        }
        Run demoCleanup = ShellProcess.shell(ENV, "scripts/docker-vxlan-demo.groovy", "--cleanup");
        assertEquals(0, demoCleanup.status(), demoCleanup.out() + demoCleanup.err());
        assertEquals(before, snapshot());

        // Over real SSH, as on the Vagrant VMs: the lab's sshd gives each login its node's engine.
        Lab lab = new Lab(LAB);
        lab.up(2, true);
        Run ssh = ShellProcess.shell(ENV, "-i", lab.sshConfig().toString(), "scripts/two-node-vxlan-lb.groovy");
        assertEquals(0, ssh.status(), ssh.out() + ssh.err());
        assertTrue(ssh.out().contains("web2  docker     10.0.0.129"), ssh.out());
        assertTrue(ssh.out().contains("are answered by both web1 and web2"), ssh.out());
        Run sshCleanup = ShellProcess.shell(ENV, "-i", lab.sshConfig().toString(), "scripts/two-node-vxlan-lb.groovy",
                "--cleanup");
        assertEquals(0, sshCleanup.status(), sshCleanup.out() + sshCleanup.err());
        assertEquals(before, snapshot());
    }
}
