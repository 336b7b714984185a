package netshell.trace.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iptables-legacy's TRACE lines in the kernel log ({@code dmesg}, {@code journalctl -k}) read as the events of an nft
 * trace: {@code TRACE: filter:FORWARD:rule:2 IN=eth1 OUT=nsbr0 … SRC=… DST=… PROTO=TCP SPT=… DPT=… SYN} is one step of
 * a packet, {@code :policy:N} the chain's policy and {@code :return:N} the end of a chain. A log line names a rule by
 * its position only, so its text and verdict come from the ruleset read while the rules traced ({@code iptables-save
 * -c}); and it carries no trace id, so one is given per packet: anew where a packet enters raw (where the probe's rules
 * mark it) or where the logged packet changes. The rule that marks a packet is not logged, so each new packet is also
 * a sighting of the trace table, in "pre" or "out" by whether it came in on an interface. ip6tables' lines ({@code
 * SRC=fd00:0010:…} in full, {@code HOPLIMIT=}, {@code PROTO=ICMPv6 TYPE=128}) are IPv6 packets, family "ip6", named
 * from ip6tables' rules in {@code rules}.
 */
public final class KernelTraceLog {
    private static final Pattern LINE = Pattern.compile("TRACE: ([^:\\s]+):([^:\\s]+):(rule|policy|return):(\\d+)"
            + " (.*)$");
    private static final Pattern KV = Pattern.compile("^([A-Z]+)=(.*)$");
    private static final List<String> TCP_FLAGS = List.of("SYN", "ACK", "FIN", "RST", "PSH", "URG");
    private static final Pattern TARGET = Pattern.compile("\\s-[jg] (\\S+)");

    private KernelTraceLog() {}

    /**
     * The events of the log lines, in order; {@code rules}: the ruleset the lines refer to. Lines that are no TRACE
     * lines are skipped.
     */
    public static List<NftTraceEvent> parse(List<String> lines, RuleCounters rules, Probe probe) {
        List<NftTraceEvent> out = new ArrayList<>();
        int packets = 0;
        String packetKey = null;
        String lastChain = null;
        for (String raw : lines) {
            Matcher m = LINE.matcher(raw);
            if (!m.find()) continue;
            String table = m.group(1);
            String chain = m.group(2);
            String kind = m.group(3);
            int n = Integer.parseInt(m.group(4));
            Map<String, String> kv = new LinkedHashMap<>();
            List<String> flags = new ArrayList<>();
            for (String w : m.group(5).strip().split("\\s+")) {
                Matcher k = KV.matcher(w);
                if (k.matches()) kv.putIfAbsent(k.group(1), k.group(2));
                else if (TCP_FLAGS.contains(w)) flags.add(w);
            }
            String proto = kv.getOrDefault("PROTO", "").toLowerCase(Locale.ROOT);
            String family = kv.getOrDefault("SRC", "").contains(":") ? "ip6" : "ip";
            String type = kv.get("TYPE");
            String words = PacketWords.nft(kv, proto.isEmpty() ? null : proto, flags, type == null
                    ? null
                    : family.equals("ip6") ? PacketWords.icmpv6Type(type) : PacketWords.icmpType(type));
            // The packet as it entered this node: its source and IP id (a DNAT in between changes the destination).
            String key = kv.get("SRC") + " " + kv.get("ID") + " " + kv.get("SPT");
            String where = table + ":" + chain;
            boolean entersRaw = table.equals("raw") && !where.equals(lastChain);
            String id;
            if (entersRaw || !key.equals(packetKey)) {
                packets++;
                packetKey = key;
                id = String.format(Locale.ROOT, "%08x", packets);
                String hook = kv.getOrDefault("IN", "").isEmpty() ? "out" : "pre";
                out.add(new NftTraceEvent(id, family, probe.table(), hook, "packet", words));
                lastChain = null;
            } else {
                id = String.format(Locale.ROOT, "%08x", packets);
            }
            if (!where.equals(lastChain)) out.add(new NftTraceEvent(id, family, table, chain, "packet", words));
            lastChain = where;
            out.add(step(id, family, table, chain, kind, n, rules));
        }
        return out;
    }

    /** A log line's step, its rule text and verdict taken from the ruleset of its family. */
    private static NftTraceEvent step(String id, String family, String table, String chain, String kind, int n,
            RuleCounters rules) {
        if (kind.equals("return")) return new NftTraceEvent(id, family, table, chain, "verdict", "continue");
        List<RuleCounters.Counted> here = rules.all().stream().filter(c -> c.family().equals(family)
                && c.table().equals(table) && c.chain().equals(chain)).toList();
        if (kind.equals("policy")) {
            String policy = here.stream().filter(c -> c.position() == 0).map(c -> c.text().substring("policy "
                    .length()).toLowerCase(Locale.ROOT)).findFirst().orElse("accept");
            return new NftTraceEvent(id, family, table, chain, "policy", policy);
        }
        String rule = here.stream().filter(c -> c.position() == n).map(RuleCounters.Counted::text).findFirst()
                .orElse(null);
        if (rule == null)
            return new NftTraceEvent(id, family, table, chain, "rule", "rule " + n + " (verdict continue)");
        return new NftTraceEvent(id, family, table, chain, "rule", rule + " (verdict " + verdict(rule) + ")");
    }

    /**
     * What a rule does to the packet, by its target (the first -j or -g outside quotes: iptables-save writes the
     * target after the matches): drop, reject, accept, jump CHAIN, return, or continue.
     */
    static String verdict(String rule) {
        String unquoted = rule.replaceAll("\"[^\"]*\"", "\"\"");
        Matcher m = TARGET.matcher(unquoted);
        if (!m.find()) return "continue";
        String target = m.group(1);
        String how = unquoted.substring(m.start() + 2, m.start() + 3);
        return switch (target) {
            case "DROP" -> "drop";
            case "REJECT" -> "reject";
            case "ACCEPT", "DNAT", "SNAT", "MASQUERADE", "REDIRECT" -> "accept";
            case "RETURN" -> "return";
            case "LOG", "NFLOG", "ULOG", "NOTRACK", "CT", "MARK", "CONNMARK", "TRACE", "TCPMSS", "DSCP", "TOS", "TTL",
                    "CHECKSUM", "SET",
                    "CLASSIFY", "AUDIT", "SECMARK", "CONNSECMARK", "TEE", "IDLETIMER", "LED", "HMARK" ->
                "continue";
            default -> (how.equals("g") ? "goto " : "jump ") + target;
        };
    }
}
