package netshell.fault.plan;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * What the planner needs to know of one node, read before anything is planted.
 *
 * @param node           the node's name
 * @param underlay       its underlay device (eth1)
 * @param state          links, FDB, addresses
 * @param sysctls        "ip_forward", "rp_filter" (all), "route_localnet" (all), "conntrack_max" → value; a key is
 *                       missing where it could not be read
 * @param conntrackWritable whether nf_conntrack_max is this node's to change (not in a network namespace)
 * @param iptablesMode   the back end plain iptables uses ("nf_tables", "legacy"), null without iptables
 * @param tools          the tools found on the node (iptables, iptables-legacy, iptables-nft)
 * @param backendVeths   a backend address → the host-side veth of the container that holds it on this node
 */
public record FaultTarget(String node, String underlay, NodeState state, Map<String, String> sysctls,
        boolean conntrackWritable, String iptablesMode, Set<String> tools, Map<String, String> backendVeths) {
    public FaultTarget {
        sysctls = Map.copyOf(sysctls);
        tools = Set.copyOf(tools);
        backendVeths = Map.copyOf(backendVeths);
    }

    /** The node's overlay VXLAN device: the one named, else the first with a VNI (netshell's own first). */
    public Optional<Link> vxlan(String named) {
        if (named != null) return state.link(named).filter(Link::isVxlan);
        return state.links().stream().filter(l -> l.isVxlan() && l.vni() != null && l.vni() != 0)
                .sorted((a, b) -> Boolean.compare(b.ours(), a.ours())).findFirst();
    }
}
