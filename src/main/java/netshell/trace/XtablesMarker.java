package netshell.trace;

import java.util.List;

import netshell.command.Context;
import netshell.core.Step;
import netshell.node.Node;
import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.Probe;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.Tracer;
import netshell.trace.plan.XtablesTraceLines;

/**
 * iptables-nft without the nft binary: TRACE rules, and {@code xtables-monitor --trace --event}, which prints the
 * trace events and echoes every ruleset change, ours too: the TRACE rules' insertion shows it listens (or a chain
 * made and deleted in one transaction now and then), their deletion that every event came before. Through stdbuf:
 * xtables-monitor buffers its output when it is not a terminal.
 */
final class XtablesMarker extends IptablesTraceMarker {
    XtablesMarker(Context ctx, Node node, Probe probe) {
        super(ctx, node, probe);
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
