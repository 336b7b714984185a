package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.IptablesRules;
import netshell.lb.rules.ServiceSpec;

/** The checks on hand-built state: a healthy two-node overlay with a service, and single faults with golden fixes. */
class DoctorTest {
    static final Set<String> TOOLS = Set.of("ip", "bridge", "iptables", "tcpdump");
    static final ServiceSpec WEB = new ServiceSpec(new Endpoint("10.0.0.40", 80), "tcp",
            List.of(new Endpoint("10.0.0.65", 80), new Endpoint("10.0.0.66", 80), new Endpoint("10.0.0.129", 80)));

    static Link link(String name, String kind, int mtu, String master, boolean up) {
        return new Link(name, 0, kind, up ? "UP" : "DOWN", up, mtu, master, "netshell", null, null, null, null, null,
                null);
    }

    static Link vxlan(String local, int vni, int mtu, boolean up) {
        return new Link("vxlan0", 0, "vxlan", up ? "UNKNOWN" : "DOWN", up, mtu, "nsbr0", "netshell", null, vni, local,
                4789, "eth1", true);
    }

    static NodeFacts node(String name, String address, String peer, List<Link> extra, String save) {
        List<Link> links = new ArrayList<>(
                List.of(link("eth1", null, 1500, null, true), link("nsbr0", "bridge", 1450, null, true)));
        links.addAll(extra);
        NodeState state = new NodeState(links,
                List.of(new FdbEntry(FdbEntry.ALL_ZEROS, "vxlan0", peer, null, List.of("self"))),
                List.of(new IfAddress("eth1", "inet", address, 24),
                        new IfAddress("nsbr0", "inet", name.equals("node1") ? "10.0.0.1" : "10.0.0.2", 24)),
                List.of());
        return new NodeFacts(name, address, "eth1", TOOLS, 0, null, "1", state, save,
                Map.of(name.equals("node1") ? "node2" : "node1", true),
                save == null ? Map.of() : Map.of("10.0.0.65", true, "10.0.0.66", true, "10.0.0.129", true), Map.of());
    }

    static String lbSave(String restoreText) {
        return restoreText
                + "*nat\n-A PREROUTING -m comment --comment netshell -j NETSHELL-SERVICES\n"
                + "-A OUTPUT -m comment --comment netshell -j NETSHELL-SERVICES\n"
                + "-A POSTROUTING -m comment --comment netshell -j NETSHELL-POSTROUTING\nCOMMIT\n"
                + "*filter\n:FORWARD ACCEPT [0:0]\n"
                + "-A FORWARD -m comment --comment netshell -j NETSHELL-FORWARD\nCOMMIT\n";
    }

    static List<NodeFacts> healthy() {
        return List.of(
                node("node1", "192.168.56.10", "192.168.56.11", List.of(vxlan("192.168.56.10", 100, 1450, true)),
                        lbSave(IptablesRules.restoreText(List.of(WEB)))),
                node("node2", "192.168.56.11", "192.168.56.10", List.of(vxlan("192.168.56.11", 100, 1450, true)),
                        null));
    }

    static List<Finding> failures(List<NodeFacts> nodes) {
        return Doctor.check(nodes).stream().filter(Finding::failed).toList();
    }

    @Test
    void healthyStatePasses() {
        List<Finding> all = Doctor.check(healthy());
        assertEquals(List.of(), all.stream().filter(f -> f.status() != Status.OK).toList());
        assertTrue(all.stream().anyMatch(f -> f.check().equals("lb-ladder") && f.explanation().contains("33% 33% 33%")),
                all.toString());
        assertTrue(all.stream().anyMatch(f -> f.check().equals("lb-hairpin") && f.status() == Status.OK),
                all.toString());
    }

    @Test
    void aBackendWithoutItsHairpinSnatGetsTheRuleBack() {
        String save = lbSave(IptablesRules.restoreText(List.of(WEB))).lines()
                .filter(l -> !l.startsWith("-A NETSHELL-POSTROUTING -s 10.0.0.66/32"))
                .reduce("", (a, b) -> a + b + "\n");
        List<NodeFacts> nodes = List.of(
                node("node1", "192.168.56.10", "192.168.56.11", List.of(vxlan("192.168.56.10", 100, 1450, true)), save),
                healthy().get(1));
        List<Finding> failed = failures(nodes);
        assertEquals(List.of("lb-hairpin"), failed.stream().map(Finding::check).toList(), failed.toString());
        assertTrue(failed.get(0).explanation()
                .startsWith("no hairpin SNAT for 10.0.0.40:80/tcp ← 10.0.0.66 on node1"),
                failed.get(0).explanation());
        assertEquals("iptables -w -t nat -I NETSHELL-POSTROUTING 1 -s 10.0.0.66/32 -p tcp -m comment"
                + " --comment netshell:10.0.0.40:80/tcp -m conntrack --ctstate DNAT --ctorigdst 10.0.0.40"
                + " --ctorigdstport 80 -j SNAT --to-source 10.0.0.40", failed.get(0).fix());
    }

    @Test
    void vniMismatchIsOneFailureWithTheRecreateCommands() {
        List<NodeFacts> nodes = new ArrayList<>(healthy());
        nodes.add(node("node3", "192.168.56.12", "192.168.56.10", List.of(vxlan("192.168.56.12", 200, 1450, true)),
                null));
        List<Finding> f = failures(nodes).stream().filter(x -> x.check().equals("vxlan-agree")).toList();
        assertEquals(1, f.size(), f.toString());
        assertEquals("node3", f.get(0).node());
        assertEquals(
                "ip link del vxlan0"
                        + " && ip link add vxlan0 type vxlan id 100 local 192.168.56.12 dev eth1 dstport 4789"
                        + " && ip link set vxlan0 mtu 1450"
                        + " && ip link set vxlan0 master nsbr0 && ip link set vxlan0 up"
                        + " && bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.10"
                        + " && bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.56.11",
                f.get(0).fix());
    }

    @Test
    void bridgeEnslavedToTheVxlanDeviceIsBackwards() {
        List<NodeFacts> nodes = new ArrayList<>(healthy());
        NodeFacts n2 = nodes.get(1);
        List<Link> links = new ArrayList<>(n2.state().links());
        links.replaceAll(l -> l.name().equals("nsbr0")
                ? link("nsbr0", "bridge", 1450, "vxlan0", true)
                : l.name().equals("vxlan0")
                        ? new Link("vxlan0", 0, "vxlan", "UNKNOWN", true, 1450, null, "netshell", null, 100,
                                "192.168.56.11", 4789, "eth1", true)
                        : l);
        nodes.set(1, new NodeFacts(n2.node(), n2.address(), n2.underlay(), n2.tools(), 0, null, "1",
                new NodeState(links, n2.state().fdb(), n2.state().addresses(), List.of()), null, n2.peerReach(),
                Map.of(), Map.of()));
        List<Finding> f = failures(nodes);
        assertTrue(f.stream().allMatch(x -> x.check().equals("bridge") && x.node().equals("node2")), f.toString());
        assertTrue(
                f.stream()
                        .anyMatch(x -> x.fix().equals("ip link set nsbr0 nomaster && ip link set vxlan0 master nsbr0")),
                f.toString());
    }

    @Test
    void naiveLadderGetsAReplaceCommandForTheWrongRuleOnly() {
        String naive = IptablesRules.restoreText(List.of(WEB)).replace("--probability 0.5000000000",
                "--probability 0.3333333333");
        List<NodeFacts> nodes = new ArrayList<>(healthy());
        NodeFacts n1 = nodes.get(0);
        nodes.set(0,
                new NodeFacts(n1.node(), n1.address(), n1.underlay(), n1.tools(), 0, null, "1", n1.state(),
                        lbSave(naive),
                        n1.peerReach(), n1.backendReach(), Map.of()));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).explanation().startsWith("10.0.0.40:80/tcp sends 33% 22% 44% of new connections"),
                f.get(0).explanation());
        assertTrue(f.get(0).fix().matches(
                "iptables -w -t nat -R NETSHELL-SVC-\\w+ 2"
                        + " -m comment --comment 'netshell:10.0.0.40:80/tcp -> 10.0.0.66:80'"
                        + " -m statistic --mode random --probability 0.5000000000 -j NETSHELL-SEP-\\w+"),
                f.get(0).fix());
    }

    @Test
    void silentBackendIsAConsequenceWhenTheOverlayIsBroken() {
        List<NodeFacts> nodes = new ArrayList<>(healthy());
        NodeFacts n1 = nodes.get(0);
        nodes.set(0,
                new NodeFacts(n1.node(), n1.address(), n1.underlay(), n1.tools(), 0, null, "1", n1.state(),
                        n1.iptablesSave(),
                        n1.peerReach(), Map.of("10.0.0.65", true, "10.0.0.66", true, "10.0.0.129", false), Map.of()));
        assertEquals(List.of("lb-backends"), failures(nodes).stream().map(Finding::check).toList());
        NodeFacts n2 = nodes.get(1);
        nodes.set(1, new NodeFacts(n2.node(), n2.address(), n2.underlay(), n2.tools(), 0, null, "1",
                new NodeState(
                        List.of(link("eth1", null, 1500, null, true), link("nsbr0", "bridge", 1450, null, true),
                                vxlan("192.168.56.11", 100, 1450, false)),
                        n2.state().fdb(), n2.state().addresses(), List.of()),
                null, n2.peerReach(), Map.of(), Map.of()));
        assertEquals(List.of("vxlan-up"), failures(nodes).stream().map(Finding::check).toList());
    }

    @Test
    void containerOnAHostAddressIsAConflict() {
        List<NodeFacts> nodes = new ArrayList<>(healthy());
        NodeFacts n2 = nodes.get(1);
        nodes.set(1,
                new NodeFacts(n2.node(), n2.address(), n2.underlay(), n2.tools(), 0, null, "1", n2.state(), null,
                        n2.peerReach(), Map.of(),
                        Map.of("web3", List.of("10.0.0.2/24"))));
        List<Finding> f = failures(nodes);
        assertEquals(1, f.size(), f.toString());
        assertEquals("addresses", f.get(0).check());
        assertTrue(
                f.get(0).explanation().startsWith(
                        "host address 10.0.0.2 lies inside container range 10.0.0.2 (node2 container web3)"),
                f.get(0).explanation());
    }
}
