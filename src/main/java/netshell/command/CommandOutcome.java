package netshell.command;

/** A result that can report failure on some node(s) while still being shown: the shell exits 1 for it. */
public interface CommandOutcome {
    boolean failed();

    /** One line naming what failed, e.g. "node2: ip: RTNETLINK answers: File exists". */
    String failureSummary();
}
