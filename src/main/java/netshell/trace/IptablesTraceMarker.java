package netshell.trace;

import java.util.ArrayList;
import java.util.List;

import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.Probe;

/**
 * A marker by iptables TRACE rules ({@link Probe#iptablesTraceRules}) in table raw, inserted and deleted in one
 * {@code iptables-restore --noflush} each; when the deletion fails (a rule deleted by hand), each rule still there is
 * deleted on its own, so none stays.
 */
abstract class IptablesTraceMarker extends MonitoredMarker {
    IptablesTraceMarker(Context ctx, Node node, Probe probe) {
        super(ctx, node, probe);
    }

    @Override
    Step markStep() {
        return Step.withInput("mark the probe for iptables TRACE", probe.iptablesTraceScript(true),
                "iptables-restore", "-w", "--noflush");
    }

    @Override
    Step unmarkStep() {
        return Step.withInput("remove the TRACE rules", probe.iptablesTraceScript(false), "iptables-restore", "-w",
                "--noflush");
    }

    @Override
    boolean alreadyGone(ExecResult r) { return false; }

    @Override
    ExecResult removeMarking() {
        ExecResult all = ctx.change(node, unmarkStep());
        if (all.ok()) return all;
        ExecResult last = all;
        boolean any = false;
        for (List<String> rule : probe.iptablesTraceRules()) {
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", "raw", "-D"));
            argv.addAll(rule);
            ExecResult r = ctx.change(node, new Step(argv, null, "remove a TRACE rule"));
            any |= r.ok();
            if (r.ok()) last = r;
        }
        return any ? last : all;
    }
}
