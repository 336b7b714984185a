package netshell.lb;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.testing.Eventually;
import netshell.testing.TestShell;

/**
 * Backends for lb tests without containers: per backend a namespace LAB-bN on a bridge "lbbr" inside a
 * lab node (gateway 10.0.S.1/24, backend 10.0.S.(10+N)), running HelloServer on port 80 that answers
 * "backend N". close() stops the servers and removes the namespaces.
 */
final class LbBackends implements AutoCloseable {
    private final TestShell shell;
    private final LocalNode host = new LocalNode("localhost");
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();

    LbBackends(TestShell shell) { this.shell = shell; }

    /** The bridge of backends on {@code node}, subnet 10.0.{subnet}.0/24. */
    void bridge(String node, int subnet) {
        shell.sh(node, "ip", "link", "add", "lbbr", "type", "bridge");
        shell.sh(node, "ip", "addr", "add", "10.0." + subnet + ".1/24", "dev", "lbbr");
        shell.sh(node, "ip", "link", "set", "lbbr", "up");
    }

    /** Starts backend {@code n} behind {@code node}'s bridge; returns its ADDR:PORT. */
    String start(String node, int subnet, int n) {
        String ns = shell.lab().name() + "-b" + n;
        String address = "10.0." + subnet + "." + (10 + n);
        must("ip", "netns", "add", ns);
        namespaces.add(ns);
        shell.sh(node, "ip", "link", "add", "vb" + n, "type", "veth", "peer", "name", "eth0", "netns", ns);
        shell.sh(node, "ip", "link", "set", "vb" + n, "master", "lbbr", "up");
        must("ip", "-n", ns, "link", "set", "lo", "up");
        must("ip", "-n", ns, "link", "set", "eth0", "up");
        must("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        must("ip", "-n", ns, "route", "add", "default", "via", "10.0." + subnet + ".1");
        try {
            // 'ip netns exec' execs java itself, so destroying the process stops the server.
            servers.add(new ProcessBuilder("ip", "netns", "exec", ns, "java", "-Xmx48m", "-XX:TieredStopAtLevel=1",
                    "-cp", "target/netshell.jar", "netshell.overlay.HelloServer", "80", "backend " + n)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start HelloServer in " + ns, e);
        }
        return address + ":80";
    }

    /** Waits until every backend answers from {@code node}. */
    void awaitUp(String node, List<String> backends) throws InterruptedException {
        for (String b : backends)
            Eventually.until(Duration.ofSeconds(40),
                    () -> shell.node(node).run("curl", "-s", "--max-time", "1", "http://" + b + "/").ok(),
                    "backend " + b + " comes up");
    }

    private void must(String... argv) {
        ExecResult r = host.run(argv);
        if (!r.ok()) throw new AssertionError(String.join(" ", argv) + ": " + r.stderr());
    }

    @Override
    public void close() {
        for (Process p : servers) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        namespaces.forEach(ns -> host.run("ip", "netns", "del", ns));
    }
}
