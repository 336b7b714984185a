package netshell.command;

import java.util.List;

/**
 * Told of every command the shell ends (at the prompt, in -c and in scripts): its line, the Linux commands it ran
 * on the nodes (what --explain would show, shown or not) and its status. A live view (web) watches; nothing does
 * by default, and then nothing is collected.
 */
public interface CommandWatcher {
    /** {@code result}: what the command returned (null when it failed before returning). */
    void ran(String line, List<Explained> linux, int status, Object result);

    /** A live row a command hands the shell while it runs (a captured packet); most watchers want none. */
    default void row(Object row) {}
}
