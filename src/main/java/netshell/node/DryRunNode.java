package netshell.node;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import netshell.core.Step;

/**
 * Runs nothing: records every argv and stdin it is asked to run and answers exit 0 with empty output,
 * or a canned reply registered for an argv prefix (the longest matching prefix wins). Also the test double.
 */
public final class DryRunNode implements Node {
    /** A canned answer: exit status and output. */
    public record Reply(int exit, String stdout, String stderr) {
        public static Reply ok(String stdout) { return new Reply(0, stdout, ""); }
        public static Reply fail(int exit, String stderr) { return new Reply(exit, "", stderr); }
    }

    private record Canned(List<String> prefix, Reply reply) {}

    private final String name;
    private final String address;
    private final String underlay;
    private final List<Step> recorded = new ArrayList<>();
    private final List<Canned> replies = new ArrayList<>();

    public DryRunNode(String name) { this(name, "", null); }

    public DryRunNode(String name, String address, String underlay) {
        this.name = name;
        this.address = address == null ? "" : address;
        this.underlay = underlay;
    }

    /** Answers every argv starting with argvPrefix with reply (later registrations win over equal prefixes). */
    public synchronized DryRunNode reply(List<String> argvPrefix, Reply reply) {
        replies.add(0, new Canned(List.copyOf(argvPrefix), reply));
        return this;
    }

    public DryRunNode reply(List<String> argvPrefix, String stdout) { return reply(argvPrefix, Reply.ok(stdout)); }

    /** Every argv (with its stdin) asked so far, in order. */
    public synchronized List<Step> recorded() {
        return List.copyOf(recorded);
    }

    public synchronized void clearRecorded() { recorded.clear(); }

    @Override
    public String name() { return name; }
    @Override
    public Transport kind() { return Transport.DRY_RUN; }

    @Override
    public boolean dryRun() { return true; }
    @Override
    public String address() { return address; }
    @Override
    public String underlay() { return underlay; }

    @Override
    public synchronized ExecResult run(List<String> argv, String stdin) {
        RoundTrips.count(name); // stream() answers through run(): one each
        if (stdin != null && argv.size() == 3 && argv.subList(1, 3).equals(List.of("-batch", "-")))
            return runBatch(argv, stdin);
        recorded.add(new Step(argv, stdin, null));
        Reply reply = replyFor(argv);
        return new ExecResult(name, argv, reply.exit(), reply.stdout(), reply.stderr(), Duration.ZERO);
    }

    /**
     * {@code ip -batch -} / {@code bridge -batch -} as the tools run it: line after line, each recorded and
     * answered as its own argv, stopping at the first failing line with "Command failed -:N".
     */
    private ExecResult runBatch(List<String> argv, String stdin) {
        StringBuilder out = new StringBuilder();
        List<String> lines = stdin.lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i++) {
            List<String> line = new ArrayList<>(List.of(argv.get(0)));
            line.addAll(List.of(lines.get(i).trim().split("\\s+")));
            recorded.add(new Step(line, null, null));
            Reply reply = replyFor(line);
            out.append(reply.stdout());
            if (reply.exit() != 0) {
                return new ExecResult(name, argv, 1, out.toString(),
                        reply.stderr() + "\nCommand failed -:" + (i + 1) + "\n", Duration.ZERO);
            }
        }
        return new ExecResult(name, argv, 0, out.toString(), "", Duration.ZERO);
    }

    @Override
    public LineStream stream(List<String> argv, Consumer<String> onLine) {
        ExecResult result = run(argv, null);
        result.stdout().lines().forEach(onLine);
        result.stderr().lines().forEach(onLine);
        return new LineStream() {
            @Override
            public void cancel() {}
            @Override
            public int waitFor() { return result.exit(); }
        };
    }

    /** What run() answers, its stdout as the bytes and its stderr as lines. */
    @Override
    public LineStream streamBytes(List<String> argv, Consumer<byte[]> onBytes, Consumer<String> onErrorLine) {
        ExecResult result = run(argv, null);
        if (!result.stdout().isEmpty()) onBytes.accept(result.stdout().getBytes(StandardCharsets.UTF_8));
        result.stderr().lines().forEach(onErrorLine);
        return new LineStream() {
            @Override
            public void cancel() {}
            @Override
            public int waitFor() { return result.exit(); }
        };
    }

    private Reply replyFor(List<String> argv) {
        Canned best = null;
        for (Canned c : replies) {
            boolean matches = c.prefix().size() <= argv.size() && argv.subList(0, c.prefix().size()).equals(c.prefix());
            if (matches && (best == null || c.prefix().size() > best.prefix().size())) best = c;
        }
        return best == null ? Reply.ok("") : best.reply();
    }

    @Override
    public void close() {}

    @Override
    public String toString() { return name; }
}
