package netshell.overlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import netshell.command.ApplyReport;
import netshell.command.Changes;
import netshell.command.CommandOutcome;
import netshell.command.Context;
import netshell.command.NodeStates;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.node.Node;
import netshell.overlay.plan.OverlayView;
import netshell.overlay.plan.StaticEndpoints;

/**
 * After a change to a static mesh (overlay create --static, container run or rm on it): every member's VXLAN device
 * is brought to know every other member's host address and containers ({@link StaticEndpoints}). The nodes' own state
 * is the record of what is where, read afresh from every node of the target, so a node that joined later, or a
 * container removed by hand, comes out right too.
 */
final class StaticMesh {
    private StaticMesh() {}

    /** Whether the node's overlay on this bridge is a static mesh (its VXLAN port neither learns nor floods). */
    static boolean isStatic(NodeState state, OverlayView view) {
        return view.vxlan() != null && state.staticMesh(view.vxlan());
    }

    /**
     * {@code done}, the outcome of the change, followed by the reconciliation of the static mesh of VNI {@code vni}.
     * Nothing more happens after a failed change or in a dry run (the state the entries derive from is not there).
     */
    static Object after(Context ctx, Object done, int vni) {
        if (ctx.dryRun() || done instanceof CommandOutcome o && o.failed()) return done;
        Map<String, NodeState> members = new LinkedHashMap<>();
        List<StaticEndpoints.Endpoint> endpoints = new ArrayList<>();
        String vxlan = null;
        List<Node> nodes = ctx.select(null);
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        for (Node n : nodes) {
            NodeState s = states.get(n.name());
            for (OverlayView v : OverlayView.all(s)) {
                if (!Objects.equals(v.vni(), vni) || !isStatic(s, v)) continue;
                if (vxlan != null && !vxlan.equals(v.vxlan())) continue; // netshell names the device alike everywhere
                vxlan = v.vxlan();
                String vtep = s.link(v.vxlan()).map(Link::vxlanLocal).orElse(null);
                if (vtep == null) continue;
                members.put(n.name(), s);
                endpoints.add(StaticEndpoints.Endpoint.host(n.name(), vtep, v.hostAddress()));
                if (v.ipv6() != null)
                    endpoints.add(StaticEndpoints.Endpoint.host6(n.name(), vtep, v.ipv6().hostAddress()));
                for (Containers.Found f : Containers.on(n, s)) {
                    boolean onBridge = s.link(f.veth()).map(l -> v.bridge().equals(l.master())).orElse(false);
                    Containers.Assigned a = onBridge ? Containers.addresses(ctx, n, f.namespace()) : null;
                    if (a == null || a.v4() == null) continue;
                    endpoints.add(StaticEndpoints.Endpoint.container(n.name(), vtep, a.v4()));
                    if (a.v6() != null)
                        endpoints.add(StaticEndpoints.Endpoint.container6(n.name(), vtep, a.v6(), a.v4()));
                }
            }
        }
        if (vxlan == null) return done;
        var plan = StaticEndpoints.plan(vxlan, endpoints, members);
        if (plan.isEmpty()) return done;
        Object entries = Changes.applyOrRollBack(ctx, plan);
        if (entries instanceof CommandOutcome o && o.failed()) return entries;
        return done instanceof ApplyReport r && entries instanceof ApplyReport e ? r.then(e) : done;
    }
}
