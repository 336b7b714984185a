package netshell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.Plan;
import netshell.core.Step;

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
            StringBuilder sb = new StringBuilder(report.failureSummary());
            sb.append(undone.isEmpty()
                    ? "; nothing to roll back"
                    : "; rolled back on " + String.join(", ", undone.keySet()));
            if (!remains.isEmpty())
                sb.append("; remains on ").append(String.join(", ", remains.keySet())).append(" (see above)");
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
     * removed is reported as left behind.
     */
    public static Object applyOrRollBack(Context ctx, Plan plan) {
        ChangeGuard guard = ctx.session().changeGuard();
        ChangeGuard.Guarded guarded = guard == null || plan.isEmpty() ? null : guard.begin(ctx, plan);
        if (guarded != null) plan = guarded.plan(); // with the rollback armed first on each node
        ApplyReport report = ctx.runPlan(plan);
        if (guarded != null && report.ok() && !report.dryRun()) guarded.applied(ctx, report);
        if (report.ok() || report.dryRun()) return report;
        Plan undo = new Plan();
        Map<String, List<String>> remains = new LinkedHashMap<>();
        for (ApplyReport.NodeApply n : report.nodes()) {
            if (n.applied() == 0 && n.ok()) continue;
            List<Step> ran = plan.stepsFor(n.node()).subList(0, n.applied());
            Set<String> removed = new LinkedHashSet<>();
            List<Step> inverses = new ArrayList<>();
            for (Step s : ran) {
                if (s.undo() == null) continue;
                inverses.add(0, s.undo()); // newest first
                removed.add(ApplyReport.commandText(s));
                if (s.creates() != null) removed.add(s.creates());
            }
            undo.addAll(n.node(), inverses);
            List<String> left = new ArrayList<>();
            for (Step s : ran) {
                String text = ApplyReport.commandText(s);
                if (!removed.contains(text) && s.argv().stream().noneMatch(removed::contains)) left.add(text);
            }
            if (!left.isEmpty()) remains.put(n.node(), left);
        }
        ApplyReport undone = ctx.runPlan(undo);
        if (guarded != null && !report.dryRun()) guarded.failed(ctx);
        Map<String, List<String>> done = new LinkedHashMap<>();
        for (ApplyReport.NodeApply n : undone.nodes()) {
            if (n.total() == 0) continue;
            if (n.ok()) done.put(n.node(), undo.stepsFor(n.node()).stream().map(Changes::shown).toList());
            else
                remains.computeIfAbsent(n.node(), k -> new ArrayList<>())
                        .add("undo failed at " + n.failedStep() + ": " + n.error());
        }
        return new RolledBack(report, done, remains);
    }

    /** A step as a rollback report shows it: its command, or what it does when the command is a whole script. */
    private static String shown(Step s) {
        String text = ApplyReport.commandText(s);
        return text.contains("\n") && s.why() != null ? s.why() : text;
    }
}
