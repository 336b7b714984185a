package netshell.command;

import java.util.List;

import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * A completion source whose values come from the nodes (interfaces, VNIs, VIPs…), declared by the command whose
 * parameters complete from it ({@link CommandSpec#completing}): the read-only argvs it needs from a node, and how
 * the node's values follow from their results. The shell reads each node in the background, one round trip for
 * every source's reads, and answers Tab from memory. A union ({@code endpoint}: nodes and containers) names other
 * sources and fixed values instead, and reads nothing itself.
 */
public record LiveSource(String name, List<List<String>> reads, Values values, List<String> fixed,
        List<String> parts) {
    public LiveSource {
        reads = List.copyOf(reads);
        fixed = List.copyOf(fixed);
        parts = List.copyOf(parts);
    }

    /** The node's values from the results of {@code reads}, in their order; {@code ctx} reaches session services. */
    @FunctionalInterface
    public interface Values {
        List<String> of(List<ExecResult> results, Context ctx, Node node);
    }

    /** A source read from each node by {@code reads}. */
    public static LiveSource reading(String name, List<List<String>> reads, Values values) {
        return new LiveSource(name, reads, values, List.of(), List.of());
    }

    /** {@code fixed} values and those of the sources named {@code parts} ("node", "iface"…), at the time of asking. */
    public static LiveSource union(String name, List<String> fixed, String... parts) {
        return new LiveSource(name, List.of(), null, fixed, List.of(parts));
    }

    public boolean isUnion() { return values == null; }
}
