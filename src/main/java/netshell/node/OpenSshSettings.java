package netshell.node;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.core.BadInput;
import netshell.core.DaemonThreads;

/**
 * A host's effective settings as OpenSSH computes them, `ssh -G -F FILE HOST`: Match blocks (host, user, exec,
 * localuser…) and every default resolved by ssh itself. FILE is the config with its Includes already inlined (as
 * netshell resolves them), so that ssh sees what the built-in reader sees. Each host is asked once.
 */
final class OpenSshSettings implements AutoCloseable {
    private static final Pattern SSH_ERROR_LINE = Pattern.compile("line (\\d+)");
    private static final int PARALLEL = 6;
    private static volatile Boolean available;

    private final Path dir;
    private final Path config;
    private final List<SshConfigFile.Line> lines;
    private final Map<String, Map<String, List<String>>> cache = new ConcurrentHashMap<>();

    /** Whether OpenSSH's ssh is on the PATH. */
    static boolean available() {
        if (available == null) available = find() != null;
        return available;
    }

    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path ssh = Path.of(dir.isEmpty() ? "." : dir, "ssh");
            if (Files.isRegularFile(ssh) && Files.isExecutable(ssh)) return ssh.toString();
        }
        return null;
    }

    OpenSshSettings(SshConfigFile read) {
        this.lines = read.lines;
        try {
            dir = Files.createTempDirectory("netshell-ssh-config",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            config = dir.resolve("config");
            Files.write(config, read.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput("cannot write a temporary ssh_config for ssh -G: " + e.getMessage());
        }
    }

    /**
     * Asks ssh about many hosts at once: each ssh -G is a process start (some 25 ms of CPU), mostly waited for, so
     * a few run side by side.
     */
    void prefetch(Collection<String> hosts) {
        if (hosts.size() < 2) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, hosts.size()),
                DaemonThreads.named("ssh-G", true));
        try {
            List<Future<?>> asked = new ArrayList<>();
            for (String h : hosts) asked.add(pool.submit(() -> of(h)));
            for (Future<?> f : asked) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new BadInput("ssh -G: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInput("interrupted while asking ssh -G");
        } finally {
            pool.shutdownNow();
        }
    }

    /** ssh -G's settings for a host: keyword (lower case) → its values (identityfile has several). */
    Map<String, List<String>> of(String host) {
        return cache.computeIfAbsent(host, this::ask);
    }

    private Map<String, List<String>> ask(String host) {
        if (host.startsWith("-")) throw new BadInput("ssh_config: host name '" + host + "' starts with '-'");
        List<String> argv = List.of("ssh", "-G", "-F", config.toString(), "--", host);
        ExecResult r = Processes.run("ssh-G", argv, argv, "");
        if (r.exit() != 0) throw new BadInput(where(r.stderr()));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length == 2) out.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
        }
        return out;
    }

    /** ssh's complaint about the config, its `line N` given back as the file and line it came from. */
    private String where(String stderr) {
        String first = stderr.lines().filter(l -> !l.startsWith("Pseudo-terminal")).findFirst().orElse("ssh -G failed");
        Matcher m = SSH_ERROR_LINE.matcher(first);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= lines.size()) {
                String message = first.substring(m.end()).replaceFirst("^:\\s*", "");
                return lines.get(n - 1).where() + ": " + message + " (ssh -G)";
            }
        }
        return "ssh -G: " + first.replace(config.toString(), "ssh_config");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(config);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A temporary file left behind harms nothing.
        }
    }
}
