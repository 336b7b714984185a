package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.FdbEntry;
import netshell.kernel.Neighbour;
import netshell.kernel.NodeState;

/**
 * A static mesh floods nothing, so a container's ARP request for an address on another node would go nowhere. Every
 * node's VXLAN device therefore carries, for every address on the other nodes (their bridges' host addresses and
 * their containers, in both families), a permanent neighbour entry that its ARP and neighbour-discovery proxy answers
 * from, and for every remote container a
 * permanent FDB entry that sends its MAC to its node (the bridges' MACs have theirs from the mesh itself). This is
 * what Linux's "l2population" does for OpenStack: the control plane, not flooding, tells each node where things are.
 *
 * <p>Only netshell's MAC forms are touched: {@code 02:02:…} (a bridge) and {@code 02:03:…} (a container).
 */
public final class StaticEndpoints {
    /** MAC tag of a container in a static mesh: 02:03 then its IPv4 address. */
    public static final int CONTAINER_TAG = 3;
    private static final int BRIDGE_TAG = 2;

    private StaticEndpoints() {}

    /** Something other nodes must reach without ARP or flooding: a container, or a node's bridge (host address). */
    public record Endpoint(String node, String vtep, String ip, String mac, boolean container) {
        public static Endpoint host(String node, String vtep, String ip) {
            return new Endpoint(node, vtep, ip, VxlanSpec.staticMac(BRIDGE_TAG, vtep), false);
        }

        public static Endpoint container(String node, String vtep, String ip) {
            return new Endpoint(node, vtep, ip, containerMac(ip), true);
        }

        /** A dual-stack container's IPv6 address: the same MAC, the one made from its IPv4 address. */
        public static Endpoint container6(String node, String vtep, String ip6, String ipv4) {
            return new Endpoint(node, vtep, ip6, containerMac(ipv4), true);
        }

        /** A node's IPv6 host address: its bridge's MAC, as for IPv4. */
        public static Endpoint host6(String node, String vtep, String ip6) {
            return new Endpoint(node, vtep, ip6, VxlanSpec.staticMac(BRIDGE_TAG, vtep), false);
        }
    }

    /** The MAC a container gets in a static mesh, known to every node from its address alone. */
    public static String containerMac(String ipv4) {
        return VxlanSpec.staticMac(CONTAINER_TAG, ipv4);
    }

    /**
     * The steps that make the {@code vxlan} device of each node of {@code states} know exactly the endpoints of the
     * other nodes (all the mesh's endpoints are given, also those of nodes not planned for). Entries of our forms
     * that no endpoint wants any more (a removed container) go.
     */
    public static Plan plan(String vxlan, List<Endpoint> endpoints, Map<String, NodeState> states) {
        Plan plan = new Plan();
        for (var member : states.entrySet()) {
            String node = member.getKey();
            NodeState state = member.getValue();
            Map<String, Endpoint> neighbours = new LinkedHashMap<>();
            Map<String, Endpoint> forwarding = new LinkedHashMap<>();
            for (Endpoint e : endpoints) {
                if (e.node().equals(node)) continue;
                neighbours.put(e.ip(), e);
                if (e.container()) forwarding.put(e.mac(), e);
            }
            plan.addAll(node, fdbSteps(vxlan, forwarding, state));
            plan.addAll(node, neighbourSteps(vxlan, neighbours, state));
        }
        return plan;
    }

    private static List<Step> fdbSteps(String vxlan, Map<String, Endpoint> want, NodeState state) {
        List<FdbEntry> have = state.staticDestinations(vxlan).stream().filter(e -> isContainerMac(e.mac())).toList();
        List<Step> steps = new ArrayList<>();
        for (Endpoint e : want.values()) {
            if (have.stream().noneMatch(h -> h.mac().equalsIgnoreCase(e.mac()) && e.vtep().equals(h.dst()))) {
                steps.add(Step.of("static: container " + e.ip() + " (" + e.mac() + ") is behind " + e.node(), "bridge",
                        "fdb", "replace", e.mac(), "dev", vxlan, "dst", e.vtep(), "self", "permanent"));
            }
        }
        for (FdbEntry h : have) {
            Endpoint e = want.get(h.mac().toLowerCase());
            if (e == null) {
                steps.add(Step.of("static: " + h.mac() + " is no longer a container on the mesh", "bridge", "fdb",
                        "del", h.mac(), "dev", vxlan, "dst", h.dst(), "self"));
            }
        }
        return steps;
    }

    private static List<Step> neighbourSteps(String vxlan, Map<String, Endpoint> want, NodeState state) {
        List<Neighbour> have = state.neighbours().stream()
                .filter(n -> n.permanent() && vxlan.equals(n.dev()) && isOurs(n.lladdr())).toList();
        List<Step> steps = new ArrayList<>();
        for (Endpoint e : want.values()) {
            if (!e.mac().equalsIgnoreCase(state.permanentNeighbour(vxlan, e.ip()))) {
                steps.add(Step.of("static: " + vxlan + " answers ARP for " + e.ip() + " on " + e.node()
                        + " itself (no request crosses the mesh)", "ip", "neigh", "replace", e.ip(), "lladdr", e.mac(),
                        "dev", vxlan, "nud", "permanent"));
            }
        }
        for (Neighbour n : have) {
            if (!want.containsKey(n.dst())) {
                steps.add(Step.of("static: " + n.dst() + " is no longer on the mesh", "ip", "neigh", "del", n.dst(),
                        "dev", vxlan));
            }
        }
        return steps;
    }

    private static boolean isContainerMac(String mac) {
        return mac != null && mac.toLowerCase().startsWith(String.format("02:%02x:", CONTAINER_TAG));
    }

    private static boolean isOurs(String mac) {
        return isContainerMac(mac)
                || mac != null && mac.toLowerCase().startsWith(String.format("02:%02x:", BRIDGE_TAG));
    }
}
