package netshell.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import netshell.core.AfterCtrlC;
import netshell.command.CommandFailed;
import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.Box;
import netshell.trace.plan.LiveEvidence;
import netshell.trace.plan.LiveMerge;
import netshell.trace.plan.Probe;
import netshell.trace.plan.ProbeCapture;
import netshell.trace.plan.ProbeOutcome;
import netshell.trace.plan.Trace;
import netshell.trace.plan.TraceTools;

/**
 * A live trace: every node marks the probe (see {@link NodeTrace}), the sender sends it once from its own network
 * namespace, every node gives what it saw, and {@link LiveMerge} joins that to the simulation. Whatever happens (a
 * node that fails, Ctrl-C), every node's table and processes are removed before this returns.
 */
final class LiveTrace {
    /** Seconds the sender waits for an answer (ping -W, socat's connect timeout). */
    static final int ANSWER_SECONDS = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Told when a node has reached a stage ("started", "sent"): what a test uses to fail or stop a trace there. */
    static volatile BiConsumer<String, String> stages = (stage, node) -> {};

    /**
     * What each node was read to trace with, before a trace uses it: a test takes a namespace node for a machine of
     * its own here (whose iptables-legacy TRACE the kernel logs).
     */
    static volatile BiFunction<String, TraceTools, TraceTools> toolsRead = (node, tools) -> tools;

    /** Who sends the probe: a node, or a container on a node (entered with the node's own tools). */
    record Sender(Node node, List<String> enter, String address) {
        List<String> argv(List<String> command) {
            List<String> out = new ArrayList<>(enter);
            out.addAll(command);
            return out;
        }
    }

    private LiveTrace() {}

    /**
     * Traces one probe; with {@code pcap} (a file name, or null) the probe's packets seen on every node's underlay
     * are written there as one pcapng file.
     */
    static LiveMerge.Merged run(Context ctx, List<Node> nodes, List<Box> boxes, Map<String, TraceTools> tools,
            Trace sim, Sender sender, String toAddress, Integer port, int size, String pcap)
            throws InterruptedException {
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        Probe probe = new Probe(sim.proto(), toAddress, port, 40000 + RANDOM.nextInt(20000), size,
                HexFormat.of().formatHex(id), vxlanPorts(boxes), underlays(boxes));
        Map<String, TraceTools> used = new HashMap<>();
        nodes.forEach(n -> used.put(n.name(), toolsRead.apply(n.name(), tools.getOrDefault(n.name(),
                TraceTools.NFT))));
        List<NodeTrace> traces = nodes.stream().map(n -> new NodeTrace(ctx, n, probe, pcap != null, used.get(n
                .name()), nodeBox(boxes, n))).toList();
        try {
            var started = ctx.session().fleet().each(nodes, n -> {
                NodeTrace t = traces.get(nodes.indexOf(n));
                t.start();
                stages.accept("started", n.name());
                return t;
            });
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException("trace cancelled");
            for (var o : started.outcomes()) {
                if (!o.ok())
                    throw new CommandFailed(o.node() + ": " + o.error() + " (nothing was sent; every"
                            + " trace table and process is removed)");
            }
            ProbeOutcome outcome = send(ctx, sender, probe);
            stages.accept("sent", sender.node().name());
            var finished = ctx.session().fleet().each(nodes, n -> traces.get(nodes.indexOf(n)).finish());
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException("trace cancelled");
            List<LiveEvidence> evidence = new ArrayList<>();
            for (var o : finished.outcomes()) {
                evidence.add(o.ok()
                        ? o.value()
                        : new LiveEvidence(o.node(), List.of(), List.of(), List.of(),
                                List.of(), "its evidence could not be read: " + o.error()));
            }
            LiveMerge.Merged merged = withTracers(LiveMerge.merge(sim, probe, evidence, outcome), nodes, used,
                    probe);
            if (pcap == null) return merged;
            List<ProbeCapture.Interface> captured = traces.stream().map(NodeTrace::pcapInterface).toList();
            write(pcap, ProbeCapture.pcapng(captured, probe.vxlanPorts().stream().findFirst().orElse(4789)));
            List<String> notes = new ArrayList<>(merged.notes());
            notes.add("wrote " + ProbeCapture.count(captured) + " packets of the probe's flow seen on "
                    + captured.stream().filter(i -> i.header() != null).count() + " nodes to " + pcap);
            return new LiveMerge.Merged(merged.trace(), notes);
        } finally {
            close(ctx, traces);
        }
    }

    /** The node's own facts (not a container's), or null when none were read. */
    private static Box nodeBox(List<Box> boxes, Node n) {
        return boxes.stream().filter(b -> !b.container() && b.name().equals(n.name())).findFirst().orElse(null);
    }

    /** A note for each node traced without nft: with what, or why no rule was traced there. */
    private static LiveMerge.Merged withTracers(LiveMerge.Merged merged, List<Node> nodes,
            Map<String, TraceTools> tools, Probe probe) {
        List<String> notes = new ArrayList<>(merged.notes());
        for (Node n : nodes) {
            TraceTools t = tools.get(n.name());
            String why = t == null ? null : t.whyFor(probe.family());
            if (why != null) notes.add(n.name() + ": " + why);
        }
        return new LiveMerge.Merged(merged.trace(), notes);
    }

    private static void write(String file, List<byte[]> blocks) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(file)))) {
            for (byte[] b : blocks) out.write(b);
        } catch (IOException e) {
            throw new CommandFailed("--pcap " + file + ": " + e.getMessage());
        }
    }

    /** Refuses, in one line and before anything runs, a --pcap file that cannot be written. */
    static void checkPcap(String file) {
        if (file.isBlank() || file.equals("-"))
            throw new BadInput("--pcap needs a file name: trace prints its phases on standard output");
        Path path = Path.of(file);
        if (Files.isDirectory(path)) throw new BadInput("--pcap " + file + ": is a directory; name a file in it");
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
            throw new BadInput("--pcap " + file + ": no such directory " + parent);
    }

    /** Every node's trace taken away in parallel, also with the caller interrupted. */
    private static void close(Context ctx, List<NodeTrace> traces) {
        AfterCtrlC.cleanUp(() -> ctx.session().fleet().each(traces.stream().map(t -> t.node).toList(), n -> {
            traces.stream().filter(t -> t.node == n).forEach(NodeTrace::close);
            return null;
        }));
    }

    /** Sends the probe once and waits for its answer, or for {@link #ANSWER_SECONDS}. */
    private static ProbeOutcome send(Context ctx, Sender sender, Probe probe) {
        List<String> argv;
        String stdin = null;
        boolean v6 = probe.family() == IpFamily.V6;
        // socat writes an IPv6 address in brackets, before a port and in bind=; its headers: IPv6 40 + ICMP/UDP 8.
        String source = v6 ? "[" + sender.address() + "]" : sender.address();
        String bind = sender.address() == null ? "" : ",bind=" + source;
        int headers = v6 ? 48 : 28;
        String to = v6 ? "[" + probe.to() + "]" : probe.to();
        switch (probe.proto()) {
            case "icmp" -> {
                argv = new ArrayList<>(List.of("ping", "-n", "-c", "1", "-W", String.valueOf(ANSWER_SECONDS), "-M",
                        "do", "-s", String.valueOf(Math.max(0, probe.size() - headers))));
                if (v6) argv.add(1, "-6");
                if (sender.address() != null) argv.addAll(List.of("-I", sender.address()));
                argv.add(probe.to());
            }
            case "tcp" -> argv = List.of("socat", "-u", "/dev/null", (v6 ? "TCP6:" : "TCP4:") + to + ":" + probe
                    .dport() + ",sourceport=" + probe.sport() + ",reuseaddr,connect-timeout=" + ANSWER_SECONDS + bind);
            default -> {
                argv = List.of("socat", "-u", "-", (v6 ? "UDP6:" : "UDP4:") + to + ":" + probe.dport()
                        + ",sourceport=" + probe.sport() + bind);
                stdin = "x".repeat(Math.max(0, probe.size() - headers));
            }
        }
        ExecResult r = stdin == null
                ? ctx.read(sender.node(), sender.argv(argv))
                : sender.node().run(sender.argv(argv), stdin);
        if (r.exit() == 127 || r.stderr().contains("not found") && r.stderr().contains(argv.get(0)))
            throw new CommandFailed(sender.node().name() + ": " + argv.get(0) + " is needed to send a live " + probe
                    .proto() + " probe (or trace --simulate)");
        return ProbeOutcome.of(probe.proto(), r.exit(), r.stdout() + "\n" + r.stderr());
    }

    private static Set<Integer> vxlanPorts(List<Box> boxes) {
        Set<Integer> out = new TreeSet<>();
        for (Box b : boxes) {
            b.links().stream().filter(l -> l.isVxlan()).forEach(l -> out.add(l.vxlanPort() == null
                    ? 8472
                    : l.vxlanPort()));
        }
        return out;
    }

    /** The families the VXLAN devices read send their packets in (an IPv6 underlay: lab up --ipv6, --underlay6). */
    private static Set<IpFamily> underlays(List<Box> boxes) {
        Set<IpFamily> out = new TreeSet<>();
        out.add(IpFamily.V4);
        for (Box b : boxes) if (!b.container() && b.vxlanOverIpv6()) out.add(IpFamily.V6);
        return out;
    }

    /** The sender of a trace from FROM: the node itself, or the container's namespace on its node. */
    static Sender sender(List<Node> nodes, List<ContainerDirectory.Container> containers, Box from, String address) {
        if (from.container()) {
            ContainerDirectory.Container c = containers.stream().filter(x -> x.name().equals(from.name())
                    && x.node().name().equals(from.node())).findFirst()
                    .orElseThrow(() -> new CommandFailed(from.label() + " was not found"));
            return new Sender(c.node(), c.enter(), address);
        }
        Node n = nodes.stream().filter(x -> x.name().equals(from.name())).findFirst()
                .orElseThrow(() -> new CommandFailed(from.name() + " was not found"));
        return new Sender(n, List.of(), address);
    }
}
