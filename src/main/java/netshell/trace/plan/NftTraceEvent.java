package netshell.trace.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code nft monitor trace}: the packet's trace id, the family, table and chain evaluating it, the kind
 * of event (packet, rule, verdict, policy, conntrack) and the rest of the line. A "packet:" line carries the headers
 * ({@link #field}: iif, oif, ip saddr, tcp dport …); a rule line ends in "(verdict drop)".
 */
public record NftTraceEvent(String id, String family, String table, String chain, String kind, String text) {
    private static final Pattern LINE = Pattern
            .compile("^trace id (\\S+) (\\S+) (\\S+) (\\S+) (packet:|rule|verdict|policy|conntrack:)\\s?(.*)$");
    private static final Pattern VERDICT = Pattern.compile("\\(verdict ([^)]*)\\)\\s*$");
    /** Header fields of a packet line, as nft names them; values are one word (quotes dropped). */
    private static final Pattern FIELD = Pattern.compile(
            "(?:^|\\s)(iif|oif|ip saddr|ip daddr|ip protocol|ip length|tcp sport|tcp dport|tcp flags ==|udp sport"
                    + "|udp dport|icmp type|meta l4proto|ip6 saddr|ip6 daddr|ip6 nexthdr|ip6 length|icmpv6 type)"
                    + " (\"[^\"]*\"|\\S+)");

    /** The event of a line, or null for a line that is no trace event (ruleset changes, blank lines). */
    public static NftTraceEvent parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) return null;
        String kind = m.group(5).replace(":", "");
        return new NftTraceEvent(m.group(1), m.group(2), m.group(3), m.group(4), kind, m.group(6).strip());
    }

    /** The verdict of a rule, verdict or policy event ("drop", "accept", "continue", "jump X"), else null. */
    public String verdict() {
        switch (kind) {
            case "rule" -> {
                Matcher m = VERDICT.matcher(text);
                return m.find() ? m.group(1).strip() : null;
            }
            case "verdict", "policy" -> {
                return text;
            }
            default -> {
                return null;
            }
        }
    }

    /** Whether this event ends the packet: a drop or a reject by a rule or a chain's policy. */
    public boolean drops() {
        String v = verdict();
        return v != null && (v.equals("drop") || v.startsWith("reject"));
    }

    /** The rule as nft prints it, without its verdict and counter (for a rule event), else "". */
    public String rule() {
        if (!kind.equals("rule")) return "";
        return VERDICT.matcher(text).replaceAll("").replaceAll("counter packets \\d+ bytes \\d+ ?", "").strip();
    }

    /** The header fields of a packet line by nft's names ("ip saddr" → "10.0.0.65"); empty for other events. */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!kind.equals("packet")) return out;
        Matcher m = FIELD.matcher(text);
        while (m.find()) out.putIfAbsent(m.group(1).replace(" ==", ""), m.group(2).replace("\"", ""));
        return out;
    }

    public String field(String name) { return fields().get(name); }

    /** The packet's source address, IPv4's or IPv6's (null for other events). */
    public String saddr() {
        Map<String, String> f = fields();
        return f.containsKey("ip saddr") ? f.get("ip saddr") : f.get("ip6 saddr");
    }

    /** The packet's destination address, IPv4's or IPv6's. */
    public String daddr() {
        Map<String, String> f = fields();
        return f.containsKey("ip daddr") ? f.get("ip daddr") : f.get("ip6 daddr");
    }

    /** The packet's addresses and ports as the simulator writes them: "tcp 10.0.0.65:40001 → 10.0.0.129:80". */
    public String packetText() {
        Map<String, String> f = fields();
        String proto = f.containsKey("tcp sport")
                ? "tcp"
                : f.containsKey("udp sport")
                        ? "udp"
                        : f.containsKey("icmp type") || "icmp".equals(f.get("ip protocol"))
                                ? "icmp"
                                : f.containsKey("icmpv6 type") || "ipv6-icmp".equals(f.get("ip6 nexthdr"))
                                        ? "icmpv6"
                                        : f.containsKey("ip6 saddr") ? "ip6" : "ip";
        String sport = f.get(proto + " sport");
        String dport = f.get(proto + " dport");
        return proto + " " + withPort(saddr(), sport) + " → " + withPort(daddr(), dport);
    }

    private static String withPort(String address, String port) {
        return port == null ? String.valueOf(address) : Ip.beforePort(address) + port;
    }
}
