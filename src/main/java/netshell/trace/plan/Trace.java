package netshell.trace.plan;

import java.util.List;

/**
 * A simulated trace: the phases of the request and the reply ({@code hops}, one branch per VIP backend), the
 * verdict (ALLOWED, DROPPED, or UNDECIDED when the packet leaves the nodes read), where it was dropped, and what the
 * simulation could not decide without a packet.
 */
public record Trace(String from, String to, String proto, Integer port, int size, List<Hop> hops, String verdict,
        Drop dropAt, List<String> undecided) {
    public static final String ALLOWED = "ALLOWED";
    public static final String DROPPED = "DROPPED";
    public static final String UNDECIDED = "UNDECIDED";

    public Trace {
        hops = List.copyOf(hops);
        undecided = List.copyOf(undecided);
    }
}
