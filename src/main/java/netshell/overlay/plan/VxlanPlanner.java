package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.FdbEntry;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * Plans a VXLAN mesh: one device per member without `remote`, and one all-zeros FDB entry per
 * peer so broadcast and unknown unicast reach every other node (head-end replication). Plans only
 * the difference from the current state, so re-planning against the result gives an empty plan.
 *
 * <p>Learning stays on (no `nolearning`): with only flood entries programmed, learning is what
 * lets the kernel send unicast to the one VTEP behind a MAC instead of copying it to every peer.
 */
public final class VxlanPlanner {
    /** Outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8. */
    public static final int OVERHEAD_V4 = 50;
    /** Outer Ethernet 14 + IPv6 40 + UDP 8 + VXLAN 8. */
    public static final int OVERHEAD_V6 = 70;

    private VxlanPlanner() {}

    public static Plan plan(VxlanSpec spec, List<NodeUnderlay> members, Map<String, NodeState> current) {
        checkMembers(members);
        Plan plan = new Plan();
        for (NodeUnderlay member : members) {
            List<String> peers = members.stream().filter(m -> m != member).map(NodeUnderlay::address).toList();
            plan.addAll(member.node(), stepsFor(spec, member, peers, stateOf(current, member.node())));
        }
        return plan;
    }

    /** Steps for one node; exposed so that the overlay planner can put bridge steps first. */
    static List<Step> stepsFor(VxlanSpec spec, NodeUnderlay member, List<String> peers, NodeState state) {
        String name = spec.name();
        List<Step> steps = new ArrayList<>();
        Link existing = state.link(name).orElse(null);
        List<String> programmed;
        if (existing == null) {
            steps.addAll(create(spec, member, "create"));
            programmed = List.of();
        } else {
            refuseForeign(existing, member.node());
            String drift = drift(spec, member, existing);
            if (drift != null) {
                steps.add(Step.of(name + " differs (" + drift + "); delete it to recreate", "ip", "link", "del", name));
                steps.addAll(create(spec, member, "recreate"));
                programmed = List.of(); // the kernel drops a device's FDB with the device
            } else {
                steps.addAll(adjust(spec, member, existing));
                programmed = state.floodDestinations(name);
            }
        }
        steps.addAll(reconcileFlood(name, peers, programmed));
        return steps;
    }

    /**
     * Deletes the named device on every node where netshell made it; foreign devices and absent ones are left alone.
     */
    public static Plan deletePlan(String name, Map<String, NodeState> current) {
        Plan plan = new Plan();
        current.forEach((node, state) -> state.link(name).filter(Link::ours)
                .ifPresent(l -> plan.add(node,
                        Step.of("remove netshell's " + l.kind() + " device " + name + " (its FDB entries go with it)",
                                "ip", "link", "del", name))));
        return plan;
    }

    static void refuseForeign(Link existing, String node) {
        if (!existing.ours()) {
            throw new BadInput(existing.name() + " exists on " + node + " and was not made by netshell");
        }
    }

    static NodeState stateOf(Map<String, NodeState> current, String node) {
        NodeState state = current.get(node);
        if (state == null) throw new IllegalArgumentException("no state was read from node " + node);
        return state;
    }

    static void checkMembers(List<NodeUnderlay> members) {
        if (members == null || members.isEmpty()) throw new BadInput("a VXLAN needs at least one node");
        Set<String> nodes = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (NodeUnderlay m : members) {
            if (!nodes.add(m.node())) throw new BadInput("node " + m.node() + " is listed twice");
            if (!addresses.add(m.address()))
                throw new BadInput("underlay address " + m.address() + " is used by two nodes");
        }
    }

    private static List<Step> create(VxlanSpec spec, NodeUnderlay member, String verb) {
        String name = spec.name();
        List<Step> steps = new ArrayList<>();
        List<String> argv = new ArrayList<>(List.of("ip", "link", "add", name, "type", "vxlan", "id",
                String.valueOf(spec.vni()), "local", member.address(), "dev", member.dev(), "dstport",
                String.valueOf(spec.port())));
        // Over IPv6 a zero UDP checksum is only valid where both ends agree to it (RFC 6935): every node sends
        // checksums and refuses zero ones, whatever the kernel's default.
        if (member.ipv6()) argv.addAll(List.of("noudp6zerocsumtx", "noudp6zerocsumrx"));
        steps.add(Step.of(verb + " " + name + ": VNI " + spec.vni() + " over " + member.dev()
                + ", explicit dstport (Linux would use 8472), no remote: peers come from the FDB",
                argv.toArray(String[]::new)));
        steps.add(mtu(name, member));
        steps.add(Step.of("tag " + name + " so that show and delete find it", "ip", "link", "set", "dev", name, "alias",
                Link.NETSHELL_ALIAS));
        if (spec.bridge() != null) steps.add(enslave(name, spec.bridge()));
        steps.add(up(name));
        return steps;
    }

    /** In-place fixes for a device whose identity (VNI, port, local, underlay) is right. */
    private static List<Step> adjust(VxlanSpec spec, NodeUnderlay member, Link existing) {
        String name = spec.name();
        List<Step> steps = new ArrayList<>();
        if (existing.mtu() != member.overlayMtu()) steps.add(mtu(name, member));
        if (Boolean.FALSE.equals(existing.learning())) {
            steps.add(Step.of("turn learning back on so unicast goes to one peer, not all", "ip", "link", "set", name,
                    "type", "vxlan", "learning"));
        }
        if (spec.bridge() != null && !spec.bridge().equals(existing.master())) steps.add(enslave(name, spec.bridge()));
        if (!existing.adminUp()) steps.add(up(name));
        return steps;
    }

    /** What makes the existing device a different segment, or null if it is the same one. */
    private static String drift(VxlanSpec spec, NodeUnderlay member, Link l) {
        List<String> diffs = new ArrayList<>();
        if (!l.isVxlan()) return "it is a " + (l.kind() == null ? "plain" : l.kind()) + " device, not vxlan";
        if (!Objects.equals(l.vni(), spec.vni())) diffs.add("VNI " + l.vni() + " -> " + spec.vni());
        if (!Objects.equals(l.vxlanPort(), spec.port())) diffs.add("port " + l.vxlanPort() + " -> " + spec.port());
        if (!Objects.equals(l.vxlanLocal(), member.address()))
            diffs.add("local " + l.vxlanLocal() + " -> " + member.address());
        if (!Objects.equals(l.vxlanDev(), member.dev())) diffs.add("dev " + l.vxlanDev() + " -> " + member.dev());
        return diffs.isEmpty() ? null : String.join(", ", diffs);
    }

    private static List<Step> reconcileFlood(String name, List<String> peers, List<String> programmed) {
        List<Step> steps = new ArrayList<>();
        for (String peer : peers) {
            if (!programmed.contains(peer)) {
                steps.add(Step.of("flood broadcast and unknown unicast to peer " + peer,
                        "bridge", "fdb", "append", FdbEntry.ALL_ZEROS, "dev", name, "dst", peer));
            }
        }
        for (String old : programmed) {
            if (!peers.contains(old)) {
                steps.add(Step.of(old + " is no longer a member; stop flooding to it",
                        "bridge", "fdb", "del", FdbEntry.ALL_ZEROS, "dev", name, "dst", old));
            }
        }
        return steps;
    }

    private static Step mtu(String name, NodeUnderlay member) {
        return Step.of("underlay MTU " + member.mtu() + " minus VXLAN overhead, or large transfers stall",
                "ip", "link", "set", name, "mtu", String.valueOf(member.overlayMtu()));
    }

    private static Step enslave(String name, String bridge) {
        return Step.of(name + " becomes a port of bridge " + bridge, "ip", "link", "set", name, "master", bridge);
    }

    private static Step up(String name) {
        return Step.of("bring " + name + " up", "ip", "link", "set", name, "up");
    }
}
