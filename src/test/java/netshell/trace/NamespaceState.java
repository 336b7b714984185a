package netshell.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import netshell.node.LocalNode;

/**
 * What the trace lab tests compare before and after a trace, per network namespace of this machine: its rules
 * without counters and the processes in it, so that anything a trace leaves behind shows as a difference.
 */
final class NamespaceState {
    private NamespaceState() {}

    /** The names of this machine's namespaces that {@code which} keeps. */
    static List<String> namespaces(Predicate<String> which) {
        return run("ip", "netns", "list").lines().map(l -> l.split("\\s+")[0]).filter(which).toList();
    }

    /** {@code iptables-save} (or another save command) in the namespace, comments and counters left out. */
    static String iptables(String ns, String save) {
        return run("ip", "netns", "exec", ns, save).replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
    }

    /** {@code nft list ruleset} in the namespace, counters left out. */
    static String nft(String ns) {
        return run("ip", "netns", "exec", ns, "nft", "list", "ruleset").replaceAll("packets \\d+ bytes \\d+", "");
    }

    /** The command lines of the processes in the namespace that {@code keep} keeps, sorted. */
    static String processes(String ns, Predicate<String> keep) {
        List<String> procs = new ArrayList<>();
        for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
            if (pid.isBlank()) continue;
            String args = run("ps", "-o", "args=", "-p", pid).strip();
            if (!args.isEmpty() && keep.test(args)) procs.add(args);
        }
        procs.sort(null);
        return String.join("\n", procs);
    }

    private static String run(String... argv) {
        return new LocalNode("local").run(List.of(argv), null).stdout();
    }
}
