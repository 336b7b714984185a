package netshell.trace;

import java.util.List;

import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.Tracer;

/** A node where no rule can be traced (see {@link netshell.trace.plan.TraceTools#why}): nothing marked or read. */
final class NoMarker implements TraceMarker {
    @Override
    public void start() {}

    @Override
    public void unmark(List<String> failures) {}

    @Override
    public List<NftTraceEvent> events(RuleCounters before, List<RuleCounters.Counted> moved) { return List.of(); }

    @Override
    public void stop() {}

    @Override
    public void close() {}

    @Override
    public Tracer tracer() { return Tracer.NONE; }
}
