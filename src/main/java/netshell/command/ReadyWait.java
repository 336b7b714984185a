package netshell.command;

import netshell.node.NodeException;

/**
 * The wait after a change is made for what it started to answer (a container's server): Ctrl-C there says that the
 * change was made and whole, rather than a bare "cancelled" that leaves the user guessing.
 */
public final class ReadyWait {
    /** Whether it answered in time; it may be interrupted. */
    public interface Check {
        boolean ready() throws InterruptedException;
    }

    private ReadyWait() {}

    /** {@code made}: what the change made, as the interrupted command says it ("web1 is made on node1"). */
    public static boolean await(String made, Check check) {
        try {
            return check.ready();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NodeException e) {
            if (!Thread.currentThread().isInterrupted()) throw e;
        }
        throw new CommandFailed("interrupted; " + made + ", its server had not answered yet");
    }
}
