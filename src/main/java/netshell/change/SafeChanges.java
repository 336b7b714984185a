package netshell.change;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import netshell.change.plan.GroupDelta;
import netshell.change.plan.JournalRecord;
import netshell.change.plan.Snapshot;
import netshell.change.plan.StateDiff;
import netshell.command.ApplyReport;
import netshell.command.ChangeGuard;
import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.node.Outcome;
import netshell.node.ShellQuote;

/**
 * The session's ChangeGuard. Before a plan, each node takes a snapshot into files of its own and reports digests
 * (with --confirm, a rollback that restores that snapshot is armed on the node as the plan's first step); after it,
 * the node diffs a second snapshot against the first and sends only the groups that changed, which the journal
 * keeps. Keeps what awaits confirmation and reports a node that rolled itself back the next time a command reaches
 * it.
 */
public final class SafeChanges implements ChangeGuard {
    /** A confirmed-or-not change: its journal number, each node's rollback id, and when the nodes act. */
    record Pending(int change, String line, Map<String, String> rollbackIds, Instant deadline) {
        Pending without(Collection<String> nodes) {
            Map<String, String> ids = new LinkedHashMap<>(rollbackIds);
            ids.keySet().removeAll(nodes);
            return new Pending(change, line, ids, deadline);
        }
    }

    /** How long a node may take to answer after a change before it counts as cut off by it. */
    private static final long PROBE_MILLIS = 1500;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Journal journal;
    private final String sessionId = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Pending> pending = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Integer> undoing = new ThreadLocal<>();

    public SafeChanges(Journal journal) {
        this.journal = journal;
    }

    public Journal journal() { return journal; }
    public String sessionId() { return sessionId; }
    List<Pending> pending() { return pending; }

    /** Marks the changes applied by {@code body} as the undo of {@code change}. */
    <T> T undoing(int change, Supplier<T> body) {
        undoing.set(change);
        try {
            return body.get();
        } finally {
            undoing.remove();
        }
    }

    /** Puts {@code now} where {@code old} was (the list stays oldest first), or drops it when no node is left. */
    synchronized void replace(Pending old, Pending now) {
        int at = pending.indexOf(old);
        if (at < 0) return;
        if (now.rollbackIds().isEmpty()) pending.remove(at);
        else
            pending.set(at, now);
    }

    /** A fresh id for a snapshot or rollback: UTC time and a random part. */
    static String newId() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replaceAll("[-:]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public Guarded begin(Context ctx, Plan plan) {
        settle(ctx);
        int confirm = ctx.confirmSeconds();
        List<String> names = plan.byNode().entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        if (ctx.dryRun() && confirm == 0) return passThrough(plan); // nothing runs, nothing to journal
        Map<String, Set<String>> scopes = new LinkedHashMap<>();
        if (confirm == 0) names.forEach(n -> scopes.put(n, scope(plan.stepsFor(n))));
        Map<String, Snapshot> before = ctx.dryRun() ? Map.of() : snapshots(ctx, names, confirm > 0, scopes);
        Map<String, String> ids = new LinkedHashMap<>();
        Plan run = plan;
        if (confirm > 0) {
            run = new Plan();
            for (Map.Entry<String, List<Step>> e : plan.byNode().entrySet()) {
                String node = e.getKey();
                if (e.getValue().isEmpty()) continue;
                String id = newId();
                ids.put(node, id);
                String base = before.containsKey(node) ? before.get(node).id() : id;
                run.add(node, new Step(RollbackScript.arm(id, confirm, base), RollbackScript.text(id, ctx.line()),
                        "arm a rollback on the node: it restores the snapshot in " + confirm + " s unless confirmed")
                        .undoneBy(new Step(RollbackScript.disarm(id), null, "undo: disarm the rollback")));
                run.addAll(node, e.getValue());
            }
        }
        Instant deadline = Instant.now().plusSeconds(confirm);
        Plan toRun = run;
        return new Guarded() {
            @Override
            public Plan plan() { return toRun; }

            @Override
            public void applied(Context c, ApplyReport report) {
                journalIt(c, plan, report, before, ids, confirm, deadline);
            }

            /**
             * The snapshots go: on a node as big as a production one each is megabytes of /run (memory). An armed
             * rollback keeps its own (its disarm may have failed, and it would restore from it).
             */
            @Override
            public void failed(Context c) {
                if (confirm == 0) drop(c, before);
            }
        };
    }

    private static Guarded passThrough(Plan plan) {
        return new Guarded() {
            @Override
            public Plan plan() { return plan; }
            @Override
            public void applied(Context c, ApplyReport report) {}
        };
    }

    private void journalIt(Context ctx, Plan plan, ApplyReport report, Map<String, Snapshot> before,
            Map<String, String> ids, int confirm, Instant deadline) {
        List<String> touched = report.nodes().stream().filter(n -> n.applied() > 0).map(ApplyReport.NodeApply::node)
                .toList();
        if (touched.isEmpty()) return;
        Map<String, List<GroupDelta>> deltas = deltas(ctx, touched, before, confirm > 0, deadline);
        List<JournalRecord.NodeChange> nodes = new ArrayList<>();
        for (String n : touched) {
            List<String> steps = plan.stepsFor(n).stream().map(SafeChanges::stepText).toList();
            List<GroupDelta> d = deltas.get(n);
            nodes.add(new JournalRecord.NodeChange(n, steps, ids.get(n), d != null, d == null ? List.of() : d, false));
        }
        JournalRecord rec = new JournalRecord(0, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), sessionId,
                target(ctx), ctx.line(), confirm, undoing.get(), nodes, "");
        try {
            rec = journal.append(rec);
        } catch (CommandFailed e) { // the change is made: say it is not journaled rather than call it failed
            ctx.session().notice("the change is applied but not journaled (no 'undo' for it): " + e.getMessage());
        }
        if (confirm > 0) {
            Map<String, String> armed = new LinkedHashMap<>();
            touched.forEach(n -> { if (ids.containsKey(n)) armed.put(n, ids.get(n)); });
            // A node's earlier rollback was taken over by the new one (it restores the older snapshot).
            for (Pending p : pending) replace(p, p.without(armed.keySet()));
            pending.add(new Pending(rec.id(), ctx.line(), armed, deadline));
            ctx.session().notice("change " + rec.id() + ": rollback armed on " + String.join(", ", armed.keySet())
                    + ", due in " + confirm + " s: type 'confirm' to keep the change");
        }
    }

    /** Journals an undo the nodes did by themselves ({@link NodeUndo}): each node's reversed deltas. */
    void journalUndo(Context ctx, int undoes, List<JournalRecord.NodeChange> nodes) {
        if (nodes.isEmpty()) return;
        JournalRecord rec = new JournalRecord(0, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), sessionId,
                target(ctx), ctx.line(), 0, undoes, nodes, "");
        try {
            journal.append(rec);
        } catch (CommandFailed e) {
            ctx.session().notice("the undo is applied but not journaled: " + e.getMessage());
        }
    }

    /** What the journal files a change under: the kind of target and, for a lab, its name ("lab netshell"). */
    static String target(Context ctx) {
        var t = ctx.session().target();
        return t.kind() + (t.lab() != null ? " " + t.lab().name() : "");
    }

    /**
     * Each touched node's deltas against its snapshot. A node that does not answer within {@link #PROBE_MILLIS}
     * (the change cut netshell off) is reported at once, with when its rollback acts, rather than waited for.
     */
    private Map<String, List<GroupDelta>> deltas(Context ctx, List<String> touched, Map<String, Snapshot> before,
            boolean keepBase, Instant deadline) {
        Map<String, List<GroupDelta>> out = new LinkedHashMap<>();
        List<Node> nodes = touched.stream().filter(before::containsKey).map(ctx::node).toList();
        if (nodes.isEmpty()) return out;
        List<Node> answering = answering(ctx, nodes, deadline, keepBase);
        FleetResult<ExecResult> r = ctx.session().fleet().each(answering,
                n -> StateReads.read(ctx, n, StateScript.diff(before.get(n.name()).id(), newId(), keepBase)));
        for (var o : r.outcomes()) {
            if (o.ok() && o.value().ok())
                out.put(o.node(), GroupDelta.parseAll(o.value().stdout()).stream()
                        .sorted(java.util.Comparator.comparingInt(d -> StateDiff.rank(d.displayName()))).toList());
        }
        return out;
    }

    /** The nodes that answer a no-op within {@link #PROBE_MILLIS}; the others are reported as cut off. */
    private List<Node> answering(Context ctx, List<Node> nodes, Instant deadline, boolean armed) {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "netshell-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Node, CompletableFuture<Boolean>> probes = new LinkedHashMap<>();
            for (Node n : nodes)
                probes.put(n, CompletableFuture.supplyAsync(() -> n.run(List.of("true"), null).ok(),
                        pool));
            List<Node> out = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
            for (var e : probes.entrySet()) {
                boolean ok;
                try {
                    ok = e.getValue().get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception ex) {
                    ok = false;
                }
                if (ok) out.add(e.getKey());
                else
                    ctx.session().notice(e.getKey().name() + " unreachable after the change"
                            + (armed
                                    ? "; rolls back at " + LocalTime.ofInstant(deadline, ZoneId.systemDefault())
                                            .format(CLOCK)
                                    : "")
                            + " (not journaled: its state could not be read)");
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The command a step ran, on one line: argv, and "<<stdin" when it was fed text. */
    static String stepText(Step s) {
        String line = ShellQuote.join(s.argv());
        if (line.length() > 300) line = "[" + s.why() + ": a script of " + line.length() + " chars]";
        return s.stdin() == null ? line : line + " <<…(" + s.stdin().lines().count() + " lines)";
    }

    /**
     * The groups a node's steps can change, when every step says so; empty (snapshot everything) otherwise. An
     * armed rollback always restores a whole snapshot (a later one may take it over), so only unconfirmed
     * changes are scoped.
     */
    static Set<String> scope(List<Step> steps) {
        Set<String> out = new TreeSet<>();
        for (Step s : steps) {
            if (s.touches() == null) return Set.of();
            out.addAll(s.touches());
        }
        return out;
    }

    /** Removes the snapshots (and their route watches) from their nodes. */
    private static void drop(Context ctx, Map<String, Snapshot> snapshots) {
        snapshots.forEach((n, s) -> ctx.session().fleet().each(List.of(ctx.node(n)),
                x -> StateReads.run(x, StateScript.drop(s.id()))));
    }

    /**
     * Snapshots taken on the nodes, in parallel, of the groups in {@code scopes} (a node not there, or with none:
     * all groups); {@code strict}: a node that cannot be read, or whose links, addresses, routes or rules cannot
     * be read, stops the change before anything is armed.
     */
    Map<String, Snapshot> snapshots(Context ctx, List<String> names, boolean strict, Map<String, Set<String>> scopes) {
        List<Node> nodes = names.stream().map(ctx::node).toList();
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, List<String>> take = new LinkedHashMap<>();
        for (String n : names) {
            ids.put(n, newId());
            take.put(n, StateScript.take(ids.get(n), scopes.getOrDefault(n, Set.of())));
        }
        FleetResult<ExecResult> r = ctx.explain()
                ? sequential(ctx, nodes, take)
                : ctx.session().fleet().each(nodes, n -> StateReads.read(ctx, n, take.get(n.name())));
        Map<String, Snapshot> out = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (var o : r.outcomes()) {
            String error = !o.ok() ? o.error() : o.value().ok() ? null : o.value().firstErrorLine();
            Snapshot s = error == null
                    ? Snapshot.parse(ids.get(o.node()), o.value().stdout(), scopes.getOrDefault(o.node(), Set.of()))
                    : null;
            if (s != null && !s.partial()) out.put(o.node(), s);
            else if (error != null) refused.add(o.node() + ": " + error);
            else
                refused.add(o.node() + ": cannot read " + String.join(", ", s.missingRequired()));
        }
        if (strict && !refused.isEmpty()) {
            drop(ctx, out);
            throw new CommandFailed("cannot snapshot " + String.join("; ", refused)
                    + " (a rollback from a partial snapshot would cut the node off; nothing was changed)");
        }
        return out;
    }

    private static FleetResult<ExecResult> sequential(Context ctx, List<Node> nodes, Map<String, List<String>> take) {
        List<Outcome<ExecResult>> out = new ArrayList<>();
        for (Node n : nodes)
            out.addAll(ctx.session().fleet().each(List.of(n),
                    x -> StateReads.read(ctx, x, take.get(x.name()))).outcomes());
        return new FleetResult<>(out);
    }

    @Override
    public void settle(Context ctx) {
        Instant now = Instant.now();
        for (Pending p : pending) {
            if (now.isBefore(p.deadline())) continue;
            Map<String, String> left = new LinkedHashMap<>(p.rollbackIds());
            List<Node> nodes = left.keySet().stream().map(ctx::node).toList();
            var r = ctx.session().fleet().each(nodes,
                    n -> StateReads.run(n, RollbackScript.status(left.get(n.name()))));
            for (var o : r.outcomes()) {
                if (!o.ok()) continue; // not reachable yet: reported when it is
                left.remove(o.node());
                if (o.value().ok()) {
                    ctx.session().notice(o.node() + " rolled back change " + p.change() + " (" + p.line()
                            + ") by itself, not confirmed in time: restored "
                            + RollbackScript.restored(o.value().stdout().strip()));
                    journal.mark(p.change(), "rolled back");
                }
            }
            replace(p, new Pending(p.change(), p.line(), left, p.deadline()));
        }
    }

    @Override
    public String promptNote() {
        long left = pending.stream().mapToLong(p -> Instant.now().until(p.deadline(), ChronoUnit.SECONDS))
                .filter(s -> s > 0).min().orElse(0);
        return left > 0 ? "confirm " + left + "s" : "";
    }
}
