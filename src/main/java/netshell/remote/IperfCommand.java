package netshell.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import netshell.core.AfterCtrlC;
import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Explained;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.kernel.Routes;
import netshell.node.ExecResult;
import netshell.node.LineStream;
import netshell.remote.plan.IperfResult;
import netshell.remote.plan.MtuSearch;
import netshell.remote.plan.PingOutput;

/**
 * {@code iperf FROM TO}: iperf3's throughput between two nodes or containers, and with --mtu-probe the largest
 * packet that crosses with do-not-fragment. The server is started for this run only and always stopped, by its
 * process id, also when the command is interrupted.
 */
final class IperfCommand {
    private static final Duration LISTENING = Duration.ofSeconds(5);
    /** Extra seconds the server's own time limit allows beyond the test (its last guard against being left). */
    private static final int SERVER_GRACE = 30;

    private IperfCommand() {}

    /** One measurement: rates in bits per second; mtu is the largest DF packet that crossed, when probed. */
    public record IperfReport(String from, String to, String protocol, int seconds, double sentBps,
            double receivedBps, Long retransmits, Double lostPercent, Double jitterMs, Integer mtu)
            implements
                Displayable {
        @Override
        public String text() {
            List<String> lines = new ArrayList<>();
            if (protocol != null) {
                String more = retransmits != null
                        ? ", " + retransmits + " retransmits"
                        : lostPercent != null
                                ? String.format(Locale.ROOT, ", %.1f%% lost, jitter %.3f ms", lostPercent,
                                        jitterMs)
                                : "";
                lines.add(from + " → " + to + "  " + protocol + " " + seconds + " s: " + IperfResult.rate(sentBps)
                        + " sent, " + IperfResult.rate(receivedBps) + " received" + more);
            }
            if (mtu != null) {
                lines.add(mtu >= MtuSearch.MIN
                        ? "largest packet that crosses with do-not-fragment: " + mtu + " bytes (" + (mtu + 1)
                                + " does not)"
                        : "not even a " + MtuSearch.MIN + "-byte packet crosses with do-not-fragment");
            }
            return String.join("\n", lines);
        }
        @Override
        public Object data() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", from);
            m.put("to", to);
            m.put("protocol", protocol);
            m.put("seconds", seconds);
            m.put("sentBps", sentBps);
            m.put("receivedBps", receivedBps);
            m.put("retransmits", retransmits);
            m.put("lostPercent", lostPercent);
            m.put("jitterMs", jitterMs);
            m.put("mtu", mtu);
            return m;
        }
    }

    static CommandSpec spec() {
        return CommandSpec.of("iperf", "throughput between two nodes or containers (iperf3), and the path MTU",
                Verb.of("", "iperf3 from FROM to a server started on TO for this run", IperfCommand::run,
                        Param.positional("from", "the sending node or container").completes("endpoint"),
                        Param.positional("to", "the receiving node or container").completes("endpoint"),
                        Param.flag("udp", "UDP instead of TCP (at iperf3's 1 Mbit/s, or --rate)"),
                        Param.option("rate", "target rate for UDP, e.g. 100M (iperf3 -b)"),
                        Param.option("time", "seconds to send").defaultValue("3"),
                        Param.option("port", "the server's port").defaultValue("5201"),
                        Param.flag("mtu-probe", "also find the largest packet that crosses with do-not-fragment"))
                        .details("""
                                Nodes are reached at their underlay address, containers at their overlay address; a
                                container's side runs in its network namespace with the node's iperf3 and ping. The
                                server (iperf3 -s -1) is stopped when the run ends, fails or is interrupted. --mtu-probe
                                sends single pings with do-not-fragment (ping -M do -s SIZE) in a binary search."""))
                .completing(ReachCompletions.ENDPOINT);
    }

    static Object run(Args a, Context ctx) throws InterruptedException {
        int seconds = a.integer("time", 1, 3600, 3);
        int port = a.integer("port", 1, 65535, 5201);
        boolean udp = a.flag("udp");
        if (a.get("rate") != null && !udp) throw new BadInput("--rate is for --udp");
        if (a.get("rate") != null && !a.get("rate").matches("\\d+(\\.\\d+)?[KMGkmg]?"))
            throw new BadInput("--rate " + a.get("rate") + ": a number of bits per second, e.g. 100M");
        List<Endpoint> ends = Endpoint.named(ctx, a.get("from"), a.get("to"));
        Endpoint from = ends.get(0);
        Endpoint to = ends.get(1);
        if (from.name().equals(to.name())) throw new BadInput("FROM and TO are the same (" + from.name() + ")");
        if (to.address() == null || to.address().isEmpty())
            throw new CommandFailed(to.label() + " has no address to reach");
        List<String> server = to.argv(List.of("sh", "-c", "echo $$; exec timeout " + (seconds + SERVER_GRACE)
                + " iperf3 -s -1 -p " + port));
        List<String> client = new ArrayList<>(List.of("iperf3", "-c", to.address(), "-p", String.valueOf(port),
                "-t", String.valueOf(seconds), "-J"));
        if (udp) client.add("-u");
        if (a.get("rate") != null) client.addAll(List.of("-b", a.get("rate")));
        if (ctx.dryRun()) {
            ctx.emit(new Explained(to.node().name(), server, null, false));
            ctx.emit(new Explained(from.node().name(), from.argv(client), null, false));
            return null;
        }
        IperfResult result = measure(ctx, from, to, port, server, from.argv(client), udp);
        Integer mtu = a.flag("mtu-probe") ? mtu(ctx, from, to) : null;
        return new IperfReport(from.name(), to.name(), udp ? "udp" : "tcp", seconds, result.sentBps(),
                result.receivedBps(), result.retransmits(), result.lostPercent(), result.jitterMs(), mtu);
    }

    private static IperfResult measure(Context ctx, Endpoint from, Endpoint to, int port, List<String> server,
            List<String> client, boolean udp) throws InterruptedException {
        if (ctx.explain()) ctx.emit(new Explained(to.node().name(), server, null, false));
        List<String> lines = new CopyOnWriteArrayList<>();
        LineStream stream = to.node().stream(server, lines::add);
        String pid = null;
        try {
            pid = awaitPid(lines, stream);
            awaitListening(to, port, lines);
            ExecResult r = ctx.read(from.node(), client);
            try {
                return IperfResult.parse(r.stdout(), udp);
            } catch (IllegalArgumentException e) {
                throw new CommandFailed(from.label() + ": " + e.getMessage()
                        + (r.stderr().isBlank() ? "" : " (" + r.firstErrorLine() + ")"));
            }
        } finally {
            stream.cancel();
            if (pid != null) stop(to, pid);
        }
    }

    /** The server's shell prints its pid before it becomes iperf3 (through timeout): what stop() kills. */
    private static String awaitPid(List<String> lines, LineStream stream) throws InterruptedException {
        long deadline = System.nanoTime() + LISTENING.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (l.strip().matches("\\d+")) return l.strip();
            }
            Thread.sleep(10);
        }
        throw new CommandFailed("the iperf3 server did not start: " + String.join(" ", lines));
    }

    private static void awaitListening(Endpoint to, int port, List<String> lines) throws InterruptedException {
        List<String> ss = to.argv(List.of("ss", "-Hltn", "sport = :" + port));
        long deadline = System.nanoTime() + LISTENING.toNanos();
        while (System.nanoTime() < deadline) {
            ExecResult r = to.node().run(ss);
            if (r.ok() && !r.stdout().isBlank()) return;
            if (lines.stream().anyMatch(l -> l.contains("error") || l.contains("not found")))
                throw new CommandFailed(to.label() + ": iperf3 server: " + String.join(" ", lines));
            Thread.sleep(10);
        }
        throw new CommandFailed(to.label() + ": the iperf3 server is not listening after " + LISTENING.toSeconds()
                + " s: " + String.join(" ", lines) + " (is iperf3 installed on " + to.node().name() + "?)");
    }

    /** Kills the server by pid (timeout passes the signal on to iperf3); quietly, it may have ended already. */
    private static void stop(Endpoint to, String pid) {
        AfterCtrlC.cleanUp(() -> {
            try {
                to.node().run("kill", pid);
            } catch (RuntimeException e) {
                // gone already, or the node is unreachable: its own time limit ends it
            }
        });
    }

    /** Binary search with single DF pings from FROM to TO; returns the largest packet that crossed. */
    private static int mtu(Context ctx, Endpoint from, Endpoint to) {
        if (!crosses(ctx, from, to, MtuSearch.MIN)) return MtuSearch.MIN - 1;
        Integer firstHop = firstHopMtu(ctx, from, to);
        MtuSearch s = firstHop == null ? MtuSearch.start() : MtuSearch.below(firstHop);
        while (!s.done()) {
            int size = s.next();
            s = s.after(size, crosses(ctx, from, to, size));
        }
        return s.crosses();
    }

    /** The MTU of the interface FROM sends to TO by, or null when it cannot be read. */
    private static Integer firstHopMtu(Context ctx, Endpoint from, Endpoint to) {
        try {
            ExecResult route = ctx.read(from.node(), from.argv(List.of("ip", "-j", "route", "get", to.address())));
            String dev = route.ok() ? Routes.deviceTowards(route.stdout()) : null;
            if (dev == null) return null;
            ExecResult link = ctx.read(from.node(), from.argv(List.of("ip", "-j", "-d", "link", "show", "dev", dev)));
            List<Link> links = link.ok() ? Links.parse(link.stdout()) : List.of();
            return links.isEmpty() ? null : links.get(0).mtu();
        } catch (RuntimeException e) {
            return null; // unreadable: search the whole range
        }
    }

    private static boolean crosses(Context ctx, Endpoint from, Endpoint to, int packet) {
        ExecResult r = ctx.read(from.node(), from.argv(PingOutput.dontFragmentArgv(to.address(), packet, 1)));
        return r.ok() && PingOutput.rttMs(r.stdout()) != null;
    }
}
