package netshell.command;

/** A result that can report failure on some node(s) while still being shown: the shell exits 1 for it. */
public interface CommandOutcome {
    boolean failed();

    /** One line naming what failed, e.g. "node2: ip: RTNETLINK answers: File exists". */
    String failureSummary();

    /**
     * The exit status when failed: 1 (something failed), or 2 where the outcome is that it could not run at all
     * ({@code grade}: no exercise could be read), as for bad input, while the result is still shown.
     */
    default int failedStatus() { return 1; }
}
