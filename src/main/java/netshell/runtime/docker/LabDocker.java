package netshell.runtime.docker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import netshell.core.AfterCtrlC;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.node.NodeException;

/**
 * A Docker engine per lab node, as each Vagrant VM has one: dockerd started inside the node's network
 * namespace with {@code nsenter --net} (not {@code ip netns exec}, whose remounted /sys hides the cgroup
 * mounts dockerd checks), with its own data root, exec root, pid file, socket and an empty config file under
 * STATE/docker/nodeN. The engine picks its own storage driver, as on a VM: overlay2 where the file system takes it
 * (a container starts without a copy of its image: about 100 ms less per container than vfs), vfs where nothing
 * else works (data root on overlayfs, as in a container). The default bridge docker0 is 172.31.N.1/24
 * (off 172.17.0.0/16, distinct per node: engines never clash), and with it Docker's standing chains are there
 * from the start, as on a VM; the userland proxy is off; iptables on (FORWARD DROP, DOCKER, DOCKER-USER).
 * Each engine gets the image {@value #WEB_IMAGE} (also tagged {@code nginx}), made offline from the host's
 * busybox-static: no registry is needed.
 */
public final class LabDocker {
    /**
     * The lab's web image: busybox httpd serving /usr/share/nginx/html on port 80, as the nginx image does. With no
     * address given it listens on [::]:80, which takes IPv4 too: containers on a dual-stack overlay answer in both
     * families. Dual-stack networks need no daemon flag (--ipv6 and --fixed-cidr-v6 concern docker0 alone).
     */
    static final String WEB_IMAGE = "netshell/web";
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final String BUSYBOX = "/bin/busybox";
    private static final List<String> APPLETS = List.of("sh", "httpd", "ping", "wget", "nc", "cat", "echo", "ls",
            "mkdir", "rm", "cp", "mv", "ip", "ifconfig", "route", "netstat", "hostname", "sleep", "ps", "kill",
            "env", "grep", "sed", "true", "false", "id", "uname", "traceroute", "nslookup", "arp", "tee", "vi");

    /** One engine as found: its node, whether its dockerd runs, and the server version it answers with. */
    public record Engine(String node, boolean running, String version) {}

    private final String lab;
    private final Path root;
    private final LocalNode host;
    private final Map<Integer, Process> processes = new HashMap<>();

    public LabDocker(String lab, Path stateDir, LocalNode host) {
        this.lab = lab;
        this.root = stateDir.resolve("docker");
        this.host = host;
    }

    private Path dir(int i) { return root.resolve("node" + i); }

    private Path socket(int i) { return dir(i).resolve("docker.sock"); }

    private Path pidFile(int i) { return dir(i).resolve("docker.pid"); }

    private Path log(int i) { return dir(i).resolve("docker.log"); }

    /** What the engine sees as /etc/docker. */
    private Path etc(int i) { return dir(i).resolve("etc"); }

    /** Where node i's engine listens (when it has one), as a DOCKER_HOST value. */
    public static String dockerHost(Path stateDir, int i) {
        return "unix://" + stateDir.resolve("docker").resolve("node" + i).resolve("docker.sock");
    }

    /** The DOCKER_HOST of node i's engine when it has one. */
    public Optional<String> dockerHost(int i) {
        return Files.isDirectory(dir(i)) ? Optional.of("unix://" + socket(i)) : Optional.empty();
    }

    /**
     * Starts the engines nodes lack (all at once, then waits for each) and gives each the web image. An engine
     * that does not start stops the whole operation, naming its own last log line; what it made is removed.
     */
    public void up(List<Integer> nodes, List<String> namespaces) {
        List<Integer> started = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            int i = nodes.get(k);
            if (running(i)) continue;
            start(i, namespaces.get(k));
            started.add(i);
        }
        // The image's file system is packed while the engines start (they take far longer), then imported.
        CompletableFuture<Void> packed = CompletableFuture.runAsync(this::packWebImage);
        for (int i : started) {
            try {
                awaitReady(i);
            } catch (RuntimeException e) {
                packed.exceptionally(x -> null).join(); // the engine's failure is the one to report
                AfterCtrlC.cleanUp(() -> {
                    for (int j : started) stop(j);
                    if (nodes().isEmpty() && Files.isDirectory(root)) deleteTree(root);
                });
                throw e;
            }
        }
        try {
            packed.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        inParallel(nodes, i -> ensureWebImage(i, started.contains(i)));
    }

    /** Runs the job for every node at once (engines are independent); the first failure is thrown. */
    private static void inParallel(List<Integer> nodes, IntConsumer job) {
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = nodes.stream().map(i -> new Thread(() -> {
            try {
                job.accept(i);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }, "lab-docker-node" + i)).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                // Ctrl-C: the others are stopped where they are and waited for, so that the clean-up after this
                // finds everything they made (an engine started after it would be left running)
                threads.forEach(Thread::interrupt);
                // (an engine's start gives up sooner when interrupted)
                AfterCtrlC.await(() -> threads.stream().noneMatch(Thread::isAlive), 30_000);
                Thread.currentThread().interrupt();
                throw new NodeException("lab", "interrupted");
            }
        }
        if (!failures.isEmpty()) throw failures.get(0);
    }

    private void start(int i, String namespace) {
        try {
            if (Files.isDirectory(dir(i))) deleteTree(dir(i)); // a stopped engine's leftovers
            Files.createDirectories(dir(i).resolve("data"));
            Files.createDirectories(dir(i).resolve("exec"));
            Files.createDirectories(etc(i));
            Files.writeString(dir(i).resolve("daemon.json"), "{}\n"); // not the host's /etc/docker/daemon.json
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir(i), e);
        }
        // A mount namespace of its own (slave: the host's mounts still reach it, none of its go out): the
        // containers' mounts vanish with the engine, and /etc/docker is the engine's own directory there, so that
        // Docker before 23 keeps its identity key (key.json) per engine, never in the host's /etc/docker.
        // First what dockerd does on a machine whose forwarding was off (every Vagrant VM): FORWARD policy DROP. The
        // lab turned forwarding on already, so dockerd would leave the policy at ACCEPT; the node gets the VM's.
        String script = "iptables -P FORWARD DROP || { echo 'iptables -P FORWARD DROP failed' >&2; exit 1; }; "
                + "[ -d /etc/docker ] && mount --bind \"$0\" /etc/docker; exec dockerd \"$@\"";
        List<String> argv = new ArrayList<>(List.of("setsid", "nsenter", "--net=/run/netns/" + namespace,
                "unshare", "--mount", "--propagation", "slave", "sh", "-c", script, etc(i).toString(),
                "--config-file", dir(i).resolve("daemon.json").toString(),
                "--data-root", dir(i).resolve("data").toString(),
                "--exec-root", dir(i).resolve("exec").toString(),
                "--pidfile", pidFile(i).toString(),
                "-H", "unix://" + socket(i),
                "--bip", "172.31." + i + ".1/24", "--iptables=true", "--ip-forward=true",
                "--userland-proxy=false", "--cgroup-parent", "/" + cgroup(i)));
        try {
            // setsid execs in place (a child is no group leader): this handle is dockerd itself, and it outlives us.
            processes.put(i, new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
        } catch (IOException e) {
            throw new NodeException("lab", "cannot start dockerd (is docker.io installed?): " + e.getMessage(), e);
        }
    }

    private void awaitReady(int i) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (version(i) != null) return;
            Process p = processes.get(i);
            if (p != null && !p.isAlive()) break; // it stopped: its last log line says why
            sleep(5);
        }
        throw failure(i, "dockerd did not start");
    }

    private NodeException failure(int i, String what) {
        String why = logTail(i);
        stop(i);
        return new NodeException("lab", "node" + i + ": " + what + (why.isEmpty() ? "" : ": " + why));
    }

    /** The engine's log line that says why it stopped (see {@link #why}). */
    private String logTail(int i) {
        try {
            return why(Files.exists(log(i)) ? Files.readAllLines(log(i)) : List.of());
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Of an engine's log, the line that says why it stopped: its last "failed to start daemon", fatal or error line
     * (gRPC's notices of the closing connection can come after it), else its last line; "" for none.
     */
    static String why(List<String> log) {
        String last = "";
        for (int k = log.size() - 1; k >= 0; k--) {
            String l = log.get(k).strip();
            if (l.isEmpty()) continue;
            if (l.startsWith("failed to start daemon") || l.contains("level=fatal") || l.contains("level=error"))
                return l;
            if (last.isEmpty()) last = l;
        }
        return last;
    }

    private ExecResult docker(int i, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker", "-H", "unix://" + socket(i)));
        argv.addAll(List.of(args));
        return host.run(argv);
    }

    /** The engine's version, asked over its socket (no client process), or null when it does not answer. */
    private String version(int i) {
        return DockerSocket.version(socket(i)).orElse(null);
    }

    /** The web image's root file system as a tar, made once per {@code lab up --docker} for every engine. */
    private Path webImageTar() {
        return root.resolve("web-image.tar");
    }

    /** Packs busybox-static, its applets and an nginx-like web root into {@link #webImageTar()}. */
    private void packWebImage() {
        if (!Files.isExecutable(Path.of(BUSYBOX))) {
            throw new NodeException("lab", "no " + BUSYBOX + " to make the " + WEB_IMAGE
                    + " image from; install busybox-static");
        }
        String script = """
                set -e
                d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
                mkdir -p "$d/bin" "$d/tmp" "$d/etc" "$d/usr/share/nginx/html"
                cp "$1" "$d/bin/busybox"; shift
                for a in "$@"; do ln -s busybox "$d/bin/$a"; done
                echo 'root:x:0:0:root:/root:/bin/sh' > "$d/etc/passwd"
                echo 'Welcome to netshell/web' > "$d/usr/share/nginx/html/index.html"
                tar --owner=0 --group=0 -C "$d" -cf "$OUT.part" . && mv "$OUT.part" "$OUT"
                """;
        List<String> argv = new ArrayList<>(List.of("env", "OUT=" + webImageTar(), "sh", "-c", script, "sh", BUSYBOX));
        argv.addAll(APPLETS);
        ExecResult r = host.run(argv);
        if (!r.ok()) throw new NodeException("lab", "cannot pack the " + WEB_IMAGE + " image: " + r.firstErrorLine());
    }

    /**
     * Imports the web image when the engine lacks it (a fresh engine lacks everything: no need to ask) and tags it
     * nginx when nginx is absent.
     */
    private void ensureWebImage(int i, boolean fresh) {
        if (fresh || !docker(i, "image", "inspect", WEB_IMAGE).ok()) {
            ExecResult r = docker(i, "import", "-c", "CMD [\"/bin/httpd\", \"-f\", \"-p\", \"80\", \"-h\", "
                    + "\"/usr/share/nginx/html\"]", "-c", "EXPOSE 80", "-m",
                    "busybox httpd serving /usr/share/nginx/html (netshell lab)", webImageTar().toString(), WEB_IMAGE);
            if (!r.ok())
                throw new NodeException("lab", "node" + i + ": cannot make " + WEB_IMAGE + ": " + r.firstErrorLine());
        }
        if (fresh || !docker(i, "image", "inspect", "nginx").ok()) {
            ExecResult r = docker(i, "tag", WEB_IMAGE, "nginx");
            if (!r.ok()) throw new NodeException("lab", "node" + i + ": docker tag nginx: " + r.firstErrorLine());
        }
    }

    private Optional<Long> pid(int i) {
        try {
            if (!Files.exists(pidFile(i))) return Optional.empty();
            long pid = Long.parseLong(Files.readString(pidFile(i)).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean running(int i) { return pid(i).isPresent() && Files.exists(socket(i)); }

    /** The engines the lab has (by state directory), in node order. */
    public List<Integer> nodes() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(p -> p.getFileName().toString()).filter(f -> f.matches("node\\d+"))
                    .map(f -> Integer.parseInt(f.substring(4))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Engine status(int i) {
        boolean running = running(i);
        String version = running ? version(i) : null;
        return new Engine("node" + i, running, version == null ? "" : version);
    }

    /** Stops every engine and removes its state and mounts: nothing of them is left. */
    public void down() {
        inParallel(nodes(), this::stop);
        if (Files.isDirectory(root)) deleteTree(root);
    }

    /**
     * Kills the engine and its containers outright, then unmounts and deletes what they left. No container needs a
     * clean stop (the lab's state goes with them), and asking the engine to remove each one costs more than the
     * whole rest of lab down: the containers are the processes in the engine's cgroup tree, the engine is dockerd,
     * containerd and the shims, every one of which names the engine's directory on its command line.
     */
    public void stop(int i) {
        List<ProcessHandle> engine = engineProcesses(i);
        // A shim killed outright leaves its socket in /run/containerd/s, outside the engine's directory.
        List<Path> sockets = ShimSockets.of(engine);
        List<ProcessHandle> all = new ArrayList<>(containerProcesses(i));
        all.addAll(engine);
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
        while (all.stream().anyMatch(LabDocker::running) && System.currentTimeMillis() < deadline) sleep(5);
        ShimSockets.delete(sockets);
        unmountUnder(dir(i));
        removeCgroups(i);
        if (Files.isDirectory(dir(i))) deleteTree(dir(i));
    }

    /** Processes whose command line names the engine's directory: dockerd, containerd, containerd-shim. */
    private List<ProcessHandle> engineProcesses(int i) {
        String marker = dir(i).toAbsolutePath().toString();
        List<ProcessHandle> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (namesDirectory(cmdline, marker))
                        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(out::add);
                } catch (IOException e) {
                    // It exited while we looked.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        out.removeIf(p -> p.pid() == ProcessHandle.current().pid());
        return out;
    }

    /**
     * Whether a command line (arguments NUL-separated, as /proc/PID/cmdline gives it) names the directory itself or a
     * path under it: ".../node1" and ".../node1/exec" do, ".../node10/exec" does not.
     */
    static boolean namesDirectory(String cmdline, String dir) {
        for (String arg : cmdline.split("\0")) {
            for (int at = arg.indexOf(dir); at >= 0; at = arg.indexOf(dir, at + 1)) {
                int end = at + dir.length();
                if (end == arg.length() || arg.charAt(end) == '/') return true;
            }
        }
        return false;
    }

    /** The processes in the engine's cgroup tree (its containers), read from every hierarchy that has it. */
    private List<ProcessHandle> containerProcesses(int i) {
        List<ProcessHandle> out = new ArrayList<>();
        for (Path tree : cgroupTrees(i)) {
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("cgroup.procs")).toList()) {
                    for (String pid : Files.readAllLines(f)) {
                        if (pid.matches("\\d+")) ProcessHandle.of(Long.parseLong(pid)).ifPresent(out::add);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // A cgroup that went away while we read it had no processes left.
            }
        }
        return out.stream().distinct().toList();
    }

    /**
     * Alive and not yet a zombie: a killed process holds nothing once it is a zombie, and whoever reaps it (init,
     * which may take its time) is not ours to wait for.
     */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) return false;
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone between the two looks
        }
    }

    /** The engine's containers' cgroups go under this one (not the host engine's "docker"), removed on stop. */
    private String cgroup(int i) {
        return "netshell-" + lab + "-node" + i;
    }

    /** The engine's cgroup directory in every hierarchy that has one: cgroup v1 has one per controller, v2 one. */
    private List<Path> cgroupTrees(int i) {
        List<Path> dirs = new ArrayList<>();
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(root.resolve(cgroup(i)))) dirs.add(root.resolve(cgroup(i)));
        try (Stream<Path> hierarchies = Files.list(root)) {
            hierarchies.map(h -> h.resolve(cgroup(i))).filter(Files::isDirectory).forEach(dirs::add);
        } catch (IOException ignored) {
            // No cgroup file system here: nothing was made there either.
        }
        return dirs;
    }

    /** The engine's cgroups, its containers' below it first (rmdir; their files go with them). */
    private void removeCgroups(int i) {
        for (Path tree : cgroupTrees(i)) {
            try (Stream<Path> dirs = Files.walk(tree)) {
                dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> d.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // Gone already.
            }
        }
    }

    /** Mounts the engine left under its directory (container netns and rootfs), deepest first. */
    private void unmountUnder(Path dir) {
        String prefix = dir.toAbsolutePath() + "/";
        List<String> mounts;
        try {
            mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1])
                    .map(m -> m.replace("\\040", " ")).filter(m -> m.startsWith(prefix))
                    .sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            return;
        }
        for (String m : mounts) host.run("umount", "-l", m);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
