package netshell.overlay.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.Fdb;
import netshell.kernel.FdbEntry;
import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.kernel.NodeState;
import netshell.kernel.Resources;

class VxlanPlannerTest {
    static final NodeUnderlay N1 = new NodeUnderlay("node1", "192.168.56.10", "eth1", 1500);
    static final NodeUnderlay N2 = new NodeUnderlay("node2", "192.168.56.11", "eth1", 1500);
    static final NodeUnderlay N3 = new NodeUnderlay("node3", "192.168.56.12", "eth1", 9000);
    static final VxlanSpec SPEC = VxlanSpec.of(100);

    static Map<String, NodeState> empty(String... nodes) {
        Map<String, NodeState> m = new HashMap<>();
        for (String n : nodes) m.put(n, NodeState.empty());
        return m;
    }

    static List<String> lines(Plan plan, String node) {
        List<String> out = new ArrayList<>();
        for (Step s : plan.stepsFor(node)) out.add(String.join(" ", s.argv()));
        return out;
    }

    @Test
    void twoNodesGolden() {
        Plan plan = VxlanPlanner.plan(SPEC, List.of(N1, N2), empty("node1", "node2"));
        assertEquals(List.of(
                "ip link add vxlan0 type vxlan id 100 local 192.168.56.10 dev eth1 dstport 4789",
                "ip link set vxlan0 mtu 1450",
                "ip link set dev vxlan0 alias netshell",
                "ip link set vxlan0 up",
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11"), lines(plan, "node1"));
        assertEquals(List.of(
                "ip link add vxlan0 type vxlan id 100 local 192.168.56.11 dev eth1 dstport 4789",
                "ip link set vxlan0 mtu 1450",
                "ip link set dev vxlan0 alias netshell",
                "ip link set vxlan0 up",
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.10"), lines(plan, "node2"));
        assertEquals(List.of("node1", "node2"), List.copyOf(plan.byNode().keySet()));
    }

    @Test
    void threeNodesGoldenWithBridgeAndPerNodeMtu() {
        VxlanSpec spec = new VxlanSpec("vx100", 100, 4789, "br0");
        Map<String, NodeState> state = empty("node1", "node2", "node3");
        Plan plan = VxlanPlanner.plan(spec, List.of(N1, N2, N3), state);
        assertEquals(List.of(
                "ip link add vx100 type vxlan id 100 local 192.168.56.12 dev eth1 dstport 4789",
                "ip link set vx100 mtu 8950",
                "ip link set dev vx100 alias netshell",
                "ip link set vx100 master br0",
                "ip link set vx100 up",
                "bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.168.56.10",
                "bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.168.56.11"), lines(plan, "node3"));
        assertEquals(7, plan.stepsFor("node1").size());
        assertTrue(lines(plan, "node1").stream().noneMatch(l -> l.contains("remote") || l.contains("nolearning")));
    }

    @Test
    void planAgainstItsOwnResultIsEmpty() {
        List<NodeUnderlay> members = List.of(N1, N2, N3);
        Map<String, NodeState> after = KernelSimulator.apply(
                VxlanPlanner.plan(SPEC, members, empty("node1", "node2", "node3")), empty("node1", "node2", "node3"));
        Plan again = VxlanPlanner.plan(SPEC, members, after);
        assertTrue(again.isEmpty(), again.toString());
    }

    @Test
    void realCapturedNodeNeedsNothing() {
        NodeState nodeA = NodeState.of(Links.parse(Resources.read("kernel/node-a-link.json")),
                Fdb.parse(Resources.read("kernel/node-a-fdb.json")));
        Map<String, NodeState> state = new HashMap<>(empty("node2", "node3"));
        state.put("node1", nodeA);
        NodeUnderlay n3 = new NodeUnderlay("node3", "192.168.56.12", "eth1", 1500);
        Plan plan = VxlanPlanner.plan(SPEC.withBridge("nsbr0"), List.of(N1, N2, n3), state);
        assertEquals(List.of(), plan.stepsFor("node1"));
        assertFalse(plan.stepsFor("node2").isEmpty());
    }

    @Test
    void peerLeavesAndAnotherJoins() {
        Map<String, NodeState> start = empty("node1", "node2", "node3");
        Map<String, NodeState> meshed = KernelSimulator.apply(VxlanPlanner.plan(SPEC, List.of(N1, N2, N3), start),
                start);
        NodeUnderlay n4 = new NodeUnderlay("node4", "192.168.56.13", "eth1", 1500);
        meshed.put("node4", NodeState.empty());
        Plan plan = VxlanPlanner.plan(SPEC, List.of(N1, N2, n4), meshed);
        assertEquals(List.of(
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.13",
                "bridge fdb del 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.12"), lines(plan, "node1"));
        assertTrue(plan.stepsFor("node2").get(1).why().contains("no longer a member"));
        assertFalse(plan.byNode().containsKey("node3"), "a node that left is not touched by the plan for members");
        assertEquals(6, plan.stepsFor("node4").size()); // 4 to create, 2 peers
        Map<String, NodeState> after = KernelSimulator.apply(plan, meshed);
        assertTrue(VxlanPlanner.plan(SPEC, List.of(N1, N2, n4), after).isEmpty());
    }

    @Test
    void changedVniRecreatesAndSaysWhy() {
        Map<String, NodeState> start = empty("node1", "node2");
        Map<String, NodeState> built = KernelSimulator.apply(VxlanPlanner.plan(SPEC, List.of(N1, N2), start), start);
        Plan plan = VxlanPlanner.plan(new VxlanSpec(null, 200, 4789, null), List.of(N1, N2), built);
        List<Step> steps = plan.stepsFor("node1");
        assertEquals(List.of("ip", "link", "del", "vxlan0"), steps.get(0).argv());
        assertTrue(steps.get(0).why().contains("VNI 100 -> 200"), steps.get(0).why());
        assertEquals("ip link add vxlan0 type vxlan id 200 local 192.168.56.10 dev eth1 dstport 4789",
                lines(plan, "node1").get(1));
        assertEquals("bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11", lines(plan, "node1").get(5),
                "FDB goes with the device");
    }

    @Test
    void changedUnderlayDeviceOrPortRecreates() {
        Map<String, NodeState> start = empty("node1");
        Map<String, NodeState> built = KernelSimulator.apply(VxlanPlanner.plan(SPEC, List.of(N1), start), start);
        Plan plan = VxlanPlanner.plan(new VxlanSpec(null, 100, 8472, null),
                List.of(new NodeUnderlay("node1", "192.168.56.10", "eth2", 1500)), built);
        assertTrue(plan.stepsFor("node1").get(0).why().contains("port 4789 -> 8472, dev eth1 -> eth2"),
                plan.stepsFor("node1").get(0).why());
    }

    @Test
    void onlyMtuDiffersSetsMtu() {
        Map<String, NodeState> start = empty("node1", "node2");
        Map<String, NodeState> built = KernelSimulator.apply(VxlanPlanner.plan(SPEC, List.of(N1, N2), start), start);
        NodeUnderlay jumbo = new NodeUnderlay("node1", "192.168.56.10", "eth1", 9000);
        assertEquals(List.of("ip link set vxlan0 mtu 8950"),
                lines(VxlanPlanner.plan(SPEC, List.of(jumbo, N2), built), "node1"));
    }

    @Test
    void nolearningDeviceOfOursGetsLearningBack() {
        Link made = new Link("vxlan0", 3, "vxlan", "UNKNOWN", true, 1450, null, "netshell", null, 100, "192.168.56.10",
                4789, "eth1", false);
        Map<String, NodeState> state = Map.of("node1", NodeState.of(List.of(made), List.of()));
        assertEquals(List.of("ip link set vxlan0 type vxlan learning"),
                lines(VxlanPlanner.plan(SPEC, List.of(N1), state), "node1"));
    }

    @Test
    void theArpProxyFlagCanOnlyBeHadByRecreating() {
        // A flooding device that proxies would swallow ARP requests it cannot answer; a static one must proxy.
        Link proxying = new Link("vxlan0", 3, "vxlan", "UNKNOWN", true, 1450, null, "netshell", null, 100,
                "192.168.56.10", 4789, "eth1", true, true);
        List<String> flood = lines(VxlanPlanner.plan(SPEC, List.of(N1), Map.of("node1",
                NodeState.of(List.of(proxying), List.of()))), "node1");
        assertEquals("ip link del vxlan0", flood.get(0));
        assertTrue(flood.get(1).startsWith("ip link add vxlan0 type vxlan id 100") && !flood.get(1).contains("proxy"),
                flood.toString());

        Link plain = new Link("vxlan0", 3, "vxlan", "UNKNOWN", true, 1450, null, "netshell", "02:01:c0:a8:38:0a", 100,
                "192.168.56.10", 4789, "eth1", false, false);
        // the per-peer entries of the device it replaces go with it: none is deleted by hand
        FdbEntry peer = new FdbEntry("02:01:c0:a8:38:0b", "vxlan0", "192.168.56.11", null, List.of("self"));
        List<String> fixed = lines(VxlanPlanner.plan(SPEC.withLearning(false), List.of(N1, N2),
                Map.of("node1", NodeState.of(List.of(plain), List.of(peer)), "node2", NodeState.empty())), "node1");
        assertEquals("ip link del vxlan0", fixed.get(0));
        assertTrue(fixed.get(1).endsWith("nolearning proxy"), fixed.toString());
        assertTrue(fixed.stream().noneMatch(l -> l.startsWith("bridge fdb del")), fixed.toString());
        assertTrue(fixed.contains("bridge fdb replace 02:01:c0:a8:38:0b dev vxlan0 dst 192.168.56.11 self permanent"),
                fixed.toString());
    }

    @Test
    void foreignDeviceIsRefused() {
        Link foreign = new Link("vxlan0", 3, "vxlan", "UNKNOWN", true, 1450, null, null, null, 100, "192.168.56.10",
                4789, "eth1", true);
        Map<String, NodeState> state = new HashMap<>(empty("node2"));
        state.put("node1", NodeState.of(List.of(foreign), List.of()));
        BadInput e = assertThrows(BadInput.class, () -> VxlanPlanner.plan(SPEC, List.of(N1, N2), state));
        assertEquals("vxlan0 exists on node1 and was not made by netshell", e.getMessage());
    }

    @Test
    void deleteTouchesOnlyOurDevices() {
        Map<String, NodeState> start = empty("node1", "node2");
        Map<String, NodeState> built = KernelSimulator.apply(VxlanPlanner.plan(SPEC, List.of(N1, N2), start), start);
        Link foreign = new Link("vxlan0", 3, "vxlan", "UNKNOWN", true, 1450, null, "someone", null, 100,
                "192.168.56.12", 4789, "eth1", true);
        built.put("node3", NodeState.of(List.of(foreign), List.of()));
        built.put("node4", NodeState.empty());
        Plan plan = VxlanPlanner.deletePlan("vxlan0", built);
        assertEquals(List.of("ip link del vxlan0"), lines(plan, "node1"));
        assertEquals(List.of("ip link del vxlan0"), lines(plan, "node2"));
        assertEquals(List.of(), plan.stepsFor("node3"));
        assertEquals(List.of(), plan.stepsFor("node4"));
        assertTrue(VxlanPlanner.deletePlan("vxlan0", KernelSimulator.apply(plan, built)).isEmpty());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(BadInput.class, () -> VxlanSpec.of(0));
        assertThrows(BadInput.class, () -> VxlanSpec.of(16777216));
        assertDoesNotThrow(() -> VxlanSpec.of(16777215));
        assertThrows(BadInput.class, () -> new VxlanSpec(null, 1, 0, null));
        assertThrows(BadInput.class, () -> new VxlanSpec(null, 1, 65536, null));
        assertThrows(BadInput.class, () -> new VxlanSpec("averyveryverylong", 1, 4789, null));
        assertThrows(BadInput.class, () -> new VxlanSpec("vx/0", 1, 4789, null));
        assertThrows(BadInput.class, () -> new VxlanSpec("vx 0", 1, 4789, null));
        assertThrows(BadInput.class, () -> new VxlanSpec("vx:0", 1, 4789, null));
        assertThrows(BadInput.class, () -> new VxlanSpec("..", 1, 4789, null));
        assertThrows(BadInput.class, () -> new VxlanSpec(null, 1, 4789, "a bridge"));
        assertThrows(BadInput.class, () -> new NodeUnderlay("node1", "node2.example", "eth1", 1500));
        assertThrows(BadInput.class, () -> new NodeUnderlay("node1", "192.168.56.10", "eth1", 100));
        assertThrows(BadInput.class, () -> VxlanPlanner.plan(SPEC, List.of(N1, N1), empty("node1")));
        assertThrows(BadInput.class, () -> VxlanPlanner.plan(SPEC,
                List.of(N1, new NodeUnderlay("node2", "192.168.56.10", "eth1", 1500)), empty("node1", "node2")));
        assertEquals("VNI 0 is outside 1..16777215", assertThrows(BadInput.class, () -> VxlanSpec.of(0)).getMessage());
        assertEquals(1430, new NodeUnderlay("n", "fd00::1", "eth1", 1500).overlayMtu(), "IPv6 underlay costs 70");
    }

    @Test
    void missingStateIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> VxlanPlanner.plan(SPEC, List.of(N1), Map.of()));
    }
}
