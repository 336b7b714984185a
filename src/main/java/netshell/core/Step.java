package netshell.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One command a plan runs on one node: an argv (never a shell string), optional text fed
 * to its standard input (iptables-restore, nft -f), a short reason shown by --explain, and, where the
 * planner knows it, the step that undoes it (run when a later step of the same change fails), and the state
 * groups it can change ({@code touches}: "addresses", "sysctl", "ipt4.nat~NETSHELL", …; null when it could
 * change anything). A change whose steps all say what they touch is snapshotted for those groups alone.
 * {@code creates} names the device, namespace or network a step creates (null for other steps): its undo removes
 * that object, and with it every later step that names it.
 */
public record Step(List<String> argv, String stdin, String why, Step undo, Set<String> touches, String creates) {
    public Step {
        argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        touches = touches == null ? null : Set.copyOf(touches);
    }

    public Step(List<String> argv, String stdin, String why, Step undo, Set<String> touches) {
        this(argv, stdin, why, undo, touches, null);
    }

    public Step(List<String> argv, String stdin, String why, Step undo) { this(argv, stdin, why, undo, null); }

    public Step(List<String> argv, String stdin, String why) { this(argv, stdin, why, null, null); }

    /** This step, undone by {@code inverse} when the change it belongs to fails later on. */
    public Step undoneBy(Step inverse) {
        return new Step(argv, stdin, why, inverse, touches, creates);
    }

    /**
     * This step, which creates {@code object} (a device, a namespace): when the change fails later on, {@code removal}
     * removes it, and the steps that configured it need no undo of their own.
     */
    public Step creating(String object, Step removal) {
        return new Step(argv, stdin, why, removal, touches, object);
    }

    /** This step, saying it changes {@code groups} and nothing else (its undo touches the same). */
    public Step touching(String... groups) {
        Set<String> g = Set.of(groups);
        return new Step(argv, stdin, why, undo == null ? null : undo.touching(groups), g, creates);
    }

    public static Step of(String why, String... argv) {
        return new Step(List.of(argv), null, why);
    }

    public static Step withInput(String why, String stdin, String... argv) {
        return new Step(List.of(argv), stdin, why);
    }
}
