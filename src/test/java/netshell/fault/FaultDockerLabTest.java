package netshell.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * Faults planted and cleared on Docker lab nodes (an engine per node, the overlay a Docker network, the backends
 * Docker containers, Docker's FORWARD policy DROP): each fault is found alone, beside the Docker checks.
 */
@NeedsRoot("ip netns, Docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultDockerLabTest {
    private FaultLab lab;

    @BeforeAll
    void up() { lab = new FaultLab(TestShell.dockerLab("nsfd", 2), 2, () -> {}); }

    @AfterAll
    void down() {
        if (lab != null) lab.close();
    }

    @Test
    void fiveFaultsOnDockerNodesAreEachFoundAloneAndCleared() throws Exception {
        lab.assertClean("the healthy Docker lab");
        lab.plantFindAndClear("fault inject firewall-vxlan --on node2", "firewall-vxlan node2");
        lab.plantFindAndClear("fault inject mtu --on node1", "mtu node1");
        lab.plantFindAndClear("fault inject fdb-missing --on node1", "fdb node1");
        lab.plantFindAndClear("fault inject ip-forward --on node2", "ip_forward node2");
        lab.plantFindAndClear("fault inject rp-filter --on node2", "rp-filter node2");
        lab.assertFullReach();
    }
}
