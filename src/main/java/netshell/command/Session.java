package netshell.command;

/** State that lives as long as the shell: the command registry and session-wide settings. */
public final class Session {
    private final Registry registry;
    private volatile boolean explainAll;
    private volatile boolean dryRunAll;
    private final Completions completions = new Completions();

    public Session(Registry registry) {
        this.registry = registry;
    }

    public Registry registry() { return registry; }
    public Completions completions() { return completions; }
    public boolean explainAll() { return explainAll; }
    public void explainAll(boolean on) { explainAll = on; }
    public boolean dryRunAll() { return dryRunAll; }
    public void dryRunAll(boolean on) { dryRunAll = on; }

    /** Words that name nodes or node groups at the start of a line (node1, all, on): for completion and help. */
    public java.util.List<String> nodeWords() { return java.util.List.of(); }
}
