package netshell.command;

import java.util.ArrayList;
import java.util.List;

import netshell.core.NodeSet;

/** A raw command's output from several nodes, grouped per node with a {@code node1| } prefix (like pssh -i). */
public record FleetOutput(List<NodeOutput> nodes) implements Displayable, CommandOutcome {
    /** One node's answer: exit status (or -1 with an error when it could not run), output, time. */
    public record NodeOutput(String node, int exit, String stdout, String stderr, String error, long millis) {
        public boolean ok() { return error == null && exit == 0; }

        /** Could not connect or answer in time (ConnectTimeout, a hung sshd). */
        public boolean timedOut() {
            return error != null && error.contains("timed out");
        }
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (NodeOutput n : nodes) {
            String prefix = n.node() + "| ";
            n.stdout().lines().forEach(l -> sb.append(prefix).append(l).append('\n'));
            n.stderr().lines().forEach(l -> sb.append(prefix).append(l).append('\n'));
            if (n.error() != null) sb.append(prefix).append("error: ").append(n.error()).append('\n');
            else if (n.exit() != 0) sb.append(prefix).append("exit status ").append(n.exit()).append('\n');
        }
        List<String> failed = failedNodes();
        if (!failed.isEmpty() && nodes.size() > 1) {
            sb.append(summary(failed)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** "2 of 200 nodes failed: node[8-9] (198 ok, 1 failed, 1 timed out)". */
    String summary(List<String> failed) {
        long timedOut = nodes.stream().filter(NodeOutput::timedOut).count();
        return failed.size() + " of " + nodes.size() + " nodes failed: " + names(failed) + " (" + (nodes.size()
                - failed.size()) + " ok, " + (failed.size() - timedOut) + " failed, " + timedOut + " timed out)";
    }

    static String names(List<String> names) { return NodeSet.list(names); }

    /** The same result, shown as {@code clush -b} does: each distinct answer once under its set of nodes. */
    public GatheredOutput gathered() {
        return new GatheredOutput(this);
    }

    public List<String> failedNodes() {
        List<String> out = new ArrayList<>();
        for (NodeOutput n : nodes) if (!n.ok()) out.add(n.node());
        return out;
    }

    @Override
    public Object data() { return nodes; }
    @Override
    public boolean failed() { return !failedNodes().isEmpty(); }
    @Override
    public String failureSummary() {
        return "failed on " + names(failedNodes());
    }
}
