package netshell.node;

/**
 * A command stopped by the caller (Ctrl-C): its processes are killed, and what it had printed by then is kept, so
 * that a cancelled command's output is shown rather than lost.
 */
public final class CommandCancelled extends NodeException {
    private final ExecResult partial;

    public CommandCancelled(String node, ExecResult partial, Throwable cause) {
        super(node, "cancelled", cause);
        this.partial = partial;
    }

    /** The output up to the cancellation (exit -1). */
    public ExecResult partial() { return partial; }
}
