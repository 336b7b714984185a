package netshell.core;

import java.util.List;
import java.util.Objects;

/**
 * One command a plan runs on one node: an argv (never a shell string), optional text fed
 * to its standard input (iptables-restore, nft -f), a short reason shown by --explain, and, where the
 * planner knows it, the step that undoes it (run when a later step of the same change fails).
 */
public record Step(List<String> argv, String stdin, String why, Step undo) {
    public Step {
        argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
    }

    public Step(List<String> argv, String stdin, String why) { this(argv, stdin, why, null); }

    /** This step, undone by {@code inverse} when the change it belongs to fails later on. */
    public Step undoneBy(Step inverse) {
        return new Step(argv, stdin, why, inverse);
    }

    public static Step of(String why, String... argv) {
        return new Step(List.of(argv), null, why);
    }

    public static Step withInput(String why, String stdin, String... argv) {
        return new Step(List.of(argv), stdin, why);
    }
}
