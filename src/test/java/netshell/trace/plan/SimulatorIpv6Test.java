package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The simulator over IPv6, on golden facts read from a real two-node lab (ipv6/: lab up --ipv6 with fd56::a and
 * fd56::b on the underlay; overlay 10.0.0.0/24 with fd00:10::/64 on VNI 100 over IPv4, web1 fd00:10::41 on node1,
 * web2 fd00:10::81 on node2; overlay 10.1.0.0/24 on VNI 200 over the IPv6 underlay (--underlay6), web3 10.1.0.65 on
 * node1, web4 10.1.0.129 on node2; VIP [fd56::100]:80 on node1 over web1 and web2), healthy and with each fault made
 * by editing one read: the verdict names the node, phase and reason.
 */
class SimulatorIpv6Test {
    private static final String WEB1 = "fd00:10::41";
    private static final String WEB2 = "fd00:10::81";
    private static final String NODE2 = "fd56::b";

    private static GoldenFacts ipv6() { return new GoldenFacts("ipv6"); }

    private static Trace trace(GoldenFacts g, String from, String fromAddr, String to, String proto, Integer port,
            int size) {
        List<Box> boxes = g.boxes(List.of("node1", "node2"), Map.of("web1", "node1", "web2", "node2", "web3",
                "node1", "web4", "node2"));
        Box start = boxes.stream().filter(b -> b.name().equals(from)).findFirst().orElseThrow();
        return new Simulator(boxes).run(new Simulator.Request(start, fromAddr, to, proto, port, size), from, to);
    }

    private static Trace webToWeb(GoldenFacts g) { return trace(g, "web1", WEB1, WEB2, "tcp", 80, 80); }

    private static Trace webToNode2(GoldenFacts g) { return trace(g, "web1", WEB1, NODE2, "icmp", null, 104); }

    private static void droppedAt(Trace t, String at, String phase, String direction, String... reason) {
        assertEquals(Trace.DROPPED, t.verdict(), TraceText.of(t, false));
        Drop d = t.dropAt();
        assertEquals(List.of(at, phase, direction), List.of(d.at(), d.phase(), d.direction()), TraceText.of(t, false));
        for (String r : reason) assertTrue(d.reason().contains(r), "'" + r + "' in " + d.reason());
        assertTrue(t.hops().stream().takeWhile(h -> !h.dropped()).noneMatch(Hop::dropped));
    }

    private static List<String> phases(Trace t, String direction) {
        return t.hops().stream().filter(h -> h.direction().equals(direction)).map(h -> h.at() + " " + h.phase())
                .toList();
    }

    private static Hop hop(Trace t, String direction, String at, String phase) {
        return t.hops().stream().filter(h -> h.direction().equals(direction) && h.at().equals(at)
                && h.phase().equals(phase)).findFirst().orElseThrow(() -> new AssertionError(direction + " " + at + " "
                        + phase + " in " + TraceText.of(t, false)));
    }

    @Test
    void healthyIpv6ContainerToContainerCrossesTheIpv4TunnelBothWays() {
        Trace t = webToWeb(ipv6());
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        // node1 FILTER: ip6tables' FORWARD on the bridge (bridge-nf-call-ip6tables=1); the tunnel's IPv4 packet
        // crosses no filter, as node1 has no iptables rules.
        assertEquals(List.of("web1 on node1 ROUTE", "web1 on node1 NEIGH", "node1 BRIDGE", "node1 FILTER",
                "node1 VXLAN-ENCAP", "node1 UNDERLAY", "node2 VXLAN-DECAP", "node2 BRIDGE",
                "web2 on node2 ROUTE", "web2 on node2 DELIVER"), phases(t, "request"));
        Hop encap = hop(t, "request", "node1", "VXLAN-ENCAP");
        // An IPv6 packet inside an IPv4 tunnel: the VTEP is IPv4's, and the overhead IPv4's 50 bytes.
        assertTrue(encap.detail().contains("tcp [fd00:10::41]:40000 → [fd00:10::81]:80 inside udp 192.168.56.10 → "
                + "192.168.56.11:4789") && encap.detail().contains("outer packet 130 bytes ≤ MTU 1500 of eth1"),
                encap.detail());
        assertEquals("node1 ip6tables -t filter -L FORWARD -v -n --line-numbers",
                hop(t, "request", "node1", "FILTER").command());
        assertTrue(hop(t, "request", "web2 on node2", "DELIVER").detail().endsWith("socket tcp *:80"),
                TraceText.of(t, false));
        assertEquals("web1 on node1 DELIVER", phases(t, "reply").get(phases(t, "reply").size() - 1));
        assertEquals(List.of(), t.undecided());
    }

    @Test
    void anIpv4OnlySocketTakesNoIpv6Packet() {
        Trace t = webToWeb(ipv6().edit("web2", "ss", s -> s.replace("*:80", "0.0.0.0:80")));
        droppedAt(t, "web2 on node2", "DELIVER", "request", "nothing listens on tcp port 80", "RST");
    }

    @Test
    void neighbourSolicitationNotArpResolvesAnUncachedNextHop() {
        Trace t = webToWeb(ipv6().edit("web1", "neigh6", s -> "[]"));
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertEquals("fd00:10::81 not cached on eth0: neighbour solicitation is answered by web2 on node2 (eth0"
                + " 02:03:0a:00:00:81)", hop(t, "request", "web1 on node1", "NEIGH").detail());
    }

    @Test
    void aVipIsDnattedToEachIpv6BackendByIp6tables() {
        Trace t = trace(ipv6(), "web1", WEB1, "fd56::100", "tcp", 80, 80);
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        List<Hop> dnat = t.hops().stream().filter(h -> h.phase().equals("NAT") && h.detail().startsWith("DNAT"))
                .toList();
        assertEquals(2, dnat.size(), TraceText.of(t, false));
        assertTrue(dnat.get(1).detail().startsWith("DNAT tcp [fd00:10::41]:40000 → [fd56::100]:80 to"
                + " [fd00:10::81]:80 by nat NETSHELL-SEP-731736EB8DE4 rule 1") && dnat.get(1).detail().contains(
                        "50.0%"),
                dnat.get(1).detail());
        assertEquals("node1 ip6tables -t nat -L PREROUTING -v -n --line-numbers", dnat.get(1).command());
        String web2 = "backend [fd00:10::81]:80";
        assertTrue(t.hops().stream().anyMatch(h -> web2.equals(h.branch()) && h.phase().equals("VXLAN-ENCAP")
                && h.detail().contains("→ 192.168.56.11:4789")), TraceText.of(t, false));
        assertTrue(t.hops().stream().anyMatch(h -> web2.equals(h.branch()) && h.direction().equals("request")
                && h.at().equals("web2 on node2") && h.phase().equals("DELIVER")), TraceText.of(t, false));
        Hop last = t.hops().get(t.hops().size() - 1);
        assertEquals(List.of("reply", "web1 on node1", "DELIVER"), List.of(last.direction(), last.at(), last.phase()));
        assertTrue(last.detail().startsWith("tcp [fd56::100]:80 → [fd00:10::41]:40000"), last.detail());
    }

    @Test
    void ip6tablesDropInForwardOnTheReceiver() {
        Trace t = webToWeb(ipv6().edit("node2", "ip6tables", s -> """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A FORWARD -s fd00:10::99/128 -j ACCEPT
                -A FORWARD -d fd00:10::81/128 -p tcp -m tcp --dport 80 -j DROP
                COMMIT
                """));
        droppedAt(t, "node2", "FILTER", "request", "filter FORWARD rule 2",
                "-A FORWARD -d fd00:10::81/128 -p tcp -m tcp --dport 80 -j DROP");
        assertEquals("node2 ip6tables -t filter -L FORWARD -v -n --line-numbers", t.dropAt().command());
        // iptables (IPv4) rules do not touch an IPv6 packet.
        assertEquals(Trace.ALLOWED, webToWeb(ipv6().edit("node2", "iptables", s -> """
                *filter
                :FORWARD DROP [0:0]
                COMMIT
                """)).verdict());
    }

    @Test
    void icmpv6IsProtocolIpv6IcmpAndItsEchoTypes() {
        String rules = """
                *filter
                :FORWARD ACCEPT [0:0]
                -A FORWARD -p icmp -j DROP
                -A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j DROP
                -A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j REJECT --reject-with icmp6-adm-prohibited
                COMMIT
                """;
        Trace t = trace(ipv6().edit("node2", "ip6tables", s -> rules), "web1", WEB1, WEB2, "icmp", null, 104);
        droppedAt(t, "node2", "FILTER", "request", "icmpv6 fd00:10::41 → fd00:10::81: filter FORWARD rule 3");
    }

    @Test
    void forwardingOffIsNetIpv6ConfAllForwarding() {
        GoldenFacts g = ipv6().edit("node1", "sysctl", s -> s.replace("ipv6/conf/all/forwarding:1",
                "ipv6/conf/all/forwarding:0"));
        droppedAt(webToNode2(g), "node1", "ROUTE", "request", "net.ipv6.conf.all.forwarding is 0",
                "from nsbr0 to eth1");
        assertEquals("node1 sysctl net.ipv6.conf.all.forwarding", webToNode2(g).dropAt().command());
        // IPv4's ip_forward is not IPv6's.
        assertEquals(Trace.ALLOWED, webToNode2(ipv6().edit("node1", "sysctl", s -> s.replace("ip_forward:1",
                "ip_forward:0"))).verdict());
    }

    @Test
    void ipv6HasNoRpFilterSoAnAsymmetricPathPasses() {
        // node2 answers web1 over the overlay, not by the underlay the request came in by: strict rp_filter would
        // drop it in IPv4; IPv6 has none.
        Trace t = webToNode2(ipv6().edit("node2", "sysctl", s -> s.replaceAll("rp_filter:\\d", "rp_filter:1")));
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertEquals("node2 ROUTE", phases(t, "reply").get(0));
        assertTrue(phases(t, "reply").contains("node2 VXLAN-ENCAP"), TraceText.of(t, false));
    }

    @Test
    void aContainersVethDown() {
        Trace t = webToWeb(ipv6().edit("web2", "link", s -> GoldenFacts.each(s, l -> {
            if ("eth0".equals(l.get("ifname"))) l.put("flags", List.of("BROADCAST", "MULTICAST"));
        })));
        droppedAt(t, "node2", "BRIDGE", "request", "eth0 in web2 on node2, is down");
    }

    @Test
    void noRouteWhenAnIpv6RouteIsRemoved() {
        GoldenFacts g = ipv6().edit("node1", "route6", s -> GoldenFacts.without(s, r -> "fd56::/64".equals(r.get(
                "dst"))));
        Trace t = webToNode2(g);
        droppedAt(t, "node1", "ROUTE", "request", "no route to fd56::b (2 policy rules): Network is unreachable");
        assertEquals("node1 ip route get fd56::b from fd00:10::41 iif nsbr0 fibmatch", t.dropAt().command());
    }

    @Test
    void aRouterDropsAPacketOverTheMtuWithPacketTooBigNeverFragmenting() {
        GoldenFacts g = ipv6().edit("node1", "link", s -> GoldenFacts.each(s, l -> {
            if ("eth1".equals(l.get("ifname"))) l.put("mtu", 1400);
        }));
        droppedAt(trace(g, "web1", WEB1, NODE2, "icmp", null, 1450), "node1", "ROUTE", "request",
                "a packet of 1450 bytes is over the MTU 1400 of eth1: IPv6 routers never fragment",
                "ICMPv6 'packet too big' (mtu 1400) back to fd00:10::41");
        // The sender itself: its probe has do-not-fragment.
        droppedAt(trace(ipv6(), "web1", WEB1, WEB2, "icmp", null, 1451), "web1 on node1", "ROUTE", "request",
                "over the MTU 1450 of eth0", "message too long");
        assertEquals(Trace.ALLOWED, trace(ipv6(), "web1", WEB1, WEB2, "icmp", null, 1450).verdict());
    }

    @Test
    void aLinkLocalNextHopIsResolvedOnItsDevice() {
        String gateway = "fe80::14c7:a8ff:fe0c:a840"; // node1's nsbr0
        GoldenFacts g = ipv6().edit("web1", "route6", s -> s.replace("\"gateway\":\"fd00:10::1\"", "\"gateway\":\""
                + gateway + "\"")).edit("web1", "neigh6", s -> "[]");
        Trace t = webToNode2(g);
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertTrue(hop(t, "request", "web1 on node1", "ROUTE").detail().contains("default via " + gateway
                + " dev eth0"), TraceText.of(t, false));
        assertEquals(gateway + " not cached on eth0: neighbour solicitation is answered by node1 (nsbr0"
                + " 16:a9:b4:9f:50:72)", hop(t, "request", "web1 on node1", "NEIGH").detail());
    }

    @Test
    void aTentativeSourceIsNoted() {
        GoldenFacts g = ipv6().edit("web1", "addr", s -> s.replace("\"local\":\"fd00:10::41\",\"prefixlen\":64,",
                "\"local\":\"fd00:10::41\",\"prefixlen\":64,\"tentative\":true,"));
        Trace t = webToWeb(g);
        assertTrue(hop(t, "request", "web1 on node1", "ROUTE").detail().contains("the source fd00:10::41 is"
                + " tentative: duplicate address detection is not done"), TraceText.of(t, false));
        assertTrue(t.undecided().stream().anyMatch(u -> u.startsWith("web1 on node1 ROUTE: the source fd00:10::41"
                + " is tentative")), t.undecided().toString());
    }

    @Test
    void disableIpv6OnTheWayOut() {
        Trace t = webToNode2(ipv6().edit("node1", "sysctl", s -> s.replace("ipv6/conf/eth1/disable_ipv6:0",
                "ipv6/conf/eth1/disable_ipv6:1")));
        droppedAt(t, "node1", "ROUTE", "request", "net.ipv6.conf.eth1.disable_ipv6 is 1");
    }

    @Test
    void anIpv4TraceOverAnIpv6UnderlayFindsTheVtepInIpv6WithSeventyBytesOfOverhead() {
        Trace t = trace(ipv6(), "web3", "10.1.0.65", "10.1.0.129", "tcp", 80, 60);
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        Hop encap = hop(t, "request", "node1", "VXLAN-ENCAP");
        assertTrue(encap.detail().contains("vxlan1 VNI 200: tcp 10.1.0.65:40000 → 10.1.0.129:80 inside udp fd56::a → "
                + "[fd56::b]:4789 (FDB 02:03:0a:01:00:81 dst fd56::b); outer packet 130 bytes ≤ MTU 1500 of eth1"),
                encap.detail());
        assertTrue(hop(t, "request", "node1", "UNDERLAY").detail().startsWith("udp fd56::a → [fd56::b]:4789 via"
                + " fd56::/64 dev eth1"), TraceText.of(t, false));
        assertEquals("node2 VXLAN-DECAP", phases(t, "request").get(phases(t, "request").indexOf("node1 UNDERLAY") + 2));
    }

    @Test
    void anIpv6UnderlayHasItsOwnRouteFilterAndFloodEntries() {
        GoldenFacts noRoute = ipv6().edit("node1", "route6", s -> GoldenFacts.without(s, r -> "fd56::/64".equals(
                r.get("dst"))));
        droppedAt(trace(noRoute, "web3", "10.1.0.65", "10.1.0.129", "tcp", 80, 60), "node1", "UNDERLAY", "request",
                "no route to VTEP fd56::b");
        GoldenFacts input = ipv6().edit("node2", "ip6tables", s -> """
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -p udp -m udp --dport 4789 -j DROP
                COMMIT
                """);
        Trace t = trace(input, "web3", "10.1.0.65", "10.1.0.129", "tcp", 80, 60);
        droppedAt(t, "node2", "FILTER", "request", "udp [fd56::a]:40000 → [fd56::b]:4789", "filter INPUT rule 1");
        assertEquals("node2 ip6tables -t filter -L INPUT -v -n --line-numbers", t.dropAt().command());
        GoldenFacts noFlood = ipv6().edit("node1", "fdb", s -> GoldenFacts.without(s,
                e -> "vxlan1".equals(e.get("ifname")) && e.get("dst") != null));
        droppedAt(trace(noFlood, "web3", "10.1.0.65", "10.1.0.129", "tcp", 80, 60), "node1", "VXLAN-ENCAP",
                "request", "no flood entry (00:00:00:00:00:00 dst fd56::b) for node2");
    }

    @Test
    void theReverseCheckOfIp6tablesIsNotJudgedWithoutAPacket() {
        Trace t = webToWeb(ipv6().edit("node2", "ip6tables", s -> """
                *filter
                :FORWARD ACCEPT [0:0]
                -A FORWARD -m rpfilter --invert -j DROP
                COMMIT
                """));
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        assertTrue(t.undecided().stream().anyMatch(u -> u.contains("cannot judge '-m rpfilter' without a packet")),
                t.undecided().toString());
    }
}
