package netshell.runtime.docker;

import java.util.List;
import java.util.Optional;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.core.Step;
import netshell.node.Node;
import netshell.runtime.ContainerRuntime;
import netshell.runtime.docker.plan.DockerContainers;

/**
 * Containers of a node's Docker engine, those netshell started (label {@code netshell}): none on a node without an
 * engine of its own.
 */
public final class DockerRuntime implements ContainerRuntime {
    /** What {@code container ls} shows where a namespace container shows its namespace. */
    public static final String WHERE = "docker";
    public static final DockerRuntime INSTANCE = new DockerRuntime();

    private DockerRuntime() {}

    /** Whether the node has a working engine of its own: then its overlay and containers are Docker's. */
    public static boolean on(Context ctx, Node node) {
        return DockerEngine.present(ctx, node);
    }

    @Override
    public List<Found> list(Context ctx, Node node) {
        return DockerEngine.containers(ctx, node).stream().map(DockerRuntime::found).toList();
    }

    private static Found found(DockerContainers.Container c) {
        return new Found(c.name(), WHERE, c.address(), c.address6(), c.state());
    }

    @Override
    public Object run(Context ctx, Node node, Request request) throws InterruptedException {
        return DockerRun.run(ctx, node, request);
    }

    @Override
    public List<Step> removal(Context ctx, Node node, String name) {
        if (!holds(ctx, node, name)) return List.of();
        return List.of(Step.of("remove the Docker container", "docker", "rm", "-f", name));
    }

    @Override
    public Optional<List<String>> exec(Context ctx, Node node, String name) {
        return holds(ctx, node, name) ? Optional.of(List.of("docker", "exec", name)) : Optional.empty();
    }

    /** The node's nsenter on the container's first process: the official images lack ping and iperf3. */
    @Override
    public Optional<List<String>> enter(Context ctx, Node node, String name) {
        if (!holds(ctx, node, name)) return Optional.empty();
        String pid = DockerEngine.pid(ctx, node, name);
        if (pid == null && !ctx.dryRun())
            throw new CommandFailed(name + " on " + node.name() + " is not running (docker start " + name + ")");
        return Optional.of(List.of("nsenter", "-t", pid == null ? "PID" : pid, "-n"));
    }

    private static boolean holds(Context ctx, Node node, String name) {
        return DockerEngine.containers(ctx, node).stream().anyMatch(c -> c.name().equals(name));
    }
}
