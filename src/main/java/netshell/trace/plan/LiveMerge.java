package netshell.trace.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Joins a live probe's evidence to the simulation of the same path. The simulation gives the phases and what decides
 * each (routes, FDB entries, rule text); the probe says which way it really went (the VIP backend conntrack chose),
 * where it was seen (nft trace on each hook, captures on the underlay), which rule dropped it (the trace's drop
 * verdict, named by table, chain and position from the rule counters it moved) and how the sender saw it end. The
 * verdict is the probe's; where it and the simulation part, a note says so.
 */
public final class LiveMerge {
    /** The live trace, and what to tell beside it: the probe, what was seen, where evidence and simulation part. */
    public record Merged(Trace trace, List<String> notes) {}

    private static final Pattern FILTER_CHAIN = Pattern.compile("\\bfilter (\\S+) ");
    /** A phase decided by one of nftables' own tables: "nft inet userfw forward rule 2: …" or "… policy DROP". */
    private static final Pattern NFT_CHAIN = Pattern.compile("\\bnft (\\S+) (\\S+) (\\S+) (?:rule \\d+: |policy )");
    private static final Pattern DNAT = Pattern.compile("\\bdnat (?:ip6? )?to (\\S+)|-j DNAT --to-destination (\\S+)");
    /** The outer packet of an UNDERLAY phase: "udp 192.168.56.10 → 192.168.56.11:4789", "… → [fd56::b]:4789". */
    private static final Pattern OUTER = Pattern.compile("^udp (\\S+) → (?:\\[([^\\]]+)]|([^\\s:\\[]+)):(\\d+)");

    private LiveMerge() {}

    public static Merged merge(Trace sim, Probe probe, List<LiveEvidence> evidence, ProbeOutcome outcome) {
        Map<String, LiveEvidence> byNode = new LinkedHashMap<>();
        evidence.forEach(e -> byNode.put(e.node(), e));
        List<String> notes = new ArrayList<>();
        String branch = branch(sim, probe, evidence, notes);
        List<Hop> hops = new ArrayList<>();
        for (Hop h : sim.hops()) {
            if (branch != null && h.branch() != null && !h.branch().equals(branch)) continue;
            hops.add(new Hop(hops.size() + 1, h.direction(), h.branch(), h.at(), h.phase(), h.result(), h.detail(),
                    h.command(), live(h, probe, byNode, outcome)));
        }
        Drop simDrop = hops.stream().filter(Hop::dropped).findFirst().map(Drop::of).orElse(null);
        String simVerdict = simDrop != null
                ? Trace.DROPPED
                : sim.verdict().equals(Trace.DROPPED)
                        ? Trace.ALLOWED
                        : sim.verdict();
        Drop drop = tracedDrop(probe, evidence, hops);
        String verdict;
        if (drop != null) {
            verdict = Trace.DROPPED;
            if (outcome.answered())
                notes.add("the sender was answered although " + drop.at() + " dropped a packet"
                        + " of the probe (" + drop.reason() + ")");
        } else if (outcome.answered() || probe.proto().equals("udp") && !simVerdict.equals(Trace.DROPPED)
                && reachedEnd(hops, probe, byNode)) {
            verdict = Trace.ALLOWED;
        } else if (simDrop != null) {
            verdict = Trace.DROPPED;
            drop = simDrop;
            String last = lastSeen(hops, probe, byNode);
            String why = outcome.sentence();
            String dropNode = nodeOf(simDrop.at());
            drop = new Drop(drop.at(), drop.phase(), drop.direction(), drop.reason() + "; live: " + why
                    + (last == null
                            ? " and no node saw it (the sender's " + (probe.family() == netshell.core.IpFamily.V6
                                    ? "neighbour solicitation"
                                    : "ARP") + " for its next hop, which takes the same way, may be what was dropped)"
                            : ", last seen on " + last)
                    + counted(byNode.get(dropNode)),
                    drop.command());
            // A node that traces nothing (no nft, no TRACE it can read) cannot have seen the probe: no disagreement.
            if (last != null && byNode.containsKey(dropNode) && !last.startsWith(dropNode + " ")
                    && byNode.get(dropNode).tracer() != Tracer.NONE
                    && !seenOn(dropNode, probe, byNode, simDrop.direction()))
                notes.add("live evidence and the simulation disagree: the simulation drops the probe on "
                        + simDrop.at() + ", but it was last seen on " + last);
        } else {
            verdict = Trace.DROPPED;
            String last = lastSeen(hops, probe, byNode);
            Hop at = lastHopSeen(hops, probe, byNode);
            LiveEvidence there = at == null ? null : byNode.get(nodeOf(at.at()));
            NftTraceEvent lastEvent = there == null ? null : lastRequestEvent(there, probe, hops);
            NftTraceEvent hook = lastEvent == null ? null : there.packetOf(lastEvent);
            // Seen in prerouting and in no later hook: the routing decision (or, on a bridge with br_netfilter, the
            // bridge sending the frame back out of the port it came in by) dropped it.
            boolean afterPrerouting = hook != null && (hook.chain().equals("PREROUTING") || hook.chain().equals(
                    "pre"));
            String phase = at == null ? "ROUTE" : afterPrerouting ? "ROUTE" : at.phase();
            drop = new Drop(at == null ? sim.from() : nodeOf(at.at()), phase, "request",
                    outcome.sentence() + (last == null
                            ? " and no node saw it"
                            : "; last seen on " + last)
                            + (lastEvent == null
                                    ? ""
                                    : "; its last netfilter step there: " + describe(lastEvent) + (afterPrerouting
                                            ? ", and no hook after prerouting saw it"
                                            : ""))
                            + "; no rule traced a drop",
                    at == null
                            ? ""
                            : by(nodeOf(at.at()), there == null ? "nft monitor trace" : there.tracer().command()));
        }
        if (!verdict.equals(simVerdict) || drop != null && simDrop != null
                && !(drop.at().equals(simDrop.at()) && drop.phase().equals(simDrop.phase()))) {
            notes.add("live evidence and the simulation disagree: simulated " + simVerdict + (simDrop == null
                    ? ""
                    : " at " + simDrop.at() + ", " + simDrop.phase() + " (" + simDrop.reason() + ")") + "; live "
                    + verdict + (drop == null ? "" : " at " + drop.at() + ", " + drop.phase()));
        }
        notes.add(0, "probe: " + probeText(probe) + ": " + outcome.kind() + " (" + outcome.text() + ")");
        for (LiveEvidence e : evidence) {
            if (e.failure() != null) notes.add(e.node() + ": " + e.failure());
            if (!e.wire().isEmpty())
                notes.add(e.node() + " captured " + e.wire().size() + " packet"
                        + (e.wire().size() == 1 ? "" : "s") + " of the probe's flow on its underlay, the first: "
                        + shorten(e.wire().get(0)));
        }
        Trace t = new Trace(sim.from(), sim.to(), sim.proto(), sim.port(), sim.size(), hops, verdict,
                verdict.equals(Trace.DROPPED) ? drop : null, sim.undecided(), Trace.LIVE);
        return new Merged(t, notes);
    }

    /** A captured packet's line cut after its TCP flags or at 200 characters: the rest is options. */
    private static String shorten(String packet) {
        int flags = packet.indexOf("Flags [");
        int end = flags < 0 ? -1 : packet.indexOf(']', flags);
        String s = end < 0 ? packet : packet.substring(0, end + 1);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    static String probeText(Probe p) {
        return p.proto() + (p.proto().equals("icmp") ? "" : " from port " + p.sport()) + " to "
                + Ip.hostPort(p.to(), p.dport()) + ", " + p.size() + " bytes";
    }

    /** The VIP backend the probe's connection was sent to (conntrack's DNAT), as the simulation names branches. */
    static String branch(Trace sim, Probe probe, List<LiveEvidence> evidence, List<String> notes) {
        List<String> branches = sim.hops().stream().map(Hop::branch).filter(Objects::nonNull).distinct().toList();
        if (branches.isEmpty()) return null;
        TracedDnat dnat = tracedDnat(probe, evidence);
        for (LiveEvidence e : evidence) {
            for (ConntrackEntry c : e.conntrack()) {
                if (!c.dnat()) continue;
                for (String b : branches) {
                    if (b.equals("backend " + c.dnatTarget()) || b.equals("backend " + c.replySrc())) {
                        notes.add(e.node() + " conntrack: DNAT to " + c.dnatTarget() + " (" + c.line() + ")");
                        return b;
                    }
                }
                notes.add("live evidence and the simulation disagree: " + e.node() + " sent the probe to "
                        + c.dnatTarget() + ", a backend the simulation does not know (" + c.line() + ")");
                return null;
            }
        }
        // No conntrack entry (one is listed only once its first packet has left): the DNAT the trace saw.
        if (dnat != null) {
            String traced = dnat.target();
            for (String b : branches) {
                if (b.equals("backend " + traced) || traced.startsWith(b.substring("backend ".length()) + ":")) {
                    notes.add(dnat.by() + ": DNAT to " + traced);
                    return b;
                }
            }
        }
        return null;
    }

    /** A DNAT target a trace saw, and what traced it ("nft trace", "iptables TRACE"). */
    private record TracedDnat(String target, String by) {}

    /** The target of the first "dnat to X" rule the probe's request met on any node, or null. */
    private static TracedDnat tracedDnat(Probe probe, List<LiveEvidence> evidence) {
        for (LiveEvidence e : evidence) {
            for (NftTraceEvent ev : e.events()) {
                Matcher m = DNAT.matcher(ev.rule());
                NftTraceEvent pkt = e.packetOf(ev);
                if (m.find() && pkt != null && !isOuter(probe, pkt) && probe.request(pkt))
                    return new TracedDnat(m.group(1) != null ? m.group(1) : m.group(2), e.tracer().label());
            }
        }
        return null;
    }

    /** What the probe showed of one phase, or null. */
    static String live(Hop h, Probe probe, Map<String, LiveEvidence> byNode, ProbeOutcome outcome) {
        boolean request = h.direction().equals("request");
        if (h.phase().equals("DELIVER") && outcome.answered() && request)
            return "the sender was answered ("
                    + outcome.text() + ")";
        if (h.phase().equals("DELIVER") && outcome.kind().equals(ProbeOutcome.REFUSED) && request)
            return "the sender was refused (" + outcome.text() + ")";
        LiveEvidence e = byNode.get(h.at());
        if (e == null) return null;
        switch (h.phase()) {
            case "ROUTE" -> {
                NftTraceEvent seen = first(e, probe, request, false);
                return seen == null ? null : "seen " + hook(seen) + ": " + seen.packetText();
            }
            case "NAT" -> {
                if (!h.detail().startsWith("DNAT")) return null;
                return e.conntrack().stream().filter(ConntrackEntry::dnat).findFirst()
                        .map(c -> "conntrack: DNAT to " + c.dnatTarget()).orElse(null);
            }
            case "FILTER" -> {
                Matcher nft = NFT_CHAIN.matcher(h.detail());
                Matcher m = FILTER_CHAIN.matcher(h.detail());
                String family = nft.find() ? nft.group(1) : null;
                String table = family != null ? nft.group(2) : "filter";
                String chain = family != null ? nft.group(3) : m.find() ? m.group(1) : null;
                for (NftTraceEvent ev : e.events()) {
                    if (!ev.table().equals(table) || !ev.chain().equals(chain) || ev.verdict() == null) continue;
                    if (family != null && !ev.family().equals(family)) continue;
                    NftTraceEvent pkt = e.packetOf(ev);
                    if (pkt == null || !sameDirection(probe, pkt, h, request)) continue;
                    if (ev.kind().equals("verdict") && ev.verdict().equals("continue")) continue;
                    return e.tracer().label() + ": " + ev.family() + " " + table + " " + chain + " "
                            + (ev.kind().equals("rule")
                                    ? "rule " + ev.rule() + " (verdict " + ev.verdict() + ")"
                                    : ev.kind() + " " + ev.verdict());
                }
                return null;
            }
            case "VXLAN-ENCAP" -> {
                NftTraceEvent out = outer(e, probe, true, h);
                return out == null
                        ? null
                        : e.tracer().label() + ": " + out.packetText() + " leaves by " + out.field("oif");
            }
            case "UNDERLAY" -> {
                Matcher m = OUTER.matcher(h.detail());
                if (!m.find()) return null;
                String ends = m.group(1) + ".";
                String vtep = m.group(2) != null ? m.group(2) : m.group(3);
                // tcpdump writes "IP 192.168.56.10.40000 > …" and, over IPv6, "IP6 fd56::a.40000 > fd56::b.4789".
                long n = e.wire().stream().filter(w -> (w.contains(" IP " + ends) || w.contains(" IP6 " + ends))
                        && w.contains(" > " + vtep + "." + m.group(4) + ":")).count();
                return n == 0
                        ? null
                        : "captured " + n + " packet" + (n == 1 ? "" : "s") + " " + m.group(1) + " → "
                                + Ip.hostPort(vtep, Integer.valueOf(m.group(4))) + " on the underlay";
            }
            case "VXLAN-DECAP" -> {
                NftTraceEvent in = outer(e, probe, false, h);
                return in == null
                        ? null
                        : e.tracer().label() + ": " + in.packetText() + " came in by " + in.field("iif");
            }
            default -> {
                return null;
            }
        }
    }

    /** The first packet the trace table marked here in this direction, not a VXLAN packet (unless outer). */
    private static NftTraceEvent first(LiveEvidence e, Probe probe, boolean request, boolean outer) {
        for (NftTraceEvent s : e.sightings(probe.table())) {
            boolean isOuter = isOuter(probe, s);
            if (isOuter != outer) continue;
            if (!isOuter && probe.request(s) != request) continue;
            return s;
        }
        return null;
    }

    private static boolean isOuter(Probe probe, NftTraceEvent s) {
        String dport = s.field("udp dport");
        return dport != null && probe.vxlanPorts().contains(Integer.valueOf(dport))
                && !(probe.proto().equals("udp") && dport.equals(String.valueOf(probe.dport())));
    }

    /** A VXLAN packet of the probe on this node, leaving (output hook) or arriving (prerouting), in the hop's way. */
    private static NftTraceEvent outer(LiveEvidence e, Probe probe, boolean leaving, Hop h) {
        for (NftTraceEvent s : e.sightings(probe.table())) {
            if (!isOuter(probe, s) || s.chain().equals("out") != leaving) continue;
            if (h.detail().contains(s.saddr() + " → " + bracketed(s.daddr()))
                    || h.phase().equals("VXLAN-DECAP"))
                return s;
        }
        return null;
    }

    private static boolean sameDirection(Probe probe, NftTraceEvent pkt, Hop h, boolean request) {
        if (isOuter(probe, pkt)) return h.detail().contains(Ip.beforePort(pkt.saddr()));
        return probe.request(pkt) == request;
    }

    private static String hook(NftTraceEvent s) {
        return s.chain().equals("out")
                ? "sent (output, oif " + s.field("oif") + ")"
                : "in prerouting (iif " + s.field("iif") + ")";
    }

    /** The first drop or reject any node traced for the probe, named by the rule whose counter it moved. */
    static Drop tracedDrop(Probe probe, List<LiveEvidence> evidence, List<Hop> hops) {
        for (String direction : List.of("request", "reply")) {
            for (LiveEvidence e : evidence) {
                for (NftTraceEvent ev : e.events()) {
                    if (!ev.drops() || ev.table().equals(probe.table())) continue;
                    NftTraceEvent pkt = e.packetOf(ev);
                    String dir = pkt == null ? "request" : directionOf(probe, pkt, hops);
                    if (!dir.equals(direction)) continue;
                    if (!NftRuleset.isIptables(ev.family(), ev.table())) return nftDrop(e, ev, pkt, dir, hops);
                    String family = ev.family().equals("ip6") ? "ip6" : "ip";
                    String rule = e.moved().stream().filter(c -> c.family().equals(family)
                            && c.table().equals(ev.table())
                            && c.chain().equals(ev.chain()) && c.drops()
                            && (ev.kind().equals("policy") == (c.position() == 0))).findFirst()
                            .map(RuleCounters.Counted::where).orElse(null);
                    if (rule == null)
                        rule = ev.family() + " " + ev.table() + " " + ev.chain() + (ev.kind().equals(
                                "rule") ? " rule " + ev.rule() : " policy " + ev.verdict());
                    String phase = ev.table().equals("nat") ? "NAT" : "FILTER";
                    String reason = (pkt == null ? "" : pkt.packetText() + ": ") + rule + " (" + e.tracer().label()
                            + ": verdict "
                            + ev.verdict() + ")";
                    String cmd = e.node() + (family.equals("ip6") ? " ip6tables" : " iptables") + " -t " + ev.table()
                            + " -L " + ev.chain()
                            + " -v -n --line-numbers";
                    return new Drop(e.node(), phase, dir, reason, cmd);
                }
            }
        }
        return null;
    }

    /**
     * A drop traced in one of nftables' own tables, named as the simulation names its rules ("nft inet userfw forward
     * rule 2: ip daddr 10.0.0.129 drop # handle 3") where a simulated phase of the node holds the same rule, and in
     * the trace's words otherwise; shown by {@code nft list chain … -a}, whose handles a delete names.
     */
    private static Drop nftDrop(LiveEvidence e, NftTraceEvent ev, NftTraceEvent pkt, String dir, List<Hop> hops) {
        String where = "nft " + ev.family() + " " + ev.table() + " " + ev.chain();
        String rule = ev.kind().equals("rule")
                ? where + " rule: " + ev.rule()
                : where + " policy " + ev.verdict().toUpperCase(java.util.Locale.ROOT);
        String phase = "FILTER";
        for (Hop h : hops) {
            int at = h.detail().indexOf(where + " ");
            if (!nodeOf(h.at()).equals(e.node()) || at < 0) continue;
            String named = h.detail().substring(at).replaceAll(" \\(for [0-9.]+% of packets\\)$", "");
            Matcher m = Pattern.compile("^\\S+ \\S+ \\S+ \\S+ rule \\d+: (.*) # handle \\d+$").matcher(named);
            boolean same = ev.kind().equals("rule")
                    ? m.matches() && stateless(m.group(1)).equals(stateless(ev.rule()))
                    : named.equals(rule);
            if (same) {
                rule = named;
                phase = h.phase();
                break;
            }
        }
        String reason = (pkt == null ? "" : pkt.packetText() + ": ") + rule + " (" + e.tracer().label() + ": verdict "
                + ev.verdict() + ")";
        return new Drop(e.node(), phase, dir, reason, e.node() + " nft list chain " + ev.family() + " " + ev.table()
                + " " + ev.chain() + " -a");
    }

    /** A rule's text without its counter: the trace prints the counter's numbers, the simulation none. */
    private static String stateless(String rule) {
        return rule.replaceAll("\\bcounter( packets \\d+ bytes \\d+)?", "").replaceAll("\\s+", " ").strip();
    }

    /** "; node2 counted it: filter FORWARD rule 1 (1 packet)": the drop rules whose counters the probe moved. */
    private static String counted(LiveEvidence e) {
        if (e == null) return "";
        List<String> rules = e.moved().stream().filter(RuleCounters.Counted::drops).map(c -> c.table() + " "
                + c.chain() + (c.position() == 0 ? " policy" : " rule " + c.position()) + " (" + c.packets()
                + (c.packets() == 1 ? " packet)" : " packets)")).toList();
        return rules.isEmpty() ? "" : "; " + e.node() + " counted it: " + String.join(", ", rules);
    }

    /** request or reply: by the probe's port, or for a VXLAN packet by the simulated encapsulation it matches. */
    private static String directionOf(Probe probe, NftTraceEvent pkt, List<Hop> hops) {
        if (!isOuter(probe, pkt)) return probe.request(pkt) ? "request" : "reply";
        String ends = pkt.saddr() + " → " + Ip.beforePort(pkt.daddr());
        for (Hop h : hops) {
            if (h.phase().equals("UNDERLAY") && h.detail().contains(ends)) return h.direction();
        }
        return "request";
    }

    /** An address as it stands before a port in a phase's text: IPv6 in brackets. */
    private static String bracketed(String address) {
        String before = Ip.beforePort(address);
        return before.substring(0, before.length() - 1);
    }

    private static String nodeOf(String at) {
        int on = at.indexOf(" on ");
        return on < 0 ? at : at.substring(on + 4);
    }

    private static boolean seenOn(String node, Probe probe, Map<String, LiveEvidence> byNode, String direction) {
        LiveEvidence e = byNode.get(node);
        if (e == null) return false;
        return e.sightings(probe.table()).stream().anyMatch(s -> isOuter(probe, s)
                || probe.request(s) == direction.equals("request"));
    }

    /** The last simulated request phase whose node marked the probe, or null. */
    private static Hop lastHopSeen(List<Hop> hops, Probe probe, Map<String, LiveEvidence> byNode) {
        Hop last = null;
        for (Hop h : hops) {
            if (!h.direction().equals("request")) continue;
            if (seenOn(nodeOf(h.at()), probe, byNode, "request")) last = h;
        }
        return last;
    }

    /** The node's last trace event of a request packet (outside the trace table itself), or null. */
    private static NftTraceEvent lastRequestEvent(LiveEvidence e, Probe probe, List<Hop> hops) {
        NftTraceEvent last = null;
        for (NftTraceEvent ev : e.events()) {
            if (ev.table().equals(probe.table()) || ev.kind().equals("packet")) continue;
            NftTraceEvent pkt = e.packetOf(ev);
            if (pkt != null && !isOuter(probe, pkt) && directionOf(probe, pkt, hops).equals("request")) last = ev;
        }
        return last;
    }

    private static String describe(NftTraceEvent ev) {
        return ev.family() + " " + ev.table() + " " + ev.chain() + (ev.kind().equals("rule")
                ? ": " + ev.rule() + " (verdict " + ev.verdict() + ")"
                : " " + ev.kind() + " " + ev.text());
    }

    private static String by(String node, String command) { return node + " " + command; }

    /** "node1 (in prerouting (iif nsbr0): tcp …)": where the request was marked last along the simulated path. */
    private static String lastSeen(List<Hop> hops, Probe probe, Map<String, LiveEvidence> byNode) {
        Hop h = lastHopSeen(hops, probe, byNode);
        if (h == null) return null;
        String node = nodeOf(h.at());
        List<NftTraceEvent> seen = byNode.get(node).sightings(probe.table());
        NftTraceEvent s = seen.get(seen.size() - 1);
        return node + " (" + hook(s) + ": " + s.packetText() + ")";
    }

    /** Whether the node of the last request phase (the receiver, or the node of a receiving container) saw it. */
    private static boolean reachedEnd(List<Hop> hops, Probe probe, Map<String, LiveEvidence> byNode) {
        Hop end = null;
        for (Hop h : hops) if (h.direction().equals("request")) end = h;
        return end != null && seenOn(nodeOf(end.at()), probe, byNode, "request");
    }
}
