package netshell.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** @NeedsRoot runs its test as root and skips it for anyone else, saying why; unmarked tests always run. */
class RootConditionTest {
    @NeedsRoot("ip netns, sshd")
    void marked() {}

    static Optional<NeedsRoot> mark() throws NoSuchMethodException {
        return Optional.of(RootConditionTest.class.getDeclaredMethod("marked").getAnnotation(NeedsRoot.class));
    }

    @Test
    void skipsForOthersWithTheReasonAndRunsForRoot() throws Exception {
        ConditionEvaluationResult user = RootCondition.evaluate(mark(), "1000");
        assertTrue(user.isDisabled());
        assertEquals(Optional.of("skipped: needs root (ip netns, sshd); id -u is 1000"), user.getReason());
        assertFalse(RootCondition.evaluate(mark(), "0").isDisabled());
        assertFalse(RootCondition.evaluate(Optional.empty(), "1000").isDisabled());
    }

    @Test
    @NeedsRoot
    void aMarkedTestRunsOnlyAsRoot() {
        assertEquals("0", RootCondition.uid(), "ran although id -u is not 0");
    }
}
