package netshell.core;

import java.util.List;
import java.util.Objects;

/**
 * One command a plan runs on one node: an argv (never a shell string), optional text fed
 * to its standard input (iptables-restore, nft -f), and a short reason shown by --explain.
 */
public record Step(List<String> argv, String stdin, String why) {
    public Step {
        argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
    }

    public static Step of(String why, String... argv) {
        return new Step(List.of(argv), null, why);
    }

    public static Step withInput(String why, String stdin, String... argv) {
        return new Step(List.of(argv), stdin, why);
    }
}
