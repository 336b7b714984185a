package netshell.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.core.BadInput;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.node.Node;

/**
 * Something that pings and is pinged: a node (at its underlay address, commands run as they are) or a container
 * (at its overlay address, commands run inside its network namespace with the node's own tools).
 */
record Endpoint(String name, Node node, String address, List<String> enter, boolean container, String address6) {
    static Endpoint of(Node n) { return new Endpoint(n.name(), n, n.address(), List.of(), false, null); }

    static Endpoint of(ContainerDirectory.Container c) {
        return new Endpoint(c.name(), c.node(), c.address(), c.enter(), true, c.address6());
    }

    /** The same endpoint at its IPv6 address, when it has one. */
    Optional<Endpoint> overOverlay6() {
        return address6 == null
                ? Optional.empty()
                : Optional.of(new Endpoint(name, node, address6, enter, container, address6));
    }

    /**
     * The nodes that have a global IPv6 address on their underlay (lab up --ipv6), at that address; read from all
     * nodes at once.
     */
    static List<Endpoint> underlay6(Context ctx, List<Node> nodes) {
        var read = ctx.session().fleet().each(nodes, n -> n.underlay() == null
                ? null
                : ctx.read(n, "ip", "-j", "-6", "addr", "show", "dev", n.underlay(), "scope", "global"));
        List<Endpoint> out = new ArrayList<>();
        for (var o : read.outcomes()) {
            if (!o.ok() || o.value() == null || !o.value().ok()) continue;
            Node n = nodes.stream().filter(x -> x.name().equals(o.node())).findFirst().orElseThrow();
            Addresses.parse(o.value().stdout()).stream().filter(IfAddress::ipv6Routable).findFirst()
                    .ifPresent(a -> out.add(new Endpoint(n.name(), n, a.local(), List.of(), false, a.local())));
        }
        return out;
    }

    /** argv run on this endpoint's node, inside the container's namespace for a container. */
    List<String> argv(List<String> command) {
        List<String> out = new ArrayList<>(enter);
        out.addAll(command);
        return out;
    }

    String label() { return container ? name + " on " + node.name() : name; }

    /** The containers on these nodes, by name (the first of a name seen twice). */
    static Map<String, Endpoint> containers(Context ctx, List<Node> nodes) {
        Map<String, Endpoint> out = new LinkedHashMap<>();
        for (var c : ctx.session().containers().find(ctx, nodes)) out.putIfAbsent(c.name(), of(c));
        return out;
    }

    /** Nodes or containers of the target, by name (one read of the containers for all). */
    static List<Endpoint> named(Context ctx, String... names) {
        List<Node> all = ctx.select(null);
        Map<String, Endpoint> containers = containers(ctx, all);
        List<Endpoint> out = new ArrayList<>();
        for (String name : names) {
            Endpoint node = all.stream().filter(n -> n.name().equals(name)).findFirst().map(Endpoint::of)
                    .orElse(null);
            Endpoint c = containers.get(name);
            if (node != null && c != null)
                throw new BadInput("'" + name + "' is both node " + name + " and container " + c.label());
            if (node == null && c == null) throw new BadInput("no node or container named '" + name + "'");
            out.add(node != null ? node : c);
        }
        return out;
    }
}
