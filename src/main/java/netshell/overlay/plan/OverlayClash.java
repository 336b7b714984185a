package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import netshell.addr.math.Cidr;
import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * What another overlay (or VXLAN device) already holds that a new one would take: the kernel allows one VXLAN
 * device per VNI, UDP port and family ("A VXLAN device with the specified VNI already exists"), a device name names
 * one device (taking it would pull it out of its overlay), and two bridges carrying one subnet split its routes.
 * Found before anything changes, and refused in one line naming the device and the way out.
 */
public final class OverlayClash {
    private OverlayClash() {}

    /**
     * Refuses {@code spec} on {@code members} when it clashes with what the nodes have; {@code subnet} (the new
     * overlay's, or null for a bare VXLAN mesh) must not be carried by another overlay bridge.
     */
    public static void refuse(VxlanSpec spec, List<NodeUnderlay> members, Map<String, NodeState> states, Cidr subnet) {
        Map<String, List<String>> clashes = new LinkedHashMap<>(); // one message, the nodes it holds on
        for (NodeUnderlay m : members) {
            NodeState state = states.get(m.node());
            if (state == null) continue;
            String found = clash(spec, m, state, subnet);
            if (found != null) clashes.computeIfAbsent(found, k -> new ArrayList<>()).add(m.node());
        }
        if (clashes.isEmpty()) return;
        var first = clashes.entrySet().iterator().next();
        throw new BadInput(String.join(", ", first.getValue()) + ": " + first.getKey()
                + "; nothing was changed");
    }

    /** The first clash on one node, as the rest of a sentence that starts with the nodes; null when there is none. */
    static String clash(VxlanSpec spec, NodeUnderlay member, NodeState state, Cidr subnet) {
        for (Link l : state.links()) {
            if (!l.isVxlan() || l.name().equals(spec.name())) continue;
            boolean sameFamily = IpFamily.isV6(l.vxlanLocal()) == member.ipv6();
            if (Objects.equals(l.vni(), spec.vni()) && Objects.equals(l.vxlanPort(), spec.port()) && sameFamily) {
                return "VNI " + spec.vni() + " on UDP port " + spec.port() + " is taken by " + describe(l)
                        + ": choose another --vni, or " + wayOut(l);
            }
        }
        Link same = state.link(spec.name()).filter(Link::isVxlan).orElse(null);
        if (same != null && same.master() != null && !same.master().equals(spec.bridge())) {
            boolean changes = !Objects.equals(same.vni(), spec.vni()) || !Objects.equals(same.vxlanPort(), spec.port());
            if (spec.bridge() != null || changes) {
                return "the VXLAN device " + describe(same) + " belongs to another overlay: choose another --name, or "
                        + wayOut(same);
            }
        }
        if (subnet != null) {
            for (OverlayView v : OverlayView.all(state)) {
                if (v.bridge().equals(spec.bridge()) || !v.subnet().overlaps(subnet)) continue;
                return "the overlay on bridge " + v.bridge() + " already has " + v.subnet()
                        + ": choose another subnet, or remove it first (overlay delete --bridge " + v.bridge() + ")";
            }
        }
        return null;
    }

    /** "vxlan-demo (VNI 100, port of overlay vxlan-net)". */
    private static String describe(Link l) {
        String where = l.master() != null ? ", port of overlay " + l.master() : "";
        return l.name() + " (VNI " + l.vni() + where + (l.ours() ? "" : ", not made by netshell") + ")";
    }

    private static String wayOut(Link l) {
        if (!l.ours()) return "remove " + l.name() + " by hand (ip link del " + l.name() + ")";
        if (l.master() != null) return "remove that overlay first (overlay delete --bridge " + l.master() + ")";
        return "remove it first (vxlan delete --name " + l.name() + ")";
    }
}
