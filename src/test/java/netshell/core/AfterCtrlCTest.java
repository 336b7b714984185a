package netshell.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A clean-up's wait after Ctrl-C: to the end or the limit, through a second Ctrl-C, which is kept. */
class AfterCtrlCTest {
    @AfterEach
    void clear() {
        Thread.interrupted();
    }

    @Test
    void waitsUntilDoneThoughTheCallerIsInterruptedAndKeepsTheInterrupt() {
        AtomicInteger asked = new AtomicInteger();
        Thread.currentThread().interrupt(); // the first Ctrl-C, the one the clean-up follows
        assertTrue(AfterCtrlC.await(() -> asked.incrementAndGet() >= 5, 10_000));
        assertTrue(asked.get() >= 5, "asked " + asked.get() + " times");
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
    }

    @Test
    void aSecondCtrlCDoesNotCutTheWaitShort() {
        Thread caller = Thread.currentThread();
        long start = System.nanoTime();
        AtomicInteger asked = new AtomicInteger();
        boolean done = AfterCtrlC.await(() -> {
            if (asked.incrementAndGet() == 2) caller.interrupt();
            return System.nanoTime() - start > 100_000_000L;
        }, 10_000);
        assertTrue(done);
        assertTrue(System.nanoTime() - start > 100_000_000L, "waited on after the second interrupt");
        assertTrue(Thread.interrupted(), "the second interrupt is kept for the caller");
    }

    @Test
    void givesUpAtItsLimit() {
        long start = System.nanoTime();
        assertFalse(AfterCtrlC.await(() -> false, 50));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took >= 50, took + " ms");
        assertFalse(Thread.interrupted());
    }
}
