package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbabilityLadderTest {

    @Test
    void goldenLadders() {
        assertEquals(List.of(1.0), ProbabilityLadder.of(1));
        assertEquals(List.of(0.5, 1.0), ProbabilityLadder.of(2));
        assertEquals(List.of(1 / 3.0, 0.5, 1.0), ProbabilityLadder.of(3));
        assertEquals(List.of(0.25, 1 / 3.0, 0.5, 1.0), ProbabilityLadder.of(4));
        assertEquals(List.of(0.125, 1 / 7.0, 1 / 6.0, 0.2, 0.25, 1 / 3.0, 0.5, 1.0), ProbabilityLadder.of(8));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyBackendGetsExactlyOneNth(int n) {
        List<Double> ladder = ProbabilityLadder.of(n);
        assertEquals(n, ladder.size());
        for (int i = 0; i < n - 1; i++) assertEquals(1.0 / (n - i), ladder.get(i), 1e-15);
        assertEquals(1.0, ladder.get(n - 1));
        double[] shares = ProbabilityLadder.effectiveShares(ladder);
        for (double share : shares) assertEquals(1.0 / n, share, 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 8})
    void naiveLadderIsUnevenBeyondTwo(int n) {
        double[] shares = ProbabilityLadder.effectiveShares(ProbabilityLadder.naive(n));
        assertEquals(1.0 / n, shares[0], 1e-12, "the first rule is right");
        assertTrue(shares[n - 1] > 1.0 / n + 0.05, "the last rule gets the leftovers: " + shares[n - 1]);
        double sum = 0;
        for (double s : shares) sum += s;
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void naiveFiguresForThreeBackends() {
        double[] shares = ProbabilityLadder.effectiveShares(ProbabilityLadder.naive(3));
        assertArrayEquals(new double[]{1 / 3.0, 2 / 9.0, 4 / 9.0}, shares, 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void naiveLadderHappensToBeRightUpToTwo(int n) {
        assertEquals(ProbabilityLadder.of(n), ProbabilityLadder.naive(n));
    }

    @Test
    void formatsWithTenDecimals() {
        assertEquals("0.3333333333", ProbabilityLadder.format(1 / 3.0));
        assertEquals("0.5000000000", ProbabilityLadder.format(0.5));
        assertEquals("0.1428571429", ProbabilityLadder.format(1 / 7.0));
    }

    @Test
    void rejectsEmptyLadder() {
        assertThrows(IllegalArgumentException.class, () -> ProbabilityLadder.of(0));
        assertThrows(IllegalArgumentException.class, () -> ProbabilityLadder.naive(-1));
    }
}
