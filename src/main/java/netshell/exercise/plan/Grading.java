package netshell.exercise.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grade of several exercises, with netlab validate's exit codes: 0 every exercise passed, 1 some failed, 2 the
 * grade could not be made (no exercise found, a file that cannot be read, a check whose command could not run):
 * an unknown grade outweighs a failed one, so that a broken exercise is never taken for a learner's mistake.
 */
public record Grading(String dir, List<ExerciseGrade> exercises) {
    public Grading {
        exercises = List.copyOf(exercises);
    }

    public static int exitStatus(List<ExerciseGrade> grades) {
        if (grades.isEmpty()) return 2;
        if (grades.stream().anyMatch(g -> g.status() == ExerciseGrade.Status.NOT_RUN)) return 2;
        if (grades.stream().anyMatch(g -> g.status() == ExerciseGrade.Status.FAILED)) return 1;
        return 0;
    }

    public int exitStatus() { return exitStatus(exercises); }

    public long count(ExerciseGrade.Status s) { return exercises.stream().filter(g -> g.status() == s).count(); }

    /** The summary line: {@code 4 passed, 1 failed, 1 could not run (6 exercises in scripts/exercises)}. */
    public String summary() {
        if (exercises.isEmpty()) return "no exercise (*.groovy) in " + dir;
        return count(ExerciseGrade.Status.PASSED) + " passed, " + count(ExerciseGrade.Status.FAILED) + " failed, "
                + count(ExerciseGrade.Status.NOT_RUN) + " could not run (" + exercises.size() + " exercise"
                + (exercises.size() == 1 ? "" : "s") + " in " + dir + ")";
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ExerciseGrade g : exercises) sb.append(g.text()).append('\n');
        return sb.append(summary()).toString();
    }

    /** The JSON shape: dir, exit, passed, failed, notRun, exercises [each grade's shape]. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", dir);
        m.put("exit", exitStatus());
        m.put("passed", count(ExerciseGrade.Status.PASSED));
        m.put("failed", count(ExerciseGrade.Status.FAILED));
        m.put("notRun", count(ExerciseGrade.Status.NOT_RUN));
        m.put("exercises", exercises.stream().map(ExerciseGrade::json).toList());
        return m;
    }
}
