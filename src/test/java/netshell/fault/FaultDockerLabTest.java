package netshell.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.doctor.DoctorReport;
import netshell.doctor.checks.Status;
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
        // Docker's engines run without the userland proxy (LabDocker), so Docker sets route_localnet on its
        // bridges: the one warning of a healthy Docker node, and a true one (CVE-2020-8558).
        DoctorReport healthy = lab.doctor();
        lab.healthyWarnings = Set.of("route-localnet node1", "route-localnet node2");
        assertEquals(lab.healthyWarnings, FaultLab.warning(healthy), healthy.text());
        assertTrue(
                healthy.with(Status.WARN).stream()
                        .allMatch(w -> w.explanation().contains("net.ipv4.conf.docker0/nsbr0.route_localnet is 1")),
                healthy.text());
        lab.assertClean("the healthy Docker lab");
        lab.plantFindAndClear("fault inject firewall-vxlan --on node2", "firewall-vxlan node2");
        lab.plantFindAndClear("fault inject mtu --on node1", "mtu node1");
        lab.plantFindAndClear("fault inject fdb-missing --on node1", "fdb node1");
        lab.plantFindAndClear("fault inject ip-forward --on node2", "ip_forward node2");
        lab.plantFindAndClear("fault inject rp-filter --on node2", "rp-filter node2");
        lab.assertFullReach();
    }
}
