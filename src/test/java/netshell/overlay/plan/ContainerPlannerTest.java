package netshell.overlay.plan;

import static netshell.overlay.plan.VxlanPlannerTest.lines;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

class ContainerPlannerTest {
    static final ContainerSpec WEB1 = new ContainerSpec("web1", "10.0.0.20/24", "10.0.0.1", null, 1450);

    @Test
    void golden() {
        assertEquals(List.of(
                "ip netns add web1",
                "ip link add vnweb1 type veth peer name eth0 netns web1",
                "ip link set dev vnweb1 alias netshell",
                "ip link set vnweb1 master nsbr0",
                "ip link set dev vnweb1 type bridge_slave hairpin on",
                "ip link set vnweb1 mtu 1450",
                "ip link set vnweb1 up",
                "ip netns exec web1 ip addr add 10.0.0.20/24 dev eth0",
                "ip netns exec web1 ip link set eth0 mtu 1450 up",
                "ip netns exec web1 ip link set lo up",
                "ip netns exec web1 ip route add default via 10.0.0.1"),
                lines(ContainerPlanner.plan("node1", WEB1, NodeState.empty()), "node1"));
    }

    @Test
    void idempotentAndRemovable() {
        Map<String, NodeState> withBridge = Map.of("node1", NodeState.of(List.of(
                new Link("nsbr0", 4, "bridge", "UP", true, 1450, null, "netshell", null, null, null, null, null, null)),
                List.of()));
        Map<String, NodeState> after = KernelSimulator
                .apply(ContainerPlanner.plan("node1", WEB1, withBridge.get("node1")), withBridge);
        assertTrue(ContainerPlanner.plan("node1", WEB1, after.get("node1")).isEmpty());
        Plan remove = ContainerPlanner.removePlan("node1", "web1", after.get("node1"));
        assertEquals(List.of("ip link del vnweb1", "ip netns del web1"), lines(remove, "node1"));
        Map<String, NodeState> gone = KernelSimulator.apply(remove, after);
        assertTrue(ContainerPlanner.removePlan("node1", "web1", gone.get("node1")).isEmpty());
    }

    @Test
    void longNamesGetDistinctShortHostVeths() {
        String a = ContainerPlanner.hostVeth("backend-service-1");
        String b = ContainerPlanner.hostVeth("backend-service-2");
        assertEquals(15, a.length());
        assertTrue(a.startsWith("vnbackend-"), a);
        assertNotEquals(a, b);
        assertEquals("vnweb1", ContainerPlanner.hostVeth("web1"));
        assertEquals("vn0123456789abc", ContainerPlanner.hostVeth("0123456789abc"));
    }

    @Test
    void foreignHostVethIsRefused() {
        NodeState host = NodeState.of(List
                .of(new Link("vnweb1", 9, "veth", "UP", true, 1500, null, null, null, null, null, null, null, null)),
                List.of());
        assertThrows(BadInput.class, () -> ContainerPlanner.plan("node1", WEB1, host));
        assertThrows(BadInput.class, () -> ContainerPlanner.removePlan("node1", "web1", host));
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(BadInput.class, () -> new ContainerSpec("../etc", "10.0.0.20/24", "10.0.0.1", null, 1450));
        assertThrows(BadInput.class, () -> new ContainerSpec("web1", "10.0.0.20/24", "10.0.1.1", null, 1450));
        assertThrows(BadInput.class, () -> new ContainerSpec("web1", "10.0.0.20/24", "10.0.0.20", null, 1450));
        assertThrows(BadInput.class, () -> new ContainerSpec("web1", "10.0.0.20", "10.0.0.1", null, 1450));
    }

    static final ContainerSpec DUAL = new ContainerSpec("web1", "10.0.0.65/24", "10.0.0.1", null, 1430, null,
            "fd00:10::41/64", "fd00:10::1");

    @Test
    void dualStackGoldenAddsTheIpv6AddressAndDefaultRoute() {
        assertEquals(List.of(
                "ip netns add web1",
                "ip link add vnweb1 type veth peer name eth0 netns web1",
                "ip link set dev vnweb1 alias netshell",
                "ip link set vnweb1 master nsbr0",
                "ip link set dev vnweb1 type bridge_slave hairpin on",
                "ip link set vnweb1 mtu 1430",
                "ip link set vnweb1 up",
                "ip netns exec web1 ip addr add 10.0.0.65/24 dev eth0",
                "ip netns exec web1 ip -6 addr add fd00:10::41/64 dev eth0 nodad",
                "ip netns exec web1 ip link set eth0 mtu 1430 up",
                "ip netns exec web1 ip link set lo up",
                "ip netns exec web1 ip route add default via 10.0.0.1",
                "ip netns exec web1 ip -6 route add default via fd00:10::1"),
                lines(ContainerPlanner.plan("node1", DUAL, NodeState.empty()), "node1"));
    }

    @Test
    void anIpv4ContainerOnADualStackOverlayGetsItsIpv6AddressOnce() {
        Map<String, NodeState> withBridge = Map.of("node1", NodeState.of(List.of(
                new Link("nsbr0", 4, "bridge", "UP", true, 1430, null, "netshell", null, null, null, null, null, null)),
                List.of()));
        ContainerSpec v4 = new ContainerSpec("web1", "10.0.0.65/24", "10.0.0.1", null, 1430);
        Map<String, NodeState> after = KernelSimulator
                .apply(ContainerPlanner.plan("node1", v4, withBridge.get("node1")), withBridge);
        NodeState host = after.get("node1");
        assertEquals(List.of("ip netns exec web1 ip -6 addr add fd00:10::41/64 dev eth0 nodad",
                "ip netns exec web1 ip -6 route replace default via fd00:10::1"),
                lines(ContainerPlanner.plan("node1", DUAL, host, List.of(), ContainerPlanner.Inside.UNKNOWN), "node1"));
        assertTrue(ContainerPlanner
                .plan("node1", DUAL, host, List.of(), new ContainerPlanner.Inside("fd00:10::41/64", 1430)).isEmpty());
        assertEquals("ip netns exec web1 ip -6 addr del fd00:20::41/64 dev eth0",
                lines(ContainerPlanner.plan("node1", DUAL, host, List.of(),
                        new ContainerPlanner.Inside("fd00:20::41/64", 1430)), "node1").get(0));
        assertEquals(List.of("ip netns exec web1 ip -6 addr del fd00:10::41/64 dev eth0",
                "ip netns exec web1 ip -6 route flush default"),
                lines(ContainerPlanner.plan("node1", v4, host, List.of(),
                        new ContainerPlanner.Inside("fd00:10::41/64", 1430)), "node1"));
        assertTrue(ContainerPlanner.plan("node1", v4, host, List.of(), ContainerPlanner.Inside.UNKNOWN).isEmpty());
        // An overlay moved to an IPv6 underlay: eth0 follows the smaller MTU.
        assertEquals(List.of("ip netns exec web1 ip link set eth0 mtu 1430"),
                lines(ContainerPlanner.plan("node1", v4, host, List.of(), new ContainerPlanner.Inside(null, 1450)),
                        "node1"));
    }

    @Test
    void badDualStackSpecsAreRejected() {
        assertThrows(BadInput.class,
                () -> new ContainerSpec("web1", "10.0.0.65/24", "10.0.0.1", null, 1430, null, "fd00:10::41/64", null));
        assertThrows(BadInput.class,
                () -> new ContainerSpec("web1", "10.0.0.65/24", "10.0.0.1", null, 1430, null, "fd00:10::41/64",
                        "fd00:11::1"));
        assertThrows(BadInput.class, () -> new ContainerSpec("web1", "10.0.0.65/24", "10.0.0.1", null, 1430, null,
                "fd00:10::41/64", "fd00:10::41"));
        assertThrows(BadInput.class,
                () -> new ContainerSpec("web1", "10.0.0.65/24", "10.0.0.1", null, 1430, null, "10.0.0.66/24",
                        "10.0.0.1"));
    }
}
