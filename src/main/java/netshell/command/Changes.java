package netshell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.NodeState;

/**
 * Applies a plan, and when a node fails mid-way undoes what the plan created on every node it touched:
 * devices it added ({@code ip link add NAME}), namespaces it added and Docker networks it created,
 * when they did not exist before. Changes to things that already existed are listed as what remains.
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

    /** A plan whose steps create no devices or namespaces: only their own inverses are undone. */
    public static Object applyOrRollBack(Context ctx, Plan plan) {
        return applyOrRollBack(ctx, plan, Map.of());
    }

    /** {@code before}: each node's state before the change, to tell what the plan created from what was there. */
    public static Object applyOrRollBack(Context ctx, Plan plan, Map<String, NodeState> before) {
        ChangeGuard guard = ctx.session().changeGuard();
        ChangeGuard.Guarded guarded = guard == null || plan.isEmpty() ? null : guard.begin(ctx, plan);
        if (guarded != null) plan = guarded.plan(); // with the rollback armed first on each node
        ApplyReport report = ctx.runPlan(plan);
        if (guarded != null && report.ok() && !report.dryRun()) guarded.applied(ctx, report);
        if (report.ok() || report.dryRun()) return report;
        List<String> touched = report.nodes().stream().filter(n -> n.applied() > 0 || !n.ok())
                .map(ApplyReport.NodeApply::node).toList();
        Map<String, NodeState> after = NodeStates.readAll(ctx, touched.stream().map(ctx::node).toList());
        Plan undo = new Plan();
        Map<String, List<String>> remains = new LinkedHashMap<>();
        for (ApplyReport.NodeApply n : report.nodes()) {
            if (!touched.contains(n.node())) continue;
            NodeState was = before.getOrDefault(n.node(), NodeState.empty());
            NodeState now = after.get(n.node());
            List<Step> ran = plan.stepsFor(n.node()).subList(0, n.applied());
            Set<String> removed = new LinkedHashSet<>();
            List<Step> links = new ArrayList<>();
            List<Step> bridges = new ArrayList<>();
            List<Step> namespaces = new ArrayList<>();
            List<Step> inverses = new ArrayList<>();
            for (Step s : ran) {
                List<String> a = s.argv();
                if (s.undo() != null) {
                    inverses.add(0, s.undo()); // newest first
                    removed.add(ApplyReport.commandText(s));
                } else if (a.size() > 3 && a.get(0).equals("ip") && a.get(1).equals("link") && a.get(2).equals("add")) {
                    String dev = a.get(3);
                    if (was.link(dev).isEmpty() && now.link(dev).isPresent()) {
                        boolean bridge = a.contains("bridge");
                        (bridge ? bridges : links).add(Step.of("undo: remove " + dev, "ip", "link", "del", dev));
                        removed.add(dev);
                    }
                } else if (a.indexOf("netns") > 0 && a.indexOf("netns") + 2 < a.size()
                        && a.get(a.indexOf("netns") + 1).equals("add")) {
                    // `[nsenter --mount=…] ip netns add NS`: undone with the same prefix
                    int at = a.indexOf("netns");
                    String ns = a.get(at + 2);
                    if (!was.namespaces().contains(ns) && now.namespaces().contains(ns)) {
                        List<String> del = new ArrayList<>(a.subList(0, at + 1));
                        del.addAll(List.of("del", ns));
                        namespaces.add(new Step(del, null, "undo: remove namespace " + ns));
                        removed.add(ns);
                    }
                } else if (a.size() > 3 && a.get(0).equals("docker") && a.get(1).equals("network")
                        && a.get(2).equals("create")) {
                    String net = a.get(a.size() - 1);
                    links.add(Step.of("undo: remove Docker network " + net, "docker", "network", "rm", net));
                    removed.add(net);
                }
            }
            // Ports before bridges (a bridge's deletion would leave them unenslaved, not gone), namespaces last.
            undo.addAll(n.node(), inverses).addAll(n.node(), links).addAll(n.node(), bridges).addAll(n.node(),
                    namespaces);
            List<String> left = new ArrayList<>();
            for (Step s : ran) {
                String text = ApplyReport.commandText(s);
                if (!removed.contains(text) && s.argv().stream().noneMatch(removed::contains)) left.add(text);
            }
            if (!left.isEmpty()) remains.put(n.node(), left);
        }
        ApplyReport undone = ctx.runPlan(undo);
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
