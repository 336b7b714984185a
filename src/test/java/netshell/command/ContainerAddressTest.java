package netshell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.node.DryRunNode;

/** Every container a feature finds (Docker or namespace) carries addresses, never options or words. */
class ContainerAddressTest {
    private final DryRunNode node = new DryRunNode("node1", "192.168.56.10", "eth1");

    @Test
    void anAddressThatIsNotOneIsRefused() {
        CommandFailed e = assertThrows(CommandFailed.class,
                () -> new ContainerDirectory.Container("web2", node, "-oProxyCommand=x", List.of()));
        assertEquals("container web2 on node1 has the address '-oProxyCommand=x', which is not an IP address; refused",
                e.getMessage());
        assertThrows(CommandFailed.class,
                () -> new ContainerDirectory.Container("web2", node, "10.0.0.65", List.of(), "fd00::41\n-x"));
        assertEquals("fd00::41",
                new ContainerDirectory.Container("web2", node, "10.0.0.65", List.of(), "fd00::41").address6());
    }
}
