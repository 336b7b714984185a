package netshell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Golden output of gathering (clush -b): one block per distinct answer, the largest node set first. */
class GatheredOutputTest {
    @Test
    void eachDistinctAnswerOnceUnderItsFoldedNodeSet() throws Exception {
        List<FleetOutput.NodeOutput> nodes = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String name = "node" + i;
            if (i == 8) nodes.add(new FleetOutput.NodeOutput(name, 0, "Linux 5.10\n", "", null, 5));
            else if (i == 10 || i == 11)
                nodes.add(new FleetOutput.NodeOutput(name, -1, "", "", "timed out connecting to root@10.0.0.10:22"
                        + " after 10 s", 10_000));
            else if (i == 12) nodes.add(new FleetOutput.NodeOutput(name, 3, "", "oops\n", null, 5));
            else
                nodes.add(new FleetOutput.NodeOutput(name, 0, "Linux 6.1\n", "", null, 5));
        }
        GatheredOutput gathered = new FleetOutput(nodes).gathered();
        assertEquals(Files.readString(Path.of("src/test/resources/gather/two-answers.expected")).strip(),
                gathered.text());
        assertTrue(gathered.failed());
        assertEquals(12, ((List<?>) gathered.data()).size(), "--json keeps one record per node");
    }

    @Test
    void streamedLinesAreGatheredByNode() {
        List<String> lines = List.of("node1| a", "node2| a", "node3| b", "node1| x", "node2| x", "3 of 3 done");
        assertEquals(List.of("---------------", "node[1-2] (2)", "---------------", "a", "x", "---------------",
                "node3 (1)", "---------------", "b", "3 of 3 done"), GatheredOutput.gatherLines(lines));
    }
}
