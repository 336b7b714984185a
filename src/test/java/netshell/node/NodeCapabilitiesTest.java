package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** What each kind of node answers when features ask what it can do, in place of asking how it is reached. */
class NodeCapabilitiesTest {
    @Test
    void aLabNodeIsANamespaceOfThisMachineWithoutARegistry() {
        Node plain = new NetnsNode("node1", "lab-node1", "192.168.56.10", "eth1");
        assertTrue(plain.onThisMachine());
        assertEquals(Optional.of("lab-node1"), plain.hostNamespace());
        assertFalse(plain.reachesRegistries());
        assertFalse(plain.dryRun());
        assertEquals(OptionalInt.empty(), plain.sshPort());
        // Without an engine of its own, a docker there would reach this machine's engine: not the node's.
        assertFalse(plain.dockerIsItsOwn());
        assertEquals(Optional.empty(), plain.ownDockerHost());

        Node docker = new NetnsNode("node1", "lab-node1", "192.168.56.10", "eth1", "unix:///run/x/docker.sock");
        assertTrue(docker.dockerIsItsOwn());
        assertEquals(Optional.of("unix:///run/x/docker.sock"), docker.ownDockerHost());
    }

    @Test
    void aDryRunNodeRunsNothingAndAMachineIsItsOwn() {
        Node dry = new DryRunNode("node1", "192.168.56.10", "eth1");
        assertTrue(dry.dryRun());
        assertFalse(dry.onThisMachine());
        assertEquals(Optional.empty(), dry.hostNamespace());

        Node local = new LocalNode("local");
        assertTrue(local.onThisMachine());
        assertFalse(local.dryRun());
        assertTrue(local.dockerIsItsOwn());
        assertTrue(local.reachesRegistries());
        assertEquals(Optional.empty(), local.hostNamespace());
        assertEquals(Optional.empty(), local.sshSpec());
    }
}
