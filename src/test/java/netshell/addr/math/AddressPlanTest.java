package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import netshell.addr.math.AddressPlan.NodeAddresses;
import netshell.core.BadInput;

class AddressPlanTest {

    private static List<String> names(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "node" + i).toList();
    }

    private static AddressPlan plan(String subnet, int nodes) {
        return AddressPlan.of(Cidr.parse(subnet), names(nodes));
    }

    private static NodeAddresses<Cidr> node(String name, String host, String range, String first, String last) {
        return new NodeAddresses<>(name, host, Cidr.parse(range), first, last);
    }

    @Test
    void twoNodesInTheWalkthroughSubnet() {
        AddressPlan plan = plan("10.0.0.0/24", 2);
        assertEquals(Cidr.parse("10.0.0.0/24"), plan.subnet());
        assertEquals(List.of(
                node("node1", "10.0.0.1", "10.0.0.64/26", "10.0.0.65", "10.0.0.127"),
                node("node2", "10.0.0.2", "10.0.0.128/26", "10.0.0.129", "10.0.0.191")), plan.nodes());
        assertEquals(Cidr.parse("10.0.0.32/27"), plan.vipRange());
        assertEquals(List.of(Cidr.parse("10.0.0.192/26")), plan.spare());
        assertInvariants(plan);
    }

    @Test
    void threeNodesUseTheLastPartWithoutTheSubnetBroadcast() {
        AddressPlan plan = plan("10.0.0.0/24", 3);
        assertEquals(node("node3", "10.0.0.3", "10.0.0.192/26", "10.0.0.193", "10.0.0.254"), plan.node("node3"));
        assertEquals(List.of(), plan.spare());
        assertInvariants(plan);
    }

    @Test
    void fourNodesNeedEightParts() {
        AddressPlan plan = plan("10.0.0.0/24", 4);
        assertEquals(List.of(
                node("node1", "10.0.0.1", "10.0.0.32/27", "10.0.0.33", "10.0.0.63"),
                node("node2", "10.0.0.2", "10.0.0.64/27", "10.0.0.65", "10.0.0.95"),
                node("node3", "10.0.0.3", "10.0.0.96/27", "10.0.0.97", "10.0.0.127"),
                node("node4", "10.0.0.4", "10.0.0.128/27", "10.0.0.129", "10.0.0.159")), plan.nodes());
        assertEquals(Cidr.parse("10.0.0.16/28"), plan.vipRange());
        assertEquals(3, plan.spare().size());
        assertInvariants(plan);
    }

    @Test
    void eightNodesDoNotFitASlash24ButFitASlash23() {
        assertEquals("10.0.0.0/24 is too small for 8 nodes: it has 256 addresses, but the plan needs 16 parts"
                + " (8 node ranges + 1 for hosts and VIPs, rounded up to a power of two) of 32 addresses each"
                + " (part 0 holds 8 host addresses in its lower half and VIPs in its upper half; a node range"
                + " holds at least 2 containers), 512 in all; use a /23 or larger",
                assertThrows(BadInput.class, () -> plan("10.0.0.0/24", 8)).getMessage());
        AddressPlan plan = plan("10.0.0.0/23", 8);
        assertEquals(Cidr.parse("10.0.0.16/28"), plan.vipRange());
        assertEquals(node("node8", "10.0.0.8", "10.0.1.0/27", "10.0.1.1", "10.0.1.31"), plan.node("node8"));
        assertInvariants(plan);
    }

    @Test
    void hundredNodesInASlash16() {
        AddressPlan plan = plan("10.0.0.0/16", 100);
        assertEquals(100, plan.nodes().size());
        assertEquals(Cidr.parse("10.0.1.0/24"), plan.vipRange());
        assertEquals(node("node1", "10.0.0.1", "10.0.2.0/23", "10.0.2.1", "10.0.3.255"), plan.node("node1"));
        assertEquals(node("node100", "10.0.0.100", "10.0.200.0/23", "10.0.200.1", "10.0.201.255"),
                plan.node("node100"));
        assertEquals(27, plan.spare().size());
        assertInvariants(plan);
    }

    @Test
    void rejectsImpossiblePlans() {
        assertEquals("10.0.0.0/29 is too small for 4 nodes: it has 8 addresses, but the plan needs 8 parts"
                + " (4 node ranges + 1 for hosts and VIPs, rounded up to a power of two) of 16 addresses each"
                + " (part 0 holds 4 host addresses in its lower half and VIPs in its upper half; a node range"
                + " holds at least 2 containers), 128 in all; use a /25 or larger",
                assertThrows(BadInput.class, () -> plan("10.0.0.0/29", 4)).getMessage());
        assertTrue(assertThrows(BadInput.class, () -> plan("10.0.0.1/32", 1)).getMessage()
                .startsWith("10.0.0.1/32 is too small for 1 node: it has 1 addresses"));
        assertEquals("an address plan needs at least one node (0 nodes given)",
                assertThrows(BadInput.class, () -> AddressPlan.of(Cidr.parse("10.0.0.0/24"), List.of())).getMessage());
        assertEquals("node a appears twice in the address plan",
                assertThrows(BadInput.class,
                        () -> AddressPlan.of(Cidr.parse("10.0.0.0/24"), List.of("a", "b", "a"))).getMessage());
        assertEquals("empty node name in the address plan",
                assertThrows(BadInput.class,
                        () -> AddressPlan.of(Cidr.parse("10.0.0.0/24"), List.of("a", " "))).getMessage());
    }

    @Test
    void containerAddressesCountFromTheFirstContainer() {
        AddressPlan plan = plan("10.0.0.0/24", 2);
        assertEquals("10.0.0.65", plan.containerAddress("node1", 0));
        assertEquals("10.0.0.127", plan.containerAddress("node1", 62));
        assertEquals("10.0.0.130", plan.containerAddress("node2", 1));
        assertEquals("container index 63 is outside node1's range: it has 63 container addresses"
                + " (index 0..62, 10.0.0.65 – 10.0.0.127)",
                assertThrows(BadInput.class, () -> plan.containerAddress("node1", 63)).getMessage());
        assertThrows(BadInput.class, () -> plan.containerAddress("node1", -1));
        assertEquals("no node node9 in the address plan (nodes: node1, node2)",
                assertThrows(BadInput.class, () -> plan.containerAddress("node9", 0)).getMessage());
    }

    @Test
    void conflictsFindTheWalkthroughMistake() {
        // The walkthrough gives node1 10.0.0.0/25 for containers and puts the hosts at 10.0.0.1 and 10.0.0.2.
        assertEquals(List.of(
                "host address 10.0.0.1 lies inside container range 10.0.0.0/25",
                "host address 10.0.0.2 lies inside container range 10.0.0.0/25"),
                AddressPlan.conflicts(List.of(Cidr.parse("10.0.0.0/25"), Cidr.parse("10.0.0.128/25")),
                        List.of("10.0.0.1", "10.0.0.2")));
        assertEquals(List.of(
                "container range 10.0.0.0/24 overlaps container range 10.0.0.128/25",
                "host address 10.0.1.1 is used twice"),
                AddressPlan.conflicts(List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("10.0.0.128/25")),
                        List.of("10.0.1.1", "10.0.1.1")));
        assertEquals(List.of(), AddressPlan.conflicts(List.of(Cidr.parse("10.0.0.64/26")), List.of("10.0.0.1")));
    }

    /** Every feasible plan from 1 to 40 nodes in /16../30 keeps the rules; every refusal is really too small. */
    @Test
    void invariantsHoldForEveryPlanOrTheSubnetIsTooSmall() {
        int built = 0;
        for (int n = 1; n <= 40; n++) {
            for (int prefix = 16; prefix <= 32; prefix++) {
                Cidr subnet = Cidr.parse("172.20.0.0/" + prefix);
                long parts = Long.highestOneBit(2L * n + 1); // next power of two ≥ n + 1
                long perPart = subnet.total() / parts;
                boolean fits = parts <= subnet.total() && perPart >= 4 && perPart / 2 >= n + 1;
                try {
                    AddressPlan plan = AddressPlan.of(subnet, names(n));
                    assertTrue(fits, n + " nodes in " + subnet + " should have been refused");
                    assertInvariants(plan);
                    built++;
                } catch (BadInput e) {
                    assertFalse(fits, n + " nodes in " + subnet + " refused: " + e.getMessage());
                    assertTrue(e.getMessage().startsWith(subnet + " is too small for " + n + " node"), e.getMessage());
                }
            }
        }
        assertTrue(built > 250, "only " + built + " plans built");
    }

    private static void assertInvariants(AddressPlan plan) {
        Cidr subnet = plan.subnet();
        List<NodeAddresses<Cidr>> nodes = plan.nodes();
        List<Cidr> ranges = nodes.stream().map(NodeAddresses::containerRange).toList();
        List<String> hosts = nodes.stream().map(NodeAddresses::hostAddress).toList();
        assertEquals(List.of(), AddressPlan.conflicts(ranges, hosts), plan.toString());
        assertEquals(nodes.size(), new HashSet<>(hosts).size(), "distinct hosts");
        assertTrue(subnet.contains(plan.vipRange()), "VIPs inside the subnet");
        for (int i = 0; i < nodes.size(); i++) {
            NodeAddresses<Cidr> node = nodes.get(i);
            Cidr range = node.containerRange();
            assertTrue(subnet.contains(range), range + " inside " + subnet);
            assertTrue(subnet.contains(node.hostAddress()), node.hostAddress());
            assertFalse(plan.vipRange().contains(node.hostAddress()), node.hostAddress() + " is a VIP");
            assertFalse(plan.vipRange().overlaps(range), "VIPs overlap " + range);
            for (int j = 0; j < nodes.size(); j++) {
                assertFalse(nodes.get(j).containerRange().contains(node.hostAddress()),
                        node.hostAddress() + " inside " + nodes.get(j).containerRange());
                if (j != i) assertFalse(range.overlaps(nodes.get(j).containerRange()), range + " overlaps");
            }
            int first = Ipv4.parse(node.firstContainer());
            int last = Ipv4.parse(node.lastContainer());
            assertTrue(range.contains(node.firstContainer()) && range.contains(node.lastContainer()), node.toString());
            assertTrue(first != range.networkInt() && last != subnet.broadcastInt(), node.toString());
            assertTrue(Ipv4.toLong(last) - Ipv4.toLong(first) + 1 >= AddressPlan.MIN_CONTAINERS, node.toString());
            assertEquals(node.lastContainer(), plan.containerAddress(node.node(),
                    (int) (Ipv4.toLong(last) - Ipv4.toLong(first))));
        }
        Set<Cidr> everything = new HashSet<>(ranges);
        everything.add(plan.vipRange());
        everything.addAll(plan.spare());
        List<Cidr> all = new ArrayList<>(everything);
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(i).overlaps(all.get(j))) fail(all.get(i) + " overlaps " + all.get(j));
            }
        }
    }
}
