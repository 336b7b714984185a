package netshell.command;

/**
 * A result with its own text form (a diagram, per-node output) and a data form for --json and | table.
 */
public interface Displayable {
    /** Plain text, without colour codes; lines separated by \n. */
    String text();

    /** What --json prints: records, lists, maps and scalars. */
    Object data();
}
