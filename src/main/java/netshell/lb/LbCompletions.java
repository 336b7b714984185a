package netshell.lb;

import java.util.ArrayList;
import java.util.List;

import netshell.command.LiveSource;
import netshell.lb.rules.InstalledService;
import netshell.lb.rules.InstalledServices;
import netshell.lb.rules.IptablesSave;
import netshell.node.ExecResult;

/** What lb completes from the nodes: the VIPs and backends of its services, both families, as lb takes them. */
final class LbCompletions {
    private LbCompletions() {}

    private static final List<List<String>> NAT = List.of(List.of("iptables-save", "-t", "nat"),
            List.of("ip6tables-save", "-t", "nat"));

    static final LiveSource VIP = LiveSource.reading("vip", NAT, (r, ctx, node) -> {
        List<String> out = new ArrayList<>();
        for (InstalledService s : services(r)) out.add(s.spec().vip().toString());
        return out;
    });

    static final LiveSource BACKEND = LiveSource.reading("backend", NAT, (r, ctx, node) -> {
        List<String> out = new ArrayList<>();
        for (InstalledService s : services(r)) s.spec().backends().forEach(b -> out.add(b.toString()));
        return out;
    });

    /** The services in both families' NAT tables ([fd56::100]:80 for IPv6). */
    private static List<InstalledService> services(List<ExecResult> saves) {
        List<InstalledService> out = new ArrayList<>();
        for (ExecResult save : saves) {
            if (save.ok()) out.addAll(InstalledServices.fromIptables(IptablesSave.parse(save.stdout())));
        }
        return out;
    }
}
