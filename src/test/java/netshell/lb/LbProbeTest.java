package netshell.lb;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Parsing one curl run of many requests, and the histogram and p-value built from it. */
class LbProbeTest {

    @Test
    void answersAreSplitAtTheMarkers() {
        String out = "backend 1\n\n#netshell-answer 200\nbackend 2\n\n#netshell-answer 200\n\n#netshell-answer 000\n"
                + "two\nlines\n#netshell-answer 200\n<h1>oops</h1>\n#netshell-answer 503\n";
        assertEquals(List.of("backend 1", "backend 2", "(no answer) 000", "two\nlines", "(no answer) 503"),
                LbProbe.parse(out));
        assertEquals(List.of(), LbProbe.parse(""));
    }

    @Test
    void histogramCountsAnswersAndMissingBackendsCountAsZero() {
        var even = LbTestReport.of("v", "node1", List.of("a", "b", "a", "b"), 2);
        assertEquals(1.0, even.pValue(), 1e-12);
        assertEquals(2, even.rows().size());
        var oneSilent = LbTestReport.of("v", "node1", Collections.nCopies(100, "a"), 2);
        assertTrue(oneSilent.pValue() < 1e-10, "a backend that never answers makes the split uneven");
        assertTrue(oneSilent.text().contains("NOT even"), oneSilent.text());
        var failures = LbTestReport.of("v", "node1", List.of("(no answer) 000", "(no answer) 000"), 2);
        assertEquals(0.0, failures.pValue());
    }

    @Test
    void barsScaleToTwentyCells() {
        assertEquals("##########..........", LbReport.bar(0.5));
        assertEquals("....................", LbReport.bar(0));
        assertEquals("####################", LbReport.bar(1.5));
    }
}
