package netshell.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import netshell.lab.Lab;

/** Helpers for tests that build real labs (marked @NeedsRoot): unique names, namespace process lookups. */
public final class TestLabs {
    private TestLabs() {}

    public static String uniqueName() { return "nst-" + UUID.randomUUID().toString().substring(0, 6); }

    public static Lab newLab(String name) { return new Lab(name, Path.of("/tmp", name + "-state")); }

    /** Pids of the processes named {@code comm} inside a namespace (ip netns pids + /proc/PID/comm). */
    public static List<String> pidsIn(String namespace, String comm) {
        return new LocalNode("local").run("ip", "netns", "pids", namespace).stdout().lines().map(String::strip)
                .filter(pid -> !pid.isEmpty() && comm.equals(read(Path.of("/proc", pid, "comm")).strip())).toList();
    }

    /**
     * Whether a process named {@code comm} (tcpdump) in the namespace has a packet socket bound to an interface,
     * so that it sees every packet from now on: a row of /proc/PID/net/packet (sk RefCnt Type Proto Iface …)
     * whose Iface is not 0.
     */
    public static boolean capturingIn(String namespace, String comm) {
        return pidsIn(namespace, comm).stream().anyMatch(pid -> read(Path.of("/proc", pid, "net", "packet")).lines()
                .skip(1).map(l -> l.strip().split("\\s+")).anyMatch(f -> f.length > 4 && !f[4].equals("0")));
    }

    /** The file's text, or "" once its process has ended. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return "";
        }
    }

    /** Command lines of the processes inside a namespace (ip netns pids + /proc/PID/cmdline). */
    public static List<String> commandsIn(String namespace) {
        LocalNode local = new LocalNode("local");
        return local.run("ip", "netns", "pids", namespace).stdout().lines()
                .map(pid -> ProcessHandle.of(Long.parseLong(pid.strip())))
                .flatMap(Optional::stream)
                .map(p -> p.info().commandLine().orElse(p.info().command().orElse("?")))
                .toList();
    }
}
