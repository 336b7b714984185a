package netshell.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * @NeedsRoot runs its test as root and skips it for anyone else, saying why; unmarked tests always run; and it is
 * the only root check: no test asks for the user itself.
 */
class RootConditionTest {
    /** The forms root checks had before @NeedsRoot: id -u read and compared, the user's name, a helper of its own. */
    static final Pattern OWN_CHECK = Pattern
            .compile("run\\(\"id\", \"-u\"\\)\\.stdout\\(\\)|assumeRoot\\(|Root\\.assume\\("
                    + "|\"root\"\\.equals\\(System\\.getProperty\\(\"user\\.name\"\\)|geteuid");

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

    @Test
    void noOtherTestChecksForRootItself() throws IOException {
        Path tests = Path.of(System.getProperty("user.dir"), "src/test/java");
        try (Stream<Path> files = Files.walk(tests)) {
            List<String> own = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().startsWith("RootCondition"))
                    .filter(f -> OWN_CHECK.matcher(read(f)).find()).map(f -> tests.relativize(f).toString()).toList();
            assertEquals(List.of(), own, "check root with @NeedsRoot (netshell.testing), not by hand");
        }
        assertTrue(OWN_CHECK.matcher("String uid = LOCAL.run(\"id\", \"-u\").stdout().strip();").find());
        assertTrue(OWN_CHECK.matcher("TestLabs.assumeRoot();").find());
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
