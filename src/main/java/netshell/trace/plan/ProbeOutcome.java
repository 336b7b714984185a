package netshell.trace.plan;

import java.util.Locale;

/**
 * How the probe's sender saw it end: answered (a TCP connection, an echo reply), sent (a UDP datagram), refused (a TCP
 * reset, ICMP port unreachable), unreachable (another ICMP error, such as host unreachable from a router), or no
 * answer at all, with the sender's own words.
 */
public record ProbeOutcome(String kind, String text) {
    public static final String ANSWERED = "answered";
    public static final String REFUSED = "refused";
    public static final String UNREACHABLE = "unreachable";
    public static final String NO_ANSWER = "no answer";
    /** A UDP datagram left the sender: whether it arrived only the nodes can tell. */
    public static final String SENT = "sent";

    /** The outcome of the sender's run: its protocol, exit status and output (ping's, or socat's). */
    public static ProbeOutcome of(String proto, int exit, String output) {
        String out = output == null ? "" : output;
        String low = out.toLowerCase(Locale.ROOT);
        String line = out.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        if (proto.equals("icmp")) {
            if (exit == 0 && low.contains(" 1 received")) return new ProbeOutcome(ANSWERED, "echo reply");
            // ping -6 says "Packet too big: mtu=1400" where ping says "Frag needed", and "Port unreachable".
            String error = out.lines().filter(l -> l.toLowerCase(Locale.ROOT).contains("unreachable")
                    || l.contains("frag needed") || l.toLowerCase(Locale.ROOT).contains("too long")
                    || l.toLowerCase(Locale.ROOT).contains("too big")).findFirst()
                    .map(String::strip).orElse(null);
            if (error != null)
                return new ProbeOutcome(error.toLowerCase(Locale.ROOT).contains("port unreachable")
                        ? REFUSED
                        : UNREACHABLE, error);
            return new ProbeOutcome(NO_ANSWER, "no echo reply");
        }
        if (low.contains("connection refused")) return new ProbeOutcome(REFUSED, "connection refused");
        if (low.contains("no route to host") || low.contains("network is unreachable")
                || low.contains("message too long"))
            return new ProbeOutcome(UNREACHABLE, errorOf(line));
        if (exit == 0 && proto.equals("udp")) return new ProbeOutcome(SENT, "udp awaits no answer");
        if (exit == 0) return new ProbeOutcome(ANSWERED, "connected");
        return new ProbeOutcome(NO_ANSWER, low.contains("timed out") || line.isEmpty() ? "timed out" : errorOf(line));
    }

    private static String errorOf(String line) {
        int colon = line.lastIndexOf(": ");
        return colon < 0 ? line : line.substring(colon + 2);
    }

    public boolean answered() { return kind.equals(ANSWERED); }

    /** "the sender got no answer (timed out)": how the sender saw it, as a clause of a sentence. */
    public String sentence() {
        return switch (kind) {
            case ANSWERED -> "the sender was answered (" + text + ")";
            case REFUSED -> "the sender was refused (" + text + ")";
            case UNREACHABLE -> "the sender got an error (" + text + ")";
            case SENT -> "the sender sent it (" + text + ")";
            default -> "the sender got no answer (" + text + ")";
        };
    }
}
