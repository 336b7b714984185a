package netshell.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.command.NodeStates;
import netshell.fault.plan.FaultPlanner;
import netshell.fault.plan.FaultTarget;
import netshell.fault.plan.Planted;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.overlay.plan.ContainerPlanner;

/** What {@code fault} reads of each node before it plants or clears: one round trip per node. */
final class FaultReads {
    /** One node: what the planner needs (null when only markers were read), its planted faults, what was unreadable. */
    record Read(FaultTarget target, List<Planted> planted, List<String> warnings) {}

    private static final List<String> SYSCTLS = List.of("sh", "-c", "cd /proc/sys/net || exit 0\n"
            + "for f in ipv4/ip_forward ipv4/conf/*/rp_filter ipv4/conf/all/route_localnet"
            + " netfilter/nf_conntrack_max netfilter/nf_conntrack_count; do"
            + " [ -r \"$f\" ] && echo \"$f $(cat \"$f\")\"; done\n"
            + "[ -w netfilter/nf_conntrack_max ] && echo writable; exit 0");
    private static final List<String> TOOLS = List.of("sh", "-c", "for t in iptables iptables-legacy iptables-nft"
            + " bridge; do command -v \"$t\" >/dev/null 2>&1 && echo \"$t\"; done; iptables -V 2>/dev/null; exit 0");
    private static final Map<String, String> SYSCTL_KEYS = Map.of("ipv4/ip_forward", "ip_forward",
            "ipv4/conf/all/route_localnet", "route_localnet",
            "netfilter/nf_conntrack_max", "conntrack_max", "netfilter/nf_conntrack_count", "conntrack_count");

    private FaultReads() {}

    /** Every node's state, sysctls, tools and markers; with {@code backends}, its containers' addresses too. */
    static Map<String, Read> read(Context ctx, List<Node> nodes, boolean backends) {
        List<List<String>> argvs = new ArrayList<>(NodeStates.READS);
        argvs.addAll(List.of(SYSCTLS, TOOLS, FaultPlanner.readMarkers()));
        return each(ctx, nodes, n -> {
            List<ExecResult> r = ctx.readEach(n, argvs);
            int at = NodeStates.READS.size();
            NodeState state = NodeStates.leniently(r.subList(0, at));
            if (state == null)
                throw new CommandFailed("cannot read the links of " + n.name() + " (nothing was changed)");
            Map<String, String> sysctls = new LinkedHashMap<>();
            boolean writable = false;
            for (String line : r.get(at).stdout().lines().toList()) {
                String[] kv = line.strip().split(" ", 2);
                if (kv.length == 2 && kv[1].matches("\\d+")) {
                    if (SYSCTL_KEYS.containsKey(kv[0])) sysctls.put(SYSCTL_KEYS.get(kv[0]), kv[1]);
                    else if (kv[0].matches("ipv4/conf/[^/]+/rp_filter"))
                        sysctls.put("rp_filter." + kv[0].split("/")[2], kv[1]);
                }
                if (line.strip().equals("writable")) writable = true;
            }
            Set<String> tools = new LinkedHashSet<>();
            String mode = null;
            for (String line : r.get(at + 1).stdout().lines().map(String::strip).toList()) {
                if (line.startsWith("iptables v")) mode = line.contains("nf_tables") ? "nf_tables" : "legacy";
                else if (line.matches("[a-z-]+")) tools.add(line);
            }
            List<String> warnings = new ArrayList<>();
            List<Planted> planted = FaultPlanner.parseMarkers(n.name(), r.get(at + 2).stdout(), warnings);
            Map<String, String> veths = backends ? backendVeths(ctx, n, state) : Map.of();
            return new Read(new FaultTarget(n.name(), n.underlay(), state, sysctls, writable, mode, tools, veths),
                    planted, warnings);
        });
    }

    /** The planted faults alone, for ls and clear. */
    static Map<String, Read> markers(Context ctx, List<Node> nodes) {
        return each(ctx, nodes, n -> {
            List<String> warnings = new ArrayList<>();
            ExecResult r = ctx.read(n, FaultPlanner.readMarkers());
            if (!r.ok()) warnings.add("could not read the faults on " + n.name() + ": " + r.firstErrorLine());
            return new Read(null, FaultPlanner.parseMarkers(n.name(), r.stdout(), warnings), warnings);
        });
    }

    /** Containers of ours on the node (namespaces with our host veth): each IPv4 address → that veth. */
    private static Map<String, String> backendVeths(Context ctx, Node n, NodeState state) {
        List<String> ours = state.namespaces().stream()
                .filter(ns -> state.link(ContainerPlanner.hostVeth(ns)).map(Link::ours).orElse(false)).toList();
        Map<String, String> out = new LinkedHashMap<>();
        if (ours.isEmpty()) return out;
        List<ExecResult> reads = ctx.readEach(n,
                ours.stream().map(ns -> List.of("ip", "-n", ns, "-j", "addr")).toList());
        for (int i = 0; i < ours.size(); i++) {
            if (!reads.get(i).ok()) continue;
            try {
                for (IfAddress a : Addresses.parse(reads.get(i).stdout()))
                    if (a.ipv4() && !a.local().startsWith("127."))
                        out.put(a.local(), ContainerPlanner.hostVeth(ours.get(i)));
            } catch (IllegalStateException ignored) {
                // An unreadable container holds no backend we can stop.
            }
        }
        return out;
    }

    private static Map<String, Read> each(Context ctx, List<Node> nodes,
            netshell.node.NodeTask<Read> read) {
        FleetResult<Read> r = ctx.session().fleet().each(nodes, read);
        Map<String, Read> out = new LinkedHashMap<>();
        for (var o : r.outcomes()) {
            if (!o.ok())
                throw new CommandFailed("cannot read " + o.node() + ": " + o.error() + " (nothing was changed)");
            out.put(o.node(), o.value());
        }
        return out;
    }
}
