package netshell.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import netshell.app.Commands;
import netshell.app.Launch;
import netshell.command.Registry;
import netshell.command.Session;
import netshell.command.Target;
import netshell.lab.Lab;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.script.Scripting;
import netshell.shell.Executor;
import netshell.shell.Invoker;
import netshell.shell.LineParser;
import netshell.shell.Style;

/**
 * An in-process shell for tests: a session on a lab of the test's own (random name, removed by close()),
 * or on any target; run(line) gives status and output like the REPL, invoke(line) the typed result.
 */
public final class TestShell implements AutoCloseable {
    public record Run(int status, String out, String err) {}

    private final Session session;
    private final Invoker invoker;
    private final Lab lab;

    /** Where Groovy lines print: the output of the run under way. */
    private volatile PrintStream groovyOut = new PrintStream(OutputStream.nullOutputStream());

    private TestShell(Registry registry, Target target, Lab lab) {
        this.session = Commands.plugIn(new Session(registry, () -> target));
        this.invoker = Launch.newInvoker(session);
        this.lab = lab;
        // Lines that are no command are Groovy, as at the prompt and in -c.
        Scripting.lineGroovy(session, invoker, new PrintStream(new OutputStream() {
            @Override
            public void write(int b) { groovyOut.write(b); }

            @Override
            public void write(byte[] b, int off, int len) { groovyOut.write(b, off, len); }
        }, true, StandardCharsets.UTF_8), Style.PLAIN);
    }

    /** A fresh lab with {@code nodes} nodes, named {@code prefix-<random>}; close() removes it. */
    public static TestShell lab(String prefix, int nodes) {
        return lab(prefix, nodes, false);
    }

    /** As above; with {@code ipv6} the nodes also get the IPv6 underlay fd56::/64 (lab up --ipv6). */
    public static TestShell lab(String prefix, int nodes, boolean ipv6) {
        Lab lab = new Lab(prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
        try {
            lab.up(nodes, false);
            if (ipv6) lab.upIpv6(nodes);
        } catch (RuntimeException e) {
            lab.down();
            throw e;
        }
        return new TestShell(Commands.registry(), Target.lab(lab, null), lab);
    }

    /** As {@link #lab(String, int)}, each node with its own Docker engine (lab up --docker); close() stops them. */
    public static TestShell dockerLab(String prefix, int nodes) {
        return dockerLab(prefix, nodes, false);
    }

    /** As above; with {@code ipv6} the nodes also get the IPv6 underlay fd56::/64 (lab up --ipv6 --docker). */
    public static TestShell dockerLab(String prefix, int nodes, boolean ipv6) {
        Lab lab = new Lab(prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
        try {
            lab.up(nodes, false, true);
            if (ipv6) lab.upIpv6(nodes);
        } catch (RuntimeException e) {
            lab.down();
            throw e;
        }
        return new TestShell(Commands.registry(), Target.lab(lab, null), lab);
    }

    public static TestShell on(Target target) {
        return new TestShell(Commands.registry(), target, null);
    }

    public static TestShell on(Target target, Registry registry) {
        return new TestShell(registry, target, null);
    }

    public Session session() { return session; }
    public Lab lab() { return lab; }
    public Invoker invoker() { return invoker; }

    public Node node(String name) { return session.select(name).get(0); }

    /** Runs a raw argv on a node, failing the test with its stderr when it does not succeed. */
    public ExecResult sh(String node, String... argv) {
        ExecResult r = node(node).run(argv);
        if (!r.ok())
            throw new AssertionError(node + ": " + String.join(" ", argv) + " → " + r.exit() + ": " + r.stderr());
        return r;
    }

    public Run run(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Executor e = new Executor(invoker, o, new PrintStream(err, true, StandardCharsets.UTF_8), Style.PLAIN, false);
        groovyOut = o;
        int status = e.execute(line);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The typed result of one command (no filters), with live rows collected into {@code live} when given. */
    public Object invoke(String line, List<Object> live) throws Exception {
        var commands = LineParser.parse(line);
        if (commands.size() != 1) throw new IllegalArgumentException("one command please: " + line);
        List<Object> sink = live == null ? new ArrayList<>() : live;
        return invoker.invoke(commands.get(0).words(), row -> {
            synchronized (sink) {
                sink.add(row);
            }
        });
    }

    public Object invoke(String line) throws Exception { return invoke(line, null); }

    @Override
    public void close() {
        session.peekTarget().ifPresent(t -> t.fleet().close());
        if (lab != null) lab.down();
    }
}
