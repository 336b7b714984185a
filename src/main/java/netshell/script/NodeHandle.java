package netshell.script;

import java.util.ArrayList;
import java.util.List;

import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.shell.LineParser;

/**
 * A node as scripts see it: {@code node1.run('ip -br addr')} splits the words like the shell does
 * (quotes honoured) and runs them as argv; a line with shell operators (| ; >) runs under {@code sh -c}.
 * Its text is the node's name, so {@code "container run web1 --on $a"} reads naturally. Like the same line
 * typed at the prompt, it honours the session's dry run and explain.
 */
public final class NodeHandle {
    private final Node node;
    private final ScriptHost host;

    NodeHandle(Node node, ScriptHost host) {
        this.node = node;
        this.host = host;
    }

    public String getName() { return node.name(); }
    public String getAddress() { return node.address(); }
    public String getUnderlay() { return node.underlay(); }
    public Node getNode() { return node; }

    public ExecResult run(String line) {
        return runArgv(LineParser.plainWords(line).orElse(List.of("sh", "-c", line)));
    }

    public ExecResult run(List<?> argv) {
        List<String> words = new ArrayList<>();
        for (Object o : argv) words.add(String.valueOf(o));
        return runArgv(words);
    }

    private ExecResult runArgv(List<String> argv) {
        var session = host.session();
        Context ctx = new Context(session, false, session.explainAll(), host::live);
        return ctx.change(node, new Step(argv, null, "run on " + node.name()));
    }

    /** Runs a line that must succeed and gives its stdout, stripped. */
    public String output(String line) {
        return run(line).orThrow().stdout().strip();
    }

    @Override
    public String toString() { return node.name(); }
}
