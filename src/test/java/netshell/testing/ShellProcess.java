package netshell.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real launcher ./shell as a subprocess, as a user would: no terminal, no colour. */
public final class ShellProcess {
    private ShellProcess() {}

    public record Run(int status, String out, String err) {}

    public static Run shell(Map<String, String> env, String... args) throws Exception {
        return shellWithInput(env, null, args);
    }

    /** With {@code input} fed to standard input (a REPL driven by a pipe); null: /dev/null. */
    public static Run shellWithInput(Map<String, String> env, String input, String... args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("shell").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        File out = File.createTempFile("netshell", ".out");
        File err = File.createTempFile("netshell", ".err");
        File in = new File("/dev/null");
        if (input != null) {
            in = File.createTempFile("netshell", ".in");
            in.deleteOnExit();
            Files.writeString(in.toPath(), input, StandardCharsets.UTF_8);
        }
        pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(in));
        Process p = pb.start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // What it printed before it stuck says where: without it a hang in CI is a bare timeout.
        }
        assertTrue(done, () -> "shell finished: " + String.join(" ", args) + "\n--- it printed:\n" + read(out)
                + "\n--- and on stderr:\n" + read(err));
        Run r = new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        out.delete();
        err.delete();
        return r;
    }

    private static String read(File f) {
        try {
            return Files.readString(f.toPath(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    public static Run shell(String... args) throws Exception { return shell(Map.of(), args); }
}
