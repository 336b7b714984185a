package netshell.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import netshell.core.DaemonThreads;
import netshell.command.Completions;
import netshell.command.Context;
import netshell.command.Session;
import netshell.command.Target;
import netshell.doctor.checks.LbServices;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.lb.rules.InstalledService;
import netshell.lb.rules.InstalledServices;
import netshell.lb.rules.IptablesSave;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.node.RoundTrips;

/**
 * Completion values from live state, kept in memory: one daemon thread refreshes every few seconds
 * and when the target changes, each node read on its own reader thread, so a node that hangs only
 * keeps its own values stale. Completion answers from the cache and never waits on a node.
 */
public final class LiveCompletions implements AutoCloseable {
    /** What one node had at its last successful read. */
    record NodeView(List<String> ifaces, List<String> bridges, List<String> underlays, List<String> vnis,
            List<String> vips,
            List<String> backends, List<String> containers) {}

    private final Session session;
    private final Map<String, NodeView> cache = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("netshell-completion", false));
    private final ExecutorService readers = Executors
            .newCachedThreadPool(DaemonThreads.named("netshell-completion-read", false));

    private LiveCompletions(Session session) {
        this.session = session;
    }

    /**
     * Registers the sources iface, underlay, bridge (the overlay's), capture, vni, vip, backend, container and
     * endpoint (node or container), and
     * starts refreshing every {@code every}.
     */
    public static LiveCompletions attach(Session session, Duration every) {
        LiveCompletions live = new LiveCompletions(session);
        Completions c = session.completions();
        c.register("iface", () -> live.union(NodeView::ifaces));
        c.register("underlay", () -> live.union(NodeView::underlays));
        c.register("bridge", () -> live.union(NodeView::bridges));
        c.register("capture", () -> {
            List<String> out = new ArrayList<>(List.of("vxlan"));
            out.addAll(live.union(NodeView::ifaces));
            return out;
        });
        c.register("vni", () -> live.union(NodeView::vnis));
        c.register("vip", () -> live.union(NodeView::vips));
        c.register("backend", () -> live.union(NodeView::backends));
        c.register("container", () -> live.union(NodeView::containers));
        c.register("endpoint", () -> {
            List<String> out = new ArrayList<>(c.values("node"));
            out.addAll(live.union(NodeView::containers));
            return out;
        });
        session.onTargetChange(live::refresh);
        live.timer.scheduleWithFixedDelay(live::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return live;
    }

    private List<String> union(Function<NodeView, List<String>> part) {
        Set<String> out = new TreeSet<>();
        cache.values().forEach(v -> out.addAll(part.apply(v)));
        return new ArrayList<>(out);
    }

    /** Starts a read of every node that is not still busy with the previous one; returns at once. */
    public void refresh() {
        Target t = session.peekTarget().orElse(null);
        if (t == null || t.isDryRun()) return;
        cache.keySet().retainAll(t.fleet().names());
        for (Node n : t.fleet().nodes()) {
            // Never log in from the background: a login may ask about a host key or a passphrase.
            if (!n.ready()) continue;
            if (!inFlight.add(n.name())) continue; // still reading (or hanging): leave its values as they are
            readers.submit(() -> {
                try {
                    RoundTrips.background(() -> cache.put(n.name(), read(n, session)));
                } catch (RuntimeException e) {
                    // An unreadable node keeps its last values.
                } finally {
                    inFlight.remove(n.name());
                }
            });
        }
    }

    /** For tests and scripts: refreshes and waits (at most {@code wait}) until no read is in flight. */
    public boolean refreshAndWait(Duration wait) throws InterruptedException {
        refresh();
        long end = System.nanoTime() + wait.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < end) Thread.sleep(10);
        return inFlight.isEmpty();
    }

    static NodeView read(Node n, Session session) {
        ExecResult link = n.run("ip", "-j", "-d", "link");
        List<Link> links = link.ok() ? Links.parse(link.stdout()) : List.of();
        List<String> ifaces = links.stream().map(Link::name).toList();
        List<String> vnis = links.stream().filter(Link::isVxlan).map(l -> String.valueOf(l.vni())).toList();
        // Devices VXLAN can be sent from: the node's own (not netshell's) with an address to send from, not loopback.
        ExecResult addr = n.run("ip", "-j", "addr");
        List<IfAddress> addresses = addr.ok() ? Addresses.parse(addr.stdout()) : List.of();
        List<String> underlays = links.stream()
                .filter(l -> !l.ours() && !l.name().equals("lo"))
                .filter(l -> addresses.stream()
                        .anyMatch(a -> a.ifname().equals(l.name()) && (a.ipv4() || a.ipv6Routable())))
                .map(Link::name).toList();
        List<String> vips = new ArrayList<>(), backends = new ArrayList<>();
        ExecResult nat = n.run("iptables-save", "-t", "nat");
        if (nat.ok()) {
            IptablesSave save = IptablesSave.parse(nat.stdout());
            vips.addAll(LbServices.vips(save));
            backends.addAll(LbServices.backends(save));
        }
        // IPv6 services, written as lb takes them: [fd56::100]:80.
        ExecResult nat6 = n.run("ip6tables-save", "-t", "nat");
        if (nat6.ok()) {
            for (InstalledService s : InstalledServices.fromIptables(IptablesSave.parse(nat6.stdout()))) {
                vips.add(s.spec().vip().toString());
                s.spec().backends().forEach(b -> backends.add(b.toString()));
            }
        }
        // Containers as the commands take them (container exec NAME), read by the same finder the commands use.
        List<String> containers;
        try {
            containers = session.containers().names(new Context(session, false, false, row -> {}), n);
        } catch (RuntimeException e) {
            containers = List.of();
        }
        List<String> bridges = links.stream().filter(l -> l.ours() && "bridge".equals(l.kind())).map(Link::name)
                .toList();
        return new NodeView(ifaces, bridges, underlays, vnis, vips, backends, containers);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        readers.shutdownNow();
    }
}
