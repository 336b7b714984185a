package netshell.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import netshell.core.DaemonThreads;
import netshell.command.CommandSpec;
import netshell.command.Completions;
import netshell.command.Context;
import netshell.command.LiveSource;
import netshell.command.Registry;
import netshell.command.Session;
import netshell.command.Target;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.node.RoundTrips;

/**
 * Completion values from live state, kept in memory: one daemon thread refreshes every few seconds
 * and when the target changes, each node read on its own reader thread, so a node that hangs only
 * keeps its own values stale. Completion answers from the cache and never waits on a node. The sources are those
 * the registered commands declare ({@link CommandSpec#sources}); each node is read in one round trip for all of them.
 */
public final class LiveCompletions implements AutoCloseable {
    private final Session session;
    private final List<LiveSource> sources;
    /** Per node, what it had at its last successful read: values by source name. */
    private final Map<String, Map<String, List<String>>> cache = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("netshell-completion", false));
    private final ExecutorService readers = Executors
            .newCachedThreadPool(DaemonThreads.named("netshell-completion-read", false));

    private LiveCompletions(Session session, List<LiveSource> sources) {
        this.session = session;
        this.sources = sources;
    }

    /**
     * Registers the sources the built-in commands declare (iface, underlay, bridge, capture, vni, vip, backend,
     * container, endpoint…), and starts refreshing every {@code every}.
     */
    public static LiveCompletions attach(Session session, Duration every) {
        LiveCompletions live = new LiveCompletions(session, declared(session.registry()));
        Completions c = session.completions();
        for (LiveSource s : live.sources) {
            if (s.isUnion()) {
                c.register(s.name(), () -> {
                    List<String> out = new ArrayList<>(s.fixed());
                    for (String part : s.parts()) out.addAll(c.values(part));
                    return out;
                });
            } else {
                c.register(s.name(), () -> live.union(s.name()));
            }
        }
        session.onTargetChange(live::refresh);
        live.timer.scheduleWithFixedDelay(live::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return live;
    }

    /** Every source the built-in commands declare, the first declaration of a name winning. */
    static List<LiveSource> declared(Registry registry) {
        Map<String, LiveSource> byName = new LinkedHashMap<>();
        for (CommandSpec spec : registry.builtIn()) spec.sources().forEach(s -> byName.putIfAbsent(s.name(), s));
        return List.copyOf(byName.values());
    }

    private List<String> union(String source) {
        Set<String> out = new TreeSet<>();
        cache.values().forEach(v -> out.addAll(v.getOrDefault(source, List.of())));
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
                    RoundTrips.background(() -> cache.put(n.name(), read(n, session, sources)));
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

    /** The node's values of every source, its reads (each argv once) in one round trip. */
    static Map<String, List<String>> read(Node n, Session session, List<LiveSource> sources) {
        List<List<String>> argvs = new ArrayList<>();
        for (LiveSource s : sources) for (List<String> argv : s.reads()) if (!argvs.contains(argv)) argvs.add(argv);
        List<ExecResult> results = argvs.isEmpty() ? List.of() : n.runAll(argvs);
        Context ctx = new Context(session, false, false, row -> {});
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (LiveSource s : sources) {
            if (s.isUnion()) continue;
            List<ExecResult> own = s.reads().stream().map(a -> results.get(argvs.indexOf(a))).toList();
            try {
                out.put(s.name(), List.copyOf(s.values().of(own, ctx, n)));
            } catch (RuntimeException e) {
                out.put(s.name(), List.of()); // one source that cannot read this node leaves the others be
            }
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        readers.shutdownNow();
    }
}
