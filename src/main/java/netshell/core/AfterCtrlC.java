package netshell.core;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Clean-up that has to run whole after Ctrl-C (taking away what a command half made, killing what it started): the
 * caller's interrupt is set aside while it runs, or its first command would be cancelled at once, and set again
 * after it for the caller, who then stops.
 */
public final class AfterCtrlC {
    private AfterCtrlC() {}

    public static void cleanUp(Runnable cleanUp) {
        cleanUp(() -> {
            cleanUp.run();
            return null;
        });
    }

    public static <T> T cleanUp(Supplier<T> cleanUp) {
        boolean interrupted = Thread.interrupted();
        try {
            return cleanUp.get();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until {@code done}, at most {@code millis}, a second Ctrl-C included: what a clean-up waits for (a
     * command ending, the tasks still making things) must have happened before it goes on, or it misses it. Whether
     * it happened in time.
     */
    public static boolean await(BooleanSupplier done, long millis) {
        return cleanUp(() -> {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            boolean again = false;
            while (!done.getAsBoolean()) {
                if (System.nanoTime() >= deadline) return false;
                try {
                    Thread.sleep(2);
                } catch (InterruptedException secondCtrlC) {
                    again = true; // still wait; kept for the caller below
                }
            }
            if (again) Thread.currentThread().interrupt();
            return true;
        });
    }
}
