package netshell.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import netshell.core.DaemonThreads;
import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandOutcome;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Mark;
import netshell.command.Marked;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.remote.plan.PingOutput;
import netshell.remote.plan.Probe;
import netshell.remote.plan.ReachMatrix;

/** {@code pingall} and {@code iperf}: Mininet's reachability and throughput checks, for nodes and containers. */
public final class ReachCommands {
    /** Probes in flight at once: enough for a few dozen pairs in one round trip. */
    private static final int PARALLEL = 32;

    private ReachCommands() {}

    /** Every pair's probe, as a matrix per network and a summary; it fails (exit 1) when any pair is dropped. */
    public record PingAll(List<Probe> probes) implements Displayable, CommandOutcome, Marked {
        @Override
        public String markSource() { return "pingall"; }

        /** Each pair, reached or not, with its network and round trip. */
        @Override
        public List<Mark> marks() {
            return probes.stream().map(p -> new Mark(Mark.PAIR, p.from(), p.to(), p.ok(), p.network() + " "
                    + (p.ok() && p.rttMs() != null
                            ? String.format(java.util.Locale.ROOT, "%.1f ms", p.rttMs())
                            : "✗")))
                    .toList();
        }

        @Override
        public String text() { return ReachMatrix.text(probes); }
        @Override
        public Object data() { return probes; }
        @Override
        public boolean failed() { return probes.stream().anyMatch(p -> !p.ok()); }
        @Override
        public String failureSummary() { return ReachMatrix.summary(probes); }
    }

    public static CommandSpec pingall() {
        return CommandSpec.of("pingall", "every node pings every node, every container every container, in parallel",
                Verb.of("", "a matrix of who reaches whom (✓ with round trip in ms, ✗), and a one-line summary",
                        ReachCommands::pingAll,
                        Param.onNodes("these nodes and their containers (default: all)"),
                        Param.flag("underlay", "only the nodes, at their underlay addresses"),
                        Param.flag("overlay", "only the containers, at their overlay addresses"),
                        Param.option("family", "only IPv4 (4) or only IPv6 (6) addresses (default: both)")
                                .choices("4", "6"),
                        Param.option("timeout", "seconds to wait for each reply").defaultValue("1"))
                        .details("""
                                Nodes ping each other's underlay address, containers each other's overlay address (from
                                inside their network namespace, with the node's ping: 'ip netns exec NS ping', or
                                'nsenter -t PID -n ping' for a Docker container). Where there is IPv6 too (lab up
                                --ipv6, overlay create --ipv6) the same pairs are pinged over it, in matrices of their
                                own (underlay6, overlay6); --family 4 or 6 pings over one of them only. Exit status 1
                                when any pair is dropped; --json lists the pairs."""));
    }

    public static CommandSpec iperf() {
        return IperfCommand.spec();
    }

    static Object pingAll(Args a, Context ctx) throws InterruptedException {
        if (a.flag("underlay") && a.flag("overlay"))
            throw new BadInput("--underlay and --overlay exclude each other (give neither for both)");
        int timeout = a.integer("timeout", 1, 60, 1);
        List<Node> nodes = ctx.select(a.get("on"));
        List<Endpoint> hosts = a.flag("overlay") ? List.of() : nodes.stream().map(Endpoint::of).toList();
        List<Endpoint> containers = a.flag("underlay")
                ? List.of()
                : new ArrayList<>(Endpoint.containers(ctx, nodes).values());
        if (a.flag("overlay") && containers.isEmpty())
            throw new BadInput("no containers on " + String.join(", ", nodes.stream().map(Node::name).toList()));
        String family = a.get("family");
        boolean v4 = !"6".equals(family), v6 = !"4".equals(family);
        List<Pair> pairs = new ArrayList<>();
        if (v4) pairs.addAll(pairs(hosts, "underlay"));
        if (v6 && !hosts.isEmpty()) pairs.addAll(pairs(Endpoint.underlay6(ctx, nodes), "underlay6"));
        if (v4) pairs.addAll(pairs(containers, "overlay"));
        if (v6)
            pairs.addAll(pairs(containers.stream().map(Endpoint::overOverlay6).flatMap(Optional::stream).toList(),
                    "overlay6"));
        if (pairs.isEmpty() && !v4)
            throw new BadInput("pingall --family 6: fewer than two IPv6 addresses to ping (lab up --ipv6, overlay"
                    + " create --ipv6)");
        if (pairs.isEmpty()) throw new BadInput("pingall needs at least two nodes or two containers");
        return new PingAll(probeAll(ctx, pairs, timeout));
    }

    record Pair(Endpoint from, Endpoint to, String network) {}

    static List<Pair> pairs(List<Endpoint> endpoints, String network) {
        List<Pair> out = new ArrayList<>();
        for (Endpoint from : endpoints) {
            for (Endpoint to : endpoints) {
                if (from != to) out.add(new Pair(from, to, network));
            }
        }
        return out;
    }

    private static List<Probe> probeAll(Context ctx, List<Pair> pairs, int timeout) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, pairs.size()),
                DaemonThreads.named("netshell-pingall", false));
        try {
            List<Future<Probe>> futures = new ArrayList<>();
            for (Pair p : pairs) futures.add(pool.submit(() -> probe(ctx, p, timeout)));
            List<Probe> out = new ArrayList<>();
            for (Future<Probe> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new CommandFailed("pingall: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow(); // Ctrl-C: interrupting a probe kills its ping on the node
            boolean interrupted = Thread.interrupted();
            try {
                pool.awaitTermination(2, TimeUnit.SECONDS); // so that no ping outlives the command
            } catch (InterruptedException again) {
                interrupted = true;
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static Probe probe(Context ctx, Pair p, int timeout) {
        String address = p.to().address();
        if (address == null || address.isEmpty())
            return new Probe(p.from().name(), p.to().name(), p.network(), "", false, null);
        ExecResult r = ctx.read(p.from().node(), p.from().argv(PingOutput.argv(address, timeout)));
        Double rtt = r.ok() ? PingOutput.rttMs(r.stdout()) : null;
        return new Probe(p.from().name(), p.to().name(), p.network(), address, r.ok() && rtt != null, rtt);
    }
}
