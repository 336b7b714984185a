package netshell.trace;

import java.util.List;

import netshell.command.Context;
import netshell.core.IpFamily;
import netshell.core.Step;
import netshell.node.Node;
import netshell.trace.plan.KernelTraceLog;
import netshell.trace.plan.NftTraceEvent;
import netshell.trace.plan.Probe;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.Tracer;

/**
 * iptables-legacy: iptables and ip6tables TRACE rules, whose steps the kernel logs (nf_log), read with {@code dmesg
 * --follow-new} (or {@code --follow}, which first prints the older lines: only lines after our own start count). Lines
 * written to /dev/kmsg mark the start, which shows dmesg follows, and the end, after which every TRACE line of the
 * probe is in.
 */
final class KernelLogMarker extends IptablesTraceMarker {
    private final boolean followNew;

    /** {@code families}: those whose TRACE rules go in (one reader, the kernel log, has both). */
    KernelLogMarker(Context ctx, Node node, Probe probe, List<IpFamily> families, boolean followNew) {
        super(ctx, node, probe, families);
        this.followNew = followNew;
    }

    @Override
    List<String> readerArgv() { return List.of("dmesg", followNew ? "--follow-new" : "--follow"); }

    @Override
    boolean listens(String line) { return line.contains(probe.table() + " ready"); }

    @Override
    Step echo(int i) { return kmsg(probe.table() + " ready " + i, "mark the trace's start in the kernel log"); }

    @Override
    Step afterUnmark() { return kmsg(probe.table() + " end", "mark the trace's end in the kernel log"); }

    @Override
    boolean gone(String line) { return line.contains(probe.table() + " end"); }

    private static Step kmsg(String text, String why) {
        return Step.withInput(why, text + "\n", "tee", "/dev/kmsg");
    }

    @Override
    public List<NftTraceEvent> events(RuleCounters before, List<RuleCounters.Counted> moved) {
        int start = 0;
        while (start < lines.size() && !lines.get(start).contains(probe.table())) start++;
        return KernelTraceLog.parse(lines.subList(start, lines.size()), before, probe);
    }

    @Override
    public Tracer tracer() { return Tracer.KERNEL_LOG; }
}
