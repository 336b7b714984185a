package netshell.trace;

import java.util.ArrayList;
import java.util.List;

import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.Tracer;

/**
 * A node's markers of one tracer, one per family (iptables-nft's TRACE rules, each family read by its own
 * xtables-monitor), used as one: started in order, each taken away whatever the others did. The events of the family
 * of the tunnel only come first and the probe's own family's last, as they mostly come (a probe dropped after the
 * tunnel is last seen inside it).
 */
final class FamilyMarkers implements TraceMarker {
    private final List<TraceMarker> markers;

    /** {@code markers}: the tunnel's family's first, the probe's own family's last. */
    FamilyMarkers(List<TraceMarker> markers) {
        this.markers = List.copyOf(markers);
    }

    @Override
    public void start() throws InterruptedException {
        for (TraceMarker m : markers) m.start();
    }

    @Override
    public void unmark(List<String> failures) throws InterruptedException {
        for (TraceMarker m : markers) m.unmark(failures);
    }

    @Override
    public List<NftTraceEvent> events(RuleCounters before, List<RuleCounters.Counted> moved) {
        List<NftTraceEvent> out = new ArrayList<>();
        for (TraceMarker m : markers) out.addAll(m.events(before, moved));
        return out;
    }

    @Override
    public void stop() {
        markers.forEach(TraceMarker::stop);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (TraceMarker m : markers) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    @Override
    public Tracer tracer() { return markers.isEmpty() ? Tracer.NONE : markers.get(0).tracer(); }
}
