package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

class IptablesSaveTest {
    static final String SAVE = Golden.read("save-with-foreign-rules.txt");
    static final String SVC = "NETSHELL-SVC-6517B93B2DC1";

    @Test
    void parsesChainsWithPoliciesAndCounters() {
        IptablesSave save = IptablesSave.parse(SAVE);
        assertEquals(15, save.chains().size());
        assertEquals(new IptablesSave.Chain("filter", "FORWARD", "DROP", 17, 1020), save.chains().get(1));
        IptablesSave.Chain user = save.chains().get(3);
        assertEquals("DOCKER-USER", user.name());
        assertFalse(user.isBuiltin());
        assertTrue(save.chains().get(0).isBuiltin());
    }

    @Test
    void parsesRulesIntoMatchesTargetAndComment() {
        IptablesSave save = IptablesSave.parse(SAVE);
        assertEquals(17, save.rules().size());
        IptablesSave.Rule ssh = save.rules("nat", "PREROUTING").get(1);
        assertEquals(
                List.of("-p", "tcp", "-m", "comment", "--comment", "ssh to the jump host", "-m", "tcp", "--dport",
                        "2222"),
                ssh.matches());
        assertEquals("DNAT", ssh.target());
        assertEquals(List.of("--to-destination", "10.9.0.5:22"), ssh.targetArgs());
        assertEquals("ssh to the jump host", ssh.comment());
        assertEquals(2, ssh.packets());
        assertEquals(120, ssh.bytes());
        assertEquals("10.9.0.5:22", ssh.targetOption("--to-destination").orElseThrow());
    }

    @Test
    void handlesEscapedQuotesAndNegation() {
        IptablesSave save = IptablesSave.parse(SAVE);
        assertEquals("lab \"quarantine\" net", save.rules("filter", "FORWARD").get(1).comment());
        IptablesSave.Rule masq = save.rules("nat", "POSTROUTING").get(1);
        assertEquals(List.of("-s", "172.17.0.0/16", "!", "-o", "docker0"), masq.matches());
        assertNull(masq.comment());
        assertEquals("-A FORWARD -s 10.9.0.0/16 -m comment --comment \"lab \\\"quarantine\\\" net\" -j DROP",
                save.rules("filter", "FORWARD").get(1).canonical());
    }

    @Test
    void readsTheLadderAndBackendsAsTheKernelHoldsThem() {
        IptablesSave save = IptablesSave.parse(SAVE);
        List<Double> ladder = save.ladder(SVC);
        assertEquals(List.of(0.33333333349, 0.5, 1.0), ladder);
        assertTrue(save.rules("nat", SVC).get(0).hasProbability());
        assertFalse(save.rules("nat", SVC).get(2).hasProbability());
        assertEquals(List.of("10.0.0.2:80", "10.0.0.3:80", "10.0.0.4:8080"), save.dnatTargets(SVC));
        assertEquals(List.of(), save.ladder("NO-SUCH-CHAIN"));
    }

    @Test
    void separatesOursFromForeign() {
        IptablesSave save = IptablesSave.parse(SAVE);
        assertEquals(List.of(
                "-A FORWARD -s 10.9.0.0/16 -m comment --comment \"lab \\\"quarantine\\\" net\" -j DROP",
                "-A DOCKER-USER -j RETURN",
                "-A PREROUTING -p tcp -m comment --comment \"ssh to the jump host\" -m tcp --dport 2222"
                        + " -j DNAT --to-destination 10.9.0.5:22",
                "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE"),
                save.foreign().stream().map(IptablesSave.Rule::canonical).toList());
        assertEquals(13, save.ours().size());
        assertEquals(List.of("NETSHELL-FORWARD", "NETSHELL-POSTROUTING", "NETSHELL-SEP-51BD790A5AF2",
                "NETSHELL-SEP-97A6F849FB6F", "NETSHELL-SEP-FB2EC5C37FCF", "NETSHELL-SERVICES", SVC),
                List.copyOf(save.ourChainNames()));
    }

    @Test
    void sameRulesIgnoresCountersAndProbabilityRounding() {
        String written = SAVE.replaceAll("\\[\\d+:\\d+\\]", "[0:0]").replace("0.33333333349", "0.3333333333")
                .replace("0.50000000000", "0.5000000000").replaceAll("(?m)^\\[0:0\\] ", "");
        assertTrue(IptablesSave.sameRules(SAVE, written), String.join("\n", IptablesSave.diff(SAVE, written)));
        assertEquals(List.of(), IptablesSave.diff(SAVE, written));
    }

    @Test
    void sameRulesSeesRealDifferences() {
        String otherProbability = SAVE.replace("0.33333333349", "0.25000000000");
        assertFalse(IptablesSave.sameRules(SAVE, otherProbability));
        assertEquals(List.of(
                "- -A NETSHELL-SVC-6517B93B2DC1 -m comment --comment \"netshell:192.168.10.10:80/tcp -> 10.0.0.2:80\""
                        + " -m statistic --mode random --probability 0.333333 -j NETSHELL-SEP-51BD790A5AF2",
                "+ -A NETSHELL-SVC-6517B93B2DC1 -m comment --comment \"netshell:192.168.10.10:80/tcp -> 10.0.0.2:80\""
                        + " -m statistic --mode random --probability 0.250000 -j NETSHELL-SEP-51BD790A5AF2"),
                IptablesSave.diff(SAVE, otherProbability));
        assertFalse(IptablesSave.sameRules(SAVE, SAVE.replace(":FORWARD DROP", ":FORWARD ACCEPT")), "policy");
        assertFalse(IptablesSave.sameRules(SAVE,
                SAVE.replace("[1:60] -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n", "")));
    }

    @Test
    void ruleOrderInsideAChainMatters() {
        String swapped = SAVE.replace(
                "[40:2400] -A PREROUTING -m comment --comment netshell -j NETSHELL-SERVICES\n"
                        + "[2:120] -A PREROUTING -p tcp -m comment --comment \"ssh to the jump host\""
                        + " -m tcp --dport 2222 -j DNAT --to-destination 10.9.0.5:22\n",
                "[2:120] -A PREROUTING -p tcp -m comment --comment \"ssh to the jump host\" -m tcp --dport 2222"
                        + " -j DNAT --to-destination 10.9.0.5:22\n"
                        + "[40:2400] -A PREROUTING -m comment --comment netshell -j NETSHELL-SERVICES\n");
        assertNotEquals(SAVE, swapped);
        assertFalse(IptablesSave.sameRules(SAVE, swapped));
        assertEquals(List.of(), IptablesSave.diff(SAVE, swapped), "same lines, only order differs");
    }

    @Test
    void tokenizerKeepsQuotedWordsTogether() {
        assertEquals(List.of("-A", "X", "--comment", "a b \"c\"", "-j", "ACCEPT"),
                SaveTokenizer.tokens("-A X --comment \"a b \\\"c\\\"\"  -j ACCEPT"));
        assertEquals(List.of("--comment", ""), SaveTokenizer.tokens("--comment \"\""));
        assertThrows(IllegalArgumentException.class, () -> SaveTokenizer.tokens("--comment \"open"));
        assertEquals("\"a b\"", SaveTokenizer.quote("a b"));
        assertEquals("netshell", SaveTokenizer.quote("netshell"));
    }

    @Test
    void aCommentThatLooksLikeATargetIsStillAComment() {
        IptablesSave.Rule r = IptablesSave.parse("*filter\n-A INPUT -m comment --comment -j -j ACCEPT\nCOMMIT\n")
                .rules().get(0);
        assertEquals("-j", r.comment());
        assertEquals("ACCEPT", r.target());
    }

    @Test
    void rejectsTextThatIsNotASave() {
        assertThrows(IllegalArgumentException.class, () -> IptablesSave.parse("-A INPUT -j ACCEPT\n"));
        assertThrows(IllegalArgumentException.class, () -> IptablesSave.parse("*filter\n-I INPUT -j ACCEPT\n"));
    }
}
