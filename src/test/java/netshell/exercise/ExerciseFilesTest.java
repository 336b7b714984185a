package netshell.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.command.Target;
import netshell.core.BadInput;
import netshell.exercise.plan.Exercise;
import netshell.testing.TestShell;

/** Exercise files read through the session's Groovy reader, without a lab: the shipped six, and broken ones. */
class ExerciseFilesTest {
    private static final TestShell SHELL = TestShell.on(Target.dryRun(3));

    @AfterAll
    static void close() { SHELL.close(); }

    @Test
    void theSixShippedExercisesRead() {
        List<Path> files = ExerciseFiles.in(ExerciseFiles.SHIPPED);
        assertEquals(List.of("dead-backend", "fdb", "firewall", "mtu", "rp-filter", "vni"),
                files.stream().map(f -> f.getFileName().toString().replace(".groovy", "")).toList());
        for (Path f : files) {
            Exercise ex = ExerciseFiles.load(SHELL.session(), f);
            assertFalse(ex.setup().isEmpty(), f + ": set-up");
            assertEquals(1, ex.plants().size(), f + ": one fault");
            assertTrue(ex.checks().stream().anyMatch(c -> c.text().equals("doctor clean")), f + ": doctor clean");
            assertFalse(ex.hints().isEmpty(), f + ": hints");
            assertFalse(ex.solution().isEmpty(), f + ": solution");
        }
        assertEquals(List.of("scripts/exercises/dead-backend.groovy", "scripts/exercises/fdb.groovy",
                "scripts/exercises/firewall.groovy", "scripts/exercises/mtu.groovy",
                "scripts/exercises/rp-filter.groovy",
                "scripts/exercises/vni.groovy"), ExerciseFiles.completions());
        for (List<String> before : List.of(List.of("exercise", "start"), List.of("grade"))) {
            List<String> offered = new netshell.shell.ShellCompleter(SHELL.session()).suggest(before).stream()
                    .map(netshell.shell.ShellCompleter.Suggestion::value).toList();
            assertTrue(offered.contains("scripts/exercises/mtu.groovy"), before + " → " + offered);
        }
    }

    @Test
    void aFileMayComputeWhatItDeclares(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("loop.groovy");
        Files.writeString(f, """
                def nodes = (1..3).collect { "node$it" }
                exercise {
                    goal "reach ${nodes.size()} nodes"
                    setup { nodes.each { n -> run "container run web${n[-1]} --on $n" } }
                    check 'pingall'
                }
                """);
        Exercise ex = ExerciseFiles.load(SHELL.session(), f);
        assertEquals("loop", ex.name());
        assertEquals("reach 3 nodes", ex.goal());
        assertEquals(List.of("container run web1 --on node1", "container run web2 --on node2",
                "container run web3 --on node3"), ex.setup());
    }

    @Test
    void brokenFilesAreOneLineNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.groovy");
        Files.writeString(f, "exercise {\n    goal 'g'\n    chekc 'pingall'\n}\n");
        assertEquals(f + ":3: no 'chekc' in an exercise (did you mean 'check'?) (it takes name, title, goal, setup,"
                + " plant, hint, check, solution)",
                assertThrows(BadInput.class, () -> ExerciseFiles.load(SHELL.session(), f)).getMessage());
        Files.writeString(f, "exercise {\n    goal 'g'\n    check 'pingall'\n    x = 1 / 0\n}\n");
        assertEquals(f + ":4: Division by zero",
                assertThrows(BadInput.class, () -> ExerciseFiles.load(SHELL.session(), f)).getMessage());
        Files.writeString(f, "exercise {\n  goal 'g' +\n");
        String syntax = assertThrows(BadInput.class, () -> ExerciseFiles.load(SHELL.session(), f)).getMessage();
        assertTrue(syntax.startsWith(f + ": ") && !syntax.contains("\n"), syntax);
        assertEquals(dir.resolve("none.groovy") + ": no such file", assertThrows(BadInput.class,
                () -> ExerciseFiles.load(SHELL.session(), dir.resolve("none.groovy"))).getMessage());
    }

    @Test
    void withoutAnExerciseUnderWayTheCommandsSaySoInOneLine() {
        System.setProperty("netshell.exercises", SHELL_STATE.toString());
        for (String verb : List.of("check", "hint", "solution", "stop")) {
            TestShell.Run r = SHELL.run("exercise " + verb);
            assertEquals(2, r.status(), verb);
            assertEquals("netshell: exercise " + verb + ": no exercise under way on this target ('exercise start FILE'"
                    + " starts one)\n", r.err(), verb);
        }
        TestShell.Run r = SHELL.run("exercise start scripts/exercises/mtu.groovy --dry-run");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("it has no dry run"), r.err());
    }

    private static final Path SHELL_STATE = Path.of(System.getProperty("java.io.tmpdir"),
            "netshell-exercise-files-test-" + ProcessHandle.current().pid());
}
