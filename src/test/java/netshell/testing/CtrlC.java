package netshell.testing;

import java.util.concurrent.Callable;

/** Ctrl-C in a test: the command's thread interrupted a set time after the command began, wherever it is then. */
public final class CtrlC {
    private CtrlC() {}

    /** Runs {@code command} on this thread with Ctrl-C {@code millis} after it began; what it returned or threw. */
    public static <T> T after(long millis, Callable<T> command) throws Exception {
        Thread thread = Thread.currentThread();
        Thread ctrlC = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException finishedFirst) {
                return;
            }
            thread.interrupt();
        });
        ctrlC.start();
        try {
            return command.call();
        } finally {
            ctrlC.interrupt();
            while (ctrlC.isAlive()) {
                try {
                    ctrlC.join();
                } catch (InterruptedException lateCtrlC) {
                    // it came as the command ended: the flag is cleared below
                }
            }
            Thread.interrupted();
        }
    }
}
