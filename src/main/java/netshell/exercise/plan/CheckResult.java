package netshell.exercise.plan;

/** One check's verdict: PASS, FAIL, or ERROR when its command could not run; {@code detail} says why, in words. */
public record CheckResult(String check, Status status, String detail) {
    public enum Status { PASS, FAIL, ERROR }

    public static CheckResult error(String check, String why) {
        return new CheckResult(check, Status.ERROR, why);
    }
}
