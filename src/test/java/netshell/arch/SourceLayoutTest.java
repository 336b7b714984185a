package netshell.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every line of the Java sources is at most {@value #MAX_COLUMNS} columns: the formatter (spotless:check) wraps
 * code but neither string literals nor comments, so a long one gets through it. A failure names each line over as
 * {@code file:line (N columns)}; columns are characters (code points), so 'é' or '—' counts one.
 */
class SourceLayoutTest {
    static final int MAX_COLUMNS = 120;
    static final List<String> SOURCES = List.of("src/main/java", "src/test/java");

    @Test
    void everyLineIsWithin120Columns() throws IOException {
        Path basedir = Path.of(System.getProperty("user.dir"));
        List<String> over = new ArrayList<>();
        for (String sources : SOURCES) {
            Path dir = basedir.resolve(sources);
            assertTrue(Files.isDirectory(dir), dir + " is not a directory: run from the Maven basedir");
            over.addAll(longLines(basedir, dir));
        }
        assertTrue(over.isEmpty(), () -> "lines over " + MAX_COLUMNS + " columns (" + over.size()
                + "); split the string with + or rewrap the comment:\n" + String.join("\n", over) + "\n");
    }

    @Test
    void aLongLineIsNamedWithItsFileLineAndWidth(@TempDir Path basedir) throws IOException {
        Path dir = Files.createDirectories(basedir.resolve("src/main/java/x"));
        Files.writeString(dir.resolve("A.java"), "class A {\n" + "    // " + "—".repeat(MAX_COLUMNS - 7) + "\n"
                + "    // " + "—".repeat(MAX_COLUMNS - 6) + "\n}\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes.txt"), "x".repeat(MAX_COLUMNS + 1) + "\n");
        assertEquals(List.of("src/main/java/x/A.java:3 (121 columns)"),
                longLines(basedir, basedir.resolve("src/main/java")));
    }

    /** The lines over {@link #MAX_COLUMNS} of the .java files under {@code dir}, as "file:line (N columns)". */
    static List<String> longLines(Path basedir, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && Files.isRegularFile(f)).sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    int columns = lines.get(i).codePointCount(0, lines.get(i).length());
                    if (columns > MAX_COLUMNS)
                        out.add(basedir.relativize(file).toString().replace('\\', '/') + ":" + (i + 1) + " ("
                                + columns + " columns)");
                }
            }
        }
        return out;
    }
}
