package netshell.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import netshell.command.Context;
import netshell.core.IpFamily;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.Probe;
import netshell.trace.plan.TraceRules;

/**
 * A marker by iptables and ip6tables TRACE rules ({@link TraceRules}) in table raw, inserted and deleted in one
 * {@code iptables-restore --noflush} (or ip6tables-restore) each per family; when a deletion fails (a rule deleted by
 * hand), each rule still there is deleted on its own, so none stays. Only the families marked are unmarked: a node
 * that failed half-way keeps nothing.
 */
abstract class IptablesTraceMarker extends MonitoredMarker {
    final List<IpFamily> families;
    final TraceRules rules;
    private final List<IpFamily> marked = new ArrayList<>();

    IptablesTraceMarker(Context ctx, Node node, Probe probe, List<IpFamily> families) {
        super(ctx, node, probe);
        this.families = List.copyOf(families);
        this.rules = new TraceRules(probe);
    }

    /**
     * Each family's rules in, in order; stops at the first that fails (the ones in are taken away by close). A family
     * whose restore was cut short (Ctrl-C) counts as marked: its rules may be in, so close takes them away too.
     */
    @Override
    ExecResult mark() {
        ExecResult last = null;
        for (IpFamily f : families) {
            try {
                last = ctx.change(node, Step.withInput("mark the probe for " + TraceRules.tool(f) + " TRACE",
                        rules.script(f, true), TraceRules.tool(f) + "-restore", "-w", "--noflush"));
            } catch (RuntimeException e) {
                marked(f);
                throw e;
            }
            if (!last.ok()) return last;
            marked(f);
        }
        return last;
    }

    private void marked(IpFamily f) {
        synchronized (marked) {
            marked.add(f);
        }
    }

    @Override
    boolean alreadyGone(ExecResult r) { return false; }

    /**
     * Each marked family's rules out; the first failure, or the last result, is returned. A family stays marked until
     * its removal ran (not cut short), so that a later close tries again.
     */
    @Override
    ExecResult removeMarking() {
        List<IpFamily> in;
        synchronized (marked) {
            in = List.copyOf(marked);
        }
        ExecResult failed = null;
        ExecResult last = null;
        for (IpFamily f : in) {
            last = removeFamily(f);
            synchronized (marked) {
                marked.remove(f);
            }
            if (!last.ok() && failed == null) failed = last;
        }
        if (failed != null) return failed;
        return last != null ? last : new ExecResult(node.name(), List.of(), 0, "", "", Duration.ZERO);
    }

    /** One family's rules deleted in one transaction, or, when that fails, one by one. */
    ExecResult removeFamily(IpFamily f) {
        ExecResult all = ctx.change(node, Step.withInput("remove the " + TraceRules.tool(f) + " TRACE rules",
                rules.script(f, false), TraceRules.tool(f) + "-restore", "-w", "--noflush"));
        if (all.ok()) return all;
        ExecResult last = all;
        boolean any = false;
        for (List<String> rule : rules.rules(f)) {
            List<String> argv = new ArrayList<>(List.of(TraceRules.tool(f), "-w", "-t", "raw", "-D"));
            argv.addAll(rule);
            ExecResult r = ctx.change(node, new Step(argv, null, "remove a TRACE rule"));
            any |= r.ok();
            if (r.ok()) last = r;
        }
        return any ? last : all;
    }
}
