package netshell.script;

/** A script's own verification ({@code check cond, 'what'}) did not hold. */
public final class CheckFailed extends RuntimeException {
    public CheckFailed(String message) { super(message); }
}
