package netshell.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.command.CommandFailed;
import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.core.IpFamily;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.Box;
import netshell.trace.plan.TraceTools;

/**
 * Reads what the simulator needs from a node and from each of its containers, all in one round trip per node (one
 * read script): links, addresses, routes of every table, policy rules, neighbours, listening sockets, and for the
 * node also the FDB, the iptables ruleset (every table, also those netshell did not write), nftables' own tables
 * ({@code nft -j list ruleset}) and the forwarding and rp_filter sysctls. A read that fails counts as empty and is
 * named in the notes. An IPv6 trace reads IPv6's routes, rules, neighbours, ip6tables and sysctls instead of IPv4's,
 * keeping the node's IPv4 routes, rules and iptables for a VXLAN underlay of IPv4; an IPv4 trace reads IPv6's routes,
 * rules and ip6tables only on nodes whose VXLAN runs over IPv6, in one more round trip there
 * ({@link #withIpv6Underlay}).
 */
final class TraceReads {
    static final Map<String, List<String>> NODE = reads(true);
    static final Map<String, List<String>> CONTAINER = reads(false);
    static final Map<String, List<String>> NODE6 = ipv6(NODE, true);
    static final Map<String, List<String>> CONTAINER6 = ipv6(CONTAINER, false);
    /** The way to an IPv6 VTEP, for an IPv4 trace: read only where a VXLAN device runs over IPv6. */
    static final Map<String, List<String>> UNDERLAY6 = Map.of(
            "route6", List.of("ip", "-6", "-j", "route", "show", "table", "all"),
            "rule6", List.of("ip", "-6", "-j", "rule", "show"),
            "ip6tables", List.of("ip6tables-save"));

    /** The facts of a node and its containers, what could not be read, and what the node can trace the probe with. */
    record NodeFacts(List<Box> boxes, List<String> notes, TraceTools tools) {}

    /**
     * nftables' own tables, one {@code nft -j list table} each (a JSON document a line): iptables-nft's tables, read
     * through iptables-save, and the trace's own are left out, so that a node's many iptables rules are not read
     * twice (as JSON, four times the size). Nothing, and no error, where there is no nft.
     */
    static final String NFT_TABLES = "nft list tables 2>/dev/null | while read -r _ f t; do case \"$f:$t\" in"
            + " ip:filter|ip:nat|ip:mangle|ip:raw|ip:security|ip6:filter|ip6:nat|ip6:mangle|ip6:raw|ip6:security"
            + "|arp:filter|bridge:filter|bridge:nat|bridge:broute|*:netshell_trace_*) ;;"
            + " *) nft -j list table \"$f\" \"$t\" 2>/dev/null ;; esac; done; true";

    private TraceReads() {}

    private static Map<String, List<String>> reads(boolean node) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("link", List.of("ip", "-j", "-d", "link"));
        m.put("addr", List.of("ip", "-j", "addr"));
        m.put("route", List.of("ip", "-4", "-j", "route", "show", "table", "all"));
        m.put("rule", List.of("ip", "-4", "-j", "rule", "show"));
        m.put("neigh", List.of("ip", "-4", "-j", "neigh"));
        m.put("ss", List.of("ss", "-Hltun"));
        // A container's own firewall too: a DROP in its INPUT is where a packet dies as often as on its node.
        m.put("iptables", List.of("iptables-save"));
        if (node) {
            m.put("fdb", List.of("bridge", "-j", "fdb"));
            // /proc/sys of the reading process's namespace: far cheaper than sysctl -a.
            m.put("nft", List.of("sh", "-c", NFT_TABLES));
            m.put("sysctl", List.of("sh", "-c", "grep -H . /proc/sys/net/ipv4/ip_forward"
                    + " /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null;"
                    + " true"));
            m.put("tracing", List.of("sh", "-c", TraceTools.SCRIPT));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The reads of an IPv6 trace: the IPv4 ones less what only an IPv4 packet needs (a container's IPv4 routes and
     * rules, the neighbours), plus IPv6's. A node keeps its IPv4 routes, rules and iptables: its VXLAN underlay may
     * be IPv4 whatever the inner packet is.
     */
    private static Map<String, List<String>> ipv6(Map<String, List<String>> base, boolean node) {
        Map<String, List<String>> m = new LinkedHashMap<>(base);
        m.remove("neigh");
        if (!node) {
            m.remove("route");
            m.remove("rule");
            m.remove("iptables");
        }
        m.put("route6", List.of("ip", "-6", "-j", "route", "show", "table", "all"));
        m.put("rule6", List.of("ip", "-6", "-j", "rule", "show"));
        m.put("neigh6", List.of("ip", "-6", "-j", "neigh"));
        m.put("ip6tables", List.of("ip6tables-save"));
        if (node) {
            m.put("sysctl", List.of("sh", "-c", "grep -H . /proc/sys/net/ipv4/ip_forward"
                    + " /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/bridge/bridge-nf-call-iptables"
                    + " /proc/sys/net/ipv6/conf/*/forwarding /proc/sys/net/ipv6/conf/*/disable_ipv6"
                    + " /proc/sys/net/bridge/bridge-nf-call-ip6tables 2>/dev/null; true"));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * argv run inside a container: behind its enter prefix, or, for a named namespace ({@code ip netns exec NS}),
     * as {@code ip -n NS} and {@code ss -N NS}, which enter it themselves without remounting /sys (a third of the
     * time).
     */
    static List<String> inside(List<String> enter, List<String> argv) {
        List<String> out = new ArrayList<>();
        String tool = argv.get(0);
        if (enter.size() == 4 && enter.subList(0, 3).equals(List.of("ip", "netns", "exec"))
                && (tool.equals("ip") || tool.equals("ss"))) {
            out.addAll(List.of(tool, tool.equals("ip") ? "-n" : "-N", enter.get(3)));
            out.addAll(argv.subList(1, argv.size()));
            return out;
        }
        out.addAll(enter);
        out.addAll(argv);
        return out;
    }

    static NodeFacts read(Context ctx, Node node, List<ContainerDirectory.Container> containers) {
        return read(ctx, node, containers, IpFamily.V4);
    }

    /** The facts a trace of {@code family} needs, in one round trip. */
    static NodeFacts read(Context ctx, Node node, List<ContainerDirectory.Container> containers, IpFamily family) {
        Map<String, List<String>> nodeReads = family == IpFamily.V6 ? NODE6 : NODE;
        Map<String, List<String>> containerReads = family == IpFamily.V6 ? CONTAINER6 : CONTAINER;
        List<List<String>> argvs = new ArrayList<>();
        List<String> nodeKeys = List.copyOf(nodeReads.keySet());
        List<String> containerKeys = List.copyOf(containerReads.keySet());
        nodeKeys.forEach(k -> argvs.add(nodeReads.get(k)));
        for (ContainerDirectory.Container c : containers) {
            for (String k : containerKeys) {
                argvs.add(inside(c.enter(), containerReads.get(k)));
            }
        }
        List<ExecResult> results = ctx.readEach(node, argvs);
        List<String> notes = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        boxes.add(box(node.name(), node.name(), false, nodeKeys, results.subList(0, nodeKeys.size()), notes));
        for (String n : boxes.get(0).nft().notes()) {
            notes.add(node.name() + ": " + n + ": what it decides is not in this trace (" + node.name()
                    + " nft list ruleset)");
        }
        for (String t : incompatible(results.get(nodeKeys.indexOf("iptables")).stdout())) {
            notes.add(node.name() + ": iptables-save: " + t + ": those chains are not simulated (" + node.name()
                    + " nft list ruleset)");
        }
        int at = nodeKeys.size();
        for (ContainerDirectory.Container c : containers) {
            boxes.add(box(c.name(), node.name(), true, containerKeys, results.subList(at, at + containerKeys.size()),
                    notes));
            at += containerKeys.size();
        }
        TraceTools tools = TraceTools.parse(results.get(nodeKeys.indexOf("tracing")).stdout()).withRawTable(
                results.get(nodeKeys.indexOf("iptables")).stdout().lines().anyMatch(l -> l.equals("*raw")));
        return new NodeFacts(boxes, notes, tools);
    }

    /**
     * The node's box with IPv6's routes, rules and ip6tables added, for an IPv4 trace whose VXLAN runs over IPv6: the
     * way to the VTEP and the filter its packets cross are IPv6's. One more round trip, on such nodes only.
     */
    static Box withIpv6Underlay(Context ctx, Node node, Box box, List<String> notes) {
        List<String> keys = List.copyOf(UNDERLAY6.keySet());
        List<ExecResult> results = ctx.readEach(node, keys.stream().map(UNDERLAY6::get).toList());
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            ExecResult r = results.get(i);
            if (r.ok()) out.put(keys.get(i), r.stdout());
            else
                notes.add(node.name() + ": `" + String.join(" ", r.argv()) + "` failed (" + r.firstErrorLine()
                        + "): taken as empty");
        }
        try {
            return box.withIpv6Underlay(out.getOrDefault("route6", ""), out.getOrDefault("rule6", ""),
                    out.getOrDefault("ip6tables", ""));
        } catch (IllegalStateException e) {
            throw new CommandFailed(node.name() + ": " + e.getMessage());
        }
    }

    /**
     * What iptables-save says it could not show: a table of iptables' name holding chains made with nft itself
     * ("Table `filter' contains incompatible base-chains, use 'nft' tool to list them.").
     */
    static List<String> incompatible(String save) {
        return save.lines().filter(l -> l.startsWith("# Table `") && l.contains("incompatible"))
                .map(l -> l.substring(2).strip()).toList();
    }

    private static Box box(String name, String node, boolean container, List<String> keys, List<ExecResult> results,
            List<String> notes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            ExecResult r = results.get(i);
            if (r.ok()) {
                out.put(keys.get(i), r.stdout());
            } else {
                notes.add((container ? name + " on " + node : name) + ": `" + String.join(" ", r.argv())
                        + "` failed (" + r.firstErrorLine() + "): taken as empty");
            }
        }
        try {
            return Box.parse(name, node, container, k -> out.getOrDefault(k, ""));
        } catch (IllegalStateException e) {
            throw new CommandFailed((container ? name + " on " + node : name) + ": " + e.getMessage());
        }
    }
}
