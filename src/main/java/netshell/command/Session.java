package netshell.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import netshell.core.BadInput;
import netshell.core.NodeSet;
import netshell.node.Fleet;
import netshell.node.Node;
import netshell.node.Prompter;

/**
 * State that lives as long as the shell: the command registry, the target (the nodes commands run on),
 * and session-wide settings. The target is resolved lazily, so commands that need no nodes
 * ({@code net split}) never touch the lab or SSH.
 */
public final class Session {
    private final Registry registry;
    private final Completions completions = new Completions();
    private volatile boolean explainAll;
    private volatile boolean dryRunAll;
    private volatile boolean tailTips = true;
    private volatile Target target;
    private Supplier<Target> targetFactory;
    private Consumer<String> notices = s -> {};
    private final Set<String> noticed = ConcurrentHashMap.newKeySet();
    private volatile Prompter prompter = Prompter.nonInteractive();
    private final List<Runnable> targetListeners = new ArrayList<>();
    private volatile Recorder recorder;
    private volatile ChangeGuard changeGuard;
    private volatile int confirmSeconds;
    private volatile ContainerDirectory containers = ContainerDirectory.NONE;
    private volatile LineRunner lines = LineRunner.NONE;
    private volatile DeclarationReader declarations = DeclarationReader.NONE;
    private final List<CommandWatcher> watchers = new CopyOnWriteArrayList<>();
    /** The Linux commands the command under way ran, kept only while someone watches. */
    private final List<Explained> linuxSoFar = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean repl;

    public Session(Registry registry) {
        this(registry, () -> Target.dryRun(2));
    }

    public Session(Registry registry, Supplier<Target> targetFactory) {
        this.registry = registry;
        this.targetFactory = targetFactory;
        completions.register("node", () -> peekTarget().map(t -> t.fleet().names()).orElse(List.of()));
        completions.register("selector", this::selectorWords);
    }

    public Registry registry() { return registry; }

    /** Where commands find containers by name (the overlay's finder, plugged in at start; none by default). */
    public ContainerDirectory containers() {
        return containers;
    }
    public void containers(ContainerDirectory directory) { containers = directory; }

    /** Runs a line as the prompt reads it (the shell's invoker, plugged in when it is made). */
    public LineRunner lines() {
        return lines;
    }
    public void lines(LineRunner runner) { lines = runner; }

    /** Reads declarative .groovy files into plain calls (scripting's reader, plugged in when scripting is). */
    public DeclarationReader declarations() {
        return declarations;
    }
    public void declarations(DeclarationReader reader) { declarations = reader; }
    public Completions completions() { return completions; }
    public boolean explainAll() { return explainAll; }
    public void explainAll(boolean on) { explainAll = on; }
    /** On by `dry-run on`, or because the target itself is a dry run. */
    public boolean dryRunAll() {
        return dryRunAll || peekTarget().map(Target::isDryRun).orElse(false);
    }
    public void dryRunAll(boolean on) { dryRunAll = on; }
    public Prompter prompter() { return prompter; }

    /** The REPL's tail-tip (argument descriptions while typing); off: in-line suggestions from history. */
    public boolean tailTips() {
        return tailTips;
    }
    public void tailTips(boolean on) { tailTips = on; }
    /** The running {@code record}, or null: the shell hands it every executed command. */
    public Recorder recorder() {
        return recorder;
    }
    public void recorder(Recorder r) { recorder = r; }
    public void prompter(Prompter p) { prompter = p; }
    /** Snapshots, arms and journals every change (the {@code change} feature), or null. */
    public ChangeGuard changeGuard() {
        return changeGuard;
    }
    public void changeGuard(ChangeGuard g) { changeGuard = g; }
    /** {@code confirm on SECONDS}: every change waits that long for {@code confirm}; 0 when off. */
    public int confirmSeconds() {
        return confirmSeconds;
    }
    public void confirmSeconds(int seconds) { confirmSeconds = seconds; }

    /** Watches every command the shell ends (see {@link CommandWatcher}); unwatch to stop. */
    public void watch(CommandWatcher w) {
        watchers.add(w);
    }
    public void unwatch(CommandWatcher w) {
        watchers.remove(w);
        if (watchers.isEmpty()) linuxSoFar.clear();
    }

    /** A Linux command the command under way runs; kept for the watchers only when there are some. */
    void noteLinux(Explained e) {
        if (!watchers.isEmpty()) linuxSoFar.add(e);
    }

    /** A live row of the command under way, for the watchers. */
    void noteRow(Object row) {
        for (CommandWatcher w : watchers) w.row(row);
    }

    /** The shell ended a command: the watchers get it with the Linux commands it ran. */
    public void commandEnded(String line, int status, Object result) {
        if (watchers.isEmpty()) return;
        List<Explained> linux;
        synchronized (linuxSoFar) {
            linux = List.copyOf(linuxSoFar);
            linuxSoFar.clear();
        }
        watchers.forEach(w -> w.ran(line, linux, status, result));
    }

    /** True in the interactive REPL: a command that serves (web) returns and keeps serving beside the prompt. */
    public boolean inRepl() {
        return repl;
    }
    public void inRepl(boolean on) { repl = on; }

    /** Where one-line notices go (the REPL's terminal, or stderr for -c and scripts). */
    public void notices(Consumer<String> sink) {
        notices = sink;
    }
    public void notice(String line) { notices.accept(line); }

    /** A notice given at most once in the session (loading the same inventory again does not repeat its warnings). */
    public void noticeOnce(String line) {
        if (noticed.add(line)) notice(line);
    }

    /** The nodes commands run on; created on first use, with a notice saying which it is. */
    public synchronized Target target() {
        if (target == null) {
            target = targetFactory.get();
            if (target.notice() != null) notice(target.notice());
            targetListeners.forEach(Runnable::run);
        }
        return target;
    }

    public Fleet fleet() { return target().fleet(); }

    /** The target if it was already created: completion and prompts must not create it. */
    public Optional<Target> peekTarget() {
        return Optional.ofNullable(target);
    }

    /** Replaces the target (lab up, inventory load); the old nodes are closed. */
    public synchronized void target(Target next) {
        Target old = target;
        target = next;
        if (old != null && old != next) old.fleet().close();
        targetListeners.forEach(Runnable::run);
    }

    /** Called whenever the target changes, so caches of live state can refresh. */
    public synchronized void onTargetChange(Runnable r) {
        targetListeners.add(r);
    }

    /** "lab:2", "ssh:3", "dry-run:2": what the prompt shows. */
    public String targetLabel() {
        return peekTarget().map(Target::label).orElse("");
    }

    /** What the prompt shows: the target, and a change's countdown ("ssh:3 confirm 42s"). */
    public String promptLabel() {
        String note = changeGuard == null ? "" : changeGuard.promptNote();
        return targetLabel() + (note.isEmpty() ? "" : " " + note);
    }

    /** Words that may start a line to run a raw command on nodes: node names, all, on. */
    public List<String> nodeWords() {
        List<String> words = new ArrayList<>(peekTarget().map(t -> t.fleet().names()).orElse(List.of()));
        words.add("all");
        words.add("on");
        return words;
    }

    /**
     * Whether a word names nodes of the target, so that a line starting with it (and more words) is a node command:
     * a node or group name, or a node set (node[1-3], @web, node*, node[1-8]!node3) with a known node in it. On a
     * lab that is not up, nodeN too, so that the command can say the lab is not up. Creates the target.
     */
    public boolean namesNodes(String word) {
        return namesNodes(target(), word);
    }

    /** As namesNodes(word), without creating the target (completion, hints): false while there is none. */
    public boolean namesKnownNodes(String word) {
        return peekTarget().map(t -> namesNodes(t, word)).orElse(false);
    }

    private static boolean namesNodes(Target t, String word) {
        List<String> names = t.fleet().names();
        Map<String, List<String>> groups = t.fleet().groups();
        if (names.contains(word) || groups.containsKey(word)) return true;
        if (word.startsWith("@")) return true; // an unknown group is the node command's error to give
        if (!word.matches("[\\w.\\-\\[\\],!&*?]+")) return false;
        if (names.isEmpty() && t.isLab() && t.lab().mayName(word)) return true;
        for (String term : word.split("[,!&](?![^\\[]*\\])")) {
            try {
                for (String name : NodeSet.expand(term)) {
                    if (names.contains(name) || groups.containsKey(name)) return true;
                    if ((name.contains("*") || name.contains("?")) && !NodeSet.resolve(name, names, groups).isEmpty())
                        return true;
                }
            } catch (BadInput e) {
                // not a node set
            }
        }
        return false;
    }

    private List<String> selectorWords() {
        List<String> words = new ArrayList<>();
        peekTarget().ifPresent(t -> {
            words.addAll(t.fleet().names());
            words.addAll(t.fleet().groups().keySet());
        });
        words.add("all");
        return words;
    }

    /** Nodes named by a selector (null or "all" = every node); names that are not nodes are refused. */
    public List<Node> select(String selector) {
        return select(selector, false);
    }

    /** As select(selector); with {@code ignoreMissing} (--ignore-missing) names that are not nodes are left out. */
    public List<Node> select(String selector, boolean ignoreMissing) {
        Target t = target();
        if (t.fleet().nodes().isEmpty() && t.isLab()) {
            throw new BadInput(t.lab().notUp());
        }
        return selector == null || selector.equals("all") ? fleet().nodes() : fleet().select(selector, ignoreMissing);
    }
}
