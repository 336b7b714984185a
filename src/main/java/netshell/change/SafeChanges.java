package netshell.change;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import netshell.change.plan.JournalRecord;
import netshell.change.plan.RollbackScript;
import netshell.change.plan.Snapshot;
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
 * The session's ChangeGuard: before a plan, one snapshot read per node (and, with --confirm, a rollback armed on the
 * node as the plan's first step); after it, a second read and a journal record. Keeps what awaits confirmation and
 * reports a node that rolled itself back the next time a command reaches it.
 */
public final class SafeChanges implements ChangeGuard {
    /** A confirmed-or-not change: its journal number, each node's rollback id, and when the nodes act. */
    record Pending(int change, String line, Map<String, String> rollbackIds, Map<String, Snapshot> bases,
            Instant deadline) {
        Pending without(Collection<String> nodes) {
            Map<String, String> ids = new LinkedHashMap<>(rollbackIds);
            ids.keySet().removeAll(nodes);
            return new Pending(change, line, ids, bases, deadline);
        }
    }

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

    @Override
    public Guarded begin(Context ctx, Plan plan) {
        settle(ctx);
        int confirm = ctx.confirmSeconds();
        List<String> names = plan.byNode().entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        if (ctx.dryRun() && confirm == 0) return passThrough(plan); // nothing runs, nothing to journal
        Map<String, Snapshot> before = snapshots(ctx, names, confirm > 0);
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, Snapshot> bases = new LinkedHashMap<>(before);
        Map<String, String> superseded = new LinkedHashMap<>();
        Plan run = plan;
        if (confirm > 0) {
            // A node with an unconfirmed change rolls back to before the first of them (as Junos does): the new
            // rollback restores that older snapshot, and the older rollback is disarmed once the change is in.
            for (Pending p : pending) {
                p.rollbackIds().forEach((node, id) -> {
                    if (names.contains(node) && superseded.putIfAbsent(node, id) == null)
                        bases.put(node, p.bases().get(node));
                });
            }
            run = new Plan();
            String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replaceAll("[-:]", "");
            for (Map.Entry<String, List<Step>> e : plan.byNode().entrySet()) {
                String node = e.getKey();
                if (e.getValue().isEmpty()) continue;
                String id = stamp + "-" + UUID.randomUUID().toString().substring(0, 8);
                ids.put(node, id);
                String script = RollbackScript.text(id, ctx.line(), bases.get(node), RollbackScript.all());
                run.add(node, new Step(RollbackScript.arm(id, confirm), script,
                        "arm a rollback on the node: it restores the snapshot in " + confirm + " s unless confirmed")
                        .undoneBy(new Step(RollbackScript.disarm(id), null, "undo: disarm the rollback")));
                run.addAll(node, e.getValue());
                if (superseded.containsKey(node))
                    run.add(node, new Step(RollbackScript.disarm(superseded.get(node), true), null,
                            "disarm the earlier rollback: the new one restores the same snapshot"));
            }
        }
        Instant deadline = Instant.now().plusSeconds(confirm);
        Plan toRun = run;
        return new Guarded() {
            @Override
            public Plan plan() { return toRun; }

            @Override
            public void applied(Context c, ApplyReport report) {
                journalIt(c, plan, report, before, ids, bases, confirm, deadline);
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
            Map<String, String> ids, Map<String, Snapshot> bases, int confirm, Instant deadline) {
        List<String> touched = report.nodes().stream().filter(n -> n.applied() > 0).map(ApplyReport.NodeApply::node)
                .toList();
        if (touched.isEmpty()) return;
        Map<String, Snapshot> after = snapshots(ctx, touched, false);
        List<JournalRecord.NodeChange> nodes = new ArrayList<>();
        for (String n : touched) {
            List<String> steps = plan.stepsFor(n).stream().map(SafeChanges::stepText).toList();
            nodes.add(new JournalRecord.NodeChange(n, steps, ids.get(n), before.get(n), after.get(n)));
        }
        JournalRecord rec = new JournalRecord(0, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), sessionId,
                ctx.line(), confirm, undoing.get(), nodes);
        try {
            rec = journal.append(rec);
        } catch (CommandFailed e) { // the change is made: say it is not journaled rather than call it failed
            ctx.session().notice("the change is applied but not journaled (no 'undo' for it): " + e.getMessage());
        }
        if (confirm > 0) {
            Map<String, String> armed = new LinkedHashMap<>();
            touched.forEach(n -> { if (ids.containsKey(n)) armed.put(n, ids.get(n)); });
            // Their rollbacks on these nodes were disarmed: the new ones stand in.
            for (Pending p : pending) replace(p, p.without(armed.keySet()));
            pending.add(new Pending(rec.id(), ctx.line(), armed, bases, deadline));
            ctx.session().notice("change " + rec.id() + ": rollback armed on " + String.join(", ", armed.keySet())
                    + ", due in " + confirm + " s: type 'confirm' to keep the change");
        }
    }

    /** The command a step ran, on one line: argv, and "<<stdin" when it was fed text. */
    static String stepText(Step s) {
        String line = ShellQuote.join(s.argv());
        return s.stdin() == null ? line : line + " <<…(" + s.stdin().lines().count() + " lines)";
    }

    /** Snapshots of the nodes, read in parallel; {@code strict}: a node that cannot be read stops the change. */
    Map<String, Snapshot> snapshots(Context ctx, List<String> names, boolean strict) {
        List<Node> nodes = names.stream().map(ctx::node).toList();
        FleetResult<ExecResult> r = ctx.explain()
                ? sequential(ctx, nodes)
                : ctx.session().fleet().each(nodes, n -> ctx.read(n, Snapshot.READ));
        Map<String, Snapshot> out = new LinkedHashMap<>();
        for (var o : r.outcomes()) {
            String error = !o.ok() ? o.error() : o.value().ok() ? null : o.value().firstErrorLine();
            if (error == null) out.put(o.node(), Snapshot.parse(o.value().stdout()));
            else if (strict)
                throw new CommandFailed("cannot snapshot " + o.node() + ": " + error
                        + " (nothing was changed)");
        }
        return out;
    }

    private static FleetResult<ExecResult> sequential(Context ctx, List<Node> nodes) {
        List<Outcome<ExecResult>> out = new ArrayList<>();
        for (Node n : nodes)
            out.addAll(ctx.session().fleet().each(List.of(n), x -> ctx.read(x, Snapshot.READ))
                    .outcomes());
        return new FleetResult<>(out);
    }

    @Override
    public void settle(Context ctx) {
        Instant now = Instant.now();
        for (Pending p : pending) {
            if (now.isBefore(p.deadline())) continue;
            Map<String, String> left = new LinkedHashMap<>(p.rollbackIds());
            List<Node> nodes = left.keySet().stream().map(ctx::node).toList();
            var r = ctx.session().fleet().each(nodes, n -> n.run(RollbackScript.status(left.get(n.name())), null));
            for (var o : r.outcomes()) {
                if (!o.ok()) continue; // not reachable yet: reported when it is
                left.remove(o.node());
                if (o.value().ok()) {
                    ctx.session().notice(o.node() + " rolled back change " + p.change() + " (" + p.line()
                            + ") by itself, not confirmed in time: restored "
                            + RollbackScript.restored(o.value().stdout().strip()));
                }
            }
            replace(p, new Pending(p.change(), p.line(), left, p.bases(), p.deadline()));
        }
    }

    @Override
    public String promptNote() {
        long left = pending.stream().mapToLong(p -> Instant.now().until(p.deadline(), ChronoUnit.SECONDS))
                .filter(s -> s > 0).min().orElse(0);
        return left > 0 ? "confirm " + left + "s" : "";
    }
}
