package netshell.lb.rules;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import netshell.core.Step;

/** A throwaway network namespace for tests that program the kernel; never touches the root namespace's rules. */
final class Namespace implements AutoCloseable {
    record Result(int exit, String out, String err) {}

    final String name = "nslb-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, 1 << 30));

    Namespace() {
        Result r = host(List.of("ip", "netns", "add", name), null);
        if (r.exit != 0) throw new IllegalStateException("ip netns add " + name + ": " + r.err);
    }

    static boolean usable(String tool) {
        try {
            return host(List.of("sh", "-c", "command -v " + tool), null).exit == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    Result run(String stdin, String... argv) { return run(List.of(argv), stdin); }

    Result run(List<String> argv, String stdin) {
        var full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(argv);
        return host(full, stdin);
    }

    /** Runs a step and fails loudly if it fails. */
    String must(Step step) {
        Result r = run(step.argv(), step.stdin());
        if (r.exit != 0)
            throw new AssertionError(step.argv() + " failed (" + r.exit + "): " + r.err + "\n" + step.stdin());
        return r.out;
    }

    String must(String stdin, String... argv) { return must(new Step(List.of(argv), stdin, "test")); }

    /** Does what a caller of a guarded step does: check, then apply only if the guard says so. */
    boolean runGuarded(GuardedStep g) {
        boolean apply = g.shouldApply(run(g.check().argv(), null).exit);
        if (apply) must(g.apply());
        return apply;
    }

    @Override
    public void close() { host(List.of("ip", "netns", "del", name), null); }

    private static Result host(List<String> argv, String stdin) {
        try {
            Process p = new ProcessBuilder(argv).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            // Outputs here are small; reading after exit cannot deadlock on a full pipe at these sizes.
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + argv);
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + argv, e);
        }
    }
}
