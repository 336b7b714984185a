package netshell.lb;

import java.util.ArrayList;
import java.util.List;

import netshell.command.ApplyReport;
import netshell.command.Args;
import netshell.command.Changes;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.lb.rules.Endpoint;
import netshell.lb.rules.InstalledService;
import netshell.lb.rules.LbMode;
import netshell.lb.rules.Proto;
import netshell.lb.rules.ServiceSpec;
import netshell.node.Node;

/**
 * {@code lb}: a VIP spread over backends the kube-proxy way (own chains, one atomic commit per node,
 * guarded jumps, MASQUERADE for the return path, FORWARD open only to DNATed VIP traffic), or as an
 * nft table of our own. Stateless: every verb starts from what the kernel holds.
 */
public final class LbCommands {
    private LbCommands() {}

    public static CommandSpec spec() {
        Param vip = Param.positional("vip", "the service address, VIP:PORT or [IPV6]:PORT").completes("vip");
        Param proto = Param.option("proto", "the service's protocol (when a VIP:PORT has both)")
                .choices(Proto.labels());
        Param on = Param.onNodes();
        return CommandSpec.of("lb", "load-balance a virtual IP over backends (iptables or nft), test its fairness",
                Verb.of("add-vip", "program VIP:PORT over backends on a node (idempotent; replaces the backend list)",
                        LbCommands::addVip,
                        vip,
                        Param.onNodes("nodes that serve the VIP (default: the first node)"),
                        Param.option("backend", "a backend ADDR:PORT").asRepeatable(),
                        Param.option("proto", "tcp or udp").choices(Proto.labels()).defaultValue(Proto.DEFAULT.label()),
                        Param.option("mode", "iptables chains or an nft table").choices(LbMode.labels())
                                .defaultValue(LbMode.DEFAULT.label()),
                        Param.flag("no-address",
                                "do not put the VIP on the underlay (it is routed here some other way)"),
                        Param.flag("force", "program a VIP on a node's own SSH endpoint (ADDRESS:22) all the same"),
                        Param.confirm())
                        .details("""
                                iptables: chains NETSHELL-SERVICES → NETSHELL-SVC-… → NETSHELL-SEP-… written by one
                                'iptables-restore --noflush' per node; rule i of N has probability 1/(N−i); a jump
                                from PREROUTING, OUTPUT, POSTROUTING and FORWARD (DOCKER-USER under Docker), each
                                inserted only when 'iptables -C' finds it missing. nft: table ip netshell, replaced
                                with one 'nft -f -'. Both MASQUERADE DNATed VIP traffic, source-NAT a backend's
                                connection to its own VIP (a hairpin) to the VIP, and enable ip_forward.
                                IPv6: '[fd00:56::100]:80 --backend [fd00:10::41]:80', written by 'ip6tables-restore'
                                (or into table ip6 netshell) with net.ipv6.conf.all.forwarding=1; a VIP and its
                                backends must be of one family."""),
                Verb.of("add-backend", "add a backend to a service and recompute the ladder", LbCommands::addBackend,
                        vip, Param.positional("backend", "ADDR:PORT"), proto, on, Param.confirm()),
                Verb.of("rm-backend", "remove a backend; its UDP flows (and TCP with --reset) are forgotten",
                        LbCommands::rmBackend,
                        vip, Param.positional("backend", "ADDR:PORT"), proto, on,
                        Param.flag("reset", "also forget the backend's TCP connections"), Param.confirm()),
                Verb.of("show", "services with backends, rule shares and kernel counters", LbCommands::show,
                        Param.optionalPositional("vip", "only this VIP:PORT").completes("vip"), proto, on),
                Verb.of("test", "N real HTTP requests through the VIP: who answered, χ² p-value", LbCommands::test,
                        vip,
                        Param.option("from", "the node the requests start on (default: the LB node)").completes("node"),
                        Param.option("n", "how many requests").defaultValue("200"), proto, on),
                Verb.of("check", "probe each backend once from the LB node: up or down, and why", LbCommands::check,
                        vip, proto, on),
                Verb.of("delete",
                        "remove the service: its rules, and our chains, jumps, table and VIP address when unused",
                        LbCommands::delete, vip, proto, on, Param.confirm()))
                .completing(LbCompletions.VIP, LbCompletions.BACKEND);
    }

    static Object addVip(Args a, Context ctx) {
        Endpoint vip = Endpoint.vip(a.get("vip"));
        String proto = a.get("proto", Proto.DEFAULT.label()), mode = a.get("mode", LbMode.DEFAULT.label());
        List<Endpoint> backends = a.all("backend").stream().map(Endpoint::backend).toList();
        if (!backends.isEmpty()) new ServiceSpec(vip, proto, backends); // bad input fails before any read
        List<Node> nodes = a.get("on") == null ? List.of(ctx.select(null).get(0)) : ctx.select(a.get("on"));
        Plan plan = new Plan();
        for (LbNodeState s : LbLocator.readAll(ctx, nodes)) {
            if (!a.flag("force")) refuseOwnSshEndpoint(s, vip);
            var existing = s.find(vip, proto);
            if (existing.isPresent() && !existing.get().mode().equals(mode)) {
                throw new BadInput(
                        vip + "/" + proto + " is programmed with " + existing.get().mode() + " on " + s.name()
                                + "; 'lb delete' it first to switch to " + mode);
            }
            List<Endpoint> wanted = !backends.isEmpty()
                    ? backends
                    : existing.map(e -> e.spec().backends())
                            .orElseThrow(() -> new BadInput("a new service needs at least one --backend ADDR:PORT"));
            ServiceSpec spec = new ServiceSpec(vip, proto, wanted);
            plan.add(s.name(), LbWriter.forwarding(vip.family(), s.tables(vip.family()).forwarding()));
            if (!a.flag("no-address")) plan.add(s.name(), LbWriter.addVip(vip, underlay(s.node()), s));
            plan.addAll(s.name(), LbWriter.commit(s, mode, replaced(s.specs(mode), spec)));
        }
        return Changes.applyOrRollBack(ctx, plan);
    }

    /**
     * A VIP on an address of the node itself, on the port its sshd listens on, would DNAT every SSH connection to
     * the node (netshell's own included) to the backends: refused unless --force.
     */
    private static void refuseOwnSshEndpoint(LbNodeState s, Endpoint vip) {
        Node node = s.node();
        int sshPort = node.sshPort().orElse(22);
        if (vip.port() != 22 && vip.port() != sshPort) return;
        boolean own = vip.address().equals(node.address())
                || s.addresses().stream().anyMatch(x -> x.local().equalsIgnoreCase(vip.address()));
        if (own) {
            throw new BadInput(vip + " is " + node.name() + "'s own SSH endpoint: the VIP's DNAT would send every SSH "
                    + "connection to " + node.name() + " (netshell's too) to the backends; --force to do it anyway");
        }
    }

    static Object addBackend(Args a, Context ctx) {
        Endpoint vip = Endpoint.parse(a.get("vip")), backend = Endpoint.backend(a.get("backend"));
        Plan plan = new Plan();
        for (var h : LbLocator.locate(ctx, a.get("on"), vip, a.get("proto"))) {
            ServiceSpec spec = h.service().spec().withBackend(backend);
            plan.addAll(h.state().name(), LbWriter.commit(h.state(), h.service().mode(),
                    replaced(h.state().specs(h.service().mode()), spec)));
        }
        return Changes.applyOrRollBack(ctx, plan);
    }

    static Object rmBackend(Args a, Context ctx) {
        Endpoint vip = Endpoint.parse(a.get("vip")), backend = Endpoint.parse(a.get("backend"));
        Plan plan = new Plan();
        var hosted = LbLocator.locate(ctx, a.get("on"), vip, a.get("proto"));
        for (var h : hosted) {
            ServiceSpec spec = h.service().spec().withoutBackend(backend);
            plan.addAll(h.state().name(), LbWriter.commit(h.state(), h.service().mode(),
                    replaced(h.state().specs(h.service().mode()), spec)));
        }
        Object applied = Changes.applyOrRollBack(ctx, plan);
        if (!(applied instanceof ApplyReport report)) return applied; // failed and rolled back: no flows to forget
        ServiceSpec spec = hosted.get(0).service().spec();
        if (Proto.UDP.is(spec.proto()) || a.flag("reset")) {
            for (var h : hosted) {
                if (!report.succeededNodes().contains(h.state().name())) continue;
                // conntrack exits 1 when it found nothing to delete ("0 flow entries"): that is success here.
                var r = ctx.change(h.state().node(), LbWriter.forgetFlows(spec, backend));
                if (!r.ok() && !r.stderr().contains("0 flow entries")) {
                    throw new CommandFailed(
                            h.state().name() + ": backend removed, but conntrack failed: " + r.firstErrorLine());
                }
            }
        }
        return report;
    }

    static LbReport show(Args a, Context ctx) {
        if (a.get("vip") == null) return LbReport.of(LbLocator.readAll(ctx, ctx.select(a.get("on"))));
        Endpoint vip = Endpoint.parse(a.get("vip"));
        var only = new ArrayList<LbNodeState>();
        for (var h : LbLocator.locate(ctx, a.get("on"), vip, a.get("proto"))) {
            only.add(h.state().withServices(List.of(h.service())));
        }
        return LbReport.of(only);
    }

    static LbTestReport test(Args a, Context ctx) {
        Endpoint vip = Endpoint.parse(a.get("vip"));
        int n = a.integer("n", 1, 100_000, 200);
        var hosted = LbLocator.locate(ctx, a.get("on"), vip, a.get("proto"));
        InstalledService svc = hosted.get(0).service();
        if (!Proto.TCP.is(svc.spec().proto()))
            throw new BadInput("lb test makes HTTP requests; " + svc.key() + " is not tcp");
        Node from = a.get("from") == null ? hosted.get(0).state().node() : ctx.node(a.get("from"));
        if (ctx.dryRun()) throw new BadInput("lb test sends real traffic; it has no dry run");
        List<String> answers = LbProbe.answers(ctx, from, vip, n);
        return LbTestReport.of(svc.key(), from.name(), answers, svc.backends().size());
    }

    static List<LbProbe.Check> check(Args a, Context ctx) {
        Endpoint vip = Endpoint.parse(a.get("vip"));
        var h = LbLocator.locate(ctx, a.get("on"), vip, a.get("proto")).get(0);
        var out = new ArrayList<LbProbe.Check>();
        for (var b : h.service().spec().backends()) {
            out.add(Proto.TCP.is(h.service().spec().proto())
                    ? LbProbe.check(ctx, h.state().node(), b)
                    : new LbProbe.Check(h.state().name(), b.toString(), false, "udp: no probe (HTTP only)"));
        }
        return out;
    }

    static Object delete(Args a, Context ctx) {
        Endpoint vip = Endpoint.parse(a.get("vip"));
        Plan plan = new Plan();
        for (var h : LbLocator.locate(ctx, a.get("on"), vip, a.get("proto"))) {
            LbNodeState s = h.state();
            String mode = h.service().mode(), key = h.service().key();
            List<ServiceSpec> rest = s.specs(mode).stream().filter(x -> !x.key().equals(key)).toList();
            plan.addAll(s.name(), LbWriter.commit(s, mode, rest));
            if (!s.usesVipAddress(vip.address(), key)) {
                s.devicesWithHostAddress(vip.address())
                        .forEach(dev -> plan.add(s.name(), LbWriter.removeVip(vip.address(), dev)));
            }
        }
        return Changes.applyOrRollBack(ctx, plan);
    }

    /** The service set with {@code spec} in place of the one with its key (or added). */
    private static List<ServiceSpec> replaced(List<ServiceSpec> specs, ServiceSpec spec) {
        var out = new ArrayList<ServiceSpec>();
        specs.stream().filter(s -> !s.key().equals(spec.key())).forEach(out::add);
        out.add(spec);
        return out;
    }

    private static String underlay(Node node) {
        String dev = node.underlay();
        if (dev == null)
            throw new BadInput(
                    node.name() + ": no underlay interface found (no address, no default route); use --no-address");
        return dev;
    }

}
