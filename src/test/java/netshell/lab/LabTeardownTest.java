package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import netshell.runtime.docker.LabDocker;
import netshell.runtime.docker.ShimSockets;
import netshell.node.LocalNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * lab down leaves nothing of the lab under /run and /var/lib: the files are listed before the lab comes up, while
 * it has an overlay, containers and a confirmed change, and after it went. Other labs on this machine come and go
 * meanwhile, so what counts is what this lab made: paths naming it, and the files it made that name no lab
 * (containerd shims' sockets), read from its engines' processes while they ran.
 */
@NeedsRoot("ip netns, sshd")
class LabTeardownTest {
    static final List<Path> ROOTS = List.of(Path.of("/run"), Path.of("/var/lib"));

    @Test
    void namespaceContainersLeaveNothing() {
        Set<String> before = files();
        TestShell sh = TestShell.lab("td", 2);
        String name = sh.lab().name();
        Set<String> during;
        String marker;
        try {
            run(sh, "overlay create 10.0.0.0/24");
            run(sh, "container run web1 --on node1");
            run(sh, "container run web2 --on node2");
            run(sh, "node1 --confirm 30 sysctl -w net.ipv4.ip_forward=1");
            run(sh, "confirm");
            // A fault's marker is kept on the machine under node1's namespace inode.
            run(sh, "fault inject ip-forward --on node1");
            marker = "/run/netshell/faults/" + new LocalNode("l").run("stat", "-L", "-c", "%i", "/run/netns/" + name
                    + "-node1").stdout().strip();
            assertTrue(markers(marker), "fault inject left its marker under " + marker);
            during = ours(files(), before, name);
            assertTrue(during.contains("/run/netshell/www-" + name + "-node1-web1/index.html"), during.toString());
            assertTrue(during.contains("/var/lib/netshell/labs/" + name + "/lab.properties"), during.toString());
        } finally {
            sh.close();
        }
        assertEquals(Set.of(), ours(files(), before, name), "left behind by lab down");
        assertFalse(markers(marker), "a fault marker left behind by lab down: " + marker);
    }

    /** Whether a fault marker of the namespace {@code inodePath} (the faults directory and an inode) is there. */
    private static boolean markers(String inodePath) {
        Path dir = Path.of(inodePath).getParent();
        String start = Path.of(inodePath).getFileName() + "-";
        try (var files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(start));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void dockerEnginesLeaveNothing() {
        Set<String> before = files();
        TestShell sh = TestShell.dockerLab("tdd", 1);
        String name = sh.lab().name();
        Set<String> shimSockets;
        try {
            run(sh, "overlay create 10.0.0.0/24");
            run(sh, "container run web1 --on node1");
            shimSockets = sockets(name);
            assertFalse(shimSockets.isEmpty(), "the container's shim listens in " + ShimSockets.DIR);
            assertTrue(files().containsAll(shimSockets), shimSockets.toString());
        } finally {
            sh.close();
        }
        Set<String> after = files();
        assertEquals(Set.of(), ours(after, before, name), "left behind by lab down");
        Set<String> sockets = new TreeSet<>(shimSockets);
        sockets.retainAll(after);
        assertEquals(Set.of(), sockets, "shim sockets left behind by lab down");
    }

    static void run(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.err());
    }

    /** The shim sockets of the lab's engines, found as lab down finds them. */
    static Set<String> sockets(String lab) {
        String marker = "/labs/" + lab + "/";
        List<ProcessHandle> engine = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .toList();
        return ShimSockets.of(engine).stream().map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Paths that were not there before and name the lab. */
    static Set<String> ours(Set<String> now, Set<String> before, String lab) {
        return now.stream().filter(p -> !before.contains(p) && p.contains(lab))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every path under /run and /var/lib (not following links; what vanishes while we walk is passed over). */
    static Set<String> files() {
        Set<String> out = new TreeSet<>();
        for (Path root : ROOTS) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        out.add(dir.toString());
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        out.add(file.toString());
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new AssertionError("cannot list " + root, e);
            }
        }
        return out;
    }
}
