package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The simulator on golden facts read from a real two-node lab (vip/: overlay 10.0.0.0/24 on VNI 100, web1
 * 10.0.0.65 on node1, web2 10.0.0.129 on node2, VIP 10.0.0.100:80 on node1 balanced over both), healthy and with
 * each fault made by editing one read: the verdict names the node, phase and reason.
 */
class SimulatorTest {
    private static final String FORWARD_DROP = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -s 10.0.0.99/32 -j ACCEPT
            -A FORWARD -d 10.0.0.129/32 -p tcp -m tcp --dport 80 -j DROP
            COMMIT
            """;

    private static Trace trace(GoldenFacts g, String from, String fromAddr, String to, String proto, Integer port,
            int size) {
        List<Box> boxes = g.boxes(List.of("node1", "node2"), Map.of("web1", "node1", "web2", "node2"));
        Box start = boxes.stream().filter(b -> b.name().equals(from)).findFirst().orElseThrow();
        Trace t = new Simulator(boxes).run(new Simulator.Request(start, fromAddr, to, proto, port, size), from, to);
        return t;
    }

    private static Trace webToWeb(GoldenFacts g) { return trace(g, "web1", "10.0.0.65", "10.0.0.129", "tcp", 80, 60); }

    private static Trace webToNode2(GoldenFacts g) {
        return trace(g, "web1", "10.0.0.65", "192.168.56.11", "icmp", null, 84);
    }

    private static GoldenFacts vip() { return new GoldenFacts("vip"); }

    private static void droppedAt(Trace t, String at, String phase, String direction, String... reason) {
        assertEquals(Trace.DROPPED, t.verdict(), TraceText.of(t, false));
        Drop d = t.dropAt();
        assertEquals(List.of(at, phase, direction), List.of(d.at(), d.phase(), d.direction()), d.toString());
        for (String r : reason) assertTrue(d.reason().contains(r), "'" + r + "' in " + d.reason());
        Hop last = t.hops().stream().filter(Hop::dropped).findFirst().orElseThrow();
        assertEquals(d.reason(), last.detail());
        assertFalse(d.command().isBlank());
    }

    private static List<String> phases(Trace t, String direction) {
        return t.hops().stream().filter(h -> h.direction().equals(direction)).map(h -> h.at() + " " + h.phase())
                .toList();
    }

    @Test
    void healthyContainerToContainerCrossesTheTunnelBothWays() {
        Trace t = webToWeb(vip());
        assertEquals(Trace.ALLOWED, t.verdict());
        assertNull(t.dropAt());
        assertTrue(t.hops().stream().noneMatch(Hop::dropped));
        assertEquals(List.of("web1 on node1 ROUTE", "web1 on node1 NEIGH", "node1 BRIDGE", "node1 FILTER",
                "node1 VXLAN-ENCAP", "node1 UNDERLAY", "node1 FILTER", "node2 VXLAN-DECAP", "node2 BRIDGE",
                "web2 on node2 ROUTE", "web2 on node2 DELIVER"),
                phases(t, "request"));
        Hop encap = t.hops().stream().filter(h -> h.phase().equals("VXLAN-ENCAP")).findFirst().orElseThrow();
        assertTrue(encap.detail().contains("vxlan0 VNI 100") && encap.detail().contains("192.168.56.10 → "
                + "192.168.56.11:4789") && encap.detail().contains("110 bytes ≤ MTU 1500 of eth1"), encap.detail());
        Hop decap = t.hops().stream().filter(h -> h.phase().equals("VXLAN-DECAP")).findFirst().orElseThrow();
        assertTrue(decap.detail().contains("port 4789 from 192.168.56.10:"), "from the sender's VTEP: "
                + decap.detail());
        assertTrue(t.hops().get(10).detail().contains("socket tcp 0.0.0.0:80"), t.hops().get(10).detail());
        assertEquals("web1 on node1 DELIVER", phases(t, "reply").get(phases(t, "reply").size() - 1));
        assertEquals(List.of(), t.undecided());
    }

    @Test
    void aVipIsDnattedToEachBackendAndBothAreDelivered() {
        Trace t = trace(vip(), "web1", "10.0.0.65", "10.0.0.100", "tcp", 80, 60);
        assertEquals(Trace.ALLOWED, t.verdict());
        List<Hop> dnat = t.hops().stream().filter(h -> h.phase().equals("NAT") && h.detail().startsWith("DNAT"))
                .toList();
        assertEquals(2, dnat.size());
        assertTrue(dnat.get(0).detail().contains("to 10.0.0.65:80") && dnat.get(0).detail().contains("50.0%"));
        assertTrue(dnat.get(1).detail().contains("to 10.0.0.129:80") && dnat.get(1).detail().contains("50.0%"));
        assertTrue(dnat.get(1).detail().contains("nat NETSHELL-SEP-B09E3DAEC222 rule 1"), dnat.get(1).detail());
        Hop encap = t.hops().stream().filter(h -> "backend 10.0.0.129:80".equals(h.branch())
                && h.direction().equals("request") && h.phase().equals("VXLAN-ENCAP")).findFirst().orElseThrow();
        assertTrue(encap.detail().contains("→ 192.168.56.11:4789"), encap.detail());
        assertTrue(t.hops().stream().anyMatch(h -> "backend 10.0.0.129:80".equals(h.branch())
                && h.at().equals("web2 on node2") && h.phase().equals("DELIVER")));
        Hop last = t.hops().get(t.hops().size() - 1);
        assertEquals(List.of("reply", "web1 on node1", "DELIVER"), List.of(last.direction(), last.at(), last.phase()));
        assertTrue(last.detail().startsWith("tcp 10.0.0.100:80 → 10.0.0.65:40000"), "reply from the VIP: "
                + last.detail());
    }

    @Test
    void aNodeCallingAVipHasItsSourceBeforeNatOutput() {
        // A socket gets its source from the route to the address it calls, before nat OUTPUT rewrites that: the
        // VIP is node1's own here (local route, src 10.0.0.100, as ip route get says).
        Trace t = trace(vip(), "node1", null, "10.0.0.100", "tcp", 80, 60);
        List<Hop> dnat = t.hops().stream().filter(h -> h.phase().equals("NAT") && h.detail().startsWith("DNAT"))
                .toList();
        assertFalse(dnat.isEmpty(), TraceText.of(t, false));
        for (Hop h : dnat) {
            assertFalse(h.detail().contains("null"), h.detail());
            assertTrue(h.detail().startsWith("DNAT tcp 10.0.0.100:40000 → 10.0.0.100:80"), h.detail());
        }
    }

    @Test
    void aContainersOwnFirewallDropsInItsInput() {
        String inputDrop = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -p tcp -m tcp --dport 80 -j DROP
                COMMIT
                """;
        Trace t = webToWeb(vip().edit("web2", "iptables", s -> inputDrop));
        droppedAt(t, "web2 on node2", "FILTER", "request", "filter INPUT rule 1",
                "-A INPUT -p tcp -m tcp --dport 80 -j DROP");
        assertEquals("container exec web2 iptables -t filter -L INPUT -v -n --line-numbers", t.dropAt().command());
        assertEquals(Trace.ALLOWED, webToWeb(vip()).verdict(), "without it, delivered");
    }

    @Test
    void dropRuleInForwardOnTheReceivingNode() {
        Trace t = webToWeb(vip().edit("node2", "iptables", s -> FORWARD_DROP));
        droppedAt(t, "node2", "FILTER", "request", "filter FORWARD rule 2",
                "-A FORWARD -d 10.0.0.129/32 -p tcp -m tcp --dport 80 -j DROP");
        assertEquals("node2 iptables -t filter -L FORWARD -v -n --line-numbers", t.dropAt().command());
    }

    @Test
    void ipForwardOff() {
        Trace t = webToNode2(vip().edit("node1", "sysctl", s -> s.replace("ip_forward:1", "ip_forward:0")));
        droppedAt(t, "node1", "ROUTE", "request", "net.ipv4.ip_forward is 0", "from nsbr0 to eth1");
        assertEquals(Trace.ALLOWED, webToNode2(vip()).verdict());
    }

    @Test
    void vxlanPortDroppedInInputOnTheReceiver() {
        Trace t = webToWeb(vip().edit("node2", "iptables", s -> """
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -p udp -m udp --dport 4789 -j DROP
                COMMIT
                """));
        droppedAt(t, "node2", "FILTER", "request", "udp 192.168.56.10:40000 → 192.168.56.11:4789",
                "filter INPUT rule 1");
    }

    @Test
    void missingFloodEntryForAPeer() {
        Trace t = webToWeb(vip().edit("node1", "fdb", s -> GoldenFacts.without(s,
                e -> "vxlan0".equals(e.get("ifname")) && e.get("dst") != null)));
        droppedAt(t, "node1", "VXLAN-ENCAP", "request",
                "no FDB entry for 02:03:0a:00:00:81 and no flood entry (00:00:00:00:00:00 dst 192.168.56.11)"
                        + " for node2");
    }

    @Test
    void vniDiffersOnOneNode() {
        Trace t = webToWeb(vip().edit("node2", "link", s -> s.replace("\"id\":100", "\"id\":200")));
        droppedAt(t, "node2", "VXLAN-DECAP", "request", "no VXLAN device for VNI 100 on udp 4789",
                "vxlan0 VNI 200 port 4789");
    }

    @Test
    void containerVethDown() {
        Trace t = webToWeb(vip().edit("web2", "link", s -> GoldenFacts.each(s, l -> {
            if ("eth0".equals(l.get("ifname"))) l.put("flags", List.of("BROADCAST", "MULTICAST"));
        })));
        droppedAt(t, "node2", "BRIDGE", "request", "eth0 in web2 on node2, is down");
        assertEquals("container exec web2 ip link show eth0", t.dropAt().command());
    }

    @Test
    void noRouteBackForTheReply() {
        GoldenFacts g = vip().edit("node2", "route", s -> GoldenFacts.without(s,
                r -> "10.0.0.0/24".equals(r.get("dst"))));
        // Loose rp_filter (the lab's default) drops the request already: the source has no route back.
        droppedAt(webToNode2(g), "node2", "ROUTE", "request", "rp_filter 2 on eth1", "no route back to the source "
                + "10.0.0.65");
        // Without rp_filter the request arrives, and the reply finds no route.
        g.edit("node2", "sysctl", s -> s.replaceAll("rp_filter:\\d", "rp_filter:0"));
        droppedAt(webToNode2(g), "node2", "ROUTE", "reply", "no route to 10.0.0.65");
    }

    @Test
    void policyRouteToAnotherTable() {
        GoldenFacts g = vip()
                .edit("node1", "rule", s -> GoldenFacts.plus(s, "{\"priority\":100,\"src\":\"10.0.0.65\","
                        + "\"table\":\"100\"}"))
                .edit("node1", "route", s -> GoldenFacts.plus(s, "{\"type\":\"unreachable\",\"dst\":\"default\","
                        + "\"table\":\"100\",\"flags\":[]}"));
        Trace t = webToNode2(g);
        droppedAt(t, "node1", "ROUTE", "request", "unreachable default table 100",
                "policy rule 100: from 10.0.0.65 lookup 100");
    }

    @Test
    void strictRpFilterOnAnAsymmetricPath() {
        Trace t = webToNode2(vip().edit("node2", "sysctl", s -> s.replace("conf/all/rp_filter:2",
                "conf/all/rp_filter:1")));
        droppedAt(t, "node2", "ROUTE", "request", "strict rp_filter (1) on eth1",
                "the way back to 10.0.0.65 leaves by nsbr0");
    }

    @Test
    void packetOverTheTunnelMtuWithDf() {
        // The walkthroughs' mistake: default MTU 1500 on the container's side, the VXLAN device at 1450.
        GoldenFacts g = vip().edit("web1", "link", s -> s.replace("\"mtu\":1450", "\"mtu\":1500"))
                .edit("node1", "link", s -> GoldenFacts.each(s, l -> {
                    if (!"vxlan0".equals(l.get("ifname"))) l.put("mtu", 1500);
                }));
        Trace t = trace(g, "web1", "10.0.0.65", "10.0.0.129", "icmp", null, 1500);
        droppedAt(t, "node1", "BRIDGE", "request", "1500 bytes is over the MTU 1450 of port vxlan0");
        // With the overlay's MTU, the sender itself refuses it.
        droppedAt(trace(vip(), "web1", "10.0.0.65", "10.0.0.129", "icmp", null, 1472), "web1 on node1", "ROUTE",
                "request", "over the MTU 1450 of eth0");
        assertEquals(Trace.ALLOWED, trace(vip(), "web1", "10.0.0.65", "10.0.0.129", "icmp", null, 1450).verdict());
    }

    @Test
    void vipWhoseChosenBackendDoesNotAnswer() {
        Trace t = trace(vip().edit("web2", "ss", s -> ""), "web1", "10.0.0.65", "10.0.0.100", "tcp", 80, 60);
        droppedAt(t, "web2 on node2", "DELIVER", "request", "nothing listens on tcp port 80");
        Hop drop = t.hops().stream().filter(Hop::dropped).findFirst().orElseThrow();
        assertEquals("backend 10.0.0.129:80", drop.branch());
        assertTrue(t.hops().stream().anyMatch(h -> "backend 10.0.0.65:80".equals(h.branch())
                && h.direction().equals("reply") && h.phase().equals("DELIVER")), "the other backend answers");
    }

    @Test
    void aBackendCallingItsVipWithoutAnySnatIsAHairpinDrop() {
        Trace t = trace(vip().edit("node1", "iptables", s -> s.lines().filter(l -> !l.contains("MASQUERADE"))
                .reduce("", (a, b) -> a + b + "\n")), "web1", "10.0.0.65", "10.0.0.100", "tcp", 80, 60);
        droppedAt(t, "node1", "NAT", "request", "hairpin: ", "back to its own sender",
                "-j SNAT --to-source 10.0.0.100");
        assertEquals("backend 10.0.0.65:80", t.hops().stream().filter(Hop::dropped).findFirst().orElseThrow().branch());
    }

    @Test
    void theHairpinSnatToTheVipIsAllowed() {
        String snat = "-A NETSHELL-POSTROUTING -s 10.0.0.65/32 -p tcp -m comment --comment"
                + " \"netshell:10.0.0.100:80/tcp\" -m conntrack --ctstate DNAT --ctorigdst 10.0.0.100"
                + " --ctorigdstport 80"
                + " -j SNAT --to-source 10.0.0.100\n";
        Trace t = trace(vip().edit("node1", "iptables", s -> s.lines().filter(l -> !l.contains("MASQUERADE"))
                .map(l -> l + "\n").reduce("", String::concat).replace("-A POSTROUTING -m comment --comment netshell -j"
                        + " NETSHELL-POSTROUTING\n",
                        "-A POSTROUTING -m comment --comment netshell -j"
                                + " NETSHELL-POSTROUTING\n" + snat)),
                "web1", "10.0.0.65", "10.0.0.100", "tcp", 80, 60);
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertTrue(t.hops().stream().anyMatch(h -> "backend 10.0.0.65:80".equals(h.branch()) && h.phase().equals("NAT")
                && h.detail().startsWith("SNAT 10.0.0.65 to 10.0.0.100")), TraceText.of(t, false));
    }

    @Test
    void fromANodeTheRouteChoosesTheSource() {
        Trace t = trace(vip(), "node1", null, "10.0.0.129", "tcp", 80, 60);
        assertEquals(Trace.ALLOWED, t.verdict());
        assertTrue(t.hops().get(0).detail().contains("src 10.0.0.1"), t.hops().get(0).detail());
        assertNotNull(t.hops().stream().filter(h -> h.at().equals("node1") && h.phase().equals("DELIVER"))
                .findFirst().orElse(null));
    }
}
