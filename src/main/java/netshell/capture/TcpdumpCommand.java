package netshell.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import netshell.capture.decode.Packet;
import netshell.capture.decode.TcpdumpLine;
import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandOutcome;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Explained;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.kernel.IfName;
import netshell.node.LineStream;
import netshell.node.Node;

/**
 * {@code tcpdump vxlan|IFACE}: one live stream merged from all selected nodes. Each node runs
 * {@code tcpdump -l -nn -e}; its lines are decoded as they arrive and emitted as rows. Stopping
 * (Ctrl-C, or -c packets on every node) cancels the capture on every node, so no tcpdump is left. With
 * {@code -w FILE} each node runs {@code tcpdump -w -} instead and {@link MergedCapture} writes one pcapng file.
 */
public final class TcpdumpCommand {
    /** tcpdump's own chatter on stderr, which is not a packet. */
    private static final Pattern NOTICE = Pattern
            .compile("^(tcpdump: |listening on |\\d+ packets? (captured|received by filter|dropped by kernel)).*");

    private static final Verb VERB = Verb
            .of("", "capture live on the selected nodes; Ctrl-C or -c COUNT stops it everywhere", TcpdumpCommand::run,
                    Param.positional("what", "vxlan (decode the overlay on each node's underlay) or an interface")
                            .completes("capture"),
                    Param.words("expr", "tcpdump filter words for an interface capture (icmp, port 80 …)"),
                    Param.onNodes(),
                    Param.option("vni", "vxlan: only this VNI").completes("vni"),
                    Param.option("count", "stop after COUNT packets on each node").alias("c"),
                    Param.option("filter", "vxlan: a further BPF filter on the outer packet (host 192.168.56.11)"),
                    Param.option("port", "vxlan: the VXLAN UDP port").defaultValue("4789"),
                    Param.flag("raw", "tcpdump's own lines, prefixed with the node"),
                    Param.option("write", "write one pcapng file of all nodes (- for standard output), for Wireshark")
                            .alias("w").completes("file").valueNamed("FILE"))
            .details("""
                    Examples: tcpdump vxlan -c 5 | grep ICMP
                              tcpdump vxlan --vni 100 --on node2
                              tcpdump eth1 udp port 4789 --on node1 --raw
                              tcpdump vxlan -w overlay.pcapng
                              ./shell -c 'tcpdump vxlan -w -' | wireshark -k -i -
                    With -w the packets of every node go into one pcapng file in time order, with nanosecond
                    timestamps, an interface per node named node1:eth1, and each VXLAN packet's VNI and inner
                    addresses as its comment; Ctrl-C or -c COUNT leaves a complete file.""");

    private TcpdumpCommand() {}

    public static CommandSpec spec() {
        return CommandSpec.of("tcpdump",
                "live capture across nodes: VXLAN decoded (VNI, inner addresses) or any interface", VERB)
                .completing(CaptureCompletions.IFACE, CaptureCompletions.CAPTURE);
    }

    /** What one node's capture has seen. */
    private static final class NodeCapture {
        final Node node;
        final TcpdumpLine decoder = new TcpdumpLine();
        final List<String> notices = new ArrayList<>();
        int packets;
        LineStream stream;

        NodeCapture(Node node) { this.node = node; }
    }

    /** How each node's capture ended; a failure (tcpdump missing, no such device) makes the exit status 1. */
    public record CaptureSummary(Map<String, Integer> packets,
            Map<String, String> errors) implements CommandOutcome, Displayable {
        @Override
        public boolean failed() { return !errors.isEmpty(); }
        @Override
        public String failureSummary() { return failures(errors); }
        @Override
        public String text() { return ""; } // rows were already shown live

        /** Each node's failure, in one line: {@code node1: no such device; node2: …}. */
        static String failures(Map<String, String> errors) {
            return errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
        }
        @Override
        public Object data() { return Map.of("packets", packets, "errors", errors); }
    }

    static Object run(Args a, Context ctx) throws InterruptedException {
        String what = a.get("what");
        boolean vxlan = what.equals("vxlan");
        Integer count = a.integer("count", 1, Integer.MAX_VALUE);
        Integer vni = a.integer("vni", 1, 0xFFFFFF);
        int port = a.integer("port", 1, 65535, 4789);
        List<String> expr = a.all("expr");
        if (!vxlan) {
            IfName.check(what, "interface");
            if (vni != null) throw new BadInput("--vni only applies to 'tcpdump vxlan'");
        } else if (!expr.isEmpty()) {
            throw new BadInput("tcpdump vxlan takes its filter as --filter EXPR, not '" + String.join(" ", expr) + "'");
        }
        String file = a.get("write");
        if (file != null) checkWrite(file, a, ctx);
        List<Node> nodes = ctx.select(a.get("on"));
        Map<Node, List<String>> argvs = new LinkedHashMap<>();
        Map<Node, String> interfaces = new LinkedHashMap<>();
        List<String> pcapFilter = vxlan
                ? List.of(TcpdumpLine.filter(port, vni, a.get("filter")))
                : filterWords(expr, a.get("filter"));
        for (Node n : nodes) {
            String device = vxlan ? underlayOf(n) : what;
            interfaces.put(n, n.name() + ":" + device);
            if (file != null) argvs.put(n, pcapArgv(device, count, pcapFilter));
            else if (vxlan) argvs.put(n, TcpdumpLine.captureArgv(device, port, vni, a.get("filter"), count));
            else
                argvs.put(n, ifaceArgv(what, count, expr, a.get("filter")));
        }
        if (ctx.dryRun() || ctx.explain())
            argvs.forEach((n, argv) -> ctx.emit(new Explained(n.name(), argv, null, false)));
        if (ctx.dryRun()) return null;
        if (file != null) return MergedCapture.run(argvs, interfaces, file, vxlan ? port : null);
        boolean raw = a.flag("raw");
        List<NodeCapture> captures = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            for (Node n : nodes) {
                NodeCapture c = new NodeCapture(n);
                captures.add(c);
                c.stream = n.stream(argvs.get(n), line -> onLine(c, line, raw, ctx));
            }
            for (NodeCapture c : captures) {
                int exit = c.stream.waitFor();
                synchronized (c) {
                    if (!raw) c.decoder.flush().forEach(p -> emit(c, p, ctx));
                    if (exit != 0 && exit != -1)
                        errors.put(c.node.name(),
                                c.notices.isEmpty() ? "tcpdump exited with " + exit : String.join(" ", c.notices));
                }
            }
        } finally {
            captures.forEach(c -> { if (c.stream != null) c.stream.cancel(); });
        }
        Map<String, Integer> packets = new LinkedHashMap<>();
        captures.forEach(c -> packets.put(c.node.name(), c.packets));
        return new CaptureSummary(packets, errors);
    }

    private static void onLine(NodeCapture c, String line, boolean raw, Context ctx) {
        // tcpdump stopped by Ctrl-C writes a blank line before its counts: no packet, so no row.
        if (line.isBlank()) return;
        synchronized (c) {
            if (NOTICE.matcher(line).matches()) {
                if (!line.startsWith("listening on") && !line.contains("verbose output suppressed")
                        && !line.matches("\\d+ packets? .*"))
                    c.notices.add(line.strip());
                return;
            }
            if (raw) {
                if (!line.startsWith(" ") && !line.startsWith("\t")) c.packets++;
                ctx.emit(c.node.name() + "| " + line);
                return;
            }
            for (Packet p : c.decoder.feed(line)) emit(c, p, ctx);
        }
    }

    private static void emit(NodeCapture c, Packet p, Context ctx) {
        c.packets++;
        ctx.emit(CapturedPacket.of(c.node.name(), p));
    }

    private static List<String> ifaceArgv(String iface, Integer count, List<String> expr, String filter) {
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-l", "-nn", "-e", "-i", iface));
        if (count != null) argv.addAll(List.of("-c", String.valueOf(count)));
        argv.addAll(filterWords(expr, filter));
        return argv;
    }

    private static List<String> filterWords(List<String> expr, String filter) {
        List<String> words = new ArrayList<>(expr);
        if (filter != null && !filter.isBlank()) {
            if (!expr.isEmpty()) words.add("and");
            words.add(filter.strip());
        }
        return words;
    }

    /**
     * The packets themselves on stdout as they come (-U, immediate mode: the merge's short window then orders
     * them), with nanosecond timestamps.
     */
    private static List<String> pcapArgv(String device, Integer count, List<String> filter) {
        IfName.check(device, "capture device");
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-i", device, "--immediate-mode",
                "--time-stamp-precision=nano", "-U", "-w", "-"));
        if (count != null) argv.addAll(List.of("-c", String.valueOf(count)));
        argv.addAll(filter);
        return argv;
    }

    /** -w's conflicts, refused in one line before anything runs; the file itself is checked, not yet created. */
    private static void checkWrite(String file, Args a, Context ctx) {
        if (a.flag("raw"))
            throw new BadInput("-w writes the packets to a file and --raw prints tcpdump's lines: use one");
        if (CaptureFile.isStdout(file) && ctx.explain() && !ctx.dryRun())
            throw new BadInput("--explain prints on standard output, where -w - writes the capture: use one");
        if (CaptureFile.isStdout(file) && a.flag("json"))
            throw new BadInput("--json prints on standard output, where -w - writes the capture: use one");
        CaptureFile.check(file);
    }

    private static String underlayOf(Node n) {
        String dev = n.underlay();
        if (dev == null)
            throw new CommandFailed(n.name() + ": cannot tell the underlay interface (no address, no default route)");
        return dev;
    }
}
