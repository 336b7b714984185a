package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * A drop traced live in one of nftables' own tables, joined to the simulation: what {@code nft monitor} printed on
 * node2 of a real lab while a probe met a user's {@code table inet userfw} (live/userfw-drop-node2.monitor) names the
 * same rule, phase and command as the simulation of that table does.
 */
class NftLiveMergeTest {
    private static final Probe PROBE = new Probe("tcp", "10.0.0.129", 80, 43210, 60, "5e1f0a2b", Set.of(4789));

    private static List<NftTraceEvent> events() throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/golden/trace/live/userfw-drop-node2.monitor"),
                StandardCharsets.UTF_8).stream().map(NftTraceEvent::parse).filter(Objects::nonNull).toList();
    }

    private static LiveMerge.Merged merge(Trace sim) throws IOException {
        return LiveMerge.merge(sim, PROBE, List.of(
                new LiveEvidence("node1", List.of(), List.of(), List.of(), List.of(), null),
                new LiveEvidence("node2", events(), List.of(), List.of(), List.of(), null)),
                new ProbeOutcome(ProbeOutcome.NO_ANSWER, "timed out"));
    }

    private static Trace simulate(GoldenFacts g) { return NftSimulatorTest.trace(g, "10.0.0.129", "tcp", 80); }

    @Test
    void theTracedDropIsNamedAsTheSimulationNamesItAndTheyAgree() throws IOException {
        Trace sim = simulate(new GoldenFacts("nft").edit("node2", "nft", s -> NftRulesetTest.read(
                "rulesets/userfw.json")));
        LiveMerge.Merged m = merge(sim);
        Drop d = m.trace().dropAt();
        assertEquals(List.of("node2", "FILTER", "request"), List.of(d.at(), d.phase(), d.direction()));
        assertEquals("tcp 10.0.0.65:43210 → 10.0.0.129:80: nft inet userfw forward rule 2: ip daddr 10.0.0.129 drop"
                + " # handle 3 (nft trace: verdict drop)", d.reason());
        assertEquals(sim.dropAt().command(), d.command());
        assertEquals("node2 nft list chain inet userfw forward -a", d.command());
        assertTrue(m.notes().stream().noneMatch(n -> n.contains("disagree")), m.notes().toString());
        Hop filter = m.trace().hops().stream().filter(Hop::dropped).findFirst().orElseThrow();
        assertEquals("nft trace: inet userfw forward rule ip daddr 10.0.0.129 drop (verdict drop)", filter.live());
    }

    @Test
    void aDropTheSimulationDidNotSeeIsNamedInTheTracesWordsAndIsADisagreement() throws IOException {
        Trace sim = simulate(new GoldenFacts("nft"));
        assertEquals(Trace.ALLOWED, sim.verdict());
        LiveMerge.Merged m = merge(sim);
        Drop d = m.trace().dropAt();
        assertEquals(List.of("node2", "FILTER"), List.of(d.at(), d.phase()));
        assertEquals("tcp 10.0.0.65:43210 → 10.0.0.129:80: nft inet userfw forward rule: ip daddr 10.0.0.129 drop"
                + " (nft trace: verdict drop)", d.reason());
        assertEquals("node2 nft list chain inet userfw forward -a", d.command());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("live evidence and the simulation disagree:"
                + " simulated ALLOWED; live DROPPED at node2, FILTER")), m.notes().toString());
    }
}
