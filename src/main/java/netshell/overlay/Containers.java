package netshell.overlay;

import java.util.ArrayList;
import java.util.List;

import netshell.command.Context;
import netshell.core.BadInput;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.kernel.NodeState;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.overlay.plan.ContainerPlanner;

/**
 * Where namespace "containers" live. Their namespace name says which node owns them: on a lab node
 * (itself a namespace, sharing /run/netns with every other lab and user) {@code <node namespace>-NAME},
 * so names stay unique per lab and per node; on a real machine {@code netshell-NAME}.
 */
final class Containers {
    /** What every container on an SSH node is named after. */
    static final String REMOTE_PREFIX = "netshell-";
    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,39}";

    private Containers() {}

    /** One container found on a node. */
    record Found(Node node, String name, String namespace) {
        String veth() { return ContainerPlanner.hostVeth(namespace); }
    }

    static String checkName(String name) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new BadInput("container name '" + name
                    + "' must be 1..40 of letters, digits, '_', '.', '-' (starting with a letter or digit)");
        }
        return name;
    }

    static String prefix(Node node) {
        return node.hostNamespace().map(ns -> ns + "-").orElse(REMOTE_PREFIX);
    }

    static String namespace(Node node, String name) { return prefix(node) + checkName(name); }

    /** The node's containers, from the namespaces its state lists. */
    static List<Found> on(Node node, NodeState state) {
        String prefix = prefix(node);
        List<Found> out = new ArrayList<>();
        for (String ns : state.namespaces()) {
            if (ns.startsWith(prefix) && ns.length() > prefix.length()
                    && ns.substring(prefix.length()).matches(NAME_PATTERN)
                    && (node.hostNamespace().isPresent() || state.link(ContainerPlanner.hostVeth(ns)).isPresent())) {
                // A remote node sees every namespace of its machine; only one cabled to this node is its container
                // (this matters when several nodes share one kernel, as the lab's SSH nodes do).
                out.add(new Found(node, ns.substring(prefix.length()), ns));
            }
        }
        return out;
    }

    /**
     * What `ip netns add|del` needs in front on this node: lab nodes run every command through `ip netns exec`,
     * in a private mount namespace, so the new namespace's mount is made in this process's mount namespace.
     */
    static List<String> netnsAdmin(Node node) {
        if (node.hostNamespace().isEmpty()) return List.of();
        return List.of("nsenter", "--mount=/proc/" + ProcessHandle.current().pid() + "/ns/mnt");
    }

    /** The container's IPv4 address on eth0, or null when it has none. */
    static String address(Context ctx, Node node, String namespace) {
        return addresses(ctx, node, namespace).v4();
    }

    /**
     * A container's eth0: IPv4 address, IPv6 address (not link-local) with its prefix length, MTU; null when none.
     */
    record Assigned(String v4, String v6Cidr, Integer mtu) {
        String v6() { return v6Cidr == null ? null : v6Cidr.substring(0, v6Cidr.indexOf('/')); }

        ContainerPlanner.Inside inside() { return new ContainerPlanner.Inside(v6Cidr, mtu); }
    }

    /** Both families' addresses of eth0 and its MTU, in one read. */
    static Assigned addresses(Context ctx, Node node, String namespace) {
        ExecResult r = ctx.read(node, "ip", "-n", namespace, "-j", "addr", "show", "dev", ContainerPlanner.INSIDE);
        if (!r.ok()) return new Assigned(null, null, null);
        List<IfAddress> all = Addresses.parse(r.stdout());
        return new Assigned(all.stream().filter(IfAddress::ipv4).map(IfAddress::local).findFirst().orElse(null),
                all.stream().filter(IfAddress::ipv6Routable).map(IfAddress::cidr).findFirst().orElse(null),
                Addresses.mtu(r.stdout(), ContainerPlanner.INSIDE));
    }

    /** Process ids running in the container's namespace. */
    static List<String> pids(Context ctx, Node node, String namespace) {
        ExecResult r = ctx.read(node, "ip", "netns", "pids", namespace);
        return r.ok() ? r.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+")).toList() : List.of();
    }

    /** Log file of the container's server; a file per namespace, since lab nodes share one file system. */
    static String log(String namespace) {
        return "/run/netshell/" + namespace + ".log";
    }

    static String webRoot(String namespace) { return "/run/netshell/www-" + namespace; }
}
