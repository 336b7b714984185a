package netshell.script;

/** A walkthrough step failed: carries the step's title so that the script's error names it. */
public final class StepFailed extends RuntimeException {
    private final String step;

    public StepFailed(String step, Throwable cause) {
        super("step '" + step + "' failed: " + ScriptErrors.message(cause), cause);
        this.step = step;
    }

    public String step() { return step; }

    /** 2 when the step failed on bad input, else 1. */
    public int exitCode() {
        return ScriptErrors.exitCode(getCause());
    }
}
