package netshell.command;

import java.util.function.Consumer;

/**
 * What a running command may use: the session (nodes, settings), whether this invocation is a dry run
 * or explained, and a sink for live rows (streaming commands, explain lines). Commands never print.
 */
public final class Context {
    private final Session session;
    private final boolean dryRun;
    private final boolean explain;
    private final Consumer<Object> live;

    public Context(Session session, boolean dryRun, boolean explain, Consumer<Object> live) {
        this.session = session;
        this.dryRun = dryRun;
        this.explain = explain;
        this.live = live;
    }

    public Session session() { return session; }
    public boolean dryRun() { return dryRun; }
    public boolean explain() { return explain; }

    /** Hands a row to the shell now (before the command returns): a captured packet, an explain line. */
    public void emit(Object row) { live.accept(row); }
}
