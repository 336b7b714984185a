package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * IPv6 checks on hand-built state: forwarding, DAD (tentative, failed) and the 70-byte overhead of an IPv6 underlay.
 */
class Ipv6DoctorTest {

    /** A node of a 2-node mesh over an IPv6 underlay with a dual-stack bridge; vxlan0 has the given MTU. */
    static NodeFacts node(String name, String local, String peer, int vxlanMtu, NodeFacts.Ip6Facts ip6) {
        List<Link> links = List.of(DoctorTest.link("eth1", null, 1500, null, true),
                DoctorTest.link("nsbr0", "bridge", vxlanMtu, null, true),
                DoctorTest.vxlan(local, 600, vxlanMtu, true));
        NodeState state = new NodeState(links,
                List.of(new FdbEntry(FdbEntry.ALL_ZEROS, "vxlan0", peer, null, List.of("self"))),
                List.of(new IfAddress("eth1", "inet6", local, 64), new IfAddress("nsbr0", "inet6", "fd00:60::1", 64)),
                List.of());
        return new NodeFacts(name, local, "eth1", DoctorTest.TOOLS, 0, null, "1", state, null,
                Map.of(name.equals("node1") ? "node2" : "node1", true), Map.of(), Map.of(), ip6);
    }

    static final NodeFacts.Ip6Facts FORWARDING = new NodeFacts.Ip6Facts("1", List.of(), List.of(), false);

    static List<Finding> check(int mtu, NodeFacts.Ip6Facts ip6) {
        return Doctor.check(List.of(node("node1", "fd56::a", "fd56::b", mtu, ip6),
                node("node2", "fd56::b", "fd56::a", mtu, FORWARDING)));
    }

    static Finding one(List<Finding> findings, String check, String node) {
        return findings.stream().filter(f -> f.check().equals(check) && f.node().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " on " + node + ": " + findings));
    }

    @Test
    void healthyIpv6MeshPasses() {
        List<Finding> findings = check(1430, FORWARDING);
        assertTrue(findings.stream().noneMatch(Finding::failed), findings.toString());
        assertEquals("every overlay device has MTU 1430", one(findings, "mtu", "node1").explanation());
        assertEquals("net.ipv6.conf.all.forwarding is 1", one(findings, "ipv6_forwarding", "node1").explanation());
    }

    @Test
    void anIpv4SizedMtuOverAnIpv6UnderlayFails() {
        Finding mtu = one(check(1450, FORWARDING), "mtu", "node1");
        assertTrue(mtu.failed(), mtu.toString());
        assertTrue(mtu.explanation().contains("more than 1430, the underlay's 1500 minus VXLAN's 70 bytes over IPv6"),
                mtu.explanation());
        assertTrue(mtu.fix().contains("ip link set vxlan0 mtu 1430"), mtu.fix());
    }

    @Test
    void ipv6ForwardingOffFailsWhereIpv6IsRouted() {
        Finding f = one(check(1430, new NodeFacts.Ip6Facts("0", List.of(), List.of(), false)), "ipv6_forwarding",
                "node1");
        assertTrue(f.failed(), f.toString());
        assertEquals("sysctl -w net.ipv6.conf.all.forwarding=1", f.fix());
    }

    @Test
    void tentativeWarnsAndDadFailureFails() {
        var ip6 = new NodeFacts.Ip6Facts("1", List.of("fd56::a/64 dev eth1", "fd56::99/64 dev eth1"),
                List.of("fd56::99/64 dev eth1"), false);
        List<Finding> dad = check(1430, ip6).stream().filter(f -> f.check().equals("ipv6_dad")).toList();
        assertEquals(2, dad.size(), dad.toString());
        assertTrue(dad.get(0).failed() && dad.get(0).explanation().startsWith("fd56::99/64 dev eth1 failed duplicate"));
        assertEquals("give this node another address: ip addr del fd56::99/64 dev eth1", dad.get(0).fix());
        assertFalse(dad.get(1).failed());
        assertTrue(dad.get(1).explanation().contains("fd56::a/64 dev eth1 on node1 is tentative"),
                dad.get(1).explanation());
    }

    @Test
    void ipv4OnlyNodesGetNoIpv6Findings() {
        List<Finding> findings = Doctor.check(DoctorTest.healthy());
        assertTrue(findings.stream().noneMatch(f -> f.check().startsWith("ipv6")), findings.toString());
    }
}
