package netshell.exercise;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import netshell.command.CommandCall;
import netshell.command.CommandOutcome;
import netshell.command.DataView;
import netshell.command.Session;
import netshell.exercise.plan.Check;
import netshell.exercise.plan.CheckResult;
import netshell.exercise.plan.Observed;

/**
 * Runs checks through the registry (their commands' own typed results, judged by {@link Check#judge}), in the
 * background: nothing printed, no lesson. The same command asked twice in one run (six exercises that each ask
 * {@code doctor}) runs once: the lab does not change while it is graded.
 */
final class CheckRunner {
    private final Session session;
    private final Map<List<String>, Object> ran = new HashMap<>();

    CheckRunner(Session session) {
        this.session = session;
    }

    CheckResult run(Check check) throws InterruptedException {
        Object got = ran.get(check.words());
        if (got == null) {
            got = call(check.words());
            ran.put(check.words(), got);
        }
        if (got instanceof Failure f) return CheckResult.error(check.text(), f.why());
        boolean failed = got instanceof CommandOutcome o && o.failed();
        String summary = got instanceof CommandOutcome o && failed ? o.failureSummary() : "";
        return check.judge(new Observed(failed, summary, DataView.of(got)));
    }

    /** A command that could not run: its one line. */
    private record Failure(String why) {}

    private Object call(List<String> words) throws InterruptedException {
        try {
            Object r = CommandCall.run(session, words);
            return r == null ? new Failure(String.join(" ", words) + " gave nothing") : r;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
            return new Failure(String.join(" ", words.subList(0, Math.min(2, words.size()))) + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
