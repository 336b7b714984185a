package netshell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.AfterCtrlC;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.Node;

/**
 * Applies a plan, and when a node fails mid-way undoes what the plan created on every node it touched, by the undo
 * each planner attached to its steps ({@link Step#creating}, {@link Step#undoneBy}): this class reads no argv.
 * Changes to things that already existed are listed as what remains.
 */
public final class Changes {
    private Changes() {}

    /** What a failed change left behind: per node, what was undone and what was not. */
    record RolledBack(ApplyReport report, Map<String, List<String>> undone, Map<String, List<String>> remains)
            implements
                CommandOutcome,
                Displayable {
        @Override
        public boolean failed() { return true; }

        @Override
        public String failureSummary() {
            return report.failureSummary() + "; " + rollbackSummary(false);
        }

        /** What was rolled back and what remains, by node; {@code whole}: with what remains written out. */
        String rollbackSummary(boolean whole) {
            StringBuilder sb = new StringBuilder(undone.isEmpty()
                    ? "nothing to roll back"
                    : "rolled back on " + String.join(", ", undone.keySet()));
            if (remains.isEmpty()) return sb.toString();
            if (!whole)
                return sb.append("; remains on ").append(String.join(", ", remains.keySet())).append(" (see above)")
                        .toString();
            remains.forEach((n, cmds) -> sb.append("; remains on ").append(n).append(" (undo by hand or re-run): ")
                    .append(String.join("; ", cmds)));
            return sb.toString();
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder(report.text()).append('\n');
            undone.forEach(
                    (n, cmds) -> sb.append(n).append(": rolled back: ").append(String.join("; ", cmds)).append('\n'));
            remains.forEach((n, cmds) -> sb.append(n).append(": remains (undo by hand or re-run): ")
                    .append(String.join("; ", cmds)).append('\n'));
            return sb.toString().stripTrailing();
        }

        @Override
        public Object data() {
            return Map.of("nodes", report.nodes(), "rolledBack", undone, "remains", remains);
        }
    }

    /**
     * Applies the plan; when a node fails, undoes on every node it touched what its applied steps created or
     * changed, newest first (ports before their bridge, a namespace after what was in it). Each planner attaches the
     * undo of its steps ({@link Step#undoneBy}, {@link Step#creating}); a step without one whose object is not
     * removed is reported as left behind. Ctrl-C is a failure too: what ran is undone (the steps that were under way
     * first, each on its own and failing harmlessly if it never ran), and then it fails as interrupted, saying what
     * was rolled back.
     */
    public static Object applyOrRollBack(Context ctx, Plan plan) {
        ChangeGuard guard = ctx.session().changeGuard();
        ChangeGuard.Guarded guarded = guard == null || plan.isEmpty() ? null : guard.begin(ctx, plan);
        if (guarded != null) plan = guarded.plan(); // with the rollback armed first on each node
        PlanRun.Applied applied = PlanRun.run(ctx, plan);
        ApplyReport report = applied.report();
        if (guarded != null && report.ok() && !report.dryRun()) guarded.applied(ctx, report);
        if (report.ok() || report.dryRun()) return report;
        // The rollback runs whole after a Ctrl-C (the interrupt is kept for the caller, who then stops).
        Plan ran = plan;
        RolledBack rolledBack = AfterCtrlC.cleanUp(() -> {
            RolledBack r = rollBack(ctx, ran, applied);
            if (guarded != null) guarded.failed(ctx);
            return r;
        });
        if (Thread.currentThread().isInterrupted())
            throw new CommandFailed("interrupted; " + rolledBack.rollbackSummary(true));
        return rolledBack;
    }

    private static RolledBack rollBack(Context ctx, Plan plan, PlanRun.Applied applied) {
        ApplyReport report = applied.report();
        Plan undo = new Plan();
        Plan underWay = new Plan();
        Map<String, List<String>> remains = new LinkedHashMap<>();
        for (ApplyReport.NodeApply n : report.nodes()) {
            List<Step> maybe = applied.underWay().getOrDefault(n.node(), List.of());
            if (n.applied() == 0 && n.ok() && maybe.isEmpty()) continue;
            List<Step> ran = new ArrayList<>(plan.stepsFor(n.node()).subList(0, n.applied()));
            Set<String> removed = new LinkedHashSet<>();
            undo.addAll(n.node(), inverses(ran, removed));
            underWay.addAll(n.node(), inverses(maybe, removed));
            ran.addAll(maybe);
            List<String> left = new ArrayList<>();
            for (Step s : ran) {
                String text = ApplyReport.commandText(s);
                if (!removed.contains(text) && s.argv().stream().noneMatch(removed::contains)) left.add(text);
            }
            if (!left.isEmpty()) remains.put(n.node(), left);
        }
        Map<String, List<String>> done = new LinkedHashMap<>();
        undoEach(ctx, underWay).forEach((node, shown) -> done.computeIfAbsent(node, k -> new ArrayList<>())
                .addAll(shown));
        ApplyReport undone = PlanRun.run(ctx, undo).report();
        for (ApplyReport.NodeApply n : undone.nodes()) {
            if (n.total() == 0) continue;
            if (n.ok())
                done.computeIfAbsent(n.node(), k -> new ArrayList<>())
                        .addAll(undo.stepsFor(n.node()).stream().map(Changes::shown).toList());
            else
                remains.computeIfAbsent(n.node(), k -> new ArrayList<>())
                        .add("undo failed at " + n.failedStep() + ": " + n.error());
        }
        return new RolledBack(report, done, remains);
    }

    /** The undo steps of {@code steps}, newest first; what they remove is added to {@code removed}. */
    private static List<Step> inverses(List<Step> steps, Set<String> removed) {
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s.undo() == null) continue;
            out.add(0, s.undo());
            removed.add(ApplyReport.commandText(s));
            if (s.creates() != null) removed.add(s.creates());
        }
        return out;
    }

    /**
     * The undo of steps that were under way when their node was cut short: each on its own, a failure meaning that
     * the step never ran; per node, the undo steps that did something.
     */
    private static Map<String, List<String>> undoEach(Context ctx, Plan undo) {
        Map<String, List<String>> done = new LinkedHashMap<>();
        if (undo.isEmpty()) return done;
        List<Node> nodes = undo.byNode().keySet().stream().map(ctx::node).toList();
        var result = ctx.session().fleet().each(nodes, n -> undo.stepsFor(n.name()).stream()
                .filter(s -> ctx.change(n, s).ok()).map(Changes::shown).toList());
        for (var o : result.outcomes()) if (o.ok() && !o.value().isEmpty()) done.put(o.node(), o.value());
        return done;
    }

    /** A step as a rollback report shows it: its command, or what it does when the command is a whole script. */
    private static String shown(Step s) {
        String text = ApplyReport.commandText(s);
        return text.contains("\n") && s.why() != null ? s.why() : text;
    }
}
