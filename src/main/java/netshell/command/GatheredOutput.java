package netshell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.core.NodeSet;

/**
 * A fan-out's output as {@code clush -b} shows it: each distinct answer (output, then exit status or error)
 * once, headed by the folded set of nodes that gave it, the largest set first, so the one node out of 200
 * that differs stands apart. --json still gets one record per node.
 */
public record GatheredOutput(FleetOutput fleet) implements Displayable, CommandOutcome {
    /** Nodes that gave the same answer, and that answer's lines. */
    public record Group(List<String> nodes, List<String> lines) {
        public String heading() { return NodeSet.fold(nodes) + " (" + nodes.size() + ")"; }
    }

    public List<Group> groups() { return gather(fleet.nodes()); }

    static List<Group> gather(List<FleetOutput.NodeOutput> outputs) {
        Map<List<String>, List<String>> byAnswer = new LinkedHashMap<>();
        for (FleetOutput.NodeOutput n : outputs)
            byAnswer.computeIfAbsent(answer(n), k -> new ArrayList<>()).add(n.node());
        return byAnswer.entrySet().stream().map(e -> new Group(List.copyOf(e.getValue()), e.getKey()))
                .sorted((a, b) -> b.nodes().size() - a.nodes().size()).toList();
    }

    /** Gathers text lines of the form {@code node| text} (what --stream prints); other lines are kept apart. */
    public static List<String> gatherLines(List<String> lines) {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (String line : lines) {
            int bar = line.indexOf("| ");
            if (bar > 0 && !line.substring(0, bar).contains(" "))
                byNode.computeIfAbsent(line.substring(0, bar), k -> new ArrayList<>()).add(line.substring(bar + 2));
            else
                other.add(line);
        }
        Map<List<String>, List<String>> byAnswer = new LinkedHashMap<>();
        byNode.forEach((node, answer) -> byAnswer.computeIfAbsent(answer, k -> new ArrayList<>()).add(node));
        List<Group> groups = byAnswer.entrySet().stream().map(e -> new Group(List.copyOf(e.getValue()), e.getKey()))
                .sorted((a, b) -> b.nodes().size() - a.nodes().size()).toList();
        List<String> out = new ArrayList<>(render(groups).lines().toList());
        out.addAll(other);
        return out;
    }

    private static List<String> answer(FleetOutput.NodeOutput n) {
        List<String> lines = new ArrayList<>(n.stdout().lines().toList());
        lines.addAll(n.stderr().lines().toList());
        if (n.error() != null) lines.add("error: " + n.error());
        else if (n.exit() != 0) lines.add("exit status " + n.exit());
        return lines;
    }

    static String render(List<Group> groups) {
        StringBuilder sb = new StringBuilder();
        for (Group g : groups) {
            String heading = g.heading();
            String rule = "-".repeat(Math.max(15, heading.length()));
            sb.append(rule).append('\n').append(heading).append('\n').append(rule).append('\n');
            g.lines().forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(render(groups()));
        List<String> failed = fleet.failedNodes();
        if (!failed.isEmpty() && fleet.nodes().size() > 1)
            sb.append(fleet.summary(failed)).append('\n');
        return sb.toString().stripTrailing();
    }

    @Override
    public Object data() { return fleet.data(); }
    @Override
    public boolean failed() { return fleet.failed(); }
    @Override
    public String failureSummary() { return fleet.failureSummary(); }
}
