package netshell.node;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A network namespace on another machine (a node of a lab spread over hosts), reached through that machine's node:
 * each argv runs there as {@code ip netns exec NAMESPACE argv…}, as a {@link NetnsNode} runs it here. The host node
 * is shared by all its namespaces and closed by whoever made it.
 */
public final class HostedNetnsNode implements Node {
    private final String name;
    private final Node host;
    private final String namespace;
    private final String address;
    private final String underlay;

    public HostedNetnsNode(String name, Node host, String namespace, String address, String underlay) {
        this.name = name;
        this.host = host;
        this.namespace = namespace;
        this.address = address;
        this.underlay = underlay;
    }

    /** The machine that holds the namespace. */
    public Node host() { return host; }

    public String namespace() { return namespace; }

    private List<String> inside(List<String> argv) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        out.addAll(argv);
        return out;
    }

    @Override
    public String name() { return name; }

    @Override
    public Transport kind() { return Transport.LAB; }

    @Override
    public String address() { return address; }

    @Override
    public String underlay() { return underlay; }

    @Override
    public ExecResult run(List<String> argv, String stdin) { return host.run(inside(argv), stdin); }

    @Override
    public List<ExecResult> runAll(List<List<String>> argvs) {
        return host.runAll(argvs.stream().map(this::inside).toList());
    }

    @Override
    public boolean ready() { return host.ready(); }

    @Override
    public LineStream stream(List<String> argv, Consumer<String> onLine) { return host.stream(inside(argv), onLine); }

    @Override
    public LineStream streamBytes(List<String> argv, Consumer<byte[]> onBytes, Consumer<String> onErrorLine) {
        return host.streamBytes(inside(argv), onBytes, onErrorLine);
    }

    @Override
    public boolean reachesRegistries() { return false; }

    @Override
    public void close() {
        // The host's connection serves its other namespaces too.
    }

    @Override
    public String toString() { return name; }
}
