package netshell.lb.rules;

import netshell.core.Step;

/**
 * A step that only runs depending on a check, to keep single-rule changes idempotent: insert a
 * jump only when "-C" says it is missing, delete it only when "-C" says it is there.
 */
public record GuardedStep(Step check, Step apply, boolean applyWhenCheckSucceeds) {

    /** Run {@code apply} only when {@code check} fails (exits non-zero): "add unless present". */
    public static GuardedStep unlessPresent(Step check, Step apply) {
        return new GuardedStep(check, apply, false);
    }

    /** Run {@code apply} only when {@code check} succeeds (exits 0): "delete if present". */
    public static GuardedStep ifPresent(Step check, Step apply) {
        return new GuardedStep(check, apply, true);
    }

    /** Whether {@code apply} should run, given the exit status of {@code check}. */
    public boolean shouldApply(int checkExitCode) {
        return applyWhenCheckSucceeds == (checkExitCode == 0);
    }
}
