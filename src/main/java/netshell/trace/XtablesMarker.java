package netshell.trace;

import java.util.List;

import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.Probe;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.TraceTools;
import netshell.trace.plan.Tracer;
import netshell.trace.plan.XtablesTraceLines;

/**
 * iptables-nft without the nft binary: TRACE rules, and {@code xtables-monitor --trace --event}, which prints the
 * trace events and echoes every ruleset change, ours too: the TRACE rules' insertion shows it listens (or a chain
 * made and deleted in one transaction now and then), their deletion that every event came before. Through stdbuf:
 * xtables-monitor buffers its output when it is not a terminal.
 */
final class XtablesMarker extends IptablesTraceMarker {
    private final boolean rawTable;

    /** {@code rawTable}: whether the raw table was there before; if not, it is removed again once it is empty. */
    XtablesMarker(Context ctx, Node node, Probe probe, boolean rawTable) {
        super(ctx, node, probe);
        this.rawTable = rawTable;
    }

    /**
     * iptables-nft makes the raw table for the TRACE rules, and deleting them leaves it, empty: when it was not there
     * before and holds nothing now, a restore of it with nothing in it (not --noflush) removes it.
     */
    @Override
    ExecResult removeMarking() {
        ExecResult r = super.removeMarking();
        if (!r.ok() || rawTable) return r;
        ExecResult raw = ctx.read(node, List.of("iptables-save", "-t", "raw"));
        if (raw.ok() && TraceTools.emptyRawTable(raw.stdout()))
            ctx.change(node, Step.withInput("remove the raw table the TRACE rules made", "*raw\nCOMMIT\n",
                    "iptables-restore", "-w"));
        return r;
    }

    @Override
    List<String> readerArgv() { return List.of("stdbuf", "-oL", "xtables-monitor", "--trace", "--event"); }

    @Override
    boolean listens(String line) { return line.contains("EVENT:") && line.contains(probe.table()); }

    @Override
    Step echo(int i) {
        return Step.withInput("show that xtables-monitor listens", probe.iptablesEchoScript(), "iptables-restore",
                "-w", "--noflush");
    }

    @Override
    boolean gone(String line) {
        return line.contains("EVENT:") && line.contains(" -D ") && line.contains(probe.table());
    }

    @Override
    public List<NftTraceEvent> events(RuleCounters rules) { return XtablesTraceLines.parse(lines, probe); }

    @Override
    public Tracer tracer() { return Tracer.XTABLES; }
}
