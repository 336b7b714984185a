package netshell.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.command.NodeStates;
import netshell.link.plan.Device;
import netshell.link.plan.LinkPlanner;
import netshell.link.plan.NodeLinks;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.Node;

/** What {@code link} reads of each node before it shows or changes anything: one round trip per node. */
final class LinkReads {
    private static final List<String> QDISCS = List.of("sh", "-c", "tc qdisc show 2>/dev/null; exit 0");
    private static final List<String> DROPS = List.of("sh", "-c", "nft list table inet " + LinkPlanner.TABLE
            + " 2>/dev/null; exit 0");
    private static final List<String> TOOLS = List.of("sh", "-c", "for t in tc nft; do command -v \"$t\" >/dev/null"
            + " 2>&1 && echo \"$t\"; done; exit 0");
    /**
     * Whether the kernel has netem: a netem qdisc tried in a network namespace of its own, made for the test and
     * gone with it (the kernel loads the module when it can); where that cannot run, the module's traces.
     */
    static final List<String> NETEM = List.of("sh", "-c", """
            if command -v unshare >/dev/null 2>&1 && command -v tc >/dev/null 2>&1; then
              if e=$(unshare -n tc qdisc add dev lo root netem delay 1ms 2>&1); then echo netem; exit 0; fi
              case $e in *"kind is unknown"*) echo no-netem; exit 0 ;; esac
            fi
            r=$(uname -r)
            if [ -d /sys/module/sch_netem ] || grep -qs '^sch_netem ' /proc/modules \\
              || ls /lib/modules/"$r"/kernel/net/sched/sch_netem.ko* >/dev/null 2>&1 \\
              || grep -qs '/sch_netem.ko' /lib/modules/"$r"/modules.builtin \\
              || { zcat /proc/config.gz 2>/dev/null | grep -qE '^CONFIG_NET_SCH_NETEM=[ym]'; }; then echo netem
            else echo no-netem; fi""");

    private LinkReads() {}

    /** Each node's links, qdiscs and drop rules; with {@code netem}, whether its kernel has netem. */
    static Map<String, NodeLinks> read(Context ctx, Collection<Node> nodes, boolean netem) {
        List<List<String>> argvs = new ArrayList<>(List.of(NodeStates.LINKS, QDISCS, DROPS, TOOLS));
        if (netem) argvs.add(NETEM);
        FleetResult<NodeLinks> r = ctx.session().fleet().each(List.copyOf(nodes), n -> {
            List<ExecResult> out = ctx.readEach(n, argvs);
            if (!out.get(0).ok())
                throw new CommandFailed("cannot read the links of " + n.name() + ": " + out.get(0).firstErrorLine());
            List<Device> devices;
            try {
                devices = Device.parse(out.get(0).stdout());
            } catch (IllegalStateException e) {
                throw new CommandFailed("cannot read the links of " + n.name() + ": " + e.getMessage());
            }
            Set<String> tools = new LinkedHashSet<>(out.get(3).stdout().lines().map(String::strip).toList());
            boolean hasNetem = netem && out.get(4).stdout().strip().equals("netem");
            return NodeLinks.of(n.name(), devices, out.get(1).stdout(), out.get(2).stdout(), hasNetem, tools);
        });
        Map<String, NodeLinks> byNode = new LinkedHashMap<>();
        for (var o : r.outcomes()) {
            if (!o.ok())
                throw new CommandFailed("cannot read " + o.node() + ": " + o.error() + " (nothing was changed)");
            byNode.put(o.node(), o.value());
        }
        return byNode;
    }
}
