package netshell.lb;

import java.util.ArrayList;
import java.util.List;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.core.BadInput;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.InstalledService;
import netshell.node.FleetResult;
import netshell.node.Node;

/** Reads the lb state of many nodes at once and finds which of them serve a given VIP. */
final class LbLocator {
    private LbLocator() {}

    /** One node holding the service, with everything else its kernel holds. */
    record Hosted(LbNodeState state, InstalledService service) {}

    static List<LbNodeState> readAll(Context ctx, List<Node> nodes) {
        FleetResult<LbNodeState> r = ctx.session().fleet().each(nodes, n -> LbNodeState.read(ctx, n));
        var out = new ArrayList<LbNodeState>();
        for (var o : r.outcomes()) {
            if (!o.ok()) throw new CommandFailed(o.node() + ": " + o.error());
            out.add(o.value());
        }
        return out;
    }

    /** The nodes (among {@code selector}, default all) serving VIP (and proto, when given); BadInput when none. */
    static List<Hosted> locate(Context ctx, String selector, Endpoint vip, String proto) {
        var hosted = new ArrayList<Hosted>();
        for (LbNodeState s : readAll(ctx, ctx.select(selector)))
            s.find(vip, proto).ifPresent(svc -> hosted.add(new Hosted(s, svc)));
        if (hosted.isEmpty())
            throw new BadInput("no service " + vip + (proto == null ? "" : "/" + proto) + " on "
                    + (selector == null ? "any node" : "'" + selector + "'") + " (see 'lb show')");
        long protos = hosted.stream().map(h -> h.service().spec().proto()).distinct().count();
        if (protos > 1) throw new BadInput(vip + " is served over tcp and udp; say which with --proto");
        return hosted;
    }
}
