package netshell.trace.plan;

import java.util.List;

/**
 * A trace, simulated or live ({@code mode}): the phases of the request and the reply ({@code hops}, one branch per
 * VIP backend), the verdict (ALLOWED, DROPPED, or UNDECIDED when the packet leaves the nodes read), where it was
 * dropped, and what the simulation could not decide without a packet.
 */
public record Trace(String from, String to, String proto, Integer port, int size, List<Hop> hops, String verdict,
        Drop dropAt, List<String> undecided, String mode) {
    /** A trace from lookups alone: nothing sent. */
    public static final String SIMULATE = "simulate";
    /** A trace of one probe sent, with the simulation for what the probe cannot show. */
    public static final String LIVE = "live";

    public static final String ALLOWED = "ALLOWED";
    public static final String DROPPED = "DROPPED";
    public static final String UNDECIDED = "UNDECIDED";

    public Trace(String from, String to, String proto, Integer port, int size, List<Hop> hops, String verdict,
            Drop dropAt, List<String> undecided) {
        this(from, to, proto, port, size, hops, verdict, dropAt, undecided, SIMULATE);
    }

    public Trace {
        hops = List.copyOf(hops);
        undecided = List.copyOf(undecided);
    }
}
