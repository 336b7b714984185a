package netshell.command;

import java.util.List;

/**
 * Told of every command the shell ends (at the prompt, in -c and in scripts): its line, the Linux commands it ran
 * on the nodes (what --explain would show, shown or not) and its status. A live view (web) watches; nothing does
 * by default, and then nothing is collected.
 */
public interface CommandWatcher {
    void ran(String line, List<Explained> linux, int status);
}
