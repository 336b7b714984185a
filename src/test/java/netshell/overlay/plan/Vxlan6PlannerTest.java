package netshell.overlay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.core.Plan;

/** A mesh over an IPv6 underlay: v6 local and peers, checksums agreed, MTU underlay - 70. */
class Vxlan6PlannerTest {
    static final NodeUnderlay A = new NodeUnderlay("node1", "fd56::a", "eth1", 1500);
    static final NodeUnderlay B = new NodeUnderlay("node2", "fd56::b", "eth1", 1500);

    @Test
    void twoNodesGolden() {
        Plan plan = VxlanPlanner.plan(VxlanPlannerTest.SPEC, List.of(A, B), VxlanPlannerTest.empty("node1", "node2"));
        assertEquals(List.of(
                "ip link add vxlan0 type vxlan id 100 local fd56::a dev eth1 dstport 4789"
                        + " noudp6zerocsumtx noudp6zerocsumrx",
                "ip link set vxlan0 mtu 1430",
                "ip link set dev vxlan0 alias netshell",
                "ip link set vxlan0 up",
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst fd56::b"), VxlanPlannerTest.lines(plan, "node1"));
        assertEquals(1430, A.overlayMtu());
    }
}
