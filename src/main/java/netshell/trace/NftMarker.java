package netshell.trace;

import java.util.List;
import java.util.Objects;

import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.Probe;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.Tracer;

/**
 * nft's trace: {@code nft monitor}, then the trace table ({@link Probe#nftScript}), whose creation the monitor echoes
 * (or an empty chain added to it now and then, when the monitor subscribed only after it: nft has no "listening"
 * line); removed, the table's deletion echoed.
 */
final class NftMarker extends MonitoredMarker {
    NftMarker(Context ctx, Node node, Probe probe) {
        super(ctx, node, probe);
    }

    @Override
    List<String> readerArgv() { return List.of("nft", "monitor"); }

    @Override
    ExecResult mark() {
        return ctx.change(node, Step.withInput("mark the probe for nft trace", probe.nftScript(), "nft", "-f", "-"));
    }

    @Override
    ExecResult removeMarking() {
        return ctx.change(node, new Step(probe.deleteArgv(), null, "remove the trace table"));
    }

    @Override
    boolean listens(String line) { return line.contains("inet " + probe.table()); }

    @Override
    Step echo(int i) {
        return new Step(List.of("nft", "add", "chain", "inet", probe.table(), "ready" + i), null,
                "show that nft monitor listens");
    }

    @Override
    boolean gone(String line) { return line.contains("delete table inet " + probe.table()); }

    @Override
    boolean alreadyGone(ExecResult r) { return r.stderr().contains("No such file"); }

    @Override
    public List<NftTraceEvent> events(RuleCounters before, List<RuleCounters.Counted> moved) {
        return lines.stream().map(NftTraceEvent::parse).filter(Objects::nonNull).toList();
    }

    @Override
    public Tracer tracer() { return Tracer.NFT; }
}
