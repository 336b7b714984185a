package netshell.core;

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
}
