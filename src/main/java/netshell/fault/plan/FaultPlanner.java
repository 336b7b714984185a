package netshell.fault.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import netshell.core.BadInput;
import netshell.core.FaultMarkers;
import netshell.core.Step;
import netshell.kernel.FdbEntry;
import netshell.kernel.Link;

/**
 * Plants a fault on one node and clears it again. Planting works out what clearing needs (the device, the value it
 * had) as the fault's parameters, kept in a marker on the node; each planting step is undone by the matching
 * clearing step, so a change that fails half-way, {@code undo} and {@code fault clear} all put the node back.
 * Anything a fault needs that is not there is refused in one line before any step runs.
 */
public final class FaultPlanner {
    /** Where markers live on the node (a shell expression): see {@link FaultMarkers}. */
    static final String MARKERS = FaultMarkers.DIR;

    /**
     * The markers are a group of the node's state (the node library's ns_faults reads the same place), so that the
     * undo of an inject, and the rollback of an unconfirmed one, take the marker away with the fault.
     */
    public static final String MARKER_GROUP = "faults";

    private FaultPlanner() {}

    /** The steps that plant {@code kind} as fault {@code id} on the target node, marker first. */
    public static List<Step> inject(FaultKind kind, int id, FaultTarget t, Map<String, String> options) {
        Planted p = new Planted(id, t.node(), kind, params(kind, id, t, options));
        List<Step> forward = forward(p);
        List<Step> revert = revert(p);
        List<Step> out = new ArrayList<>();
        out.add(mark(p));
        for (int i = 0; i < forward.size(); i++) out.add(forward.get(i).undoneBy(revert.get(i)));
        return out;
    }

    /**
     * The steps that clear a planted fault: its reverts, newest first, then its marker. Unlike the undo of the
     * change that planted it, a clear comes after a learner may have fixed the fault by hand: each revert that
     * would fail on a fault already gone (a rule deleted, an entry added, a device removed) does nothing then.
     */
    public static List<Step> clear(Planted p) {
        List<Step> out = new ArrayList<>(revert(p).stream().map(r -> alreadyFixedIsFine(p, r)).toList());
        java.util.Collections.reverse(out);
        out.add(unmark(p.id()));
        return out;
    }

    /** The revert {@code r} of {@code p}, made to do nothing where the fault is no longer there. */
    private static Step alreadyFixedIsFine(Planted p, Step r) {
        List<String> argv = r.argv();
        return switch (p.kind()) {
            // iptables -D of a rule that is gone fails: check for it (-C) first.
            // The revert is TOOL -w -D RULE…: the same tool and rule words, checked, then deleted.
            case FIREWALL_VXLAN, MIXED_BACKENDS, LOSS -> new Step(Stream.concat(Stream.of("sh", "-c",
                    "t=$1; shift; \"$t\" -w -C \"$@\" 2>/dev/null || exit 0; exec \"$t\" -w -D \"$@\"", "sh",
                    argv.get(0)), argv.subList(3, argv.size()).stream()).toList(), null, r.why() + " (if still there)");
            // bridge fdb append of an entry that is there fails: look for it first.
            case FDB_MISSING -> new Step(List.of("sh", "-c", "bridge fdb show dev \"$1\" | grep -qF \""
                    + FdbEntry.ALL_ZEROS + " dst $2 \" && exit 0; exec bridge fdb append " + FdbEntry.ALL_ZEROS
                    + " dev \"$1\" dst \"$2\"", "sh", p.param("dev"), p.param("peer")), null,
                    r.why() + " (unless there)");
            // ip link del of a device that is gone fails.
            case VXLAN_PORT_CLASH -> new Step(List.of("sh", "-c", "ip link show dev \"$1\" >/dev/null 2>&1 || exit 0;"
                    + " exec ip link del \"$1\"", "sh", p.param("name")), null, r.why() + " (if still there)");
            // Setting a value, a MAC or a link state again is harmless; a recreate makes the device whatever is there.
            default -> r;
        };
    }

    /** The marker of fault {@code id}, with its text on standard input. */
    static Step mark(Planted p) {
        return new Step(List.of("sh", "-c", "d=" + MARKERS + "; mkdir -p \"$d\" && cat > \"$d/$1\"", "sh",
                String.valueOf(p.id())), p.text(), "remember fault " + p.id() + " (" + p.kind().id() + ") on the node")
                .undoneBy(unmark(p.id())).touching(MARKER_GROUP);
    }

    static Step unmark(int id) {
        return new Step(List.of("sh", "-c", "rm -f " + MARKERS + "/\"$1\"", "sh", String.valueOf(id)), null,
                "forget fault " + id).touching(MARKER_GROUP);
    }

    /** Every marker on the node, each as "== ID" and its lines. */
    public static List<String> readMarkers() {
        return List.of("sh", "-c", "d=" + MARKERS + "; for f in \"$d\"/*; do [ -f \"$f\" ] && echo \"== ${f##*/}\""
                + " && cat \"$f\"; done; exit 0");
    }

    /** The markers {@link #readMarkers} printed, parsed; an unreadable marker is skipped and named in {@code bad}. */
    public static List<Planted> parseMarkers(String node, String text, List<String> bad) {
        List<Planted> out = new ArrayList<>();
        String id = null;
        StringBuilder body = new StringBuilder();
        for (String line : (text + "\n== end").split("\n")) {
            if (line.startsWith("== ")) {
                if (id != null) {
                    try {
                        if (!id.matches("[1-9]\\d{0,8}"))
                            throw new IllegalArgumentException("marker " + id
                                    + " on " + node + " is not a fault number");
                        out.add(Planted.parse(Integer.parseInt(id), node, body.toString()));
                    } catch (IllegalArgumentException e) {
                        bad.add(e.getMessage());
                    }
                }
                id = line.substring(3).strip();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        return out;
    }

    // ---- what each fault needs, worked out (and refused) before anything runs

    private static Map<String, String> params(FaultKind kind, int id, FaultTarget t, Map<String, String> o) {
        Map<String, String> p = new LinkedHashMap<>();
        String node = t.node();
        switch (kind) {
            case MTU -> {
                Link vx = vxlan(kind, t, o);
                int mtu = o.containsKey("mtu")
                        ? intOption("mtu", o.get("mtu"), 68, 65535)
                        : vx.mtu() - 50;
                if (mtu == vx.mtu())
                    throw refuse(kind, vx.name() + " on " + node + " already has MTU " + mtu + " (give --mtu)");
                p.put("dev", vx.name());
                p.put("mtu", String.valueOf(mtu));
                p.put("was", String.valueOf(vx.mtu()));
            }
            case RP_FILTER -> {
                // The kernel takes the larger of conf/all and conf/DEVICE (2, loose, wins): both must say 1.
                Link vx = vxlan(kind, t, o);
                String all = sysctl(kind, t, "rp_filter.all", null);
                String dev = sysctl(kind, t, "rp_filter." + vx.name(), null);
                if (all.equals("1") && dev.equals("1"))
                    throw refuse(kind, "rp_filter is strict on " + vx.name() + " on " + node + " already");
                p.put("dev", vx.name());
                p.put("was", all);
                p.put("devwas", dev);
            }
            case ROUTE_LOCALNET -> p.put("was", sysctl(kind, t, "route_localnet", "1"));
            case IP_FORWARD -> p.put("was", sysctl(kind, t, "ip_forward", "0"));
            case CONNTRACK_FULL -> {
                if (!t.conntrackWritable())
                    throw refuse(kind, "net.netfilter.nf_conntrack_max is read-only on " + node
                            + " (a network namespace shares the host's limit)");
                String was = sysctl(kind, t, "conntrack_max", null);
                long count = Long.parseLong(t.sysctls().getOrDefault("conntrack_count", "0"));
                p.put("was", was);
                p.put("max", String.valueOf(Math.max(1, count)));
            }
            case FIREWALL_VXLAN, LOSS -> {
                Link vx = vxlan(kind, t, o);
                tool(kind, t, "iptables");
                p.put("port", String.valueOf(vx.vxlanPort()));
                if (kind == FaultKind.LOSS) {
                    int percent = intOption("percent", o.getOrDefault("percent", "20"), 1, 100);
                    p.put("dev", t.underlay());
                    p.put("probability", String.format(Locale.ROOT, "%.2f", percent / 100.0));
                }
            }
            case MIXED_BACKENDS -> {
                Link vx = vxlan(kind, t, o);
                if (t.iptablesMode() == null) throw refuse(kind, node + " has no iptables");
                String other = t.iptablesMode().equals("legacy") ? "iptables-nft" : "iptables-legacy";
                tool(kind, t, other);
                p.put("tool", other);
                p.put("port", String.valueOf(vx.vxlanPort()));
            }
            case FDB_MISSING -> {
                Link vx = vxlan(kind, t, o);
                List<String> peers = t.state().floodDestinations(vx.name());
                if (peers.isEmpty())
                    throw refuse(kind, vx.name() + " on " + node + " floods to no peer (a static mesh or a lone node)");
                String peer = o.getOrDefault("peer", peers.get(0));
                if (!peers.contains(peer))
                    throw refuse(kind, vx.name() + " on " + node + " has no flood entry for " + peer + " (it has "
                            + String.join(", ", peers) + ")");
                p.put("dev", vx.name());
                p.put("peer", peer);
            }
            case WRONG_VNI -> {
                Link vx = vxlan(kind, t, o);
                if (t.state().staticMesh(vx.name()))
                    throw refuse(kind, vx.name() + " on " + node + " is a static mesh; wrong-vni recreates flooding"
                            + " devices only");
                int vni = o.containsKey("vni")
                        ? intOption("vni", o.get("vni"), 1, 16777215)
                        : vx.vni() % 16777215 + 1;
                if (vni == vx.vni()) throw refuse(kind, vx.name() + " already has VNI " + vni);
                p.put("dev", vx.name());
                p.put("vni", String.valueOf(vni));
                p.put("was", String.valueOf(vx.vni()));
                p.put("local", vx.vxlanLocal() == null ? "-" : vx.vxlanLocal());
                p.put("under", vx.vxlanDev() == null ? t.underlay() : vx.vxlanDev());
                p.put("port", String.valueOf(vx.vxlanPort()));
                p.put("mtu", String.valueOf(vx.mtu()));
                p.put("master", vx.master() == null ? "-" : vx.master());
                p.put("alias", vx.alias() == null || !vx.alias().matches("[A-Za-z0-9_.]+") ? "-" : vx.alias());
                List<String> peers = t.state().floodDestinations(vx.name());
                p.put("peers", peers.isEmpty() ? "-" : String.join(",", peers));
            }
            case VXLAN_PORT_CLASH -> {
                Link vx = vxlan(kind, t, o);
                String name = "vxclash" + id;
                if (t.state().link(name).isPresent()) throw refuse(kind, node + " already has a device " + name);
                p.put("name", name);
                p.put("port", String.valueOf(vx.vxlanPort()));
                p.put("under", vx.vxlanDev() == null ? t.underlay() : vx.vxlanDev());
            }
            case VTEP_MAC -> {
                Link vx = vxlan(kind, t, o);
                if (!t.state().staticMesh(vx.name()))
                    throw refuse(kind, vx.name() + " on " + node + " floods and learns, so no peer holds its MAC:"
                            + " nothing would break (plant it on an 'overlay create --static' mesh)");
                if (vx.mac() == null) throw refuse(kind, vx.name() + " on " + node + " shows no MAC");
                p.put("dev", vx.name());
                p.put("mac", String.format(Locale.ROOT, "02:fa:17:%02x:%02x:%02x", (id >> 16) & 255, (id >> 8) & 255,
                        id & 255));
                p.put("was", vx.mac());
            }
            case LINK_DOWN -> {
                String name = o.containsKey("link") ? o.get("link") : vxlan(kind, t, o).name();
                Link l = t.state().link(name).orElseThrow(() -> refuse(kind, node + " has no link " + name));
                if (!l.isVxlan() && !"bridge".equals(l.kind()))
                    throw refuse(kind, name + " on " + node + " is a " + l.kind() + ", not a VXLAN device or bridge of"
                            + " the overlay");
                if (!l.adminUp()) throw refuse(kind, name + " on " + node + " is down already");
                p.put("link", name);
            }
            case BACKEND_DEAD -> {
                String backend = o.get("backend");
                if (backend == null) throw refuse(kind, "give the backend: --backend ADDR");
                String veth = t.backendVeths().get(backend);
                if (veth == null) throw refuse(kind, "no container on " + node + " holds " + backend);
                Link l = t.state().link(veth).orElseThrow(() -> refuse(kind, node + " has no link " + veth));
                if (!l.adminUp()) throw refuse(kind, veth + " on " + node + " is down already");
                p.put("backend", backend);
                p.put("link", veth);
            }
            default -> throw new IllegalStateException(kind.id());
        }
        return p;
    }

    private static Link vxlan(FaultKind kind, FaultTarget t, Map<String, String> o) {
        return t.vxlan(o.get("dev")).filter(l -> l.vni() != null && l.vni() != 0 && l.vxlanPort() != null)
                .orElseThrow(() -> refuse(kind, o.containsKey("dev")
                        ? t.node() + " has no VXLAN device " + o.get("dev")
                        : t.node() + " has no overlay (no VXLAN device); 'overlay create' makes one"));
    }

    private static String sysctl(FaultKind kind, FaultTarget t, String key, String faulty) {
        String v = t.sysctls().get(key);
        if (v == null) throw refuse(kind, "could not read " + key + " on " + t.node());
        if (v.equals(faulty)) throw refuse(kind, key + " is " + v + " on " + t.node() + " already");
        return v;
    }

    private static void tool(FaultKind kind, FaultTarget t, String tool) {
        if (!t.tools().contains(tool)) throw refuse(kind, t.node() + " has no " + tool);
    }

    private static int intOption(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new BadInput("fault: --" + name + " must be a number from " + min + " to " + max + ", not '" + value
                + "'");
    }

    private static BadInput refuse(FaultKind kind, String why) {
        return new BadInput("fault " + kind.id() + ": " + why + "; nothing was changed");
    }

    // ---- the steps

    private static List<Step> forward(Planted p) {
        String why = "fault " + p.id() + " (" + p.kind().id() + "): ";
        return switch (p.kind()) {
            case MTU -> List.of(Step.of(why + "an MTU the other end of the tunnel does not have", "ip", "link", "set",
                    p.param("dev"), "mtu", p.param("mtu")));
            case RP_FILTER ->
                List.of(sysctlStep(why + "strict reverse-path filter", "net/ipv4/conf/all/rp_filter", "1"),
                        sysctlStep(why + "strict on the VXLAN device", "net/ipv4/conf/" + p.param("dev") + "/rp_filter",
                                "1"));
            case ROUTE_LOCALNET -> List.of(sysctlStep(why + "route 127.0.0.0/8", "net.ipv4.conf.all.route_localnet",
                    "1"));
            case IP_FORWARD -> List.of(sysctlStep(why + "stop forwarding", "net.ipv4.ip_forward", "0"));
            case CONNTRACK_FULL -> List.of(sysctlStep(why + "a conntrack table already full",
                    "net.netfilter.nf_conntrack_max", p.param("max")));
            case FIREWALL_VXLAN -> List.of(new Step(firewall("iptables", "-I", p), null,
                    why + "drop the VXLAN port, as a default-deny firewall would"));
            case MIXED_BACKENDS -> List.of(new Step(firewall(p.param("tool"), "-I", p), null,
                    why + "a DROP in the back end plain iptables does not show"));
            case LOSS -> List.of(new Step(loss("-I", p), null, why + "drop a share of the tunnel at random (no netem"
                    + " here)"));
            case FDB_MISSING -> List.of(Step.of(why + "forget a peer's flood entry", "bridge", "fdb", "del",
                    FdbEntry.ALL_ZEROS, "dev", p.param("dev"), "dst", p.param("peer")));
            case WRONG_VNI -> List.of(recreate(why + "recreate with VNI " + p.param("vni"), p, p.param("vni")));
            case VXLAN_PORT_CLASH -> List.of(Step.of(why + "a second, external VXLAN device on the port", "ip", "link",
                    "add", p.param("name"), "type", "vxlan", "external", "dstport", p.param("port"), "dev",
                    p.param("under")));
            case VTEP_MAC -> List.of(Step.of(why + "a new MAC the peers do not know", "ip", "link", "set",
                    p.param("dev"), "address", p.param("mac")));
            case LINK_DOWN, BACKEND_DEAD -> List.of(Step.of(why + "link down", "ip", "link", "set", p.param("link"),
                    "down"));
        };
    }

    private static List<Step> revert(Planted p) {
        String why = "clear fault " + p.id() + " (" + p.kind().id() + "): ";
        return switch (p.kind()) {
            case MTU -> List.of(Step.of(why + "the MTU it had", "ip", "link", "set", p.param("dev"), "mtu",
                    number(p, "was")));
            case RP_FILTER -> List.of(sysctlStep(why + "as it was", "net/ipv4/conf/all/rp_filter", number(p, "was")),
                    sysctlStep(why + "as it was", "net/ipv4/conf/" + p.param("dev") + "/rp_filter",
                            number(p, "devwas")));
            case ROUTE_LOCALNET -> List.of(sysctlStep(why + "as it was", "net.ipv4.conf.all.route_localnet",
                    number(p, "was")));
            case IP_FORWARD -> List.of(sysctlStep(why + "as it was", "net.ipv4.ip_forward", number(p, "was")));
            case CONNTRACK_FULL -> List.of(sysctlStep(why + "the limit it had", "net.netfilter.nf_conntrack_max",
                    number(p, "was")));
            case FIREWALL_VXLAN -> List.of(new Step(firewall("iptables", "-D", p), null, why + "remove the DROP"));
            case MIXED_BACKENDS -> List.of(new Step(firewall(tool(p), "-D", p), null, why + "remove the DROP"));
            case LOSS -> List.of(new Step(loss("-D", p), null, why + "remove the random drop"));
            case FDB_MISSING -> List.of(Step.of(why + "the peer's flood entry back", "bridge", "fdb", "append",
                    FdbEntry.ALL_ZEROS, "dev", p.param("dev"), "dst", p.param("peer")));
            case WRONG_VNI -> List.of(recreate(why + "recreate with VNI " + number(p, "was"), p, number(p, "was")));
            case VXLAN_PORT_CLASH -> List.of(Step.of(why + "remove the second device", "ip", "link", "del",
                    p.param("name")));
            case VTEP_MAC -> List.of(Step.of(why + "the MAC the peers know", "ip", "link", "set", p.param("dev"),
                    "address", p.param("was")));
            case LINK_DOWN, BACKEND_DEAD -> List.of(Step.of(why + "link up", "ip", "link", "set", p.param("link"),
                    "up"));
        };
    }

    private static Step sysctlStep(String why, String key, String value) {
        return Step.of(why, "sysctl", "-q", "-w", key + "=" + value);
    }

    private static List<String> firewall(String tool, String op, Planted p) {
        return List.of(tool, "-w", op, "INPUT", "-p", "udp", "--dport", number(p, "port"), "-j", "DROP");
    }

    private static List<String> loss(String op, Planted p) {
        return List.of("iptables", "-w", op, "INPUT", "-i", p.param("dev"), "-p", "udp", "--dport", number(p, "port"),
                "-m", "statistic", "--mode", "random", "--probability", p.param("probability"), "-j", "DROP");
    }

    private static String tool(Planted p) {
        String tool = p.param("tool");
        if (!tool.equals("iptables-legacy") && !tool.equals("iptables-nft"))
            throw new IllegalArgumentException("fault " + p.id() + " on " + p.node() + ": unknown tool " + tool);
        return tool;
    }

    private static String number(Planted p, String name) {
        String v = p.param(name);
        if (!v.matches("\\d{1,10}"))
            throw new IllegalArgumentException(
                    "fault " + p.id() + " on " + p.node() + ": " + name + " is not a number");
        return v;
    }

    /** The VXLAN device deleted and made again with {@code vni}, as it was otherwise: one step, its own undo's twin. */
    private static Step recreate(String why, Planted p, String vni) {
        String script = """
                set -e
                n=$1 vni=$2 local=$3 dev=$4 port=$5 mtu=$6 master=$7 alias=$8 peers=$9
                ip link del "$n" 2>/dev/null || true  # gone already (removed by hand): made anew below
                if [ "$local" = - ]; then ip link add "$n" type vxlan id "$vni" dev "$dev" dstport "$port"
                else ip link add "$n" type vxlan id "$vni" local "$local" dev "$dev" dstport "$port"; fi
                ip link set "$n" mtu "$mtu"
                [ "$alias" = - ] || ip link set "$n" alias "$alias"
                [ "$master" = - ] || ip link set "$n" master "$master"
                ip link set "$n" up
                [ "$peers" = - ] || for d in $(echo "$peers" | tr , ' '); do
                  bridge fdb append 00:00:00:00:00:00 dev "$n" dst "$d"
                done""";
        return new Step(List.of("sh", "-c", script, "sh", p.param("dev"), vni, p.param("local"), p.param("under"),
                number(p, "port"), number(p, "mtu"), p.param("master"), p.param("alias"), p.param("peers")), null, why);
    }
}
