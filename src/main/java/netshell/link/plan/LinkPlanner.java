package netshell.link.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import netshell.core.BadInput;
import netshell.core.Step;

/**
 * The steps that fail and degrade a link's ends, each with its undo worked out from what the node has now, so that
 * a change that fails half-way puts back exactly what was there. An impairment lives on the sending end's egress:
 * {@code A->B} is impaired on A's interface, both directions on both ends. Where the kernel has netem, one netem
 * qdisc carries it all; without netem, the rate is a tbf qdisc, loss and corruption are random drops in netshell's
 * nftables table (a corrupted packet fails its checksum and is dropped by the receiver all the same), and delay and
 * jitter are refused in one line naming the missing module. The drops are IP packets leaving by the interface
 * (sent or forwarded: the postrouting hook), as a netdev egress hook does not drop on every kernel. Anything in
 * the way (a qdisc netshell did not set, an interface that is not there) is refused before any step runs.
 */
public final class LinkPlanner {
    /** netshell's nftables table of drops, and the journal's name for its state. */
    public static final String TABLE = "netshell_link";
    public static final String NFT_GROUP = "nft.inet." + TABLE;
    /** The journal's names for the state these steps change: qdiscs, and links (up, down). */
    public static final String TC_GROUP = "tc";
    public static final String LINKS_GROUP = "links";
    /** How long tbf lets a packet wait for tokens before dropping it. */
    static final String TBF_LATENCY = "50ms";
    /** Drops draw a number below a million: shares down to 0.0001%. */
    static final int PPM = 1_000_000;

    private LinkPlanner() {}

    // ---- down and up

    /** The end set down (or up), undone by the opposite; nothing when it is so already. */
    public static List<Step> state(Endpoint e, NodeLinks n, boolean up) {
        Device d = device(e, n);
        if (d.adminUp() == up) return List.of();
        return List.of(setState(e, up, "link " + e + (up ? " up" : " down"))
                .undoneBy(setState(e, !up, "undo: " + e + (up ? " down" : " up") + " again")).touching(LINKS_GROUP));
    }

    private static Step setState(Endpoint e, boolean up, String why) {
        return Step.of(why, "ip", "link", "set", "dev", e.iface(), up ? "up" : "down");
    }

    /** Refuses two ends that are veths but not each other's peer (each names the other's index, across namespaces). */
    public static void checkPeers(Endpoint a, NodeLinks na, Endpoint b, NodeLinks nb) {
        if (a.equals(b)) throw new BadInput(a + " is named twice");
        Device da = device(a, na);
        Device db = device(b, nb);
        if (a.node().equals(b.node()) || da.peerIndex() == null || db.peerIndex() == null) return;
        if (da.peerIndex() != db.ifindex() || db.peerIndex() != da.ifindex())
            throw new BadInput(a + " and " + b + " are not the two ends of one link (" + a
                    + "'s peer is another interface); nothing was changed");
    }

    // ---- impair

    /** The ends whose egress carries the impairment: all of them, or the sender {@code dir} names ("A->B", "A"). */
    public static List<Endpoint> senders(List<Endpoint> ends, String dir) {
        if (dir == null) return ends;
        if (dir.endsWith("-"))
            throw new BadInput("impair: --dir " + dir + "…: quote it, --dir '" + dir + ">B' ('>' is a redirect"
                    + " at the prompt)");
        String[] parts = dir.split("->", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty())
            throw new BadInput("impair: --dir is 'A->B' (the ends' nodes or NODE:IFACE), not '" + dir + "'");
        List<Endpoint> from = ends.stream().filter(e -> e.named(parts[0])).toList();
        if (from.size() != 1)
            throw new BadInput("impair: --dir " + dir + ": '" + parts[0] + "' names " + (from.isEmpty()
                    ? "none"
                    : "both") + " of the ends (" + String.join(", ", ends.stream().map(Endpoint::toString).toList())
                    + ")");
        if (parts.length == 2) {
            List<Endpoint> to = ends.stream().filter(e -> !e.equals(from.get(0)) && e.named(parts[1])).toList();
            if (to.size() != 1)
                throw new BadInput("impair: --dir " + dir + ": '" + parts[1] + "' is not the other end of the"
                        + " link");
        }
        return from;
    }

    /** The steps that make {@code want} what degrades the end's egress (replacing what did before). */
    public static List<Step> impair(Endpoint e, NodeLinks n, Impairment want) {
        Device d = device(e, n);
        if (want.none())
            throw new BadInput("impair: give what degrades the link: --delay, --jitter, --loss, --corrupt or"
                    + " --rate");
        if (want.delays() && !n.netem())
            throw new BadInput("impair: " + n.node() + "'s kernel has no netem (module sch_netem), which"
                    + " --delay and --jitter need (--loss, --corrupt and --rate work without it); nothing was changed");
        if (n.netem() || want.rateBits() > 0) need(n, "tc", "iproute2");
        if (!n.netem() && want.drops()) need(n, "nft", "nftables");
        Optional<RootQdisc> had = usableQdisc(e, n);
        List<Step> out = new ArrayList<>();
        String why = "impair " + e + ": " + want.text();
        if (n.netem()) {
            out.add(qdisc(e, netem(want), had, why + " (netem)"));
            if (n.drops().chains().containsKey(e.iface())) out.add(drops(e, n, Impairment.NONE, why));
            return out;
        }
        if (want.rateBits() > 0) out.add(qdisc(e, tbf(want.rateBits(), d.mtu()), had, why + " (tbf: no netem here)"));
        else if (had.isPresent() && had.get().impairs()) out.add(removeQdisc(e, had.get(), why));
        if (want.drops() || n.drops().chains().containsKey(e.iface()))
            out.add(drops(e, n, want, why + (want.drops() ? " (a random drop: no netem here)" : "")));
        return out;
    }

    /** netem's options for an impairment: {@code netem delay 50ms 5ms loss 1% corrupt 0.1% rate 10mbit}. */
    static List<String> netem(Impairment i) {
        List<String> a = new ArrayList<>(List.of("netem"));
        if (i.delayUs() > 0) {
            a.addAll(List.of("delay", Impairment.timeText(i.delayUs())));
            if (i.jitterUs() > 0) a.add(Impairment.timeText(i.jitterUs()));
        }
        if (i.lossPpm() > 0) a.addAll(List.of("loss", Impairment.percentText(i.lossPpm())));
        if (i.corruptPpm() > 0) a.addAll(List.of("corrupt", Impairment.percentText(i.corruptPpm())));
        if (i.rateBits() > 0) a.addAll(List.of("rate", Impairment.rateText(i.rateBits())));
        return a;
    }

    /**
     * tbf's options for a rate: a bucket of 10 ms of the rate, and never less than two full frames (a packet bigger
     * than the bucket would never pass).
     */
    static List<String> tbf(long rateBits, int mtu) {
        long burst = Math.max(rateBits / 8 / 100, 2L * (mtu + 14));
        return List.of("tbf", "rate", Impairment.rateText(rateBits), "burst", burst + "b", "latency", TBF_LATENCY);
    }

    // ---- clear

    /** The steps that take every impairment off the end: its tbf or netem qdisc, its drop rules. */
    public static List<Step> clear(Endpoint e, NodeLinks n) {
        device(e, n);
        List<Step> out = new ArrayList<>();
        String why = "clear " + e;
        Optional<RootQdisc> had = n.qdisc(e.iface()).filter(RootQdisc::impairs);
        if (had.isPresent()) out.add(removeQdisc(e, restorable(e, had.get()), why));
        if (n.drops().chains().containsKey(e.iface())) out.add(drops(e, n, Impairment.NONE, why));
        return out;
    }

    /**
     * netshell's drop table removed when the steps planned for the node take every chain out of it ({@code ends}:
     * the node's ends whose drops were cleared); nothing otherwise.
     */
    public static List<Step> tidy(NodeLinks n, List<Endpoint> ends) {
        if (!n.drops().exists()) return List.of();
        List<String> cleared = ends.stream().map(Endpoint::iface).toList();
        if (!cleared.containsAll(n.drops().chains().keySet())) return List.of();
        return List.of(Step.withInput("remove netshell's drop table, empty now", "delete table inet " + TABLE + "\n",
                "nft", "-f", "-")
                .undoneBy(Step.withInput("undo: the drop table back", "add table inet " + TABLE + "\n", "nft", "-f",
                        "-"))
                .touching(NFT_GROUP));
    }

    // ---- flap

    /**
     * One step that sets the ends (all on one node) down, waits, sets them up, waits, {@code count} times (0: until
     * stopped); stopped early, it sets them up before it goes.
     */
    public static Step flap(List<Endpoint> ends, NodeLinks n, long everyUs, int count) {
        ends.forEach(e -> device(e, n));
        String script = """
                every=$1 count=$2; shift 2; i=0
                trap 'for d in "$@"; do ip link set dev "$d" up; done' EXIT
                trap 'exit 1' INT TERM HUP
                while [ "$count" -eq 0 ] || [ "$i" -lt "$count" ]; do
                  for d in "$@"; do ip link set dev "$d" down || exit 1; done
                  sleep "$every"
                  for d in "$@"; do ip link set dev "$d" up || exit 1; done
                  i=$((i + 1))
                  if [ "$count" -eq 0 ] || [ "$i" -lt "$count" ]; then sleep "$every"; fi
                done
                echo "flapped $i times"
                """;
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh", seconds(everyUs),
                String.valueOf(count)));
        ends.forEach(e -> argv.add(e.iface()));
        String names = String.join(" ", ends.stream().map(Endpoint::toString).toList());
        Step up = new Step(upAll(ends), null, "undo: " + names + " up");
        return new Step(argv, null, "flap " + names + ": down, then up, every " + Impairment.timeText(everyUs)
                + (count == 0 ? " until stopped" : ", " + count + " times")).undoneBy(up).touching(LINKS_GROUP);
    }

    private static List<String> upAll(List<Endpoint> ends) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "for d in \"$@\"; do ip link set dev \"$d\" up;"
                + " done", "sh"));
        ends.forEach(e -> argv.add(e.iface()));
        return argv;
    }

    static String seconds(long us) {
        return BigDecimal.valueOf(us).divide(BigDecimal.valueOf(1_000_000)).stripTrailingZeros().toPlainString();
    }

    // ---- the steps' parts

    private static void need(NodeLinks n, String tool, String pkg) {
        if (!n.tools().contains(tool))
            throw new BadInput("impair: " + n.node() + " has no " + tool + " (" + pkg + "); nothing was changed");
    }

    private static Device device(Endpoint e, NodeLinks n) {
        return n.device(e.iface())
                .orElseThrow(() -> new BadInput(e.node() + " has no interface " + e.iface() + " (it has "
                        + String.join(", ", n.devices().keySet().stream().filter(x -> !x.equals("lo")).toList())
                        + "); nothing was changed"));
    }

    /** The end's root qdisc, when netshell may replace it (the kernel's default, tbf or netem). */
    private static Optional<RootQdisc> usableQdisc(Endpoint e, NodeLinks n) {
        Optional<RootQdisc> had = n.qdisc(e.iface());
        if (had.isPresent() && !had.get().impairs() && !had.get().isDefault())
            throw new BadInput("impair: " + e + " has a root qdisc " + had.get().kind() + " " + had.get().handle()
                    + " that netshell did not set: remove it first (tc qdisc del dev " + e.iface()
                    + " root); nothing was changed");
        return had.map(q -> q.impairs() ? restorable(e, q) : q);
    }

    private static RootQdisc restorable(Endpoint e, RootQdisc q) {
        if (!q.restorable())
            throw new BadInput(e + "'s " + q.kind() + " qdisc has options netshell cannot put back ("
                    + String.join(" ", q.args()) + "); nothing was changed");
        return q;
    }

    private static List<String> tc(String op, Endpoint e, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("tc", "qdisc", op, "dev", e.iface(), "root"));
        argv.addAll(args);
        return argv;
    }

    /** The root qdisc replaced by {@code args}; undone by the qdisc it had (or the kernel's default). */
    private static Step qdisc(Endpoint e, List<String> args, Optional<RootQdisc> had, String why) {
        Step undo = had.filter(RootQdisc::impairs).map(q -> back(e, q))
                .orElseGet(() -> new Step(tc("del", e, List.of()), null, "undo: " + e + " back to its default"
                        + " qdisc"));
        return new Step(tc("replace", e, args), null, why).undoneBy(undo).touching(TC_GROUP);
    }

    private static Step removeQdisc(Endpoint e, RootQdisc had, String why) {
        return new Step(tc("del", e, List.of()), null, why + ": its " + had.kind() + " qdisc").undoneBy(back(e, had))
                .touching(TC_GROUP);
    }

    private static Step back(Endpoint e, RootQdisc q) {
        List<String> args = new ArrayList<>(List.of(q.kind()));
        args.addAll(q.args());
        return new Step(tc("replace", e, args), null, "undo: " + e + "'s " + q.kind() + " qdisc as it was");
    }

    /** netshell's drop chain of the end made to drop what {@code want} says (removed when nothing); with its undo. */
    private static Step drops(Endpoint e, NodeLinks n, Impairment want, String why) {
        Impairment had = n.drops().drops().get(e.iface());
        String undo;
        if (had != null) undo = chain(e, had);
        else if (n.drops().exists()) undo = removeChain(e);
        else
            undo = "delete table inet " + TABLE + "\n";
        String forward = want.drops() ? chain(e, want) : removeChain(e);
        return Step.withInput(why, forward, "nft", "-f", "-")
                .undoneBy(Step.withInput("undo: " + e + "'s drops as they were", undo, "nft", "-f", "-"))
                .touching(NFT_GROUP);
    }

    static String chainName(Endpoint e) { return "out_" + e.iface(); }

    /** The end's chain, made anew: a random drop for the loss, another for the corruption. */
    static String chain(Endpoint e, Impairment i) {
        String c = "inet " + TABLE + " " + chainName(e);
        StringBuilder sb = new StringBuilder("add table inet " + TABLE + "\n")
                .append("add chain ").append(c).append(" { type filter hook postrouting priority 0; policy accept; }\n")
                .append("flush chain ").append(c).append('\n');
        if (i.lossPpm() > 0) sb.append(drop(c, e, i.lossPpm(), "loss"));
        if (i.corruptPpm() > 0) sb.append(drop(c, e, i.corruptPpm(), "corrupt"));
        return sb.toString();
    }

    private static String drop(String chain, Endpoint e, int ppm, String what) {
        return "add rule " + chain + " oifname \"" + e.iface() + "\" numgen random mod " + PPM + " < " + ppm
                + " counter drop comment \"" + what + " " + Impairment.percentText(ppm) + "\"\n";
    }

    private static String removeChain(Endpoint e) {
        String c = "inet " + TABLE + " " + chainName(e);
        return "flush chain " + c + "\ndelete chain " + c + "\n";
    }
}
