package netshell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.kernel.NodeState;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.node.Outcome;

/**
 * The one place that reads a node's kernel state (devices, FDB, addresses, namespaces) for planners
 * and views. Reads go through {@link Context#read}, so --explain shows them and a dry run still does them.
 */
public final class NodeStates {
    public static final List<String> LINKS = List.of("ip", "-j", "-d", "link");
    static final List<String> FDB = List.of("bridge", "-j", "fdb");
    public static final List<String> ADDRS = List.of("ip", "-j", "addr");
    static final List<String> NETNS = List.of("ip", "-j", "netns", "list");
    static final List<String> NEIGH = List.of("ip", "-j", "neigh", "show", "nud", "permanent");

    private NodeStates() {}

    /** The commands whose outputs make a node's state, in {@link NodeState#parse}'s order. */
    public static final List<List<String>> READS = List.of(LINKS, FDB, ADDRS, NETNS, NEIGH);

    /** One node's state, in one round trip; CommandFailed names the node and the command that could not be read. */
    public static NodeState read(Context ctx, Node node) {
        List<ExecResult> r = ctx.readEach(node, READS);
        for (ExecResult x : r) {
            if (!x.ok()) {
                throw new CommandFailed(node.name() + ": " + String.join(" ", x.argv()) + ": " + x.firstErrorLine());
            }
        }
        try {
            return parse(r);
        } catch (IllegalStateException e) {
            throw new CommandFailed(node.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * One node's state for diagnosis: a read that fails counts as empty output, and null stands for output
     * that cannot be parsed, so that doctor can still report on a node it can only partly read.
     */
    public static NodeState readLeniently(Context ctx, Node node) {
        return leniently(ctx.readEach(node, READS));
    }

    /** As {@link #readLeniently}, from the results of {@link #READS} read along with other commands. */
    public static NodeState leniently(List<ExecResult> reads) {
        try {
            return parse(reads.stream().map(r -> r.ok()
                    ? r
                    : new ExecResult(r.node(), r.argv(), 0, "", "",
                            r.duration()))
                    .toList());
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static NodeState parse(List<ExecResult> r) {
        return NodeState.parse(r.get(0).stdout(), r.get(1).stdout(), r.get(2).stdout(), r.get(3).stdout(),
                r.get(4).stdout());
    }

    /** Every node's state, read in parallel, in the nodes' order; fails as a whole when one node cannot be read. */
    public static Map<String, NodeState> readAll(Context ctx, List<Node> nodes) {
        // Explained reads are shown in node order, so --explain output is stable.
        FleetResult<NodeState> r = ctx.explain()
                ? sequential(ctx, nodes)
                : ctx.session().fleet().each(nodes, n -> read(ctx, n));
        Map<String, NodeState> out = new LinkedHashMap<>();
        for (var o : r.outcomes()) {
            if (!o.ok()) {
                throw new CommandFailed(
                        "cannot read the state of " + o.node() + ": " + o.error() + " (nothing was changed)");
            }
            out.put(o.node(), o.value());
        }
        return out;
    }

    /** One node after the other, so that --explain lines do not interleave. */
    private static FleetResult<NodeState> sequential(Context ctx, List<Node> nodes) {
        List<Outcome<NodeState>> out = new ArrayList<>();
        for (Node n : nodes) out.addAll(ctx.session().fleet().each(List.of(n), x -> read(ctx, x)).outcomes());
        return new FleetResult<>(out);
    }
}
