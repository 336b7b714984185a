package netshell.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Polling returns as soon as its condition holds and fails, naming what it waited for, when it never does. */
class EventuallyTest {
    @Test
    void returnsAsSoonAsTheConditionHolds() {
        AtomicInteger asked = new AtomicInteger();
        long t0 = System.nanoTime();
        int seen = Eventually.until(Duration.ofSeconds(10), asked::incrementAndGet, n -> n >= 3, "three asks");
        assertEquals(3, seen);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "did not wait out the deadline");
    }

    @Test
    void failsWithWhatItWaitedForAndTheLastAnswer() {
        withScale("1", () -> {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> Eventually.until(Duration.ofMillis(100), () -> "nope", "yes"::equals, "the answer yes"));
            assertTrue(e.getMessage().contains("the answer yes"), e.getMessage());
            assertTrue(e.getMessage().contains("last seen: nope"), e.getMessage());
            assertThrows(AssertionError.class, () -> Eventually.until(Duration.ofMillis(50), () -> false, "never"));
        });
    }

    @Test
    void timeoutsScaleWithLoadBetweenOneAndFourTimesUnlessTheyAreSet() {
        double scale = TestTimeouts.scale();
        assertTrue(scale >= 1 && scale <= TestTimeouts.MAX_SCALE, "scale " + scale);
        withScale("2.5", () -> assertEquals(Duration.ofMillis(2500), TestTimeouts.scaled(Duration.ofSeconds(1))));
        withScale("1", () -> assertEquals(700, TestTimeouts.scaledMillis(700)));
    }

    static void withScale(String scale, Runnable r) {
        String old = System.getProperty(TestTimeouts.PROPERTY);
        System.setProperty(TestTimeouts.PROPERTY, scale);
        try {
            r.run();
        } finally {
            if (old == null) System.clearProperty(TestTimeouts.PROPERTY);
            else
                System.setProperty(TestTimeouts.PROPERTY, old);
        }
    }
}
