package netshell.lab;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import netshell.node.Node;

/**
 * The containers made over SSH on a lab's nodes ({@code lab up --ssh}; {@code container run} names them
 * {@code netshell-NAME} on an SSH node). The nodes share this machine's /run/netns, so those namespaces are not
 * named after the lab; what makes them a node's is their veth, whose other end is in the node's namespace. They go
 * with the node, as a machine's containers go with the machine.
 */
final class SshMadeContainers {
    /** Prints "NAMESPACE PEER-NAMESPACE" for each veth of each netshell-* namespace (ip -o names the peer's). */
    private static final String SCRIPT = "for ns in $(ip netns list | cut -d' ' -f1); do case $ns in netshell-*)"
            + " ip -n \"$ns\" -o link show type veth 2>/dev/null"
            + " | sed -n \"s/.* link-netns \\([^ ]*\\).*/$ns \\1/p\";; esac; done; exit 0";

    private SshMadeContainers() {}

    /** The namespaces, other than {@code exclude}, with a veth into one of {@code nodeNamespaces}. */
    static List<String> of(Node host, Collection<String> nodeNamespaces, Collection<String> exclude) {
        return peeredInto(host.run(List.of("sh", "-c", SCRIPT)).stdout(), nodeNamespaces, exclude);
    }

    /** From the script's lines: which namespaces have a veth whose peer is in a node's namespace. */
    static List<String> peeredInto(String lines, Collection<String> nodeNamespaces, Collection<String> exclude) {
        Set<String> out = new TreeSet<>();
        for (String line : lines.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && nodeNamespaces.contains(f[1]) && !exclude.contains(f[0])) out.add(f[0]);
        }
        return List.copyOf(out);
    }
}
