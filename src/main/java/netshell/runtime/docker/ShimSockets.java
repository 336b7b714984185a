package netshell.runtime.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sockets a lab engine's containerd shims listen on. containerd puts them in /run/containerd/s (a name hashed
 * from the engine's address and the container), whatever its own root is; a shim that is killed leaves its socket
 * behind. They are found by the socket inodes the engine's processes hold, named in their network namespace's
 * {@code /proc/PID/net/unix}: another engine's sockets are never among them.
 */
public final class ShimSockets {
    public static final String DIR = "/run/containerd/s/";

    private ShimSockets() {}

    public static List<Path> of(List<ProcessHandle> engine) {
        List<Path> out = new ArrayList<>();
        for (ProcessHandle p : engine) {
            Path proc = Path.of("/proc", String.valueOf(p.pid()));
            Set<String> inodes = socketInodes(proc);
            if (inodes.isEmpty()) continue;
            try {
                for (String line : Files.readAllLines(proc.resolve("net/unix"))) {
                    String[] f = line.trim().split("\\s+");
                    // Num RefCount Protocol Flags Type St Inode Path
                    if (f.length == 8 && inodes.contains(f[6]) && f[7].startsWith(DIR)) {
                        Path socket = Path.of(f[7]);
                        if (!out.contains(socket)) out.add(socket);
                    }
                }
            } catch (IOException e) {
                // It exited while we looked: its socket, if any, is gone with it.
            }
        }
        return out;
    }

    private static Set<String> socketInodes(Path proc) {
        Set<String> out = new HashSet<>();
        try (var fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) out.add(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    // Closed while we looked.
                }
            }
        } catch (IOException e) {
            // The process exited.
        }
        return out;
    }

    public static void delete(List<Path> sockets) {
        for (Path s : sockets) {
            try {
                Files.deleteIfExists(s);
            } catch (IOException e) {
                // Left for containerd's own cleanup; lab down goes on.
            }
        }
    }
}
