package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Every base chain of a hook in the kernel's order, iptables' built-in chains at their fixed priorities beside
 * nftables' own (rulesets made with the real iptables and nft in one namespace, rulesets/priority-*): an accept ends
 * only its chain, a drop the packet; nat chains decide once, and the chains after a DNAT see the new destination;
 * chains before conntrack see no state.
 */
class HookWalkTest {
    private static final Flow TO_WEB2 = new Flow("tcp", "10.0.0.65", "10.0.0.129", 40000, 80, "nsbr0", "nsbr0",
            Set.of("NEW"), "10.0.0.129", 80, Set.of("10.0.0.2"), true);

    private static List<HookWalk.Path> forward(String ruleset) {
        return HookWalk.walk(Ruleset.parse(NftRulesetTest.read("rulesets/" + ruleset + ".save")), NftRulesetTest
                .ruleset("rulesets/" + ruleset + ".json"), "ip", "forward", TO_WEB2, HookWalk.Part.FILTER);
    }

    private static List<String> steps(HookWalk.Path p) {
        return p.steps().stream().map(s -> s.phase() + " " + s.outcome().text() + " | " + s.command()).toList();
    }

    @Test
    void aDropAtMinusTenComesBeforeIptablesFilterAccepts() {
        List<HookWalk.Path> paths = forward("priority-early");
        assertEquals(1, paths.size());
        assertEquals(List.of("FILTER nft inet early forward rule 1: ip daddr 10.0.0.129 tcp dport 80 drop # handle 2"
                + " | nft list chain inet early forward -a"), steps(paths.get(0)));
        assertTrue(paths.get(0).drop() != null);
    }

    @Test
    void anAcceptEndsOnlyItsChainAndAChainAfterADropSeesNothing() {
        HookWalk.Path p = forward("priority-late").get(0);
        assertEquals(List.of(
                "FILTER nft inet early forward rule 1: ip daddr 10.0.0.129 accept # handle 2"
                        + " | nft list chain inet early forward -a",
                "FILTER filter FORWARD rule 1: -A FORWARD -d 10.0.0.129/32 -p tcp -m tcp --dport 80 -j DROP"
                        + " | iptables -t filter -L FORWARD -v -n --line-numbers"),
                steps(p));
        // Another destination: all three chains accept, each its own phase.
        Flow other = new Flow("tcp", "10.0.0.65", "10.0.0.130", 40000, 80, "nsbr0", "nsbr0", Set.of("NEW"),
                "10.0.0.130", 80, Set.of(), true);
        HookWalk.Path all = HookWalk.walk(Ruleset.parse(NftRulesetTest.read("rulesets/priority-late.save")),
                NftRulesetTest.ruleset("rulesets/priority-late.json"), "ip", "forward", other, HookWalk.Part.FILTER)
                .get(0);
        assertEquals(List.of("nft inet early forward policy ACCEPT", "filter FORWARD policy ACCEPT",
                "nft inet late forward rule 1: counter accept # handle 2"),
                all.steps().stream().map(s -> s.outcome().text()).toList());
        assertNull(all.drop());
    }

    @Test
    void anIpv6PacketMeetsIp6tablesAndTheInetTables() {
        Flow v6 = new Flow("tcp", "fd00::65", "fd00::129", 40000, 80, "nsbr0", "nsbr0", Set.of("NEW"), "fd00::129",
                80, Set.of(), true);
        HookWalk.Path p = HookWalk.walk(Ruleset.parse(NftRulesetTest.read("rulesets/priority-late.save")),
                NftRulesetTest.ruleset("rulesets/priority-late.json"), "ip6", "forward", v6, HookWalk.Part.FILTER)
                .get(0);
        assertEquals(List.of("nft inet early forward policy ACCEPT | nft list chain inet early forward -a",
                "filter FORWARD policy ACCEPT | ip6tables -t filter -L FORWARD -v -n --line-numbers",
                "nft inet late forward rule 1: counter accept # handle 2 | nft list chain inet late forward -a"),
                p.steps().stream().map(s -> s.outcome().text() + " | " + s.command()).toList());
    }

    @Test
    void beforeConntrackThereIsNoStateAndAfterADnatTheNewDestination() {
        NftRuleset rs = NftRulesetTest.ruleset("rulesets/features.json");
        // udp 7: the raw-priority chain sees "ct state invalid" (no conntrack entry yet) and drops it, before nat.
        Flow seven = new Flow("udp", "10.0.0.5", "10.0.0.105", 40000, 7, "eth1", null, Set.of("NEW"), "10.0.0.105", 7,
                Set.of(), true);
        HookWalk.Path raw = HookWalk.walk(Ruleset.EMPTY, rs, "ip", "prerouting", seven, HookWalk.Part.ALL).get(0);
        assertEquals(List.of("FILTER nft ip t4 pre_raw rule 1: ct state invalid udp dport 7 drop # handle 13"
                + " | nft list chain ip t4 pre_raw -a"), steps(raw));
        // udp 9 to .103: DNATed to 10.0.0.65 at -100, then dropped at 0 by a rule on the new destination.
        Flow nine = new Flow("udp", "10.0.0.5", "10.0.0.103", 40000, 9, "eth1", null, Set.of("NEW"), "10.0.0.103", 9,
                Set.of(), true);
        HookWalk.Path p = HookWalk.walk(Ruleset.EMPTY, rs, "ip", "prerouting", nine, HookWalk.Part.ALL).get(0);
        assertEquals(List.of("FILTER ACCEPT null", "NAT DNAT 10.0.0.65", "FILTER DROP null"),
                p.steps().stream().map(s -> s.phase() + " " + s.outcome().action() + " " + s.outcome().to()).toList());
        assertTrue(p.steps().get(2).outcome().text().endsWith("pre_after rule 1: ip daddr 10.0.0.65 udp dport 9 drop"
                + " # handle 14"), p.steps().get(2).outcome().text());
        // A reply crosses the filter chains only: conntrack, not the nat chains, translates it.
        HookWalk.Path reply = HookWalk.walk(Ruleset.EMPTY, rs, "ip", "prerouting", nine, HookWalk.Part.FILTER).get(0);
        assertEquals(List.of("nft ip t4 pre_raw policy ACCEPT", "nft ip t4 pre_after policy ACCEPT"), reply.steps()
                .stream().map(s -> s.outcome().text()).toList());
    }

    @Test
    void theFirstNatChainToTranslateDecidesAndTheOthersAreNotAsked() {
        String save = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A PREROUTING -d 10.0.0.103/32 -j DNAT --to-destination 10.0.0.129
                COMMIT
                """;
        Flow f = new Flow("tcp", "10.0.0.5", "10.0.0.103", 40000, 80, "eth1", null, Set.of("NEW"), "10.0.0.103", 80,
                Set.of(), true);
        List<HookWalk.Path> paths = HookWalk.walk(Ruleset.parse(save), NftRulesetTest.ruleset(
                "rulesets/features.json"), "ip", "prerouting", f, HookWalk.Part.NAT);
        assertEquals(1, paths.size());
        assertEquals(List.of("NAT nat PREROUTING rule 1: -A PREROUTING -d 10.0.0.103/32 -j DNAT --to-destination"
                + " 10.0.0.129 | iptables -t nat -L PREROUTING -v -n --line-numbers"), steps(paths.get(0)));
        // Without it, t4's chain DNATs: a random map gives one way per backend.
        Flow vip = new Flow("tcp", "10.0.0.5", "10.0.0.101", 40000, 80, "eth1", null, Set.of("NEW"), "10.0.0.101", 80,
                Set.of(), true);
        List<HookWalk.Path> three = HookWalk.walk(Ruleset.parse(save), NftRulesetTest.ruleset(
                "rulesets/features.json"), "ip", "prerouting", vip, HookWalk.Part.NAT);
        assertEquals(List.of("10.0.0.65:80", "10.0.0.129:80", "10.0.0.130:8080"), three.stream().map(w -> w.nat()
                .outcome().to()).toList());
        assertEquals(1.0, three.stream().mapToDouble(HookWalk.Path::probability).sum(), 1e-9);
    }
}
