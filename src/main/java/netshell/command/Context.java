package netshell.command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.Consumer;

import netshell.core.BadInput;
import netshell.core.NodeSet;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.node.ShellQuote;

/**
 * What a running command may use: the session (nodes, settings), whether this invocation is a dry run
 * or explained, and a sink for live rows. Commands never print: reads go through {@link #read}, changes
 * through {@link #apply}, so that --explain and --dry-run work the same for every command.
 */
public final class Context {
    private final Session session;
    private final boolean dryRun;
    private final boolean explain;
    private final Consumer<Object> live;
    private final Integer confirmSeconds;
    private final List<String> words;
    /** --ignore-missing: a selector's names that are not nodes are left out instead of refused. */
    private final boolean ignoreMissing;
    /** A background call (a live view's refresh): its commands are no lesson of the user's. */
    private final boolean background;
    /** Facts read once per command (a node's engine does not come or go while one command runs). */
    private final Map<String, Object> once = new ConcurrentHashMap<>();

    public Context(Session session, boolean dryRun, boolean explain, Consumer<Object> live) {
        this(session, dryRun, explain, live, null, List.of());
    }

    /** {@code confirmSeconds}: this command's --confirm, or null for the session's; {@code words}: its line. */
    public Context(Session session, boolean dryRun, boolean explain, Consumer<Object> live, Integer confirmSeconds,
            List<String> words) {
        this(session, dryRun, explain, live, confirmSeconds, words, false);
    }

    private Context(Session session, boolean dryRun, boolean explain, Consumer<Object> live, Integer confirmSeconds,
            List<String> words, boolean ignoreMissing) {
        this(session, dryRun, explain, live, confirmSeconds, words, ignoreMissing, false);
    }

    private Context(Session session, boolean dryRun, boolean explain, Consumer<Object> live, Integer confirmSeconds,
            List<String> words, boolean ignoreMissing, boolean background) {
        this.background = background;
        this.ignoreMissing = ignoreMissing;
        this.session = session;
        this.dryRun = dryRun;
        this.explain = explain;
        this.live = live;
        this.confirmSeconds = confirmSeconds;
        this.words = List.copyOf(words);
    }

    /** A call no user typed (see {@link CommandCall}): silent, never a dry run, no lesson. */
    static Context background(Session session, List<String> words) {
        return new Context(session, false, false, row -> {}, null, words, false, true);
    }

    /** Shows a Linux command under --explain/--dry-run, and hands it to the session's watchers. */
    private void note(Explained e, boolean show) {
        if (show) emit(e);
        if (!background) session.noteLinux(e);
    }

    /** {@code read} the first time this command asks {@code what} of the node; its answer after that. */
    @SuppressWarnings("unchecked")
    public <T> T once(Node node, String what, Supplier<T> read) {
        return (T) once.computeIfAbsent(node.name() + "\0" + what, k -> read.get());
    }

    /** The same invocation with {@code --confirm seconds}. */
    public Context withConfirm(Integer seconds) {
        return new Context(session, dryRun, explain, live, seconds, words, ignoreMissing, background);
    }

    /** The same invocation with {@code --ignore-missing}: selectors leave out names that are not nodes. */
    public Context ignoringMissing() {
        return new Context(session, dryRun, explain, live, confirmSeconds, words, true, background);
    }

    /** Seconds a change waits for {@code confirm} before the nodes roll it back; 0: no rollback is armed. */
    public int confirmSeconds() {
        return confirmSeconds != null ? confirmSeconds : session.confirmSeconds();
    }

    /** The command line as typed (for the change journal). */
    public String line() { return ShellQuote.join(words); }

    public Session session() { return session; }
    public boolean dryRun() { return dryRun || session.dryRunAll(); }
    public boolean explain() { return explain; }

    /** Hands a row to the shell now (before the command returns): a captured packet, an explain line. */
    public void emit(Object row) {
        live.accept(row);
        if (!background && !(row instanceof Explained)) session.noteRow(row);
    }

    /** Nodes named by a selector; null or "all" means every node of the target. */
    public List<Node> select(String selector) {
        return session.select(selector, ignoreMissing);
    }

    public Node node(String name) {
        List<String> names = session.select(null).stream().map(Node::name).toList();
        if (!names.contains(name) && !name.matches(".*[\\[*?,!&@].*") && !session.fleet().groups().containsKey(name))
            throw new BadInput("no such node: " + name + " (known: " + NodeSet.list(names) + ")");
        List<Node> found = session.select(name);
        if (found.size() != 1)
            throw new BadInput("'" + name + "' names " + found.size() + " nodes; give one node");
        return found.get(0);
    }

    /** Runs a read-only command (state inspection). It runs even in a dry run: reading changes nothing. */
    public ExecResult read(Node node, List<String> argv) {
        note(new Explained(node.name(), argv, null, true), explain);
        return node.run(argv, null);
    }

    public ExecResult read(Node node, String... argv) { return read(node, List.of(argv)); }

    /** Several read-only commands in as few round trips as the node's transport allows (one for lab and SSH). */
    public List<ExecResult> readEach(Node node, List<List<String>> argvs) {
        argvs.forEach(a -> note(new Explained(node.name(), a, null, true), explain));
        return node.runAll(argvs);
    }

    /** Runs one changing command now (outside a plan), honouring dry-run and explain. */
    public ExecResult change(Node node, Step step) {
        note(new Explained(node.name(), step.argv(), step.stdin(), false), explain || dryRun());
        if (dryRun()) return new ExecResult(node.name(), step.argv(), 0, "", "", Duration.ZERO);
        return node.run(step.argv(), step.stdin());
    }

    /** A change's Linux command, about to run: shown under --explain, and handed to the session's watchers. */
    void noteChange(Explained e) {
        note(e, explain);
    }
}
