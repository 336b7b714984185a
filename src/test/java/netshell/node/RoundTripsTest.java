package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Round trips are counted where commands leave for a node: one per run, per stream, per batched runAll. */
class RoundTripsTest {
    static final List<List<String>> THREE = List.of(List.of("true"), List.of("echo", "a"), List.of("printf", "b"));

    @AfterEach
    void off() { RoundTrips.on(false); }

    @Test
    void aBatchingTransportCountsRunAllOnceAndTheDefaultOncePerArgv() throws InterruptedException {
        RoundTrips.on(true);
        RoundTrips.take();
        LocalNode local = new LocalNode("rt-local");
        DryRunNode dry = new DryRunNode("rt-dry");
        local.run("true");
        local.run("true");
        assertEquals(3, local.runAll(THREE).size()); // one sh -c: one round trip
        try (LineStream s = local.stream(List.of("true"), line -> {})) {
            s.waitFor();
        }
        dry.run("true");
        dry.runAll(THREE); // the default runAll: one run each
        dry.stream(List.of("true"), line -> {}).waitFor();
        Map<String, Integer> counts = RoundTrips.take();
        assertEquals(4, counts.get("rt-local"), counts.toString());
        assertEquals(5, counts.get("rt-dry"), counts.toString());
        assertTrue(RoundTrips.take().isEmpty(), "take resets");
    }

    @Test
    void offCountsNothingAndBackgroundWorkIsNotCounted() {
        DryRunNode dry = new DryRunNode("rt-off");
        dry.run("true");
        RoundTrips.on(true);
        RoundTrips.take();
        RoundTrips.background(() -> dry.run("true"));
        assertEquals("round trips: none", RoundTrips.takeLine());
        dry.run("true");
        assertEquals("round trips: rt-off 1", RoundTrips.takeLine());
    }

    @Test
    void theLineNamesNodesInNaturalOrder() {
        RoundTrips.on(true);
        RoundTrips.take();
        for (String n : List.of("node10", "node2", "node1", "node2")) new DryRunNode(n).run("true");
        assertEquals("round trips: node1 1, node2 2, node10 1", RoundTrips.takeLine());
    }
}
