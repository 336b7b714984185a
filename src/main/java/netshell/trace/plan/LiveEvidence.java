package netshell.trace.plan;

import java.util.List;

/**
 * What one node showed of a live probe: its nft trace events (in the order they came), the iptables rules and
 * policies whose counters the probe moved, its conntrack entries for the probe, the probe's packets captured on
 * its underlay ("eth1: …" lines), why any of it could not be had (null when all was read), and what traced the
 * events (nft, or iptables TRACE read into the same events).
 */
public record LiveEvidence(String node, List<NftTraceEvent> events, List<RuleCounters.Counted> moved,
        List<ConntrackEntry> conntrack, List<String> wire, String failure, Tracer tracer) {
    public LiveEvidence {
        events = List.copyOf(events);
        moved = List.copyOf(moved);
        conntrack = List.copyOf(conntrack);
        wire = List.copyOf(wire);
        if (tracer == null) tracer = Tracer.NFT;
    }

    /** Evidence traced by nft. */
    public LiveEvidence(String node, List<NftTraceEvent> events, List<RuleCounters.Counted> moved,
            List<ConntrackEntry> conntrack, List<String> wire, String failure) {
        this(node, events, moved, conntrack, wire, failure, Tracer.NFT);
    }

    /** The packets the trace table marked here (its "packet:" lines, one per hook the probe crossed). */
    public List<NftTraceEvent> sightings(String table) {
        return events.stream().filter(e -> e.table().equals(table) && e.kind().equals("packet")).toList();
    }

    /** The packet line that opened the evaluation this event belongs to (same trace id, just before it), or null. */
    public NftTraceEvent packetOf(NftTraceEvent event) {
        NftTraceEvent found = null;
        for (NftTraceEvent e : events) {
            if (e == event) break;
            if (e.id().equals(event.id()) && e.kind().equals("packet")) found = e;
        }
        return found;
    }
}
