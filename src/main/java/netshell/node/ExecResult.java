package netshell.node;

import java.time.Duration;
import java.util.List;

/** What one argv did on one node. */
public record ExecResult(String node, List<String> argv, int exit, String stdout, String stderr, Duration duration) {
    public ExecResult {
        argv = List.copyOf(argv);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public boolean ok() { return exit == 0; }

    /** The first line of stderr (or stdout), for one-line error messages. */
    public String firstErrorLine() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip().lines().findFirst().orElse("exit status " + exit);
    }

    /** Throws NodeException unless the command succeeded; returns this for chaining. */
    public ExecResult orThrow() {
        if (!ok())
            throw new NodeException(node,
                    String.join(" ", argv.subList(0, Math.min(2, argv.size()))) + ": " + firstErrorLine());
        return this;
    }
}
