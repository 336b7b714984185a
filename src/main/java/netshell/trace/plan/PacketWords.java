package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import netshell.kernel.IpText;

/**
 * A packet as iptables' tracers print it ({@code IN=eth1 SRC=… SPORT=…}) put in nft's words ({@code iif "eth1" ip
 * saddr … tcp sport …}), so that a TRACE sighting reads like an nft trace's "packet:" line ({@link
 * NftTraceEvent#fields}).
 */
final class PacketWords {
    private PacketWords() {}

    /**
     * {@code kv}: the KEY=VALUE words of the line (IN, OUT, SRC, DST, LEN, and the ports as SPORT/DPORT or SPT/DPT);
     * {@code proto}: tcp, udp, icmp (or icmpv6), or null when unknown; {@code flags}: TCP flags; {@code icmpType}:
     * nft's name of the ICMP or ICMPv6 type, or null. An IPv6 packet (its source has a colon) is put as nft puts one:
     * {@code ip6 saddr}, {@code ip6 nexthdr}, {@code icmpv6 type}; the kernel log writes its addresses in full, nft
     * shortened.
     */
    static String nft(Map<String, String> kv, String proto, List<String> flags, String icmpType) {
        List<String> out = new ArrayList<>();
        if (present(kv.get("IN"))) out.add("iif \"" + kv.get("IN") + "\"");
        if (present(kv.get("OUT"))) out.add("oif \"" + kv.get("OUT") + "\"");
        String src = kv.get("SRC");
        boolean v6 = src != null && src.contains(":");
        String ip = v6 ? "ip6" : "ip";
        boolean icmp = "icmp".equals(proto) || "icmpv6".equals(proto);
        if (src != null) out.add(ip + " saddr " + address(src));
        if (kv.get("DST") != null) out.add(ip + " daddr " + address(kv.get("DST")));
        if (kv.get("LEN") != null) out.add(ip + " length " + kv.get("LEN"));
        if (proto != null) out.add(v6 ? "ip6 nexthdr " + (icmp ? "ipv6-icmp" : proto) : "ip protocol " + proto);
        String sport = kv.getOrDefault("SPORT", kv.get("SPT"));
        String dport = kv.getOrDefault("DPORT", kv.get("DPT"));
        if (proto != null && !icmp && sport != null && dport != null) {
            out.add(proto + " sport " + sport);
            out.add(proto + " dport " + dport);
        }
        if ("tcp".equals(proto) && !flags.isEmpty())
            out.add("tcp flags == " + String.join("|", flags).toLowerCase(Locale.ROOT));
        if (icmp && icmpType != null) out.add((v6 ? "icmpv6" : "icmp") + " type " + icmpType);
        return String.join(" ", out);
    }

    /** nft's name of an ICMPv6 type number (echo-request for 128), or the number. */
    static String icmpv6Type(String number) {
        return switch (number) {
            case "1" -> "destination-unreachable";
            case "2" -> "packet-too-big";
            case "3" -> "time-exceeded";
            case "128" -> "echo-request";
            case "129" -> "echo-reply";
            case "135" -> "nd-neighbor-solicit";
            case "136" -> "nd-neighbor-advert";
            default -> number;
        };
    }

    /** An address as nft writes it: IPv6 shortened (the kernel log writes all eight groups). */
    private static String address(String text) {
        return text.contains(":") && IpText.isAddress(text) ? IpText.canonical(text) : text;
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
