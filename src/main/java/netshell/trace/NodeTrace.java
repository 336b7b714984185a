package netshell.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import netshell.core.AfterCtrlC;
import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.command.Explained;
import netshell.core.IpFamily;
import netshell.node.ExecResult;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.trace.plan.Box;
import netshell.trace.plan.ConntrackEntry;
import netshell.trace.plan.LiveEvidence;
import netshell.trace.plan.NftTraceEvent;
import netshell.capture.decode.PcapReader;
import netshell.trace.plan.Probe;
import netshell.trace.plan.ProbeCapture;
import netshell.trace.plan.RuleCounters;
import netshell.trace.plan.TraceRules;
import netshell.trace.plan.TraceTools;

/**
 * What a live trace runs on one node, and takes away again: the marking of the probe and its reader (a {@link
 * TraceMarker}: nft's trace table and {@code nft monitor}, or iptables TRACE rules), a tcpdump of the probe on the
 * underlay, and the rule counters and conntrack entries before and after. {@link #close} removes the marking and
 * stops every process whatever happened before, also when the command was interrupted; it may be called more than
 * once.
 */
final class NodeTrace implements AutoCloseable {
    /** How long a node may take to show that its monitor, table or capture are in place. */
    static final long READY_MILLIS = 5000;
    /** How long taking a trace away waits for the node's set-up to stop (it is interrupted until it does). */
    private static final long STOP_MILLIS = 10_000;
    private static final Pattern CAPTURE_NOTICE = Pattern
            .compile("^(tcpdump: |listening on |\\d+ packets? (captured|received by filter|dropped by kernel)).*");

    private static final Pattern TIMESTAMP = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d+ ");

    final Node node;
    private final Probe probe;
    private final Context ctx;
    private final TraceMarker marker;
    private final List<String> capture = new CopyOnWriteArrayList<>();
    private LineStream captureStream;
    private boolean closed;
    private final StartInFlight starting = new StartInFlight();
    private String before = "";
    private String before6 = "";
    private final List<String> failures = new ArrayList<>();

    /** With --pcap: the probe's packets as tcpdump -w wrote them (the text capture above is for the report). */
    private final boolean pcap;
    private final PcapReader reader = new PcapReader();
    private final List<PcapReader.Record> records = new ArrayList<>();
    private final List<String> pcapErrors = new CopyOnWriteArrayList<>();
    private LineStream pcapStream;

    /** {@code box}: the node's own facts (its VXLAN's underlay, its rulesets), or null when none were read. */
    NodeTrace(Context ctx, Node node, Probe probe, boolean pcap, TraceTools tools, Box box) {
        this.ctx = ctx;
        this.node = node;
        this.probe = probe;
        this.pcap = pcap;
        this.marker = marker(ctx, node, probe, tools, box);
    }

    /**
     * The node's marker: nft's table; or TRACE rules in the families whose packets of the probe cross the node (the
     * probe's own, and its tunnel's), read per family by xtables-monitor, or all from the kernel log; or none.
     */
    private static TraceMarker marker(Context ctx, Node node, Probe probe, TraceTools tools, Box box) {
        List<IpFamily> families = new TraceRules(probe).familiesOn(box != null && box.vxlanOverIpv6());
        return switch (tools.tracerFor(probe.family())) {
            case NFT -> new NftMarker(ctx, node, probe);
            case XTABLES -> {
                List<TraceMarker> each = new ArrayList<>();
                for (IpFamily f : families) {
                    // The raw table was there before when the facts' iptables-save or ip6tables-save listed it.
                    boolean raw = f == IpFamily.V4 ? tools.rawTable() : box != null && box.ruleset6().hasTable("raw");
                    TraceMarker m = new XtablesMarker(ctx, node, probe, f, raw);
                    if (f == probe.family()) each.add(m);
                    else
                        each.add(0, m);
                }
                yield new FamilyMarkers(each);
            }
            case KERNEL_LOG -> new KernelLogMarker(ctx, node, probe, families, tools.dmesgFollowNew());
            case NONE -> new NoMarker();
        };
    }

    /** Marking and its reader, counters, capture: everything in place before the probe leaves. */
    void start() throws InterruptedException {
        starting.run(this::startNow);
    }

    private void startNow() throws InterruptedException {
        synchronized (this) {
            if (closed) return;
        }
        marker.start();
        synchronized (this) {
            if (closed) return;
        }
        if (probe.netfilterFamilies().contains(IpFamily.V6)) {
            readCountersBefore6();
        } else {
            ExecResult counters = ctx.read(node, List.of("iptables-save", "-c"));
            before = counters.ok() ? counters.stdout() : "";
            if (!counters.ok())
                failures.add("iptables-save -c failed (" + counters.firstErrorLine() + "): no counters");
        }
        String dev = node.underlay();
        if (dev == null) {
            failures.add("no underlay interface known: nothing captured");
            return;
        }
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-l", "-nn", "--immediate-mode", "-i", dev));
        argv.addAll(probe.captureFilter());
        synchronized (this) {
            if (closed) return;
            captureStream = node.stream(explained(argv), capture::add);
        }
        try {
            await(capture, "listening on", "tcpdump did not start");
        } catch (CommandFailed e) {
            failures.add("no capture on " + dev + ": " + String.join(" ", capture));
            captureStream.cancel();
        }
        if (pcap) startPcap(dev);
    }

    /** tcpdump -w - of the probe, nanosecond timestamps, each packet as it comes (-U). */
    private void startPcap(String dev) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-i", dev, "--immediate-mode",
                "--time-stamp-precision=nano", "-U", "-w", "-"));
        argv.addAll(probe.captureFilter());
        synchronized (this) {
            if (closed) return;
            pcapStream = node.streamBytes(explained(argv), bytes -> {
                synchronized (records) {
                    records.addAll(reader.feed(bytes));
                }
            }, pcapErrors::add);
        }
        try {
            await(pcapErrors, "listening on", "tcpdump -w did not start");
        } catch (CommandFailed e) {
            failures.add("no packets for --pcap from " + dev + ": " + String.join(" ", pcapErrors));
            pcapStream.cancel();
        }
    }

    /** The probe's packets for --pcap, once {@link #finish} ran: an interface named node:device. */
    ProbeCapture.Interface pcapInterface() {
        synchronized (records) {
            return new ProbeCapture.Interface(node.name() + ":" + node.underlay(), reader.header(), records);
        }
    }

    /** Waits a moment for the binary capture to hold as many packets as the text one saw (both come as they go). */
    private void awaitPcap(int packets) throws InterruptedException {
        long deadline = System.nanoTime() + 500_000_000L;
        while (pcapStream != null && System.nanoTime() < deadline) {
            synchronized (records) {
                if (records.size() >= packets) return;
            }
            Thread.sleep(2);
        }
    }

    /** The argv of a process started in the background, shown first under --explain (as reads and changes are). */
    private List<String> explained(List<String> argv) {
        if (ctx.explain()) ctx.emit(new Explained(node.name(), argv, null, true));
        return argv;
    }

    /** After the probe: the marking removed (its echo: every trace event came before it), then reads. */
    LiveEvidence finish() throws InterruptedException {
        marker.unmark(failures);
        List<List<String>> reads = new ArrayList<>(List.of(List.of("iptables-save", "-c"), conntrackArgv()));
        boolean six = probe.netfilterFamilies().contains(IpFamily.V6);
        if (six) reads.add(List.of("ip6tables-save", "-c"));
        List<ExecResult> after = ctx.readEach(node, reads);
        List<RuleCounters.Counted> moved = new ArrayList<>(after.get(0).ok()
                ? RuleCounters.parse(after.get(0).stdout()).movedSince(RuleCounters.parse(before))
                : List.of());
        if (six && after.get(2).ok())
            moved.addAll(RuleCounters.parse(after.get(2).stdout(), "ip6").movedSince(RuleCounters.parse(before6,
                    "ip6")));
        List<ConntrackEntry> ct = after.get(1).ok() ? ConntrackEntry.parse(after.get(1).stdout()) : List.of();
        if (!after.get(1).ok() && !after.get(1).stderr().contains("0 flow entries"))
            failures.add("conntrack -L failed (" + after.get(1).firstErrorLine() + ")");
        if (pcap) awaitPcap(packets(capture, node.underlay()).size());
        stopStreams();
        RuleCounters saved = RuleCounters.parse(before).with(RuleCounters.parse(before6, "ip6"));
        List<NftTraceEvent> events = marker.events(saved, moved);
        List<String> wire = packets(capture, node.underlay());
        return new LiveEvidence(node.name(), events, moved, ct, wire, failures.isEmpty()
                ? null
                : String.join("; ", failures), marker.tracer());
    }

    /**
     * One line per captured packet ("eth1 23:23:10.284249 IP 192.168.56.10.45435 > …"), tcpdump's chatter left out;
     * a VXLAN packet's decoded inner line (which has no timestamp) joined to its outer one.
     */
    static List<String> packets(List<String> lines, String dev) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.isBlank() || CAPTURE_NOTICE.matcher(l).matches()) continue;
            if (TIMESTAMP.matcher(l).lookingAt() || out.isEmpty()) out.add(dev + " " + l.strip());
            else
                out.set(out.size() - 1, out.get(out.size() - 1) + " / " + l.strip());
        }
        return out;
    }

    private List<String> conntrackArgv() {
        return probe.conntrackArgv();
    }

    /** Both families' counters before the probe, in one round trip: the probe or its tunnel crosses ip6tables. */
    private void readCountersBefore6() {
        List<ExecResult> r = ctx.readEach(node, List.of(List.of("iptables-save", "-c"), List.of("ip6tables-save",
                "-c")));
        before = r.get(0).ok() ? r.get(0).stdout() : "";
        before6 = r.get(1).ok() ? r.get(1).stdout() : "";
        for (ExecResult x : r) {
            if (!x.ok())
                failures.add(x.argv().get(0) + " -c failed (" + x.firstErrorLine() + "): no counters");
        }
    }

    private synchronized void stopStreams() {
        if (captureStream != null) captureStream.cancel();
        if (pcapStream != null) pcapStream.cancel();
        marker.stop();
    }

    /** Removes whatever is still there; runs even when the thread was interrupted (Ctrl-C). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        AfterCtrlC.cleanUp(() -> {
            try {
                starting.stop(STOP_MILLIS);
                marker.close();
            } catch (RuntimeException e) {
                // unreachable node: nothing more can be done from here; the failure is in the report already
            } finally {
                stopStreams();
            }
        });
    }

    /** Waits until a line containing {@code text} came, or fails with {@code what}. */
    private static void await(List<String> lines, String text, String what) throws InterruptedException {
        long deadline = System.nanoTime() + READY_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (String l : lines) if (l.contains(text)) return;
            Thread.sleep(2);
        }
        throw new CommandFailed(what + " within " + READY_MILLIS / 1000 + " s");
    }
}
