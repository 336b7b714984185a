package netshell.overlay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;

/**
 * The web server a namespace container runs (the walkthrough's nginx): the system's python3, busybox httpd, or
 * netshell's own HelloServer on a lab node without python3; every one serves the same index page.
 */
final class ContainerWebServer {
    private static final Duration READY = Duration.ofSeconds(15);
    /**
     * A tiny server: C1 only, serial GC, a small heap and the class-data archive start it fastest and keep it small.
     */
    private static final String SERVER_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx32m -Xss256k";
    /** The system's python3 (not a version manager's shim, which costs a shell start of its own). */
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    private ContainerWebServer() {}

    /** A web server started detached inside the namespace, outliving the shell; its output goes to a log file. */
    static List<Step> steps(Context ctx, Node node, String ns, String text) {
        return steps(ctx, node, ns, text, false);
    }

    /**
     * As above; {@code dualStack} has python3 bind :: (its server then takes IPv4 too, as ::ffff:a.b.c.d). HelloServer
     * and busybox httpd bind the IPv6 wildcard by themselves whenever the kernel has IPv6.
     */
    static List<Step> steps(Context ctx, Node node, String ns, String text, boolean dualStack) {
        String log = Containers.log(ns);
        if (node.onThisMachine()) {
            // Lab nodes share this machine's files: its python3 starts in ~80 ms, our own JVM server in ~240 ms.
            if (Files.isExecutable(Path.of(SYSTEM_PYTHON)))
                return pythonSteps(ns, text, log, SYSTEM_PYTHON, dualStack);
            String java = ProcessHandle.current().info().command().orElse("java");
            return List.of(Step.of("web server answering '" + text + "' on port 80, detached, log in " + log,
                    "ip", "netns", "exec", ns, "setsid", "-f", "sh", "-c",
                    "mkdir -p /run/netshell && exec \"$0\" " + SERVER_JVM
                            + " -cp \"$1\" netshell.overlay.HelloServer 80 \"$2\" >\"$3\" 2>&1 </dev/null",
                    java, ownCode(), text, log));
        }
        ExecResult which = ctx.read(node, "sh", "-c", "command -v python3 || command -v busybox || true");
        String server = which.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (server.endsWith("python3")) return pythonSteps(ns, text, log, "python3", dualStack);
        if (server.endsWith("busybox")) {
            List<Step> steps = new ArrayList<>(indexPage(ns, text));
            steps.add(Step.of("busybox httpd on port 80 (it detaches itself)", "ip", "netns", "exec", ns, "busybox",
                    "httpd", "-p", "80",
                    "-h", Containers.webRoot(ns)));
            return steps;
        }
        if (!ctx.dryRun()) {
            throw new CommandFailed(node.name()
                    + " has neither python3 nor busybox to serve HTTP; install python3 (nothing was changed)");
        }
        return indexPage(ns, text);
    }

    /** Stops the server in the namespace and waits (up to 2 s) until port 80 is free for the next one. */
    static Step stop(String ns, List<String> pids) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "sh", "-c",
                "kill -KILL \"$@\"; for i in $(seq 40); do [ -z \"$(ss -Hltn 'sport = :80')\" ] && break;"
                        + " sleep 0.05; done",
                "stop"));
        argv.addAll(pids);
        return new Step(argv, null, "stop the web server in " + ns + " to start it again for both families");
    }

    /**
     * The server's steps for a container this change makes: its web root, page and log are then the change's own, taken
     * away again when the change fails or is interrupted (for a container that was there they stay: they are its).
     */
    static List<Step> forNewContainer(String ns, List<Step> steps) {
        String root = Containers.webRoot(ns);
        String log = Containers.log(ns);
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s.argv().equals(List.of("mkdir", "-p", root)))
                out.add(s.creating(root, Step.of("remove the web root", "rm", "-rf", root)));
            else if (s.argv().equals(List.of("tee", root + "/index.html")))
                out.add(s.undoneBy(Step.of("remove the index page", "rm", "-f", root + "/index.html")));
            else if (s.undo() == null && s.argv().contains(log)) // the server, whose shell makes its log
                out.add(s.undoneBy(Step.of("remove the server's log", "rm", "-f", log)));
            else
                out.add(s);
        }
        return out;
    }

    /** The page every server here serves: the text, as index.html in the container's web root. */
    private static List<Step> indexPage(String ns, String text) {
        String root = Containers.webRoot(ns);
        return List.of(Step.of("directory the web server serves", "mkdir", "-p", root),
                Step.withInput("index page", text + "\n", "tee", root + "/index.html"));
    }

    private static List<Step> pythonSteps(String ns, String text, String log, String python, boolean dualStack) {
        List<Step> steps = new ArrayList<>(indexPage(ns, text));
        String bind = dualStack ? " --bind ::" : "";
        steps.add(Step.of("python3's web server on port 80" + (dualStack ? " (both families)" : "")
                + ", detached, log in " + log,
                "ip", "netns", "exec", ns, "setsid", "-f", "sh", "-c",
                "cd \"$0\" && exec \"$1\" -m http.server 80" + bind + " >\"$2\" 2>&1 </dev/null",
                Containers.webRoot(ns), python, log));
        return steps;
    }

    /** The jar (or classes directory) this shell runs from: lab nodes share this machine's file system. */
    static String ownCode() {
        try {
            return Path.of(HelloServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new CommandFailed("cannot find netshell's own jar to start the web server: " + e.getMessage());
        }
    }

    /** Whether port 80 listens in the namespace within a few seconds. */
    static boolean waitForListener(Node node, String ns) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            ExecResult r = node.run("ip", "netns", "exec", ns, "ss", "-Hltn", "sport = :80");
            if (r.ok() && !r.stdout().isBlank()) return true;
            Thread.sleep(10); // the server is up within a few hundred ms: do not overshoot it by much
        }
        return false;
    }
}
