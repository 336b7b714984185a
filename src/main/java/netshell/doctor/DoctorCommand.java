package netshell.doctor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netshell.command.Args;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.NodeLibrary;
import netshell.command.NodeStates;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.doctor.checks.CauseFacts;
import netshell.doctor.checks.CounterFacts;
import netshell.doctor.checks.Counters;
import netshell.doctor.checks.Doctor;
import netshell.doctor.checks.DockerFacts;
import netshell.doctor.checks.NodeFacts;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.lb.rules.ChainNames;
import netshell.node.ExecResult;
import netshell.node.Fleet;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.overlay.plan.ContainerPlanner;

/**
 * {@code doctor}: reads each node's state (tools, privileges, forwarding, links, FDB, addresses,
 * iptables), pings peers and backends, and hands everything to the pure checks of net.doctor.
 */
public final class DoctorCommand {
    /**
     * {@code -Dnetshell.doctor.checks=0.2}: only the checks doctor had before the cause and counter checks, with
     * their reads alone (bench/doctor.sh weighs the new checks against them).
     */
    static final String CHECKS_PROPERTY = "netshell.doctor.checks";

    private static final String TOOL_PROBE = "for t in ip bridge iptables nft tcpdump fping docker; do"
            + " command -v \"$t\" >/dev/null 2>&1 && echo \"$t\"; done";

    private DoctorCommand() {}

    public static CommandSpec spec() {
        return CommandSpec.of("doctor",
                "check nodes, overlay and load balancer; explain each failure and how to fix it",
                Verb.of("", "run every check on the selected nodes (exit 1 when one FAILs)", DoctorCommand::run,
                        Param.onNodes(),
                        Param.flag("fix",
                                "apply the failed checks' fixes as one change (journaled: 'undo' reverts it)"),
                        Param.confirm())
                        .details("""
                                Checks: tools (ip, bridge, iptables or nft, tcpdump), privileges, underlay reachability
                                between every pair of nodes, net.ipv4.ip_forward; VXLAN: VNI and port agree, every peer
                                in every FDB, device up, bridge membership direction, MTU on the whole overlay path;
                                addresses: containers vs host addresses; load balancer: chains and jumps, an even
                                probability ladder, MASQUERADE, the hairpin SNAT of each backend (a backend calling
                                its own VIP), FORWARD accepts, backends answer. IPv6 (nodes with a
                                global IPv6 address): net.ipv6.conf.all.forwarding, tentative or DAD-failed addresses,
                                an MTU of underlay - 70 on VXLAN over IPv6, and IPv6 VIPs in ip6tables (the lb checks,
                                named lb-…-v6). Docker nodes: the engine answers;
                                under Docker's FORWARD policy DROP, traffic out of the overlay bridge and (with
                                bridge-nf-call-iptables=1) frames bridged across it are accepted; no Docker network
                                overlaps the overlay or another node's range; overlay containers have its MTU.
                                Causes (whoever made them): strict rp_filter, a firewall or nft rule dropping the
                                VXLAN port, random loss, rules in the other iptables back end, a full conntrack
                                table, an external VXLAN device on the port, a VTEP MAC changed under a static mesh,
                                route_localnet, a peer VTEP without a route (or behind a blackhole) on a routed
                                underlay; each with the lines that show it. Counters read at the start and the
                                end of the run (as nstat -az and conntrack -S show them): packets dropped meanwhile by
                                reverse-path filtering, for a bad checksum (VXLAN offload), by conntrack. --fix applies
                                the fixes as one change ('undo' reverts it, --confirm arms a rollback).
                                'doctor | grep FAIL' lists the failures; 'doctor --json' gives the rows as data."""));
    }

    /** What phase one read from a node, before the pings. */
    private record Read(Node node, String address, String underlay, Set<String> tools, Integer uid, Boolean sudo,
            String ipForward,
            NodeState state, String save, Map<String, List<String>> containers, NodeFacts.Ip6Facts ip6,
            DockerFacts docker, CauseFacts causes, Counters counters, long readAt) {}

    /** What phase two found from a node: the facts, and its counters read again after the pings. */
    private record Probed(NodeFacts facts, Counters counters, long readAt) {}

    static Object run(Args a, Context ctx) {
        DoctorReport found = check(a, ctx);
        if (!a.flag("fix")) return found;
        Set<String> names = new HashSet<>();
        ctx.select(a.get("on")).forEach(n -> names.add(n.name()));
        return DoctorFix.apply(ctx, found, names);
    }

    static DoctorReport check(Args a, Context ctx) {
        List<Node> nodes = ctx.select(a.get("on"));
        Fleet fleet = ctx.session().fleet();
        boolean all = !"0.2".equals(System.getProperty(CHECKS_PROPERTY));
        FleetResult<Read> reads = fleet.each(nodes, n -> read(n, all, ctx));
        Map<String, String> addresses = new LinkedHashMap<>();
        Map<String, Read> byNode = new LinkedHashMap<>();
        for (var o : reads.outcomes()) {
            Read r = o.ok() ? o.value() : null;
            Node n = nodes.stream().filter(x -> x.name().equals(o.node())).findFirst().orElseThrow();
            if (r == null)
                r = new Read(n, n.address(), n.underlay(), null, null, null, null, null, null, Map.of(), null, null,
                        CauseFacts.none(), null, 0);
            byNode.put(o.node(), r);
            addresses.put(o.node(), r.address());
        }
        FleetResult<Probed> probed = fleet.each(nodes, n -> probe(byNode.get(n.name()), addresses, ctx));
        List<NodeFacts> facts = new ArrayList<>();
        Map<String, CounterFacts> counters = new LinkedHashMap<>();
        for (var o : probed.outcomes()) {
            Read r = byNode.get(o.node());
            facts.add(o.ok()
                    ? o.value().facts()
                    : new NodeFacts(o.node(), r.address(), r.underlay(), r.tools(), r.uid(), r.sudo(), r.ipForward(),
                            r.state(), r.save(), Map.of(), Map.of(), r.containers(), r.ip6(), r.docker()));
            if (o.ok() && r.counters() != null && o.value().counters() != null)
                counters.put(o.node(), new CounterFacts(r.counters(), o.value().counters(),
                        (o.value().readAt() - r.readAt()) / 1_000_000));
        }
        if (!all) return new DoctorReport(Doctor.check(facts));
        Map<String, CauseFacts> causes = new LinkedHashMap<>();
        byNode.forEach((name, r) -> causes.put(name, r.causes()));
        return new DoctorReport(Doctor.check(facts, causes, counters));
    }

    /** IPv6 forwarding, our ip6tables chains, and global addresses held by duplicate address detection. */
    private static final List<List<String>> IP6_READS = List.of(
            List.of("sysctl", "-n", "net.ipv6.conf.all.forwarding"), tables("ip6tables"),
            List.of("ip", "-j", "-6", "addr", "show", "scope", "global", "tentative"),
            List.of("ip", "-j", "-6", "addr", "show", "scope", "global", "dadfailed"));
    private static final int IP6_AT = 4;

    /** What the 0.2 checks need from a node except container addresses, in one round trip. */
    private static final List<List<String>> BASE_READS;
    /** Everything phase one needs from a node except container addresses, in one round trip: the cause reads and
     * the first read of the counters after the 0.2 ones. */
    private static final List<List<String>> READS;
    static {
        List<List<String>> reads = new ArrayList<>(List.of(List.of("sh", "-c", TOOL_PROBE), List.of("id", "-u"),
                List.of("sysctl", "-n", "net.ipv4.ip_forward"), tables("iptables")));
        reads.addAll(IP6_READS);
        reads.addAll(NodeStates.READS);
        BASE_READS = List.copyOf(reads);
        reads.addAll(CauseReads.READS);
        reads.add(CauseReads.COUNTERS);
        READS = List.copyOf(reads);
    }

    /**
     * What the checks need of TOOL's tables, as iptables-save prints it: filter's chains reached from the built-in
     * ones, and nat's built-in and NETSHELL- chains; a kube-proxy node's big nat table is neither read nor parsed.
     */
    private static List<String> tables(String tool) {
        return NodeLibrary.command("ns_ipt_lb \"$1\" '*'", tool);
    }

    private static Read read(Node n, boolean all, Context ctx) {
        List<ExecResult> r = NodeLibrary.readEach(ctx, n, all ? READS : BASE_READS);
        long readAt = System.nanoTime();
        ExecResult tools = r.get(0);
        Set<String> found = tools.exit() == 0 || !tools.stdout().isBlank()
                ? new LinkedHashSet<>(tools.stdout().lines().map(String::strip).toList())
                : null;
        Integer uid = integer(r.get(1));
        Boolean sudo = uid != null && uid != 0 ? ctx.read(n, "sudo", "-n", "true").ok() : null;
        ExecResult fwd = r.get(2);
        String ipForward = fwd.ok() && !fwd.stdout().isBlank() ? fwd.stdout().strip() : null;
        int stateAt = IP6_AT + IP6_READS.size();
        int causesAt = stateAt + NodeStates.READS.size();
        NodeState state = NodeStates.leniently(r.subList(stateAt, causesAt));
        boolean iptables = found == null || found.contains("iptables");
        String save = iptables && r.get(3).ok() ? r.get(3).stdout() : null;
        String underlay = n.underlay();
        String address = n.address();
        if (state != null && underlay != null) {
            String onUnderlay = state.underlayAddress(underlay, n.address());
            if (onUnderlay != null) address = onUnderlay;
        }
        CauseFacts causes = all
                ? CauseReads.parse(r.subList(causesAt, causesAt + CauseReads.READS.size()), save)
                : CauseFacts.none();
        Counters counters = all ? Counters.parse(r.get(r.size() - 1).stdout()) : null;
        return new Read(n, address, underlay, found, uid, sudo, ipForward, state, save, containers(n, state, ctx),
                ip6(r.subList(IP6_AT, stateAt)), docker(n, found, state, save, ctx), causes, counters, readAt);
    }

    /**
     * The node's Docker engine, when it has one: a lab node started with an engine of its own, or another node
     * with docker on its PATH where an engine has run (its docker0 bridge or its iptables chains are there). Null
     * elsewhere: a lab node without one would only see the host's engine, and a node with the client alone (a
     * lab node over its sshd, whose DOCKER_HOST names no engine) has none to ask.
     */
    private static DockerFacts docker(Node n, Set<String> tools, NodeState state, String save, Context ctx) {
        boolean ownEngine = n.ownDockerHost().isPresent();
        boolean engineRan = state != null && state.link("docker0").isPresent()
                || save != null && save.contains("\n:DOCKER");
        boolean expected = ownEngine || n.dockerIsItsOwn() && tools != null && tools.contains("docker") && engineRan;
        if (!expected) return null;
        String startFix = ownEngine ? "lab up --docker" : "sudo systemctl start docker";
        ExecResult bridgeNf = ctx.read(n, "sysctl", "-n", "net.bridge.bridge-nf-call-iptables");
        String nf = bridgeNf.ok() && !bridgeNf.stdout().isBlank() ? bridgeNf.stdout().strip() : null;
        ExecResult info = ctx.read(n, "docker", "info", "--format", "{{.ServerVersion}}");
        if (!info.ok() || info.stdout().isBlank()) {
            String why = info.stderr().isBlank()
                    ? "no answer"
                    : info.stderr().strip().lines().reduce((a, b) -> b)
                            .orElse("no answer");
            return new DockerFacts(null, why, startFix, nf, List.of(), List.of());
        }
        List<DockerFacts.Network> networks = List.of();
        List<String> netIds = ids(ctx.read(n, "docker", "network", "ls", "-q", "--filter", "driver=bridge"));
        if (!netIds.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("docker", "network", "inspect", "--format",
                    DockerFacts.NETWORK_FORMAT));
            argv.addAll(netIds);
            networks = DockerFacts.parseNetworks(ctx.read(n, argv).stdout());
        }
        return new DockerFacts(info.stdout().strip(), null, startFix, nf, networks, dockerContainers(n, ctx));
    }

    /** Running containers with their networks and eth0 MTU, read from their network namespaces. */
    private static List<DockerFacts.Container> dockerContainers(Node n, Context ctx) {
        List<String> ids = ids(ctx.read(n, "docker", "ps", "-q"));
        if (ids.isEmpty()) return List.of();
        List<String> argv = new ArrayList<>(List.of("docker", "inspect", "--format", DockerFacts.CONTAINER_FORMAT));
        argv.addAll(ids);
        List<String[]> rows = ctx.read(n, argv).stdout().lines().map(DockerFacts::splitContainerLine)
                .filter(f -> f != null && f[1].matches("[1-9]\\d*")).toList();
        List<ExecResult> links = ctx.readEach(n,
                rows.stream().map(f -> List.of("nsenter", "-t", f[1], "-n", "ip", "-o", "link", "show", "eth0"))
                        .toList());
        List<DockerFacts.Container> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Matcher m = MTU.matcher(links.get(i).stdout());
            Integer mtu = links.get(i).ok() && m.find() ? Integer.valueOf(m.group(1)) : null;
            out.add(new DockerFacts.Container(rows.get(i)[0],
                    List.of(rows.get(i)[2].isBlank() ? new String[0] : rows.get(i)[2].split("\\s+")), mtu));
        }
        return out;
    }

    private static final Pattern MTU = Pattern.compile("\\bmtu (\\d+)");

    private static List<String> ids(ExecResult r) {
        return r.ok() ? r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
    }

    /** The IPv6 facts from the {@link #IP6_READS}, in their order. */
    private static NodeFacts.Ip6Facts ip6(List<ExecResult> r) {
        ExecResult fwd = r.get(0);
        String forwarding = fwd.ok() && !fwd.stdout().isBlank() ? fwd.stdout().strip() : null;
        ExecResult save = r.get(1);
        boolean lb = save.ok() && save.stdout().contains(":" + ChainNames.SERVICES + " ");
        return new NodeFacts.Ip6Facts(forwarding, addressesIn(r.get(2)), addressesIn(r.get(3)), lb,
                save.ok() ? save.stdout() : null);
    }

    /** Global IPv6 addresses with a flag (tentative, dadfailed) as "ADDR/LEN dev IFACE". */
    private static List<String> addressesIn(ExecResult r) {
        if (!r.ok() || r.stdout().isBlank()) return List.of();
        try {
            return Addresses.parse(r.stdout()).stream().map(a -> a.cidr() + " dev " + a.ifname()).toList();
        } catch (IllegalStateException e) {
            return List.of();
        }
    }

    /** Namespaces on this node whose host veth is one of ours: the node's containers, with their IPv4 addresses. */
    private static Map<String, List<String>> containers(Node n, NodeState state, Context ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (state == null) return out;
        List<String> ours = state.namespaces().stream()
                .filter(ns -> state.link(ContainerPlanner.hostVeth(ns)).map(Link::ours).orElse(false)).toList();
        if (ours.isEmpty()) return out;
        List<ExecResult> reads = ctx.readEach(n,
                ours.stream().map(ns -> List.of("ip", "-n", ns, "-j", "addr")).toList());
        for (int i = 0; i < ours.size(); i++) {
            ExecResult r = reads.get(i);
            if (!r.ok()) continue;
            try {
                out.put(ours.get(i), Addresses.parse(r.stdout()).stream()
                        .filter(x -> x.ipv4() && !x.local().startsWith("127.")).map(IfAddress::cidr).toList());
            } catch (IllegalStateException ignored) {
                // An unreadable container is left out of the address checks.
            }
        }
        return out;
    }

    /**
     * Phase two: one ping to every other selected node and to every backend this node balances to, and the counters
     * read again in the same round trip.
     */
    private static Probed probe(Read r, Map<String, String> addresses, Context ctx) {
        Map<String, Boolean> peers = new LinkedHashMap<>();
        Map<String, Boolean> backends = new HashMap<>();
        List<String> peerNames = new ArrayList<>();
        if (r.tools() != null) {
            addresses.forEach((peer, address) -> {
                if (!peer.equals(r.node().name()) && address != null && !address.isEmpty()) peerNames.add(peer);
            });
        }
        List<String> backendAddresses = new ArrayList<>(Doctor.backendsToProbe(r.save()));
        if (r.ip6() != null && r.ip6().lb()) backendAddresses.addAll(Doctor.backendsToProbe(r.ip6().save()));
        List<String> targets = new ArrayList<>();
        peerNames.forEach(p -> targets.add(addresses.get(p)));
        targets.addAll(backendAddresses);
        Set<String> alive = new HashSet<>();
        ExecResult counters = alive(r, targets, r.counters() != null, alive, ctx);
        long readAt = System.nanoTime();
        for (String p : peerNames) peers.put(p, alive.contains(addresses.get(p)));
        for (String b : backendAddresses) backends.put(b, alive.contains(b));
        return new Probed(new NodeFacts(r.node().name(), r.address(), r.underlay(), r.tools(), r.uid(), r.sudo(),
                r.ipForward(), r.state(), r.save(), peers, backends, r.containers(), r.ip6(), r.docker()),
                counters == null || !counters.ok() ? null : Counters.parse(counters.stdout()), readAt);
    }

    /**
     * Adds to {@code alive} the targets that answer one ping from this node, in one round trip: one fping for all of
     * them where the node has it (they are pinged at once, so a 100-node lab costs one process per node), else one
     * ping each; with {@code counters}, the counters are read after the pings in the same round trip (a round trip
     * of their own where there is nothing to ping), and their read is returned (else null).
     */
    private static ExecResult alive(Read r, List<String> targets, boolean counters, Set<String> alive,
            Context ctx) {
        List<List<String>> batch = new ArrayList<>();
        boolean fping = r.tools() != null && r.tools().contains("fping");
        if (!targets.isEmpty() && fping) {
            List<String> argv = new ArrayList<>(List.of("fping", "-a", "-q", "-r", "1", "-t", "500"));
            argv.addAll(new LinkedHashSet<>(targets));
            batch.add(argv);
        } else {
            targets.forEach(t -> batch.add(List.of("ping", "-c", "1", "-W", "1", t)));
        }
        if (counters) batch.add(CauseReads.COUNTERS);
        if (batch.isEmpty()) return null;
        List<ExecResult> answers = ctx.readEach(r.node(), batch);
        if (!targets.isEmpty() && fping) {
            answers.get(0).stdout().lines().map(String::strip).forEach(alive::add);
        } else {
            for (int i = 0; i < targets.size(); i++) if (answers.get(i).ok()) alive.add(targets.get(i));
        }
        return counters ? answers.get(answers.size() - 1) : null;
    }

    private static Integer integer(ExecResult r) {
        String s = r.stdout().strip();
        return r.ok() && s.matches("\\d+") ? Integer.valueOf(s) : null;
    }
}
