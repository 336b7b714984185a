package netshell.lb.rules;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

    @Test
    void criticalValuesGiveFivePercent() {
        assertEquals(0.05, ChiSquare.upperTail(3.841458820694124, 1), 1e-9);
        assertEquals(0.05, ChiSquare.upperTail(14.067140449340169, 7), 1e-9);
        assertEquals(0.01, ChiSquare.upperTail(6.6348966010212145, 1), 1e-9);
        assertEquals(0.05, ChiSquare.upperTail(3.84, 1), 1e-3);
        assertEquals(0.05, ChiSquare.upperTail(14.07, 7), 1e-3);
    }

    @Test
    void knownValuesAcrossBothBranches() {
        // df=2 has a closed form: exp(-x/2).
        for (double x : new double[]{0.1, 1, 2.5, 10, 40})
            assertEquals(Math.exp(-x / 2), ChiSquare.upperTail(x, 2), 1e-12);
        assertEquals(0.3916251762710877, ChiSquare.upperTail(3, 3), 1e-12); // series branch
        // df=4 closed form: exp(-x/2) (1 + x/2); x=30 takes the continued-fraction branch.
        assertEquals(Math.exp(-15) * 16, ChiSquare.upperTail(30, 4), 1e-17);
        assertEquals(Math.exp(-1) * 2, ChiSquare.upperTail(2, 4), 1e-14);
    }

    @Test
    void zeroStatisticMeansCertain() {
        assertEquals(1.0, ChiSquare.upperTail(0, 3));
        assertEquals(1.0, ChiSquare.pValue(new long[]{250, 250, 250, 250}));
    }

    @Test
    void statisticAgainstEvenSplit() {
        assertEquals(4.0, ChiSquare.statistic(new long[]{60, 40}), 1e-12); // (10²/50) * 2
        assertEquals(ChiSquare.upperTail(4.0, 1), ChiSquare.pValue(new long[]{60, 40}), 1e-15);
    }

    @Test
    void naiveLadderIsCaughtEvenLadderIsNot() {
        assertTrue(ChiSquare.pValue(new long[]{3333, 2222, 4445}) < 1e-6);
        assertTrue(ChiSquare.pValue(new long[]{3350, 3300, 3350}) > 0.5);
    }

    @Test
    void logGammaMatchesFactorials() {
        assertEquals(Math.log(120), ChiSquare.logGamma(6), 1e-12);
        assertEquals(0.5 * Math.log(Math.PI), ChiSquare.logGamma(0.5), 1e-12);
    }

    @Test
    void rejectsUselessInput() {
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.pValue(new long[]{5}));
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.pValue(new long[]{0, 0}));
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.pValue(new long[]{-1, 3}));
    }
}
