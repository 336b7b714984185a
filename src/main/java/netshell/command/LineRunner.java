package netshell.command;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one line as the prompt reads it (a command, a node command such as {@code node2 ip link …}, or Groovy), for a
 * feature whose files hold lines (an exercise's set-up and solution). The shell plugs its invoker in; the results of
 * the line's commands come back typed, their live rows go to {@code live}.
 */
public interface LineRunner {
    List<Object> run(String line, Consumer<Object> live) throws Exception;

    /** Without a shell: every line is refused in one line. */
    LineRunner NONE = (line, live) -> {
        throw new CommandFailed("no shell to run '" + line + "'");
    };
}
