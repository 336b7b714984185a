package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The simulator on golden facts of a real lab whose VIPs are nftables' (nft/: overlay 10.0.0.0/24 on VNI 100, web1
 * 10.0.0.65 on node1, web2 10.0.0.129 on node2; on node1 {@code lb add-vip --mode nft} of 10.0.0.100:80 over web1
 * and web2, and of 10.0.0.102:80 over web1, web2 and web2:8080, where nothing listens; no iptables rule anywhere),
 * and with a ruleset of rulesets/ on node2: a user's own firewall, nft chains around iptables' filter table.
 */
class NftSimulatorTest {
    private static GoldenFacts nft() { return new GoldenFacts("nft"); }

    /** node2 holding a golden ruleset of rulesets/ (and its iptables rules, where it has some). */
    private static GoldenFacts node2(String ruleset) {
        GoldenFacts g = nft().edit("node2", "nft", s -> NftRulesetTest.read("rulesets/" + ruleset + ".json"));
        if (NftRulesetTest.GOLDEN.resolve("rulesets/" + ruleset + ".save").toFile().exists())
            g.edit("node2", "iptables", s -> NftRulesetTest.read("rulesets/" + ruleset + ".save"));
        return g;
    }

    static Trace trace(GoldenFacts g, String to, String proto, Integer port) {
        List<Box> boxes = g.boxes(List.of("node1", "node2"), Map.of("web1", "node1", "web2", "node2"));
        Box web1 = boxes.stream().filter(b -> b.name().equals("web1")).findFirst().orElseThrow();
        return new Simulator(boxes).run(new Simulator.Request(web1, "10.0.0.65", to, proto, port, 60), "web1", to);
    }

    private static List<Hop> hops(Trace t, String phase, String detailStart) {
        return t.hops().stream().filter(h -> h.phase().equals(phase) && h.detail().startsWith(detailStart)).toList();
    }

    @Test
    void aVipOfTwoBackendsIsDnattedToEachByTheNftTableAndBothAreDelivered() {
        Trace t = trace(nft(), "10.0.0.100", "tcp", 80);
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        List<Hop> dnat = hops(t, "NAT", "DNAT");
        assertEquals(List.of("backend 10.0.0.65:80", "backend 10.0.0.129:80"), dnat.stream().map(Hop::branch)
                .toList());
        Hop web2 = dnat.get(1);
        assertTrue(web2.detail().startsWith("DNAT tcp 10.0.0.65:40000 → 10.0.0.100:80 to 10.0.0.129:80 by nft ip"
                + " netshell sep-B09E3DAEC222 rule 1: meta l4proto tcp counter dnat to 10.0.0.129:80"), web2.detail());
        assertTrue(web2.detail().endsWith("# handle 16, chosen at random for 50.0% of connections"), web2.detail());
        assertEquals("node1 nft list chain ip netshell sep-B09E3DAEC222 -a", web2.command());
        // The table's own forward rule lets the DNATed connection through, and its reply is answered back.
        assertTrue(t.hops().stream().anyMatch(h -> "backend 10.0.0.129:80".equals(h.branch())
                && h.phase().equals("FILTER") && h.detail().endsWith("nft ip netshell forward rule 1: ct status dnat"
                        + " ct original ip daddr @vip_addrs accept # handle 12")),
                TraceText.of(t, false));
        assertTrue(t.hops().stream().anyMatch(h -> "backend 10.0.0.129:80".equals(h.branch())
                && h.at().equals("web2 on node2") && h.phase().equals("DELIVER")), TraceText.of(t, false));
        assertEquals(List.of(), t.undecided());
    }

    @Test
    void aVipOfThreeBackendsGivesAThirdToEachAndNamesTheOneWhereNothingListens() {
        Trace t = trace(nft(), "10.0.0.102", "tcp", 80);
        List<Hop> dnat = hops(t, "NAT", "DNAT");
        assertEquals(3, dnat.size(), TraceText.of(t, false));
        assertTrue(dnat.stream().allMatch(h -> h.detail().endsWith("chosen at random for 33.3% of connections")),
                TraceText.of(t, false));
        assertEquals(Trace.DROPPED, t.verdict());
        assertEquals(List.of("web2 on node2", "DELIVER"), List.of(t.dropAt().at(), t.dropAt().phase()));
        assertEquals("backend 10.0.0.129:8080", t.hops().stream().filter(Hop::dropped).findFirst().orElseThrow()
                .branch());
    }

    @Test
    void aUsersOwnForwardDropIsNamedByTableChainRuleAndHandle() {
        Trace t = trace(node2("userfw"), "10.0.0.129", "tcp", 80);
        assertEquals(Trace.DROPPED, t.verdict(), TraceText.of(t, false));
        Drop d = t.dropAt();
        assertEquals(List.of("node2", "FILTER", "request"), List.of(d.at(), d.phase(), d.direction()));
        assertEquals("tcp 10.0.0.65:40000 → 10.0.0.129:80: nft inet userfw forward rule 2: ip daddr 10.0.0.129 drop"
                + " # handle 3", d.reason());
        assertEquals("node2 nft list chain inet userfw forward -a", d.command());
        // Only forwarded packets: node2 itself still answers.
        assertEquals(Trace.ALLOWED, trace(node2("userfw"), "192.168.56.11", "icmp", null).verdict());
        assertEquals(Trace.ALLOWED, trace(nft(), "10.0.0.129", "tcp", 80).verdict());
    }

    @Test
    void anNftDropBeforeIptablesFilterDecidesAndIptablesIsNotReached() {
        Trace t = trace(node2("priority-early"), "10.0.0.129", "tcp", 80);
        assertEquals(List.of("node2", "FILTER"), List.of(t.dropAt().at(), t.dropAt().phase()), TraceText.of(t,
                false));
        assertTrue(t.dropAt().reason().endsWith("nft inet early forward rule 1: ip daddr 10.0.0.129 tcp dport 80 drop"
                + " # handle 2"), t.dropAt().reason());
        assertFalse(TraceText.of(t, false).contains("filter FORWARD"), TraceText.of(t, false));
    }

    @Test
    void anNftAcceptEndsOnlyItsChainAndTheChainAfterIptablesDropNeverSeesThePacket() {
        Trace t = trace(node2("priority-late"), "10.0.0.129", "tcp", 80);
        List<String> filters = t.hops().stream().filter(h -> h.at().equals("node2") && h.phase().equals("FILTER")
                && h.detail().startsWith("tcp "))
                .map(h -> h.result() + " " + h.detail().substring(h.detail().indexOf(": ") + 2)).toList();
        assertEquals(List.of("ok nft inet early forward rule 1: ip daddr 10.0.0.129 accept # handle 2",
                "DROPPED filter FORWARD rule 1: -A FORWARD -d 10.0.0.129/32 -p tcp -m tcp --dport 80 -j DROP"),
                filters, TraceText.of(t, false));
        assertFalse(TraceText.of(t, false).contains("inet late"), TraceText.of(t, false));
    }

    @Test
    void aReplySentByTheNodeMeetsItsOutputChainsOnce() {
        Trace t = trace(node2("priority-late"), "192.168.56.11", "icmp", null);
        assertEquals(Trace.ALLOWED, t.verdict(), TraceText.of(t, false));
        List<String> output = t.hops().stream().filter(h -> h.direction().equals("reply") && h.at().equals("node2")
                && h.phase().equals("FILTER") && h.detail().startsWith("icmp ")).map(Hop::detail).toList();
        assertEquals(1, output.size(), output.toString());
        assertTrue(output.get(0).endsWith("filter OUTPUT policy ACCEPT"), output.toString());
    }

    @Test
    void aRejectAndWhatCannotBeJudgedOnTheWay() {
        Trace t = trace(node2("features"), "10.0.0.129", "tcp", 80);
        assertEquals(List.of("node2", "FILTER"), List.of(t.dropAt().at(), t.dropAt().phase()), TraceText.of(t,
                false));
        assertTrue(t.dropAt().reason().contains("reject with icmp port-unreachable"), t.dropAt().reason());
        // Port 443 is not blocked: on past meta skuid and a tcp option, which only a packet could tell.
        Trace other = trace(node2("features"), "10.0.0.129", "tcp", 443);
        assertTrue(other.undecided().contains("node2: nft inet userfw forward rule 10: cannot judge 'meta skuid'"
                + " without a packet; counted as not matching"), other.undecided().toString());
    }
}
