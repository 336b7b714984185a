package netshell.fault;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.command.Target;
import netshell.lab.Lab;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.node.Transport;
import netshell.testing.NeedsRoot;
import netshell.testing.SshLabContainers;
import netshell.testing.TestShell;

/**
 * Faults planted and cleared over real SSH (the lab's sshd in each node, reached through its ssh_config): the
 * markers, the reads and doctor's batch all go through one SSH channel per node, and each fault is found alone.
 */
@NeedsRoot("ip netns, sshd")
@SshLabContainers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSshLabTest {
    private FaultLab lab;

    @BeforeAll
    void up() {
        Lab nodes = TestLabs.newLab("nsfs-" + UUID.randomUUID().toString().substring(0, 6));
        try {
            nodes.up(3, true);
            Fleet fleet = Fleet.of(Inventory.load(nodes.sshConfig()), SshNode.Options.defaults());
            lab = new FaultLab(TestShell.on(new Target(Transport.SSH.label(), fleet, null, null)), 3, nodes::down);
        } catch (RuntimeException | Error e) {
            nodes.down();
            throw e;
        }
    }

    @AfterAll
    void down() {
        if (lab != null) lab.close();
    }

    @Test
    void fiveFaultsOverSshAreEachFoundAloneAndCleared() throws Exception {
        lab.assertClean("the healthy lab over SSH");
        lab.plantFindAndClear("fault inject firewall-vxlan --on node2", "firewall-vxlan node2");
        lab.plantFindAndClear("fault inject mtu --on node3", "mtu node3");
        lab.plantFindAndClear("fault inject fdb-missing --on node1", "fdb node1");
        lab.plantFindAndClear("fault inject ip-forward --on node1", "ip_forward node1");
        lab.plantFindAndClear("fault inject rp-filter --on node2", "rp-filter node2");
        lab.assertFullReach();
    }
}
