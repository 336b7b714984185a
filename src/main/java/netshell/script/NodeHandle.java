package netshell.script;

import java.util.ArrayList;
import java.util.List;

import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.shell.LineParser;

/**
 * A node as scripts see it: {@code node1.run('ip -br addr')} splits the words like the shell does
 * (quotes honoured) and runs them as argv; a line with shell operators (| ; >) runs under {@code sh -c}.
 * Its text is the node's name, so {@code "container run web1 --on $a"} reads naturally.
 */
public final class NodeHandle {
    private final Node node;

    public NodeHandle(Node node) {
        this.node = node;
    }

    public String getName() { return node.name(); }
    public String getAddress() { return node.address(); }
    public String getUnderlay() { return node.underlay(); }
    public Node getNode() { return node; }

    public ExecResult run(String line) {
        List<String> argv = LineParser.plainWords(line).orElse(List.of("sh", "-c", line));
        return node.run(argv, null);
    }

    public ExecResult run(List<?> argv) {
        List<String> words = new ArrayList<>();
        for (Object o : argv) words.add(String.valueOf(o));
        return node.run(words, null);
    }

    /** Runs a line that must succeed and gives its stdout, stripped. */
    public String output(String line) {
        return run(line).orThrow().stdout().strip();
    }

    @Override public String toString() { return node.name(); }
}
