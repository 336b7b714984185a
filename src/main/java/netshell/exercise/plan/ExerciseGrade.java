package netshell.exercise.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exercise's grade: each check's verdict, or {@code error} when the exercise could not be read. PASSED when every
 * check passes; NOT_RUN when the file could not be read or a check's command could not run (the grade is unknown);
 * FAILED otherwise.
 */
public record ExerciseGrade(String exercise, String file, List<CheckResult> checks, String error) {
    public enum Status { PASSED, FAILED, NOT_RUN }

    public ExerciseGrade {
        checks = List.copyOf(checks);
    }

    public static ExerciseGrade unreadable(String file, String error) {
        return new ExerciseGrade(null, file, List.of(), error);
    }

    public Status status() {
        if (error != null || checks.isEmpty()) return Status.NOT_RUN;
        if (checks.stream().anyMatch(c -> c.status() == CheckResult.Status.ERROR)) return Status.NOT_RUN;
        if (checks.stream().anyMatch(c -> c.status() == CheckResult.Status.FAIL)) return Status.FAILED;
        return Status.PASSED;
    }

    /** The exit status of this grade alone: 0 passed, 1 failed, 2 could not run. */
    public int exitStatus() {
        return Grading.exitStatus(List.of(this));
    }

    /** Its JSON shape: exercise, file, status, error (when any), checks [{check, status, detail}]. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exercise", exercise);
        m.put("file", file);
        m.put("status", status().name().toLowerCase().replace('_', '-'));
        if (error != null) m.put("error", error);
        m.put("checks", checks.stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("check", c.check());
            x.put("status", c.status().name().toLowerCase());
            x.put("detail", c.detail());
            return x;
        }).toList());
        return m;
    }

    /** One line per check, {@code PASS  pingall --overlay  every pair reached}, under a heading. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(exercise != null ? exercise : file).append(": ").append(words(status()));
        if (error != null) sb.append(" (").append(error).append(')');
        int width = checks.stream().mapToInt(c -> c.check().length()).max().orElse(0);
        for (CheckResult c : checks) {
            sb.append("\n  ").append(String.format("%-5s", c.status().name())).append(' ')
                    .append(c.check()).append(" ".repeat(width - c.check().length())).append("  ").append(c.detail());
        }
        return sb.toString();
    }

    static String words(Status s) {
        return switch (s) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case NOT_RUN -> "could not run";
        };
    }
}
