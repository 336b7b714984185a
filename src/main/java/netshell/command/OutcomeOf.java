package netshell.command;

/**
 * A result shown around another command's result (a change as applied, a timed command): it failed as that one did,
 * for the same reason.
 */
public interface OutcomeOf extends CommandOutcome {
    /** The result inside: any command's, which may or may not report failure. */
    Object inner();

    @Override
    default boolean failed() { return inner() instanceof CommandOutcome o && o.failed(); }

    @Override
    default String failureSummary() { return inner() instanceof CommandOutcome o ? o.failureSummary() : ""; }
}
