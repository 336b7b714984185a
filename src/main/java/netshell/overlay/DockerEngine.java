package netshell.overlay;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.node.Transport;

/** What the container commands ask a node's Docker engine: images, addresses on a network, a container's pid. */
final class DockerEngine {
    /** The lab's image (lab up --docker makes it on every engine, offline, from busybox-static). */
    static final String LAB_IMAGE = "netshell/web";
    private static final Duration READY = Duration.ofSeconds(15);

    private DockerEngine() {}

    /** nginx on real nodes, as the walkthrough; the lab's own image on lab nodes, which have no registry. */
    static String defaultImage(Node node) {
        return node.kind() == Transport.LAB ? LAB_IMAGE : "nginx";
    }

    /**
     * Makes sure the engine has the image: pulls it on a node that may reach a registry; otherwise (or when the pull
     * fails) a clear error naming the image and how to load it offline. Nothing has been changed at that point.
     */
    static void ensure(Context ctx, Node node, String image) {
        if (ctx.dryRun() || ctx.read(node, "docker", "image", "inspect", image).ok()) return;
        String why = "the lab has no registry";
        if (node.kind() != Transport.LAB) {
            ExecResult pull = ctx.change(node, Step.of("the image " + image, "docker", "pull", image));
            if (pull.ok()) return;
            why = pull.firstErrorLine();
        }
        throw new CommandFailed(node.name() + "'s Docker engine has no image " + image + " and cannot pull it (" + why
                + "); load it offline with 'docker load -i FILE.tar' or 'docker import', or give --image"
                + " (nothing was changed)");
    }

    /** The IPv4 addresses every container on the network holds (ours or not). */
    static List<String> addressesOn(Context ctx, Node node, String network) {
        ExecResult r = ctx.read(node, "docker", "network", "inspect", "--format",
                "{{range .Containers}}{{.IPv4Address}} {{end}}", network);
        if (!r.ok()) return List.of();
        return Arrays.stream(r.stdout().strip().split("\\s+")).filter(s -> !s.isBlank())
                .map(s -> s.replaceFirst("/.*", "")).toList();
    }

    /** The names of the containers on the network (ours or not). */
    static List<String> containersOn(Context ctx, Node node, String network) {
        ExecResult r = ctx.read(node, "docker", "network", "inspect", "--format",
                "{{range .Containers}}{{.Name}} {{end}}", network);
        if (!r.ok()) return List.of();
        return Arrays.stream(r.stdout().strip().split("\\s+")).filter(s -> !s.isBlank()).toList();
    }

    /** The pid of the container's first process (its network namespace is /proc/PID/ns/net), or null. */
    static String pid(Context ctx, Node node, String container) {
        ExecResult r = ctx.read(node, "docker", "inspect", "--format", "{{.State.Pid}}", container);
        String pid = r.ok() ? r.stdout().strip() : "";
        return pid.matches("[1-9]\\d*") ? pid : null;
    }

    /** Whether port 80 listens in the container's network namespace within a few seconds (seen with the node's ss). */
    static boolean waitForListener(Context ctx, Node node, String container) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            String pid = pid(ctx, node, container);
            if (pid != null) {
                ExecResult r = node.run("nsenter", "-t", pid, "-n", "ss", "-Hltn", "sport = :80");
                if (r.ok() && !r.stdout().isBlank()) return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
