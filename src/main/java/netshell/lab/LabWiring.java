package netshell.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.node.NodeException;
import netshell.node.ShellQuote;

/**
 * Builds and tears down a lab's namespaces, bridge and veths on this machine, in a number of processes linear
 * in the nodes: one {@code ip -batch} for every namespace, one for the LAN side of every veth, then one batch and
 * one sysctl per node (nodes two at a time); teardown kills each namespace's processes and deletes them all in
 * one batch.
 */
final class LabWiring {
    /**
     * The kernel's ARP table is one for all namespaces, with one limit (net.ipv4.neigh.default.gc_thresh3, 1024 by
     * default): past it, new neighbours fail ("No buffer space available"). A lab of N nodes needs up to N×(N−1)
     * underlay and as many overlay entries; with room for the rest of the machine, 4×N² is enough.
     */
    static final int NEIGHBOURS_PER_NODE_SQUARED = 4;

    private final Lab lab;
    /** This machine, or the host of one part of a multi-host lab (the same ip commands, sent to it). */
    private final Node host;

    LabWiring(Lab lab, Node host) {
        this.lab = lab;
        this.host = host;
    }

    void up(int count) {
        up(IntStream.rangeClosed(1, count).boxed().toList());
    }

    /** Creates what is missing for the nodes numbered {@code indexes}, and the LAN; the other nodes are not touched. */
    void up(List<Integer> indexes) {
        prepareStateDir();
        roomForNeighbours(indexes.stream().mapToInt(Integer::intValue).max().orElse(1));
        List<String> existing = lab.namespaces();
        StringBuilder addNamespaces = new StringBuilder();
        if (!existing.contains(lab.lan())) addNamespaces.append("netns add ").append(lab.lan()).append('\n');
        for (int i : indexes) {
            if (!existing.contains(lab.namespace(i)))
                addNamespaces.append("netns add ").append(lab.namespace(i)).append('\n');
        }
        batch(null, addNamespaces.toString());
        String lanLinks = host.run("ip", "-n", lab.lan(), "-o", "link", "show").stdout();
        StringBuilder lan = new StringBuilder();
        if (!hasLink(lanLinks, "br0")) lan.append("link add br0 type bridge\n");
        lan.append("link set br0 up\n");
        for (int i : indexes) {
            // The two ends of a veth live and die together: our lan end exists exactly when the node's eth1 does.
            if (!hasLink(lanLinks, "veth" + i)) {
                lan.append("link add veth").append(i).append(" type veth peer name ").append(lab.underlay())
                        .append(" netns ").append(lab.namespace(i)).append('\n');
            }
            lan.append("link set veth").append(i).append(" master br0 up\n");
        }
        batch(lab.lan(), lan.toString());
        // Each node is two short processes of its own: two at a time keeps both cores busy.
        indexes.parallelStream().forEach(this::upNode);
    }

    private void upNode(int i) {
        String ns = lab.namespace(i);
        String underlay = lab.underlay();
        batch(ns, "link set lo up\nlink set " + underlay + " up\naddr replace " + Lab.address(i) + "/24 dev " + underlay
                + "\n");
        // Forwarding for routed/LB traffic; loose rp_filter so asymmetric VXLAN/DNAT paths are not dropped.
        run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
                "net.ipv4.conf.all.rp_filter=2", "net.ipv4.conf.default.rp_filter=2");
    }

    /** Raises (never lowers) the machine's ARP table limits so that a big lab's nodes can all reach each other. */
    private void roomForNeighbours(int count) {
        long want = (long) NEIGHBOURS_PER_NODE_SQUARED * count * count;
        long now = sysctl("net.ipv4.neigh.default.gc_thresh3");
        if (now < 0 || now >= want) return;
        List<String> argv = new ArrayList<>(List.of("sysctl", "-q", "-w", "net.ipv4.neigh.default.gc_thresh3=" + want));
        if (sysctl("net.ipv4.neigh.default.gc_thresh2") < want / 2)
            argv.add("net.ipv4.neigh.default.gc_thresh2=" + want / 2);
        run(argv.toArray(String[]::new));
    }

    private long sysctl(String key) {
        String v = host.run("sysctl", "-n", key).stdout().strip();
        return v.matches("\\d+") ? Long.parseLong(v) : -1;
    }

    /**
     * Removes one node: its sshd, the processes in its namespace and its containers' (given), the namespaces (its
     * veths, and their peers in other nodes and the LAN, go with them), its state directory and run files.
     */
    void removeNode(int index, List<String> namespaces) {
        LabSsh.pid(lab.stateDir(), index)
                .ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        forgetFaultMarkers(namespaces);
        StringBuilder delete = new StringBuilder();
        for (String ns : namespaces) {
            killAllIn(ns);
            deleteVeths(ns);
            delete.append("netns del ").append(ns).append('\n');
        }
        batch(null, delete.toString());
        removeRunFiles(namespaces::contains);
        Path dir = LabSsh.nodeDir(lab.stateDir(), index);
        if (Files.isDirectory(dir)) deleteTree(dir);
    }

    /**
     * The markers of faults planted on the nodes (fault inject) are kept on the machine per network namespace, named
     * by its inode (see fault.plan.FaultPlanner): they go with the namespaces, or a later namespace given the same
     * inode number could seem to hold them.
     */
    private void forgetFaultMarkers(List<String> namespaces) {
        if (namespaces.isEmpty()) return;
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "for ns; do i=$(stat -L -c %i \"/run/netns/$ns\""
                + " 2>/dev/null) && rm -rf /run/netshell/faults/\"$i\"-*; done; exit 0", "sh"));
        argv.addAll(namespaces);
        host.run(argv);
    }

    /**
     * A namespace's veths go with it only when the kernel's deferred clean-up gets to them, later on a busy machine;
     * deleted here first, their far ends in the nodes that stay are gone when the removal returns.
     */
    private void deleteVeths(String ns) {
        host.run(List.of("sh", "-c", "for d in $(ip -n \"$1\" -o link show type veth"
                + " | sed -n 's/^[0-9]*: \\([^@:]*\\).*/\\1/p'); do ip -n \"$1\" link del \"$d\"; done", "sh", ns));
    }

    void down(List<Integer> nodeIndexes, List<String> namespaces) {
        if (!host.onThisMachine()) {
            downOnHost(namespaces);
            return;
        }
        for (int i : nodeIndexes) {
            LabSsh.pid(lab.stateDir(), i)
                    .ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        forgetFaultMarkers(namespaces);
        StringBuilder delete = new StringBuilder();
        for (String ns : namespaces) {
            killAllIn(ns);
            delete.append("netns del ").append(ns).append('\n');
        }
        // -force: one namespace that cannot go does not keep the others.
        if (delete.length() > 0) host.run(List.of("ip", "-force", "-batch", "-"), delete.toString());
        removeRunFiles(ns -> lab.owns(ns) || namespaces.contains(ns));
        if (Files.exists(lab.stateDir().resolve("lab.properties"))) deleteTree(lab.stateDir());
    }

    /** A multi-host lab's part on its host: no sshd or Docker engine there, only namespaces and the state dir. */
    private void downOnHost(List<String> namespaces) {
        StringBuilder delete = new StringBuilder();
        for (String ns : namespaces) {
            killAllIn(ns);
            delete.append("netns del ").append(ns).append('\n');
        }
        if (delete.length() > 0) host.run(List.of("ip", "-force", "-batch", "-"), delete.toString());
        host.run("rm", "-rf", lab.stateDir().toString());
    }

    /**
     * What the lab's nodes left in this machine's /run/netshell (lab nodes share its file system): a namespace
     * container's server log NAMESPACE.log and web root www-NAMESPACE, also of containers whose namespace went
     * first; and the directories the nodes' changes made there, once empty (another lab may still use them).
     */
    private void removeRunFiles(java.util.function.Predicate<String> owned) {
        Path run = Path.of(RUN);
        if (!Files.isDirectory(run)) return;
        try (Stream<Path> entries = Files.list(run)) {
            for (Path p : entries.toList()) {
                String f = p.getFileName().toString();
                String ns = f.startsWith("www-") ? f.substring(4) : f.replaceFirst("\\.log$", "");
                if (owned.test(ns)) deleteTree(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the namespaces and the state directory still go.
        }
        for (Path empty : List.of(run.resolve("rollback"), run)) {
            try {
                Files.deleteIfExists(empty);
            } catch (IOException e) {
                // Not empty: another lab's, or a node's pending rollback.
            }
        }
    }

    /** Where namespace containers and node-side rollbacks keep their files (see container run, --confirm). */
    private static final String RUN = "/run/netshell";

    private void killAllIn(String ns) {
        // Kill, then look again soon: SIGKILL is quick, and a fixed long nap per namespace adds up.
        for (int round = 0; round < 100; round++) {
            List<Long> pids = host.run("ip", "netns", "pids", ns).stdout().lines()
                    .filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
            if (pids.isEmpty()) return;
            if (host.onThisMachine()) {
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            } else {
                List<String> kill = new ArrayList<>(List.of("kill", "-9"));
                pids.forEach(pid -> kill.add(pid.toString()));
                host.run(kill);
            }
            Lab.sleep(5);
        }
    }

    private static boolean hasLink(String oneLineLinks, String name) {
        return Pattern.compile("^\\d+: " + Pattern.quote(name) + "[@:]", Pattern.MULTILINE).matcher(oneLineLinks)
                .find();
    }

    /** Runs ip commands (one per line) in a namespace, or in this one when ns is null, in one process. */
    private void batch(String ns, String commands) {
        if (commands.isEmpty()) return;
        List<String> argv = ns == null ? List.of("ip", "-batch", "-") : List.of("ip", "-n", ns, "-batch", "-");
        orFail(argv, host.run(argv, commands));
    }

    private void prepareStateDir() {
        Path stateDir = lab.stateDir();
        if (!host.onThisMachine()) {
            // On the host: the directory marks the part as the lab's, as here.
            run("mkdir", "-p", "-m", "755", stateDir.toString());
            orFail(List.of("tee", stateDir.resolve("lab.properties").toString()),
                    host.run(List.of("tee", stateDir.resolve("lab.properties").toString()),
                            "name=" + lab.name() + "\n"));
            return;
        }
        try {
            Files.createDirectories(stateDir);
            // Readable by all: sshd reads the authorized key as the logging-in user.
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path marker = stateDir.resolve("lab.properties");
            if (!Files.exists(marker)) Files.writeString(marker, "name=" + lab.name() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lab state dir " + stateDir, e);
        }
    }

    private void run(String... argv) {
        orFail(List.of(argv), host.run(argv));
    }

    /** A failed lab command stops the lab operation, naming the command and its first error line. */
    private void orFail(List<String> argv, ExecResult r) {
        if (!r.ok()) throw new NodeException("lab " + lab.name(), ShellQuote.join(argv) + ": " + r.firstErrorLine());
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
