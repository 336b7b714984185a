package netshell.trace.plan;

/**
 * One numbered phase of a trace: the direction (request or reply), the backend branch of a VIP (null without one),
 * where it happened ("node1", "web1 on node1"), the phase (ROUTE, NEIGH, FILTER, NAT, BRIDGE, VXLAN-ENCAP, UNDERLAY,
 * VXLAN-DECAP, DELIVER), its result (ok, DROPPED, or UNDECIDED where it cannot decide without a packet), what
 * decided it, the command that shows it by hand, and what a live probe showed of it (null when nothing was sent or
 * nothing was seen there).
 */
public record Hop(int step, String direction, String branch, String at, String phase, String result, String detail,
        String command, String live) {
    public Hop(int step, String direction, String branch, String at, String phase, String result, String detail,
            String command) {
        this(step, direction, branch, at, phase, result, detail, command, null);
    }

    public static final String OK = "ok";
    public static final String DROPPED = "DROPPED";
    public static final String UNDECIDED = "UNDECIDED";

    public boolean dropped() { return DROPPED.equals(result); }
}
