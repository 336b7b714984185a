package netshell.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Golden data for the node-set parser and folder (src/test/resources/nodeset). */
class NodeSetTest {
    static final List<String> NAMES = names();
    static final Map<String, List<String>> GROUPS = Map.of(
            "web", NodeSet.expand("web[01-20]"),
            "odd", List.of("node1", "node3", "node5"));

    static List<String> names() {
        List<String> out = new ArrayList<>(NodeSet.expand("node[1-12]"));
        out.addAll(NodeSet.expand("web[01-20]"));
        out.add("db");
        return out;
    }

    @TestFactory
    Stream<DynamicTest> selectors() throws IOException {
        return golden("select.txt").map(c -> DynamicTest.dynamicTest(c[0] + " " + c[1], () -> {
            String expected = c[2];
            boolean lenient = c[0].equals("lenient");
            if (expected.startsWith("error: ")) {
                BadInput e = assertThrows(BadInput.class, () -> NodeSet.resolve(c[1], NAMES, GROUPS, lenient));
                assertTrue(e.getMessage().contains(expected.substring(7)), e.getMessage());
            } else {
                List<String> chosen = NodeSet.resolve(c[1], NAMES, GROUPS, lenient);
                assertEquals(expected, NodeSet.fold(chosen.stream().sorted().toList()));
                assertEquals(NAMES.stream().filter(chosen::contains).toList(), chosen, "fleet order");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> foldAndExpand() throws IOException {
        return golden("fold.txt").map(c -> DynamicTest.dynamicTest(c[0] + " " + c[1], () -> {
            if (c[0].equals("fold")) assertEquals(c[2], NodeSet.fold(Arrays.asList(c[1].split(","))));
            else
                assertEquals(c[2], String.join(",", NodeSet.expand(c[1])));
        }));
    }

    /** Issue 23's selector: 400 ranges of 99,999 names (40 million) in 3.2 KB, refused in one short line. */
    @org.junit.jupiter.api.Test
    void aSelectorOfMillionsIsRefusedInOneShortLine() {
        String huge = "node[" + String.join(",", java.util.Collections.nCopies(400, "1-99999")) + "]";
        BadInput e = assertThrows(BadInput.class, () -> NodeSet.resolve(huge, NAMES, GROUPS));
        assertEquals("'node[1-99999,1-99999,1-99999,1-99999,1-99999,1-99999,1-99…' names more than 100000 nodes",
                e.getMessage());
        assertEquals(100_000, NodeSet.count("node[1-100000]"));
        assertEquals(100_001, NodeSet.count(huge), "counting stops past the limit");
    }

    /** Lines "verb ARG => EXPECTED" as {verb, arg, expected}. */
    static Stream<String[]> golden(String file) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/nodeset", file)).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
                    String[] sides = l.split("=>", 2);
                    String[] left = sides[0].strip().split("\\s+", 2);
                    return new String[]{left[0], left[1].strip(), sides[1].strip()};
                });
    }
}
