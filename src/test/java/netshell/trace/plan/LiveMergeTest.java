package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Live evidence joined to the simulation, on golden data: the facts of the vip/ lab (VIP 10.0.0.100:80 on node1 over
 * web1 and web2) and what {@code nft monitor} printed on each node of a real lab during a probe (live/).
 */
class LiveMergeTest {
    private static final Path LIVE = Path.of("src/test/resources/golden/trace/live");

    private static Trace simulate(String to, int port) {
        List<Box> boxes = new GoldenFacts("vip").boxes(List.of("node1", "node2"), Map.of("web1", "node1", "web2",
                "node2"));
        Box web1 = boxes.stream().filter(b -> b.name().equals("web1")).findFirst().orElseThrow();
        return new Simulator(boxes).run(new Simulator.Request(web1, "10.0.0.65", to, "tcp", port, 60), "web1",
                to + ":" + port);
    }

    private static List<NftTraceEvent> events(String file) throws IOException {
        return Files.readAllLines(LIVE.resolve(file), StandardCharsets.UTF_8).stream().map(NftTraceEvent::parse)
                .filter(Objects::nonNull).toList();
    }

    @Test
    void monitorLinesAreReadAsEvents() throws IOException {
        List<NftTraceEvent> node2 = events("input-drop-node2.monitor");
        NftTraceEvent drop = node2.stream().filter(NftTraceEvent::drops).findFirst().orElseThrow();
        assertEquals(List.of("ip", "filter", "INPUT", "rule", "drop", "udp dport 4789 drop"), List.of(drop.family(),
                drop.table(), drop.chain(), drop.kind(), drop.verdict(), drop.rule()));
        NftTraceEvent pkt = node2.stream().filter(e -> e.kind().equals("packet")).findFirst().orElseThrow();
        assertEquals("eth1", pkt.field("iif"));
        assertTrue(pkt.packetText().matches("udp 192\\.168\\.56\\.10:\\d+ → 192\\.168\\.56\\.11:4789"),
                pkt.packetText());
        assertNull(NftTraceEvent.parse("add table inet netshell_trace_fbdca6c3"));
    }

    @Test
    void theVipBackendConntrackChoseIsTheBranchKept() throws IOException {
        Probe probe = new Probe("tcp", "10.0.0.100", 80, 40482, 60, "7d155b84", Set.of(4789));
        List<ConntrackEntry> ct = ConntrackEntry.parse("tcp      6 117 TIME_WAIT src=10.0.0.65 dst=10.0.0.100"
                + " sport=40482 dport=80 src=10.0.0.129 dst=10.0.0.1 sport=80 dport=40482 [ASSURED] mark=0 use=1");
        LiveMerge.Merged m = LiveMerge.merge(simulate("10.0.0.100", 80), probe, List.of(
                new LiveEvidence("node1", events("vip-node1.monitor"), List.of(), ct, List.of(), null),
                new LiveEvidence("node2", events("vip-node2.monitor"), List.of(), List.of(), List.of(), null)),
                new ProbeOutcome(ProbeOutcome.ANSWERED, "connected"));
        Trace t = m.trace();
        assertEquals(List.of(Trace.ALLOWED, Trace.LIVE), List.of(t.verdict(), t.mode()));
        assertTrue(t.hops().stream().allMatch(h -> h.branch() == null || h.branch().equals("backend 10.0.0.129:80")),
                TraceText.of(t, false));
        Hop encap = t.hops().stream().filter(h -> h.at().equals("node1") && h.phase().equals("VXLAN-ENCAP")
                && h.direction().equals("request")).findFirst().orElseThrow();
        assertTrue(encap.live().matches("nft trace: udp 192\\.168\\.56\\.10:\\d+ → 192\\.168\\.56\\.11:4789 leaves by"
                + " eth1"), encap.live());
        assertTrue(t.hops().stream().anyMatch(h -> h.at().equals("node2") && h.phase().equals("VXLAN-DECAP")
                && h.live() != null && h.live().endsWith("came in by eth1")), TraceText.of(t, false));
        assertTrue(m.notes().contains("node1 conntrack: DNAT to 10.0.0.129:80 (" + ct.get(0).line() + ")"),
                m.notes().toString());
        assertTrue(m.notes().stream().noneMatch(n -> n.contains("disagree")), m.notes().toString());
        assertTrue(TraceText.of(t, false).contains("(live: one probe sent and traced"), TraceText.of(t, false));
    }

    @Test
    void aDropTheSimulationMissedIsNamedFromTheTraceAndTheCounters() throws IOException {
        Probe probe = new Probe("tcp", "10.0.0.129", 80, 42190, 60, "fbdca6c3", Set.of(4789));
        RuleCounters before = RuleCounters.parse(Files.readString(LIVE.resolve("input-drop-node2.before")));
        RuleCounters after = RuleCounters.parse(Files.readString(LIVE.resolve("input-drop-node2.after")));
        Trace sim = simulate("10.0.0.129", 80);
        assertEquals(Trace.ALLOWED, sim.verdict()); // the golden facts have no rule on node2
        LiveMerge.Merged m = LiveMerge.merge(sim, probe, List.of(
                new LiveEvidence("node1", List.of(), List.of(), List.of(), List.of(), null),
                new LiveEvidence("node2", events("input-drop-node2.monitor"), after.movedSince(before), List.of(),
                        List.of(), null)),
                new ProbeOutcome(ProbeOutcome.NO_ANSWER, "timed out"));
        Drop d = m.trace().dropAt();
        assertEquals(List.of("node2", "FILTER", "request"), List.of(d.at(), d.phase(), d.direction()));
        assertTrue(d.reason().endsWith(": filter INPUT rule 1: -A INPUT -p udp -m udp --dport 4789 -j DROP (nft"
                + " trace: verdict drop)"), d.reason());
        assertEquals("node2 iptables -t filter -L INPUT -v -n --line-numbers", d.command());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("live evidence and the simulation disagree:"
                + " simulated ALLOWED; live DROPPED at node2, FILTER")), m.notes().toString());
    }

    @Test
    void aSimulatedDropThatWasAnsweredIsADisagreement() {
        Probe probe = new Probe("tcp", "10.0.0.129", 81, 42191, 60, "ab", Set.of(4789));
        Trace sim = simulate("10.0.0.129", 81); // nothing listens on 81 in the golden facts
        assertEquals(Trace.DROPPED, sim.verdict());
        LiveMerge.Merged m = LiveMerge.merge(sim, probe, List.of(), new ProbeOutcome(ProbeOutcome.ANSWERED,
                "connected"));
        assertEquals(Trace.ALLOWED, m.trace().verdict());
        assertNull(m.trace().dropAt());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("live evidence and the simulation disagree:"
                + " simulated DROPPED at web2 on node2, DELIVER")), m.notes().toString());
    }

    /**
     * A VIP one of whose backends is the sender itself: the lab drops the DNATed packet right after prerouting (the
     * bridge would send it back out of the port it came in by), which the simulation lets through. No conntrack
     * entry is listed for a packet lost before it left; the trace's DNAT tells the branch, its last step the place.
     */
    @Test
    void aProbeLostAfterPreroutingIsPlacedByItsLastTracedStep() throws IOException {
        Probe probe = new Probe("tcp", "10.0.0.100", 80, 52794, 60, "4f12c2b9", Set.of(4789));
        Trace sim = simulate("10.0.0.100", 80);
        assertEquals(Trace.ALLOWED, sim.verdict());
        LiveMerge.Merged m = LiveMerge.merge(sim, probe, List.of(
                new LiveEvidence("node1", events("hairpin-node1.monitor"), List.of(), List.of(), List.of(), null),
                new LiveEvidence("node2", List.of(), List.of(), List.of(), List.of(), null)),
                new ProbeOutcome(ProbeOutcome.NO_ANSWER, "timed out"));
        Trace t = m.trace();
        assertTrue(t.hops().stream().allMatch(h -> h.branch() == null || h.branch().equals("backend 10.0.0.65:80")),
                TraceText.of(t, false));
        Drop d = t.dropAt();
        assertEquals(List.of("node1", "ROUTE", "request"), List.of(d.at(), d.phase(), d.direction()));
        assertTrue(d.reason().contains("dnat to 10.0.0.65:80 (verdict accept), and no hook after prerouting saw it"),
                d.reason());
        assertTrue(m.notes().contains("nft trace: DNAT to 10.0.0.65:80"), m.notes().toString());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("live evidence and the simulation disagree:"
                + " simulated ALLOWED; live DROPPED at node1, ROUTE")), m.notes().toString());
    }
}
