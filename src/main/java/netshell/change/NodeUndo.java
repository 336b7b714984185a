package netshell.change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.change.plan.GroupDelta;
import netshell.change.plan.JournalRecord;
import netshell.command.ApplyReport;
import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.command.NodeLibrary;
import netshell.command.Text;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.node.Outcome;

/**
 * An unconfirmed undo, done by the nodes themselves: each checks that what the change left is still there (routes
 * line by line, asking the kernel for their prefixes only; other groups by digest), reverses the hunks and says
 * which group is not back as the change found it. No snapshot is taken around it (the journal gets the change's
 * inverse), so undoing one route on a router with a million routes reads a few lines, not the table four times.
 * With more than one node, all are checked before any is changed.
 */
final class NodeUndo {
    private NodeUndo() {}

    static Object run(Context ctx, SafeChanges guard, JournalRecord target, List<JournalRecord.NodeChange> changes) {
        guard.settle(ctx);
        List<JournalRecord.NodeChange> todo = changes.stream().filter(c -> !c.deltas().isEmpty()).toList();
        if (todo.isEmpty()) return new Text("change " + target.id() + " changed nothing to undo");
        Map<String, JournalRecord.NodeChange> byNode = new LinkedHashMap<>();
        todo.forEach(c -> byNode.put(c.node(), c));
        List<Node> nodes = byNode.keySet().stream().map(ctx::node).toList();
        if (nodes.size() > 1) {
            FleetResult<ExecResult> checks = ctx.session().fleet().each(nodes, n -> NodeLibrary.withLibrary(n,
                    () -> n.run(StateScript.undoCheck(), GroupDelta.undoInput(byNode.get(n.name()).deltas()))));
            List<String> conflicted = failures(checks, target);
            if (!conflicted.isEmpty()) return refusal(ctx, target, conflicted, byNode);
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        byNode.forEach((node, c) -> steps.put(node, new Step(StateScript.undo(), GroupDelta.undoInput(c.deltas()),
                "undo change " + target.id() + ": restore "
                        + String.join(", ", c.deltas().stream().map(GroupDelta::displayName).toList()))));
        FleetResult<ExecResult> done = ctx.session().fleet().each(nodes,
                n -> NodeLibrary.withLibrary(n, () -> ctx.change(n, steps.get(n.name()))));
        List<String> conflicted = new ArrayList<>();
        List<JournalRecord.NodeChange> journaled = new ArrayList<>();
        List<ApplyReport.NodeApply> report = new ArrayList<>();
        for (Outcome<ExecResult> o : done.outcomes()) {
            String text = SafeChanges.stepText(steps.get(o.node()));
            if (o.ok() && o.value().exit() == StateScript.CONFLICT) {
                conflicted.add(o.node());
                report.add(new ApplyReport.NodeApply(o.node(), 0, 1, text, "changed since change " + target.id()
                        + ": nothing undone here", List.of(text)));
            } else if (!o.ok() || !o.value().ok()) {
                String why = o.ok() ? o.value().firstErrorLine() : o.error();
                report.add(new ApplyReport.NodeApply(o.node(), 0, 1, text, why, List.of(text)));
            } else {
                List<String> differs = o.value().stdout().lines().filter(l -> l.startsWith("differs "))
                        .map(l -> l.substring(8).strip()).toList();
                journaled.add(new JournalRecord.NodeChange(o.node(), List.of(text), null, true,
                        inverse(byNode.get(o.node()).deltas(), differs), false));
                differs.forEach(g -> ctx.session().notice(o.node() + ": " + GroupDelta.displayName(g)
                        + " is not back as change " + target.id() + " found it (a line could not be restored)"));
                report.add(new ApplyReport.NodeApply(o.node(), 1, 1, null, null, List.of(text)));
            }
        }
        if (journaled.isEmpty() && conflicted.size() == nodes.size()) return refusal(ctx, target, conflicted, byNode);
        guard.journalUndo(ctx, target.id(), journaled);
        return new ApplyReport(report, false);
    }

    /** The reversed deltas for the journal; a group not verified back gets an unknown digest (later undos refuse). */
    private static List<GroupDelta> inverse(List<GroupDelta> deltas, List<String> differs) {
        return deltas.stream().map(GroupDelta::inverse).map(d -> differs.contains(d.group())
                ? new GroupDelta(d.group(), d.beforeLines(), d.beforeDigest(), d.afterLines(), "?", d.hunks(), null,
                        d.cut())
                : d).toList();
    }

    /** The nodes whose check found a conflict; a node that could not be checked stops the undo. */
    private static List<String> failures(FleetResult<ExecResult> checks, JournalRecord target) {
        List<String> out = new ArrayList<>();
        for (Outcome<ExecResult> o : checks.outcomes()) {
            if (o.ok() && o.value().exit() == StateScript.CONFLICT) out.add(o.node());
            else if (!o.ok() || !o.value().ok())
                throw new CommandFailed("cannot check " + o.node() + " for undo " + target.id() + ": "
                        + (o.ok() ? o.value().firstErrorLine() : o.error()) + " (nothing was changed)");
        }
        return out;
    }

    /** The difference on each conflicted node, as the journal's digests and small groups' text show it. */
    private static Object refusal(Context ctx, JournalRecord target, List<String> conflicted,
            Map<String, JournalRecord.NodeChange> byNode) {
        List<JournalRecord.NodeChange> changes = conflicted.stream().map(byNode::get).toList();
        var now = ChangeCommands.currentDigests(ctx, changes);
        List<String> lines = new ArrayList<>();
        for (JournalRecord.NodeChange c : changes) lines.addAll(Drift.of(ctx, c, now.get(c.node()), target.id()));
        return ChangeCommands.refused(target, lines);
    }
}
