package netshell.command;

/**
 * One thing a result says about the topology, for a view that draws it there: a finding on a node, a pair that
 * reaches or does not, a hop of a path. {@code node} and {@code other} are node or container names.
 */
public record Mark(String kind, String node, String other, boolean ok, String text) {
    public static final String FINDING = "finding";
    public static final String PAIR = "pair";
    public static final String HOP = "hop";
}
