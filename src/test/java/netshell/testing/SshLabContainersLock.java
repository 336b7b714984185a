package netshell.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import netshell.node.LocalNode;

/**
 * {@link SshLabContainers}: a file lock held from before the class's set-up to after its tear-down (the JVMs of one
 * suite share the file system, not their memory), and the {@code netshell-*} namespaces that appeared meanwhile
 * removed with their processes.
 */
final class SshLabContainersLock implements BeforeAllCallback, AfterAllCallback {
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "netshell-ssh-lab-containers.lock");
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SshLabContainers.class);

    private record Held(FileChannel channel, FileLock lock, Set<String> before) {}

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock(); // waits while another JVM's class holds it
        context.getStore(STORE).put(Held.class, new Held(channel, lock, containerNamespaces()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Held held = context.getStore(STORE).remove(Held.class, Held.class);
        if (held == null) return;
        try {
            LocalNode host = new LocalNode("host");
            for (String ns : containerNamespaces()) {
                if (held.before().contains(ns)) continue;
                String pids = host.run("ip", "netns", "pids", ns).stdout().strip();
                if (!pids.isEmpty()) host.run("sh", "-c", "kill -9 $*", "sh", pids.replace('\n', ' '));
                host.run("ip", "netns", "del", ns);
            }
        } finally {
            held.lock().release();
            held.channel().close();
        }
    }

    /** The namespaces named as containers on SSH nodes are: netshell-NAME. */
    private static Set<String> containerNamespaces() {
        List<String> lines = new LocalNode("host").run("ip", "netns", "list").stdout().lines().toList();
        Set<String> out = new TreeSet<>();
        for (String l : lines) {
            String name = l.split("\\s+")[0];
            if (name.startsWith("netshell-")) out.add(name);
        }
        return out;
    }
}
