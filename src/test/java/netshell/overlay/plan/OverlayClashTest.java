package netshell.overlay.plan;

import static netshell.overlay.plan.OverlayPlannerTest.MEMBERS;
import static netshell.overlay.plan.VxlanPlannerTest.N1;
import static netshell.overlay.plan.VxlanPlannerTest.N2;
import static netshell.overlay.plan.VxlanPlannerTest.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.kernel.NodeState;

/**
 * A second overlay that would take what walkthrough 4's overlay holds (VNI 100 on port 4789, the device
 * vxlan-demo, the subnet 10.0.0.0/24) is refused before any step, in one line naming the device and the way out.
 */
class OverlayClashTest {
    static final VxlanSpec DEMO = new VxlanSpec("vxlan-demo", 100, 4789, "vxlan-net");
    static final Map<String, NodeState> WITH_DEMO = KernelSimulator
            .apply(OverlayPlanner.plan(DEMO, MEMBERS, empty("node1", "node2")), empty("node1", "node2"));

    static List<OverlayMember> members(String subnetHosts) {
        return List.of(new OverlayMember(N1, subnetHosts + ".1/24"), new OverlayMember(N2, subnetHosts + ".2/24"));
    }

    static String refusal(Runnable plan) {
        BadInput e = assertThrows(BadInput.class, plan::run);
        return e.getMessage();
    }

    @Test
    void sameVniAndPortIsRefusedNamingTheDeviceAndTheWayOut() {
        assertEquals("node1, node2: VNI 100 on UDP port 4789 is taken by vxlan-demo (VNI 100, port of overlay"
                + " vxlan-net): choose another --vni, or remove that overlay first (overlay delete --bridge vxlan-net);"
                + " nothing was changed",
                refusal(() -> OverlayPlanner.plan(VxlanSpec.of(100), MEMBERS, WITH_DEMO)));
        assertTrue(refusal(() -> VxlanPlanner.plan(new VxlanSpec("vx9", 100, 4789, null), List.of(N1, N2),
                WITH_DEMO)).startsWith("node1, node2: VNI 100 on UDP port 4789 is taken by vxlan-demo"));
    }

    @Test
    void theSameSubnetOnAnotherBridgeIsRefused() {
        assertEquals("node1, node2: the overlay on bridge vxlan-net already has 10.0.0.0/24: choose another subnet,"
                + " or remove it first (overlay delete --bridge vxlan-net); nothing was changed",
                refusal(() -> OverlayPlanner.plan(VxlanSpec.of(200), MEMBERS, WITH_DEMO)));
    }

    @Test
    void anotherOverlaysDeviceNameIsRefused() {
        assertTrue(refusal(() -> OverlayPlanner.plan(new VxlanSpec("vxlan-demo", 300, 4789, "nsbr0"),
                members("10.9.0"), WITH_DEMO)).contains("the VXLAN device vxlan-demo (VNI 100, port of overlay"
                        + " vxlan-net) belongs to another overlay: choose another --name"));
        assertTrue(refusal(() -> VxlanPlanner.plan(new VxlanSpec("vxlan-demo", 300, 4789, null), List.of(N1, N2),
                WITH_DEMO)).contains("belongs to another overlay"));
    }

    @Test
    void whatDoesNotClashIsPlanned() {
        assertTrue(OverlayPlanner.plan(DEMO, MEMBERS, WITH_DEMO).isEmpty(), "the same overlay again: nothing to do");
        assertFalse(OverlayPlanner.plan(VxlanSpec.of(200), members("10.9.0"), WITH_DEMO).isEmpty());
        assertFalse(OverlayPlanner.plan(new VxlanSpec(null, 100, 4790, null), members("10.9.0"), WITH_DEMO)
                .isEmpty(), "another port");
        NodeUnderlay v6a = new NodeUnderlay("node1", "fd56::a", "eth1", 1500);
        NodeUnderlay v6b = new NodeUnderlay("node2", "fd56::b", "eth1", 1500);
        assertFalse(VxlanPlanner.plan(new VxlanSpec("vx6", 100, 4789, null), List.of(v6a, v6b), WITH_DEMO).isEmpty(),
                "the other family: the kernel keeps them apart");
        // The demo's own device, reconciled by vxlan create: no clash with itself.
        VxlanPlanner.plan(new VxlanSpec("vxlan-demo", 100, 4789, null), List.of(N1, N2), WITH_DEMO);
    }
}
