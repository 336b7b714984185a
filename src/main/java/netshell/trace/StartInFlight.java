package netshell.trace;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's trace being set up, which taking it away waits for: the node's task can outlive a Ctrl-C (the fleet stops
 * waiting for it after a moment, and JSch swallows an interrupt while it opens a channel), and what it is making has
 * to be known before it is removed, or a rule made after the removal stays on the node.
 */
final class StartInFlight {
    /** The set-up itself. */
    interface Start {
        void run() throws InterruptedException;
    }

    private final ReentrantLock running = new ReentrantLock();
    private volatile Thread runner;

    void run(Start start) throws InterruptedException {
        running.lock();
        runner = Thread.currentThread();
        try {
            start.run();
        } finally {
            runner = null;
            running.unlock();
        }
    }

    /**
     * Interrupts a set-up under way (again and again: an interrupt may be swallowed) until it has ended, for at most
     * {@code millis}; true when none is under way now. An interrupt of the caller does not cut this short (a second
     * Ctrl-C still leaves nothing behind); it is kept for the caller.
     */
    boolean stop(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        boolean interrupted = false;
        try {
            do {
                Thread r = runner;
                if (r != null && r != Thread.currentThread()) r.interrupt();
                try {
                    if (running.tryLock(20, TimeUnit.MILLISECONDS)) {
                        running.unlock();
                        return true;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            } while (System.nanoTime() < deadline);
            return false;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
