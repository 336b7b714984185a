package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.overlay.plan.VxlanSpec;

/** The cause checks on hand-built facts: each cause alone gives its one finding, with golden evidence and fix. */
class CauseChecksTest {
    static final String FILTER_HEAD = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";

    static CauseFacts facts(Map<String, Integer> rp, Long count, Long max, List<String> other, String nft) {
        return new CauseFacts(rp, Map.of(), count, max, "nf_tables", other, 0, nft);
    }

    static CauseFacts healthy() {
        return facts(Map.of("all", 0, "default", 2, "vxlan0", 2, "nsbr0", 2), 5L, 262144L, List.of(), "");
    }

    static Map<String, CauseFacts> causes(CauseFacts node2) {
        Map<String, CauseFacts> out = new LinkedHashMap<>();
        out.put("node1", healthy());
        out.put("node2", node2);
        return out;
    }

    /** The two-node lab of DoctorTest with node2's iptables-save replaced. */
    static List<NodeFacts> withSave2(String save) {
        NodeFacts n2 = DoctorTest.healthy().get(1);
        return List.of(DoctorTest.healthy().get(0), new NodeFacts(n2.node(), n2.address(), n2.underlay(), n2.tools(),
                n2.uid(), n2.sudo(), n2.ipForward(), n2.state(), save, n2.peerReach(), n2.backendReach(),
                n2.containers()));
    }

    static List<Finding> notOk(List<NodeFacts> nodes, Map<String, CauseFacts> causes) {
        return Doctor.check(nodes, causes).stream().filter(f -> f.status() != Status.OK).toList();
    }

    static Finding only(List<NodeFacts> nodes, Map<String, CauseFacts> causes, String check, String node) {
        List<Finding> bad = notOk(nodes, causes);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals(check, bad.get(0).check(), bad.toString());
        assertEquals(node, bad.get(0).node(), bad.toString());
        assertEquals(Status.FAIL, bad.get(0).status());
        return bad.get(0);
    }

    @Test
    void healthyFactsGiveOnlyOkRowsAndEveryCauseCheckRuns() {
        List<Finding> all = Doctor.check(DoctorTest.healthy(), causes(healthy()));
        assertEquals(List.of(), all.stream().filter(f -> f.status() != Status.OK).toList());
        for (String c : List.of("rp-filter", "firewall-vxlan", "loss", "mixed-backends", "conntrack-full"))
            assertTrue(all.stream().anyMatch(f -> f.check().equals(c)), c + " did not run: " + all);
    }

    @Test
    void withoutCauseFactsTheOlderChecksAreExactlyAsBefore() {
        assertEquals(Doctor.check(DoctorTest.healthy()).size(), Doctor.check(DoctorTest.healthy(), Map.of()).size());
    }

    @Test
    void strictRpFilterCountsWhereTheKernelTakesTheLargerValue() {
        Finding f = only(DoctorTest.healthy(), causes(facts(Map.of("all", 1, "vxlan0", 1, "nsbr0", 2), 5L, 262144L,
                List.of(), "")), "rp-filter", "node2");
        assertEquals("sysctl -w net.ipv4.conf.all.rp_filter=2 && sysctl -w net.ipv4.conf.vxlan0.rp_filter=2", f.fix());
        assertTrue(f.explanation().endsWith("[sysctl net.ipv4.conf: net.ipv4.conf.all.rp_filter = 1;"
                + " net.ipv4.conf.vxlan0.rp_filter = 1]"), f.explanation());
        // all=1 with the device at 2 is loose: max(1, 2) = 2.
        assertEquals(List.of(), notOk(DoctorTest.healthy(), causes(facts(Map.of("all", 1, "vxlan0", 2, "nsbr0", 2),
                5L, 262144L, List.of(), ""))));
    }

    @Test
    void anIptablesDropOfTheVxlanPortIsAFirewallAndItsFixDeletesIt() {
        String save = FILTER_HEAD + "-A INPUT -p udp -m udp --dport 4789 -j DROP\nCOMMIT\n";
        Finding f = only(withSave2(save), causes(healthy()), "firewall-vxlan", "node2");
        assertEquals("iptables -w -t filter -D INPUT -p udp -m udp --dport 4789 -j DROP", f.fix());
        assertTrue(f.explanation().contains("-A INPUT -p udp -m udp --dport 4789 -j DROP"), f.explanation());
        // A port range holding 4789 is the same fault; another port is none.
        only(withSave2(FILTER_HEAD + "-A INPUT -p udp -m multiport --dports 4000:5000 -j REJECT\nCOMMIT\n"),
                causes(healthy()), "firewall-vxlan", "node2");
        assertEquals(List.of(), notOk(withSave2(FILTER_HEAD + "-A INPUT -p udp -m udp --dport 53 -j DROP\nCOMMIT\n"),
                causes(healthy())));
    }

    @Test
    void anNftDropOfTheVxlanPortIsAFirewallWithAFixByHandle() {
        String nft = "table inet fw {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n"
                + "\t\tudp dport 4789 counter drop\n\t}\n}\n";
        Finding f = only(DoctorTest.healthy(), causes(facts(Map.of("all", 0), 5L, 262144L, List.of(), nft)),
                "firewall-vxlan", "node2");
        assertEquals("nft delete rule inet fw input handle $(nft -a -s list chain inet fw input | grep -F"
                + " 'udp dport 4789 counter drop' | awk '{print $NF; exit}')", f.fix());
    }

    @Test
    void aRandomDropIsLossNotAFirewall() {
        String save = FILTER_HEAD + "-A INPUT -i eth1 -p udp -m udp --dport 4789 -m statistic --mode random"
                + " --probability 0.20000000019 -j DROP\nCOMMIT\n";
        Finding f = only(withSave2(save), causes(healthy()), "loss", "node2");
        assertEquals("iptables -w -t filter -D INPUT -i eth1 -p udp -m udp --dport 4789 -m statistic --mode random"
                + " --probability 0.20000000019 -j DROP", f.fix());
        String nft = "table ip lossy {\n\tchain input {\n\t\ttype filter hook input priority filter;\n"
                + "\t\tnumgen random mod 10 < 2 drop\n\t}\n}\n";
        only(DoctorTest.healthy(), causes(facts(Map.of("all", 0), 5L, 262144L, List.of(), nft)), "loss", "node2");
    }

    @Test
    void rulesInTheOtherIptablesBackEndAreMixedBackends() {
        Finding f = only(DoctorTest.healthy(), causes(facts(Map.of("all", 0), 5L, 262144L,
                List.of("*filter", "-A INPUT -p tcp -m tcp --dport 9 -m comment --comment \"old tool\" -j DROP"), "")),
                "mixed-backends", "node2");
        assertEquals("iptables-legacy -w -t filter -D INPUT -p tcp -m tcp --dport 9 -m comment --comment 'old tool'"
                + " -j DROP", f.fix());
    }

    @Test
    void aConntrackTableNinetyPercentFullFails() {
        Finding f = only(DoctorTest.healthy(), causes(facts(Map.of("all", 0), 950L, 1000L, List.of(), "")),
                "conntrack-full", "node2");
        assertEquals("sysctl -w net.netfilter.nf_conntrack_max=262144", f.fix());
        assertEquals(List.of(), notOk(DoctorTest.healthy(), causes(facts(Map.of("all", 0), 899L, 1000L, List.of(),
                ""))));
    }

    @Test
    void anExternalVxlanDeviceOnTheOverlaysPortIsAClashAndNothingElse() {
        List<NodeFacts> nodes = new ArrayList<>(DoctorTest.healthy());
        NodeFacts n2 = nodes.get(1);
        List<Link> links = new ArrayList<>(n2.state().links());
        links.add(new Link("vxclash", 0, "vxlan", "DOWN", false, 1500, null, null, null, 0, null, 4789, "eth1",
                false));
        nodes.set(1, new NodeFacts(n2.node(), n2.address(), n2.underlay(), n2.tools(), n2.uid(), n2.sudo(),
                n2.ipForward(), new NodeState(links, n2.state().fdb(), n2.state().addresses(), List.of()), null,
                n2.peerReach(), Map.of(), Map.of()));
        Finding f = only(nodes, causes(healthy()), "vxlan-port-clash", "node2");
        assertEquals("ip link del vxclash", f.fix());
    }

    @Test
    void aVtepMacChangedUnderAStaticMeshIsReportedOnItsNodeAlone() {
        assertEquals(List.of(), notOk(staticMesh("192.168.56.11"), causes(healthy())));
        Finding f = only(staticMesh("02:fa:17:00:00:01"), causes(healthy()), "vtep-mac", "node2");
        assertEquals("ip link set vxlan0 address " + VxlanSpec.staticMac(1, "192.168.56.11"), f.fix());
        assertTrue(f.explanation().contains("node1: " + VxlanSpec.staticMac(1, "192.168.56.11")), f.explanation());
    }

    @Test
    void routeLocalnetIsAWarning() {
        CauseFacts c = new CauseFacts(Map.of("all", 0), Map.of("all", 1), 5L, 262144L, "nf_tables", List.of(), 0, "");
        List<Finding> bad = notOk(DoctorTest.healthy(), causes(c));
        assertEquals(1, bad.size(), bad.toString());
        assertEquals(Status.WARN, bad.get(0).status());
        assertEquals("sysctl -w net.ipv4.conf.all.route_localnet=0", bad.get(0).fix());
    }

    /** Two nodes in a static mesh (no flooding, no learning); node2's device has MAC {@code mac2} (or its own). */
    static List<NodeFacts> staticMesh(String mac2) {
        String m1 = VxlanSpec.staticMac(1, "192.168.56.10");
        String m2 = mac2.contains(":") ? mac2 : VxlanSpec.staticMac(1, mac2);
        return List.of(meshNode("node1", "192.168.56.10", m1, "192.168.56.11", VxlanSpec.staticMac(1, "192.168.56.11")),
                meshNode("node2", "192.168.56.11", m2, "192.168.56.10", m1));
    }

    static NodeFacts meshNode(String name, String address, String mac, String peer, String peerMac) {
        Link vx = new Link("vxlan0", 0, "vxlan", "UNKNOWN", true, 1450, "nsbr0", "netshell", mac, 100, address, 4789,
                "eth1", false);
        List<Link> links = List.of(DoctorTest.link("eth1", null, 1500, null, true),
                DoctorTest.link("nsbr0", "bridge", 1450, null, true), vx);
        NodeState state = new NodeState(links, List.of(new FdbEntry(peerMac, "vxlan0", peer, null, List.of("self"))),
                List.of(new IfAddress("eth1", "inet", address, 24)), List.of());
        return new NodeFacts(name, address, "eth1", DoctorTest.TOOLS, 0, null, "1", state, null,
                Map.of(name.equals("node1") ? "node2" : "node1", true), Map.of(), Map.of());
    }
}
