package netshell.node;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A node whose commands are local processes; subclasses say how an argv becomes a process command. */
abstract class ProcessNode implements Node {
    private final String name;
    private final String address;
    private final String underlay;
    private volatile String detectedUnderlay;

    ProcessNode(String name, String address, String underlay) {
        this.name = name;
        this.address = address == null ? "" : address;
        this.underlay = underlay;
    }

    /** The process command that runs argv on this node. */
    abstract List<String> command(List<String> argv);

    @Override
    public String name() { return name; }
    @Override
    public String address() { return address; }
    @Override
    public String underlay() {
        if (underlay != null) return underlay;
        if (detectedUnderlay == null) detectedUnderlay = UnderlayLookup.detect(this);
        return detectedUnderlay;
    }

    @Override
    public ExecResult run(List<String> argv, String stdin) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        RoundTrips.count(name);
        return Processes.run(name, argv, command(argv), stdin);
    }

    /** One {@code sh -c} process for all of them (inside the namespace for a lab node). */
    @Override
    public List<ExecResult> runAll(List<List<String>> argvs) {
        if (argvs.size() < 2) return Node.super.runAll(argvs);
        return ReadScript.split(name, argvs, run(List.of("sh", "-c", ReadScript.script(argvs)), null));
    }

    @Override
    public LineStream stream(List<String> argv, Consumer<String> onLine) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        RoundTrips.count(name);
        ProcessBuilder builder = new ProcessBuilder(command(argv))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return ProcessLineStream.lines(name, builder.start(), onLine);
        } catch (IOException e) {
            throw new NodeException(name, "cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LineStream streamBytes(List<String> argv, Consumer<byte[]> onBytes, Consumer<String> onErrorLine) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        RoundTrips.count(name);
        ProcessBuilder builder = new ProcessBuilder(command(argv))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return ProcessLineStream.bytes(name, builder.start(), onBytes, onErrorLine);
        } catch (IOException e) {
            throw new NodeException(name, "cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** A line through {@code cat} started on the node (in the namespace, for a lab node): pipes, no process start. */
    @Override
    public Duration roundTrip() {
        Process cat = Processes.start(name, command(List.of("cat")));
        try {
            return EchoRoundTrip.measure(name, cat.getOutputStream(), cat.getInputStream(), ECHO_TIMEOUT,
                    cat::destroyForcibly);
        } finally {
            cat.destroyForcibly();
        }
    }

    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public void close() {}

    @Override
    public String toString() { return name; }
}
