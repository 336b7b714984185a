package netshell.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A network namespace on this machine: each argv runs as `ip netns exec NAMESPACE argv…` (ip execs, no shell).
 * A node with its own Docker engine runs every argv with DOCKER_HOST set to that engine's socket, so that
 * `docker …` on the node (and anything it starts) reaches the node's engine, never the host's.
 */
public final class NetnsNode extends ProcessNode {
    private final String namespace;
    private final String dockerHost;

    public NetnsNode(String name, String namespace, String address, String underlay) {
        this(name, namespace, address, underlay, null);
    }

    /** dockerHost: e.g. unix:///var/lib/netshell/labs/LAB/docker/node1/docker.sock, or null without an engine. */
    public NetnsNode(String name, String namespace, String address, String underlay, String dockerHost) {
        super(name, address, underlay);
        this.namespace = namespace;
        this.dockerHost = dockerHost;
    }

    public String namespace() { return namespace; }

    /** The node's own Docker engine (a DOCKER_HOST value), or null when it has none. */
    public String dockerHost() {
        return dockerHost;
    }

    @Override
    public Optional<String> hostNamespace() { return Optional.of(namespace); }

    @Override
    public Optional<String> ownDockerHost() { return Optional.ofNullable(dockerHost); }

    @Override
    public boolean dockerIsItsOwn() { return dockerHost != null; }

    @Override
    public boolean onThisMachine() { return true; }

    @Override
    public boolean reachesRegistries() { return false; }

    @Override
    List<String> command(List<String> argv) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        if (dockerHost != null) command.addAll(List.of("env", "DOCKER_HOST=" + dockerHost));
        command.addAll(argv);
        return command;
    }

    @Override
    public Transport kind() { return Transport.LAB; }
}
