package netshell.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.command.CommandFailed;
import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.trace.plan.Box;
import netshell.trace.plan.TraceTools;

/**
 * Reads what the simulator needs from a node and from each of its containers, all in one round trip per node (one
 * read script): links, addresses, routes of every table, policy rules, neighbours, listening sockets, and for the
 * node also the FDB, the iptables ruleset (every table, also those netshell did not write), nftables' own tables
 * ({@code nft -j list ruleset}) and the forwarding and rp_filter sysctls. A read that fails counts as empty and is
 * named in the notes.
 */
final class TraceReads {
    static final Map<String, List<String>> NODE = reads(true);
    static final Map<String, List<String>> CONTAINER = reads(false);

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
        if (node) {
            m.put("fdb", List.of("bridge", "-j", "fdb"));
            m.put("iptables", List.of("iptables-save"));
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
        List<List<String>> argvs = new ArrayList<>();
        List<String> nodeKeys = List.copyOf(NODE.keySet());
        List<String> containerKeys = List.copyOf(CONTAINER.keySet());
        nodeKeys.forEach(k -> argvs.add(NODE.get(k)));
        for (ContainerDirectory.Container c : containers) {
            for (String k : containerKeys) {
                argvs.add(inside(c.enter(), CONTAINER.get(k)));
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
