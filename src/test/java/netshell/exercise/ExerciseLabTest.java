package netshell.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.command.DataView;
import netshell.exercise.plan.CheckResult;
import netshell.exercise.plan.ExerciseGrade;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * The six shipped exercises on one 3-node lab, one after another: started, each fails its checks with its fault
 * planted (doctor clean among them, read from the kernel); solved by its own solution, each passes; stopped, it
 * leaves the lab for the next. grade gives 1 on a planted lab and 0 on a healthy one.
 */
@NeedsRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExerciseLabTest {
    private TestShell shell;
    private Path state;

    @BeforeAll
    void up() throws Exception {
        state = Files.createTempDirectory("netshell-exercises");
        System.setProperty("netshell.exercises", state.toString());
        shell = TestShell.lab("nsex", 3);
    }

    @AfterAll
    void down() throws Exception {
        try {
            if (shell != null) shell.close();
        } finally {
            System.clearProperty("netshell.exercises");
            try (var files = Files.list(state)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(state);
        }
    }

    /** Each exercise and the fault kind it plants. */
    private static final Map<String, String> PLANTS = Map.of("mtu", "mtu", "vni", "wrong-vni", "firewall",
            "firewall-vxlan", "fdb", "fdb-missing", "rp-filter", "rp-filter", "dead-backend", "backend-dead");

    @Test
    void eachExerciseFailsPlantedAndPassesSolved() throws Exception {
        for (String name : List.of("mtu", "vni", "firewall", "fdb", "rp-filter", "dead-backend")) {
            List<String> before = plantedKinds();
            TestShell.Run started = ok("exercise start scripts/exercises/" + name + ".groovy");
            assertTrue(started.out().contains("1 fault planted (not shown)"), name + ": " + started.out());
            // fault inject's own answer names the fault and its doctor check: start does not pass it on.
            assertFalse(started.out().contains("finds it") || started.out().contains("fault clear"),
                    name + ": the fault is not shown: " + started.out());
            assertEquals(List.of(), before, name + ": the exercise before left no fault behind");
            assertEquals(List.of(PLANTS.get(name)), plantedKinds(), name + ": planted");

            ExerciseGrade planted = ((ExerciseResults.Checked) shell.invoke("exercise check")).grade();
            assertEquals(ExerciseGrade.Status.FAILED, planted.status(), name + ": " + planted.text());
            assertEquals(CheckResult.Status.FAIL, planted.checks().stream()
                    .filter(c -> c.check().equals("doctor clean")).findFirst().orElseThrow().status(),
                    name + ": doctor finds it: " + planted.text());
            if (name.equals("mtu")) {
                assertEquals(1, shell.run("exercise check").status(), "exercise check: exit 1 when a check fails");
                assertEquals(1, shell.run("grade scripts/exercises/mtu.groovy").status(), "grade: exit 1");
            }

            ok("exercise solve");
            ExerciseGrade solved = ((ExerciseResults.Checked) shell.invoke("exercise check")).grade();
            assertEquals(ExerciseGrade.Status.PASSED, solved.status(), name + ": " + solved.text());
            // The solution fixed the fault by hand: stopping still clears it (a clear skips what is fixed).
            TestShell.Run stopped = ok("exercise stop");
            assertFalse(stopped.out().contains("not cleared"), name + ": " + stopped.out());
        }
        assertEquals(List.of(), plantedKinds(), "no fault left planted");
        TestShell.Run graded = shell.run("grade scripts/exercises --json");
        assertEquals(0, graded.status(), graded.out() + graded.err());
        assertTrue(graded.out().contains("\"exit\": 0") && graded.out().contains("\"passed\": 6"), graded.out());
    }

    private List<String> plantedKinds() throws Exception {
        List<String> kinds = new java.util.ArrayList<>();
        if (DataView.of(shell.invoke("fault ls")) instanceof List<?> rows) {
            for (Object r : rows) if (r instanceof Map<?, ?> m) kinds.add(String.valueOf(m.get("kind")));
        }
        return kinds;
    }

    private TestShell.Run ok(String line) {
        TestShell.Run r = shell.run(line);
        assertEquals(0, r.status(), line + ":\n" + r.out() + r.err());
        return r;
    }
}
