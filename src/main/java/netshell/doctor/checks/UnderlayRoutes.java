package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.addr.math.Cidr;
import netshell.addr.math.IpLiteral;
import netshell.kernel.FdbEntry;
import netshell.kernel.KernelJson;
import netshell.kernel.Link;

/**
 * The underlay's routes to the peer VTEPs: on a routed underlay (nodes on different segments, routers between them)
 * each VXLAN device sends to peers that only a route through a router reaches. A peer whose best route is missing,
 * or is a blackhole, unreachable or prohibit route, gets none of the tunnel's packets, while the peers beside the node
 * still do. Read from the main table (longest prefix wins), as the kernel picks a route.
 */
final class UnderlayRoutes {
    private static final Set<String> DROPPING = Set.of("blackhole", "unreachable", "prohibit");

    private UnderlayRoutes() {}

    static List<Finding> check(NodeFacts f, CauseFacts c) {
        if (c.routes() == null || f.state() == null) return List.of();
        List<Map<String, Object>> routes = KernelJson.objects(c.routes(), "ip -j -4 route show");
        List<Finding> out = new ArrayList<>();
        for (Link l : f.state().links()) {
            if (!l.isVxlan() || CauseChecks.external(l)) continue;
            Set<String> peers = new LinkedHashSet<>(f.state().floodDestinations(l.name()));
            f.state().staticDestinations(l.name()).stream().map(FdbEntry::dst).forEach(peers::add);
            List<String> unrouted = new ArrayList<>();
            for (String peer : peers) {
                if (!IpLiteral.isV4(peer)) continue;
                Map<String, Object> best = best(routes, peer);
                String type = best == null ? null : KernelJson.string(best, "type");
                if (best == null) unrouted.add(peer + " (no route)");
                else if (type != null && DROPPING.contains(type))
                    unrouted.add(peer + " (" + type + " " + KernelJson.string(best, "dst") + ")");
            }
            if (peers.isEmpty()) continue;
            if (unrouted.isEmpty()) {
                out.add(Finding.ok("underlay-route", f.node(), l.name() + " has a route to every peer VTEP"));
            } else {
                out.add(Finding.fail("underlay-route", f.node(), l.name() + " on " + f.node() + " sends to "
                        + String.join(", ", unrouted) + ", which " + f.node() + " cannot route: the kernel drops"
                        + " every tunnel packet to " + (unrouted.size() == 1 ? "that peer" : "those peers")
                        + " (add a route to it through the router of the underlay, e.g. in the topology's exec)"
                        + CauseChecks.evidence("ip -j -4 route show", shown(routes)), ""));
            }
        }
        return out;
    }

    /** The routes as ip prints them without -j, the first few: what the node does route. */
    private static List<String> shown(List<Map<String, Object>> routes) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : routes.subList(0, Math.min(routes.size(), 6))) {
            String type = KernelJson.string(r, "type");
            String via = KernelJson.string(r, "gateway");
            out.add((type == null || type.equals("unicast") ? "" : type + " ") + KernelJson.string(r, "dst")
                    + (via == null ? "" : " via " + via) + (r.get("dev") == null ? "" : " dev " + r.get("dev")));
        }
        if (routes.isEmpty()) out.add("no routes");
        else if (routes.size() > 6) out.add("… " + (routes.size() - 6) + " more");
        return out;
    }

    /** The route the kernel would take to an address: the longest prefix holding it ("default" holds all). */
    private static Map<String, Object> best(List<Map<String, Object>> routes, String address) {
        Map<String, Object> best = null;
        int bestLength = -1;
        for (Map<String, Object> r : routes) {
            String dst = KernelJson.string(r, "dst");
            if (dst == null) continue;
            int length;
            if (dst.equals("default")) {
                length = 0;
            } else {
                Cidr prefix = Cidr.parse(dst.contains("/") ? dst : dst + "/32");
                if (!prefix.normalized().contains(address)) continue;
                length = prefix.prefix();
            }
            if (length > bestLength) {
                best = r;
                bestLength = length;
            }
        }
        return best;
    }
}
