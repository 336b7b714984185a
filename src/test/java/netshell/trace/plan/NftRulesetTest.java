package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code nft -j list ruleset} read into nftables' own tables, on rulesets the real nft printed
 * (golden/trace/nft/rulesets, made by make.sh; node1.nft from a lab's {@code lb add-vip --mode nft}): which tables
 * are kept, chains with their hooks and priorities, sets, and each rule's text, which must be what {@code nft -s -a
 * list ruleset} printed for it.
 */
class NftRulesetTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/trace/nft");

    static String read(String file) {
        try {
            return Files.readString(GOLDEN.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static NftRuleset ruleset(String file) { return NftRuleset.parse(read(file)); }

    @Test
    void everyRuleReadsAsNftPrintsIt() {
        int checked = 0;
        for (String[] pair : new String[][]{{"rulesets/features.json", "rulesets/features.txt"},
                {"rulesets/userfw.json", "rulesets/userfw.txt"}, {"rulesets/priority-late.json",
                        "rulesets/priority-late.txt"},
                {"node1.nft", "rulesets/lb.txt"}}) {
            NftRuleset rs = ruleset(pair[0]);
            List<String> printed = printedRules(read(pair[1]));
            List<String> ours = new ArrayList<>();
            for (String t : rs.tables()) {
                String[] f = t.split(" ");
                for (NftRuleset.Chain c : chains(rs, f[1], f[2], read(pair[1]))) {
                    for (NftRuleset.Rule r : rs.rules(f[1], f[2], c.name()))
                        ours.add(r.text() + " # handle " + r.handle());
                }
            }
            // nft prints iptables-nft's tables too; those are not nftables' own, so every rule of ours is in nft's.
            for (String rule : ours) {
                assertTrue(printed.contains(rule), pair[0] + ": '" + rule + "' is not in\n" + String.join("\n",
                        printed));
                checked++;
            }
        }
        assertTrue(checked >= 40, checked + " rules");
    }

    @Test
    void iptablesTablesAndTheTracesOwnAreLeftOut() {
        NftRuleset late = ruleset("rulesets/priority-late.json");
        assertTrue(read("rulesets/priority-late.json").contains("\"name\": \"filter\""), "nft lists ip filter");
        assertEquals(List.of("table inet early", "table inet late"), late.tables());
        assertEquals(List.of(), late.notes());

        String withTrace = read("rulesets/userfw.json").replace("{\"table\": {\"family\": \"inet\", \"name\": "
                + "\"userfw\"",
                "{\"table\": {\"family\": \"inet\", \"name\": \"netshell_trace_5e1f0a2b\", \"handle\":"
                        + " 9}}, {\"table\": {\"family\": \"bridge\", \"name\": \"br\", \"handle\": 8}}, {\"table\":"
                        + " {\"family\": \"inet\", \"name\": \"userfw\"");
        NftRuleset rs = NftRuleset.parse(withTrace);
        assertEquals(List.of("table bridge br", "table inet userfw"), rs.tables());
        assertEquals(List.of("nftables table bridge br not simulated (family bridge)"), rs.notes());
    }

    @Test
    void baseChainsWithTheirHookPriorityAndPolicy() {
        NftRuleset rs = ruleset("rulesets/features.json");
        List<NftRuleset.Chain> pre = rs.baseChains("ip", "prerouting");
        assertEquals(List.of("pre nat -100", "pre_raw filter -300", "pre_after filter 0"), pre.stream()
                .map(c -> c.name() + " " + c.type() + " " + c.priority()).toList());
        NftRuleset.Chain input = rs.baseChains("ip", "input").get(0);
        assertEquals(List.of("inet", "userfw", "input", "accept", -10), List.of(input.family(), input.table(), input
                .name(), input.policy(), input.priority()));
        // An ip table is not on an IPv6 packet's way; an inet table is.
        assertEquals(List.of("inet userfw forward"), rs.baseChains("ip6", "forward").stream().map(c -> c.where()
                + " " + c.name()).toList());
        assertTrue(rs.baseChains("ip6", "prerouting").isEmpty());
        assertNull(rs.chain("inet", "userfw", "nowhere"));
        assertEquals(2, rs.set("inet", "userfw", "blocked").elements().size());
        assertTrue(rs.set("inet", "userfw", "ports").map());
    }

    @Test
    void oneTableAfterAnotherAsTraceReadsThem() {
        NftRuleset rs = NftRuleset.parse(read("rulesets/userfw.json") + read("rulesets/priority-late.json"));
        assertEquals(List.of("table inet userfw", "table inet early", "table inet late"), rs.tables());
        assertEquals(3, rs.baseChains("ip", "forward").size());
    }

    @Test
    void whatIsNotAnNftRulesetIsANoteNotAnError() {
        assertTrue(NftRuleset.parse("").isEmpty());
        assertTrue(NftRuleset.parse("Error: Could not process rule").notes().get(0).contains("cannot be read"));
        assertTrue(NftRuleset.parse("[1, 2]").notes().get(0).contains("no \"nftables\" array"));
    }

    /** The rule lines of {@code nft -s -a list ruleset}, without their indentation. */
    private static List<String> printedRules(String text) {
        return text.lines().map(String::strip).filter(l -> l.contains("# handle") && !l.startsWith("table ")
                && !l.startsWith("chain ") && !l.startsWith("set ") && !l.startsWith("map ")).toList();
    }

    /** The chains of a table in the order nft printed them. */
    private static List<NftRuleset.Chain> chains(NftRuleset rs, String family, String table, String text) {
        List<NftRuleset.Chain> out = new ArrayList<>();
        boolean in = false;
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.startsWith("table ")) in = line.startsWith("table " + family + " " + table + " ");
            else if (in && line.startsWith("chain ")) out.add(rs.chain(family, table, line.split(" ")[1]));
        }
        return out;
    }
}
