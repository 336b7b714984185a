package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * One of nftables' base chains walked for one packet, on rulesets the real nft printed: lb --mode nft's verdict map
 * and numgen (one outcome per backend with its share), a set of concatenations, a named verdict map, jump, goto,
 * return, continue, family-bound fields, nat statements, and what cannot be judged.
 */
class NftWalkTest {
    private static final NftRuleset LB = NftRulesetTest.ruleset("node1.nft");
    private static final NftRuleset FEATURES = NftRulesetTest.ruleset("rulesets/features.json");

    private static Flow flow(String proto, String src, String dst, Integer dport, String in, String out,
            String... ct) {
        return new Flow(proto, src, dst, 40000, dport, in, out, Set.of(ct), dst, dport, Set.of("10.0.0.1"), true);
    }

    private static List<Netfilter.Outcome> walk(NftRuleset rs, String family, String table, String chain, Flow f) {
        NftRuleset.Chain c = rs.chain(table.equals("netshell") || table.equals("t4") ? "ip" : "inet", table, chain);
        return NftWalk.walk(rs, c, f, family);
    }

    private static List<String> summary(List<Netfilter.Outcome> outs) {
        return outs.stream().map(o -> o.action() + (o.to() == null ? "" : " " + o.to()) + " " + Math.round(o
                .probability() * 1000) / 1000.0).toList();
    }

    @Test
    void aVipOfTwoBackendsIsOneDnatEachForHalfTheConnections() {
        List<Netfilter.Outcome> outs = walk(LB, "ip", "netshell", "prerouting", flow("tcp", "10.0.0.65", "10.0.0.100",
                80, "nsbr0", null, "NEW"));
        assertEquals(List.of("DNAT 10.0.0.65:80 0.5", "DNAT 10.0.0.129:80 0.5"), summary(outs));
        Netfilter.Outcome o = outs.get(1);
        assertEquals("nft ip netshell sep-B09E3DAEC222 rule 1: meta l4proto tcp counter dnat to 10.0.0.129:80 comment"
                + " \"netshell:10.0.0.100:80/tcp -> 10.0.0.129:80\" # handle 16", o.text());
        assertEquals(List.of(), o.undecided());
    }

    @Test
    void aVipOfThreeBackendsIsOneDnatEachForAThird() {
        List<Netfilter.Outcome> outs = walk(LB, "ip", "netshell", "output", flow("tcp", "10.0.0.1", "10.0.0.102", 80,
                null, null, "NEW"));
        assertEquals(List.of("DNAT 10.0.0.65:80 0.333", "DNAT 10.0.0.129:80 0.333", "DNAT 10.0.0.129:8080 0.333"),
                summary(outs));
        // A map keyed by a random number, in a dnat: the same thirds.
        assertEquals(List.of("DNAT 10.0.0.65:80 0.333", "DNAT 10.0.0.129:80 0.333", "DNAT 10.0.0.130:8080 0.333"),
                summary(walk(FEATURES, "ip", "t4", "pre", flow("tcp", "10.0.0.5", "10.0.0.101", 80, "eth1", null,
                        "NEW"))));
    }

    @Test
    void anotherAddressPortOrProtocolMissesTheVerdictMapAndMeetsThePolicy() {
        for (Flow f : List.of(flow("tcp", "10.0.0.65", "10.0.0.100", 81, "nsbr0", null, "NEW"),
                flow("udp", "10.0.0.65", "10.0.0.100", 80, "nsbr0", null, "NEW"),
                flow("icmp", "10.0.0.65", "10.0.0.100", null, "nsbr0", null, "NEW"))) {
            List<Netfilter.Outcome> outs = walk(LB, "ip", "netshell", "prerouting", f);
            assertEquals(List.of("ACCEPT 1.0"), summary(outs), f.toString());
            assertEquals("nft ip netshell prerouting policy ACCEPT", outs.get(0).text());
            assertEquals(List.of(), outs.get(0).undecided());
        }
    }

    @Test
    void conntrackOriginalDestinationAndNamedSets() {
        // A DNATed connection to a VIP of the set is accepted in forward; its hairpin is SNATed to the VIP.
        Flow dnated = new Flow("tcp", "10.0.0.65", "10.0.0.129", 40000, 80, "nsbr0", "nsbr0", Set.of("NEW", "DNAT"),
                "10.0.0.100", 80, Set.of(), true);
        assertEquals("nft ip netshell forward rule 1: ct status dnat ct original ip daddr @vip_addrs accept"
                + " # handle 12", walk(LB, "ip", "netshell", "forward", dnated).get(0).text());
        Netfilter.Outcome snat = walk(LB, "ip", "netshell", "postrouting", dnated).get(0);
        assertEquals(List.of("SNAT", "10.0.0.100"), List.of(snat.action(), snat.to()));
        Flow fromElsewhere = new Flow("tcp", "10.0.0.7", "10.0.0.129", 40000, 80, "eth1", "nsbr0", Set.of("NEW",
                "DNAT"), "10.0.0.100", 80, Set.of(), true);
        assertEquals("MASQUERADE", walk(LB, "ip", "netshell", "postrouting", fromElsewhere).get(0).action());
        Flow plain = flow("tcp", "10.0.0.65", "10.0.0.129", 80, "nsbr0", "nsbr0", "NEW");
        assertEquals("nft ip netshell forward policy ACCEPT", walk(LB, "ip", "netshell", "forward", plain).get(0)
                .text());
    }

    @Test
    void jumpReturnAndASetOfConcatenationsReject() {
        // iifname "eth*" and 10.0.0.0/24: jump checks, which returns; then web2's port 80 is in @blocked.
        List<Netfilter.Outcome> outs = walk(FEATURES, "ip", "userfw", "forward", flow("tcp", "10.0.0.5", "10.0.0.129",
                80, "eth1", "nsbr0", "NEW"));
        assertEquals(List.of("REJECT 1.0"), summary(outs));
        assertTrue(outs.get(0).text().startsWith("nft inet userfw forward rule 4: ip daddr . tcp dport @blocked log"
                + " prefix \"blocked \" reject with icmp port-unreachable # handle 10"), outs.get(0).text());
        // In checks, 10.0.0.200 is dropped: the rule is named in the chain it is in.
        Netfilter.Outcome drop = walk(FEATURES, "ip", "userfw", "forward", flow("tcp", "10.0.0.5", "10.0.0.200", 80,
                "eth1", "nsbr0", "NEW")).get(0);
        assertEquals("nft inet userfw checks rule 1: ip daddr 10.0.0.200 drop # handle 23", drop.text());
    }

    @Test
    void aNamedVerdictMapAndConntrackState() {
        assertEquals("nft inet userfw forward rule 5: tcp dport vmap @ports # handle 11", walk(FEATURES, "ip", "userfw",
                "forward", flow("tcp", "10.0.0.200", "10.0.0.9", 8080, "nsbr0", "eth1", "NEW")).get(0).text());
        assertEquals("DROP", walk(FEATURES, "ip", "userfw", "forward", flow("tcp", "10.0.0.200", "10.0.0.9", 8080,
                "nsbr0", "eth1", "NEW")).get(0).action());
        Netfilter.Outcome est = walk(FEATURES, "ip", "userfw", "forward", flow("tcp", "10.0.0.200", "10.0.0.9", 8080,
                "nsbr0", "eth1", "ESTABLISHED")).get(0);
        assertEquals(List.of("ACCEPT", 1), List.of(est.action(), est.rule().position()));
    }

    @Test
    void whatCannotBeJudgedIsNamedAndCountedAsNotMatching() {
        // Past every rule it can judge: meta skuid and the tcp option are named, and the policy accepts.
        List<Netfilter.Outcome> outs = walk(FEATURES, "ip", "userfw", "forward", flow("tcp", "10.0.0.200", "10.0.0.9",
                443, "nsbr0", "eth1", "NEW"));
        assertEquals("nft inet userfw forward policy ACCEPT", outs.get(0).text());
        assertEquals(List.of("nft inet userfw forward rule 10: cannot judge 'meta skuid' without a packet; counted as"
                + " not matching",
                "nft inet userfw forward rule 12: cannot judge 'tcp option maxseg size' without a"
                        + " packet; counted as not matching"),
                outs.get(0).undecided());
        // A udp packet: tcp option's rule fails on tcp flags first, so nothing is left to judge there.
        List<String> udp = walk(FEATURES, "ip", "userfw", "forward", flow("udp", "10.0.0.200", "10.0.0.9", 443,
                "nsbr0", "eth1", "NEW")).get(0).undecided();
        assertEquals(1, udp.size(), udp.toString());
        // A rate limit, a redirect: named too; the walk goes on.
        Netfilter.Outcome input = walk(FEATURES, "ip", "userfw", "input", flow("tcp", "10.0.0.5", "10.0.0.1", 22,
                "eth1", null, "NEW")).get(0);
        assertEquals(List.of("ACCEPT", "nft inet userfw input policy ACCEPT"), List.of(input.action(), input
                .text()));
        assertEquals(List.of("nft inet userfw input rule 1: cannot judge 'limit rate over 10/second' without a"
                + " packet; counted as not matching"), input.undecided());
        Netfilter.Outcome redirect = walk(FEATURES, "ip", "t4", "pre", flow("tcp", "10.0.0.5", "10.0.0.102", 80,
                "eth1", null, "NEW")).get(0);
        assertEquals("ACCEPT", redirect.action());
        assertEquals(List.of("statement 'redirect to :8080' of nft ip t4 pre rule 2 is not simulated; the walk goes"
                + " on"), redirect.undecided());
    }

    @Test
    void anIpv6PacketMeetsNoIpv4FieldAndOnlyItsOwn() {
        // ip saddr != { … } does not hold for an IPv6 packet either: the field is not there.
        Flow v6 = new Flow("tcp", "fd00::5", "::1", 40000, 9999, "eth1", "lo", Set.of("NEW"), "::1", 9999, Set.of(),
                true);
        List<Netfilter.Outcome> outs = walk(FEATURES, "ip6", "userfw", "forward", v6);
        assertEquals("nft inet userfw forward rule 11: ip6 daddr ::1 drop # handle 19", outs.get(0).text());
        assertEquals(1, outs.get(0).undecided().size(), "meta skuid, before it");
        Flow v4 = flow("tcp", "10.0.0.200", "10.0.0.9", 9999, "nsbr0", "eth1", "NEW");
        assertEquals("ACCEPT", walk(FEATURES, "ip", "userfw", "forward", v4).get(0).action());
    }

    @Test
    void natStatementsAndARandomDrop() {
        Netfilter.Outcome snat = walk(FEATURES, "ip", "t4", "post", flow("tcp", "10.0.0.5", "192.168.56.11", 80, null,
                "eth1", "NEW")).get(0);
        assertEquals(List.of("SNAT", "192.168.56.10"), List.of(snat.action(), snat.to()));
        assertEquals("MASQUERADE", walk(FEATURES, "ip", "t4", "post", flow("tcp", "10.0.0.5", "10.0.0.9", 80, null,
                "nsbr0", "NEW")).get(0).action());
        // numgen random mod 1000000 < 200000: a fifth of the packets.
        assertEquals(List.of("DROP 0.2", "ACCEPT 0.8"), summary(walk(FEATURES, "ip", "t4", "post", flow("tcp",
                "192.168.56.10", "10.0.0.9", 80, null, "nsbr0", "NEW"))));
        assertEquals(List.of("DNAT 10.0.0.65 1.0"), summary(walk(FEATURES, "ip", "t4", "pre", flow("tcp", "10.0.0.5",
                "10.0.0.104", 80, "eth1", null, "NEW"))));
    }
}
