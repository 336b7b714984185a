package netshell.command;

import java.util.List;
import java.util.Set;

import netshell.core.Printable;
import netshell.kernel.IpText;
import netshell.node.Node;

/**
 * The containers on a set of nodes, as the feature that runs them finds them: what other features need to reach
 * a container by name (its node, overlay address and how to enter its network namespace) without knowing how
 * it was made. The composition root plugs the overlay's finder into the session.
 */
public interface ContainerDirectory {
    /**
     * A container: {@code enter} is the argv prefix that runs a command of the node inside its network namespace;
     * {@code address6} its IPv6 overlay address on a dual-stack overlay, else null.
     */
    record Container(String name, Node node, String address, List<String> enter, String address6) {
        public Container {
            enter = List.copyOf(enter);
            // Features substitute these into argv (node1 ping web2): read from a node, they must be addresses.
            for (String a : new String[]{address, address6}) {
                if (a != null && !IpText.isAddress(a)) {
                    throw new CommandFailed("container " + name + " on " + node.name() + " has the address '"
                            + Printable.escape(a) + "', which is not an IP address; refused");
                }
            }
        }

        public Container(String name, Node node, String address, List<String> enter) {
            this(name, node, address, enter, null);
        }
    }

    /** The containers on these nodes; reads go through ctx, so --explain shows them. */
    List<Container> find(Context ctx, List<Node> nodes);

    /**
     * Only the containers named {@code names}: a finder may first look the names up cheaply and read addresses only
     * where one matches (node commands ask this for every word that could be a name).
     */
    default List<Container> find(Context ctx, List<Node> nodes, Set<String> names) {
        return find(ctx, nodes).stream().filter(c -> names.contains(c.name())).toList();
    }

    /**
     * The names of the node's containers exactly as commands take them ({@code container exec NAME}), read cheaply,
     * for completion.
     */
    default List<String> names(Context ctx, Node node) {
        return find(ctx, List.of(node)).stream().map(Container::name).toList();
    }

    ContainerDirectory NONE = (ctx, nodes) -> List.of();
}
