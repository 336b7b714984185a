package netshell.kernel;

import java.util.List;

/**
 * One forwarding entry from `bridge -j fdb`; dst is the remote VTEP on VXLAN devices, else null; state "permanent"
 * for a programmed entry, null for a learned one (ip prints no state for those).
 */
public record FdbEntry(String mac, String ifname, String dst, String master, List<String> flags, String state) {
    public static final String ALL_ZEROS = "00:00:00:00:00:00";

    public FdbEntry {
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** A programmed entry (bridge fdb add|append|replace). */
    public FdbEntry(String mac, String ifname, String dst, String master, List<String> flags) {
        this(mac, ifname, dst, master, flags, "permanent");
    }

    /** Programmed, not learned: learned entries come and go with traffic. */
    public boolean permanent() {
        return "permanent".equals(state);
    }

    /** The default destination used to flood broadcast and unknown unicast to a peer (head-end replication). */
    public boolean isFloodEntry() {
        return ALL_ZEROS.equals(mac) && dst != null;
    }
}
