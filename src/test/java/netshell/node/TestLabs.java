package netshell.node;

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
