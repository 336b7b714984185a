package netshell.runtime.docker;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.runtime.docker.plan.DockerContainers;

/**
 * What commands ask a node's Docker engine: whether it has one of its own, images, addresses and containers on a
 * network, a container's pid.
 */
public final class DockerEngine {
    /** The lab's image (lab up --docker makes it on every engine, offline, from busybox-static). */
    static final String LAB_IMAGE = LabDocker.WEB_IMAGE;
    private static final Duration READY = Duration.ofSeconds(15);
    /** Shell: $pid is the first process of container $1, and the line fails when the container does not run. */
    private static final String RUNNING_PID = "pid=$(docker inspect --format '{{.State.Pid}}' \"$1\")"
            + " && [ \"$pid\" -gt 0 ]";
    /** Where nginx (and the lab's image) serve from. */
    public static final String INDEX = "/usr/share/nginx/html/index.html";

    private DockerEngine() {}

    /** Whether the node has a working Docker engine of its own (then overlays and containers use it). */
    public static boolean present(Context ctx, Node node) {
        // A lab node is a namespace of this machine: without an engine of its own (lab up --docker), a Docker
        // engine answering there is the host's, whose networks and containers are not the node's.
        if (!node.dockerIsItsOwn()) return false;
        return ctx.once(node, "docker", () -> answers(ctx, node));
    }

    private static boolean answers(Context ctx, Node node) {
        // The lab's own engine listens on a socket of this machine: asking it directly is free, a client costs 20 ms.
        if (node.ownDockerHost().isPresent())
            return DockerSocket.version(DockerSocket.path(node.ownDockerHost().get())).isPresent();
        try {
            var r = ctx.read(node, "docker", "info", "--format", "{{.ServerVersion}}");
            return r.ok() && !r.stdout().isBlank(); // a dry-run node answers every command with nothing
        } catch (RuntimeException e) {
            return false; // no docker binary at all
        }
    }

    /** nginx on real nodes, as the walkthrough; the lab's own image on lab nodes, which have no registry. */
    static String defaultImage(Node node) {
        return node.reachesRegistries() ? "nginx" : LAB_IMAGE;
    }

    /**
     * Makes sure the engine has the image: pulls it on a node that may reach a registry; otherwise (or when the pull
     * fails) a clear error naming the image and how to load it offline. Nothing has been changed at that point.
     * {@code present}: what {@link #imageArgv} answered.
     */
    static void ensure(Context ctx, Node node, String image, boolean present) {
        if (ctx.dryRun() || present) return;
        String why = "the lab has no registry";
        if (node.reachesRegistries()) {
            ExecResult pull = ctx.change(node, Step.of("the image " + image, "docker", "pull", image));
            if (pull.ok()) return;
            why = pull.firstErrorLine();
        }
        throw new CommandFailed(node.name() + "'s Docker engine has no image " + image + " and cannot pull it (" + why
                + "); load it offline with 'docker load -i FILE.tar' or 'docker import', or give --image"
                + " (nothing was changed)");
    }

    /** Succeeds when the engine has the image. */
    static List<String> imageArgv(String image) {
        return List.of("docker", "image", "inspect", "--format", "{{.Id}}", image);
    }

    /** Lists the IPv4 addresses every container on the network holds (ours or not). */
    static List<String> addressesOnArgv(String network) {
        return List.of("docker", "network", "inspect", "--format", "{{range .Containers}}{{.IPv4Address}} {{end}}",
                network);
    }

    /** The addresses from {@link #addressesOnArgv}'s answer (none when the network is not there). */
    static List<String> addresses(ExecResult r) {
        if (!r.ok()) return List.of();
        return Arrays.stream(r.stdout().strip().split("\\s+")).filter(s -> !s.isBlank())
                .map(s -> s.replaceFirst("/.*", "")).toList();
    }

    /** The names of the containers on the network (ours or not). */
    public static List<String> containersOn(Context ctx, Node node, String network) {
        ExecResult r = ctx.read(node, "docker", "network", "inspect", "--format",
                "{{range .Containers}}{{.Name}} {{end}}", network);
        if (!r.ok()) return List.of();
        return Arrays.stream(r.stdout().strip().split("\\s+")).filter(s -> !s.isBlank()).toList();
    }

    /** The pid of the container's first process (its network namespace is /proc/PID/ns/net), or null. */
    public static String pid(Context ctx, Node node, String container) {
        ExecResult r = ctx.read(node, "docker", "inspect", "--format", "{{.State.Pid}}", container);
        String pid = r.ok() ? r.stdout().strip() : "";
        return pid.matches("[1-9]\\d*") ? pid : null;
    }

    /**
     * The walkthrough's {@code echo "Hello from Web1" > /usr/share/nginx/html/index.html}, handed to the engine with
     * {@code docker cp}: it needs no shell in the image and no exec into it, and the engine resolves the path inside
     * the container, so a symbolic link there (index.html -> /etc/passwd) leads to the container's own file, never
     * to the node's, as writing through /proc/PID/root would. The file is world-readable for nginx's workers.
     */
    static Step indexPage(String container, String text) {
        return Step.of("index page text", "sh", "-c",
                "f=$(mktemp) && printf '%s\\n' \"$2\" > \"$f\" && chmod 644 \"$f\" && docker cp \"$f\" \"$1:" + INDEX
                        + "\"; e=$?; rm -f \"$f\"; exit $e",
                "sh", container, text);
    }

    /** Whether port 80 listens in the container's network namespace within a few seconds (seen with the node's ss). */
    static boolean waitForListener(Node node, String container) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            ExecResult r = node.run("sh", "-c", RUNNING_PID + " && nsenter -t \"$pid\" -n ss -Hltn 'sport = :80'", "sh",
                    container);
            if (r.ok() && !r.stdout().isBlank()) return true;
            Thread.sleep(20);
        }
        return false;
    }

    /** The containers netshell started on a Docker node (none on other nodes). */
    public static List<DockerContainers.Container> containers(Context ctx, Node node) {
        if (!present(ctx, node)) return List.of();
        List<String> ids = ctx.read(node, DockerContainers.listArgv()).stdout().strip().lines()
                .filter(l -> !l.isBlank()).toList();
        if (ids.isEmpty()) return List.of();
        return DockerContainers.parse(ctx.read(node, DockerContainers.inspectArgv(ids)).stdout());
    }

    /** The names of netshell's running containers, in one cheap read (no inspect); none without an engine. */
    public static List<String> runningNames(Context ctx, Node node) {
        if (!present(ctx, node)) return List.of();
        try {
            ExecResult r = ctx.read(node, "docker", "ps", "--filter", "label=netshell", "--format", "{{.Names}}");
            return r.ok() ? r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
        } catch (RuntimeException e) {
            return List.of(); // no docker binary
        }
    }
}
