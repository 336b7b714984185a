package netshell.trace;

import java.util.List;

import netshell.command.Context;
import netshell.core.IpFamily;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.Probe;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.TraceRules;
import netshell.trace.plan.TraceTools;
import netshell.trace.plan.Tracer;
import netshell.trace.plan.XtablesTraceLines;

/**
 * iptables-nft without the nft binary, for one family: its TRACE rules, and {@code xtables-monitor --trace --event}
 * of that family only ({@code -4} or {@code -6}), which prints the trace events and echoes every ruleset change of the
 * family, ours too: the TRACE rules' insertion shows it listens (or a chain made and deleted in one transaction now
 * and then), their deletion that every event came before. Through stdbuf: xtables-monitor buffers its output when it
 * is not a terminal. One monitor per family, because xtables-monitor of iptables 1.8.9 exits at the first IPv6 rule
 * it cannot print (see {@link XtablesTraceLines}): the IPv4 trace goes on when the IPv6 one stops, and a monitor that
 * exited is not waited for.
 */
final class XtablesMarker extends IptablesTraceMarker {
    private final IpFamily family;
    private final boolean rawTable;

    /** {@code rawTable}: whether the family's raw table was there before; if not, it is removed once it is empty. */
    XtablesMarker(Context ctx, Node node, Probe probe, IpFamily family, boolean rawTable) {
        super(ctx, node, probe, List.of(family));
        this.family = family;
        this.rawTable = rawTable;
    }

    /**
     * iptables-nft makes the raw table for the TRACE rules, and deleting them leaves it, empty: when it was not there
     * before and holds nothing now, a restore of it with nothing in it (not --noflush) removes it. Also after a failed
     * deletion: the rules may have gone already (a deletion cut short by Ctrl-C after it was made, tried again).
     */
    @Override
    ExecResult removeFamily(IpFamily f) {
        ExecResult r = super.removeFamily(f);
        if (rawTable) return r;
        String tool = TraceRules.tool(f);
        ExecResult raw = ctx.read(node, List.of(tool + "-save", "-t", "raw"));
        if (raw.ok() && TraceTools.emptyRawTable(raw.stdout()))
            ctx.change(node, Step.withInput("remove the raw table the TRACE rules made", "*raw\nCOMMIT\n",
                    tool + "-restore", "-w"));
        return r;
    }

    @Override
    List<String> readerArgv() {
        return List.of("stdbuf", "-oL", "xtables-monitor", "--trace", "--event", "-" + family.number());
    }

    @Override
    boolean listens(String line) { return line.contains("EVENT:") && line.contains(probe.table()); }

    @Override
    Step echo(int i) {
        return Step.withInput("show that xtables-monitor listens", rules.echoScript(), TraceRules.tool(family)
                + "-restore", "-w", "--noflush");
    }

    /** The rules' deletion echoed, or the monitor gone already (it exited on a rule it could not print). */
    @Override
    boolean gone(String line) {
        return line.contains("EVENT:") && line.contains(" -D ") && line.contains(probe.table())
                || XtablesTraceLines.exited(line);
    }

    /** What the monitor showed; and, where it exited half-way, one line saying where its trace ends. */
    @Override
    public void unmark(List<String> failures) throws InterruptedException {
        super.unmark(failures);
        String at = XtablesTraceLines.stoppedAt(lines);
        if (at != null)
            failures.add("xtables-monitor -" + family.number() + " exited at " + at + ", a rule it cannot print"
                    + " (xtables-monitor of iptables 1.8.9 cannot print an IPv6 rule with a port or ICMPv6 type"
                    + " match): " + TraceRules.tool(family) + " TRACE shows nothing after it here; the rule is named"
                    + " from its counter");
    }

    @Override
    public List<NftTraceEvent> events(RuleCounters before, List<RuleCounters.Counted> moved) {
        return XtablesTraceLines.parse(lines, probe, before, moved);
    }

    @Override
    public Tracer tracer() { return Tracer.XTABLES; }
}
