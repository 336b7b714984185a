package netshell.overlay.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

class DockerNetworkTest {
    @Test
    void golden() {
        assertEquals(List.of("docker", "network", "create", "--driver=bridge",
                "--subnet=10.0.0.0/24", "--ip-range=10.0.0.64/26", "--gateway=10.0.0.1", "--aux-address=host=10.0.0.2",
                "-o", "com.docker.network.bridge.name=docker_vxlan", "-o", "com.docker.network.driver.mtu=1450",
                "vxlan_net"),
                DockerNetwork.createArgv("vxlan_net", "10.0.0.0/24", "10.0.0.64/26", "10.0.0.1", "10.0.0.2",
                        "docker_vxlan", 1450));
    }

    @Test
    void walkthroughHostAddressInsideTheContainerRangeIsRejected() {
        // node2's walkthrough reserves 10.0.0.2 while node1 hands out 10.0.0.0/25
        BadInput e = assertThrows(BadInput.class, () -> DockerNetwork.createArgv("vxlan_net", "10.0.0.0/24",
                "10.0.0.0/25", "10.0.0.254", "10.0.0.2", "docker_vxlan", 1450));
        assertEquals("host address 10.0.0.2 lies inside the container range 10.0.0.0/25", e.getMessage());
    }

    @Test
    void otherBadInput() {
        assertThrows(BadInput.class, () -> DockerNetwork.createArgv("vxlan_net", "10.0.0.0/24", "10.0.1.0/26",
                "10.0.0.1", "10.0.0.2", "br", 1450));
        assertThrows(BadInput.class, () -> DockerNetwork.createArgv("vxlan_net", "10.0.0.0/24", "10.0.0.64/26",
                "10.1.0.1", "10.0.0.2", "br", 1450));
        assertThrows(BadInput.class, () -> DockerNetwork.createArgv("-rm", "10.0.0.0/24", "10.0.0.64/26", "10.0.0.1",
                "10.0.0.2", "br", 1450));
        assertThrows(BadInput.class, () -> DockerNetwork.createArgv("n", "10.0.0.0/24", "10.0.0.64/26", "10.0.0.1",
                "10.0.0.2", "docker_vxlan_bridge", 1450));
    }
}
