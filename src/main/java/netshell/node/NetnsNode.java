package netshell.node;

import java.util.ArrayList;
import java.util.List;

/** A network namespace on this machine: each argv runs as `ip netns exec NAMESPACE argv…` (ip execs, no shell). */
public final class NetnsNode extends ProcessNode {
    private final String namespace;

    public NetnsNode(String name, String namespace, String address, String underlay) {
        super(name, address, underlay);
        this.namespace = namespace;
    }

    public String namespace() { return namespace; }

    @Override
    List<String> command(List<String> argv) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(argv);
        return command;
    }

    @Override
    public Transport kind() { return Transport.LAB; }
}
