package netshell.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.testing.Eventually;
import netshell.testing.TestTimeouts;

/**
 * For tests of nodes that lack a tool or have another one (a machine without nft, one with iptables-legacy): restarts a
 * lab node's sshd in a mount namespace of its own, where files are bound over others ({@code mount --bind /bin/false
 * /usr/sbin/nft}). Everything run over SSH on that node then sees the changed files, and nothing else does: the mount
 * holding each target is made a slave first, so no bind propagates back to this machine (on a host whose / is shared
 * it would), while /run/netns, a mount of its own, stays shared, so namespaces made over SSH are seen by all as before.
 * The lab's pid file stays the sshd's, so lab down stops it (and with it the mount namespace) as any other.
 */
public final class SshdMounts {
    private static final String SCRIPT = """
            set -e
            ns=$1 config=$2 log=$3
            shift 3
            while [ $# -gt 0 ]; do
              mount --make-slave "$(findmnt -n -o TARGET -T "$2")"
              mount --bind "$1" "$2"
              shift 2
            done
            exec nsenter --net=/run/netns/$ns /usr/sbin/sshd -f "$config" -E "$log"
            """;

    private SshdMounts() {}

    /** Restarts node {@code i}'s sshd with each source file bound over its target (symlinks followed: the file). */
    public static void restart(Lab lab, int i, Map<String, String> binds) {
        LocalNode host = new LocalNode("local");
        LabSsh.pid(lab.stateDir(), i).flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroy();
            p.onExit().join();
        });
        Path dir = LabSsh.nodeDir(lab.stateDir(), i);
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "unchanged", "sh", "-c",
                SCRIPT, "sh", lab.namespace(i), dir.resolve("sshd_config").toString(),
                dir.resolve("sshd.log").toString()));
        binds.forEach((source, target) -> {
            try {
                argv.add(Path.of(source).toRealPath().toString());
                argv.add(Path.of(target).toRealPath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ExecResult r = host.run(argv, null);
        if (!r.ok()) throw new IllegalStateException("sshd of node" + i + " did not restart: " + r.stderr());
        Eventually.until(TestTimeouts.scaled(5000), () -> LabSsh.sshdRunning(lab.stateDir(),
                i), "sshd of node" + i + " running again");
    }
}
