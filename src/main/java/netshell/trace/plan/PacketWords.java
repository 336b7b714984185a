package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A packet as iptables' tracers print it ({@code IN=eth1 SRC=… SPORT=…}) put in nft's words ({@code iif "eth1" ip
 * saddr … tcp sport …}), so that a TRACE sighting reads like an nft trace's "packet:" line ({@link
 * NftTraceEvent#fields}).
 */
final class PacketWords {
    private PacketWords() {}

    /**
     * {@code kv}: the KEY=VALUE words of the line (IN, OUT, SRC, DST, LEN, and the ports as SPORT/DPORT or SPT/DPT);
     * {@code proto}: tcp, udp, icmp, or null when unknown; {@code flags}: TCP flags; {@code icmpType}: or null.
     */
    static String nft(Map<String, String> kv, String proto, List<String> flags, String icmpType) {
        List<String> out = new ArrayList<>();
        if (present(kv.get("IN"))) out.add("iif \"" + kv.get("IN") + "\"");
        if (present(kv.get("OUT"))) out.add("oif \"" + kv.get("OUT") + "\"");
        String src = kv.get("SRC");
        String ip = src != null && src.contains(":") ? "ip6" : "ip";
        if (src != null) out.add(ip + " saddr " + src);
        if (kv.get("DST") != null) out.add(ip + " daddr " + kv.get("DST"));
        if (kv.get("LEN") != null) out.add(ip + " length " + kv.get("LEN"));
        if (proto != null) out.add("ip protocol " + proto);
        String sport = kv.getOrDefault("SPORT", kv.get("SPT"));
        String dport = kv.getOrDefault("DPORT", kv.get("DPT"));
        if (proto != null && !proto.equals("icmp") && sport != null && dport != null) {
            out.add(proto + " sport " + sport);
            out.add(proto + " dport " + dport);
        }
        if ("tcp".equals(proto) && !flags.isEmpty())
            out.add("tcp flags == " + String.join("|", flags).toLowerCase(Locale.ROOT));
        if ("icmp".equals(proto) && icmpType != null) out.add("icmp type " + icmpType);
        return String.join(" ", out);
    }

    /** nft's name of an ICMP type number (echo-request for 8), or the number. */
    static String icmpType(String number) {
        return switch (number) {
            case "0" -> "echo-reply";
            case "3" -> "destination-unreachable";
            case "8" -> "echo-request";
            case "11" -> "time-exceeded";
            default -> number;
        };
    }

    private static boolean present(String v) {
        return v != null && !v.isEmpty();
    }
}
