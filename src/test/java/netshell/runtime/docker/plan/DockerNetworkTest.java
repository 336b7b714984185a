package netshell.runtime.docker.plan;

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
    void dualStackGolden() {
        // As accepted by Docker 20.10 on a lab node (lab up --docker --ipv6), which pairs ranges and gateways with
        // the subnet that holds them.
        assertEquals(List.of("docker", "network", "create", "--driver=bridge",
                "--subnet=10.0.0.0/24", "--ip-range=10.0.0.128/26", "--gateway=10.0.0.2",
                "--ipv6", "--subnet=fd00:10::/64", "--ip-range=fd00:10::80/122", "--gateway=fd00:10::2",
                "-o", "com.docker.network.bridge.name=nsbr0", "-o", "com.docker.network.driver.mtu=1450", "nsbr0"),
                DockerNetwork.createArgv("nsbr0", "10.0.0.0/24", "10.0.0.128/26", "10.0.0.2", "10.0.0.2", "nsbr0",
                        1450, new DockerNetwork.Ipv6Pool("fd00:10::/64", "fd00:10::80/122", "fd00:10::2")));
        // Without an IPv6 pool: byte for byte the IPv4 network.
        assertEquals(DockerNetwork.createArgv("n", "10.0.0.0/24", "10.0.0.64/26", "10.0.0.1", "10.0.0.2", "br", 1450),
                DockerNetwork.createArgv("n", "10.0.0.0/24", "10.0.0.64/26", "10.0.0.1", "10.0.0.2", "br", 1450,
                        null));
    }

    @Test
    void badIpv6Pools() {
        String[][] cases = {
                {"fd00:10::1/64", "fd00:10::40/122", "fd00:10::1", "IPv6 subnet fd00:10::1/64 has host bits set"},
                {"fd00:10::/64", "fd00:11::40/122", "fd00:10::1", "IPv6 ip range fd00:11::40/122 is not inside"},
                {"fd00:10::/64", "fd00:10::40/122", "fd00:10::41", "IPv6 gateway fd00:10::41 lies inside"},
                {"fd00:10::/64", "fd00:10::40/122", "fd00:11::1", "IPv6 gateway fd00:11::1 is not inside"},
                {"fd00:10::/64", "fd00:10::40/122", "10.0.0.1", "IPv6 gateway 10.0.0.1 is not an IPv6 address"},
                {"fd00:10::/64", "fd00:10::40/122", "fd00:10::1/64", "is not an IPv6 address"}};
        for (String[] c : cases) {
            BadInput e = assertThrows(BadInput.class, () -> DockerNetwork.createArgv("n", "10.0.0.0/24",
                    "10.0.0.64/26", "10.0.0.1", "10.0.0.1", "br", 1450, new DockerNetwork.Ipv6Pool(c[0], c[1], c[2])));
            assertTrue(e.getMessage().contains(c[3]), e.getMessage());
        }
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
