package netshell.exercise.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.core.Declared;

/** The exercise model read from plain calls, the checks' commands and verdicts, and the grading rules. */
class ExercisePlanTest {
    private static Declared call(String name, int line, Object... values) {
        return new Declared(name, line, List.of(values), Map.of(), List.of());
    }

    private static Declared block(String name, int line, Declared... body) {
        return new Declared(name, line, List.of(), Map.of(), List.of(body));
    }

    private static Declared exercise(Declared... body) { return block("exercise", 1, body); }

    private static final Declared GOAL = call("goal", 3, "  make it work  ");
    private static final Declared CHECK = call("check", 9, "pingall --overlay");

    @Test
    void aWholeExerciseIsReadInOrder() {
        Exercise ex = ExerciseReader.read("mtu.groovy", "mtu", List.of(exercise(call("title", 2, "MTU"), GOAL,
                block("setup", 4, call("run", 5, "overlay create 10.0.0.0/24"), call("run", 6, "container run web1 "
                        + "--on node1")),
                new Declared("plant", 7, List.of("mtu"), Map.of("on", "node2", "mtu", 1400), List.of()),
                call("hint", 8, "one"), call("hint", 8, "two"), CHECK, call("check", 10, "doctor clean"),
                block("solution", 11, call("run", 12, "node2 ip link set vxlan0 mtu 1450")))));
        assertEquals("mtu", ex.name());
        assertEquals("MTU", ex.title());
        assertEquals("make it work", ex.goal());
        assertEquals(List.of("overlay create 10.0.0.0/24", "container run web1 --on node1"), ex.setup());
        assertEquals(List.of("fault", "inject", "mtu", "--on", "node2", "--mtu", "1400"), ex.plants().get(0).words());
        assertEquals(List.of("one", "two"), ex.hints());
        assertEquals(List.of(List.of("pingall", "--overlay"), List.of("doctor")),
                ex.checks().stream().map(Check::words).toList());
        assertEquals(List.of("node2 ip link set vxlan0 mtu 1450"), ex.solution());
    }

    @Test
    void mistakesAreOneLineWithFileAndLine() {
        assertEquals("x.groovy:1: the exercise has no goal",
                refused(List.of(exercise(CHECK))));
        assertEquals("x.groovy:1: the exercise has no check", refused(List.of(exercise(GOAL))));
        assertEquals("x.groovy:4: no 'hnit' in an exercise (did you mean 'hint'?) (it takes name, title, goal, setup,"
                + " plant, hint, check, solution)", refused(List.of(exercise(GOAL, CHECK, call("hnit", 4, "x")))));
        assertEquals("x.groovy:5: in setup { … }, each line is run '…' (not sh)",
                refused(List.of(exercise(GOAL, CHECK, block("setup", 4, call("sh", 5, "lab up"))))));
        assertEquals("x.groovy:6: check 'ping all': no check 'ping' (one of: pingall, curl, trace, doctor)",
                refused(List.of(exercise(GOAL, call("check", 6, "ping all")))));
        assertEquals("x.groovy:2: 'goal' outside exercise { … }",
                refused(List.of(exercise(GOAL, CHECK), call("goal", 2, "x"))));
        assertEquals("x.groovy: no exercise { … } in the file", refused(List.of()));
        assertEquals("x.groovy:7: plant: on: 'node2; reboot' is not one word", refused(List.of(exercise(GOAL, CHECK,
                new Declared("plant", 7, List.of("mtu"), Map.of("on", "node2; reboot"), List.of())))));
        assertEquals("x.groovy:3: goal given twice", refused(List.of(exercise(GOAL, GOAL, CHECK))));
    }

    private static String refused(List<Declared> calls) {
        return assertThrows(BadInput.class, () -> ExerciseReader.read("x.groovy", "x", calls)).getMessage();
    }

    @Test
    void eachCheckRunsItsCommand() {
        assertEquals(List.of("pingall", "--overlay"), Check.parse("pingall  --overlay").words());
        assertEquals(List.of("lb", "test", "192.168.56.100:80", "--n", "10"), Check.parse("curl 192.168.56.100:80")
                .words());
        assertEquals(List.of("lb", "test", "10.0.0.40:80", "--n", "4", "--from", "node2"),
                Check.parse("curl 10.0.0.40:80 --from node2 --requests 4").words());
        assertEquals(List.of("trace", "web1", "web2:80", "--size", "1450", "--simulate"),
                Check.parse("trace web1 web2:80 --size 1450").words());
        assertEquals(List.of("doctor", "--on", "node2"), Check.parse("doctor clean --on node2").words());
        for (String bad : List.of("curl web1", "curl 10.0.0.40:80 --requests 0", "trace web1", "doctor --fix",
                "trace", "curl"))
            assertThrows(BadInput.class, () -> Check.parse(bad), bad);
    }

    @Test
    void verdictsReadTheCommandsTypedResults() {
        assertEquals(CheckResult.Status.PASS,
                Check.parse("pingall").judge(new Observed(false, "", List.of())).status());
        CheckResult dropped = Check.parse("pingall").judge(new Observed(true, "2 of 6 pairs dropped: a→b", null));
        assertEquals(new CheckResult("pingall", CheckResult.Status.FAIL, "2 of 6 pairs dropped: a→b"), dropped);

        Map<String, Object> trace = Map.of("verdict", "DROPPED", "dropAt", Map.of("at", "node2", "phase", "FILTER",
                "reason", "INPUT rule 1"));
        assertEquals("DROPPED at node2, FILTER: INPUT rule 1",
                Check.parse("trace web1 web2:80").judge(new Observed(false, "", trace)).detail());
        assertEquals(CheckResult.Status.PASS,
                Check.parse("trace web1 web2:80").judge(new Observed(false, "", Map.of("verdict", "ALLOWED")))
                        .status());

        Check curl = Check.parse("curl 10.0.0.40:80");
        Object halfDead = Map.of("requests", 10, "rows", List.of(Map.of("answer", "(no answer) 000", "count", 3),
                Map.of("answer", "Hello from web1", "count", 7)));
        assertEquals(new CheckResult("curl 10.0.0.40:80", CheckResult.Status.FAIL,
                "3 of 10 requests through 10.0.0.40:80 were not answered"),
                curl.judge(new Observed(false, "",
                        halfDead)));
        Object all = Map.of("requests", 2, "rows", List.of(Map.of("answer", "Hello from web1", "count", 2)));
        assertEquals("2 of 2 answered (Hello from web1 ×2)", curl.judge(new Observed(false, "", all)).detail());
        assertEquals(CheckResult.Status.ERROR, curl.judge(new Observed(false, "", "text")).status());
    }

    private static ExerciseGrade graded(String name, CheckResult.Status... statuses) {
        List<CheckResult> checks = java.util.Arrays.stream(statuses).map(s -> new CheckResult("c", s, "d")).toList();
        return new ExerciseGrade(name, name + ".groovy", checks, null);
    }

    @Test
    void gradingFollowsNetlabValidatesExitCodes() {
        var pass = CheckResult.Status.PASS;
        var fail = CheckResult.Status.FAIL;
        var error = CheckResult.Status.ERROR;
        assertEquals(0, Grading.exitStatus(List.of(graded("a", pass, pass), graded("b", pass))));
        assertEquals(1, Grading.exitStatus(List.of(graded("a", pass, fail), graded("b", pass))));
        assertEquals(2, Grading.exitStatus(List.of()), "nothing to grade");
        assertEquals(2, Grading.exitStatus(List.of(graded("a", fail), graded("b", pass, error))),
                "an unknown grade outweighs a failed one");
        assertEquals(2, Grading.exitStatus(List.of(graded("a", pass), ExerciseGrade.unreadable("b.groovy", "bad"))));
        assertEquals(ExerciseGrade.Status.NOT_RUN, graded("a").status(), "no checks: nothing graded");
    }

    @Test
    void theJsonShapeAndTextOfAGrade() {
        Grading g = new Grading("scripts/exercises", List.of(
                new ExerciseGrade("mtu", "scripts/exercises/mtu.groovy", List.of(
                        new CheckResult("pingall", CheckResult.Status.PASS, "every pair reached"),
                        new CheckResult("doctor clean", CheckResult.Status.FAIL, "1 check(s) failed: mtu on node2")),
                        null),
                ExerciseGrade.unreadable("scripts/exercises/bad.groovy", "bad.groovy:3: the exercise has no goal")));
        assertEquals("{dir=scripts/exercises, exit=2, passed=0, failed=1, notRun=1, exercises=["
                + "{exercise=mtu, file=scripts/exercises/mtu.groovy, status=failed, checks=["
                + "{check=pingall, status=pass, detail=every pair reached}, "
                + "{check=doctor clean, status=fail, detail=1 check(s) failed: mtu on node2}]}, "
                + "{exercise=null, file=scripts/exercises/bad.groovy, status=not-run, "
                + "error=bad.groovy:3: the exercise has no goal, checks=[]}]}", g.json().toString());
        assertEquals("""
                mtu: failed
                  PASS  pingall       every pair reached
                  FAIL  doctor clean  1 check(s) failed: mtu on node2
                scripts/exercises/bad.groovy: could not run (bad.groovy:3: the exercise has no goal)
                0 passed, 1 failed, 1 could not run (2 exercises in scripts/exercises)""", g.text());
        assertTrue(new Grading("d", List.of()).summary().startsWith("no exercise"));
    }
}
