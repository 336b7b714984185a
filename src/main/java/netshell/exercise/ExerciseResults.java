package netshell.exercise;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.command.CommandOutcome;
import netshell.command.Displayable;
import netshell.exercise.plan.CheckResult;
import netshell.exercise.plan.ExerciseGrade;
import netshell.exercise.plan.Grading;

/** What the exercise commands return: each a typed result with its text and its --json data. */
final class ExerciseResults {
    private ExerciseResults() {}

    /** {@code exercise start}: the goal, and how much was done, never which faults. */
    record Started(String exercise, String title, String goal, int setupLines, int faults, int hints,
            List<String> checks, List<String> notes) implements Displayable {
        @Override
        public String text() {
            StringBuilder sb = new StringBuilder();
            notes.forEach(n -> sb.append(n).append('\n'));
            sb.append("exercise ").append(exercise).append(": ").append(title).append('\n');
            sb.append("goal: ").append(goal).append('\n');
            sb.append("set up in ").append(setupLines).append(" line").append(setupLines == 1 ? "" : "s").append("; ")
                    .append(faults).append(" fault").append(faults == 1 ? "" : "s").append(" planted (not shown)\n");
            sb.append("checks: ").append(String.join("; ", checks)).append('\n');
            sb.append("'exercise check' grades it, 'exercise hint' gives a hint (").append(hints)
                    .append("), 'exercise stop' ends it");
            return sb.toString();
        }

        @Override
        public Object data() { return this; }
    }

    /** {@code exercise check}: one line per check; exit 1 when one fails, 2 when one could not run. */
    record Checked(ExerciseGrade grade) implements Displayable, CommandOutcome {
        @Override
        public String text() { return grade.text(); }

        @Override
        public Object data() { return grade.json(); }

        @Override
        public boolean failed() { return grade.status() != ExerciseGrade.Status.PASSED; }

        @Override
        public int failedStatus() { return grade.exitStatus(); }

        @Override
        public String failureSummary() {
            List<CheckResult> bad = grade.checks().stream().filter(c -> c.status() != CheckResult.Status.PASS)
                    .toList();
            if (grade.error() != null) return grade.error();
            return bad.size() + " of " + grade.checks().size() + " checks did not pass: "
                    + String.join(", ", bad.stream().map(CheckResult::check).toList());
        }
    }

    /** {@code grade DIR}: every exercise's grade; exit 0 all passed, 1 some failed, 2 could not run. */
    record Graded(Grading grading) implements Displayable, CommandOutcome {
        @Override
        public String text() { return grading.text(); }

        @Override
        public Object data() { return grading.json(); }

        @Override
        public boolean failed() { return grading.exitStatus() != 0; }

        @Override
        public int failedStatus() { return grading.exitStatus(); }

        @Override
        public String failureSummary() { return grading.summary(); }
    }

    /** {@code exercise hint}: hint N of M, or none left. */
    record Hint(String exercise, int number, int of, String hint) implements Displayable {
        @Override
        public String text() {
            if (hint == null)
                return of == 0
                        ? exercise + " has no hints; 'exercise solution' shows the solution"
                        : "no more hints (" + of + " of " + of + " shown); 'exercise solution' shows the solution";
            return "hint " + number + " of " + of + ": " + hint;
        }

        @Override
        public Object data() { return this; }
    }

    /** {@code exercise solution}: the lines that solve it. */
    record Solution(String exercise, List<String> lines) implements Displayable {
        @Override
        public String text() {
            if (lines.isEmpty()) return exercise + " has no solution written down";
            return "solution of " + exercise + " ('exercise solve' runs it):\n  " + String.join("\n  ", lines);
        }

        @Override
        public Object data() { return this; }
    }

    /** {@code exercise solve}: each line run, and how it went; it stops at the first that fails. */
    record Solved(String exercise, List<Ran> lines) implements Displayable, CommandOutcome {
        record Ran(String line, boolean ok, String detail) {}

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder("solution of " + exercise + ":");
            for (Ran r : lines)
                sb.append("\n  ").append(r.ok() ? "ok    " : "FAILED").append(' ').append(r.line())
                        .append(r.detail().isEmpty() ? "" : "  (" + r.detail() + ")");
            if (!failed()) sb.append("\n'exercise check' grades it");
            return sb.toString();
        }

        @Override
        public Object data() { return this; }

        @Override
        public boolean failed() { return lines.stream().anyMatch(r -> !r.ok()); }

        @Override
        public String failureSummary() {
            return lines.stream().filter(r -> !r.ok()).map(r -> r.line() + ": " + r.detail()).findFirst().orElse("");
        }
    }

    /** {@code exercise stop}: which of its faults were cleared, and which could not be (fixed by hand already). */
    record Stopped(String exercise, List<Integer> cleared, Map<Integer, String> notCleared) implements Displayable {
        Stopped {
            notCleared = new LinkedHashMap<>(notCleared);
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder("exercise " + exercise + " stopped");
            sb.append(cleared.isEmpty() ? "; no fault of it left to clear" : "; faults cleared: " + cleared);
            notCleared.forEach((id, why) -> sb.append("\nfault ").append(id).append(" not cleared: ").append(why));
            return sb.toString();
        }

        @Override
        public Object data() { return this; }
    }
}
