package netshell.trace.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import netshell.core.IpFamily;
import netshell.kernel.FdbEntry;
import netshell.kernel.Link;
import netshell.kernel.Neighbour;

/**
 * Follows one packet and its reply through the namespaces read, as ovn-trace follows a flow through logical
 * tables: routing (policy rules and tables), netfilter (nat and filter, forks at a random DNAT), forwarding and
 * rp_filter, neighbours, bridge FDB, VXLAN encapsulation to a peer's VTEP and decapsulation there, and delivery to a
 * listening socket. Nothing is sent; where only a packet could tell (ARP, unknown unicast), it says so. IPv6 (a
 * destination with a colon) is walked with its own routes, rules and ip6tables: neighbour solicitation for ARP, no
 * rp_filter (the kernel has none for IPv6), net.ipv6.conf.all.forwarding, "packet too big" where a router would have
 * to fragment (IPv6 routers never do); the VXLAN underlay keeps its own family whatever the inner packet's is.
 */
public final class Simulator {
    /** What to trace: from a namespace (and address, or null to let routing pick), to an address, and the probe. */
    public record Request(Box from, String fromAddress, String to, String proto, Integer port, int size) {}

    private static final int MAX_STEPS = 64;
    private static final int VXLAN_OVERHEAD = 50;
    /** Outer IPv6 (40) + UDP (8) + VXLAN (8) + Ethernet (14). */
    private static final int VXLAN_OVERHEAD_6 = 70;

    private final List<Box> boxes;
    private final Namespaces where;

    public Simulator(List<Box> boxes) {
        this.boxes = List.copyOf(boxes);
        this.where = new Namespaces(this.boxes);
    }

    public Trace run(Request req, String fromLabel, String toLabel) {
        List<Hop> hops = new ArrayList<>();
        Set<String> undecided = new LinkedHashSet<>();
        String verdict = Trace.ALLOWED;
        Drop drop = null;
        Packet p = new Packet(req.proto(), req.fromAddress(), req.to(), req.port() == null ? null : 40000,
                req.port(), req.size(), false);
        Deque<Walk> work = new ArrayDeque<>();
        work.add(new Walk("request", null, req.from(), null, true, p, new ArrayList<>()));
        int step = 0;
        while (!work.isEmpty()) {
            Walk w = work.poll();
            w.run(work);
            for (Hop h : w.hops)
                hops.add(new Hop(++step, h.direction(), h.branch(), h.at(), h.phase(), h.result(),
                        h.detail(), h.command()));
            undecided.addAll(w.undecided);
            if (w.end == End.DROPPED) {
                if (drop == null) drop = Drop.of(w.hops.get(w.hops.size() - 1));
                verdict = Trace.DROPPED;
            } else if (w.end == End.LEFT && !verdict.equals(Trace.DROPPED)) {
                verdict = Trace.UNDECIDED;
            } else if (w.end == End.DELIVERED && w.direction.equals("request")) {
                work.addFirst(w.reply());
            }
        }
        return new Trace(fromLabel, toLabel, req.proto(), req.port(), req.size(), hops, verdict, drop,
                List.copyOf(undecided));
    }

    private enum End { DROPPED, DELIVERED, LEFT, FORKED, RUNNING }

    /** The packet's fields that change on the way; ct says what conntrack thinks of it where it is. */
    private static final class Packet {
        final String proto;
        String src;
        String dst;
        Integer sport;
        Integer dport;
        final int size;
        final boolean reply;
        final IpFamily family;
        String origDst;
        Integer origDport;
        String dnatAt;

        Packet(String proto, String src, String dst, Integer sport, Integer dport, int size, boolean reply) {
            this.proto = proto;
            this.src = src;
            this.dst = dst;
            this.sport = sport;
            this.dport = dport;
            this.size = size;
            this.reply = reply;
            this.family = Ip.family(dst);
        }

        boolean v6() { return family == IpFamily.V6; }

        Packet copy() {
            Packet c = new Packet(proto, src, dst, sport, dport, size, reply);
            c.origDst = origDst;
            c.origDport = origDport;
            c.dnatAt = dnatAt;
            return c;
        }

        String text() {
            return (v6() && proto.equals("icmp") ? "icmpv6" : proto) + " " + Ip.hostPort(src, sport) + " → "
                    + Ip.hostPort(dst, dport);
        }
    }

    /** A translation done on the request, undone on the reply where it was done. */
    private record Nat(String box, String kind, String before, Integer beforePort, String after, Integer afterPort) {}

    /** One packet's way through the namespaces; forks (VIP backends) are new walks. */
    private final class Walk {
        final String direction;
        final String branch;
        final List<Hop> hops = new ArrayList<>();
        final Set<String> undecided = new LinkedHashSet<>();
        final List<Nat> nats;
        Box box;
        String inDev;
        boolean local;
        Packet p;
        End end = End.RUNNING;
        Box deliveredAt;
        /** A fork of a random DNAT starts after the hook that forked it. */
        boolean hookWalked;

        Walk(String direction, String branch, Box box, String inDev, boolean local, Packet p, List<Nat> nats) {
            this.direction = direction;
            this.branch = branch;
            this.box = box;
            this.inDev = inDev;
            this.local = local;
            this.p = p;
            this.nats = nats;
        }

        Walk reply() {
            Packet r = new Packet(p.proto, p.dst, p.src, p.dport, p.sport, p.size, true);
            return new Walk("reply", branch, deliveredAt, null, true, r, new ArrayList<>(nats));
        }

        Walk fork(String newBranch) {
            return new Walk(direction, newBranch, box, inDev, local, p.copy(), new ArrayList<>(nats));
        }

        void hop(String phase, String detail, String command) {
            hops.add(new Hop(0, direction, branch, box.label(), phase, Hop.OK, detail, command));
        }

        void drop(String phase, String detail, String command) {
            hops.add(new Hop(0, direction, branch, box.label(), phase, Hop.DROPPED, detail, command));
            end = End.DROPPED;
        }

        void unsure(String phase, String detail, String command) {
            hops.add(new Hop(0, direction, branch, box.label(), phase, Hop.UNDECIDED, detail, command));
            undecided.add(box.label() + " " + phase + ": " + detail);
        }

        /** Runs until the walk ends; a random DNAT adds one walk per other backend to {@code work}. */
        void run(Deque<Walk> work) {
            for (int i = 0; i < MAX_STEPS && end == End.RUNNING; i++) {
                if (!l3(work)) return;
            }
            if (end == End.RUNNING) {
                unsure("ROUTE", "the packet loops: more than " + MAX_STEPS + " steps", "");
                end = End.LEFT;
            }
        }

        /** One namespace's IP layer: nat, routing, filter, then out by a device. False when the walk ended. */
        boolean l3(Deque<Walk> work) {
            if (!local && p.v6() && box.ipv6Disabled(inDev)) {
                drop("ROUTE", "net.ipv6.conf." + inDev + ".disable_ipv6 is 1: " + box.name() + " takes no IPv6 in by "
                        + inDev, by("sysctl net.ipv6.conf." + inDev + ".disable_ipv6"));
                return false;
            }
            if (!local) undoNatOnArrival();
            if (local && p.src == null) p.src = sourceBeforeOutput();
            if (!nat(local ? "OUTPUT" : "PREROUTING", work)) return false;
            String iif = local ? null : inDev;
            Fib.Hit hit = Fib.lookup(box.rules(), box.routes(), p.dst, p.src, iif, 0);
            String routeCmd = by("ip route get " + p.dst + (local || p.src == null ? "" : " from " + p.src)
                    + (iif == null ? "" : " iif " + iif) + " fibmatch");
            if (!hit.found()) {
                drop("ROUTE", "no route to " + p.dst + " (" + rulesText() + "): Network is unreachable", routeCmd);
                return false;
            }
            if (hit.route() == null || !hit.route().delivers()) {
                drop("ROUTE", p.dst + " matches '" + (hit.route() != null ? hit.route().text() : hit.rule().text())
                        + "'" + ruleNote(hit) + ": the kernel " + hit.type() + "s it", routeCmd);
                return false;
            }
            RouteEntry route = hit.route();
            if (local && p.src == null) p.src = sourceBy(route);
            String dad = local ? dadNote() : "";
            if (route.local()) {
                hop("ROUTE", p.dst + " is local (" + route.text() + ")" + ruleNote(hit) + dad, routeCmd);
                if (!local && !rpFilter(hit)) return false;
                if (!filter("INPUT", inDev, null)) return false;
                if (p.reply) undoDnatOnLeaving();
                deliver();
                return false;
            }
            if (!local) {
                String sysctl = p.v6() ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward";
                if (Boolean.FALSE.equals(box.forwarding(p.family))) {
                    drop("ROUTE", sysctl + " is 0: " + box.name() + " does not forward " + p.text()
                            + " from " + inDev + " to " + route.dev(), by("sysctl " + sysctl));
                    return false;
                }
                if (!rpFilter(hit)) return false;
            }
            hop("ROUTE", p.dst + " via " + route.text() + ruleNote(hit) + (local ? "" : ", forwarded from " + inDev)
                    + dad, routeCmd);
            if (!filter(local ? "OUTPUT" : "FORWARD", inDev, route.dev())) return false;
            Link out = box.link(route.dev()).orElse(null);
            if (out == null) {
                drop("ROUTE", "the route's device " + route.dev() + " is not on " + box.name(), by("ip link"));
                return false;
            }
            if (!out.adminUp()) {
                drop("ROUTE", route.dev() + " is down", by("ip link show " + route.dev()));
                return false;
            }
            if (p.v6() && box.ipv6Disabled(out.name())) {
                drop("ROUTE", "net.ipv6.conf." + out.name() + ".disable_ipv6 is 1: " + box.name() + " sends no IPv6"
                        + " out of " + out.name(), by("sysctl net.ipv6.conf." + out.name() + ".disable_ipv6"));
                return false;
            }
            if (p.size > out.mtu() && out.mtu() > 0 && p.v6() && !local) {
                drop("ROUTE", "a packet of " + p.size + " bytes is over the MTU " + out.mtu() + " of " + out.name()
                        + ": IPv6 routers never fragment; " + box.name() + " drops it and sends ICMPv6 'packet too"
                        + " big' (mtu " + out.mtu() + ") back to " + p.src, by("ip link show " + out.name()));
                return false;
            }
            if (p.size > out.mtu() && out.mtu() > 0) {
                drop("ROUTE", "a packet of " + p.size + " bytes with DF set is over the MTU " + out.mtu() + " of "
                        + out.name() + ": the sender gets 'message too long' (no fragmentation)",
                        by("ip link show " + out.name()));
                return false;
            }
            if (!p.reply) {
                if (!snat(route.dev()) || !hairpinTranslated()) return false;
            } else {
                undoDnatOnLeaving();
            }
            String nextHop = route.gateway() != null ? route.gateway() : p.dst;
            String mac = neighbour(out.name(), nextHop);
            if (mac == null) return false;
            return transmit(out, mac, nextHop);
        }

        /**
         * The sender's IPv6 source held back by duplicate address detection: the kernel sends nothing from it (bind
         * fails with "Cannot assign requested address") until DAD is done, and never after it failed.
         */
        String dadNote() {
            String state = p.src == null ? null : box.dad().get(p.src);
            if (state == null) return "";
            String why = state.equals("dadfailed")
                    ? " failed duplicate address detection (dadfailed: another host on the link has it), so the"
                            + " kernel never sends from it"
                    : " is tentative: duplicate address detection is not done, and until it is the kernel sends"
                            + " nothing from it";
            undecided.add(box.label() + " ROUTE: the source " + p.src + why + " (" + by("ip -6 addr show "
                    + state) + ")");
            return "; the source " + p.src + why;
        }

        /**
         * The source a socket of this namespace gets: the kernel routes to the destination as called, before nat
         * OUTPUT can change it (null when there is no route: the lookup after nat says so).
         */
        String sourceBeforeOutput() {
            Fib.Hit hit = Fib.lookup(box.rules(), box.routes(), p.dst, null, null, 0);
            if (!hit.found() || hit.route() == null || !hit.route().delivers()) return null;
            RouteEntry route = hit.route();
            if (route.local()) return p.dst;
            return sourceBy(route);
        }

        /** The source the kernel gives a packet to p.dst leaving by {@code route}: its src, else the device's. */
        String sourceBy(RouteEntry route) {
            return route.prefsrc() != null ? route.prefsrc() : box.sourceFor(route.dev(), p.dst);
        }

        String ruleNote(Fib.Hit hit) {
            if (hit.rule() == null || (hit.rule().priority() == 0 || hit.rule().priority() >= 32766)
                    && hit.rule().src() == null && hit.rule().fwmark() == null && hit.rule().iif() == null)
                return "";
            return " (policy rule " + hit.rule().text().replace('\t', ' ') + ")";
        }

        String rulesText() {
            long n = box.rules().stream().filter(r -> r.family() == p.family).count();
            return n == 0 ? "default rules" : n + " policy rules";
        }

        /** Strict rp_filter drops a packet whose source is not routed back out of the device it came in by. */
        boolean rpFilter(Fib.Hit forward) {
            if (p.v6()) return true; // IPv6 has no rp_filter sysctl (ip6tables -m rpfilter is a rule: see filter)
            int mode = box.rpFilter(inDev);
            if (mode == 0 || p.src == null) return true;
            Fib.Hit back = Fib.lookup(box.rules(), box.routes(), p.src, p.dst, null, 0);
            String cmd = by("sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf." + inDev + ".rp_filter; "
                    + box.name() + " ip route get " + p.src);
            if (back.route() == null || !back.route().delivers()) {
                drop("ROUTE", "rp_filter " + mode + " on " + inDev + ": no route back to the source " + p.src
                        + " (reverse path check)", cmd);
                return false;
            }
            if (mode == 1 && back.route().dev() != null && !back.route().dev().equals(inDev)) {
                drop("ROUTE", "strict rp_filter (1) on " + inDev + ": the way back to " + p.src + " leaves by "
                        + back.route().dev() + ", not " + inDev + " (asymmetric path)", cmd);
                return false;
            }
            return true;
        }

        /**
         * The hook's filter chains for this packet (iptables' tables and nftables' own, in priority order): a phase
         * for each verdict; false (dropped) on DROP or REJECT.
         */
        boolean filter(String chain, String in, String out) {
            return follow(pick(hook(chain, flow(in, out), HookWalk.Part.FILTER)), 1, out);
        }

        List<HookWalk.Path> hook(String chain, Flow f, HookWalk.Part part) {
            return HookWalk.walk(box.ruleset(p.family), box.nft(), p.v6() ? "ip6" : "ip", chain.toLowerCase(
                    Locale.ROOT), f, part);
        }

        /** The way a drop takes if any does (a random drop is a drop), else the first. */
        HookWalk.Path pick(List<HookWalk.Path> paths) {
            return paths.stream().filter(w -> w.drop() != null).findFirst().orElse(paths.get(0));
        }

        /**
         * One way through a hook: each chain's verdict a phase, a drop ends the walk, a DNAT or SNAT is applied to
         * the packet ({@code outDev}: the device it leaves by, for MASQUERADE). False when dropped.
         */
        boolean follow(HookWalk.Path path, int choices, String outDev) {
            undecided.addAll(path.undecided().stream().map(u -> box.label() + ": " + u).toList());
            for (HookWalk.Step s : path.steps()) {
                Netfilter.Outcome o = s.outcome();
                String cmd = by(s.command());
                if (o.drops()) {
                    String share = o.probability() < 1 ? " (for " + percent(o.probability()) + " of packets)" : "";
                    drop(s.phase(), p.text() + ": " + o.text() + share, cmd);
                    return false;
                }
                switch (o.action()) {
                    case "DNAT" -> applyDnat(o, choices, cmd);
                    case "SNAT", "MASQUERADE" -> applySnat(o, outDev, cmd);
                    default -> hop(s.phase(), p.text() + ": " + o.text(), cmd);
                }
            }
            return true;
        }

        /** The command of the packet's family: iptables or ip6tables. */
        String iptables() {
            return p.v6() ? "ip6tables" : "iptables";
        }

        Flow flow(String in, String out) {
            Set<String> ct = new LinkedHashSet<>();
            ct.add(p.reply ? "ESTABLISHED" : "NEW");
            if (p.reply) {
                // A reply is of its request's connection: conntrack's original destination is where the request was
                // sent (the VIP, where this namespace DNATed it), and the connection's DNAT state holds for it too.
                Nat dnat = nats.stream().filter(n -> n.box().equals(box.name()) && n.kind().equals("DNAT")
                        && n.after().equals(p.src)).findFirst().orElse(null);
                if (dnat != null) ct.add("DNAT");
                return new Flow(p.proto, p.src, p.dst, p.sport, p.dport, in, out, ct, dnat != null
                        ? dnat.before()
                        : p.src, dnat != null ? dnat.beforePort() : p.sport, box.localAddresses(), false);
            }
            if (box.name().equals(p.dnatAt)) ct.add("DNAT");
            return new Flow(p.proto, p.src, p.dst, p.sport, p.dport, in, out, ct,
                    box.name().equals(p.dnatAt) ? p.origDst : p.dst, box.name().equals(p.dnatAt)
                            ? p.origDport
                            : p.dport,
                    box.localAddresses(), true);
        }

        /**
         * The hook before routing, PREROUTING or OUTPUT: its filter chains, and for a connection's first packet its
         * nat chains, whose first DNAT decides the destination (one walk per backend of a random choice). False when
         * dropped or forked away.
         */
        boolean nat(String chain, Deque<Walk> work) {
            if (hookWalked) {
                hookWalked = false;
                return true;
            }
            // A packet sent from here meets the output hook's filter chains after routing (filter OUTPUT), and a
            // reply's translation is conntrack's, not the nat chains'.
            if (local && p.reply) return true;
            HookWalk.Part part = local ? HookWalk.Part.NAT : p.reply ? HookWalk.Part.FILTER : HookWalk.Part.ALL;
            List<HookWalk.Path> paths = hook(chain, flow(local ? null : inDev, null), part);
            HookWalk.Step dnat = paths.stream().map(HookWalk.Path::nat)
                    .filter(s -> s != null && s.outcome().action().equals("DNAT")).findFirst().orElse(null);
            if (paths.size() > 1 && dnat != null) {
                String cmd = by(dnat.command());
                hop("NAT", p.text() + ": " + paths.size() + " outcomes, chosen at random per connection: each is"
                        + " traced as a branch", cmd);
                for (int i = paths.size() - 1; i >= 0; i--) {
                    HookWalk.Path way = paths.get(i);
                    Walk w = fork(label(way));
                    // The fork goes on after this hook: its chains were walked for it here.
                    w.hookWalked = true;
                    if (w.follow(way, paths.size(), null) && way.nat() == null)
                        w.hop("NAT", "no DNAT for " + w.p.text() + " (" + percent(way.probability()) + ")", cmd);
                    work.addFirst(w);
                }
                end = End.FORKED;
                return false;
            }
            return follow(pick(paths), 1, null);
        }

        String label(HookWalk.Path way) {
            HookWalk.Step s = way.nat();
            return s != null && s.outcome().action().equals("DNAT") ? "backend " + s.outcome().to() : "no DNAT";
        }

        void applyDnat(Netfilter.Outcome o, int choices, String cmd) {
            String to = o.to() == null ? "" : o.to();
            Ip.HostPort target = Ip.HostPort.parse(to);
            String addr = target.host();
            Integer port = target.port() != null ? target.port() : p.dport;
            String before = p.text();
            nats.add(new Nat(box.name(), "DNAT", p.dst, p.dport, addr, port));
            p.origDst = p.dst;
            p.origDport = p.dport;
            p.dnatAt = box.name();
            p.dst = addr;
            p.dport = port;
            String share = choices > 1 ? ", chosen at random for " + percent(o.probability()) + " of connections" : "";
            hop("NAT", "DNAT " + before + " to " + to + " by " + o.text() + share, cmd);
        }

        /** The postrouting hook on the request: its filter chains, then nat's MASQUERADE or SNAT. False on a drop. */
        boolean snat(String outDev) {
            return follow(pick(hook("POSTROUTING", flow(inDev, outDev), HookWalk.Part.ALL)), 1, outDev);
        }

        void applySnat(Netfilter.Outcome o, String outDev, String cmd) {
            String to = o.action().equals("SNAT") && o.to() != null
                    ? Ip.HostPort.parse(o.to()).host()
                    : box.sourceFor(outDev, p.dst);
            if (to == null) return;
            nats.add(new Nat(box.name(), "SNAT", p.src, p.sport, to, p.sport));
            hop("NAT", o.action() + " " + p.src + " to " + to + " leaving by " + outDev + ": " + o.text(), cmd);
            p.src = to;
        }

        /**
         * A connection DNATed back to its own sender (a backend calling its VIP) must leave with another source: with
         * its own, the backend answers itself locally, the reply never comes back to be un-NATed, and the sender, which
         * called the VIP, resets it. The bridge port's hairpin mode, the other half, is not simulated.
         */
        boolean hairpinTranslated() {
            if (!box.name().equals(p.dnatAt) || p.src == null || !p.src.equals(p.dst)) return true;
            drop("NAT", "hairpin: " + p.text() + " was DNATed from " + p.origDst + " back to its own sender, and"
                    + " no SNAT or MASQUERADE gives it another source, so " + p.dst + " answers itself and the"
                    + " connection is reset ('lb add-vip' writes -s " + p.dst + " ... -j SNAT --to-source "
                    + p.origDst + ")",
                    by(iptables() + " -t nat -L POSTROUTING -v -n --line-numbers"));
            return false;
        }

        /** A reply reaching a namespace that translated its request: conntrack puts the addresses back. */
        void undoNatOnArrival() {
            if (!p.reply) return;
            for (Nat n : nats) {
                if (n.box().equals(box.name()) && n.kind().equals("SNAT") && n.after().equals(p.dst)) {
                    hop("NAT", "conntrack undoes the SNAT: destination " + p.dst + " back to " + n.before(),
                            by("conntrack -L -d " + n.after()));
                    p.dst = n.before();
                }
            }
        }

        void undoDnatOnLeaving() {
            for (Nat n : nats) {
                if (n.box().equals(box.name()) && n.kind().equals("DNAT") && n.after().equals(p.src)) {
                    hop("NAT", "conntrack undoes the DNAT: source " + p.src + " back to " + Ip.hostPort(n.before(),
                            n.beforePort()),
                            by("conntrack -L --orig-dst " + n.before()));
                    p.src = n.before();
                    p.sport = n.beforePort();
                }
            }
        }

        /**
         * The MAC the next hop resolves to: the neighbour table, or who holds the address (ARP, or IPv6's neighbour
         * solicitation, at send time). A link-local next hop ({@code via fe80::1 dev eth1}) is looked for on the
         * device's own link only: the same address may be another host's on another link.
         */
        String neighbour(String dev, String nextHop) {
            String asking = Ip.family(nextHop) == IpFamily.V6 ? "neighbour solicitation" : "ARP";
            String cmd = by("ip neigh show " + nextHop + " dev " + dev);
            Optional<Neighbour> cached = box.neighbours().stream()
                    .filter(n -> nextHop.equals(n.dst()) && dev.equals(n.dev()) && n.lladdr() != null
                            && !n.state().contains("FAILED") && !n.state().contains("INCOMPLETE"))
                    .findFirst();
            if (cached.isPresent()) {
                hop("NEIGH", nextHop + " lladdr " + cached.get().lladdr() + " " + String.join(",", cached.get()
                        .state()), cmd);
                return cached.get().lladdr().toLowerCase(Locale.ROOT);
            }
            Namespaces.Owner o = where.arpAnswer(box, box.link(dev).orElse(null), nextHop);
            if (o == null && !Ip.linkLocal(nextHop) && (o = where.ownerOf(nextHop)) != null) {
                // Its ARP request would take the same way as the packet: follow it to where that way breaks.
                unsure("NEIGH", nextHop + " is not cached on " + dev + ", and " + o.box().label() + ", which holds it,"
                        + " is not on this link layer as read: " + asking + " gets no answer; following its MAC "
                        + o.link().mac() + " to show where the way breaks", cmd);
                return o.link().mac().toLowerCase(Locale.ROOT);
            }
            if (o == null) {
                String held = where.tentativeHolder(nextHop);
                unsure("NEIGH", nextHop + " is not in the neighbour table of " + dev + " and no namespace read "
                        + (held != null ? "answers for it (" + held + ")" : "holds it") + ": " + asking
                        + " decides, beyond the nodes read", cmd);
                end = End.LEFT;
                return null;
            }
            hop("NEIGH", nextHop + " not cached on " + dev + ": " + asking + " is answered by " + o.box().label() + " ("
                    + o.link().name() + " " + o.link().mac() + ")", cmd);
            return o.link().mac().toLowerCase(Locale.ROOT);
        }

        /** Sends the frame out of {@code out} towards {@code mac}; false when the walk ended. */
        boolean transmit(Link out, String mac, String nextHop) {
            if ("bridge".equals(out.kind())) return bridge(box, out.name(), null, mac);
            Optional<Namespaces.Peer> peer = where.peerOf(box, out);
            if (peer.isPresent()) return arriveOverVeth(peer.get(), mac);
            if (out.isVxlan()) return encap(box, out, mac);
            // A wire (the underlay): the node that holds the next hop receives it (a link-local one on this link).
            Namespaces.Owner o = Ip.linkLocal(nextHop) ? where.arpAnswer(box, out, nextHop) : where.ownerOf(nextHop);
            if (o == null || o.box() == box) {
                unsure("UNDERLAY", "leaves " + box.name() + " by " + out.name() + " towards " + nextHop
                        + ", beyond the nodes read", by("ip route get " + p.dst));
                end = End.LEFT;
                return false;
            }
            hop("UNDERLAY", "out of " + out.name() + " to " + o.box().label() + " (" + nextHop + " on "
                    + o.link().name() + ")", by("ip neigh show " + nextHop));
            enter(o.box(), o.link().name());
            return true;
        }

        void enter(Box b, String dev) {
            box = b;
            inDev = dev;
            local = false;
        }

        boolean arriveOverVeth(Namespaces.Peer peer, String mac) {
            if (!peer.link().adminUp()) {
                String cmd = peer.box().container()
                        ? "container exec " + peer.box().name() + " ip link show " + peer.link().name()
                        : peer.box().name() + " ip link show " + peer.link().name();
                drop("BRIDGE", "the veth's other end, " + peer.link().name() + " in " + peer.box().label()
                        + ", is down: the frame is lost", cmd);
                return false;
            }
            if (peer.link().master() != null) return bridge(peer.box(), peer.link().master(), peer.link(), mac);
            enter(peer.box(), peer.link().name());
            return true;
        }

        /** A frame on bridge {@code br} of {@code b}, from port {@code in} (null: sent by the node itself). */
        boolean bridge(Box b, String br, Link in, String mac) {
            box = b;
            Link bridgeLink = b.link(br).orElse(null);
            String cmd = by("bridge fdb get " + mac + " br " + br);
            if (bridgeLink != null && mac.equalsIgnoreCase(bridgeLink.mac())) {
                hop("BRIDGE", br + ": " + mac + " is the bridge's own address: up to " + b.name() + "'s IP layer",
                        cmd);
                enter(b, br);
                return true;
            }
            Optional<FdbEntry> entry = b.fdb().stream()
                    .filter(e -> mac.equalsIgnoreCase(e.mac()) && br.equals(e.master())).findFirst();
            Link port;
            String how;
            if (entry.isPresent()) {
                port = b.link(entry.get().ifname()).orElse(null);
                how = "FDB entry " + mac + " dev " + entry.get().ifname()
                        + (entry.get().permanent() ? " permanent" : " (learned)");
            } else {
                port = portTowards(b, br, mac);
                how = "no FDB entry for " + mac + ": flooded (unknown unicast), it reaches its owner by "
                        + (port == null ? "no port" : port.name());
                undecided.add(b.label() + " BRIDGE: " + mac + " not learned on " + br + "; flooded to every port");
            }
            if (port == null) {
                drop("BRIDGE", br + ": " + how, cmd);
                return false;
            }
            if (!port.adminUp() || "DOWN".equals(port.state()) || "LOWERLAYERDOWN".equals(port.state())) {
                drop("BRIDGE", br + ": " + how + ", but port " + port.name() + " is " + (port.adminUp()
                        ? port.state()
                        : "down (admin)"), by("ip link show " + port.name()));
                return false;
            }
            String callsNetfilter = p.v6()
                    ? "net.bridge.bridge-nf-call-ip6tables"
                    : "net.bridge.bridge-nf-call-iptables";
            if (in != null && Integer.valueOf(1).equals(b.sysctl(callsNetfilter))) {
                hop("BRIDGE", br + ": " + p.text() + " from port " + in.name() + " to port " + port.name() + " ("
                        + how + ")", cmd);
                if (!filter("FORWARD", br, br)) return false;
            } else {
                hop("BRIDGE", br + ": to port " + port.name() + " (" + how + ")", cmd);
            }
            if (p.size > port.mtu() && port.mtu() > 0) {
                drop("BRIDGE", "a frame of " + p.size + " bytes is over the MTU " + port.mtu() + " of port "
                        + port.name() + ": the bridge drops it silently", by("ip link show " + port.name()));
                return false;
            }
            if (port.isVxlan()) return encap(b, port, mac);
            Optional<Namespaces.Peer> peer = where.peerOf(b, port);
            if (peer.isEmpty()) {
                unsure("BRIDGE", "port " + port.name() + " leads outside the namespaces read", by("ip link show "
                        + port.name()));
                end = End.LEFT;
                return false;
            }
            return arriveOverVeth(peer.get(), mac);
        }

        /** The port a flooded frame reaches its owner by: a veth to a container here, else the VXLAN port. */
        Link portTowards(Box b, String br, String mac) {
            List<Link> ports = b.links().stream().filter(l -> br.equals(l.master())).toList();
            for (Link port : ports) {
                Optional<Namespaces.Peer> peer = where.peerOf(b, port);
                if (peer.isPresent() && peer.get().box().links().stream().anyMatch(l -> mac.equalsIgnoreCase(l.mac())))
                    return port;
            }
            return ports.stream().filter(Link::isVxlan).findFirst().orElse(null);
        }

        /** The frame into VXLAN device {@code vx} of node {@code b}: to a VTEP, over the underlay, and out there. */
        boolean encap(Box b, Link vx, String mac) {
            box = b;
            String cmd = by("bridge fdb show dev " + vx.name() + "; " + b.name() + " ip -d link show " + vx.name());
            Optional<FdbEntry> unicast = b.fdb().stream().filter(e -> vx.name().equals(e.ifname()) && e.dst() != null
                    && mac.equalsIgnoreCase(e.mac())).findFirst();
            List<String> flood = b.fdb().stream().filter(e -> vx.name().equals(e.ifname()) && e.isFloodEntry())
                    .map(FdbEntry::dst).toList();
            Namespaces.Owner owner = where.ownerOfMac(mac);
            Box peerNode = owner == null ? null : where.nodeBox(owner.box().node());
            String vtep;
            String how;
            if (unicast.isPresent()) {
                vtep = unicast.get().dst();
                how = "FDB " + mac + " dst " + vtep;
            } else if (peerNode != null) {
                vtep = flood.stream().filter(peerNode::holds).findFirst().orElse(null);
                if (vtep == null) {
                    drop("VXLAN-ENCAP", vx.name() + " has no FDB entry for " + mac + " and no flood entry"
                            + " (00:00:00:00:00:00 dst "
                            + Namespaces.underlayOf(peerNode, Namespaces.underlayFamily(b, vx)) + ") for "
                            + peerNode.name()
                            + ", where " + owner.box().label() + " is" + (flood.isEmpty()
                                    ? ""
                                    : " (flood entries: "
                                            + String.join(", ", flood) + ")"),
                            cmd);
                    return false;
                }
                how = "flood entry 00:00:00:00:00:00 dst " + vtep;
                undecided.add(b.label() + " VXLAN-ENCAP: " + mac + " unknown to " + vx.name() + ", sent to every"
                        + " flood destination (" + String.join(", ", flood) + ")");
            } else {
                unsure("VXLAN-ENCAP", "no namespace read holds " + mac + "; " + vx.name() + " floods to "
                        + (flood.isEmpty() ? "nobody" : String.join(", ", flood)), cmd);
                end = End.LEFT;
                return false;
            }
            if (p.size > vx.mtu() && vx.mtu() > 0) {
                drop("VXLAN-ENCAP", "a packet of " + p.size + " bytes is over the MTU " + vx.mtu() + " of "
                        + vx.name() + " (DF set): dropped", by("ip link show " + vx.name()));
                return false;
            }
            String local = vx.vxlanLocal() != null ? vx.vxlanLocal() : null;
            // The VTEP's family is the underlay's, whatever the inner packet's: its own routes lead to it.
            Fib.Hit under = Fib.lookup(b.rules(), b.routes(), vtep, local, null, 0);
            if (!under.found() || under.route() == null || !under.route().delivers()) {
                drop("UNDERLAY", "no route to VTEP " + vtep, by("ip route get " + vtep));
                return false;
            }
            if (local == null)
                local = under.route().prefsrc() != null
                        ? under.route().prefsrc()
                        : b.sourceFor(under.route().dev(), vtep);
            int port = vx.vxlanPort() == null ? 8472 : vx.vxlanPort();
            Link underDev = b.link(under.route().dev()).orElse(null);
            int outer = p.size + (Ip.family(vtep) == IpFamily.V6 ? VXLAN_OVERHEAD_6 : VXLAN_OVERHEAD);
            String mtu = underDev == null || underDev.mtu() == 0
                    ? ""
                    : "; outer packet " + outer + " bytes " + (outer <= underDev.mtu() ? "≤" : ">") + " MTU "
                            + underDev.mtu() + " of " + underDev.name();
            hop("VXLAN-ENCAP", vx.name() + " VNI " + vx.vni() + ": " + p.text() + " inside udp " + local + " → "
                    + Ip.hostPort(vtep, port) + " (" + how + ")" + mtu, cmd);
            if (underDev != null && outer > underDev.mtu() && underDev.mtu() > 0) {
                undecided.add(b.label() + " VXLAN-ENCAP: the outer packet is over " + underDev.name()
                        + "'s MTU: fragmented unless the device sets df");
            }
            Packet outerPacket = new Packet("udp", local, vtep, 40000, port, outer, false);
            Packet inner = p;
            p = outerPacket;
            hop("UNDERLAY", "udp " + local + " → " + Ip.hostPort(vtep, port) + " via " + under.route().text(),
                    by("ip route get " + vtep));
            if (!filter("OUTPUT", null, under.route().dev())) return false;
            Box receiver = boxes.stream().filter(x -> !x.container() && x != b && x.holds(vtep)).findFirst()
                    .orElse(null);
            if (receiver == null) {
                unsure("UNDERLAY", "no node read holds VTEP " + vtep, by("ip route get " + vtep));
                end = End.LEFT;
                return false;
            }
            box = receiver;
            inDev = receiver.deviceOf(vtep);
            if (!filter("INPUT", inDev, null)) return false;
            p = inner;
            return decap(receiver, vx, port, local, mac);
        }

        /** The receiving node's VXLAN device for the sender's VNI and port, and on to its bridge. */
        boolean decap(Box b, Link sender, int port, String senderVtep, String mac) {
            String cmd = by("ip -d link show type vxlan");
            Optional<Link> dev = b.links().stream().filter(l -> l.isVxlan() && sender.vni().equals(l.vni())
                    && port == (l.vxlanPort() == null ? 8472 : l.vxlanPort())).findFirst();
            if (dev.isEmpty()) {
                List<String> others = b.links().stream().filter(Link::isVxlan)
                        .map(l -> l.name() + " VNI " + l.vni() + " port " + l.vxlanPort()).toList();
                drop("VXLAN-DECAP", b.name() + " has no VXLAN device for VNI " + sender.vni() + " on udp " + port
                        + (others.isEmpty() ? " (none at all)" : " (it has " + String.join(", ", others) + ")")
                        + ": the packet is dropped", cmd);
                return false;
            }
            Link vx = dev.get();
            if (!vx.adminUp()) {
                drop("VXLAN-DECAP", vx.name() + " is down", by("ip link show " + vx.name()));
                return false;
            }
            hop("VXLAN-DECAP",
                    vx.name() + " VNI " + vx.vni() + " port " + port + " from " + senderVtep + ": " + p.text()
                            + (vx.master() == null ? "" : " into bridge " + vx.master()),
                    cmd);
            if (vx.master() != null) return bridge(b, vx.master(), vx, mac);
            enter(b, vx.name());
            return true;
        }

        void deliver() {
            String cmd;
            String socket = null;
            if (p.dport != null) {
                cmd = by("ss -ln" + (p.proto.equals("tcp") ? "t" : "u") + " 'sport = :" + p.dport + "'");
                socket = box.listeners().stream().filter(l -> l.startsWith(p.proto + " ") && takes(l.substring(4)))
                        .findFirst().orElse(null);
                if (socket == null && !p.reply) {
                    drop("DELIVER", "nothing listens on " + p.proto + " port " + p.dport + " in " + box.label()
                            + (p.proto.equals("tcp")
                                    ? ": the kernel answers RST"
                                    : p.v6()
                                            ? ": ICMPv6 port unreachable"
                                            : ": ICMP port unreachable"),
                            cmd);
                    return;
                }
            } else {
                cmd = by("ip addr show to " + p.dst);
            }
            String dev = box.deviceOf(p.dst);
            hop("DELIVER", p.text() + " to " + box.label() + (dev == null ? "" : " on " + dev)
                    + (socket == null ? (p.dport == null ? " (the kernel answers)" : "") : ", socket " + socket),
                    cmd);
            end = End.DELIVERED;
            deliveredAt = box;
        }

        /** Whether a listening socket's address ("0.0.0.0:80", "*:80", "[::]:80") takes the packet. */
        boolean takes(String local) {
            return p.v6() ? listens6For(local, p.dst, p.dport) : listensFor(local, p.dst, p.dport);
        }

        /** The command that shows this by hand, in netshell's words for the namespace it happened in. */
        String by(String command) {
            return box.container() ? "container exec " + box.name() + " " + command : box.name() + " " + command;
        }
    }

    private static boolean listensFor(String local, String dst, int port) {
        int colon = local.lastIndexOf(':');
        if (colon < 0 || !local.substring(colon + 1).equals(String.valueOf(port))) return false;
        String addr = local.substring(0, colon);
        return addr.equals("0.0.0.0") || addr.equals("*") || addr.equals("[::]") || addr.equals(dst);
    }

    /**
     * An IPv6 socket's address as ss prints it: "*" (both families), "[::]" (IPv6 only) or "[fd00::1]"; an IPv4
     * socket (0.0.0.0) takes no IPv6 packet.
     */
    private static boolean listens6For(String local, String dst, int port) {
        int colon = local.lastIndexOf(':');
        if (colon < 0 || !local.substring(colon + 1).equals(String.valueOf(port))) return false;
        String addr = local.substring(0, colon).replaceAll("%[^\\]]*$", "");
        return addr.equals("*") || addr.equals("[::]") || addr.equals("[" + dst + "]");
    }

    private static String percent(double p) { return String.format(Locale.ROOT, "%.1f%%", p * 100); }
}
