package netshell.trace.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of {@code xtables-monitor --trace} read as the events of an nft trace, which they are (the same netlink
 * messages, printed by iptables): a {@code PACKET: 2 ID IN=… SRC=… SPORT=… SYN} line gives the headers of the packet
 * with trace id ID, and each {@code TRACE: 2 ID TABLE:CHAIN:rule:HANDLE:VERDICT  -4 -t TABLE -A CHAIN …} (or
 * {@code :policy:VERDICT}, {@code :return:}) one step of it. The probe's own TRACE rule (its comment is the probe's
 * {@link Probe#table()}) becomes a sighting of the trace table, in chain "pre" or "out", as an nft trace has it.
 *
 * <p>IPv6 ({@code PACKET: 10 …}, {@code -6 -t …}): xtables-monitor of iptables 1.8.9 cannot print an IPv6 rule that
 * iptables-nft holds as its own port or ICMPv6 payload expressions ({@code -m tcp --dport 80}, {@code -m icmp6}): at
 * the first such rule a traced packet meets, it prints the step without the rule ({@code TRACE: 10 ID
 * filter:FORWARD:rule:0x4:DROP  -6 -t filter}), says "Parsing nftables rule failed" and exits; it also prints
 * conntrack's IPv6 addresses as IPv4 ones. So a step whose rule text is missing, or is no rule of the ruleset, is named
 * from the counters: the rule of its chain whose counter the probe moved and whose target is the step's verdict.
 */
public final class XtablesTraceLines {
    private static final Pattern PACKET = Pattern.compile("^PACKET: (\\d+) ([0-9a-f]+) (.*)$");
    private static final Pattern TRACE = Pattern
            .compile("^TRACE: (\\d+) ([0-9a-f]+) ([^:\\s]+):([^:\\s]+):(rule|policy|return):?(.*)$");
    /** A rule step's rest: its handle, its verdict (JUMP:CHAIN for a jump) and the rule as iptables prints it. */
    private static final Pattern RULE = Pattern.compile("^0x[0-9a-f]+:(\\S+)\\s*(?:-[46] -t \\S+(?:\\s+|$))?(.*)$");
    /** What xtables-monitor says as it exits on a rule it cannot print. */
    private static final String FAILED = "Parsing nftables rule failed";
    private static final Pattern KV = Pattern.compile("^([A-Z]+)=(.*)$");
    private static final List<String> TCP_FLAGS = List.of("SYN", "ACK", "FIN", "RST", "PSH", "URG");

    private XtablesTraceLines() {}

    /** The trace events of the lines, in order; lines that are none (ruleset events, errors) are skipped. */
    public static List<NftTraceEvent> parse(List<String> lines, Probe probe) {
        List<NftTraceEvent> out = new ArrayList<>();
        Map<String, String> packets = new HashMap<>();
        Map<String, String> shownIn = new HashMap<>(); // trace id → the chain its packet line was last given for
        for (String raw : lines) {
            String line = raw.strip();
            Matcher p = PACKET.matcher(line);
            if (p.matches()) {
                packets.put(p.group(2), packetWords(p.group(3)));
                shownIn.remove(p.group(2));
                continue;
            }
            Matcher t = TRACE.matcher(line);
            if (!t.matches()) continue;
            String family = family(t.group(1));
            String id = t.group(2);
            String table = t.group(3);
            String chain = t.group(4);
            String kind = t.group(5);
            String rest = t.group(6).strip();
            String packet = packets.getOrDefault(id, "");
            if (kind.equals("rule")) {
                Matcher r = RULE.matcher(rest);
                String verdict = r.matches() ? verdict(r.group(1)) : "continue";
                String rule = r.matches() ? r.group(2).strip() : rest;
                if (table.equals("raw") && rule.contains("--comment " + probe.table() + " ")) {
                    String hook = chain.equals("OUTPUT") ? "out" : "pre";
                    out.add(new NftTraceEvent(id, family, probe.table(), hook, "packet", packet));
                    out.add(new NftTraceEvent(id, family, probe.table(), hook, "rule", rule + " (verdict " + verdict
                            + ")"));
                    shownIn.remove(id);
                    continue;
                }
                showPacket(out, shownIn, id, family, table, chain, packet);
                out.add(new NftTraceEvent(id, family, table, chain, "rule", rule + " (verdict " + verdict + ")"));
            } else {
                showPacket(out, shownIn, id, family, table, chain, packet);
                String verdict = rest.isEmpty() ? "continue" : verdict(rest.split("\\s+")[0]);
                out.add(new NftTraceEvent(id, family, table, chain, kind.equals("policy") ? "policy" : "verdict",
                        verdict));
            }
        }
        return out;
    }

    /**
     * The events of the lines, each rule step named from the ruleset read while the probe was marked ({@code saved})
     * where the monitor printed no rule, or one the ruleset does not hold (see above), by the rules whose counters
     * the probe moved ({@code moved}).
     */
    public static List<NftTraceEvent> parse(List<String> lines, Probe probe, RuleCounters saved,
            List<RuleCounters.Counted> moved) {
        List<NftTraceEvent> out = new ArrayList<>();
        for (NftTraceEvent ev : parse(lines, probe)) {
            if (!ev.kind().equals("rule") || ev.table().equals(probe.table())) {
                out.add(ev);
                continue;
            }
            List<RuleCounters.Counted> here = saved.all().stream().filter(c -> same(c, ev)).toList();
            String rule = ev.rule();
            if (!rule.isEmpty() && here.stream().anyMatch(c -> c.text().equals(rule))) {
                out.add(ev);
                continue;
            }
            String named = moved.stream().filter(c -> same(c, ev) && KernelTraceLog.verdict(c.text()).equals(ev
                    .verdict())).map(RuleCounters.Counted::text).findFirst().orElse(rule);
            out.add(new NftTraceEvent(ev.id(), ev.family(), ev.table(), ev.chain(), "rule", named + " (verdict "
                    + ev.verdict() + ")"));
        }
        return out;
    }

    private static boolean same(RuleCounters.Counted c, NftTraceEvent ev) {
        return c.position() > 0 && c.family().equals(ev.family()) && c.table().equals(ev.table()) && c.chain()
                .equals(ev.chain());
    }

    /**
     * Where the monitor stopped, when it exited on a rule it could not print: "ip6 filter FORWARD" (the family,
     * table and chain of its last step); null while it ran on.
     */
    public static String stoppedAt(List<String> lines) {
        if (lines.stream().noneMatch(l -> l.contains(FAILED))) return null;
        String at = null;
        for (String raw : lines) {
            Matcher t = TRACE.matcher(raw.strip());
            if (t.matches()) at = family(t.group(1)) + " " + t.group(3) + " " + t.group(4);
        }
        return at == null ? "a ruleset change" : at;
    }

    /** Whether a line is xtables-monitor's last: it exits on a rule it cannot print. */
    public static boolean exited(String line) {
        return line.contains(FAILED);
    }

    /** The packet line before the first step of a chain, as nft prints one per chain a packet enters. */
    private static void showPacket(List<NftTraceEvent> out, Map<String, String> shownIn, String id, String family,
            String table, String chain, String packet) {
        String where = table + ":" + chain;
        if (where.equals(shownIn.get(id))) return;
        shownIn.put(id, where);
        out.add(new NftTraceEvent(id, family, table, chain, "packet", packet));
    }

    /** "JUMP:CHECKS" → "jump CHECKS", "DROP" → "drop", as nft names verdicts. */
    static String verdict(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        return colon < 0 ? lower : lower.substring(0, colon) + " " + v.substring(colon + 1);
    }

    private static String family(String number) {
        return switch (number) {
            case "1" -> "inet";
            case "3" -> "arp";
            case "5" -> "netdev";
            case "7" -> "bridge";
            case "10" -> "ip6";
            default -> "ip";
        };
    }

    /**
     * The headers of a PACKET line in nft's words. It names no protocol: ports with TCP flags are tcp, ports without
     * are udp, no ports icmp (the TRACE rules match only these three).
     */
    static String packetWords(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (String w : text.strip().split("\\s+")) {
            Matcher m = KV.matcher(w);
            if (m.matches()) kv.putIfAbsent(m.group(1), m.group(2));
            else if (TCP_FLAGS.contains(w)) flags.add(w);
        }
        String proto = kv.containsKey("SPORT") ? flags.isEmpty() ? "udp" : "tcp" : "icmp";
        return PacketWords.nft(kv, proto, flags, null);
    }
}
