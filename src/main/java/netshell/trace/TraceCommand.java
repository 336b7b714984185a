package netshell.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.kernel.IpText;
import netshell.node.Node;
import netshell.trace.plan.Box;
import netshell.trace.plan.LiveMerge;
import netshell.trace.plan.Simulator;
import netshell.trace.plan.Trace;
import netshell.trace.plan.TraceTools;

/**
 * {@code trace FROM TO[:PORT]}: reads every node of the target and its containers (one round trip per node, after
 * the containers are listed), names the two ends, and has the simulator follow the packet and its reply; unless
 * --simulate, one probe is then sent and traced live on every node ({@link LiveTrace}).
 */
public final class TraceCommand {
    private TraceCommand() {}

    /** The help text of trace: what each phase shows, and what a live trace does on the nodes. */
    private static final String DETAILS = """
            Phases: ROUTE (ip rule and the route that matched, forwarding and rp_filter), NEIGH, FILTER and NAT
            (iptables or nft table, chain, rule and its position, the verdict; the DNAT target of a VIP, one branch
            per backend), BRIDGE (port and FDB entry), VXLAN-ENCAP (VNI, local and remote VTEP, MTU against the packet),
            UNDERLAY, VXLAN-DECAP and DELIVER (the interface and the listening socket), for the request and the reply;
            then ALLOWED, or DROPPED with node, phase, reason and the command that shows it.
            Live (the default): one probe is sent from FROM's own network namespace (tcp: a connection from a port
            chosen per trace, with socat; udp: one datagram; icmp: one echo with do-not-fragment, with ping), and
            every node marks it with an nft table of its own (netshell_trace_ID: meta nftrace on the probe's port,
            also inside VXLAN) while nft monitor, a tcpdump on the underlay and the rule counters (iptables-save -c)
            and conntrack before and after show what the kernel did. That evidence is joined to the simulation: the
            VIP backend conntrack chose, each phase seen, the rule that dropped the probe (table, chain, position and
            text), and a note where the probe and the simulation disagree. The table and the processes are removed
            afterwards, also on an error and on Ctrl-C. A node without nft is traced with iptables TRACE rules in raw
            (read with xtables-monitor for iptables-nft; for iptables-legacy from the kernel log, which the kernel
            writes only outside network namespaces: a namespace node says so and gives its counters), with a note.
            --size sets the icmp and udp probe; a tcp probe is its SYN.
            --pcap FILE writes the probe's packets as each node's underlay saw them to one pcapng file (an interface
            per node, node1:eth1; time order; a VXLAN packet's VNI as its comment). --simulate: only lookups, nothing
            sent or changed. iptables and ip6tables rulesets are simulated whole (also tables netshell did not
            write), and so are nftables' own tables (ip, ip6 and inet: every base chain of a hook in priority order,
            verdict maps, sets, numgen, dnat and snat); a match that cannot be judged without a packet is named.
            IPv6: an IPv6 address as TO or FROM ([fd00:10::81]:80, fd56::b), or --family 6 (-6) with names, which
            then stand for their IPv6 addresses as after ping -6 (a container's on a dual-stack overlay, a node's on
            its underlay, lab up --ipv6). It walks IPv6's own routes, rules, neighbours (neighbour solicitation, not
            ARP) and ip6tables; net.ipv6.conf.all.forwarding decides forwarding, there is no rp_filter, and a router
            drops a packet over the MTU with ICMPv6 "packet too big" (IPv6 routers never fragment). A VXLAN underlay
            keeps its own family whatever the inner packet's (70 bytes of overhead over IPv6, 50 over IPv4). The live
            probe is ping -6, or socat TCP6/UDP6; a node without nft marks it with ip6tables TRACE rules, and a tunnel
            with the rules of its outer family (-m u32), each family read by its own xtables-monitor.
            Examples: trace web1 web2:80, trace node1 10.0.0.100:80 --why, trace web1 node2 --json,
            trace web1 10.0.0.100:80 --pcap vip.pcapng, trace web1 web2:80 --simulate, trace web1 [fd56::100]:80,
            trace web1 web2:80 -6.
            A DROPPED trace exits 0: read t.verdict and t.dropAt in a script.""";

    public static CommandSpec spec() {
        return CommandSpec.of("trace", "where a packet goes across the nodes, and what decides each hop",
                Verb.of("", "the phases of a packet from FROM to TO and of its reply, and where it is dropped",
                        TraceCommand::run,
                        Param.positional("from", "the sender: a node, a container or an address").completes(
                                "endpoint"),
                        Param.positional("to", "the receiver: a node, a container, a VIP or an address, with :PORT"
                                + " for tcp or udp ([fd00:10::81]:80 for IPv6)").completes("endpoint"),
                        Param.option("family", "IPv4 (4, the default) or IPv6 (6): names stand for their addresses"
                                + " of that family").choices("4", "6"),
                        Param.flag("ipv6", "the same as --family 6").alias("6"),
                        Param.option("proto", "the probe's protocol (default: tcp with a port, else icmp)")
                                .choices("tcp", "udp", "icmp"),
                        Param.option("size", "the probe's IP packet size in bytes, sent with do-not-fragment"
                                + " (default: 60 for tcp and udp, 84 for icmp; over IPv6 80 and 104)")
                                .valueNamed("BYTES"),
                        Param.flag("simulate",
                                "only lookups in what the nodes hold; no packet is sent (default: one live"
                                        + " probe, marked and traced on every node)"),
                        Param.flag("why", "show under each phase the Linux command that shows it by hand"),
                        Param.option("pcap", "live: write the probe's packets seen on every node's underlay to one"
                                + " pcapng file, for Wireshark").completes("file").valueNamed("FILE"))
                        .details(DETAILS));
    }

    static TraceReport run(Args a, Context ctx) throws InterruptedException {
        String proto = a.get("proto");
        Target to = Target.parse(a.get("to"));
        String fromName = Target.sender(a.get("from"));
        IpFamily family = family(a.get("family"), a.flag("ipv6"), to, fromName);
        if (proto == null) proto = to.port() == null ? "icmp" : "tcp";
        if (proto.equals("icmp") && to.port() != null)
            throw new BadInput("icmp has no port: drop ':" + to.port() + "' or choose --proto tcp|udp");
        if (!proto.equals("icmp") && to.port() == null)
            throw new BadInput(proto + " needs a port: " + a.get("to") + ":PORT");
        boolean v6 = family == IpFamily.V6;
        // The smallest packet is the IP header and the ICMP or UDP header: 20 + 8, or IPv6's 40 + 8.
        int size = a.integer("size", v6 ? 48 : 28, 65535, proto.equals("icmp") ? (v6 ? 104 : 84) : (v6 ? 80 : 60));

        String pcap = a.get("pcap");
        if (pcap != null && a.flag("simulate"))
            throw new BadInput("--pcap writes the packets of a live probe, and --simulate sends none: use one");
        if (pcap != null) LiveTrace.checkPcap(pcap);
        List<Node> nodes = ctx.select(null);
        if (nodes.stream().anyMatch(Node::dryRun))
            throw new BadInput("trace simulates from what the nodes hold, and a dry-run target has nothing to read:"
                    + " run it on the lab or an inventory (trace itself changes nothing)");
        List<ContainerDirectory.Container> containers = ctx.session().containers().find(ctx, nodes);
        Map<String, List<ContainerDirectory.Container>> byNode = new LinkedHashMap<>();
        for (Node n : nodes) byNode.put(n.name(), new ArrayList<>());
        for (ContainerDirectory.Container c : containers) {
            byNode.computeIfAbsent(c.node().name(), k -> new ArrayList<>()).add(c);
        }
        var reads = ctx.session().fleet().each(nodes, n -> TraceReads.read(ctx, n, byNode.get(n.name()), family));
        List<Box> boxes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, TraceTools> tools = new LinkedHashMap<>();
        for (var o : reads.outcomes()) {
            if (!o.ok()) throw new CommandFailed("cannot read " + o.node() + ": " + o.error());
            boxes.addAll(o.value().boxes());
            notes.addAll(o.value().notes());
            tools.put(o.node(), o.value().tools());
        }
        if (!v6) boxes = withIpv6Underlays(ctx, nodes, boxes, notes);
        Ends ends = new Ends(nodes, containers, boxes, family);
        Ends.End from = ends.from(fromName);
        String toAddress = ends.address(to.name());
        Trace t = new Simulator(boxes).run(new Simulator.Request(from.box(), from.address(), toAddress, proto,
                to.port(), size), a.get("from"), a.get("to"));
        if (a.flag("simulate")) return new TraceReport(t, a.flag("why"), notes);
        if (ctx.dryRun())
            throw new BadInput("a live trace sends a packet and marks it on every node: with --dry-run, use"
                    + " trace --simulate, which only reads");
        LiveTrace.Sender sender = LiveTrace.sender(nodes, containers, from.box(), from.address());
        LiveMerge.Merged live = LiveTrace.run(ctx, nodes, boxes, tools, t, sender, toAddress, to.port(), size,
                pcap);
        List<String> all = new ArrayList<>(live.notes());
        all.addAll(notes);
        return new TraceReport(live.trace(), a.flag("why"), all);
    }

    /**
     * The nodes whose VXLAN runs over IPv6, read once more for IPv6's routes, rules and ip6tables (an IPv4 trace
     * reads only IPv4's at first): their tunnels' packets are IPv6.
     */
    private static List<Box> withIpv6Underlays(Context ctx, List<Node> nodes, List<Box> boxes, List<String> notes) {
        List<Node> over6 = nodes.stream().filter(n -> boxes.stream().anyMatch(b -> !b.container() && b.name().equals(
                n.name()) && b.vxlanOverIpv6())).toList();
        if (over6.isEmpty()) return boxes;
        List<String> more = java.util.Collections.synchronizedList(new ArrayList<>());
        var read = ctx.session().fleet().each(over6, n -> TraceReads.withIpv6Underlay(ctx, n, boxes.stream()
                .filter(b -> !b.container() && b.name().equals(n.name())).findFirst().orElseThrow(), more));
        List<Box> out = new ArrayList<>(boxes);
        for (var o : read.outcomes()) {
            if (!o.ok()) throw new CommandFailed("cannot read " + o.node() + ": " + o.error());
            out.replaceAll(b -> !b.container() && b.name().equals(o.node()) ? o.value() : b);
        }
        notes.addAll(more);
        return out;
    }

    /**
     * The family of the trace: an address typed as FROM or TO decides it, else --family or -6 (names then stand for
     * their addresses of that family), else a name in brackets ([web2]:80, as an IPv6 address is written) is IPv6;
     * IPv4 by default.
     */
    static IpFamily family(String option, boolean ipv6, Target to, String from) {
        if (ipv6 && "4".equals(option)) throw new BadInput("--family 4 and -6 ask for two families: give one");
        IpFamily asked = ipv6 || "6".equals(option) ? IpFamily.V6 : "4".equals(option) ? IpFamily.V4 : null;
        IpFamily typed = null;
        String typedText = null;
        for (String end : new String[]{from, to.name()}) {
            if (!IpText.isAddress(end)) continue;
            IpFamily f = IpFamily.of(end);
            if (typed != null && typed != f)
                throw new BadInput("'" + from + "' and '" + to.name() + "' are of two families: a packet has one");
            typed = f;
            typedText = end;
        }
        if (typed != null && asked != null && typed != asked)
            throw new BadInput("'" + typedText + "' is an " + typed + " address, and --family " + asked.number()
                    + " asks for " + asked + ": drop one");
        if (typed != null) return typed;
        if (asked != null) return asked;
        return to.bracketed() ? IpFamily.V6 : IpFamily.V4;
    }

    /**
     * TO as typed: a name or address, and the port after it. An IPv6 address with a port is written in brackets
     * ({@code [fd00:10::81]:80}), as in a URL; a bare one ({@code fd56::b}) has none; a name in brackets
     * ({@code [web2]:80}) stands for its IPv6 address.
     */
    record Target(String name, Integer port, boolean bracketed) {
        static Target parse(String text) {
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) throw new BadInput("'" + text + "': no ']' closes the '['");
                String inside = text.substring(1, close);
                String rest = text.substring(close + 1);
                if (IpText.isAddress(inside) && !IpFamily.isV6(inside))
                    throw new BadInput("'" + text + "': brackets are for IPv6 addresses; write " + inside
                            + rest);
                if (!rest.isEmpty() && !rest.startsWith(":"))
                    throw new BadInput("'" + text + "': after ']' comes ':PORT' or nothing");
                return new Target(end(inside, text), rest.isEmpty() ? null : port(rest.substring(1), text), true);
            }
            if (text.indexOf(':') != text.lastIndexOf(':')) return new Target(end(text, text), null, false);
            int colon = text.lastIndexOf(':');
            if (colon < 0) return new Target(text, null, false);
            return new Target(text.substring(0, colon), port(text.substring(colon + 1), text), false);
        }

        /** FROM as typed: a name, or an address (an IPv6 one bare or in brackets, without a port). */
        static String sender(String text) {
            Target t = parse(text);
            if (t.port() != null) throw new BadInput("'" + text + "': the sender takes no port (it is chosen)");
            return t.name();
        }

        private static Integer port(String port, String text) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)
                throw new BadInput("'" + text + "': the port after ':' must be 1-65535");
            return Integer.valueOf(port);
        }

        /** A name, or an IPv6 address in its canonical text (as the kernel prints it, RFC 5952). */
        private static String end(String inside, String text) {
            if (!inside.contains(":")) return inside;
            String canonical = IpText.canonical(inside);
            if (canonical == null)
                throw new BadInput("'" + text + "': not an IPv6 address (one with a port is written [fd00:10::81]:80)");
            if (canonical.toLowerCase(Locale.ROOT).matches("fe[89ab].*"))
                throw new BadInput("'" + text + "': a link-local address names a host on one link only; trace to a"
                        + " global or unique local address");
            return canonical;
        }
    }

    /**
     * Names the two ends of a trace: nodes, containers and addresses. Under IPv6 a name stands for its IPv6 address
     * as after ping -6: a container's on a dual-stack overlay, a node's routable one on its underlay.
     */
    record Ends(List<Node> nodes, List<ContainerDirectory.Container> containers, List<Box> boxes, IpFamily family) {
        record End(Box box, String address) {}

        Ends(List<Node> nodes, List<ContainerDirectory.Container> containers, List<Box> boxes) {
            this(nodes, containers, boxes, IpFamily.V4);
        }

        End from(String name) {
            Node n = node(name);
            ContainerDirectory.Container c = container(name);
            if (n != null && c != null)
                throw new BadInput("'" + name + "' is both node " + name + " and container " + name + " on "
                        + c.node().name());
            if (n != null) return new End(box(name, false), null);
            if (c != null) return new End(box(name, true), containerAddress(c));
            if (!IpText.isAddress(name) || IpFamily.of(name) != family)
                throw new BadInput("no node, container or " + family + " address named '" + name + "'");
            for (Box b : boxes) {
                if (b.addresses().stream().anyMatch(x -> x.local().equals(name))) return new End(b, name);
            }
            throw new BadInput(name + " is held by none of the nodes or containers: trace from one of them");
        }

        String address(String name) {
            Node n = node(name);
            ContainerDirectory.Container c = container(name);
            if (n != null && c != null)
                throw new BadInput("'" + name + "' is both node " + name + " and container " + name + " on "
                        + c.node().name());
            if (c != null) return containerAddress(c);
            if (n != null && family == IpFamily.V6) return nodeAddress6(n);
            if (n != null) {
                Box b = box(name, false);
                boolean held = b.addresses().stream().anyMatch(x -> x.local().equals(n.address()));
                if (held) return n.address();
                return b.addresses().stream().filter(x -> x.ipv4() && x.ifname().equals(n.underlay()))
                        .map(x -> x.local()).findFirst()
                        .orElseThrow(() -> new CommandFailed(name + ": no IPv4 address on its underlay found"));
            }
            if (!IpText.isAddress(name) || IpFamily.of(name) != family)
                throw new BadInput("no node, container or " + family + " address named '" + name + "'");
            return name;
        }

        private String containerAddress(ContainerDirectory.Container c) {
            if (family == IpFamily.V4) return c.address();
            if (c.address6() == null)
                throw new BadInput(c.name() + " on " + c.node().name() + " has no IPv6 address: its overlay is IPv4"
                        + " only (overlay create SUBNET --ipv6 PREFIX makes a dual-stack one)");
            return IpText.canonical(c.address6());
        }

        /** The node's first routable IPv6 address on its underlay, as ping -6 NODE takes it. */
        private String nodeAddress6(Node n) {
            Box b = box(n.name(), false);
            return b.addresses().stream().filter(x -> x.ipv6Routable() && x.ifname().equals(n.underlay()))
                    .map(x -> x.local()).findFirst()
                    .orElseThrow(() -> new BadInput(n.name() + " has no IPv6 address on its underlay "
                            + n.underlay() + " (lab up --ipv6 gives the lab's nodes one): trace it over IPv4,"
                            + " or give an address"));
        }

        private Node node(String name) {
            return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
        }

        private ContainerDirectory.Container container(String name) {
            return containers.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }

        private Box box(String name, boolean container) {
            return boxes.stream().filter(b -> b.name().equals(name) && b.container() == container).findFirst()
                    .orElseThrow(() -> new CommandFailed("'" + name + "' was not read"));
        }
    }
}
