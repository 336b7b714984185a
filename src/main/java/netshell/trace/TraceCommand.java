package netshell.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.command.Args;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
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
            sent or changed. IPv4 only. iptables rulesets are simulated whole (also tables netshell did not write),
            and so are nftables' own tables (ip and inet: every base chain of a hook in priority order, verdict maps,
            sets, numgen, dnat and snat); a match that cannot be judged without a packet is named.
            Examples: trace web1 web2:80, trace node1 10.0.0.100:80 --why, trace web1 node2 --json,
            trace web1 10.0.0.100:80 --pcap vip.pcapng, trace web1 web2:80 --simulate.
            A DROPPED trace exits 0: read t.verdict and t.dropAt in a script.""";

    public static CommandSpec spec() {
        return CommandSpec.of("trace", "where a packet goes across the nodes, and what decides each hop",
                Verb.of("", "the phases of a packet from FROM to TO and of its reply, and where it is dropped",
                        TraceCommand::run,
                        Param.positional("from", "the sender: a node, a container or an address").completes(
                                "endpoint"),
                        Param.positional("to", "the receiver: a node, a container, a VIP or an address, with :PORT"
                                + " for tcp or udp").completes("endpoint"),
                        Param.option("proto", "the probe's protocol (default: tcp with a port, else icmp)")
                                .choices("tcp", "udp", "icmp"),
                        Param.option("size", "the probe's IP packet size in bytes, sent with do-not-fragment"
                                + " (default: 60 for tcp and udp, 84 for icmp)").valueNamed("BYTES"),
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
        if (proto == null) proto = to.port() == null ? "icmp" : "tcp";
        if (proto.equals("icmp") && to.port() != null)
            throw new BadInput("icmp has no port: drop ':" + to.port() + "' or choose --proto tcp|udp");
        if (!proto.equals("icmp") && to.port() == null)
            throw new BadInput(proto + " needs a port: " + a.get("to") + ":PORT");
        int size = a.integer("size", 28, 65535, proto.equals("icmp") ? 84 : 60);

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
        var reads = ctx.session().fleet().each(nodes, n -> TraceReads.read(ctx, n, byNode.get(n.name())));
        List<Box> boxes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, TraceTools> tools = new LinkedHashMap<>();
        for (var o : reads.outcomes()) {
            if (!o.ok()) throw new CommandFailed("cannot read " + o.node() + ": " + o.error());
            boxes.addAll(o.value().boxes());
            notes.addAll(o.value().notes());
            tools.put(o.node(), o.value().tools());
        }
        Ends ends = new Ends(nodes, containers, boxes);
        Ends.End from = ends.from(a.get("from"));
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

    /** TO as typed: a name or IPv4 address, and the port after the last colon. */
    record Target(String name, Integer port) {
        static Target parse(String text) {
            if (text.startsWith("[") || text.chars().filter(ch -> ch == ':').count() > 1)
                throw new BadInput("'" + text + "': IPv6 is not traced yet; give an IPv4 address or a name");
            int colon = text.lastIndexOf(':');
            if (colon < 0) return new Target(text, null);
            String port = text.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)
                throw new BadInput("'" + text + "': the port after ':' must be 1-65535");
            return new Target(text.substring(0, colon), Integer.valueOf(port));
        }
    }

    /** Names the two ends of a trace: nodes, containers and addresses. */
    record Ends(List<Node> nodes, List<ContainerDirectory.Container> containers, List<Box> boxes) {
        record End(Box box, String address) {}

        End from(String name) {
            Node n = node(name);
            ContainerDirectory.Container c = container(name);
            if (n != null && c != null)
                throw new BadInput("'" + name + "' is both node " + name + " and container " + name + " on "
                        + c.node().name());
            if (n != null) return new End(box(name, false), null);
            if (c != null) return new End(box(name, true), c.address());
            if (!IpText.isAddress(name) || name.contains(":"))
                throw new BadInput("no node, container or IPv4 address named '" + name + "'");
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
            if (c != null) return c.address();
            if (n != null) {
                Box b = box(name, false);
                boolean held = b.addresses().stream().anyMatch(x -> x.local().equals(n.address()));
                if (held) return n.address();
                return b.addresses().stream().filter(x -> x.ipv4() && x.ifname().equals(n.underlay()))
                        .map(x -> x.local()).findFirst()
                        .orElseThrow(() -> new CommandFailed(name + ": no IPv4 address on its underlay found"));
            }
            if (!IpText.isAddress(name) || name.contains(":"))
                throw new BadInput("no node, container or IPv4 address named '" + name + "'");
            return name;
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
