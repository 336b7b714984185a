package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.node.Transport;
import netshell.testing.NeedsRoot;
import netshell.testing.SshLabContainers;
import netshell.testing.TestShell;

/**
 * Containers made over SSH on a lab's nodes ({@code netshell-NAME}, in this machine's /run/netns beside the lab's
 * own) go with their node: lab rm-node takes the node's, lab down the rest, with their processes and run files.
 */
@NeedsRoot("ip netns, sshd")
@SshLabContainers
class SshLabTeardownTest {
    private static final LocalNode HOST = new LocalNode("local");

    @Test
    void containersMadeOverSshGoWithTheirNode() {
        Lab lab = TestLabs.newLab(TestLabs.uniqueName());
        try {
            lab.up(2, true);
            try (TestShell sh = TestShell.on(new Target(Transport.SSH.label(), Fleet.of(Inventory.load(lab
                    .sshConfig()), SshNode.Options.defaults()), null, null))) {
                for (String line : List.of("overlay create 10.0.0.0/24", "container run web1 --on node1",
                        "container run web2 --on node2")) {
                    TestShell.Run r = sh.run(line);
                    assertEquals(0, r.status(), line + " → " + r.out() + r.err());
                }
            }
            assertTrue(exists("netshell-web1") && exists("netshell-web2"), namespaces());
            assertFalse(HOST.run("ip", "netns", "pids", "netshell-web1").stdout().isBlank(), "web1's server");

            lab.removeNode("node2");
            assertFalse(exists("netshell-web2"), "node2's container went with it: " + namespaces());
            assertTrue(exists("netshell-web1"), "node1's stays: " + namespaces());
        } finally {
            lab.down();
        }
        assertFalse(exists("netshell-web1"), "lab down took node1's container: " + namespaces());
        assertFalse(Files.exists(Path.of("/run/netshell/netshell-web1.log")), "its server's log");
        assertFalse(Files.exists(Path.of("/run/netshell/www-netshell-web1")), "its web root");
    }

    @Test
    void onlyNamespacesPeeredIntoTheNodesCount() {
        String lines = """
                netshell-web1 lab1-node1
                netshell-web2 lab1-node2
                netshell-other otherlab-node1
                netshell-node1 netshell-lan
                """;
        assertEquals(List.of("netshell-web1", "netshell-web2"), SshMadeContainers.peeredInto(lines, List.of(
                "lab1-node1", "lab1-node2"), List.of()));
        assertEquals(List.of("netshell-web2"), SshMadeContainers.peeredInto(lines, List.of("lab1-node2"), List.of()));
        assertEquals(List.of("netshell-web1"), SshMadeContainers.peeredInto(lines, List.of("lab1-node1",
                "lab1-node2"), List.of("netshell-web2")), "the lab's own namespaces are not counted twice");
    }

    private static boolean exists(String ns) {
        return Files.exists(Path.of("/run/netns", ns));
    }

    private static String namespaces() {
        return HOST.run("ip", "netns", "list").stdout();
    }
}
