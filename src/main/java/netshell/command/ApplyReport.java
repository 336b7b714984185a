package netshell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;

import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.ShellQuote;

/** What applying a plan did on each node: steps run, and the step that failed with its error. */
public record ApplyReport(List<NodeApply> nodes, boolean dryRun) implements CommandOutcome, Displayable {
    /**
     * One node's part: {@code applied} of {@code total} steps ran; {@code failedStep}/{@code error} when one failed.
     */
    public record NodeApply(String node, int applied, int total, String failedStep, String error,
            List<String> commands) {
        public boolean ok() { return error == null; }
    }

    public static ApplyReport dryRun(Plan plan) {
        List<NodeApply> out = new ArrayList<>();
        plan.byNode().forEach((node, steps) -> out.add(new NodeApply(node, 0, steps.size(), null, null,
                steps.stream().map(ApplyReport::commandText).toList())));
        return new ApplyReport(out, true);
    }

    static String commandText(Step s) {
        String line = ShellQuote.join(s.argv());
        return s.stdin() == null ? line : line + " <<'EOF'\n" + s.stdin().stripTrailing() + "\nEOF";
    }

    /** This report followed by a second one of the same command (its steps added to each node's). */
    public ApplyReport then(ApplyReport more) {
        Map<String, NodeApply> merged = new LinkedHashMap<>();
        for (NodeApply n : nodes) merged.put(n.node(), n);
        for (NodeApply m : more.nodes) {
            NodeApply n = merged.get(m.node());
            if (n == null) {
                merged.put(m.node(), m);
                continue;
            }
            List<String> commands = new ArrayList<>(n.commands());
            commands.addAll(m.commands());
            merged.put(m.node(), new NodeApply(m.node(), n.applied() + m.applied(), n.total() + m.total(),
                    n.ok() ? m.failedStep() : n.failedStep(), n.ok() ? m.error() : n.error(), commands));
        }
        return new ApplyReport(List.copyOf(merged.values()), dryRun || more.dryRun);
    }

    public boolean ok() { return nodes.stream().allMatch(NodeApply::ok); }

    public List<String> failedNodes() { return nodes.stream().filter(n -> !n.ok()).map(NodeApply::node).toList(); }

    public List<String> succeededNodes() { return nodes.stream().filter(NodeApply::ok).map(NodeApply::node).toList(); }

    public int changes() { return nodes.stream().mapToInt(NodeApply::applied).sum(); }

    @Override
    public boolean failed() { return !ok(); }

    @Override
    public String failureSummary() {
        return nodes.stream().filter(n -> !n.ok()).map(n -> n.node() + ": " + n.error())
                .collect(Collectors.joining("; "));
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (NodeApply n : nodes) {
            if (dryRun) {
                sb.append("# ").append(n.node()).append(n.commands().isEmpty() ? ": nothing to change" : "")
                        .append('\n');
                n.commands().forEach(c -> sb.append(n.node()).append("$ ").append(c).append('\n'));
            } else if (n.ok()) {
                sb.append(n.node()).append(": ")
                        .append(n.total() == 0 ? "already as planned" : n.applied() + " change(s)").append('\n');
            } else {
                sb.append(n.node()).append(": FAIL at '").append(n.failedStep()).append("': ").append(n.error())
                        .append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public Object data() { return this.nodes; }
}
