package netshell.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits for something to happen by asking again every {@value #POLL_MS} ms until a deadline, instead of a fixed
 * sleep: fast when the machine is, patient when it is loaded. The deadline is {@link TestTimeouts#scaled}.
 */
public final class Eventually {
    static final long POLL_MS = 25;

    private Eventually() {}

    /** What is asked again and again; it may throw, which ends the wait at once. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /** Returns as soon as {@code done} holds; fails with {@code what} once {@code within} (scaled) has passed. */
    public static void until(Duration within, BooleanSupplier done, String what) {
        until(within, done::getAsBoolean, ok -> ok, what);
    }

    /**
     * Asks {@code probe} until its answer passes {@code done} and returns that answer; once {@code within}
     * (scaled) has passed, fails with {@code what} and the last answer.
     */
    public static <T> T until(Duration within, Probe<T> probe, Predicate<? super T> done, String what) {
        Duration limit = TestTimeouts.scaled(within);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T seen = ask(probe, what);
            if (done.test(seen)) return seen;
            if (System.nanoTime() - deadline > 0)
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what
                        + (seen instanceof Boolean ? "" : "; last seen: " + seen));
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    private static <T> T ask(Probe<T> probe, String what) {
        try {
            return probe.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting: " + what, e);
        } catch (Exception e) {
            throw new AssertionError("while waiting for " + what + ": " + e, e);
        }
    }
}
