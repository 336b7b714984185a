package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import netshell.kernel.FdbEntry;
import netshell.kernel.Link;
import netshell.overlay.plan.VxlanSpec;

/**
 * The overlay failures people report that netshell's own set-up never makes, found whoever made them: strict
 * rp_filter, a firewall dropping the tunnel, random loss, rules in both iptables back ends, a full conntrack table,
 * a second VXLAN device on the port, a VTEP MAC changed under its peers, route_localnet. Each finding carries its
 * evidence (the command read and the lines that show it) and a fix as commands.
 */
final class CauseChecks {
    /** Causes that cut the overlay: the load balancer's unreachable backends are then their consequence. */
    static final Set<String> BREAK_OVERLAY = Set.of("firewall-vxlan", "loss", "mixed-backends", "conntrack-full",
            "vtep-mac", "rp-filter", "rp-filter-drops", "csum-errors");

    private CauseChecks() {}

    static List<Finding> run(List<NodeFacts> nodes, Map<String, CauseFacts> causes) {
        List<Finding> out = new ArrayList<>();
        for (NodeFacts f : nodes) {
            CauseFacts c = causes.getOrDefault(f.node(), CauseFacts.none());
            out.addAll(rpFilter(f, c));
            out.addAll(TunnelRules.firewall(f, c));
            out.addAll(TunnelRules.loss(f, c));
            out.addAll(mixedBackends(f, c));
            out.addAll(conntrack(f, c));
            out.addAll(portClash(f));
            out.addAll(routeLocalnet(f, c));
            out.addAll(UnderlayRoutes.check(f, c));
        }
        out.addAll(vtepMac(nodes));
        return out;
    }

    /**
     * Findings of the older checks that a cause explains: a peer's missing static FDB entry is the VTEP MAC that
     * changed under it, reported once, on the node whose MAC changed.
     */
    static Predicate<Finding> explainedBy(List<Finding> causes, List<NodeFacts> nodes) {
        Set<String> peers = new LinkedHashSet<>();
        if (causes.stream().anyMatch(c -> c.check().equals("vtep-mac") && c.failed()))
            stale(nodes).forEach(s -> peers.add(s.peer()));
        return x -> x.failed() && x.check().equals("fdb") && peers.contains(x.node());
    }

    // ---- rp_filter

    /** Strict reverse-path filtering (1) on a VXLAN device or its bridge: effective is max(all, device). */
    static List<Finding> rpFilter(NodeFacts f, CauseFacts c) {
        if (c.rpFilter() == null || f.state() == null) return List.of();
        List<String> devices = overlayDevices(f);
        if (devices.isEmpty()) return List.of();
        int all = c.rpFilter().getOrDefault("all", 0);
        List<String> strict = devices.stream().filter(d -> Math.max(all, c.rpFilter().getOrDefault(d, 0)) == 1)
                .toList();
        if (strict.isEmpty())
            return List.of(Finding.ok("rp-filter", f.node(), "reverse-path filtering is off or loose on "
                    + String.join(", ", devices)));
        List<String> evidence = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        evidence.add("net.ipv4.conf.all.rp_filter = " + all);
        if (all == 1) fixes.add(Fix.of("sysctl", "-w", "net.ipv4.conf.all.rp_filter=2"));
        for (String d : strict) {
            int own = c.rpFilter().getOrDefault(d, 0);
            evidence.add("net.ipv4.conf." + d + ".rp_filter = " + own);
            if (own == 1) fixes.add(Fix.of("sysctl", "-w", "net.ipv4.conf." + d + ".rp_filter=2"));
        }
        return List.of(Finding.fail("rp-filter", f.node(), "strict reverse-path filtering on " + String.join(", ",
                strict) + " on " + f.node() + ": a packet whose way back leaves by another device (a container's"
                + " reply routed around the tunnel, an asymmetric underlay) is dropped without a trace, counted only"
                + " in IPReversePathFilter" + evidence("sysctl net.ipv4.conf", evidence), Fix.all(fixes)));
    }

    // ---- iptables back ends

    /** Rules in the iptables back end that plain {@code iptables} does not show, while it holds rules too. */
    static List<Finding> mixedBackends(NodeFacts f, CauseFacts c) {
        if (c.otherRules() == null || c.iptablesMode() == null) return List.of();
        List<String> rules = c.otherRules().stream().filter(l -> l.startsWith("-A ")).toList();
        if (rules.isEmpty())
            return List.of(Finding.ok("mixed-backends", f.node(), "iptables rules live in one back end ("
                    + c.iptablesMode() + ")"));
        List<String> fixes = new ArrayList<>();
        String table = "filter";
        for (String line : c.otherRules()) {
            if (line.startsWith("*")) {
                table = line.substring(1);
                continue;
            }
            List<String> argv = new ArrayList<>(List.of(c.otherTool(), "-w", "-t", table, "-D"));
            argv.addAll(TunnelRules.words(line.substring(3)));
            fixes.add(Fix.line(argv));
        }
        String tool = c.otherTool().replace("iptables-", "");
        return List.of(Finding.fail("mixed-backends", f.node(), rules.size() + " rule(s) in iptables-" + tool
                + " on " + f.node() + (c.ownRules() == null
                        ? ""
                        : " beside " + c.ownRules() + " in "
                                + c.iptablesMode())
                + ", while plain iptables uses " + c.iptablesMode() + ": both sets filter"
                + " every packet, but 'iptables -S' shows only its own, so a DROP in the other is invisible"
                + evidence(c.otherTool() + "-save", rules.subList(0, Math.min(3, rules.size()))),
                Fix.all(fixes)));
    }

    // ---- conntrack

    static List<Finding> conntrack(NodeFacts f, CauseFacts c) {
        if (c.conntrackCount() == null || c.conntrackMax() == null || c.conntrackMax() <= 0) return List.of();
        long count = c.conntrackCount();
        long max = c.conntrackMax();
        if (count * 10 < max * 9)
            return List.of(Finding.ok("conntrack-full", f.node(), "conntrack holds " + count + " of " + max));
        long bigger = Math.max(262144, max * 4);
        return List.of(Finding.fail("conntrack-full", f.node(), "the conntrack table on " + f.node() + " holds "
                + count + " entries of " + max + ": every new flow that finds it full is dropped ('nf_conntrack:"
                + " table full, dropping packet'), so new connections through NAT and the load balancer fail"
                + evidence("sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max",
                        List.of("nf_conntrack_count = " + count, "nf_conntrack_max = " + max)),
                Fix.of("sysctl", "-w", "net.netfilter.nf_conntrack_max=" + bigger)));
    }

    // ---- two VXLAN devices on one port

    /**
     * A VXLAN device in external (collect-metadata) mode shares no UDP port: whichever of it and a VNI device on
     * the same port comes up first holds the port, and the other fails with "Address already in use".
     */
    static List<Finding> portClash(NodeFacts f) {
        if (f.state() == null) return List.of();
        Map<Integer, List<Link>> byPort = new LinkedHashMap<>();
        for (Link l : f.state().links())
            if (l.isVxlan() && l.vxlanPort() != null)
                byPort.computeIfAbsent(l.vxlanPort(), p -> new ArrayList<>())
                        .add(l);
        List<Finding> out = new ArrayList<>();
        byPort.forEach((port, links) -> {
            List<Link> external = links.stream().filter(CauseChecks::external).toList();
            if (external.isEmpty() || links.size() < 2) return;
            Link other = links.stream().filter(l -> !external(l)).findFirst().orElse(links.get(1));
            Link clash = external.get(0) == other ? external.get(1) : external.get(0);
            List<String> fixes = new ArrayList<>(List.of(Fix.of("ip", "link", "del", clash.name())));
            if (!other.adminUp()) fixes.add(Fix.of("ip", "link", "set", other.name(), "up"));
            out.add(Finding.fail("vxlan-port-clash", f.node(), clash.name() + " (external, any VNI) and "
                    + other.name() + " both want UDP port " + port + " on " + f.node() + ": the one that comes up"
                    + " first holds the port and the other fails with 'Address already in use' (after a reboot it"
                    + " may be the overlay's)" + evidence("ip -d link", List.of(describe(clash), describe(other))),
                    Fix.all(fixes)));
        });
        return out;
    }

    /** A collect-metadata device: ip reports VNI 0 for it. */
    static boolean external(Link l) {
        return l.isVxlan() && Objects.equals(l.vni(), 0);
    }

    private static String describe(Link l) {
        return l.name() + ": vxlan " + (external(l) ? "external" : "id " + l.vni()) + " dstport " + l.vxlanPort()
                + (l.adminUp() ? " up" : " down");
    }

    // ---- route_localnet

    /** route_localnet lets 127.0.0.0/8 be routed: with a localhost DNAT, services on 127.0.0.1 answer the LAN. */
    static List<Finding> routeLocalnet(NodeFacts f, CauseFacts c) {
        if (c.rpFilter() == null) return List.of();
        List<String> on = new ArrayList<>();
        c.routeLocalnet().forEach((iface, v) -> { if (v == 1) on.add(iface); });
        if (on.isEmpty()) return List.of();
        java.util.Collections.sort(on); // the facts' map has no order; the finding's text should have one
        return List.of(Finding.warn("route-localnet", f.node(), "net.ipv4.conf." + String.join("/", on)
                + ".route_localnet is 1 on " + f.node() + ": packets to and from 127.0.0.0/8 are routed, so with a"
                + " localhost DNAT a service bound to 127.0.0.1 answers its neighbours (CVE-2020-8558)"
                + evidence("sysctl net.ipv4.conf", on.stream().map(i -> "net.ipv4.conf." + i
                        + ".route_localnet = 1").toList()),
                Fix.all(on.stream().map(i -> Fix.of("sysctl", "-w", "net.ipv4.conf." + i + ".route_localnet=0"))
                        .toList())));
    }

    // ---- VTEP MAC against the peers' FDB

    /** A peer's static entry for a member's VXLAN device that names another MAC than the device has. */
    private record Stale(VxlanChecks.Member member, String peer, FdbEntry entry) {}

    /**
     * Where peers hold static entries (a static mesh, flannel's way), each peer names this node's VXLAN MAC: when
     * the device's MAC changed (recreated, or set by hand), the peers still send to the old one, which nobody owns.
     */
    static List<Finding> vtepMac(List<NodeFacts> nodes) {
        Map<VxlanChecks.Member, List<Stale>> byMember = new LinkedHashMap<>();
        for (Stale s : stale(nodes)) byMember.computeIfAbsent(s.member(), k -> new ArrayList<>()).add(s);
        List<Finding> out = new ArrayList<>();
        byMember.forEach((m, stale) -> {
            String name = m.link().name();
            String old = stale.get(0).entry().mac();
            List<String> evidence = stale.stream().map(s -> s.peer() + ": " + s.entry().mac() + " dev " + name
                    + " dst " + s.entry().dst() + " permanent").toList();
            out.add(Finding.fail("vtep-mac", m.node(), name + " on " + m.node() + " has MAC " + m.link().mac()
                    + ", but its peers send its frames to " + old + ", which no device owns: they never reach "
                    + m.node() + evidence("bridge fdb show dev " + name, evidence),
                    Fix.of("ip", "link", "set", name, "address", old)));
        });
        return out;
    }

    /**
     * On a static mesh netshell made, each peer holds this node's VXLAN MAC as the overlay derived it from the
     * node's underlay address; a device whose MAC is no longer that one leaves those entries pointing nowhere.
     */
    private static List<Stale> stale(List<NodeFacts> nodes) {
        List<Stale> out = new ArrayList<>();
        VxlanChecks.devices(nodes).forEach((name, members) -> {
            for (VxlanChecks.Member m : members) {
                String mac = m.link().mac();
                String expected;
                try {
                    expected = VxlanSpec.staticMac(1, m.local());
                } catch (RuntimeException e) {
                    continue;
                }
                if (mac == null || mac.equalsIgnoreCase(expected)) continue;
                for (VxlanChecks.Member p : members) {
                    if (p == m || !p.facts().state().staticMesh(name)) continue;
                    p.facts().state().fdb().stream().filter(e -> name.equals(e.ifname()) && m.local().equals(e.dst())
                            && e.permanent() && expected.equalsIgnoreCase(e.mac()))
                            .forEach(e -> out.add(new Stale(m, p.node(), e)));
                }
            }
        });
        return out;
    }

    // ---- shared

    /** The node's VXLAN devices with a VNI, and the bridges they are ports of. */
    static List<String> overlayDevices(NodeFacts f) {
        List<String> out = new ArrayList<>();
        for (Link l : f.state().links()) {
            if (!l.isVxlan() || external(l)) continue;
            out.add(l.name());
            if (l.master() != null && !out.contains(l.master())) out.add(l.master());
        }
        return out;
    }

    /** The node's VXLAN ports (devices with a VNI). */
    static Set<Integer> vxlanPorts(NodeFacts f) {
        Set<Integer> out = new LinkedHashSet<>();
        if (f.state() == null) return out;
        for (Link l : f.state().links())
            if (l.isVxlan() && !external(l) && l.vxlanPort() != null)
                out.add(l.vxlanPort());
        return out;
    }

    /** " [COMMAND: LINE; LINE]": what was read and the lines that show the fault, on the finding's one line. */
    static String evidence(String command, List<String> lines) {
        return " [" + command + ": " + String.join("; ", lines) + "]";
    }
}
