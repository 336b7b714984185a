package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import netshell.addr.math.Cidr;
import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.kernel.Link;
import netshell.lb.rules.IptablesSave;
import netshell.overlay.plan.OverlayView;
import netshell.overlay.plan.VxlanPlanner;

/**
 * Docker nodes: the engine answers; its FORWARD policy DROP lets overlay traffic out of the bridge and, with
 * br_netfilter sending bridged frames through iptables, across it; no Docker network hands out or claims
 * addresses of the overlay or of another node's range; containers on the overlay have its MTU.
 */
final class DockerChecks {
    private DockerChecks() {}

    static List<Finding> run(List<NodeFacts> nodes) {
        List<Finding> out = new ArrayList<>();
        Map<String, List<OverlayView>> overlays = new LinkedHashMap<>();
        for (NodeFacts f : nodes) overlays.put(f.node(), f.state() == null ? List.of() : OverlayView.all(f.state()));
        for (NodeFacts f : nodes) {
            DockerFacts d = f.docker();
            if (d == null) continue;
            out.add(engine(f.node(), d));
            if (!d.running()) continue;
            List<OverlayView> mine = overlays.get(f.node());
            IptablesSave save = parse(f.iptablesSave());
            if (save != null && !mine.isEmpty()) {
                String policy = forwardPolicy(save);
                out.addAll(forward(f.node(), save, policy, mine));
                out.addAll(bridgedFrames(f.node(), save, policy, d.bridgeNfCallIptables(), mine));
            }
            out.addAll(subnets(f.node(), d, overlays));
            out.addAll(mtu(f, d, mine));
        }
        return out;
    }

    static Finding engine(String node, DockerFacts d) {
        if (d.running()) return Finding.ok("docker-engine", node, "Docker " + d.version() + " answers");
        return Finding.fail("docker-engine", node,
                "the Docker engine on " + node + " does not answer (" + d.engineError() + "): its networks and"
                        + " containers are unreachable to netshell, and containers that died with it are down",
                d.startFix());
    }

    /**
     * Docker sets FORWARD's policy to DROP and accepts only what leaves its own networks; traffic routed out of
     * an overlay bridge it did not make (or whose rules were removed) is dropped.
     */
    static List<Finding> forward(String node, IptablesSave save, String policy, List<OverlayView> overlays) {
        if (!"DROP".equals(policy)) return List.of();
        List<Finding> out = new ArrayList<>();
        for (OverlayView v : overlays) {
            String br = v.bridge();
            boolean accepted = save.rules().stream().anyMatch(r -> r.table().equals("filter")
                    && "ACCEPT".equals(r.target()) && br.equals(option(r.matches(), "-i"))
                    && !br.equals(option(r.matches(), "-o")) && !r.matches().contains("--ctstate"));
            if (accepted) {
                out.add(Finding.ok("docker-forward", node,
                        "FORWARD has policy DROP, and traffic routed out of " + br + " is accepted"));
            } else {
                out.add(Finding.fail("docker-forward", node, "FORWARD has policy DROP on " + node
                        + " (Docker sets it) and nothing accepts traffic routed out of the overlay bridge " + br
                        + ": containers reach each other but nothing beyond the overlay, and a backend's replies to"
                        + " VIP traffic routed through this node are dropped",
                        Fix.of("iptables", "-I", hookChain(save), "-i", br, "!", "-o", br, "-j", "ACCEPT")));
            }
        }
        return out;
    }

    /**
     * With br_netfilter loaded and bridge-nf-call-iptables=1, frames bridged between two ports of one bridge
     * (a container and the VXLAN device) cross iptables FORWARD as if routed, so policy DROP drops overlay traffic
     * unless a rule accepts -i BR -o BR (Docker writes one for its own networks).
     */
    static List<Finding> bridgedFrames(String node, IptablesSave save, String policy, String bridgeNf,
            List<OverlayView> overlays) {
        List<Finding> out = new ArrayList<>();
        for (OverlayView v : overlays) {
            String br = v.bridge();
            if (!"1".equals(bridgeNf) || !"DROP".equals(policy)) {
                out.add(Finding.ok("bridge-nf", node, "frames bridged on " + br + " do not meet a dropping FORWARD"
                        + " (bridge-nf-call-iptables " + (bridgeNf == null ? "off" : bridgeNf) + ", policy " + policy
                        + ")"));
                continue;
            }
            boolean accepted = save.rules().stream().anyMatch(r -> r.table().equals("filter")
                    && "ACCEPT".equals(r.target()) && br.equals(option(r.matches(), "-i"))
                    && br.equals(option(r.matches(), "-o")) && !r.matches().contains("!"));
            if (accepted) {
                out.add(Finding.ok("bridge-nf", node,
                        "bridged frames on " + br + " cross iptables (bridge-nf-call-iptables=1) and are accepted"));
            } else {
                out.add(Finding.fail("bridge-nf", node, "br_netfilter sends every frame bridged on " + br + " through"
                        + " iptables (net.bridge.bridge-nf-call-iptables=1) and FORWARD drops them on " + node
                        + ": containers on the overlay cannot reach containers on other nodes, though they share"
                        + " one L2 segment",
                        Fix.of("iptables", "-I", hookChain(save), "-i", br, "-o", br, "-j", "ACCEPT")));
            }
        }
        return out;
    }

    /**
     * A Docker network must not hand out (or claim) what the overlay gives elsewhere: the overlay's own network
     * keeps to this node's range and away from other nodes' host addresses; any other network stays off the
     * overlay subnet. Walkthrough 2's node2 reserved 10.0.0.2 with aux-address inside node1's ip-range.
     */
    static List<Finding> subnets(String node, DockerFacts d, Map<String, List<OverlayView>> overlays) {
        List<OverlayView> mine = overlays.getOrDefault(node, List.of());
        if (mine.isEmpty()) return List.of();
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (DockerFacts.Network n : d.networks()) {
            Cidr pool = cidr(n.pool());
            if (pool == null) continue;
            OverlayView own = mine.stream().filter(v -> v.bridge().equals(n.bridge())).findFirst().orElse(null);
            if (own == null) {
                for (OverlayView v : mine) {
                    if (pool.overlaps(v.subnet()))
                        problems.add("Docker network " + n.name() + " (" + n.pool() + ") overlaps the overlay "
                                + v.subnet() + " on " + v.bridge() + ": routes to part of the overlay lead into it");
                }
                continue;
            }
            int before = problems.size();
            // A node's range is worked out from the peers its FDB holds: one that lost a peer's entry (the fdb
            // check names it) works out a range of the wrong size, which is no ground to blame this node's network.
            int mesh = overlays.values().stream().flatMap(List::stream).filter(v -> v.subnet().equals(own.subnet()))
                    .mapToInt(v -> v.peers().size()).max().orElse(0);
            for (Map.Entry<String, List<OverlayView>> other : overlays.entrySet()) {
                if (other.getKey().equals(node)) continue;
                for (OverlayView v : other.getValue()) {
                    if (!v.subnet().equals(own.subnet()) || v.peers().size() < mesh) continue;
                    if (v.containerRange() != null && pool.overlaps(v.containerRange()))
                        problems.add("Docker network " + n.name() + " hands out " + n.pool() + ", which overlaps "
                                + other.getKey() + "'s container range " + v.containerRange());
                    if (pool.contains(v.hostAddress()))
                        problems.add("Docker network " + n.name() + " hands out " + n.pool() + ", which holds "
                                + other.getKey() + "'s host address " + v.hostAddress());
                    for (String aux : n.auxAddresses()) {
                        if (v.containerRange() != null && v.containerRange().contains(aux))
                            problems.add("Docker network " + n.name() + " reserves " + aux + " (aux-address), inside "
                                    + other.getKey() + "'s container range " + v.containerRange());
                    }
                }
            }
            if (problems.size() > before) fixes.add(remake(node, own));
        }
        if (problems.isEmpty())
            return List.of(Finding.ok("docker-subnet", node,
                    "Docker's networks keep to this node's range and off the rest of the overlay"));
        return List.of(Finding.fail("docker-subnet", node, String.join("; ", problems) + " on " + node
                + ": two engines then give one address to two containers (or a container takes a host's address),"
                + " and traffic for it reaches whichever answers first",
                fixes.isEmpty()
                        ? "remove or re-address that network (docker network rm NAME)"
                        : Fix.all(fixes)));
    }

    /** netshell's own plan for this node: --ip-range of its own, gateway and aux addresses outside every range. */
    private static String remake(String node, OverlayView v) {
        List<String> create = new ArrayList<>(List.of("overlay", "create", v.subnet().toString()));
        // A dual-stack overlay is remade dual stack (without --ipv6, create would make the network IPv4 only).
        if (v.ipv6() != null && v.ipv6().plan() != null)
            create.addAll(List.of("--ipv6", v.ipv6().plan().prefix6().toString()));
        if (v.vni() != null) create.addAll(List.of("--vni", String.valueOf(v.vni())));
        if (v.port() != null) create.addAll(List.of("--port", String.valueOf(v.port())));
        if (v.vxlan() != null) create.addAll(List.of("--name", v.vxlan()));
        create.addAll(List.of("--bridge", v.bridge()));
        return Fix.all(List.of(Fix.of("overlay", "delete", "--bridge", v.bridge(), "--on", node), Fix.line(create)));
    }

    /** Containers on an overlay network need its MTU (underlay - 50, or - 70 over IPv6), or big packets vanish. */
    static List<Finding> mtu(NodeFacts f, DockerFacts d, List<OverlayView> mine) {
        if (mine.isEmpty()) return List.of();
        // The tunnel's own underlay decides: a lab node reached over IPv4 may run its overlay over IPv6 (--underlay6).
        String local = mine.stream().map(OverlayView::vxlan).filter(Objects::nonNull)
                .map(vx -> f.state().link(vx).map(Link::vxlanLocal).orElse(null)).filter(Objects::nonNull)
                .findFirst().orElse(f.address());
        int overhead = IpFamily.isV6(local) ? VxlanPlanner.OVERHEAD_V6 : VxlanPlanner.OVERHEAD_V4;
        int want = f.underlayMtu() - overhead;
        Map<String, String> bridgeOfNetwork = new LinkedHashMap<>();
        d.networks().forEach(n -> bridgeOfNetwork.put(n.name(), n.bridge()));
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        int checked = 0;
        for (DockerFacts.Container c : d.containers()) {
            boolean onOverlay = c.networks().stream().map(bridgeOfNetwork::get).filter(Objects::nonNull)
                    .anyMatch(b -> mine.stream().anyMatch(v -> v.bridge().equals(b)));
            if (!onOverlay || c.mtu() == null) continue;
            checked++;
            if (c.mtu() != want) {
                problems.add(c.name() + " has MTU " + c.mtu() + " on eth0");
                // From the node's side: the image may have no ip, and a container may not change its own MTU.
                fixes.add("nsenter -t $(docker inspect -f '{{.State.Pid}}' " + c.name() + ") -n ip link set eth0 mtu "
                        + want);
            }
        }
        if (checked == 0) return List.of();
        if (problems.isEmpty())
            return List.of(Finding.ok("docker-mtu", f.node(), "containers on the overlay have MTU " + want));
        return List.of(Finding.fail("docker-mtu", f.node(), String.join("; ", problems) + " on " + f.node()
                + " where the overlay carries " + want + " (the underlay's " + f.underlayMtu() + " minus VXLAN's "
                + overhead + " bytes): its full-size packets are dropped at the VXLAN device, so ping works and"
                + " large transfers stall",
                Fix.all(fixes) + " (lasting: the network's -o com.docker.network.driver.mtu=" + want + ")"));
    }

    private static IptablesSave parse(String save) {
        if (save == null) return null;
        try {
            return IptablesSave.parse(save);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String forwardPolicy(IptablesSave save) {
        return save.chains().stream().filter(c -> c.table().equals("filter") && c.name().equals("FORWARD"))
                .map(IptablesSave.Chain::policy).findFirst().orElse("ACCEPT");
    }

    /** DOCKER-USER where Docker runs: Docker rewrites FORWARD's own rules but leaves that chain to the admin. */
    private static String hookChain(IptablesSave save) {
        return save.chains().stream().anyMatch(c -> c.table().equals("filter") && c.name().equals("DOCKER-USER"))
                ? "DOCKER-USER"
                : "FORWARD";
    }

    /** The value after a match option, null when absent or negated ("! -o br" is not "-o br"). */
    private static String option(List<String> words, String name) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(name)) return i > 0 && words.get(i - 1).equals("!") ? null : words.get(i + 1);
        }
        return null;
    }

    private static Cidr cidr(String text) {
        try {
            return text == null ? null : Cidr.parse(text).normalized();
        } catch (BadInput e) {
            return null;
        }
    }
}
