package netshell.overlay.plan;

import static netshell.overlay.plan.VxlanPlannerTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

class OverlayPlannerTest {
    static final List<OverlayMember> MEMBERS = List.of(new OverlayMember(N1, "10.0.0.1/24"),
            new OverlayMember(N2, "10.0.0.2/24"));

    @Test
    void bridgeFirstThenVxlanAsItsPort() {
        Plan plan = OverlayPlanner.plan(SPEC, MEMBERS, empty("node1", "node2"));
        assertEquals(List.of(
                "ip link add nsbr0 type bridge",
                "ip link set dev nsbr0 alias netshell",
                "ip link set nsbr0 mtu 1450",
                "ip link set nsbr0 up",
                "ip addr add 10.0.0.1/24 dev nsbr0",
                "ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789",
                "ip link set vxlan0 mtu 1450",
                "ip link set dev vxlan0 alias netshell",
                "ip link set vxlan0 master nsbr0",
                "ip link set vxlan0 up",
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11"), lines(plan, "node1"));
        assertEquals("ip addr add 10.0.0.2/24 dev nsbr0", lines(plan, "node2").get(4));
    }

    @Test
    void idempotentAgainstTheResult() {
        Map<String, NodeState> start = empty("node1", "node2");
        Map<String, NodeState> after = KernelSimulator.apply(OverlayPlanner.plan(SPEC, MEMBERS, start), start);
        Plan again = OverlayPlanner.plan(SPEC, MEMBERS, after);
        assertTrue(again.isEmpty(), again.toString());
    }

    @Test
    void walkthroughAddressOnVxlanMovesToBridge() {
        Link vx = new Link("vxlan0", 3, "vxlan", "UNKNOWN", true, 1450, null, "netshell", null, 100, "192.168.56.10",
                4789, "eth1", true);
        NodeState s = new NodeState(List.of(vx), List.of(), List.of(new IfAddress("vxlan0", "inet", "10.0.0.1", 24)),
                List.of());
        Plan plan = OverlayPlanner.plan(SPEC, List.of(MEMBERS.get(0)), Map.of("node1", s));
        assertEquals(List.of(
                "ip link add nsbr0 type bridge",
                "ip link set dev nsbr0 alias netshell",
                "ip link set nsbr0 mtu 1450",
                "ip link set nsbr0 up",
                "ip addr del 10.0.0.1/24 dev vxlan0",
                "ip addr add 10.0.0.1/24 dev nsbr0",
                "ip link set vxlan0 master nsbr0"), lines(plan, "node1"));
    }

    @Test
    void changedHostAddressReplacesTheOldOne() {
        Map<String, NodeState> start = empty("node1", "node2");
        Map<String, NodeState> after = KernelSimulator.apply(OverlayPlanner.plan(SPEC, MEMBERS, start), start);
        List<OverlayMember> moved = List.of(new OverlayMember(N1, "10.0.0.5/24"), MEMBERS.get(1));
        assertEquals(List.of("ip addr del 10.0.0.1/24 dev nsbr0", "ip addr add 10.0.0.5/24 dev nsbr0"),
                lines(OverlayPlanner.plan(SPEC, moved, after), "node1"));
    }

    @Test
    void foreignBridgeIsRefusedAndNeverDeleted() {
        Link docker = new Link("nsbr0", 4, "bridge", "UP", true, 1500, null, null, null, null, null, null, null, null);
        Map<String, NodeState> state = Map.of("node1", NodeState.of(List.of(docker), List.of()));
        BadInput e = assertThrows(BadInput.class, () -> OverlayPlanner.plan(SPEC, List.of(MEMBERS.get(0)), state));
        assertEquals("nsbr0 exists on node1 and was not made by netshell", e.getMessage());
        assertTrue(OverlayPlanner.deletePlan("nsbr0", state).isEmpty());
    }

    @Test
    void deleteRemovesOurBridge() {
        Map<String, NodeState> start = empty("node1", "node2");
        Map<String, NodeState> after = KernelSimulator.apply(OverlayPlanner.plan(SPEC, MEMBERS, start), start);
        assertEquals(List.of("ip link del nsbr0"), lines(OverlayPlanner.deletePlan("nsbr0", after), "node2"));
    }

    @Test
    void hostAddressesMustShareOneSubnetAndDiffer() {
        assertThrows(BadInput.class, () -> OverlayPlanner.plan(SPEC,
                List.of(new OverlayMember(N1, "10.0.0.1/24"), new OverlayMember(N2, "10.0.1.2/24")),
                empty("node1", "node2")));
        assertThrows(BadInput.class, () -> OverlayPlanner.plan(SPEC,
                List.of(new OverlayMember(N1, "10.0.0.1/24"), new OverlayMember(N2, "10.0.0.1/24")),
                empty("node1", "node2")));
        assertThrows(BadInput.class, () -> new OverlayMember(N1, "10.0.0.1"));
        assertThrows(BadInput.class, () -> new OverlayMember(N1, "10.0.0.300/24"));
    }

    static final List<OverlayMember> DUAL = List.of(new OverlayMember(N1, "10.0.0.1/24", "fd00:10::1/64"),
            new OverlayMember(N2, "10.0.0.2/24", "fd00:10::2/64"));

    @Test
    void dualStackPutsTheIpv6HostAddressOnTheBridgeWithoutDad() {
        Plan plan = OverlayPlanner.plan(SPEC, DUAL, empty("node1", "node2"));
        List<String> node1 = lines(plan, "node1");
        assertEquals("ip addr add 10.0.0.1/24 dev nsbr0", node1.get(4));
        assertEquals("ip -6 addr add fd00:10::1/64 dev nsbr0 nodad", node1.get(5));
        assertEquals("ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789", node1.get(6));
        assertEquals("ip -6 addr add fd00:10::2/64 dev nsbr0 nodad", lines(plan, "node2").get(5));
        // IPv4-only members plan exactly what 0.1 planned: no IPv6 step.
        assertTrue(lines(OverlayPlanner.plan(SPEC, MEMBERS, empty("node1", "node2")), "node1").stream()
                .noneMatch(l -> l.contains("-6")));
    }

    @Test
    void dualStackIsIdempotentAndGoesBackToSingleStack() {
        Map<String, NodeState> start = empty("node1", "node2");
        Map<String, NodeState> after = KernelSimulator.apply(OverlayPlanner.plan(SPEC, DUAL, start), start);
        assertTrue(OverlayPlanner.plan(SPEC, DUAL, after).isEmpty());
        assertEquals(List.of("ip -6 addr del fd00:10::1/64 dev nsbr0"),
                lines(OverlayPlanner.plan(SPEC, MEMBERS, after), "node1"));
        List<OverlayMember> moved = List.of(new OverlayMember(N1, "10.0.0.1/24", "fd00:20::1/64"),
                new OverlayMember(N2, "10.0.0.2/24", "fd00:20::2/64"));
        assertEquals(List.of("ip -6 addr del fd00:10::1/64 dev nsbr0", "ip -6 addr add fd00:20::1/64 dev nsbr0 nodad"),
                lines(OverlayPlanner.plan(SPEC, moved, after), "node1"));
    }

    @Test
    void dualStackOverAnIpv6UnderlayHasMtuUnderlayMinus70() {
        NodeUnderlay a = new NodeUnderlay("node1", "fd56::a", "eth1", 1500);
        NodeUnderlay b = new NodeUnderlay("node2", "fd56::b", "eth1", 1500);
        Plan plan = OverlayPlanner.plan(SPEC, List.of(new OverlayMember(a, "10.0.0.1/24", "fd00:10::1/64"),
                new OverlayMember(b, "10.0.0.2/24", "fd00:10::2/64")), empty("node1", "node2"));
        List<String> node1 = lines(plan, "node1");
        assertEquals("ip link set nsbr0 mtu 1430", node1.get(2));
        assertTrue(node1.contains("bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst fd56::b"), node1.toString());
    }

    static final Map<String, OverlayPlanner.DockerSide> DOCKER_DUAL = Map.of(
            "node1", new OverlayPlanner.DockerSide("nsbr0", "10.0.0.64/26", "fd00:10::40/122"),
            "node2", new OverlayPlanner.DockerSide("nsbr0", "10.0.0.128/26", "fd00:10::80/122"));

    @Test
    void dockerNodesGetADualStackNetwork() {
        Plan plan = OverlayPlanner.plan(SPEC, DUAL, empty("node1", "node2"), DOCKER_DUAL);
        assertEquals(List.of(
                "docker network create --driver=bridge --subnet=10.0.0.0/24 --ip-range=10.0.0.64/26"
                        + " --gateway=10.0.0.1 --ipv6 --subnet=fd00:10::/64 --ip-range=fd00:10::40/122"
                        + " --gateway=fd00:10::1 -o com.docker.network.bridge.name=nsbr0"
                        + " -o com.docker.network.driver.mtu=1450 nsbr0",
                "ip link set dev nsbr0 alias netshell",
                "ip -6 addr del fd00:10::1/64 dev nsbr0",
                "ip -6 addr add fd00:10::1/64 dev nsbr0 nodad",
                "ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789",
                "ip link set vxlan0 mtu 1450",
                "ip link set dev vxlan0 alias netshell",
                "ip link set vxlan0 master nsbr0",
                "ip link set vxlan0 up",
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11"), lines(plan, "node1"));
        assertTrue(lines(plan, "node2").get(0).contains(" --ip-range=fd00:10::80/122 --gateway=fd00:10::2 "),
                lines(plan, "node2").toString());
    }

    /** The kernel side of an overlay's Docker network: our bridge with the host addresses, vxlan0 its port. */
    static Map<String, NodeState> dockerNetworks(List<OverlayMember> members) {
        Map<String, NodeState> start = empty("node1", "node2");
        return KernelSimulator.apply(OverlayPlanner.plan(SPEC, members, start), start);
    }

    @Test
    void anIpv4DockerNetworkIsMadeAnewForDualStackAndTheVxlanJoinsItAgain() {
        Map<String, NodeState> v4 = dockerNetworks(MEMBERS);
        assertEquals("is IPv4 only and Docker cannot make it dual stack in place",
                OverlayPlanner.dockerNetworkChange(v4.get("node1"), "nsbr0", DUAL.get(0)));
        assertNull(OverlayPlanner.dockerNetworkChange(v4.get("node1"), "nsbr0", MEMBERS.get(0)));
        assertEquals(List.of("docker network rm nsbr0",
                "docker network create --driver=bridge --subnet=10.0.0.0/24 --ip-range=10.0.0.64/26"
                        + " --gateway=10.0.0.1 --ipv6 --subnet=fd00:10::/64 --ip-range=fd00:10::40/122"
                        + " --gateway=fd00:10::1 -o com.docker.network.bridge.name=nsbr0"
                        + " -o com.docker.network.driver.mtu=1450 nsbr0",
                "ip link set dev nsbr0 alias netshell",
                "ip -6 addr del fd00:10::1/64 dev nsbr0",
                "ip -6 addr add fd00:10::1/64 dev nsbr0 nodad",
                "ip link set vxlan0 master nsbr0"),
                lines(OverlayPlanner.plan(SPEC, DUAL, v4, DOCKER_DUAL), "node1"));
        // The IPv4 path is untouched: an IPv4 network asked for IPv4 again needs nothing.
        assertTrue(OverlayPlanner.plan(SPEC, MEMBERS, v4, Map.of("node1",
                new OverlayPlanner.DockerSide("nsbr0", "10.0.0.64/26"), "node2",
                new OverlayPlanner.DockerSide("nsbr0", "10.0.0.128/26"))).isEmpty());
    }

    @Test
    void aDualStackDockerNetworkStaysOrGoesBackToIpv4() {
        Map<String, NodeState> dual = dockerNetworks(DUAL);
        assertNull(OverlayPlanner.dockerNetworkChange(dual.get("node2"), "nsbr0", DUAL.get(1)));
        assertEquals("is dual stack and Docker cannot make it IPv4 only in place",
                OverlayPlanner.dockerNetworkChange(dual.get("node2"), "nsbr0", MEMBERS.get(1)));
        assertTrue(OverlayPlanner.plan(SPEC, DUAL, dual, DOCKER_DUAL).isEmpty());
        assertEquals("has another IPv6 prefix and Docker cannot change it in place", OverlayPlanner
                .dockerNetworkChange(dual.get("node2"), "nsbr0",
                        new OverlayMember(N2, "10.0.0.2/24", "fd00:20::2/64")));
        assertEquals(List.of("docker network rm nsbr0",
                "docker network create --driver=bridge --subnet=10.0.0.0/24 --ip-range=10.0.0.128/26"
                        + " --gateway=10.0.0.2 -o com.docker.network.bridge.name=nsbr0"
                        + " -o com.docker.network.driver.mtu=1450 nsbr0",
                "ip link set dev nsbr0 alias netshell",
                "ip link set vxlan0 master nsbr0"),
                lines(OverlayPlanner.plan(SPEC, MEMBERS, dual, Map.of("node1",
                        new OverlayPlanner.DockerSide("nsbr0", "10.0.0.64/26"), "node2",
                        new OverlayPlanner.DockerSide("nsbr0", "10.0.0.128/26"))), "node2"));
    }

    @Test
    void aDockerNetworkMovingToTheOtherUnderlayFamilyIsMadeAnewForItsMtu() {
        Map<String, NodeState> dual = dockerNetworks(DUAL);
        List<OverlayMember> over6 = List.of(
                new OverlayMember(new NodeUnderlay("node1", "fd56::a", "eth1", 1500), "10.0.0.1/24", "fd00:10::1/64"),
                new OverlayMember(new NodeUnderlay("node2", "fd56::b", "eth1", 1500), "10.0.0.2/24", "fd00:10::2/64"));
        assertEquals("gives its containers the MTU of an IPv4 underlay and Docker cannot change it in place",
                OverlayPlanner.dockerNetworkChange(dual.get("node1"), "nsbr0", over6.get(0)));
        List<String> node1 = lines(OverlayPlanner.plan(SPEC, over6, dual, DOCKER_DUAL), "node1");
        assertEquals("docker network rm nsbr0", node1.get(0));
        assertTrue(node1.get(1).endsWith("-o com.docker.network.driver.mtu=1430 nsbr0"), node1.get(1));
        assertTrue(node1.contains("ip link set vxlan0 master nsbr0"), node1.toString());
    }

    @Test
    void dualStackRefusesMixedMembers() {
        assertThrows(BadInput.class, () -> OverlayPlanner.plan(SPEC,
                List.of(DUAL.get(0), MEMBERS.get(1)), empty("node1", "node2")));
        assertThrows(BadInput.class, () -> OverlayPlanner.plan(SPEC, List.of(DUAL.get(0),
                new OverlayMember(N2, "10.0.0.2/24", "fd00:10::1/64")), empty("node1", "node2")));
        assertThrows(BadInput.class, () -> OverlayPlanner.plan(SPEC, List.of(DUAL.get(0),
                new OverlayMember(N2, "10.0.0.2/24", "fd00:11::2/64")), empty("node1", "node2")));
        BadInput noRange6 = assertThrows(BadInput.class, () -> OverlayPlanner.plan(SPEC, DUAL,
                empty("node1", "node2"), Map.of("node2", new OverlayPlanner.DockerSide("nsbr0", "10.0.0.128/26"))));
        assertTrue(noRange6.getMessage().startsWith("a dual-stack Docker network needs its IPv6 container range"),
                noRange6.getMessage());
        assertThrows(BadInput.class, () -> new OverlayMember(N1, "10.0.0.1/24", "fe80::1%eth0/64"));
    }
}
