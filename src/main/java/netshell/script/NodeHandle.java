package netshell.script;

import java.util.ArrayList;
import java.util.List;

import groovy.lang.GString;

import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * A node as scripts see it: {@code node1.run('ip -br addr')} splits the words like the shell does (quotes
 * honoured) and runs them as argv; no shell on the node ever sees them, so {@code ; | > $( )} are characters of a
 * word, and an interpolated value ({@code "ip link show ${dev}"}) is one word whatever it holds. A shell line is
 * asked for by name: {@code node1.sh('ip -br addr | grep eth1')}, where a GString's values are quoted for the
 * shell. Its text is the node's name, so {@code "container run web1 --on $a"} reads naturally. Like the same line
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

    /** The words of the text as argv; shell operators are plain characters. */
    public ExecResult run(String line) {
        return runArgv(ScriptWords.words(line));
    }

    /** The words of the text as argv, each interpolated value inside its word, whole. */
    public ExecResult run(GString line) {
        return runArgv(ScriptWords.words(line.getStrings(), line.getValues()));
    }

    /** A shell line run by {@code sh -c} on the node: pipes, redirects and the rest mean what they mean there. */
    public ExecResult sh(String line) {
        return runArgv(List.of("sh", "-c", line));
    }

    /** A shell line whose interpolated values are quoted, so each reaches the shell as one word of data. */
    public ExecResult sh(GString line) {
        return sh(ScriptWords.shellLine(line.getStrings(), line.getValues()));
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

    /** Runs a line that must succeed and gives its stdout, stripped; interpolated values stay one word each. */
    public String output(GString line) {
        return run(line).orThrow().stdout().strip();
    }

    @Override
    public String toString() { return node.name(); }
}
