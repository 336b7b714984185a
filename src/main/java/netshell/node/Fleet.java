package netshell.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import netshell.core.DaemonThreads;
import netshell.core.NodeSet;

/** The nodes of an inventory (or lab) and their groups; selects nodes and runs a task on many at once. */
public final class Fleet implements AutoCloseable {
    /** How long an interrupted fan-out waits for its commands to be killed. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    /**
     * Nodes worked on at once, connection set-up included: enough to keep two cores busy with key exchanges
     * while the network answers, and below the 100 at which OpenSSH's default MaxStartups (10:30:100) drops
     * every new connection to one sshd.
     */
    public static final int DEFAULT_FORKS = 32;

    private final List<Node> nodes;
    private final Map<String, List<String>> groups;
    private volatile int forks = DEFAULT_FORKS;
    private Runnable onClose = () -> {};
    private final List<BiConsumer<String, Duration>> observers = new CopyOnWriteArrayList<>();

    /** Watching the fleet until closed. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Tells {@code observer} how long each node's task took, in every fan-out until the Watch is closed (time). */
    public Watch observe(BiConsumer<String, Duration> observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    public Fleet(List<Node> nodes, Map<String, List<String>> groups) {
        this.nodes = List.copyOf(nodes);
        this.groups = Map.copyOf(groups);
    }

    public Fleet(List<Node> nodes) { this(nodes, Map.of()); }

    /** SSH nodes for every inventory entry (connected lazily, on their first command). */
    public static Fleet of(Inventory inventory, SshNode.Options options) {
        List<Node> nodes = new ArrayList<>();
        for (NodeSpec spec : inventory.nodes()) nodes.add(new SshNode(spec, options));
        Fleet fleet = new Fleet(nodes, inventory.groups());
        fleet.onClose = options.shared()::close; // jump sessions go after the nodes behind them
        return fleet;
    }

    public List<Node> nodes() { return nodes; }

    /** How many nodes each() works on at once (--forks). */
    public int forks() { return forks; }

    public Fleet forks(int n) {
        if (n < 1) throw new IllegalArgumentException("forks must be at least 1");
        forks = n;
        return this;
    }

    public Map<String, List<String>> groups() { return groups; }

    public List<String> names() { return nodes.stream().map(Node::name).toList(); }

    /**
     * Nodes named by a selector (ClusterShell node-set syntax, see NodeSet: node[1-8,10], web[01-20], @group,
     * globs, `all`, node[1-8]!node3), in fleet order without duplicates.
     */
    public List<Node> select(String selector) {
        return select(selector, false);
    }

    /** As select(selector); with {@code ignoreMissing} names that are not in the fleet are left out, not refused. */
    public List<Node> select(String selector, boolean ignoreMissing) {
        List<String> chosen = NodeSet.resolve(selector, names(), groups, ignoreMissing);
        return nodes.stream().filter(n -> chosen.contains(n.name())).toList();
    }

    public <T> FleetResult<T> each(Collection<? extends Node> targets, NodeTask<T> task) {
        return each(targets, task, forks);
    }

    /**
     * Runs task on every node in parallel (at most `parallel` at a time) and returns one outcome per node, in order.
     * Interrupting the caller cancels the task everywhere (running commands are killed) and returns at once,
     * unfinished nodes reported as "cancelled"; the caller's interrupt flag stays set.
     */
    public <T> FleetResult<T> each(Collection<? extends Node> targets, NodeTask<T> task, int parallel) {
        List<Node> order = List.copyOf(targets);
        if (order.isEmpty()) return new FleetResult<>(List.of());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, order.size())),
                DaemonThreads.named("fleet", true));
        long start = System.nanoTime();
        Map<Node, Future<Outcome<T>>> futures = new LinkedHashMap<>();
        for (Node node : order) futures.put(node, pool.submit(() -> attempt(node, task)));
        pool.shutdown();
        List<Outcome<T>> outcomes = new ArrayList<>();
        boolean interrupted = false;
        for (Map.Entry<Node, Future<Outcome<T>>> entry : futures.entrySet()) {
            String name = entry.getKey().name();
            if (interrupted) {
                outcomes.add(doneOrCancelled(name, entry.getValue(), start));
                continue;
            }
            try {
                outcomes.add(entry.getValue().get());
            } catch (InterruptedException e) {
                interrupted = true;
                // shutdownNow interrupts the running tasks without cancelling their futures: a task that stops
                // with what its command printed so far (CommandCancelled) still reports it.
                pool.shutdownNow();
                awaitKills(pool);
                outcomes.add(doneOrCancelled(name, entry.getValue(), start));
            } catch (ExecutionException e) {
                outcomes.add(Outcome.failed(name, e.getCause(), Duration.ofNanos(System.nanoTime() - start)));
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return new FleetResult<>(outcomes);
    }

    /**
     * Gives the cancelled tasks a moment to kill their commands, so that none is still running when the caller
     * goes on (Ctrl-C leaves no process); a second interrupt stops waiting.
     */
    private static void awaitKills(ExecutorService pool) {
        try {
            pool.awaitTermination(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException again) {
            // the caller's flag is set again below
        }
    }

    private static <T> Outcome<T> doneOrCancelled(String name, Future<Outcome<T>> future, long start) {
        if (future.isDone() && !future.isCancelled()) {
            try {
                return future.get();
            } catch (Exception ignored) {
                // Fall through to cancelled.
            }
        }
        return Outcome.cancelled(name, Duration.ofNanos(System.nanoTime() - start));
    }

    private <T> Outcome<T> attempt(Node node, NodeTask<T> task) {
        long start = System.nanoTime();
        try {
            return Outcome.ok(node.name(), task.apply(node), Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception e) {
            return Outcome.failed(node.name(), e, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            observers.forEach(o -> o.accept(node.name(), took));
        }
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
        onClose.run();
    }
}
