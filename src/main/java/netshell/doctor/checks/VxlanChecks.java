package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import netshell.core.IpFamily;
import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.overlay.plan.VxlanPlanner;

/**
 * The overlay: for every VXLAN device name found on any node, the members agree on VNI and port,
 * each floods to every other member, the device is up and is a port of a bridge (not the other way
 * round), and every device on the overlay path has the tunnel's MTU.
 */
final class VxlanChecks {
    private VxlanChecks() {}

    /** A node's copy of one VXLAN device. */
    record Member(NodeFacts facts, Link link) {
        String node() { return facts.node(); }
        String local() { return link.vxlanLocal() != null ? link.vxlanLocal() : facts.address(); }

        /**
         * The MTU of the device this member's tunnel leaves by: the one the VXLAN device names ({@code dev eth1} on a
         * routed underlay), else the node's underlay.
         */
        int underlayMtu() {
            String dev = link.vxlanDev();
            return dev == null
                    ? facts.underlayMtu()
                    : facts.state().link(dev).map(Link::mtu)
                            .orElse(facts.underlayMtu());
        }

        /** VXLAN's cost on this member's underlay: 50 bytes over IPv4, 70 over IPv6. */
        int overhead() {
            return IpFamily.isV6(local()) ? VxlanPlanner.OVERHEAD_V6 : VxlanPlanner.OVERHEAD_V4;
        }
    }

    /** VXLAN device names and their members, in node order. */
    static Map<String, List<Member>> devices(List<NodeFacts> nodes) {
        Map<String, List<Member>> out = new LinkedHashMap<>();
        for (NodeFacts f : nodes) {
            if (f.state() == null) continue;
            for (Link l : f.state().links())
                // An external (collect-metadata) device has no VNI of its own: CauseChecks.portClash looks at it.
                if (l.isVxlan() && !CauseChecks.external(l))
                    out.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(new Member(f, l));
        }
        return out;
    }

    static List<Finding> run(List<NodeFacts> nodes) {
        List<Finding> out = new ArrayList<>();
        Map<String, List<Member>> devices = devices(nodes);
        devices.forEach((name, members) -> {
            out.addAll(agreement(name, members));
            for (Member m : members) {
                out.addAll(up(m));
                out.addAll(fdb(m, members));
                out.addAll(bridge(m));
            }
        });
        out.addAll(mtu(devices));
        return out;
    }

    private static List<Finding> agreement(String name, List<Member> members) {
        String usual = majority(members, m -> "VNI " + m.link().vni() + ", port " + m.link().vxlanPort());
        List<Finding> out = new ArrayList<>();
        for (Member m : members) {
            String mine = "VNI " + m.link().vni() + ", port " + m.link().vxlanPort();
            if (mine.equals(usual)) {
                out.add(Finding.ok("vxlan-agree", m.node(), name + ": " + mine + " like every member"));
                continue;
            }
            Member model = members.stream()
                    .filter(o -> ("VNI " + o.link().vni() + ", port " + o.link().vxlanPort()).equals(usual)).findFirst()
                    .orElseThrow();
            List<String> fix = new ArrayList<>();
            fix.add(Fix.of("ip", "link", "del", name));
            fix.add(Fix.of("ip", "link", "add", name, "type", "vxlan", "id", String.valueOf(model.link().vni()),
                    "local", m.local(),
                    "dev", m.link().vxlanDev() == null ? m.facts().underlay() : m.link().vxlanDev(), "dstport",
                    String.valueOf(model.link().vxlanPort())));
            fix.add(Fix.of("ip", "link", "set", name, "mtu", String.valueOf(m.link().mtu())));
            if (m.link().master() != null) fix.add(Fix.of("ip", "link", "set", name, "master", m.link().master()));
            fix.add(Fix.of("ip", "link", "set", name, "up"));
            for (Member peer : members)
                if (peer != m)
                    fix.add(Fix.of("bridge", "fdb", "append", FdbEntry.ALL_ZEROS, "dev", name, "dst", peer.local()));
            out.add(Finding.fail("vxlan-agree", m.node(), name + " on " + m.node() + " has " + mine
                    + ", the other members " + usual
                    + ": a VXLAN packet is only accepted on the port it is sent to and only delivered to the device"
                    + " of its VNI, so " + m.node() + " and its peers drop each other's traffic", Fix.all(fix)));
        }
        return out;
    }

    private static List<Finding> up(Member m) {
        String name = m.link().name();
        if (m.link().adminUp()) return List.of(Finding.ok("vxlan-up", m.node(), name + " is up"));
        return List.of(Finding.fail("vxlan-up", m.node(),
                name + " on " + m.node() + " is down: the kernel neither sends nor receives"
                        + " anything through it, so " + m.node() + "'s containers are cut off from the other nodes",
                Fix.of("ip", "link", "set", name, "up")));
    }

    private static List<Finding> fdb(Member m, List<Member> members) {
        // A static mesh (overlay create --static): per-peer entries instead of flooding and learning.
        if (m.facts().state().staticMesh(m.link().name())) return staticFdb(m, members);
        String name = m.link().name();
        List<String> programmed = m.facts().state().floodDestinations(name);
        Set<String> peers = new LinkedHashSet<>();
        for (Member p : members) if (p != m) peers.add(p.local());
        List<Finding> out = new ArrayList<>();
        List<String> missing = peers.stream().filter(p -> !programmed.contains(p)).toList();
        if (!missing.isEmpty()) {
            String who = missing.stream().map(a -> nodeOf(members, a) + " (" + a + ")")
                    .collect(Collectors.joining(", "));
            out.add(Finding.fail("fdb", m.node(), name + " on " + m.node() + " has no flood entry for " + who
                    + ": broadcasts and unknown unicast (ARP first of all) are never sent there, so containers on "
                    + m.node() + " cannot find those on "
                    + missing.stream().map(a -> nodeOf(members, a)).collect(Collectors.joining(", ")),
                    Fix.all(missing.stream()
                            .map(a -> Fix.of("bridge", "fdb", "append", FdbEntry.ALL_ZEROS, "dev", name, "dst", a))
                            .toList())));
        }
        List<String> stale = programmed.stream().filter(p -> !peers.contains(p)).distinct().toList();
        if (!stale.isEmpty()) {
            out.add(Finding.warn("fdb", m.node(),
                    name + " on " + m.node() + " still floods to " + String.join(", ", stale)
                            + ", which has no " + name
                            + ": every broadcast is also copied to an address nobody decapsulates",
                    Fix.all(stale.stream()
                            .map(a -> Fix.of("bridge", "fdb", "del", FdbEntry.ALL_ZEROS, "dev", name, "dst", a))
                            .toList())));
        }
        if (out.isEmpty())
            out.add(Finding.ok("fdb", m.node(), name + " floods to every peer"
                    + (peers.isEmpty() ? " (it has none)" : ": " + String.join(", ", peers))));
        return out;
    }

    /** Static mesh: every peer's VXLAN device MAC must point at that peer, since nothing floods or learns. */
    private static List<Finding> staticFdb(Member m, List<Member> members) {
        String name = m.link().name();
        List<FdbEntry> programmed = m.facts().state().staticDestinations(name);
        List<Member> missing = members.stream().filter(p -> p != m)
                .filter(p -> programmed.stream().noneMatch(e -> p.local().equals(e.dst())
                        && p.link().mac() != null && p.link().mac().equalsIgnoreCase(e.mac())))
                .toList();
        if (missing.isEmpty()) {
            return List.of(Finding.ok("fdb", m.node(), name + " (static mesh) has an entry for every peer"
                    + (members.size() < 2 ? " (it has none)" : "")));
        }
        return List.of(Finding.fail("fdb", m.node(), name + " on " + m.node() + " is a static mesh (no flooding, no"
                + " learning) without an entry for " + missing.stream().map(p -> p.node() + " (" + p.local() + ")")
                        .collect(Collectors.joining(", "))
                + ": frames for those nodes have nowhere to go, so " + m.node() + " cannot reach them over the overlay",
                Fix.all(missing.stream().map(p -> Fix.of("bridge", "fdb", "replace", p.link().mac(), "dev", name,
                        "dst", p.local(), "self", "permanent")).toList())));
    }

    private static String nodeOf(List<Member> members, String address) {
        return members.stream().filter(m -> m.local().equals(address)).map(Member::node).findFirst().orElse(address);
    }

    /**
     * The vxlan device is a bridge port; a device enslaved to it, or host addresses on it, are the walkthrough's
     * mistakes.
     */
    private static List<Finding> bridge(Member m) {
        Link vx = m.link();
        String name = vx.name();
        List<Link> links = m.facts().state().links();
        List<Finding> out = new ArrayList<>();
        for (Link l : links) {
            if (name.equals(l.master())) {
                out.add(Finding.fail("bridge", m.node(),
                        l.name() + " is enslaved to " + name + " on " + m.node() + ", which is backwards: a VXLAN"
                                + " device is not a bridge and forwards nothing for its 'ports'; " + name
                                + " must be a port of the bridge",
                        Fix.all(List.of(Fix.of("ip", "link", "set", l.name(), "nomaster"),
                                Fix.of("ip", "link", "set", name, "master", l.name())))));
            }
        }
        if (vx.master() == null) {
            String bridge = links.stream().filter(l -> "bridge".equals(l.kind()) && l.ours()).map(Link::name)
                    .findFirst().orElse(null);
            if (bridge != null) {
                out.add(Finding.fail("bridge", m.node(), name + " on " + m.node() + " is not a port of bridge " + bridge
                        + ": the containers on " + bridge + " have no path into the overlay",
                        Fix.of("ip", "link", "set", name, "master", bridge)));
            } else {
                out.add(Finding.ok("bridge", m.node(), name + " is not bridged (host-to-host overlay, no containers)"));
            }
            return out;
        }
        Link master = links.stream().filter(l -> l.name().equals(vx.master())).findFirst().orElse(null);
        if (master != null && !"bridge".equals(master.kind())) {
            out.add(Finding.fail("bridge", m.node(),
                    name + "'s master " + master.name() + " is a " + master.kind() + ", not a bridge: frames"
                            + " are not switched between containers and the tunnel",
                    Fix.of("ip", "link", "set", name, "nomaster")));
        }
        if (master != null && !master.adminUp()) {
            out.add(Finding.fail("bridge", m.node(),
                    "bridge " + master.name() + " on " + m.node() + " is down: nothing crosses it between"
                            + " the containers and " + name,
                    Fix.of("ip", "link", "set", master.name(), "up")));
        }
        for (IfAddress a : m.facts().state().ipv4Of(name)) {
            out.add(Finding.fail("bridge", m.node(), "host address " + a.cidr() + " sits on " + name + ", a port of "
                    + vx.master()
                    + ": the kernel never delivers bridged frames to a port's own address, so it is unreachable",
                    Fix.all(List.of(Fix.of("ip", "addr", "del", a.cidr(), "dev", name),
                            Fix.of("ip", "addr", "add", a.cidr(), "dev", vx.master())))));
        }
        if (out.isEmpty()) out.add(Finding.ok("bridge", m.node(), name + " is a port of bridge " + vx.master()));
        return out;
    }

    /**
     * Every device a container's frame crosses (the vxlan device, its bridge, the bridge's other
     * ports) must have the tunnel MTU: the smallest underlay MTU minus VXLAN's 50 bytes, or a
     * smaller MTU when every member's vxlan device has that same one.
     */
    private static List<Finding> mtu(Map<String, List<Member>> devices) {
        List<Finding> out = new ArrayList<>();
        Map<String, List<Member>> byNode = new LinkedHashMap<>();
        devices.values()
                .forEach(ms -> ms.forEach(m -> byNode.computeIfAbsent(m.node(), k -> new ArrayList<>()).add(m)));
        Map<String, Integer> target = new LinkedHashMap<>();
        devices.forEach((name, members) -> {
            int limit = members.stream().mapToInt(m -> m.underlayMtu() - m.overhead()).min().orElse(1450);
            // Members that all agree on a smaller MTU are consistent; otherwise the tunnel's full size is right.
            Set<Integer> mtus = members.stream().map(m -> m.link().mtu()).collect(Collectors.toSet());
            int agreed = mtus.size() == 1 ? mtus.iterator().next() : limit;
            target.put(name, Math.min(limit, agreed));
        });
        byNode.forEach((node, members) -> {
            List<String> problems = new ArrayList<>();
            List<String> fixes = new ArrayList<>();
            int overhead = members.get(0).overhead();
            int limit = members.get(0).underlayMtu() - overhead;
            for (Member m : members) {
                int want = target.get(m.link().name());
                List<Link> path = new ArrayList<>();
                path.add(m.link());
                List<Link> links = m.facts().state().links();
                String bridge = m.link().master();
                if (bridge != null) {
                    links.stream().filter(l -> l.name().equals(bridge)).forEach(path::add);
                    links.stream().filter(l -> bridge.equals(l.master()) && !l.name().equals(m.link().name()))
                            .sorted(Comparator.comparing(Link::name)).forEach(path::add);
                }
                for (Link l : path) {
                    if (l.mtu() == want) continue;
                    problems.add(l.name() + " has MTU " + l.mtu()
                            + (l.mtu() > limit
                                    ? " (more than " + limit + ", the underlay's "
                                            + (limit + overhead) + " minus VXLAN's " + overhead + " bytes"
                                            + (overhead == VxlanPlanner.OVERHEAD_V6 ? " over IPv6" : "") + ")"
                                    : "")
                            + " where the overlay uses " + want);
                    fixes.add(Fix.of("ip", "link", "set", l.name(), "mtu", String.valueOf(want)));
                }
            }
            if (problems.isEmpty()) {
                out.add(Finding.ok("mtu", node,
                        "every overlay device has MTU "
                                + members.stream().map(m -> String.valueOf(target.get(m.link().name()))).distinct()
                                        .collect(Collectors.joining(","))));
            } else {
                out.add(Finding.fail("mtu", node, String.join("; ", problems) + " on " + node
                        + ": a full-size frame that fits one hop is"
                        + " too big for the next and is dropped silently, so ping works but large transfers stall",
                        Fix.all(fixes)));
            }
        });
        return out;
    }

    /** The most common value (first seen wins a tie). */
    private static String majority(List<Member> members, Function<Member, String> key) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Member m : members) counts.merge(key.apply(m), 1, Integer::sum);
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    static boolean any(List<NodeFacts> nodes) { return !devices(nodes).isEmpty(); }

    static boolean on(NodeFacts f) {
        return f.state() != null && f.state().links().stream()
                .anyMatch(l -> l.isVxlan() || (Objects.equals(l.kind(), "bridge") && l.ours()));
    }
}
