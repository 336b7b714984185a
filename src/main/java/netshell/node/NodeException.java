package netshell.node;

/** A node could not run a command: unreachable, refused, cancelled, or the command failed. */
public class NodeException extends RuntimeException {
    private final String node;

    public NodeException(String node, String message) { this(node, message, null); }

    public NodeException(String node, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
    }

    public String node() { return node; }
}
