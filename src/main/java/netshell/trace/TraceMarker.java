package netshell.trace;

import java.util.List;

import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.Tracer;

/**
 * How one node marks the probe for tracing and reads what netfilter did with it: nft's trace table and {@code nft
 * monitor}, or iptables TRACE rules and {@code xtables-monitor} or the kernel log, or nothing. {@link #close} takes the
 * marking away and stops the reader whatever happened before, from any thread, as often as it is called.
 */
interface TraceMarker {
    /** The reader started and proven listening, the probe marked: every trace event from now on is read. */
    void start() throws InterruptedException;

    /** The marking removed and the reader seen to show it (every event came before); what went wrong is added. */
    void unmark(List<String> failures) throws InterruptedException;

    /**
     * The events read, as nft trace events; {@code before}: the rulesets (iptables' and ip6tables') read while the
     * probe was marked, {@code moved}: their rules whose counters the probe moved.
     */
    List<NftTraceEvent> events(RuleCounters before, List<RuleCounters.Counted> moved);

    /** The reader stopped (after {@link #unmark}). */
    void stop();

    /** Removes the marking if it is still there and stops the reader. */
    void close();

    Tracer tracer();
}
