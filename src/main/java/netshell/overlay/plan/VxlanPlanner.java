package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
        OverlayClash.refuse(spec, members, current, null);
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
        boolean fresh = existing == null; // no entries on the device once the plan made it
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
                fresh = true;
            } else {
                steps.addAll(adjust(spec, member, existing));
                programmed = state.floodDestinations(name);
            }
        }
        if (spec.learning()) {
            steps.addAll(reconcileFlood(name, peers, programmed));
            steps.addAll(reconcileStatic(name, Map.of(), fresh ? List.of() : state.staticDestinations(name)));
        } else {
            steps.addAll(reconcileFlood(name, List.of(), programmed));
            // With a bridge, frames for a peer's bridge (its host address) take the same tunnel.
            Map<String, String> want = new LinkedHashMap<>(peerMacs(1, peers));
            if (spec.bridge() != null) want.putAll(peerMacs(2, peers));
            steps.addAll(reconcileStatic(name, want, fresh ? List.of() : state.staticDestinations(name)));
        }
        return steps;
    }

    /** Each peer's device MAC in static mode (see {@link VxlanSpec#staticMac}), by the peer's underlay address. */
    static Map<String, String> peerMacs(int tag, List<String> peers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : peers) out.put(VxlanSpec.staticMac(tag, p), p);
        return out;
    }

    /**
     * Static mode: one permanent entry per peer MAC pointing at that peer's VTEP; entries of netshell's MAC form
     * ({@code 02:0t:…}) that point elsewhere or at a peer no longer in the mesh go. In flood mode {@code want} is
     * empty, so switching back removes them.
     */
    static List<Step> reconcileStatic(String name, Map<String, String> want, List<FdbEntry> programmed) {
        List<Step> steps = new ArrayList<>();
        for (var e : want.entrySet()) {
            boolean there = programmed.stream()
                    .anyMatch(p -> e.getKey().equals(p.mac()) && e.getValue().equals(p.dst()));
            if (!there) {
                steps.add(Step.of("static: frames for " + e.getKey() + " go to peer " + e.getValue() + ", no flooding",
                        "bridge", "fdb", "replace", e.getKey(), "dev", name, "dst", e.getValue(), "self", "permanent"));
            }
        }
        for (FdbEntry p : programmed) {
            if (p.mac() == null || !p.mac().matches("02:0[12]:.*")) continue;
            if (!p.dst().equals(want.get(p.mac()))) {
                steps.add(Step.of(p.mac() + " is no longer a static peer entry", "bridge", "fdb", "del", p.mac(), "dev",
                        name, "dst", p.dst(), "self"));
            }
        }
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
        List<String> add = new ArrayList<>(List.of("ip", "link", "add", name));
        if (!spec.learning()) add.addAll(List.of("address", VxlanSpec.staticMac(1, member.address())));
        add.addAll(List.of("type", "vxlan", "id", String.valueOf(spec.vni()), "local", member.address(), "dev",
                member.dev(), "dstport", String.valueOf(spec.port())));
        // Over IPv6 a zero UDP checksum is only valid where both ends agree to it (RFC 6935): every node sends
        // checksums and refuses zero ones, whatever the kernel's default.
        if (member.ipv6()) add.addAll(List.of("noudp6zerocsumtx", "noudp6zerocsumrx"));
        if (!spec.learning()) add.addAll(List.of("nolearning", "proxy"));
        Step create = new Step(add, null, verb + " " + name + ": VNI " + spec.vni() + " over " + member.dev()
                + ", explicit dstport (Linux would use 8472), no remote: peers come from the FDB"
                + (spec.learning()
                        ? ""
                        : "; static: a MAC peers can know, no learning, ARP answered from the"
                                + " device's own neighbour entries (nothing floods)"));
        // A device made anew goes again if the change fails; one that was recreated cannot come back as it was.
        steps.add(verb.equals("create") ? create.creating(name, LinkRemoval.of(name)) : create);
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
        if (spec.learning() && Boolean.FALSE.equals(existing.learning())) {
            steps.add(Step.of("turn learning back on so unicast goes to one peer, not all", "ip", "link", "set", name,
                    "type", "vxlan", "learning"));
        }
        if (!spec.learning() && !Boolean.FALSE.equals(existing.learning())) {
            steps.add(Step.of("static: peers are programmed, not learned", "ip", "link", "set", name, "type", "vxlan",
                    "nolearning"));
        }
        String mac = VxlanSpec.staticMac(1, member.address());
        if (!spec.learning() && !mac.equals(existing.mac())) {
            steps.add(Step.of("static: the MAC peers program for this node", "ip", "link", "set", name, "address",
                    mac));
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
        // The kernel fixes the ARP proxy flag at creation. A static mesh needs it (no ARP floods); a flooding mesh
        // must not have it, since a proxying device swallows every ARP request it cannot answer.
        boolean proxy = Boolean.TRUE.equals(l.proxy());
        if (spec.learning() == proxy) diffs.add(proxy ? "ARP proxy -> none (flood mesh)" : "no ARP proxy -> proxy");
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
