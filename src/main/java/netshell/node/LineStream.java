package netshell.node;

/** A long-running command whose output lines are being delivered; cancel() must kill it on the node. */
public interface LineStream extends AutoCloseable {
    /** Kills the command on the node (no process may be left behind) and stops delivery. Idempotent. */
    void cancel();

    /** Waits until the command ends by itself or is cancelled; returns its exit status (-1 when cancelled). */
    int waitFor() throws InterruptedException;

    @Override
    default void close() { cancel(); }
}
