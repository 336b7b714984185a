package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.IfName;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * Plans a namespace "container" on one node: namespace, veth pair into the bridge, address and default route inside.
 */
public final class ContainerPlanner {
    /** Name of the interface inside the container. */
    public static final String INSIDE = "eth0";
    private static final String PREFIX = "vn";

    private ContainerPlanner() {}

    /**
     * Host-side veth name: "vn" + container name, or when that exceeds 15 characters, "vn" + the
     * first 7 characters + "-" + 5 hex digits of the full name's hash, so long names stay distinct.
     */
    public static String hostVeth(String container) {
        String plain = PREFIX + container;
        if (plain.length() <= IfName.MAX) return plain;
        String hash = String.format("%05x", container.hashCode() & 0xFFFFF);
        return PREFIX + container.substring(0, 7) + "-" + hash;
    }

    public static Plan plan(String node, ContainerSpec spec, NodeState host) {
        return plan(node, spec, host, List.of());
    }

    /**
     * As {@link #plan(String, ContainerSpec, NodeState)}, with {@code netnsAdmin} put before `ip netns add|del`:
     * a node that is itself run through `ip netns exec` has a private mount namespace, where a new
     * namespace's bind mount would vanish with the command; the prefix (e.g. nsenter --mount=…) runs it in
     * the machine's own mount namespace.
     */
    public static Plan plan(String node, ContainerSpec spec, NodeState host, List<String> netnsAdmin) {
        return plan(node, spec, host, netnsAdmin, Inside.UNKNOWN);
    }

    /**
     * What an existing container's eth0 has now: its IPv6 address with prefix length, and its MTU (each null when
     * none or not read).
     */
    public record Inside(String address6Cidr, Integer mtu) {
        public static final Inside UNKNOWN = new Inside(null, null);
    }

    /**
     * As above, for a container whose eth0 is as {@code current} says: a dual-stack spec gives an existing IPv4-only
     * container its IPv6 address and route as well, an IPv4-only spec takes them away again, and eth0 follows the
     * overlay's MTU (which changes when the overlay moves to an IPv6 underlay).
     */
    public static Plan plan(String node, ContainerSpec spec, NodeState host, List<String> netnsAdmin,
            Inside current) {
        String current6 = current.address6Cidr();
        String ns = spec.name();
        String veth = hostVeth(ns);
        List<Step> steps = new ArrayList<>();
        if (!host.namespaces().contains(ns)) {
            steps.add(Step.of("the container's own network stack", admin(netnsAdmin, "ip", "netns", "add", ns))
                    .creating(ns,
                            Step.of("undo: remove namespace " + ns, admin(netnsAdmin, "ip", "netns", "del", ns))));
        }
        Link existing = host.link(veth).orElse(null);
        if (existing == null) {
            List<String> cable = new ArrayList<>(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name",
                    INSIDE));
            if (spec.mac() != null) cable.addAll(List.of("address", spec.mac()));
            cable.addAll(List.of("netns", ns));
            steps.add(new Step(cable, null, "cable from the bridge into " + ns
                    + (spec.mac() == null ? "" : ", eth0 with the MAC every node of the static mesh knows"))
                    .creating(veth, LinkRemoval.of(veth)));
            steps.add(Step.of("tag " + veth + " so that show and delete find it", "ip", "link", "set", "dev", veth,
                    "alias", Link.NETSHELL_ALIAS));
            steps.add(master(veth, spec.bridge()));
            steps.add(hairpin(veth));
            steps.add(mtu(veth, spec.mtu()));
            steps.add(up(veth));
            steps.add(inside(ns, "container address", "ip", "addr", "add", spec.addressCidr(), "dev", INSIDE));
            if (spec.dualStack()) steps.add(address6(ns, spec));
            steps.add(inside(ns, "overlay MTU inside too", "ip", "link", "set", INSIDE, "mtu",
                    String.valueOf(spec.mtu()), "up"));
            steps.add(inside(ns, "loopback, which a fresh namespace leaves down", "ip", "link", "set", "lo", "up"));
            steps.add(inside(ns, "leave the overlay through the node's host address", "ip", "route", "add", "default",
                    "via", spec.gateway()));
            if (spec.dualStack()) steps.add(route6(ns, spec, "add"));
        } else {
            VxlanPlanner.refuseForeign(existing, node);
            if (!spec.bridge().equals(existing.master())) steps.add(master(veth, spec.bridge()));
            if (existing.mtu() != spec.mtu()) steps.add(mtu(veth, spec.mtu()));
            if (!existing.adminUp()) steps.add(up(veth));
            if (current.mtu() != null && current.mtu() != spec.mtu()) steps.add(insideMtu(ns, spec.mtu()));
            if (spec.dualStack() && !spec.address6Cidr().equals(current6)) {
                if (current6 != null) {
                    steps.add(inside(ns, "address plan changed: " + current6 + " is no longer this container's", "ip",
                            "-6", "addr", "del", current6, "dev", INSIDE));
                }
                steps.add(address6(ns, spec));
                steps.add(route6(ns, spec, "replace"));
            }
            if (!spec.dualStack() && current6 != null) {
                steps.add(inside(ns, "the overlay is IPv4 only now: " + current6 + " goes", "ip", "-6", "addr", "del",
                        current6, "dev", INSIDE));
                steps.add(inside(ns, "and so does the IPv6 default route (flush: no error when there is none)", "ip",
                        "-6", "route", "flush", "default"));
            }
        }
        return new Plan().addAll(node, steps);
    }

    /** No duplicate address detection: the plan keeps addresses apart, and a tentative address drops traffic. */
    private static Step address6(String ns, ContainerSpec spec) {
        return inside(ns, "container IPv6 address", "ip", "-6", "addr", "add", spec.address6Cidr(), "dev", INSIDE,
                "nodad");
    }

    private static Step route6(String ns, ContainerSpec spec, String verb) {
        return inside(ns, "leave the overlay through the node's IPv6 host address", "ip", "-6", "route", verb,
                "default", "via", spec.gateway6());
    }

    /**
     * Removes the veth (both ends go together) and the namespace. A namespace cannot carry a tag, so
     * a foreign device under our veth name makes the whole removal refuse rather than guess.
     */
    public static Plan removePlan(String node, String container, NodeState host) {
        return removePlan(node, container, host, List.of());
    }

    /** As {@link #removePlan(String, String, NodeState)}, with the prefix for `ip netns del` (see plan). */
    public static Plan removePlan(String node, String container, NodeState host, List<String> netnsAdmin) {
        String veth = hostVeth(container);
        List<Step> steps = new ArrayList<>();
        Link existing = host.link(veth).orElse(null);
        if (existing != null) {
            VxlanPlanner.refuseForeign(existing, node);
            steps.add(Step.of("unplug " + container + " from the bridge", "ip", "link", "del", veth));
        }
        if (host.namespaces().contains(container)) {
            steps.add(Step.of("remove " + container + "'s network stack",
                    admin(netnsAdmin, "ip", "netns", "del", container)));
        }
        return new Plan().addAll(node, steps);
    }

    private static String[] admin(List<String> prefix, String... argv) {
        return Stream.concat(prefix.stream(), Stream.of(argv)).toArray(String[]::new);
    }

    /**
     * A container cabled to an overlay whose MTU changed (the mesh moved to the other underlay family): both ends of
     * its veth take the overlay's MTU, or its large frames are dropped on the tunnel.
     */
    public static List<Step> mtuSteps(String ns, int mtu) {
        return List.of(mtu(hostVeth(ns), mtu), insideMtu(ns, mtu));
    }

    private static Step insideMtu(String ns, int mtu) {
        return inside(ns, "overlay MTU inside too", "ip", "link", "set", INSIDE, "mtu", String.valueOf(mtu));
    }

    private static Step inside(String ns, String why, String... argv) {
        String[] full = Stream.concat(Stream.of("ip", "netns", "exec", ns), Stream.of(argv)).toArray(String[]::new);
        return Step.of(why, full);
    }

    private static Step master(String veth, String bridge) {
        return Step.of(veth + " becomes a port of " + bridge, "ip", "link", "set", veth, "master", bridge);
    }

    /**
     * A container calling a VIP whose DNAT picks the container itself: with bridge-nf-call-iptables=1 the node DNATs
     * the frame on the bridge and sends it back out the port it came in by, which a bridge drops unless the port is in
     * hairpin mode (what Docker does with its userland proxy off, and kubelet's hairpin-veth).
     */
    private static Step hairpin(String veth) {
        return Step.of("a VIP's DNAT may send the container's own connection back to it", "ip", "link", "set", "dev",
                veth, "type", "bridge_slave", "hairpin", "on");
    }

    private static Step mtu(String dev, int mtu) {
        return Step.of("overlay MTU, or large transfers stall", "ip", "link", "set", dev, "mtu", String.valueOf(mtu));
    }

    private static Step up(String dev) {
        return Step.of("bring " + dev + " up", "ip", "link", "set", dev, "up");
    }
}
